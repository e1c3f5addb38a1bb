"""The duplicate finder's work per claim and per pair, on one worker process per core.

``dedup`` blocks and scores in numpy and rapidfuzz, in C; what is left is pure Python done
for each claim (its match words, its details) or for each scored pair (comparing the two
claims' details), and at 100,000 claims that was most of a run on one core. Here each of
those steps runs in forked worker processes from ``PARALLEL_FROM`` claims (or
``CHECK_PARALLEL_FROM`` pairs), in parts whose results come back in order, so the answer is
that of one process (tests/test_dedup.py compares them).

Forked rather than spawned: spawning would re-run a caller's script, and a forked worker
inherits what it reads (the checking rules) instead of having it pickled. A forked worker never
touches the database connections it inherits, and ends with ``os._exit``, so none is ever
closed from a child.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Literal

from workbench.matching.blocking import WordTable, WordTableBuilder
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.detail_comparison import compare_details, details_vouch
from workbench.matching.match_keys import match_tokens_and_names
from workbench.matching.thresholds import DEFAULT_THRESHOLDS
from workbench.text.normalize import normalize_claim_text

PairKind = Literal["duplicate", "conflicting_details"]
Progress = Callable[[str, int, int], None]  # (stage, done, total)

DETAIL_AGREEMENT_ALLOWANCE = DEFAULT_THRESHOLDS.details_allowance
"""How far below ``min_score`` a pair whose details vouch for it is still a possible duplicate
(the import and the candidate search apply the same rule: ``classify_claim_match``)."""


def read_words(claims: Sequence[tuple[int, str]], report: Progress) -> tuple[list[str], WordTable]:
    """Each claim's match key, and a table of its match words and names; in worker processes when many.

    Splitting a text into its match tokens is pure Python (about 25 us a claim); from
    ``PARALLEL_FROM`` claims one worker per core does it,
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


def read_details(
    claims: Sequence[tuple[int, str]], indexes: list[int], report: Progress
) -> tuple[dict[int, ClaimDetails], dict[int, str]]:
    """Each claim's details and normalised text, by index; in worker processes when many.

    Reading details is pure Python (about 0.1-0.3 ms a claim): from ``PARALLEL_FROM`` claims
    the workers use the other core too (forked: see the module docstring).
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
class PairRules:
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

_rules_in_worker: PairRules | None = None  # set in each forked checking worker


def checked_pairs(
    above: list[tuple[float, int, int]], rules: PairRules, report: Progress
) -> Iterator[CheckedPair]:
    """The listed pairs among ``above``, in its order; in worker processes when many.

    Comparing two claims' details is pure Python (about 60 us a pair), and at 100,000 claims
    there are over 100,000 pairs to compare: 8.8 s on one core. The workers are forked after
    the details are read, so each inherits them (``PairRules``) instead of receiving them;
    only the pairs go out and the listed ones come back.
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


def _adopt_rules(rules: PairRules) -> None:
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
