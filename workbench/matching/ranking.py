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
    """Best ``limit`` (claim id, score) pairs for a query over claim texts and source names."""
    processed = utils.default_process(query)
    if not processed:
        return []
    best: list[tuple[float, int]] = []
    for claim_id, text, names in candidates:
        score = fuzz.WRatio(processed, utils.default_process(text))
        for name in names:
            score = max(score, fuzz.WRatio(processed, utils.default_process(name)))
        if score < cutoff:
            continue
        item = (score, -claim_id)
        if len(best) < limit:
            heapq.heappush(best, item)
        elif item > best[0]:
            heapq.heapreplace(best, item)
    return [(-negative_id, score) for score, negative_id in sorted(best, reverse=True)]


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
