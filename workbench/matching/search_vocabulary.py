"""Spellings a misspelt search word may stand for, read from a bounded slice of the vocabulary.

The old search read every word of the claim-text index into memory to correct one typo: at a
million claims, ``workbench search q`` took 3 s and 332 MB, 70 % of it loading about a million
terms. Here a word is first looked up by itself (``term = ?``: FTS5's vocabulary answers from
its b-tree), and only an unknown word reads the terms that share its first two letters
(``term >= 'ah' AND term < 'ai'``), at most ``MAX_TERMS`` of them, to pick the closest with
rapidfuzz. A typo in the first two letters is not corrected; the search still finds claims
holding the query's other words.

Words are looked up in every index a search reads: claim text, quotes, source names and
aliases, so "Ahmd" finds "Ahmed" even where no claim's text names him. SQLite only: PostgreSQL
has no vocabulary table without extensions, and searches there without typo correction.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from sqlalchemy import text
from sqlalchemy.orm import Session

INDEXES = ("claims_fts", "attributions_fts", "sources_fts", "source_aliases_fts")
MAX_TERMS = 5000  # per index: the bound on what one unknown word reads
MIN_LENGTH = 3  # shorter words are never corrected ("q" is a word, not a typo)
CUTOFF = 75.0
ALTERNATIVES = 3


def spellings(session: Session, word: str) -> list[str]:
    """``[word]`` if an index holds it (or it is too short to correct), else up to three close
    spellings that one does, best first, or ``[word]`` when there are none."""
    if len(word) < MIN_LENGTH or word.isdigit():
        return [word]
    tables = _vocabulary_tables(session)
    if not tables:
        return [word]
    for table in tables:
        if session.execute(text(f"SELECT 1 FROM temp.{table} WHERE term = :w"), {"w": word}).first():
            return [word]
    low, high = word[:2], word[:1] + chr(ord(word[1]) + 1)
    nearby: set[str] = set()
    for table in tables:
        nearby.update(
            session.execute(
                text(f"SELECT term FROM temp.{table} WHERE term >= :low AND term < :high LIMIT :cap"),
                {"low": low, "high": high, "cap": MAX_TERMS},
            ).scalars()
        )
    matches = process.extract(word, sorted(nearby), scorer=fuzz.ratio, limit=ALTERNATIVES, score_cutoff=CUTOFF)
    return [match[0] for match in matches] or [word]


def _vocabulary_tables(session: Session) -> list[str]:
    """The ``fts5vocab`` tables (in ``temp``, this connection's own) over each index there is."""
    present = set(
        session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (:a, :b, :c, :d)"),
            dict(zip("abcd", INDEXES, strict=True)),
        ).scalars()
    )
    tables = []
    for index in INDEXES:
        if index in present:
            session.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{index}_vocab USING fts5vocab(main, {index}, row)"))
            tables.append(f"{index}_vocab")
    return tables
