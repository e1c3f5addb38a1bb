"""What both searches ask of the full-text index: which database, its vocabulary, safe words.

Shared by the reviewer's search (``workbench.matching.search``) and the candidate prefilter
(``workbench.matching.prefilter``), which otherwise have nothing to do with each other.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

_NOT_WORD_CHARACTER = re.compile(r"[^\w]")


def database_key(session: Session) -> str:
    """The database a session is on, for caches kept per database."""
    bind = session.get_bind()
    return str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url)


def read_vocabulary(session: Session) -> dict[str, int]:
    """Every word of the claim-text index and how many claims hold it (FTS5's own vocabulary)."""
    session.execute(
        text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.claims_fts_vocab USING fts5vocab(main, claims_fts, row)")
    )
    return dict(session.execute(text("SELECT term, doc FROM temp.claims_fts_vocab")).all())


def tsquery_word(word: str) -> str:
    """``word`` with everything but word characters removed: safe inside a PostgreSQL tsquery."""
    return _NOT_WORD_CHARACTER.sub("", word)
