"""Ranking for search-as-you-type and pickers: a short typed query against longer texts.

Typo-tolerant (rapidfuzz ``WRatio`` over lower-cased, punctuation-free text) and nothing more:
these scores order what a reviewer sees, they never decide that two things are the same.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process, utils

DEFAULT_CUTOFF = 60.0

def score_text(query: str, text: str) -> float:
    """How well a short typed query matches a longer text (0-100), typo-tolerant."""
    return fuzz.WRatio(query, text, processor=utils.default_process)


def rank_claims(
    query: str,
    candidates: Iterable[tuple[int, str, Sequence[str]]],
    limit: int,
    cutoff: float = DEFAULT_CUTOFF,
) -> list[tuple[int, float]]:
    """Best ``limit`` (claim id, score) pairs for a query over claim texts and source names.

    A claim's score is the best of its text's and its names'; ties go to the lower id.
    """
    best = BestClaims(limit)
    if not utils.default_process(query):
        return []
    for claim_id, text, names in candidates:
        scores = [score_text(query, text), *(score_text(query, name) for name in names)]
        best.offer(claim_id, max(scores), cutoff)
    return best.ranked()


class BestClaims:
    """The best ``limit`` (claim id, score) pairs offered, by score, ties to the lower id."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._heap: list[tuple[float, int]] = []

    def offer(self, claim_id: int, score: float, cutoff: float = DEFAULT_CUTOFF) -> None:
        if score < cutoff or self.limit <= 0:
            return
        item = (score, -claim_id)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:
            heapq.heapreplace(self._heap, item)

    def ranked(self) -> list[tuple[int, float]]:
        return [(-negative_id, score) for score, negative_id in sorted(self._heap, reverse=True)]


def rank_names(
    query: str, names: Sequence[tuple[int, str]], limit: int = 10, cutoff: float = DEFAULT_CUTOFF
) -> list[tuple[int, str, float]]:
    """Best matching (id, name, score) for a typed name, one entry per id (its best name)."""
    if not query.strip():
        return []
    choices = [name for _, name in names]
    matches = process.extract(
        query, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=None, score_cutoff=cutoff
    )
    seen: set[int] = set()
    ranked: list[tuple[int, str, float]] = []
    for name, score, index in matches:
        source_id = names[index][0]
        if source_id in seen:
            continue
        seen.add(source_id)
        ranked.append((source_id, name, score))
        if len(ranked) == limit:
            break
    return ranked
