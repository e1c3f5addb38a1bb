"""What an import did (or, in a dry run, would do), per kind of record."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.importing.claim_matcher import Suggestion


@dataclass
class KindTally:
    """Records of one kind created, updated and left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do), per kind of record."""

    file: str
    sources: KindTally = field(default_factory=KindTally)
    documents: KindTally = field(default_factory=KindTally)
    claims: KindTally = field(default_factory=KindTally)
    attributions: KindTally = field(default_factory=KindTally)
    links: KindTally = field(default_factory=KindTally)
    matched: int = 0  # incoming claims whose attributions joined an existing claim
    suggested: int = 0  # new claims linked to a possible duplicate for a reviewer
    conflicting: int = 0  # new claims worded like a known one but differing in details
    links_within_merged: int = 0  # links whose two claims this import merged into one
    rejected: int = 0
    sources_matched: int = 0  # source names resolved to an existing source
    suggestions: list[Suggestion] = field(default_factory=list)
    format: str = ""

    def kinds(self) -> dict[str, KindTally]:
        return {
            "sources": self.sources,
            "documents": self.documents,
            "claims": self.claims,
            "attributions": self.attributions,
            "links": self.links,
        }

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.kinds().values())

    @property
    def empty(self) -> bool:
        """The file held no record at all (a header alone, or nothing): nothing was compared."""
        return not self.rejected and not any(t.created or t.updated or t.unchanged for t in self.kinds().values())
