"""Corroboration rules: a claim's attributions in, a status and its explanation out.

Pure functions over plain data, no I/O, so every rule can be tested by a table and every
status the desk sees can be explained line by line.

The rules, in the order they are applied to each attribution of a claim:

1. A "no statement" or "declined to comment" attribution is never counted; its party is
   *awaited* (with its as-of date) unless the same source later asserted or denied.
2. A source graded E (unreliable) is shown but not counted.
3. Relaying: when the attribution's source is itself known, on this claim, to have relayed
   another source's statement (some attribution names it in ``relayed_via``), its own
   assertion is that statement passed on, not a new one: follow ``relayed_via`` back to the
   source that first made it. (A reporter's own observation is never treated as relayed.)
4. Affiliation: the origin is the top of the source's affiliation chain (Ahmed Ali -> SDF), so
   an SDF fighter and "SDF fighters at the base" are one origin.
5. An origin graded E is not counted either.
6. Rewrites: an attribution carried by a document that is ``derived_from`` another counts as
   the original's. If its origin is already counted from an original document, it collapses
   into it; otherwise it counts as the original document's outlet, never as a new origin.

Status from the counted origins: none asserting or denying -> ``unsourced``; both ->
``contested``; only denials -> ``refuted``; one asserting -> ``single_source``; two or more
-> ``corroborated``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from workbench.vocabulary import Mode, Reliability, Stance, Status


@dataclass(frozen=True)
class SourceFacts:
    """What the rules need to know about a source."""

    id: int
    name: str
    reliability: Reliability = Reliability.F
    affiliation_id: int | None = None


@dataclass(frozen=True)
class DocumentFacts:
    """What the rules need to know about a document."""

    id: int
    title: str
    outlet_id: int | None = None
    derived_from_id: int | None = None


@dataclass(frozen=True)
class AttributionFacts:
    """One attribution, reduced to what decides how it counts."""

    id: int
    source_id: int
    stance: Stance
    mode: Mode = Mode.PARAPHRASE
    document_id: int | None = None
    relayed_via_id: int | None = None
    as_of: date | None = None


@dataclass(frozen=True)
class Evidence:
    """Everything known about one claim: its attributions and the sources and documents they name.

    ``sources`` must hold every source reachable from the attributions (speakers, relayers,
    outlets, and their affiliation chains); ``documents`` every document and its
    ``derived_from`` chain.
    """

    attributions: Sequence[AttributionFacts]
    sources: Mapping[int, SourceFacts]
    documents: Mapping[int, DocumentFacts] = field(default_factory=dict)


class Collapse(StrEnum):
    """Why an attribution counts under an origin that is not simply its own source."""

    DIRECT = "direct"  # the source is the origin
    SAME_AFFILIATION = "same_affiliation"
    RELAYED = "relayed"
    REWRITE = "rewrite"


@dataclass(frozen=True)
class CountedAttribution:
    attribution_id: int
    source_name: str
    stance: Stance
    collapse: Collapse
    reason: str


@dataclass(frozen=True)
class Origin:
    """An independent origin and the attributions that collapsed into it."""

    source_id: int
    name: str
    stances: frozenset[Stance]
    attributions: tuple[CountedAttribution, ...]

    @property
    def asserts(self) -> bool:
        return Stance.ASSERTS in self.stances

    @property
    def denies(self) -> bool:
        return Stance.DENIES in self.stances


@dataclass(frozen=True)
class Uncounted:
    attribution_id: int
    source_name: str
    stance: Stance
    reason: str


@dataclass(frozen=True)
class AwaitedParty:
    """A party whose statement is missing: "Russian government (as of 2026-01-27)"."""

    source_id: int
    name: str
    stance: Stance
    as_of: date | None

    def describe(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "date unknown"
        declined = ", declined to comment" if self.stance is Stance.DECLINED_TO_COMMENT else ""
        return f"{self.name} (as of {when}{declined})"


@dataclass(frozen=True)
class Assessment:
    """The status of one claim with everything needed to explain it."""

    status: Status
    origins: tuple[Origin, ...]
    uncounted: tuple[Uncounted, ...]
    awaiting: tuple[AwaitedParty, ...]
    no_longer_awaited: tuple[AwaitedParty, ...] = ()

    @property
    def asserting(self) -> tuple[Origin, ...]:
        return tuple(origin for origin in self.origins if origin.asserts)

    @property
    def denying(self) -> tuple[Origin, ...]:
        return tuple(origin for origin in self.origins if origin.denies)

    @property
    def origin_count(self) -> int:
        return len(self.origins)

    def awaiting_text(self) -> str | None:
        """The awaited parties as one line, as stored on the claim for SQL users."""
        if not self.awaiting:
            return None
        return "; ".join(party.describe() for party in self.awaiting)

    def summary(self) -> str:
        """One line: "corroborated · awaiting: Russian government (as of 2026-01-27)"."""
        text = self.status.value
        if self.awaiting:
            text += f" · awaiting: {self.awaiting_text()}"
        return text

    def reason(self) -> str:
        """Why this status, in one sentence."""
        asserting, denying = len(self.asserting), len(self.denying)
        if self.status is Status.UNSOURCED:
            return "No counted source asserts or denies this claim."
        if self.status is Status.CONTESTED:
            return (
                f"{_origins(asserting)} assert{'s' if asserting == 1 else ''} it and "
                f"{_origins(denying)} den{'ies' if denying == 1 else 'y'} it."
            )
        if self.status is Status.REFUTED:
            return f"Only denials: {_origins(denying)} den{'ies' if denying == 1 else 'y'} it, none asserts it."
        if self.status is Status.SINGLE_SOURCE:
            return "One independent origin asserts it; none denies it."
        return f"{_origins(asserting)} assert it; none denies it."

    def explanation_lines(self) -> list[str]:
        """The whole explanation as plain lines, for the CLI and case files."""
        lines = [f"Status: {self.status.value}. {self.reason()}"]
        if self.origins:
            lines.append(f"Independent origins counted ({len(self.origins)}):")
            for number, origin in enumerate(self.origins, start=1):
                stances = ", ".join(sorted(s.value for s in origin.stances))
                lines.append(f"  {number}. {origin.name} ({stances})")
                for counted in origin.attributions:
                    lines.append(f"     - #{counted.attribution_id} {counted.source_name}: {counted.reason}")
        if self.uncounted:
            lines.append("Not counted:")
            for item in self.uncounted:
                lines.append(f"  - #{item.attribution_id} {item.source_name} ({item.stance.value}): {item.reason}")
        if self.awaiting:
            lines.append("Awaiting:")
            for party in self.awaiting:
                lines.append(f"  - {party.describe()}")
        if self.no_longer_awaited:
            lines.append("No longer awaited (spoke after their silence was recorded):")
            for party in self.no_longer_awaited:
                lines.append(f"  - {party.describe()}")
        return lines


def _origins(count: int) -> str:
    return f"{count} independent origin{'s' if count != 1 else ''}"


def assess(evidence: Evidence) -> Assessment:
    """Compute a claim's corroboration status and explanation from its evidence."""
    return _Assessor(evidence).run()


def status_of(evidence: Evidence) -> Status:
    return assess(evidence).status


class _Assessor:
    """One run of the rules over one claim's evidence (keeps the bookkeeping in one place)."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        self.attributions = sorted(evidence.attributions, key=lambda a: a.id)
        self.origin_stances: dict[int, set[Stance]] = {}
        self.origin_members: dict[int, list[CountedAttribution]] = {}
        self.uncounted: list[Uncounted] = []
        self.relayed_by = self._relayed_statements()

    # -- lookups ---------------------------------------------------------------------------

    def name(self, source_id: int | None) -> str:
        if source_id is None:
            return "(unknown)"
        source = self.evidence.sources.get(source_id)
        return source.name if source else f"source #{source_id}"

    def grade(self, source_id: int) -> Reliability:
        source = self.evidence.sources.get(source_id)
        return source.reliability if source else Reliability.F

    def affiliation_chain(self, source_id: int) -> list[int]:
        """The source, then its affiliation, and so on to the top (cycles cut)."""
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

    def root_document(self, document_id: int) -> int:
        seen = {document_id}
        current = self.evidence.documents.get(document_id)
        root = document_id
        while current is not None and current.derived_from_id is not None:
            if current.derived_from_id in seen:
                break
            root = current.derived_from_id
            seen.add(root)
            current = self.evidence.documents.get(root)
        return root

    def document_title(self, document_id: int) -> str:
        document = self.evidence.documents.get(document_id)
        return f"“{document.title}”" if document else f"document #{document_id}"

    def _relayed_statements(self) -> dict[int, int]:
        """Relayer source id -> the first source (by attribution id) whose statement it relayed."""
        relayed: dict[int, int] = {}
        for attribution in self.attributions:
            if attribution.stance.is_silence or attribution.relayed_via_id is None:
                continue
            if attribution.relayed_via_id != attribution.source_id:
                relayed.setdefault(attribution.relayed_via_id, attribution.source_id)
        return relayed

    def first_maker(self, source_id: int) -> list[int]:
        """Follow relays back: [relayer, ..., the source that first made the statement]."""
        path = [source_id]
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

    # -- the rules -------------------------------------------------------------------------

    def run(self) -> Assessment:
        derived: list[AttributionFacts] = []
        for attribution in self.attributions:
            if attribution.stance.is_silence:
                continue
            if (
                attribution.document_id is not None
                and self.root_document(attribution.document_id) != attribution.document_id
            ):
                derived.append(attribution)
                continue
            self.count(attribution)
        original_origins = set(self.origin_stances)
        for attribution in derived:
            self.count(attribution, original_origins=original_origins)

        origins = tuple(
            Origin(
                source_id=origin_id,
                name=self.name(origin_id),
                stances=frozenset(self.origin_stances[origin_id]),
                attributions=tuple(self.origin_members[origin_id]),
            )
            for origin_id in self.origin_stances
        )
        awaiting, spoke = self.awaited_parties()
        return Assessment(
            status=_status(origins),
            origins=origins,
            uncounted=tuple(sorted(self.uncounted, key=lambda u: u.attribution_id)),
            awaiting=awaiting,
            no_longer_awaited=spoke,
        )

    def count(self, attribution: AttributionFacts, original_origins: set[int] | None = None) -> None:
        speaker = attribution.source_id
        speaker_name = self.name(speaker)

        def skip(reason: str) -> None:
            self.uncounted.append(Uncounted(attribution.id, speaker_name, attribution.stance, reason))

        if self.grade(speaker) is Reliability.E:
            skip(f"{speaker_name} is graded E (unreliable)")
            return

        reasons: list[str] = []
        collapse = Collapse.DIRECT
        maker = speaker
        if attribution.mode is not Mode.OWN_OBSERVATION:
            relay_path = self.first_maker(speaker)
            if len(relay_path) > 1:
                maker = relay_path[-1]
                collapse = Collapse.RELAYED
                chain = " → ".join(self.name(s) for s in relay_path)
                reasons.append(f"relayed statement ({chain}), traced to {self.name(maker)}")
                if self.grade(maker) is Reliability.E:
                    skip(f"relays {self.name(maker)}, who is graded E (unreliable)")
                    return
        if attribution.relayed_via_id is not None and attribution.relayed_via_id != speaker:
            reasons.append(f"passed on by {self.name(attribution.relayed_via_id)} (not a separate origin)")

        affiliation = self.affiliation_chain(maker)
        origin = affiliation[-1]
        if len(affiliation) > 1:
            if collapse is Collapse.DIRECT:
                collapse = Collapse.SAME_AFFILIATION
            chain = " → ".join(self.name(s) for s in affiliation)
            reasons.append(f"same affiliation ({chain})")
        if origin != maker and self.grade(origin) is Reliability.E:
            skip(f"its origin {self.name(origin)} is graded E (unreliable)")
            return

        if original_origins is not None and attribution.document_id is not None:
            root = self.root_document(attribution.document_id)
            rewrite = (
                f"carried by {self.document_title(attribution.document_id)}, "
                f"a rewrite of {self.document_title(root)}"
            )
            if origin in original_origins:
                collapse = Collapse.REWRITE
                reasons.append(f"{rewrite}; counted with the original's origin")
            else:
                outlet = self.evidence.documents[root].outlet_id if root in self.evidence.documents else None
                if outlet is None:
                    skip(f"{rewrite}, which names no outlet; a rewrite never adds an origin")
                    return
                outlet_chain = self.affiliation_chain(outlet)
                origin = outlet_chain[-1]
                if self.grade(origin) is Reliability.E:
                    skip(f"{rewrite}, whose outlet {self.name(origin)} is graded E (unreliable)")
                    return
                collapse = Collapse.REWRITE
                reasons.append(f"{rewrite}; counts as the original outlet {self.name(origin)}")

        if not reasons:
            reasons.append(f"{_MODE_PHRASES.get(attribution.mode, attribution.mode.value)}; the source is the origin")
        self.origin_stances.setdefault(origin, set()).add(attribution.stance)
        self.origin_members.setdefault(origin, []).append(
            CountedAttribution(attribution.id, speaker_name, attribution.stance, collapse, "; ".join(reasons))
        )

    def awaited_parties(self) -> tuple[tuple[AwaitedParty, ...], tuple[AwaitedParty, ...]]:
        latest_silence: dict[int, AttributionFacts] = {}
        for attribution in self.attributions:
            if not attribution.stance.is_silence:
                continue
            previous = latest_silence.get(attribution.source_id)
            if previous is None or _later(attribution.as_of, previous.as_of):
                latest_silence[attribution.source_id] = attribution
        awaiting: list[AwaitedParty] = []
        spoke: list[AwaitedParty] = []
        for source_id, silence in latest_silence.items():
            party = AwaitedParty(source_id, self.name(source_id), silence.stance, silence.as_of)
            if any(self._broke_silence(a, silence) for a in self.attributions):
                spoke.append(party)
            else:
                awaiting.append(party)
        return tuple(awaiting), tuple(spoke)

    @staticmethod
    def _broke_silence(attribution: AttributionFacts, silence: AttributionFacts) -> bool:
        if attribution.stance.is_silence or attribution.source_id != silence.source_id:
            return False
        # Without dates we cannot tell which came first; a statement on record wins.
        if attribution.as_of is None or silence.as_of is None:
            return True
        return attribution.as_of >= silence.as_of


_MODE_PHRASES = {
    Mode.DIRECT_QUOTE: "direct quote",
    Mode.PARAPHRASE: "paraphrase",
    Mode.OWN_OBSERVATION: "reporter's own observation",
    Mode.OFFICIAL_STATEMENT: "official statement",
    Mode.ANONYMOUS: "anonymous sourcing",
}


def _later(candidate: date | None, current: date | None) -> bool:
    if candidate is None:
        return False
    return current is None or candidate > current


def _status(origins: Iterable[Origin]) -> Status:
    origins = list(origins)
    asserting = sum(1 for origin in origins if origin.asserts)
    denying = sum(1 for origin in origins if origin.denies)
    if asserting and denying:
        return Status.CONTESTED
    if denying:
        return Status.REFUTED
    if asserting == 1:
        return Status.SINGLE_SOURCE
    if asserting >= 2:
        return Status.CORROBORATED
    return Status.UNSOURCED
