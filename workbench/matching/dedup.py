"""Near-duplicate claims across the whole database, without comparing every pair.

Comparing every pair of 100,000 claims with rapidfuzz takes hours (5 billion pairs). Instead:

1. **Block** (``workbench.matching.blocking``): MinHash LSH bands over each claim's match-key
   words, and *skeletons* (the same common words, names aside), give a few candidate pairs
   per claim, as numpy arrays.
2. **Score** the candidate pairs with ``matching.key_similarity``, in bulk: rapidfuzz
   ``cpdist`` scores a chunk of half a million pairs in C on every core.
3. **Check the details.** A pair at or above ``min_score`` whose numbers, dates, places,
   actors, negation, certainty and aspect agree is a *possible duplicate*; one whose details
   contradict is listed apart as *conflicting details*, never as a duplicate. Because the
   differing detail itself lowers the score, a contradicting pair down to ``conflict_score``
   is listed too, provided its details differ in nothing but the contradiction. A pair whose
   details vouch for it (two names and a number or date agree, nothing differs) is a
   possible duplicate from ``DETAIL_AGREEMENT_ALLOWANCE`` points below ``min_score``: a
   rewording in words no synonym list holds scores lower than its details deserve.

``find_near_duplicates`` works on ``(id, text)`` pairs; ``duplicates_in_database`` reads them
from a session. Needs numpy (a dependency of the workbench); the CLI imports this module
only for ``workbench duplicates``.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.db.batches import chunks
from workbench.db.models import Claim, ClaimLink
from workbench.matching.blocking import DEFAULT_BLOCKING, BlockingParameters, candidate_pairs
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.detail_comparison import compare_details, details_vouch
from workbench.matching.match_keys import match_tokens_and_names
from workbench.matching.thresholds import DEFAULT_THRESHOLDS
from workbench.text.normalize import normalize_claim_text

__all__ = [
    "DETAIL_AGREEMENT_ALLOWANCE",
    "BlockingParameters",
    "DedupResult",
    "NearDuplicate",
    "candidate_pairs",
    "duplicates_in_database",
    "find_near_duplicates",
]

PairKind = Literal["duplicate", "conflicting_details"]
Progress = Callable[[str, int, int], None]  # (stage, done, total)

DETAIL_AGREEMENT_ALLOWANCE = DEFAULT_THRESHOLDS.details_allowance
"""How far below ``min_score`` a pair whose details vouch for it is still a possible duplicate
(the import and the candidate search apply the same rule: ``classify_claim_match``)."""


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
    total = len(claims)
    keys: list[str] = []
    token_sets: list[frozenset[str]] = []
    name_sets: list[frozenset[str]] = []
    for index, (_, text) in enumerate(claims):
        tokens, names = match_tokens_and_names(text)
        keys.append(" ".join(tokens))
        token_sets.append(frozenset(tokens))
        name_sets.append(names)
        if index % 5000 == 0:
            report("reading", index, total)
    report("reading", total, total)

    candidates = candidate_pairs(token_sets, parameters, report, name_sets)
    del token_sets, name_sets
    result.stats.candidate_pairs = len(candidates)
    floor = min(min_score - DETAIL_AGREEMENT_ALLOWANCE, conflict_score)
    above = _scored_pairs(keys, candidates, floor, report)
    del candidates
    result.stats.scored_above_cutoff = len(above)

    details, normalized = _read_details(claims, sorted({i for _, i, _ in above} | {j for _, _, j in above}), report)
    found: list[NearDuplicate] = []
    for done, (score, i, j) in enumerate(above, start=1):
        if done % 10_000 == 0:
            report("checking details", done, len(above))
        if normalized[i] == normalized[j]:
            comparison_conflicts: list[str] = []
            extras: list[str] = []
            score = 100.0
        else:
            comparison = compare_details(details[i], details[j])
            comparison_conflicts, extras = comparison.conflicts, comparison.extras
        if comparison_conflicts and (score >= min_score or (score >= conflict_score and not extras)):
            kind: PairKind = "conflicting_details"
        elif not comparison_conflicts and (
            score >= min_score
            or (not extras and score >= min_score - DETAIL_AGREEMENT_ALLOWANCE and details_vouch(details[i], details[j]))
        ):
            kind = "duplicate"
        else:
            continue
        (a_id, a_text), (b_id, b_text) = sorted((claims[i], claims[j]))
        found.append(
            NearDuplicate(
                kind=kind,
                claim_id=a_id,
                other_claim_id=b_id,
                score=round(score, 1),
                text=a_text,
                other_text=b_text,
                conflicts=tuple(comparison_conflicts),
                extras=tuple(extras),
            )
        )
    report("checking details", len(above), len(above))
    found.sort(key=lambda p: (p.kind != "conflicting_details", -p.score, p.claim_id, p.other_claim_id))
    result.pairs = found
    result.stats.duplicates = sum(1 for p in found if p.kind == "duplicate")
    result.stats.conflicting = len(found) - result.stats.duplicates
    return result


PARALLEL_FROM = 20_000
"""From this many claims to read, their details are read by one worker process per core."""


def _read_details(
    claims: Sequence[tuple[int, str]], indexes: list[int], report: Progress
) -> tuple[dict[int, ClaimDetails], dict[int, str]]:
    """Each claim's details and normalised text, by index; in worker processes when many.

    Reading details is pure Python (about 0.3 ms a claim), the largest part of a run at 100,000
    claims; the workers use the other core. They are forked (spawning would re-run a caller's
    script); a forked worker never touches the database connections it inherits and ends
    with ``os._exit``, so none is ever closed from a child.
    """
    texts = [claims[index][1] for index in indexes]
    cores = os.cpu_count() or 1
    if len(texts) < PARALLEL_FROM or cores < 2:
        results = details_of(texts)
    else:
        step = 2_000
        parts = [texts[start : start + step] for start in range(0, len(texts), step)]
        results = []
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
            for part in pool.map(details_of, parts):
                results.extend(part)
                report("reading details", len(results), len(texts))
    details = {index: result[0] for index, result in zip(indexes, results, strict=True)}
    normalized = {index: result[1] for index, result in zip(indexes, results, strict=True)}
    return details, normalized


def details_of(texts: list[str]) -> list[tuple[ClaimDetails, str]]:
    """Each text's ``claim_details`` and ``normalize_claim_text`` (run in a worker process)."""
    return [(claim_details(text), normalize_claim_text(text)) for text in texts]


def _scored_pairs(
    keys: list[str], candidates: npt.NDArray[np.int64], floor: float, report: Progress
) -> list[tuple[float, int, int]]:
    """(score, i, j) of the candidate pairs scoring ``floor`` or more, in bulk.

    The score is ``key_similarity``: the mean of ``token_set_ratio`` and ``token_sort_ratio``,
    each computed for a whole chunk of pairs by rapidfuzz ``cpdist`` in C on every core. The
    mean reaches ``floor`` only if each part reaches ``2 * floor - 100``, so both run with that
    cutoff and the second only on pairs the first let through.
    """
    n = len(keys)
    part_floor = max(0.0, 2 * floor - 100)
    above: list[tuple[float, int, int]] = []
    step = 500_000
    for start in range(0, len(candidates), step):
        codes = candidates[start : start + step]
        first_index, second_index = np.divmod(codes, n)
        firsts = [keys[i] for i in first_index.tolist()]
        seconds = [keys[j] for j in second_index.tolist()]
        token_set = process.cpdist(
            firsts, seconds, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=part_floor,
            dtype=np.float32, workers=-1,
        )
        hopeful = np.flatnonzero(token_set >= max(part_floor, 1e-6))
        token_sort = process.cpdist(
            [firsts[k] for k in hopeful.tolist()], [seconds[k] for k in hopeful.tolist()],
            scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=part_floor, dtype=np.float32, workers=-1,
        )
        scores = (token_set[hopeful].astype(np.float64) + token_sort) / 2
        keep = scores >= floor
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
                or_(ClaimLink.from_claim_id.in_(chunk), ClaimLink.to_claim_id.in_(chunk))
            )
        ).all()
        for a, b, relation in rows:
            pair = (min(a, b), max(a, b))
            if relation not in links.setdefault(pair, []):
                links[pair].append(relation)
    return {pair: tuple(sorted(relations)) for pair, relations in links.items()}


def _with_links(pair: NearDuplicate, relations: tuple[str, ...]) -> NearDuplicate:
    return replace(pair, linked_as=relations) if relations else pair
