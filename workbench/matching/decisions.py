"""What an incoming claim is to a stored one: ``classify_claim_match`` (the table is in
``workbench.matching.fuzzy``'s docstring).

Apart from ``fuzzy`` (which re-exports it) because the decision needs no database: the import's
worker process matches with it (``importing.matching_ahead``) without loading SQLAlchemy, which
``fuzzy``'s candidate search does (32 MB more in that process).
"""

from __future__ import annotations

from typing import Literal

from workbench.matching.detail_comparison import DetailComparison, detail_differences
from workbench.matching.match_keys import normalize_claim_text
from workbench.matching.thresholds import DEFAULT_THRESHOLDS, MatchThresholds

MatchDecision = Literal["same", "auto", "suggest", "conflict", "none"]
# The order candidates are offered in: what is called a duplicate before what only looks like one.
DECISION_RANK: dict[str, int] = {"same": 0, "auto": 1, "suggest": 2, "conflict": 3, "none": 4}


def classify_claim_match(
    incoming_text: str,
    existing_text: str,
    score: float,
    thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
    *,
    comparison: DetailComparison | None = None,
    normalized: tuple[str, str] | None = None,
) -> MatchDecision:
    """Decide what an incoming claim is to a stored one (see the table in the module docs).

    ``comparison`` may be passed when the caller already compared the details, and
    ``normalized`` when it holds both texts' ``normalize_claim_text``.
    """
    incoming, existing = normalized or (normalize_claim_text(incoming_text), normalize_claim_text(existing_text))
    if incoming == existing:
        return "same"
    if score < thresholds.lowest:
        return "none"
    comparison = comparison or detail_differences(incoming_text, existing_text)
    if comparison.conflicts and score >= thresholds.conflict and (score >= thresholds.suggest or not comparison.extras):
        return "conflict"
    if score < thresholds.suggest:
        vouched = comparison.vouched and score >= thresholds.suggest - thresholds.details_allowance
        return "suggest" if vouched else "none"
    long_enough = min(len(incoming.split()), len(existing.split())) >= thresholds.min_words_for_auto
    if score >= thresholds.auto and long_enough and not comparison.extras:
        return "auto"
    return "suggest"
