"""Lookups over one claim's evidence: names, grades, affiliation and voice chains, rewrites, relays.

Every walk cuts loops, because the data a desk records can hold them (A affiliated with B
and B with A, a document derived from its own copy) and the rules must still answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from workbench.corroboration.facts import AttributionFacts, Evidence
from workbench.vocabulary import AffiliationKind, Mode, Reliability, Stance

_SILENCES = frozenset(stance for stance in Stance if stance.is_silence)


class World:
    """The sources, documents and relays one claim's attributions live in."""

    def __init__(self, evidence: Evidence, attributions: Sequence[AttributionFacts]) -> None:
        self.evidence = evidence
        self.attributions = attributions
        self.silences = [a for a in attributions if a.stance in _SILENCES]
        self.statements = [a for a in attributions if a.stance not in _SILENCES]
        self.relayed_by = self._relayed_statements()
        self._roots: dict[int, int] = {}

    # -- sources ---------------------------------------------------------------------------

    def name(self, source_id: int | None) -> str:
        if source_id is None:
            return "(unknown)"
        source = self.evidence.sources.get(source_id)
        return source.name if source else f"source #{source_id}"

    def grade(self, source_id: int) -> Reliability:
        source = self.evidence.sources.get(source_id)
        return source.reliability if source else Reliability.F

    def is_unidentified(self, source_id: int) -> bool:
        source = self.evidence.sources.get(source_id)
        return source is not None and source.is_unidentified

    def affiliation_chain(self, source_id: int) -> list[int]:
        """The source, then its affiliation, and so on to the top (cycles cut).

        Both kinds of affiliation count here: this chain decides independence.
        """
        chain = [source_id]
        seen = {source_id}
        current = self.evidence.sources.get(source_id)
        while current is not None and current.affiliation_id is not None:
            if current.affiliation_id in seen:
                # A loop (A -> B -> A): every member must reach the same origin, or the loop
                # would corroborate itself. The lowest id in the loop stands for all of it.
                loop = chain[chain.index(current.affiliation_id) :]
                canonical = min(loop)
                if chain[-1] != canonical:
                    chain.append(canonical)
                break
            chain.append(current.affiliation_id)
            seen.add(current.affiliation_id)
            current = self.evidence.sources.get(current.affiliation_id)
        return chain

    def voice_chain(self, source_id: int) -> list[int]:
        """The source and every party it speaks for (``speaks_for`` links only, cycles cut).

        A spokesperson of a ministry that speaks for its government gives [spokesperson,
        ministry, government]: the statement is the position of each of them.
        """
        chain = [source_id]
        current = self.evidence.sources.get(source_id)
        while (
            current is not None
            and current.affiliation_id is not None
            and current.affiliation_kind is AffiliationKind.SPEAKS_FOR
            and current.affiliation_id not in chain
        ):
            chain.append(current.affiliation_id)
            current = self.evidence.sources.get(current.affiliation_id)
        return chain

    def party(self, source_id: int) -> int:
        """Whose position a source's statement or silence is: the top of its voice chain."""
        return self.voice_chain(source_id)[-1]

    # -- documents -------------------------------------------------------------------------

    def document_chain(self, document_id: int) -> list[int]:
        """The document, then what it was derived from, back to the original (cycles cut)."""
        chain = [document_id]
        current = self.evidence.documents.get(document_id)
        while current is not None and current.derived_from_id is not None and current.derived_from_id not in chain:
            chain.append(current.derived_from_id)
            current = self.evidence.documents.get(current.derived_from_id)
        return chain

    def root_document(self, document_id: int) -> int:
        root = self._roots.get(document_id)
        if root is None:
            root = self._roots[document_id] = self.document_chain(document_id)[-1]
        return root

    def is_rewrite(self, attribution: AttributionFacts) -> bool:
        return attribution.document_id is not None and self.root_document(attribution.document_id) != attribution.document_id

    def outlet(self, document_id: int | None) -> int | None:
        if document_id is None:
            return None
        document = self.evidence.documents.get(document_id)
        return document.outlet_id if document else None

    def document_title(self, document_id: int) -> str:
        document = self.evidence.documents.get(document_id)
        return f"“{document.title}”" if document else f"document #{document_id}"

    def observed_on(self, attribution: AttributionFacts) -> date | None:
        """When the desk could first have known this: its as-of date, else its document's date."""
        if attribution.as_of is not None:
            return attribution.as_of
        if attribution.document_id is None:
            return None
        document = self.evidence.documents.get(attribution.document_id)
        return document.published_on if document else None

    # -- relays ----------------------------------------------------------------------------

    def _relayed_statements(self) -> dict[int, int]:
        """Relayer source id -> the first source (by attribution id) whose statement it relayed."""
        relayed: dict[int, int] = {}
        for attribution in self.statements:
            if attribution.relayed_via_id is not None and attribution.relayed_via_id != attribution.source_id:
                relayed.setdefault(attribution.relayed_via_id, attribution.source_id)
        return relayed

    def relay_path(self, attribution: AttributionFacts) -> list[int]:
        """Follow relays back: [speaker, ..., the source that first made the statement].

        A reporter's own observation is never a relayed statement, whatever else it relayed.
        """
        path = [attribution.source_id]
        if attribution.mode is Mode.OWN_OBSERVATION:
            return path
        while path[-1] in self.relayed_by:
            following = self.relayed_by[path[-1]]
            if following in path:
                # A relay loop (A passed on by B, B passed on by A): like an affiliation loop,
                # the lowest id stands for all of it, so the loop cannot corroborate itself.
                canonical = min(path[path.index(following) :])
                if path[-1] != canonical:
                    path.append(canonical)
                break
            path.append(following)
        return path
