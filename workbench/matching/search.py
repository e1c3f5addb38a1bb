"""Full-text search over claim text, attribution quotes and source names.

SQLite uses the FTS5 tables the migrations keep in step by triggers; PostgreSQL uses
``to_tsvector('simple', ...)`` GIN indexes. Both are driven from here so the rest of the code
never writes search SQL. User input never reaches the query language: it is cut into word
tokens, each quoted (FTS5) or sanitised (tsquery), the last one as a prefix so search works
as the reviewer types.

Matches are collected newest first up to a cap (``MAX_CANDIDATES``) and ranked by relevance
(bm25 on SQLite, ts_rank on PostgreSQL) afterwards: ordering every match of a common word by
relevance costs a full sort at a million claims (over a second), while the newest few
thousand are what a desk is looking for. The last word is tried whole before as a prefix,
because a prefix of a common word makes the index merge every matching term. Typos are
handled by correcting each word against the index's own vocabulary with rapidfuzz (SQLite).

The reviewer's search only: finding stored claims that an incoming one may duplicate is
``workbench.matching.prefilter``'s, over the same indexes (``workbench.matching.fts_index``).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from workbench.matching.fts_index import database_key, read_vocabulary, tsquery_word
from workbench.text.normalize import WORD

MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class SearchHit:
    """A claim found by search, where the words were found, and how relevant (higher is better)."""

    claim_id: int
    where: str  # "text", "quote" or "source"
    relevance: float = 0.0


def terms(query: str) -> list[str]:
    """The words of a query, lowercased; everything else (operators, quotes, markup) dropped."""
    return [word.lower() for word in WORD.findall(query)][:16]


def match_claim_ids(session: Session, query: str, limit: int = MAX_CANDIDATES, *, typo_tolerant: bool = True) -> list[int]:
    """Claim ids whose text, a quote, or a source's name or alias contains every word.

    Claim-text matches come first, then quote matches, then source matches; each group
    newest first. With ``typo_tolerant``, words not in the index are replaced by their
    closest indexed spellings.
    """
    return [hit.claim_id for hit in search(session, query, limit, typo_tolerant=typo_tolerant)]


def search(session: Session, query: str, limit: int = MAX_CANDIDATES, *, typo_tolerant: bool = True) -> list[SearchHit]:
    """``match_claim_ids`` with where each claim was found and how relevant it is."""
    words = terms(query)
    if not words:
        return []
    backend = _SqliteSearch(session) if session.get_bind().dialect.name == "sqlite" else _PostgresSearch(session)
    hits = backend.run(words, limit)
    if not hits and typo_tolerant:
        corrected = backend.corrected(words)
        if corrected and corrected != [[w] for w in words]:
            hits = backend.run_alternatives(corrected, limit)
    return hits


class _Backend(ABC):
    """One search dialect: how to phrase a query, and the three places words are looked for.

    ``collect`` is the same for both: claim-text matches ranked by relevance, then claims
    with a matching quote, then claims citing a matching source, up to ``limit`` in all.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    @abstractmethod
    def query(self, alternatives: list[list[str]], prefix_last: bool) -> str:
        """The dialect's query: every group of alternatives required, the last as a prefix."""

    @abstractmethod
    def text_matches(self, query: str, limit: int) -> list[tuple[int, float]]:
        """(claim id, relevance) of the newest ``limit`` claims whose text matches."""

    @abstractmethod
    def quote_matches(self, query: str, limit: int) -> Iterable[int]:
        """Ids of claims with a matching quote, newest first."""

    @abstractmethod
    def source_matches(self, query: str) -> list[int]:
        """Ids of sources whose name or an alias matches."""

    def corrected(self, words: list[str]) -> list[list[str]]:
        """Each word with the indexed spellings it may be a typo for (itself if known)."""
        return [[w] for w in words]

    def run(self, words: list[str], limit: int) -> list[SearchHit]:
        single = [[w] for w in words]
        hits = self.collect(self.query(single, prefix_last=False), limit)
        if len(hits) < limit and _worth_a_prefix(words[-1]):
            hits = self.collect(self.query(single, prefix_last=True), limit)
        return hits

    def run_alternatives(self, alternatives: list[list[str]], limit: int) -> list[SearchHit]:
        return self.collect(self.query(alternatives, prefix_last=False), limit)

    def collect(self, query: str, limit: int) -> list[SearchHit]:
        if not query:
            return []
        hits: list[SearchHit] = []
        seen: set[int] = set()

        def add(claim_id: int, where: str, relevance: float = 0.0) -> None:
            if claim_id not in seen and len(hits) < limit:
                seen.add(claim_id)
                hits.append(SearchHit(claim_id, where, relevance))

        for claim_id, relevance in sorted(self.text_matches(query, limit), key=lambda row: (-row[1], -row[0])):
            add(claim_id, "text", round(relevance, 4))
        if len(hits) < limit:
            for claim_id in self.quote_matches(query, limit):
                add(claim_id, "quote")
        if len(hits) < limit and (source_ids := self.source_matches(query)):
            for claim_id in _claims_citing(self.session, source_ids, limit):
                add(claim_id, "source")
        return hits


class _SqliteSearch(_Backend):
    def query(self, alternatives: list[list[str]], prefix_last: bool) -> str:
        groups = []
        for position, options in enumerate(alternatives):
            star = "*" if prefix_last and position == len(alternatives) - 1 else ""
            quoted = [f'"{w}"{star}' for w in options]
            groups.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
        return " AND ".join(groups)

    def text_matches(self, query: str, limit: int) -> list[tuple[int, float]]:
        rows = self.session.execute(
            text("SELECT rowid, rank FROM claims_fts WHERE claims_fts MATCH :match ORDER BY rowid DESC LIMIT :cap"),
            {"match": query, "cap": limit},
        ).all()
        return [(claim_id, -rank) for claim_id, rank in rows]  # bm25 rank: lower is better

    def quote_matches(self, query: str, limit: int) -> Iterable[int]:
        return self.session.execute(
            text(
                "SELECT a.claim_id FROM attributions a WHERE a.id IN ("
                " SELECT rowid FROM attributions_fts WHERE attributions_fts MATCH :match"
                " ORDER BY rowid DESC LIMIT :cap) ORDER BY a.claim_id DESC"
            ),
            {"match": query, "cap": limit},
        ).scalars()

    def source_matches(self, query: str) -> list[int]:
        return list(
            self.session.execute(
                text(
                    "SELECT rowid FROM sources_fts WHERE sources_fts MATCH :match "
                    "UNION SELECT a.source_id FROM source_aliases a WHERE a.id IN ("
                    " SELECT rowid FROM source_aliases_fts WHERE source_aliases_fts MATCH :match)"
                ),
                {"match": query},
            ).scalars()
        )

    def corrected(self, words: list[str]) -> list[list[str]]:
        vocabulary = _vocabulary(self.session)
        known = set(vocabulary)
        alternatives: list[list[str]] = []
        for word in words:
            if word in known:
                alternatives.append([word])
                continue
            matches = process.extract(word, vocabulary, scorer=fuzz.ratio, limit=3, score_cutoff=75)
            alternatives.append([m[0] for m in matches] or [word])
        return alternatives


class _PostgresSearch(_Backend):
    # PostgreSQL has no cheap vocabulary table without extensions, so typos are left to
    # `--fuzzy` (a rapidfuzz scan) there: ``corrected`` is the base class's.

    def query(self, alternatives: list[list[str]], prefix_last: bool) -> str:
        groups = []
        for position, options in enumerate(alternatives):
            cleaned = [word for word in map(tsquery_word, options) if word]
            if not cleaned:
                continue
            suffix = ":*" if prefix_last and position == len(alternatives) - 1 else ""
            groups.append("(" + " | ".join(f"{w}{suffix}" for w in cleaned) + ")")
        return " & ".join(groups)

    def text_matches(self, query: str, limit: int) -> list[tuple[int, float]]:
        rows = self.session.execute(
            text(
                "SELECT id, ts_rank(to_tsvector('simple', coalesce(text, '')), to_tsquery('simple', :q)) AS relevance "
                "FROM claims WHERE to_tsvector('simple', coalesce(text, '')) @@ to_tsquery('simple', :q) "
                "ORDER BY id DESC LIMIT :cap"
            ),
            {"q": query, "cap": limit},
        ).all()
        return [(claim_id, float(relevance)) for claim_id, relevance in rows]

    def quote_matches(self, query: str, limit: int) -> Iterable[int]:
        return self.session.execute(
            text(
                "SELECT claim_id FROM attributions "
                "WHERE to_tsvector('simple', coalesce(quote, '')) @@ to_tsquery('simple', :q) "
                "ORDER BY claim_id DESC LIMIT :cap"
            ),
            {"q": query, "cap": limit},
        ).scalars()

    def source_matches(self, query: str) -> list[int]:
        return list(
            self.session.execute(
                text(
                    "SELECT id FROM sources WHERE to_tsvector('simple', coalesce(name, '')) @@ to_tsquery('simple', :q) "
                    "UNION SELECT source_id FROM source_aliases "
                    "WHERE to_tsvector('simple', coalesce(alias, '')) @@ to_tsquery('simple', :q)"
                ),
                {"q": query},
            ).scalars()
        )


MIN_PREFIX = 3


def _worth_a_prefix(word: str) -> bool:
    """Expand the last word as a prefix only from three characters on, and never a number.

    "2*" or "ru*" makes the index merge the lists of every matching term (hundreds of
    milliseconds at a million claims) for results nobody can use; typing on narrows them.
    """
    return len(word) >= MIN_PREFIX and not word.isdigit()


def _claims_citing(session: Session, source_ids: list[int], limit: int) -> list[int]:

    statement = text(
        "SELECT DISTINCT claim_id FROM attributions WHERE source_id IN :ids LIMIT :cap"
    ).bindparams(bindparam("ids", expanding=True))
    ids = list(session.execute(statement, {"ids": source_ids[:500], "cap": limit}).scalars())
    return sorted(ids, reverse=True)


_vocabulary_cache: dict[str, tuple[tuple[int, int], list[str]]] = {}
_vocabulary_lock = threading.Lock()


def _vocabulary(session: Session) -> list[str]:
    """Every word in the claim-text index, cached per database (reading it costs ~150 ms at 1M).

    For typo correction the cache must be current, so it is keyed on the newest claim id and
    review event id: any claim added, and any change made through the workbench (which logs a
    review event), refreshes it.
    """
    key = database_key(session)
    signature = tuple(
        session.execute(
            text("SELECT (SELECT coalesce(max(id), 0) FROM claims), (SELECT coalesce(max(id), 0) FROM review_events)")
        ).one()
    )
    with _vocabulary_lock:
        cached = _vocabulary_cache.get(key)
        if cached and cached[0] == signature:
            return cached[1]
    words = list(read_vocabulary(session))
    with _vocabulary_lock:
        _vocabulary_cache[key] = (signature, words)
    return words



def invalidate_vocabulary() -> None:
    with _vocabulary_lock:
        _vocabulary_cache.clear()

