"""Corroboration rules: a claim's evidence in, a status and its explanation out.

Pure functions over plain data, no I/O, so every rule can be tested by a table and every
status the desk sees can be explained line by line. A claim's status counts independent
*reporting chains*, not attributions:

- ``facts``      what the rules are given (sources, documents, attributions, linked claims);
- ``world``      lookups over them (affiliation and voice chains, rewrites, relays, dates);
- ``chains``     which chain each attribution counts in, or why it is not counted;
- ``silences``   whose statement is awaited, and how ended silences ended;
- ``assess``     the status, optionally as of a date; ``timeline`` how it moved over time;
- ``results``    what comes back and its words; ``tree`` the chains to draw.
"""

from workbench.corroboration.assess import assess, awaiting_text, status_of
from workbench.corroboration.facts import AttributionFacts, DocumentFacts, Evidence, RelatedClaim, SourceFacts
from workbench.corroboration.results import (
    Assessment,
    AwaitedParty,
    Carriage,
    Collapse,
    CountedAttribution,
    NotCounted,
    Origin,
    Uncounted,
)
from workbench.corroboration.timeline import StatusChange, status_timeline, timeline_text
from workbench.corroboration.tree import ChainNode, NodeKind, reporting_chains, tree_lines

__all__ = [
    "Assessment",
    "AttributionFacts",
    "AwaitedParty",
    "Carriage",
    "ChainNode",
    "Collapse",
    "CountedAttribution",
    "DocumentFacts",
    "Evidence",
    "NodeKind",
    "NotCounted",
    "Origin",
    "RelatedClaim",
    "SourceFacts",
    "StatusChange",
    "Uncounted",
    "assess",
    "awaiting_text",
    "reporting_chains",
    "status_of",
    "status_timeline",
    "timeline_text",
    "tree_lines",
]
