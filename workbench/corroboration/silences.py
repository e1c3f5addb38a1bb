"""Whose statement is still awaited, and how the silences that ended did end.

A "no statement as of D" (or "declined to comment") makes its party awaited. The party is
whoever the silent source speaks for (a spokesperson's silence is the ministry's). The wait
ends once the party, or a source that speaks for it, takes a position on the claim that
counts (stated; forecast for a plan; never a garbled copy) observed on or after D; a member
who merely belongs to the party does not end it. Each party is listed once, with its latest
silence; the ones that ended keep their history for the explanation.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from workbench.corroboration import wording
from workbench.corroboration.facts import AttributionFacts
from workbench.corroboration.results import AwaitedParty
from workbench.corroboration.world import World
from workbench.vocabulary import ClaimKind


def awaited_parties(
    world: World, claim_kind: ClaimKind, garbled: Collection[int]
) -> tuple[tuple[AwaitedParty, ...], tuple[AwaitedParty, ...]]:
    """(still awaited, no longer awaited), each party once, in the order first recorded."""
    if not world.silences:
        return (), ()
    silences: dict[int, list[AttributionFacts]] = {}
    for attribution in world.silences:
        silences.setdefault(world.party(attribution.source_id), []).append(attribution)
    statements = [a for a in world.statements if wording.counts(a.certainty, claim_kind) and a.id not in garbled]
    awaiting: list[AwaitedParty] = []
    spoke: list[AwaitedParty] = []
    for party, recorded in silences.items():
        latest = recorded[0]
        for silence in recorded[1:]:
            if _later(silence.as_of, latest.as_of):
                latest = silence
        ending = _ending_statement(world, party, latest, statements)
        history = _silence_history(recorded)
        if ending is not None:
            history += "; " + _how_it_ended(world, party, ending)
        entry = AwaitedParty(party, world.name(party), latest.stance, latest.as_of, history)
        (spoke if ending is not None else awaiting).append(entry)
    return tuple(awaiting), tuple(spoke)


def _ending_statement(
    world: World, party: int, silence: AttributionFacts, statements: list[AttributionFacts]
) -> AttributionFacts | None:
    """The earliest statement by the party or its voice that came on or after its silence."""
    silent_since = world.observed_on(silence)
    candidates: list[tuple[date, int, AttributionFacts]] = []
    for statement in statements:
        if party not in world.voice_chain(statement.source_id):
            continue
        said_on = world.observed_on(statement)
        # Without both dates we cannot tell which came first; a statement on record wins.
        if said_on is None or silent_since is None or said_on >= silent_since:
            candidates.append((said_on or date.min, statement.id, statement))
    return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None


def _silence_history(recorded: list[AttributionFacts]) -> str:
    seen: list[str] = []
    ordered = sorted(recorded, key=lambda a: (a.as_of is not None, a.as_of or date.min, a.id))
    for silence in ordered:
        when = f"as of {wording.day(silence.as_of)}" if silence.as_of else "(undated)"
        text = f"{wording.deed(silence.stance)} {when}"
        if text not in seen:
            seen.append(text)
    return "; ".join(seen)


def _how_it_ended(world: World, party: int, statement: AttributionFacts) -> str:
    deed = wording.deed(statement.stance)
    said_on = wording.day(world.observed_on(statement))
    if statement.source_id == party:
        return f"{deed} {said_on}"
    return f"{deed} by {world.name(statement.source_id)}, who speaks for it, {said_on}"


def _later(candidate: date | None, current: date | None) -> bool:
    if candidate is None:
        return False
    return current is None or candidate > current
