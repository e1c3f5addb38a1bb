"""Fuzzy matching with rapidfuzz: claims that say the same thing, sources under other names.

A fuzzy score says two strings look alike, not that they mean the same: callers use these
scores to rank and to suggest. Deciding that two claims are one also takes their details
(``workbench.matching.claim_details``, ``workbench.matching.detail_comparison``): a pair that matches in wording but differs in a number, date,
place, actor or negation is a *conflict*, never a duplicate.

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

How a source name is resolved (``resolve_source``): an exact match on the normalised name,
then on a normalised alias, then fuzzy. A fuzzy match needs ``source_fuzzy`` or more, and
every word of each name must have a close counterpart in the other (so "Syrian government"
never matches "Russian government"). When two sources score within ``source_margin`` of each
other, the result is ``ambiguous`` and lists both: never a guess.

The defaults are documented on ``MatchThresholds``; every caller can pass its own.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process, utils
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.models import Claim, Source, SourceAlias
from workbench.matching.claim_details import DEMONYMS, ClaimDetails, claim_details
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

__all__ = [
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

DEFAULT_CUTOFF = 60.0
PREFILTER_POOL = 100  # claims asked of the full-text prefilter per incoming claim
RESCORE = 50  # of those, how many get the full match-key score and detail check

MatchDecision = Literal["same", "auto", "suggest", "conflict", "none"]
SourceKind = Literal["exact", "alias", "fuzzy", "ambiguous", "none"]
Prefilter = Callable[[Session, str, int], Sequence[int]]


@dataclass(frozen=True)
class MatchThresholds:
    """Where fuzzy scores (0-100) turn into decisions. Tune per desk; these are the defaults.

    ``auto`` (92): at or above it a long claim whose details agree is the same claim, and an
    import attaches its attributions to the stored one. ``suggest`` (80): from here up to
    ``auto`` a new claim is created with a "possible duplicate" link for a reviewer; it is also
    the default ``--min-score`` of ``workbench duplicates``. ``min_words_for_auto`` (8): a
    shorter claim is only ever suggested, because a few words leave too little to compare.
    ``conflict`` (70): from here up, a pair whose details contradict is reported as a
    conflict. It sits below ``suggest`` because the differing detail itself lowers the score
    ("extended by 15 days" / "extended by one month" scores 78).
    ``source_fuzzy`` (90) and ``source_margin`` (4) govern source names (see module docs).
    """

    auto: float = 92.0
    suggest: float = 80.0
    min_words_for_auto: int = 8
    conflict: float = 70.0
    source_fuzzy: float = 90.0
    source_margin: float = 4.0

    def __post_init__(self) -> None:
        if not 0 <= self.conflict <= self.suggest <= self.auto <= 100:
            raise ValueError(
                "thresholds must satisfy 0 <= conflict <= suggest <= auto <= 100 "
                f"(got conflict={self.conflict}, suggest={self.suggest}, auto={self.auto})"
            )


DEFAULT_THRESHOLDS = MatchThresholds()


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
    if score < thresholds.conflict:
        return "none"
    comparison = comparison or detail_differences(incoming_text, existing_text)
    if comparison.conflicts and (score >= thresholds.suggest or not comparison.extras):
        return "conflict"
    if score < thresholds.suggest:
        return "none"
    long_enough = min(len(incoming.split()), len(existing.split())) >= thresholds.min_words_for_auto
    if score >= thresholds.auto and long_enough and not comparison.extras:
        return "auto"
    return "suggest"


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

    Candidates come from ``prefilter(session, text, n)`` (by default the full-text search of
    ``workbench.matching.search`` when it is available, else a scan of every claim), are re-scored with
    ``claim_similarity`` and classified with ``classify_claim_match``. Claims classified
    ``none`` are left out unless ``include_none``.
    """
    if not normalize_claim_text(text):
        return []
    prefilter = prefilter or default_prefilter()
    ids = list(dict.fromkeys(prefilter(session, text, max(PREFILTER_POOL, limit * 20))))
    if not ids:
        return []
    rows: list[tuple[int, str]] = []
    for chunk in _chunks(ids, 500):
        rows.extend(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(chunk))).all())
    if len(rows) > RESCORE:
        # A coarse pass in C over the raw texts keeps the slower match-key score for the few
        # that can win: the full-text rank knows rare words, not wording.
        coarse = process.extract(
            text, [t for _, t in rows], scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=RESCORE
        )
        rows = [rows[index] for _, _, index in coarse]
    return rank_candidates(text, rows, limit, thresholds, include_none=include_none)


def rank_candidates(
    text: str,
    rows: Iterable[tuple[int, str]],
    limit: int,
    thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
    *,
    include_none: bool = False,
) -> list[ClaimCandidate]:
    """Score and classify ``(claim id, text)`` rows against ``text``; the best ``limit``."""
    key = match_key(text)
    normalized = normalize_claim_text(text)
    scored: list[tuple[float, int, str]] = []
    for claim_id, other in rows:
        score = 100.0 if normalize_claim_text(other) == normalized else key_similarity(key, match_key(other))
        if score >= thresholds.conflict or include_none:
            scored.append((score, claim_id, other))
    scored.sort(key=lambda item: (-item[0], item[1]))
    details = claim_details(text)
    out: list[ClaimCandidate] = []
    for score, claim_id, other in scored:
        if len(out) == limit:
            break
        comparison = compare_details(details, claim_details(other))
        decision = classify_claim_match(text, other, score, thresholds, comparison=comparison)
        if decision == "none" and not include_none:
            continue
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
    return out


def default_prefilter() -> Prefilter:
    """The full-text prefilter (``search.similar_claim_ids``); it scans without FTS."""
    from workbench.matching.search import similar_claim_ids

    return similar_claim_ids


def scan_prefilter(session: Session, text: str, limit: int) -> list[int]:
    """Every claim scored against ``text``: exact, and linear in the number of claims.

    The fallback when no full-text index is available; fine for desk-sized databases.
    """
    key = match_key(text)
    best: list[tuple[float, int]] = []
    last_id = 0
    while True:
        rows = session.execute(
            select(Claim.id, Claim.text).where(Claim.id > last_id).order_by(Claim.id).limit(5000)
        ).all()
        if not rows:
            break
        last_id = rows[-1][0]
        keys = [match_key(t) for _, t in rows]
        for _, score, index in process.extract(key, keys, scorer=SIMILARITY_SCORER, processor=None, limit=limit):
            item = (score, -rows[index][0])
            if len(best) < limit:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
    return [-negative for _, negative in sorted(best, reverse=True)]


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- sources ------------------------------------------------------------------------------

_SOURCE_STOPWORDS = frozenset({"the", "of", "for", "and", "s", "a", "an"})
_SPELLINGS = {"defence": "defense", "centre": "center", "organisation": "organization", "programme": "program"}


def normalize_source_name(name: str) -> str:
    """A source name reduced for comparison: "Syria's defence ministry" -> "syria defense ministry"."""
    words = normalize_claim_text(name.replace("'s ", " ").replace("\u2019s ", " ")).split()
    out = []
    for word in words:
        if word in _SOURCE_STOPWORDS:
            continue
        if word.endswith("s") and word[:-1] in DEMONYMS.values():
            word = word[:-1]
        word = DEMONYMS.get(word, word)
        out.append(_SPELLINGS.get(word, word))
    return " ".join(out)


@dataclass(frozen=True)
class SourceMatch:
    source_id: int
    name: str  # the name or alias that matched
    score: float


@dataclass(frozen=True)
class SourceResolution:
    """What a source name resolved to: one source, several (ambiguous), or none."""

    kind: SourceKind
    source_id: int | None
    candidates: tuple[SourceMatch, ...] = ()


@dataclass
class SourceIndex:
    """Every source's names and aliases, loaded once to resolve many names (an import)."""

    names: list[tuple[int, str, bool]] = field(default_factory=list)  # (source id, text, is alias)
    _exact: dict[str, set[int]] = field(default_factory=dict)
    _alias: dict[str, set[int]] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session) -> SourceIndex:
        index = cls()
        for source_id, name in session.execute(select(Source.id, Source.name)):
            index.add(source_id, name)
        for source_id, alias in session.execute(select(SourceAlias.source_id, SourceAlias.alias)):
            index.add(source_id, alias, alias=True)
        return index

    def add(self, source_id: int, name: str, alias: bool = False) -> None:
        key = normalize_source_name(name)
        self.names.append((source_id, name, alias))
        self._keys.append(key)
        (self._alias if alias else self._exact).setdefault(key, set()).add(source_id)

    def resolve(self, name: str, thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> SourceResolution:
        key = normalize_source_name(name)
        if not key:
            return SourceResolution("none", None)
        for kind, table in (("exact", self._exact), ("alias", self._alias)):
            ids = table.get(key, set())
            if len(ids) == 1:
                (source_id,) = ids
                return SourceResolution(kind, source_id, (self._match(source_id, key, 100.0),))  # type: ignore[arg-type]
            if len(ids) > 1:
                return SourceResolution("ambiguous", None, tuple(self._match(i, key, 100.0) for i in sorted(ids)))
        best: dict[int, SourceMatch] = {}
        for text, score, index in process.extract(
            key, self._keys, scorer=fuzz.token_sort_ratio, processor=None, limit=None,
            score_cutoff=thresholds.source_fuzzy - thresholds.source_margin,
        ):
            source_id, original, _ = self.names[index]
            if not _words_align(key, text):
                continue
            if source_id not in best or score > best[source_id].score:
                best[source_id] = SourceMatch(source_id, original, round(score, 1))
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.source_id))
        if not ranked or ranked[0].score < thresholds.source_fuzzy:
            return SourceResolution("none", None, tuple(ranked[:5]))
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < thresholds.source_margin:
            return SourceResolution("ambiguous", None, tuple(ranked[:5]))
        return SourceResolution("fuzzy", ranked[0].source_id, tuple(ranked[:5]))

    def _match(self, source_id: int, key: str, score: float) -> SourceMatch:
        for (sid, original, _), stored in zip(self.names, self._keys, strict=False):
            if sid == source_id and stored == key:
                return SourceMatch(source_id, original, score)
        return SourceMatch(source_id, key, score)


def _words_align(a: str, b: str) -> bool:
    """Each word of each name has a close spelling in the other ("Ahmed"/"Ahmad", not "Syria"/"Russia")."""
    a_words, b_words = a.split(), b.split()
    if len(a_words) != len(b_words):
        return False
    for mine, theirs in ((a_words, b_words), (b_words, a_words)):
        for word in mine:
            if not any(word == other or fuzz.ratio(word, other) >= 80 for other in theirs):
                return False
    return True


def resolve_source(
    session: Session, name: str, thresholds: MatchThresholds = DEFAULT_THRESHOLDS
) -> SourceResolution:
    """Resolve a source name: exact name, exact alias, then fuzzy; ambiguity is reported.

    For many names (an import), load a ``SourceIndex`` once and call its ``resolve``.
    """
    return SourceIndex.load(session).resolve(name, thresholds)


# -- ranking for search and pickers (used by claims.py and the TUI) ---------------------------


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
