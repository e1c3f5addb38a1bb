"""Full-text search over claim text, attribution quotes and source names.

SQLite uses the FTS5 tables the migrations keep in step by triggers; PostgreSQL uses
``to_tsvector('simple', ...)`` GIN indexes. Both are driven from here so the rest of the code
never writes search SQL. User input never reaches the query language: it is cut into word
tokens, each quoted (FTS5) or sanitised (tsquery), and tried as a prefix too so search works
as the reviewer types.

Matches are collected newest first up to a cap (``MAX_CANDIDATES``): ordering every match of
a common word by relevance in SQL costs a full sort at a million claims (over a second), while
the newest few hundred are what a desk is looking for. The words are tried whole before as
prefixes, because a prefix of a common word makes the index merge every matching term.
Misspelt words are corrected against a bounded slice of the indexes' vocabulary
(``search_vocabulary``, SQLite). The claims found are then ranked by ``search_relevance``:
every query word against the claim's text, quotes and sources' names, 0-100.

The reviewer's search only: finding stored claims that an incoming one may duplicate is
``workbench.matching.prefilter``'s, over the same indexes (``workbench.matching.fts_index``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Executable, bindparam, select, text
from sqlalchemy.orm import Session

from workbench.db.batches import chunks, padded
from workbench.db.models import Attribution, Claim, Source, SourceAlias
from workbench.matching import search_relevance, search_vocabulary
from workbench.matching.fts_index import tsquery_word
from workbench.matching.search_relevance import ClaimWords
from workbench.text.normalize import WORD
from workbench.text.stopwords import FUNCTION_WORDS

MAX_CANDIDATES = 300
"""Claims found per search, then ranked by relevance: the newest 300 matches. Ranking reads each
one's words, so the cap bounds a search's cost at a million claims (a page shows 50)."""


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
    """``match_claim_ids`` with where each claim was found and how relevant it is (0-100).

    Claims are found in widening steps, each only while fewer than ``limit`` (or, for the
    last, ``PARTIAL_BELOW``) are found: every word, exactly; every word, the longer ones as
    prefixes ("russia" finds "Russian"); with misspelt words corrected (``typo_tolerant``); any
    of the words of three letters or more that are not function words. Then all are ranked
    by ``search_relevance``, best first.
    """
    words = terms(query)
    if not words:
        return []
    backend = _SqliteSearch(session) if session.get_bind().dialect.name == "sqlite" else _PostgresSearch(session)
    hits = backend.run(words, limit)
    if typo_tolerant and len(hits) < limit:
        corrected = backend.corrected(words)
        if corrected != [[w] for w in words]:
            hits = _merged(hits, backend.run_alternatives(corrected, limit), limit)
    content = [w for w in words if len(w) >= 3 and w not in FUNCTION_WORDS]
    whole = {hit.claim_id for hit in hits}
    if len(hits) < min(limit, PARTIAL_BELOW) and len(words) > 1 and content:
        # Only words that say something: "x' OR '1'='1" must not find every claim with an "or".
        hits = _merged(hits, backend.collect(backend.query_any(content), limit), limit)
    ranked = _ranked(session, words, hits)
    # A claim found for some of the words stays only if it answers at least half of them.
    return [hit for hit in ranked if hit.claim_id in whole or hit.relevance >= PARTIAL_MIN_RELEVANCE]


PARTIAL_BELOW = 50
"""Claims holding only some of the words are looked for when fewer than this hold them all."""
PARTIAL_MIN_RELEVANCE = 50.0
"""...and kept when their relevance says they answer at least half of the query."""


def _merged(first: list[SearchHit], then: list[SearchHit], limit: int) -> list[SearchHit]:
    seen = {hit.claim_id for hit in first}
    return (first + [hit for hit in then if hit.claim_id not in seen])[:limit]


def _ranked(session: Session, words: list[str], hits: list[SearchHit]) -> list[SearchHit]:
    """``hits`` with their relevance (``search_relevance``), best first; ties keep their order.

    Quotes and sources' names are read only for claims whose own text does not already hold
    every word: at a million claims, reading them for a thousand claims costs more than the
    search itself.
    """
    if not hits:
        return []
    ids = [hit.claim_id for hit in hits]
    found = claim_words(session, ids)
    scores = {claim_id: search_relevance.relevance(words, found[claim_id]) for claim_id in ids}
    partial = {claim_id: found[claim_id] for claim_id in ids if scores[claim_id] < 100}
    add_elsewhere_words(session, partial)
    scores.update((claim_id, search_relevance.relevance(words, claim_words_)) for claim_id, claim_words_ in partial.items())
    where = {hit.claim_id: hit.where for hit in hits}
    ranked = sorted(ids, key=lambda claim_id: -scores[claim_id])  # stable: ties keep the index's order
    return [SearchHit(claim_id, where[claim_id], scores[claim_id]) for claim_id in ranked]


def claim_words(session: Session, claim_ids: list[int]) -> dict[int, ClaimWords]:
    """Each claim's own words (``add_elsewhere_words`` adds its quotes' and sources')."""
    found: dict[int, ClaimWords] = {claim_id: ClaimWords() for claim_id in claim_ids}
    for chunk in chunks(claim_ids):
        for claim_id, value in session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(padded(chunk)))):
            found[claim_id].add_text(value)
    return found


def add_elsewhere_words(session: Session, found: dict[int, ClaimWords]) -> None:
    """Add each claim's quotes and its sources' names and aliases to its words."""
    for chunk in chunks(list(found)):
        elsewhere: list[Executable] = [
            select(Attribution.claim_id, Attribution.quote).where(Attribution.claim_id.in_(padded(chunk)), Attribution.quote.is_not(None)),
            select(Attribution.claim_id, Source.name)
            .join(Source, Source.id == Attribution.source_id)
            .where(Attribution.claim_id.in_(padded(chunk))),
            select(Attribution.claim_id, SourceAlias.alias)
            .join(SourceAlias, SourceAlias.source_id == Attribution.source_id)
            .where(Attribution.claim_id.in_(padded(chunk))),
        ]
        for statement in elsewhere:
            for claim_id, value in session.execute(statement):
                found[claim_id].add_elsewhere(value)


class _Backend(ABC):
    """One search dialect: how to phrase a query, and the three places words are looked for.

    ``collect`` is the same for both: claim-text matches ranked by relevance, then claims
    with a matching quote, then claims citing a matching source, up to ``limit`` in all.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    @abstractmethod
    def query(self, alternatives: list[list[str]], prefixes: bool) -> str:
        """The dialect's query: every group of alternatives required; with ``prefixes``, each
        word worth it (``_worth_a_prefix``) as a prefix ("russia" finds "Russian")."""

    @abstractmethod
    def query_any(self, words: list[str]) -> str:
        """The dialect's query for claims holding any of ``words`` (the longer ones as prefixes)."""

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
        hits = self.collect(self.query(single, prefixes=False), limit)
        if len(hits) < limit and any(_worth_a_prefix(w) for w in words):
            hits = _merged(hits, self.collect(self.query(single, prefixes=True), limit), limit)
        return hits

    def run_alternatives(self, alternatives: list[list[str]], limit: int) -> list[SearchHit]:
        return self.collect(self.query(alternatives, prefixes=False), limit)

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
    def query_any(self, words: list[str]) -> str:
        return " OR ".join(f'"{w}"*' if _worth_a_prefix(w) else f'"{w}"' for w in dict.fromkeys(words))

    def query(self, alternatives: list[list[str]], prefixes: bool) -> str:
        groups = []
        for options in alternatives:
            quoted = [f'"{w}"*' if prefixes and _worth_a_prefix(w) else f'"{w}"' for w in options]
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
        return [search_vocabulary.spellings(self.session, word) for word in words]


class _PostgresSearch(_Backend):
    def query_any(self, words: list[str]) -> str:
        cleaned = [(tsquery_word(w), _worth_a_prefix(w)) for w in dict.fromkeys(words)]
        return " | ".join(f"{w}:*" if prefix else w for w, prefix in cleaned if w)

    # PostgreSQL has no cheap vocabulary table without extensions, so typos are left to
    # `--fuzzy` (a rapidfuzz scan) there: ``corrected`` is the base class's.

    def query(self, alternatives: list[list[str]], prefixes: bool) -> str:
        groups = []
        for options in alternatives:
            cleaned = [(tsquery_word(w), prefixes and _worth_a_prefix(w)) for w in options]
            if not any(w for w, _ in cleaned):
                continue
            groups.append("(" + " | ".join(f"{w}:*" if star else w for w, star in cleaned if w) + ")")
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


def too_short_for_a_prefix(query: str) -> list[str]:
    """The words of ``query`` matched only whole because they are under ``MIN_PREFIX`` letters
    (numbers aside, which typing more would not help): what a search that found nothing tells
    the reviewer, who typed "q" expecting "Qamishli" (``_worth_a_prefix``)."""
    return [word for word in terms(query) if not _worth_a_prefix(word) and not word.isdigit()]


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
