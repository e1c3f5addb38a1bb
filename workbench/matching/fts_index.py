"""What both searches ask of the full-text index: which database, its vocabulary, safe words.

Shared by the reviewer's search (``workbench.matching.search``) and the candidate prefilter
(``workbench.matching.prefilter``), which otherwise have nothing to do with each other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Engine, bindparam, text
from sqlalchemy.orm import Session

from workbench.db.batches import chunks

_NOT_WORD_CHARACTER = re.compile(r"[^\w]")


def database_key(session: Session) -> str:
    """The database a session is on, for caches kept per database."""
    bind = session.get_bind()
    return str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url)


def count_words(session: Session, words: Sequence[str]) -> dict[str, int]:
    """How many claims hold each of ``words`` (absent: none), from FTS5's vocabulary.

    FTS5 counts a word's claims by reading its postings, so a claim's dozen words cost 14-28 ms
    at a million claims, while every word's count reads the whole index (2-3.6 s there)."""
    _create_vocabulary_table(session)
    counts: dict[str, int] = {}
    for chunk in chunks(list(words)):
        statement = text("SELECT term, doc FROM temp.claims_fts_vocab WHERE term IN :words").bindparams(
            bindparam("words", expanding=True)
        )
        counts.update((term, doc) for term, doc in session.execute(statement, {"words": list(chunk)}))
    return counts


def _create_vocabulary_table(session: Session) -> None:
    session.execute(
        text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_fts_vocab USING fts5vocab(main, claims_fts, row)")
    )


def tsquery_word(word: str) -> str:
    """``word`` with everything but word characters removed: safe inside a PostgreSQL tsquery."""
    return _NOT_WORD_CHARACTER.sub("", word)
