"""Candidates for an incoming claim: stored claims sharing its rarest words, best first.

``match_claim_ids`` (the reviewer's search) wants every word of a query, which a reworded
claim never has. This prefilter asks the same indexes for claims sharing *any* of the
incoming claim's rarest words and lets the index rank them (bm25 on SQLite, ts_rank on
PostgreSQL): names, places and numbers survive rewording, and a claim sharing several rare
words comes first. On SQLite a few common words also rank what the rare ones select,
without selecting claims themselves (``_match_expression``). ``workbench.matching.fuzzy.find_claim_candidates`` then re-scores the short
list with rapidfuzz. Without full-text tables it falls back to ``scan_prefilter``. Word
frequencies are counted for the words asked about and cached for a few minutes
(``document_frequencies``); words added since count as rarer than they are.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from workbench.db.models import Claim
from workbench.matching.fts_index import count_words, database_key, tsquery_word
from workbench.matching.match_keys import SIMILARITY_SCORER, match_key
from workbench.text.normalize import WORD, fold_accents
from workbench.text.stopwords import FUNCTION_WORDS

MAX_TERMS = 8
MIN_TERMS = 3
COMMON_FLOOR = 1000  # a word in fewer claims than this is never "common"
RARE_SHARE = 100  # ... nor one in fewer than 1 claim in RARE_SHARE
# Claims bm25 may rank for one incoming claim when common words fill in for missing rare
# ones: ranking costs about 1 ms per 1,000 claims, and three common words at a million claims
# were 60,000 of them (the slowest 5% of queries, 40-75 ms). Rare words are never cut.
POSTING_BUDGET = 20_000
# Common words still rank the claims the rare ones select ("rosha" alone selects 834 claims
# in no useful order; "storehouse" and "monday" put the reworded one first): up to
# MAX_RANKERS of them, each in at most 1 claim in RANKING_SHARE (commoner ones say nothing).
MAX_RANKERS = 5
RANKING_SHARE = 10
VOCABULARY_TTL_SECONDS = 300.0


def query_terms(claim_text: str) -> list[str]:
    """The words of a claim as the FTS tokenizer sees them (lowercase, no diacritics), minus noise."""
    seen: dict[str, None] = {}
    for word in WORD.findall(fold_accents(claim_text).lower()):
        if word not in FUNCTION_WORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)


def similar_claim_ids(session: Session, claim_text: str, limit: int) -> list[int]:
    """Ids of claims sharing the rarest words of ``claim_text``, best ranked first."""
    terms = query_terms(claim_text)
    if not terms:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        if not _has_sqlite_fts(session):
            return scan_prefilter(session, claim_text, limit)
        frequencies = document_frequencies(session, terms)
        # A word missing from the cached frequencies is rare (or was stored since they were
        # read, by this very import perhaps): it goes first.
        ranked = sorted(terms, key=lambda t: (frequencies.get(t, 0), -len(t)))
        # Ranking every claim that holds a common word costs a sort of all of them (83 ms for
        # one word at a million claims): common words join only when too few rare ones exist.
        cap = max(COMMON_FLOOR, _claim_count(session) // RARE_SHARE)
        match = _match_expression(ranked, frequencies, cap, _claim_count(session) // RANKING_SHARE, limit)
        if not match:
            return []
        rows = session.execute(
            text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH :match ORDER BY rank LIMIT :limit"),
            {"match": match, "limit": limit},
        ).scalars()
        return list(rows)
    # PostgreSQL: no cheap document frequencies, so prefer long words (rarer, as a rule).
    chosen = sorted(terms, key=lambda t: (-len(t), t))[:MAX_TERMS]
    query = " | ".join(word for word in map(tsquery_word, chosen) if word)
    if not query:
        return []
    rows = session.execute(
        text(
            "SELECT id FROM claims WHERE to_tsvector('simple', coalesce(text, '')) @@ to_tsquery('simple', :q) "
            "ORDER BY ts_rank(to_tsvector('simple', coalesce(text, '')), to_tsquery('simple', :q)) DESC, id "
            "LIMIT :limit"
        ),
        {"q": query, "limit": limit},
    ).scalars()
    return list(rows)


def _match_expression(ranked: list[str], frequencies: Mapping[str, int], cap: int, ceiling: int, limit: int) -> str:
    """The FTS5 query: claims holding any chosen word (``_chosen_terms``), ranked by bm25 over
    those words and up to ``MAX_RANKERS`` other common ones in at most ``ceiling`` claims.

    ``(a OR b) AND (a OR b OR c OR d)`` selects what ``a OR b`` does, but bm25 scores every
    phrase, so c and d order the selection, for the cost of reading their lists (5 ms at a
    million claims, not the 20 ms of letting "storehouse" select its 20,000 claims to rank).
    When the chosen words are in ``limit`` claims or fewer, every one of them is returned
    whatever the order, and the common words are not read at all.
    """
    chosen = _chosen_terms(ranked, frequencies, cap)
    if not chosen:
        return ""
    either = " OR ".join(f'"{t}"' for t in chosen)
    if sum(frequencies.get(t, 0) for t in chosen) <= limit:
        return either
    rankers = [t for t in ranked if t not in chosen and 0 < frequencies.get(t, 0) <= ceiling][:MAX_RANKERS]
    if not rankers:
        return either
    return f"({either}) AND ({either} OR {' OR '.join(f'{chr(34)}{t}{chr(34)}' for t in rankers)})"


def _chosen_terms(ranked: list[str], frequencies: Mapping[str, int], cap: int) -> list[str]:
    """The words that select candidates, from ``ranked`` (rarest first): the rare ones (in at
    most ``cap`` claims), up to ``MAX_TERMS``; common ones join only while fewer than
    ``MIN_TERMS`` are chosen and the claims holding them stay within ``POSTING_BUDGET``, except
    that one always joins when no chosen word is in any claim yet (a typo'd or new word finds
    nothing)."""
    rare = [t for t in ranked if frequencies.get(t, 0) <= cap][:MAX_TERMS]
    if len(rare) >= MIN_TERMS:
        return rare
    chosen = list(rare)
    postings = sum(frequencies.get(t, 0) for t in chosen)
    for term in ranked:
        if len(chosen) >= MIN_TERMS:
            break
        if term in chosen:
            continue
        count = frequencies.get(term, 0)
        if postings + count > POSTING_BUDGET and postings > 0:
            break
        chosen.append(term)
        postings += count
    return chosen


_has_fts: dict[str, bool] = {}
_counts: dict[str, tuple[float, int]] = {}


def _has_sqlite_fts(session: Session) -> bool:
    key = database_key(session)
    if key not in _has_fts:
        _has_fts[key] = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'claims_fts'")).first() is not None
    return _has_fts[key]


def _claim_count(session: Session) -> int:
    key = database_key(session)
    now = time.monotonic()
    cached = _counts.get(key)
    if cached is None or now - cached[0] > VOCABULARY_TTL_SECONDS:
        cached = (now, int(session.execute(text("SELECT max(id) FROM claims")).scalar() or 0))
        _counts[key] = cached
    return cached[1]


@dataclass
class _Frequencies:
    """One database's document frequencies: the words counted so far, and since when."""

    read_at: float
    counts: dict[str, int] = field(default_factory=dict)


_frequency_cache: dict[str, _Frequencies] = {}
_frequency_lock = threading.Lock()


def document_frequencies(session: Session, words: Sequence[str]) -> Mapping[str, int]:
    """How many claims contain each of ``words`` (and of words asked before), cached per
    database for a few minutes; only words not asked yet are counted.

    Until 2026-12 the first query read every word's count: FTS5 counts a word's claims by
    reading its postings, so that read the whole index, 2-3.6 s and 250 MB for the million
    distinct words of the 1M-claim query benchmark, paid by each small import and each article's intake
    into such a database (``import`` of 20 claims took 2.9 s and 314 MB; now 1.1 s and 67 MB).
    Counting a claim's own words costs 14-28 ms at a million claims, and less as the common
    ones stay cached. Words stored since they were counted are treated as rarer than they are.
    """
    key = database_key(session)
    now = time.monotonic()
    with _frequency_lock:
        entry = _frequency_cache.get(key)
        if entry is None or now - entry.read_at >= VOCABULARY_TTL_SECONDS:
            entry = _frequency_cache[key] = _Frequencies(read_at=now)
        missing = [word for word in words if word not in entry.counts]
    if missing:
        found = count_words(session, missing)
        with _frequency_lock:
            entry.counts.update((word, found.get(word, 0)) for word in missing)
    return entry.counts


def forget_frequencies() -> None:
    """Drop the cached document frequencies (tests; after a large import)."""
    with _frequency_lock:
        _frequency_cache.clear()
        _has_fts.clear()
        _counts.clear()


def scan_prefilter(session: Session, claim_text: str, limit: int) -> list[int]:
    """Every claim scored against ``claim_text``: exact, and linear in the number of claims.

    The fallback when no full-text index is available; fine for desk-sized databases.
    """
    key = match_key(claim_text)
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
