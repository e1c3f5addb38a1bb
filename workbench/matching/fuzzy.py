"""Fuzzy matching with rapidfuzz: claims that say the same thing, sources under other names.

A fuzzy score says two strings look alike, not that they mean the same: callers use these
scores to rank and to suggest. Deciding that two claims are one also takes their details
(``workbench.matching.claim_details``, ``workbench.matching.detail_comparison``): a pair
that matches in wording but differs in a number, date, place, actor, negation, certainty
("has withdrawn" / "may withdraw") or aspect ("began" / "completed") is a *conflict*, never a
duplicate.

Claims are compared on a *match key* (``workbench.matching.match_keys``): the text normalised
(``normalize_claim_text``), with function words dropped, common newsroom synonyms folded
together ("troops" = "forces", "pulling out" = "withdrawing"), number words written as digits
and words lightly stemmed.
``claim_similarity`` (0-100) is the mean of rapidfuzz's ``token_set_ratio`` and
``token_sort_ratio`` over those keys: word order never matters, a reworded claim that drops or
adds a few words still scores high, but a claim that merely contains a shorter one does not
reach 100.

How an incoming claim is matched against a stored one (``classify_claim_match``):

======================  ===================================================================
``same``                the normalised texts are equal
``conflict``            score >= ``suggest`` and the details contradict; or score >= ``conflict``
                        and the details contradict and differ in nothing else
``auto``                score >= ``auto``, both claims have >= ``min_words_for_auto`` words,
                        and neither has a detail the other lacks: the same claim
``suggest``             score >= ``suggest`` otherwise: a "possible duplicate" for a reviewer
``none``                score < ``suggest``
======================  ===================================================================

Source names are resolved in ``workbench.matching.sources``, typed queries ranked in
``workbench.matching.ranking``, and the thresholds are ``MatchThresholds``
(``workbench.matching.thresholds``); every caller can pass its own. Their names, and those of
match keys and claim details, can be imported from here too, as the import, the review use
cases and the TUI do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.batches import chunks, padded
from workbench.db.models import Claim
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.decisions import DECISION_RANK, MatchDecision, classify_claim_match
from workbench.matching.detail_comparison import DetailComparison, compare_details, conflicting_details, detail_differences
from workbench.matching.match_keys import (
    SIMILARITY_SCORER,
    claim_similarity,
    key_similarity,
    match_key,
    match_tokens,
    match_tokens_and_names,
    match_words,
    normalize_claim_text,
    word_count,
)
from workbench.matching.prefilter import scan_prefilter, similar_claim_ids
from workbench.matching.ranking import rank_claims, rank_names, score_text
from workbench.matching.sources import SourceIndex, SourceResolution, normalize_source_name, resolve_source
from workbench.matching.thresholds import DEFAULT_THRESHOLDS, MatchThresholds
from workbench.text.normalize import fold_accents

__all__ = [
    "DEFAULT_THRESHOLDS",
    "SIMILARITY_SCORER",
    "ClaimCandidate",
    "ClaimDetails",
    "DetailComparison",
    "MatchDecision",
    "MatchThresholds",
    "SourceIndex",
    "SourceResolution",
    "claim_details",
    "claim_similarity",
    "classify_claim_match",
    "conflicting_details",
    "detail_differences",
    "find_claim_candidates",
    "key_similarity",
    "match_key",
    "match_tokens",
    "match_tokens_and_names",
    "match_words",
    "normalize_claim_text",
    "normalize_source_name",
    "rank_claims",
    "rank_names",
    "resolve_source",
    "scan_prefilter",
    "score_text",
    "word_count",
]

PREFILTER_POOL = 100  # claims asked of the full-text prefilter per incoming claim
RESCORE = 50  # of those, how many get the full match-key score and detail check
PREFILTER_KEPT = 10  # of those, the prefilter's best, kept whatever the coarse pass says

Prefilter = Callable[[Session, str, int], Sequence[int]]


# -- candidates for an incoming claim -------------------------------------------------------


@dataclass(frozen=True)
class ClaimCandidate:
    """A stored claim that an incoming one may duplicate, best first in a candidate list."""

    claim_id: int
    text: str
    score: float
    decision: MatchDecision
    conflicts: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()


def _may_vouch(names: frozenset[str], other: str) -> bool:
    """Whether ``other`` may share two of these names, as ``details_vouch`` asks: each
    canonical name looked for in its folded, lowercased text, which costs microseconds where
    reading its details costs 0.1 ms. A name its text gives only as a demonym or a metonym
    ("American" for us, "the Kremlin" for russia) is missed, so a few vouched rows far down the
    list are not checked; none of them was before."""
    if len(names) < 2:
        return False
    folded = fold_accents(other).lower()
    return sum(name in folded for name in names) >= 2


def find_claim_candidates(
    session: Session,
    text: str,
    limit: int = 5,
    thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
    *,
    prefilter: Prefilter | None = None,
    include_none: bool = False,
) -> list[ClaimCandidate]:
    """Stored claims that the incoming ``text`` may duplicate, best first, each with a decision.

    Candidates come from ``prefilter(session, text, n)`` (by default the full-text prefilter
    ``similar_claim_ids``, which scans every claim where there is no full-text index), are re-scored with
    ``claim_similarity`` and classified with ``classify_claim_match``. Claims classified
    ``none`` are left out unless ``include_none``.
    """
    if not normalize_claim_text(text):
        return []
    prefilter = prefilter or similar_claim_ids
    ids = list(dict.fromkeys(prefilter(session, text, max(PREFILTER_POOL, limit * 20))))
    if not ids:
        return []
    rows: list[tuple[int, str]] = []
    for chunk in chunks(ids):
        rows.extend(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(padded(chunk)))).all())
    if len(rows) > RESCORE:
        # A coarse pass in C over the raw texts keeps the slower match-key score for the few
        # that can win: the full-text rank knows rare words, not wording. The index's own best
        # are kept whatever the coarse score: "Linrasro was encircled by the Bulba Front for 3
        # weeks" shares the rare words of "The Bulba Front surrounded Linrasro for 21 days" and
        # ranked first, yet fell out of the coarse 50 behind claims worded like the query.
        position = {claim_id: rank for rank, claim_id in enumerate(ids)}
        rows.sort(key=lambda row: position[row[0]])
        kept, rest = rows[:PREFILTER_KEPT], rows[PREFILTER_KEPT:]
        coarse = process.extract(
            text, [t for _, t in rest], scorer=fuzz.token_set_ratio, processor=utils.default_process,
            limit=RESCORE - PREFILTER_KEPT,
        )
        rows = kept + [rest[index] for _, _, index in coarse]
    return rank_candidates(text, rows, limit, thresholds, include_none=include_none)


def rank_candidates(
    text: str,
    rows: Iterable[tuple[int, str]],
    limit: int,
    thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
    *,
    include_none: bool = False,
) -> list[ClaimCandidate]:
    """Score and classify ``(claim id, text)`` rows against ``text``; the best ``limit``.

    Best means called a duplicate first (same, auto, suggest), then conflicting, then
    unrelated, and by score within each. By score alone, "23 inhabitants detained in
    Halummlin on Oct. 4" (78.6, another place, number and date) came before the claim that
    "22 inhabitants detained in Danhalzan on Oct. 2" rewords (78.2), so the import, which takes
    the first, reported a conflict instead of the duplicate, and a reviewer's list led with it.
    Rows are classified best score first until ``limit`` are called duplicates (nothing can
    come before them), or, once ``limit`` are found, to the first row below
    ``thresholds.lowest`` (only unrelated ones are left). The detail check costs about 0.1 ms
    a row, so past ``2 * limit`` rows one under the suggest score is checked only if it
    may be vouched for by its details (``_may_vouch``): at a million claims, "Linrasro was
    encircled by the Bulba Front for 3 weeks" (66.7, vouched) came after ten claims of other
    places and numbers worded more like "The Bulba Front surrounded Linrasro for 21 days".
    """
    key = match_key(text)
    normalized = normalize_claim_text(text)
    scored: list[tuple[float, int, str]] = []
    for claim_id, other in rows:
        score = 100.0 if normalize_claim_text(other) == normalized else key_similarity(key, match_key(other))
        if score >= thresholds.lowest or include_none:
            scored.append((score, claim_id, other))
    scored.sort(key=lambda item: (-item[0], item[1]))
    details = claim_details(text)
    out: list[ClaimCandidate] = []
    duplicates = checked = 0
    for score, claim_id, other in scored:
        if duplicates >= limit or (len(out) >= limit and score < thresholds.lowest):
            break
        if len(out) >= limit and checked >= 2 * limit and score < thresholds.suggest and not _may_vouch(details.names, other):
            continue
        checked += 1
        comparison = compare_details(details, claim_details(other))
        decision = classify_claim_match(text, other, score, thresholds, comparison=comparison)
        if decision == "none" and not include_none:
            continue
        duplicates += DECISION_RANK[decision] <= DECISION_RANK["suggest"]
        out.append(
            ClaimCandidate(
                claim_id=claim_id,
                text=other,
                score=round(score, 1),
                decision=decision,
                conflicts=tuple(comparison.conflicts),
                extras=tuple(comparison.extras),
            )
        )
    out.sort(key=lambda candidate: DECISION_RANK[candidate.decision])  # stable: by score within each
    return out[:limit]
