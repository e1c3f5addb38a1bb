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
from workbench.matching.blocking import (
    DEFAULT_BLOCKING,
    BlockingParameters,
    WordTable,
    WordTableBuilder,
    candidate_pairs,
    candidate_pairs_of,
)
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
    keys, words = _read_words(claims, report)

    candidates = candidate_pairs_of(words, parameters, report)
    del words
    result.stats.candidate_pairs = len(candidates)
    floor = min(min_score - DETAIL_AGREEMENT_ALLOWANCE, conflict_score)
    above = _scored_pairs(keys, candidates, floor, report)
    del candidates
    result.stats.scored_above_cutoff = len(above)

    details, normalized = _read_details(claims, sorted({i for _, i, _ in above} | {j for _, _, j in above}), report)
    rules = _PairRules(details, normalized, min_score, conflict_score)
    found: list[NearDuplicate] = []
    for score, i, j, kind, conflicts, extras in _checked_pairs(above, rules, report):
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


def _read_words(claims: Sequence[tuple[int, str]], report: Progress) -> tuple[list[str], WordTable]:
    """Each claim's match key, and a table of its match words and names; in worker processes when many.

    Splitting a text into its match tokens is pure Python (about 25 us a claim); from
    ``PARALLEL_FROM`` claims one worker per core does it (forked, as in ``_read_details``),
    while this process adds what came back to the word table. A worker sends each claim's
    tokens and names as two strings: sent as lists and sets, 100,000 claims took 0.9 s to
    unpickle, as strings 0.03 s.
    """
    keys: list[str] = []
    table = WordTableBuilder()
    total = len(claims)
    texts = [[text for _, text in claims[start : start + _WORDS_CHUNK]] for start in range(0, total, _WORDS_CHUNK)]
    cores = os.cpu_count() or 1
    if total < PARALLEL_FROM or cores < 2:
        _gather_words(map(words_of, texts), keys, table, report, total)
    else:
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
            _gather_words(pool.map(words_of, texts), keys, table, report, total)
    report("reading", total, total)
    return keys, table.build()


_WORDS_CHUNK = 5_000


def _gather_words(
    parts: Iterable[list[tuple[str, str]]], keys: list[str], table: WordTableBuilder, report: Progress, total: int
) -> None:
    for part in parts:
        for key, names in part:
            keys.append(key)
            table.add(key.split(), names.split())
        report("reading", len(keys), total)


def words_of(texts: list[str]) -> list[tuple[str, str]]:
    """Each text's match key (its ``match_tokens`` joined by spaces) and its names, likewise
    (run in a worker process; tokens hold no spaces)."""
    words: list[tuple[str, str]] = []
    for text in texts:
        tokens, names = match_tokens_and_names(text)
        words.append((" ".join(tokens), " ".join(names)))
    return words


PARALLEL_FROM = 20_000
"""From this many claims to read, their match words (every claim's) and details (those of the
scored pairs) are read by one worker process per core."""


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


@dataclass(frozen=True)
class _PairRules:
    """What deciding a scored pair reads: each claim's details and normalised text, by index,
    and the two thresholds."""

    details: dict[int, ClaimDetails]
    normalized: dict[int, str]
    min_score: float
    conflict_score: float

    def verdict(self, score: float, i: int, j: int) -> CheckedPair | None:
        """The pair as listed (its kind, score and differences), or None if it is not listed."""
        if self.normalized[i] == self.normalized[j]:
            conflicts: tuple[str, ...] = ()
            extras: tuple[str, ...] = ()
            score = 100.0
        else:
            comparison = compare_details(self.details[i], self.details[j])
            conflicts, extras = tuple(comparison.conflicts), tuple(comparison.extras)
        if conflicts and (score >= self.min_score or (score >= self.conflict_score and not extras)):
            kind: PairKind = "conflicting_details"
        elif not conflicts and (
            score >= self.min_score
            or (
                not extras
                and score >= self.min_score - DETAIL_AGREEMENT_ALLOWANCE
                and details_vouch(self.details[i], self.details[j])
            )
        ):
            kind = "duplicate"
        else:
            return None
        return score, i, j, kind, conflicts, extras


CheckedPair = tuple[float, int, int, PairKind, tuple[str, ...], tuple[str, ...]]
"""(score, i, j, kind, conflicts, extras) of a pair that is listed."""

CHECK_PARALLEL_FROM = 20_000
"""From this many scored pairs, their details are compared by one worker process per core."""
_CHECK_CHUNK = 5_000

_rules_in_worker: _PairRules | None = None  # set in each forked checking worker


def _checked_pairs(
    above: list[tuple[float, int, int]], rules: _PairRules, report: Progress
) -> Iterator[CheckedPair]:
    """The listed pairs among ``above``, in its order; in worker processes when many.

    Comparing two claims' details is pure Python (about 60 us a pair), and at 100,000 claims
    there are over 100,000 pairs to compare: 8.8 s on one core. The workers are forked after
    the details are read, so each inherits them (``_PairRules``) instead of receiving them;
    only the pairs go out and the listed ones come back. Forked for the same reasons as in
    ``_read_details``.
    """
    cores = os.cpu_count() or 1
    done = 0
    if len(above) < CHECK_PARALLEL_FROM or cores < 2:
        for score, i, j in above:
            checked = rules.verdict(score, i, j)
            if checked is not None:
                yield checked
            done += 1
            if done % 10_000 == 0:
                report("checking details", done, len(above))
        return
    parts = [above[start : start + _CHECK_CHUNK] for start in range(0, len(above), _CHECK_CHUNK)]
    with ProcessPoolExecutor(
        max_workers=cores, mp_context=multiprocessing.get_context("fork"), initializer=_adopt_rules, initargs=(rules,)
    ) as pool:
        for part, listed in zip(parts, pool.map(_check_part, parts), strict=True):
            yield from listed
            done += len(part)
            report("checking details", done, len(above))


def _adopt_rules(rules: _PairRules) -> None:
    """A forked checking worker's start: keep the rules it inherited (never pickled: forked)."""
    global _rules_in_worker  # one value per worker process, set once at its start
    _rules_in_worker = rules


def _check_part(pairs: list[tuple[float, int, int]]) -> list[CheckedPair]:
    """The listed pairs of one part (run in a checking worker)."""
    rules = _rules_in_worker
    assert rules is not None
    return [checked for score, i, j in pairs if (checked := rules.verdict(score, i, j)) is not None]


def details_of(texts: list[str]) -> list[tuple[ClaimDetails, str]]:
    """Each text's ``claim_details`` and ``normalize_claim_text`` (run in a worker process)."""
    return [(claim_details(text), normalize_claim_text(text)) for text in texts]


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
