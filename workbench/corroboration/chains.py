"""Which independent reporting chain each attribution belongs to, or why it is not counted.

The rules, applied to each attribution that is not a silence (originals first, then the
attributions carried by rewrites, so a rewrite can collapse into what its original counted):

1. A speaker graded E is shown, never counted.
2. Relays are followed back to the source that first made the statement (never for a
   reporter's own observation); that maker graded E is not counted either.
3. Anonymous sourcing (an ``unidentified`` maker, or mode ``anonymous``) is the own reporting
   of whoever gathered it: the relayer that passed it on, else the outlet of the document
   carrying it. One outlet's story is one origin however many unnamed voices it quotes. A
   named person's own observation, published by an outlet, is that outlet's reporting too.
4. Otherwise the chain is named after the top of the maker's affiliation chain. Both
   ``member_of`` and ``speaks_for`` group for independence; only ``speaks_for`` makes the
   statement the party's own position.
5. A chain whose top is graded E is not counted.
6. Rewrites: an attribution in a document ``derived_from`` another counts as the original's
   (collapsing into an origin the original already counted, else as the original's outlet).
   Where it disagrees with the original's attributions (in stance or certainty) it is a
   garbled copy: shown, not counted.
7. Certainty: for an event only ``stated`` attributions count; for a plan, forecasts too.
8. Chains whose sources the desk marked as possibly the same are counted as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.corroboration import wording
from workbench.corroboration.facts import AttributionFacts
from workbench.corroboration.results import Carriage, Collapse, CountedAttribution, NotCounted, Origin, Uncounted
from workbench.corroboration.world import World
from workbench.immutable import immutable_record
from workbench.vocabulary import Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance

E = Reliability.E
_NOT_CARRIED = Carriage()


@dataclass
class _Chain:
    """One reporting chain while it is being filled."""

    origin_id: int
    stances: set[Stance] = field(default_factory=set)
    members: list[CountedAttribution] = field(default_factory=list)
    own_position: bool = False
    sources: set[int] = field(default_factory=set)  # speakers and makers, for "possibly the same"


@immutable_record
class _Placement:
    """Where an attribution lands before the checks that can still set it aside."""

    origin_id: int
    collapse: Collapse
    reasons: list[str]
    own_position: bool
    carriage: Carriage
    maker: int


class _Skip(Exception):
    """Raised inside the placement when the rules set an attribution aside."""

    def __init__(self, why: NotCounted, reason: str, chain_id: int | None = None) -> None:
        super().__init__(reason)
        self.why, self.reason, self.chain_id = why, reason, chain_id


class ChainCount:
    """One run of the chain rules over one claim's attributions."""

    def __init__(self, world: World, claim_kind: ClaimKind, possibly_same: Sequence[frozenset[int]]) -> None:
        self.world = world
        self.claim_kind = claim_kind
        self.possibly_same = possibly_same
        self.chains: dict[int, _Chain] = {}
        self.uncounted: list[Uncounted] = []
        self.garbled: set[int] = set()

    def run(self) -> tuple[tuple[Origin, ...], tuple[Uncounted, ...]]:
        rewrites = []
        for attribution in self.world.statements:
            if self.world.is_rewrite(attribution):
                rewrites.append(attribution)
            else:
                self._count(attribution, original_origins=None)
        original_origins = set(self.chains)
        for attribution in rewrites:
            self._count(attribution, original_origins=original_origins)
        return self._join_possibly_same(), tuple(sorted(self.uncounted, key=lambda u: u.attribution_id))

    # -- one attribution -------------------------------------------------------------------

    def _count(self, attribution: AttributionFacts, original_origins: set[int] | None) -> None:
        world = self.world
        placed: _Placement | None = None
        try:
            placed = self._place(attribution, original_origins)
            if original_origins is not None:
                self._check_copy(attribution, placed.origin_id)
            if not wording.counts(attribution.certainty, self.claim_kind):
                why = NotCounted.HEDGED if attribution.certainty is Certainty.HEDGED else NotCounted.FORECAST
                reason = wording.uncounted_certainty(attribution.certainty, self.claim_kind, attribution.certainty_inferred)
                raise _Skip(why, reason, placed.origin_id)
        except _Skip as skip:
            if skip.why is NotCounted.GARBLED_COPY:
                self.garbled.add(attribution.id)
            chain_name = world.name(skip.chain_id) if skip.chain_id is not None else None
            carriage = placed.carriage if placed is not None else self._carriage(attribution, [attribution.source_id])
            self.uncounted.append(
                Uncounted(attribution.id, world.name(attribution.source_id), attribution.stance, skip.reason,
                          skip.why, skip.chain_id, chain_name, carriage, attribution.certainty)
            )
            return
        chain = self.chains.setdefault(placed.origin_id, _Chain(placed.origin_id))
        chain.stances.add(attribution.stance)
        chain.own_position |= placed.own_position
        chain.sources.update((attribution.source_id, placed.maker))
        if not placed.reasons:
            placed.reasons.append(f"{wording.MODE_PHRASES.get(attribution.mode, attribution.mode.value)}; the source is the origin")
        chain.members.append(
            CountedAttribution(attribution.id, world.name(attribution.source_id), attribution.stance, placed.collapse,
                               "; ".join(placed.reasons), placed.carriage, attribution.certainty)
        )

    def _place(self, attribution: AttributionFacts, original_origins: set[int] | None) -> _Placement:
        world = self.world
        speaker = attribution.source_id
        if world.grade(speaker) is E:
            raise _Skip(NotCounted.GRADED_E, f"{world.name(speaker)} is graded E (unreliable)")
        reasons: list[str] = []
        collapse = Collapse.DIRECT
        path = world.relay_path(attribution)
        maker = path[-1]
        if len(path) > 1:
            collapse = Collapse.RELAYED
            chain = " → ".join(world.name(s) for s in path)
            reasons.append(f"relayed statement ({chain}), traced to {world.name(maker)}")
            if world.grade(maker) is E:
                raise _Skip(NotCounted.GRADED_E, f"relays {world.name(maker)}, who is graded E (unreliable)")

        gatherer = self._gatherer(attribution, path)
        if gatherer is not None:
            origin, own = self._outlet_reporting(attribution, gatherer, reasons)
            collapse = Collapse.OUTLET_REPORTING
        else:
            if attribution.relayed_via_id is not None and attribution.relayed_via_id != speaker:
                reasons.append(f"passed on by {world.name(attribution.relayed_via_id)} (not a separate origin)")
            origin, own = self._affiliation(maker, reasons)
            if origin != maker and collapse is Collapse.DIRECT:
                collapse = Collapse.SAME_AFFILIATION
            if origin != maker and world.grade(origin) is E:
                raise _Skip(NotCounted.GRADED_E, f"its origin {world.name(origin)} is graded E (unreliable)")
        carriage = self._carriage(attribution, path, gatherer)
        if original_origins is not None:
            origin, own = self._rewrite(attribution, origin, own, original_origins, reasons)
            collapse = Collapse.REWRITE
        return _Placement(origin, collapse, reasons, own, carriage, maker)

    def _gatherer(self, attribution: AttributionFacts, path: list[int]) -> int | None:
        """Who gathered the statement, when it counts as that party's own reporting."""
        world = self.world
        maker = path[-1]
        source = world.evidence.sources.get(maker)
        if (source is not None and source.is_unidentified) or attribution.mode is Mode.ANONYMOUS:
            if len(path) > 1:
                return path[-2]
            if attribution.relayed_via_id is not None and attribution.relayed_via_id != maker:
                return attribution.relayed_via_id
            return self._publishing_outlet(attribution)
        if (
            attribution.mode is Mode.OWN_OBSERVATION
            and source is not None
            and source.kind is SourceKind.PERSON
            and source.affiliation_id is None
        ):
            outlet = self._publishing_outlet(attribution)
            return outlet if outlet != maker else None
        return None

    def _publishing_outlet(self, attribution: AttributionFacts) -> int | None:
        """The outlet of the original document carrying the attribution (a rewrite's original's)."""
        document = attribution.document_id
        return self.world.outlet(self.world.root_document(document)) if document is not None else None

    def _outlet_reporting(self, attribution: AttributionFacts, gatherer: int, reasons: list[str]) -> tuple[int, bool]:
        world = self.world
        what = (
            "reporter's own observation"
            if attribution.mode is Mode.OWN_OBSERVATION and not world.is_unidentified(attribution.source_id)
            else "unnamed sourcing"
        )
        reasons.append(f"{what}, counted as the own reporting of {world.name(gatherer)}")
        chain = world.affiliation_chain(gatherer)
        if len(chain) > 1:
            reasons.append(f"same affiliation ({' → '.join(world.name(s) for s in chain)})")
        for party in (gatherer, chain[-1]):
            if world.grade(party) is E:
                raise _Skip(NotCounted.GRADED_E, f"{what} reported by {world.name(party)}, who is graded E (unreliable)")
        return chain[-1], True

    def _affiliation(self, maker: int, reasons: list[str]) -> tuple[int, bool]:
        """The chain a named maker counts in, and whether its statement is that party's own."""
        world = self.world
        chain = world.affiliation_chain(maker)
        origin = chain[-1]
        if len(chain) == 1:
            return origin, True
        reasons.append(f"same affiliation ({' → '.join(world.name(s) for s in chain)})")
        voice = world.voice_chain(maker)
        if len(voice) > 1:
            reasons.append(f"speaks for {world.name(voice[-1])}")
        # A member's statement is not the party's own; the chain's heading says so once,
        # rather than every member's line.
        return origin, origin in voice

    def _rewrite(
        self, attribution: AttributionFacts, origin: int, own: bool, original_origins: set[int], reasons: list[str]
    ) -> tuple[int, bool]:
        world = self.world
        assert attribution.document_id is not None  # only rewrites reach here
        root = world.root_document(attribution.document_id)
        rewrite = f"carried by {world.document_title(attribution.document_id)}, a rewrite of {world.document_title(root)}"
        if origin in original_origins:
            reasons.append(f"{rewrite}; counted with the original's origin")
            return origin, own
        outlet = world.outlet(root)
        if outlet is None:
            raise _Skip(NotCounted.NO_OUTLET, f"{rewrite}, which names no outlet; a rewrite never adds an origin")
        top = world.affiliation_chain(outlet)[-1]
        if world.grade(top) is E:
            raise _Skip(NotCounted.GRADED_E, f"{rewrite}, whose outlet {world.name(top)} is graded E (unreliable)")
        reasons.append(f"{rewrite}; counts as the original outlet {world.name(top)}")
        return top, True

    def _check_copy(self, attribution: AttributionFacts, chain_id: int) -> None:
        """A copy changes no stance: set aside a rewrite that disagrees with its original."""
        world = self.world
        assert attribution.document_id is not None  # only rewrites reach here
        ancestors = set(world.document_chain(attribution.document_id)[1:])
        originals = sorted((a for a in world.attributions if a.document_id in ancestors), key=lambda a: a.id)
        if not originals:
            return
        compared = [a for a in originals if a.source_id == attribution.source_id] or originals
        if any((a.stance, a.certainty) == (attribution.stance, attribution.certainty) for a in compared):
            return
        original = compared[0]
        assert original.document_id is not None  # selected by document
        raise _Skip(
            NotCounted.GARBLED_COPY,
            f"garbled copy: {world.document_title(attribution.document_id)} has {world.name(attribution.source_id)} "
            f"{wording.position(attribution.stance, attribution.certainty)}, but the original "
            f"{world.document_title(original.document_id)} has {world.name(original.source_id)} "
            f"{wording.position(original.stance, original.certainty)}; a copy adds no evidence and changes no stance",
            chain_id,
        )

    def _carriage(self, attribution: AttributionFacts, path: list[int], gatherer: int | None = None) -> Carriage:
        world = self.world
        relays = [*reversed(path[:-1])]
        if attribution.relayed_via_id is not None and attribution.relayed_via_id not in (attribution.source_id, *relays):
            relays.append(attribution.relayed_via_id)
        names = tuple(world.name(s) for s in relays if s != gatherer)
        document = attribution.document_id
        if document is None:
            return Carriage(relays=names) if names else _NOT_CARRIED
        root = world.root_document(document)
        title = world.evidence.documents[document].title if document in world.evidence.documents else None
        original = world.evidence.documents.get(root) if root != document else None
        return Carriage(
            relays=names,
            document_id=document,
            document_title=title,
            original_id=root if root != document else None,
            original_title=original.title if original else None,
        )

    # -- chains the desk marked as possibly the same ---------------------------------------

    def _join_possibly_same(self) -> tuple[Origin, ...]:
        order = list(self.chains)
        if not self.possibly_same:
            return tuple(self._origin([origin], set()) for origin in order)
        parent = {origin: origin for origin in order}

        def top(origin: int) -> int:
            while parent[origin] != origin:
                origin = parent[origin]
            return origin

        joining = []
        for group in self.possibly_same:
            touching = [origin for origin in order if self.chains[origin].sources & group]
            if len(touching) > 1:
                joining.append(group)
            for other in touching[1:]:
                first, second = sorted((top(touching[0]), top(other)), key=order.index)
                parent[second] = first
        groups: dict[int, list[int]] = {}
        for origin in order:
            groups.setdefault(top(origin), []).append(origin)
        return tuple(
            self._origin(members, {s for group in joining for m in members for s in self.chains[m].sources & group})
            for members in groups.values()
        )

    def _origin(self, members: list[int], marked: set[int]) -> Origin:
        """One counted origin; several chains become one when the desk marked their sources."""
        world = self.world
        if len(members) == 1:
            chain = self.chains[members[0]]
            return Origin(chain.origin_id, world.name(chain.origin_id), frozenset(chain.stances), tuple(chain.members),
                          chain.own_position)
        chains = [self.chains[m] for m in members]
        names = sorted(world.name(m) for m in members)
        marked_names = wording.and_list(sorted(world.name(s) for s in marked))
        return Origin(
            source_id=members[0],
            name=wording.and_list(names),
            stances=frozenset(s for chain in chains for s in chain.stances),
            attributions=tuple(sorted((c for chain in chains for c in chain.members), key=lambda c: c.attribution_id)),
            own_position=any(chain.own_position for chain in chains),
            joined=tuple(names),
            joined_because=f"counted as one: the desk marked {marked_names} as possibly the same source",
        )
