"""Corroboration rules: a claim's evidence in, a status and its explanation out."""

from workbench.corroboration.assess import (
    Assessment,
    AttributionFacts,
    AwaitedParty,
    Collapse,
    CountedAttribution,
    DocumentFacts,
    Evidence,
    Origin,
    SourceFacts,
    Uncounted,
    assess,
    status_of,
)

__all__ = [
    "Assessment",
    "AttributionFacts",
    "AwaitedParty",
    "Collapse",
    "CountedAttribution",
    "DocumentFacts",
    "Evidence",
    "Origin",
    "SourceFacts",
    "Uncounted",
    "assess",
    "status_of",
]
