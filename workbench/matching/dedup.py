"""Near-duplicate claims across the whole database, without comparing every pair.

Comparing every pair of 100,000 claims with rapidfuzz takes hours (5 billion pairs). Instead:

1. **Block** (``workbench.matching.blocking``): MinHash LSH bands over each claim's match-key
   words, and *skeletons* (the same common words, names aside), give a few candidate pairs
   per claim, as numpy arrays.
2. **Score** the candidate pairs with ``matching.key_similarity``, in bulk: rapidfuzz
   ``cpdist`` scores a chunk of half a million pairs in C on every core.
3. **Check the details** (``dedup_workers``, on every core). A pair at or above
   ``min_score`` whose numbers, dates, places, actors, negation, certainty and aspect agree
   is a *possible duplicate*; one whose details contradict is listed apart as *conflicting
   details*, never as a duplicate. Because the differing detail itself lowers the score, a
   contradicting pair down to ``conflict_score`` is listed too, provided its details differ
   in nothing but the contradiction. A pair whose details vouch for it (two names and a
   number or date agree, nothing differs) is a possible duplicate from
   ``DETAIL_AGREEMENT_ALLOWANCE`` points below ``min_score``: a rewording in words no
   synonym list holds scores lower than its details deserve.

``find_near_duplicates`` works on ``(id, text)`` pairs; ``duplicates_in_database`` reads them
from a session. Needs numpy (a dependency of the workbench); the CLI imports this module
only for ``workbench duplicates``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.db.batches import chunks, padded
from workbench.db.models import Claim, ClaimLink
from workbench.matching.blocking import DEFAULT_BLOCKING, BlockingParameters, candidate_pairs, candidate_pairs_of
from workbench.matching.dedup_workers import (
    DETAIL_AGREEMENT_ALLOWANCE,
    PairKind,
    PairRules,
    Progress,
    checked_pairs,
    read_details,
    read_words,
)
from workbench.matching.thresholds import DEFAULT_THRESHOLDS

__all__ = [
    "DETAIL_AGREEMENT_ALLOWANCE",
    "BlockingParameters",
    "DedupResult",
    "NearDuplicate",
    "candidate_pairs",
    "duplicates_in_database",
    "find_near_duplicates",
]


@dataclass(frozen=True)
class NearDuplicate:
    """Two claims that read alike: a possible duplicate, or a pair with conflicting details."""

    kind: PairKind
    claim_id: int
    other_claim_id: int
    score: float
    text: str
    other_text: str
    conflicts: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    linked_as: tuple[str, ...] = ()  # relations already recorded between the two


@dataclass
class DedupStats:
    claims: int = 0
    candidate_pairs: int = 0
    scored_above_cutoff: int = 0
    duplicates: int = 0
    conflicting: int = 0


@dataclass
class DedupResult:
    pairs: list[NearDuplicate] = field(default_factory=list)
    stats: DedupStats = field(default_factory=DedupStats)

    @property
    def duplicates(self) -> list[NearDuplicate]:
        return [p for p in self.pairs if p.kind == "duplicate"]

    @property
    def conflicting(self) -> list[NearDuplicate]:
        return [p for p in self.pairs if p.kind == "conflicting_details"]


def find_near_duplicates(
    claims: Sequence[tuple[int, str]],
    *,
    min_score: float = DEFAULT_THRESHOLDS.suggest,
    conflict_score: float = DEFAULT_THRESHOLDS.conflict,
    parameters: BlockingParameters = DEFAULT_BLOCKING,
    progress: Progress | None = None,
) -> DedupResult:
    """Possible duplicates and conflicting-detail pairs among ``(claim id, text)`` pairs.

    Pairs come out best score first; within a pair the lower claim id comes first.
    """
    report = progress or (lambda stage, done, total: None)
    result = DedupResult(stats=DedupStats(claims=len(claims)))
    keys, words = read_words(claims, report)

    candidates = candidate_pairs_of(words, parameters, report)
    del words
    result.stats.candidate_pairs = len(candidates)
    floor = min(min_score - DETAIL_AGREEMENT_ALLOWANCE, conflict_score)
    above = _scored_pairs(keys, candidates, floor, report)
    del candidates
    result.stats.scored_above_cutoff = len(above)

    details, normalized = read_details(claims, sorted({i for _, i, _ in above} | {j for _, _, j in above}), report)
    rules = PairRules(details, normalized, min_score, conflict_score)
    found: list[NearDuplicate] = []
    for score, i, j, kind, conflicts, extras in checked_pairs(above, rules, report):
        (a_id, a_text), (b_id, b_text) = sorted((claims[i], claims[j]))
        found.append(
            NearDuplicate(
                kind=kind,
                claim_id=a_id,
                other_claim_id=b_id,
                score=round(score, 1),
                text=a_text,
                other_text=b_text,
                conflicts=conflicts,
                extras=extras,
            )
        )
    report("checking details", len(above), len(above))
    found.sort(key=lambda p: (p.kind != "conflicting_details", -p.score, p.claim_id, p.other_claim_id))
    result.pairs = found
    result.stats.duplicates = sum(1 for p in found if p.kind == "duplicate")
    result.stats.conflicting = len(found) - result.stats.duplicates
    return result


def _scored_pairs(
    keys: list[str], candidates: npt.NDArray[np.int64], floor: float, report: Progress
) -> list[tuple[float, int, int]]:
    """(score, i, j) of the candidate pairs scoring ``floor`` or more, in bulk.

    The score is ``key_similarity``: the mean of ``token_sort_ratio`` and ``token_set_ratio``,
    each computed for a whole chunk of pairs by rapidfuzz ``cpdist`` in C on every core. The
    mean reaches ``floor`` only if each part reaches ``2 * floor - 100``, so both run with that
    cutoff and the second only on pairs the first let through.

    ``token_sort_ratio`` is the plain ``ratio`` of the two keys with their words sorted, so
    each key is sorted once here rather than twice per pair inside rapidfuzz: on 3.5 million
    candidate pairs (100,000 claims) that part took 1.4 s instead of 3.8 s, with equal scores.
    It runs first because it is the cheaper one; ``token_set_ratio`` (6 s for the same pairs,
    no faster with a higher cutoff) then scores only the pairs it let through, given each key's
    distinct words already sorted: it reads only the set of words, and sorts and dedupes them
    for every pair (15-30 % of its time on 1.5 million pairs, the same scores).
    """
    n = len(keys)
    part_floor = max(0.0, 2 * floor - 100)
    sorted_keys = [" ".join(sorted(key.split())) for key in keys]
    word_sets = [" ".join(sorted(set(key.split()))) for key in keys]
    above: list[tuple[float, int, int]] = []
    step = 500_000
    for start in range(0, len(candidates), step):
        codes = candidates[start : start + step]
        first_index, second_index = np.divmod(codes, n)
        firsts, seconds = first_index.tolist(), second_index.tolist()
        token_sort = process.cpdist(
            [sorted_keys[i] for i in firsts], [sorted_keys[j] for j in seconds], scorer=fuzz.ratio, processor=None,
            score_cutoff=part_floor, dtype=np.float32, workers=-1,
        )
        # A pair under the cutoff here scores at most 50 in all, below any floor that sets one.
        hopeful = np.flatnonzero(token_sort >= part_floor) if part_floor > 0 else np.arange(len(codes))
        hopeful_list = hopeful.tolist()
        token_set = process.cpdist(
            [word_sets[firsts[k]] for k in hopeful_list], [word_sets[seconds[k]] for k in hopeful_list],
            scorer=fuzz.token_set_ratio, processor=None, score_cutoff=part_floor, dtype=np.float32, workers=-1,
        )
        scores = (token_set.astype(np.float64) + token_sort[hopeful]) / 2
        keep = (token_set >= max(part_floor, 1e-6)) & (scores >= floor)
        for score, i, j in zip(
            scores[keep].tolist(), first_index[hopeful][keep].tolist(), second_index[hopeful][keep].tolist(), strict=True
        ):
            above.append((score, i, j))
        report("scoring", min(len(candidates), start + step), len(candidates))
    report("scoring", len(candidates), len(candidates))
    return above


def duplicates_in_database(
    session: Session,
    *,
    min_score: float = DEFAULT_THRESHOLDS.suggest,
    conflict_score: float = DEFAULT_THRESHOLDS.conflict,
    parameters: BlockingParameters = DEFAULT_BLOCKING,
    progress: Progress | None = None,
) -> DedupResult:
    """``find_near_duplicates`` over every stored claim, with links already recorded noted."""
    claims = list(_all_claims(session))
    result = find_near_duplicates(
        claims, min_score=min_score, conflict_score=conflict_score, parameters=parameters, progress=progress
    )
    if result.pairs:
        linked = _existing_links(session, {p.claim_id for p in result.pairs} | {p.other_claim_id for p in result.pairs})
        result.pairs = [
            _with_links(p, linked.get((p.claim_id, p.other_claim_id), ())) for p in result.pairs
        ]
    return result


def _all_claims(session: Session, page: int = 20_000) -> Iterator[tuple[int, str]]:
    last_id = 0
    while True:
        rows = session.execute(
            select(Claim.id, Claim.text).where(Claim.id > last_id).order_by(Claim.id).limit(page)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        yield from rows


def _existing_links(session: Session, claim_ids: Iterable[int]) -> dict[tuple[int, int], tuple[str, ...]]:
    ids = sorted(claim_ids)
    links: dict[tuple[int, int], list[str]] = {}
    for chunk in chunks(ids):
        rows = session.execute(
            select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation).where(
                or_(ClaimLink.from_claim_id.in_(padded(chunk)), ClaimLink.to_claim_id.in_(padded(chunk)))
            )
        ).all()
        for a, b, relation in rows:
            pair = (min(a, b), max(a, b))
            if relation not in links.setdefault(pair, []):
                links[pair].append(relation)
    return {pair: tuple(sorted(relations)) for pair, relations in links.items()}


def _with_links(pair: NearDuplicate, relations: tuple[str, ...]) -> NearDuplicate:
    return replace(pair, linked_as=relations) if relations else pair
