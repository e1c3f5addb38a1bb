"""Synthetic news claims with planted rewordings and detail changes of every size.

Shared by ``dedup_bench.py`` and ``match_bench.py``; deterministic for a given seed. Each
*base* claim reports one event (``claimwords.KINDS``) with its details: actor, place,
count, date or weekday, duration, amount with a unit, percentage, negation and hedge. Then:

- a *rewording* of a base claim keeps every detail and changes two to four things about how
  it is written: the sentence's syntax (active, passive, a fronted clause), one or two
  words for synonyms the normaliser does not list (``claimwords``), the date's format, where
  the attribution sits ("officials said X" / "X, officials said"), an approximator ("about
  300" / "some 300"), the hedge's wording (may / might), a thousands separator, an exactly
  equal duration ("two weeks" / "14 days"), a typo;
- a *detail change* of a base claim changes one detail, by every size: a count off by one,
  by 2 % or redrawn; a duration off by one ("380 days" / "381 days") or in another unit
  ("170 hours" / "170 days"); an amount off by one or in another unit (tonnes / kilograms,
  kilometres / miles, dollars / euros); a percentage off by one; a date's day or month; a
  weekday; a place; an actor; a negation; a hedge ("may have"). Half keep the base's wording
  exactly, half are reworded as well.

Ground truth is by lineage: two claims of one base with equal details are a planted
duplicate pair; with different details they are a different-detail pair (``Dataset``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations
from typing import TypeVar

import claimwords as w
from claimtext import CONCEPT_INDEX, CONCEPTS, SLOT, Claim, Details, Wording, forms, render

T = TypeVar("T")


@dataclass
class Dataset:
    claims: list[str]
    lineage: list[int]
    change: list[str | None]  # the detail change a claim carries (None: a base or a rewording)
    copy: list[bool]  # a rewording or a detail change, as opposed to a base claim
    duplicates: list[tuple[int, int]]  # planted rewording pairs (same lineage, same details)
    different: list[tuple[int, int, str]]  # same lineage, different details, and what changed
    edits: dict[str, int]  # how often each rewording edit was used


class _Pools:
    def __init__(self, rng: random.Random) -> None:
        self.places = sorted({self._place(rng) for _ in range(30_000)})
        self.groups = sorted({f"the {self._word(rng)} {rng.choice(w.GROUP_KINDS)}" for _ in range(3_000)})
        self.words = sorted({self._word(rng).lower() for _ in range(8_000)})

    @staticmethod
    def _word(rng: random.Random) -> str:
        return "".join(rng.choice(w.SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()

    def _place(self, rng: random.Random) -> str:
        if rng.random() < 0.25:
            return rng.choice(["Tal", "Ain", "Deir", "Kafr", "Jisr", "Ras"]) + " " + self._word(rng)
        return self._word(rng)

    def actor(self, rng: random.Random) -> str:
        if rng.random() < 0.5:
            return f"{rng.choice(w.DEMONYMS)} {rng.choice(w.UNITS)}"
        return rng.choice(self.groups)


def _count(rng: random.Random) -> int:
    roll = rng.random()
    return rng.randint(2, 60) if roll < 0.6 else rng.randint(61, 999) if roll < 0.9 else rng.randint(1_000, 20_000)


def _duration(rng: random.Random) -> tuple[int, str]:
    unit = rng.choice(w.DURATION_UNITS)
    top = {"hours": 96, "days": 400, "weeks": 30, "months": 36}[unit]
    if rng.random() < 0.15:
        equivalents = [key for key in w.DURATION_EQUIVALENTS if key[1] == unit]
        if equivalents:
            return rng.choice(equivalents)
    return rng.randint(2, top), unit


def _base(rng: random.Random, pools: _Pools, lineage: int) -> Claim:
    kind_index = rng.randrange(len(w.KINDS))
    kind = w.KINDS[kind_index]
    details = Details(
        actor=pools.actor(rng), actor2=pools.actor(rng), place=rng.choice(pools.places),
        place2=rng.choice(pools.places), count=_count(rng),
        date=(rng.choice((2024, 2025, 2026)), rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.7 else None,
        weekday=rng.randrange(7), duration=_duration(rng),
        amount=(rng.randint(2, 900), rng.choice(w.AMOUNT_UNITS.get(_amount_family(kind), ["tonnes"]))),
        percent=rng.randint(2, 95), negated=rng.random() < 0.08, hedged=rng.random() < 0.08,
    )
    wording = Wording(
        template=rng.randrange(len(kind.templates)),
        variants=tuple(rng.randrange(len(forms(c))) for c in CONCEPTS),
        date_style=rng.randrange(4),
        speaker=rng.randrange(len(w.SPEAKERS)) if rng.random() < 0.4 else -1,
        speaker_position=rng.randrange(3),
        approximator=rng.randrange(len(w.APPROXIMATORS)) if rng.random() < 0.15 else -1,
        hedge=rng.randrange(len(w.HEDGES)),
        thousands=rng.random() < 0.8,
        qualifier=(f"near the {rng.choice(pools.words)} {rng.choice(w.QUALIFIER_NOUNS)}" if rng.random() < 0.6 else ""),
    )
    return Claim(lineage, kind_index, details, wording)


def _amount_family(kind: w.Kind) -> str:
    return next((d for d in kind.details if d.startswith("amount_")), "amount_weight")


# -- rewordings and detail changes ----------------------------------------------------------


def _used_concepts(claim: Claim) -> list[str]:
    templates = w.KINDS[claim.kind].templates
    used = {m.group(3) for t in templates for m in SLOT.finditer(t) if m.group(3)}
    if claim.wording.speaker >= 0:
        used |= {name for name in ("official", "resident") if "{" + name + "}" in w.SPEAKERS[claim.wording.speaker]}
    return sorted(c for c in used if len(forms(CONCEPTS[CONCEPT_INDEX[c]])) > 1)


def reword(rng: random.Random, claim: Claim, edits: int, tally: dict[str, int]) -> Claim:
    """The same claim written differently: ``edits`` changes, at least one of them to its words."""
    wd, d = claim.wording, claim.details
    templates = len(w.KINDS[claim.kind].templates)
    concepts = _used_concepts(claim)
    optional = ["typo"]
    if d.date is not None and "{WHEN" in "".join(w.KINDS[claim.kind].templates):
        optional.append("date_format")
    if wd.speaker >= 0:
        optional.append("attribution")
    if wd.approximator >= 0:
        optional.append("approximator")
    if d.hedged:
        optional.append("hedge_word")
    if d.count >= 1000 and "count" in w.KINDS[claim.kind].details:
        optional.append("thousands")
    if d.duration in w.DURATION_EQUIVALENTS and "duration" in w.KINDS[claim.kind].details:
        optional.append("duration_form")
    wording_edits = (["syntax"] if templates > 1 else []) + (["synonym"] if concepts else [])
    chosen = [rng.choice(wording_edits)] if wording_edits else []
    rest = [e for e in wording_edits + optional if e not in chosen]
    chosen += rng.sample(rest, k=min(len(rest), max(0, edits - len(chosen))))
    for edit in chosen:
        tally[edit] = tally.get(edit, 0) + 1
        if edit == "syntax":
            wd = replace(wd, template=rng.choice([t for t in range(templates) if t != wd.template]))
        elif edit == "synonym":
            variants = list(wd.variants)
            for concept in rng.sample(concepts, k=min(len(concepts), rng.choice((1, 1, 2)))):
                index = CONCEPT_INDEX[concept]
                options = [v for v in range(len(forms(CONCEPTS[index]))) if v != variants[index]]
                variants[index] = rng.choice(options)
            wd = replace(wd, variants=tuple(variants))
        elif edit == "date_format":
            wd = replace(wd, date_style=rng.choice([s for s in range(4) if s != wd.date_style]))
        elif edit == "attribution":
            wd = replace(wd, speaker_position=rng.choice([p for p in range(3) if p != wd.speaker_position]))
        elif edit == "approximator":
            wd = replace(wd, approximator=rng.choice([a for a in range(len(w.APPROXIMATORS)) if a != wd.approximator]))
        elif edit == "hedge_word":
            wd = replace(wd, hedge=rng.choice([h for h in range(len(w.HEDGES)) if h != wd.hedge]))
        elif edit == "thousands":
            wd = replace(wd, thousands=not wd.thousands)
        elif edit == "duration_form":
            wd = replace(wd, equivalent_duration=not wd.equivalent_duration)
        elif edit == "typo":
            wd = replace(wd, typo=rng.randrange(1_000))
    return replace(claim, wording=wd)


# Changes that fit few kinds of claim are drawn more often where they fit, so that every
# change is planted about as often as the others (weight: 1 / the share of claims it fits).
CHANGE_WEIGHTS = {
    "count_off_by_one": 2.3, "count_redrawn": 2.3, "count_2pct": 5.7, "duration_off_by_one": 3.2,
    "duration_unit": 3.2, "amount_off_by_one": 5.3, "amount_unit": 5.3, "percent_off_by_one": 16.0,
    "date_day": 2.1, "date_month": 2.1, "weekday": 4.8, "place2": 8.0, "actor2": 8.0,
}


def detail_changes(claim: Claim) -> list[str]:
    """The detail changes that apply to this claim's kind."""
    carried = w.KINDS[claim.kind].details
    d = claim.details
    changes = ["place", "actor", "negation", "hedge"]
    if "count" in carried:
        changes += ["count_off_by_one", "count_redrawn"] + (["count_2pct"] if d.count >= 100 else [])
    if "duration" in carried:
        changes += ["duration_off_by_one", "duration_unit"]
    if any(c.startswith("amount_") for c in carried):
        changes += ["amount_off_by_one", "amount_unit"]
    if "percent" in carried:
        changes.append("percent_off_by_one")
    if "when" in carried:
        changes += ["date_day", "date_month"] if d.date is not None else ["weekday"]
    if "place2" in carried:
        changes.append("place2")
    if "actor2" in carried:
        changes.append("actor2")
    return changes


def change_detail(rng: random.Random, pools: _Pools, claim: Claim, change: str) -> Claim:
    """The claim with one detail changed (see the module docs for the sizes)."""
    d = claim.details
    if change == "count_off_by_one":
        new = replace(d, count=d.count + 1 if d.count == 2 or rng.random() < 0.5 else d.count - 1)
    elif change == "count_2pct":
        new = replace(d, count=round(d.count * rng.choice((0.98, 1.02))))
    elif change == "count_redrawn":
        new = replace(d, count=_other(rng, d.count, lambda: _count(rng)))
    elif change == "duration_off_by_one":
        value, unit = d.duration
        new = replace(d, duration=(value + 1 if value == 2 or rng.random() < 0.5 else value - 1, unit))
    elif change == "duration_unit":
        value, unit = d.duration
        position = w.DURATION_UNITS.index(unit)
        new = replace(d, duration=(value, w.DURATION_UNITS[position + 1 if position < 3 else position - 1]))
    elif change == "amount_off_by_one":
        new = replace(d, amount=(d.amount[0] + 1, d.amount[1]))
    elif change == "amount_unit":
        units = next(u for u in w.AMOUNT_UNITS.values() if d.amount[1] in u)
        new = replace(d, amount=(d.amount[0], units[1 - units.index(d.amount[1])]))
    elif change == "percent_off_by_one":
        new = replace(d, percent=d.percent + 1)
    elif change == "date_day":
        assert d.date is not None
        year, month, day = d.date
        new = replace(d, date=(year, month, day + 1 if day < 28 else day - 1))
    elif change == "date_month":
        assert d.date is not None
        year, month, day = d.date
        new = replace(d, date=(year, rng.choice([m for m in range(1, 13) if m != month]), day))
    elif change == "weekday":
        new = replace(d, weekday=(d.weekday + rng.randint(1, 6)) % 7)
    elif change in ("place", "place2"):
        current = getattr(d, change)
        new = replace(d, **{change: _other(rng, current, lambda: rng.choice(pools.places))})
    elif change in ("actor", "actor2"):
        current = getattr(d, change)
        new = replace(d, **{change: _other(rng, current, lambda: pools.actor(rng))})
    elif change == "negation":
        new = replace(d, negated=not d.negated)
    elif change == "hedge":
        new = replace(d, hedged=not d.hedged)
    else:
        raise ValueError(change)
    return replace(claim, details=new, change=change)


def _other(rng: random.Random, current: T, draw: Callable[[], T]) -> T:
    while (value := draw()) == current:
        pass
    return value


# -- the data set ---------------------------------------------------------------------------


class Generator:
    """Claims one at a time, for a caller that writes them as a stream (``import_bench``)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pools = _Pools(self.rng)
        self.lineages = 0
        self.edits: dict[str, int] = {}  # how often each rewording edit was used

    def base(self) -> Claim:
        self.lineages += 1
        return _base(self.rng, self.pools, self.lineages - 1)

    def reworded(self, claim: Claim) -> Claim:
        """A rewording of ``claim`` whose text differs from it (2 to 4 edits)."""
        text = render(claim)
        copy = claim
        for _attempt in range(20):
            copy = reword(self.rng, claim, self.rng.randint(2, 4), self.edits)
            if render(copy) != text:
                break
        return copy

    def changed(self, claim: Claim) -> Claim:
        """``claim`` with one detail changed; half the time reworded as well."""
        options = detail_changes(claim)
        change = self.rng.choices(options, weights=[CHANGE_WEIGHTS.get(c, 1.0) for c in options])[0]
        copy = change_detail(self.rng, self.pools, claim, change)
        return reword(self.rng, copy, self.rng.randint(1, 2), {}) if self.rng.random() < 0.5 else copy


def generate(count: int, *, duplicate_share: float = 0.05, different_share: float = 0.02, seed: int = 7) -> Dataset:
    """``count`` claims: ``duplicate_share`` rewordings and ``different_share`` detail changes
    of base claims picked at random (a base may get several), shuffled, with the truth."""
    generator = Generator(seed)
    rng = generator.rng
    n_dup, n_diff = int(count * duplicate_share), int(count * different_share)
    n_base = count - n_dup - n_diff
    picks = rng.choices(range(n_base), k=n_dup + n_diff)
    wanted = set(picks)
    texts: list[str] = []
    claims: list[Claim] = []  # every copy
    kept: dict[int, Claim] = {}  # bases that get copies
    for lineage in range(n_base):
        base = generator.base()
        texts.append(render(base))
        if lineage in wanted:
            kept[lineage] = base
    members: dict[int, list[int]] = {}
    for position, lineage in enumerate(picks):
        copy = generator.reworded(kept[lineage]) if position < n_dup else generator.changed(kept[lineage])
        members.setdefault(lineage, [lineage]).append(len(texts))
        texts.append(render(copy))
        claims.append(copy)
    details = {lineage: kept[lineage] for lineage in members} | {n_base + i: c for i, c in enumerate(claims)}
    order = list(range(len(texts)))
    rng.shuffle(order)
    position_of = {old: new for new, old in enumerate(order)}
    lineage_of = [0] * len(texts)
    change_of: list[str | None] = [None] * len(texts)
    duplicates: list[tuple[int, int]] = []
    different: list[tuple[int, int, str]] = []
    for lineage, group in members.items():
        for index in group:
            lineage_of[position_of[index]] = lineage
            change_of[position_of[index]] = details[index].change
        for a, b in combinations(group, 2):
            pa, pb = position_of[a], position_of[b]
            if details[a].details == details[b].details:
                duplicates.append((pa, pb))
            else:
                label = "+".join(sorted({c for c in (details[a].change, details[b].change) if c}))
                different.append((pa, pb, label))
    for old in range(len(texts)):
        if old < n_base and old not in members:
            lineage_of[position_of[old]] = old
    return Dataset(
        claims=[texts[old] for old in order], lineage=lineage_of, change=change_of, copy=[old >= n_base for old in order],
        duplicates=duplicates, different=different, edits=generator.edits,
    )


if __name__ == "__main__":
    sample = generate(80, duplicate_share=0.15, different_share=0.15)
    for a, b in sample.duplicates:
        print("SAME ", sample.claims[a], "||", sample.claims[b])
    for a, b, kind in sample.different:
        print(f"DIFF {kind}:", sample.claims[a], "||", sample.claims[b])
