"""A claim's evidence in, its corroboration status and explanation out.

Status from the counted reporting chains (``chains``): none asserting or denying ->
``unsourced``; both -> ``contested``; only denials -> ``refuted``; one asserting ->
``single_source``; two or more -> ``corroborated``. Awaited parties come from ``silences``;
the links to other claims add flags beside the status and never change it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

from workbench.corroboration.chains import ChainCount
from workbench.corroboration.facts import AttributionFacts, Evidence, RelatedClaim
from workbench.corroboration.results import Assessment, Origin, awaiting_line
from workbench.corroboration.silences import awaited_parties
from workbench.corroboration.world import World
from workbench.vocabulary import Status


def assess(evidence: Evidence, as_of: date | None = None) -> Assessment:
    """Compute a claim's corroboration status and explanation from its evidence.

    With ``as_of``, only what was observed by that date counts (an attribution's ``as_of``,
    else its document's publication date). Undated evidence has no date to leave it out by
    and always counts; the links hold from their ``since`` date.
    """
    ordered = sorted(evidence.attributions, key=lambda a: a.id)
    world = World(evidence, ordered)
    kept = ordered if as_of is None else [a for a in ordered if not _observed_after(world, a, as_of)]
    if len(kept) != len(ordered):
        world = World(evidence, kept)
    count = ChainCount(world, evidence.claim_kind, evidence.possibly_same)
    origins, uncounted = count.run()
    awaiting, spoke = awaited_parties(world, evidence.claim_kind, count.garbled)
    return Assessment(
        status=_status(origins),
        origins=origins,
        uncounted=uncounted,
        awaiting=awaiting,
        no_longer_awaited=spoke,
        disputed_by=tuple(c for c in _holding(evidence.contradicted_by, as_of) if c.asserting_origins > 0),
        superseded_by=_holding(evidence.superseded_by, as_of),
        fulfilled_by=tuple(c for c in _holding(evidence.fulfilled_by, as_of) if c.asserting_origins > 0),
        claim_kind=evidence.claim_kind,
        as_of=as_of,
        left_out=len(ordered) - len(kept),
    )


def awaiting_text(evidence: Evidence, garbled: Collection[int]) -> str | None:
    """``assess(evidence).awaiting_text()`` for a caller that already knows the chain count's
    garbled copies (attribution ids): the silences' part of the rules alone, without the
    chain count, which costs several times more (an import reuses counts: ``status_shape``)."""
    world = World(evidence, sorted(evidence.attributions, key=lambda a: a.id))
    if not world.silences:
        return None
    awaiting, _spoke = awaited_parties(world, evidence.claim_kind, garbled)
    return awaiting_line(awaiting)


def status_of(evidence: Evidence) -> Status:
    return assess(evidence).status


def _observed_after(world: World, attribution: AttributionFacts, as_of: date) -> bool:
    observed = world.observed_on(attribution)
    return observed is not None and observed > as_of


def _holding(links: Iterable[RelatedClaim], as_of: date | None) -> tuple[RelatedClaim, ...]:
    return tuple(link for link in links if as_of is None or link.since is None or link.since <= as_of)


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
