"""Is this database already at the newest schema? Answered without importing Alembic.

Every command opens the database, and nearly always it is already at head. Alembic's own
answer imports Alembic and executes every revision script (about a tenth of a second of each
command's start-up); here the revision ids are read from the scripts' text (``revision_scripts``) and the
current one from ``alembic_version`` with one SELECT. Anything unusual (a script whose ids cannot be read,
several heads, no version table, two version rows, an error) answers "don't know", and
``migrate`` then asks Alembic as before: this is only ever a shortcut to "nothing to do".
tests/test_cli_startup.py checks that it agrees with Alembic.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from workbench.db.revision_scripts import migrations_path, scripted_head

__all__ = ["at_scripted_head", "migrations_path", "scripted_head"]


def at_scripted_head(engine: Engine) -> str | None:
    """The database's revision when it is certainly the scripts' head; None when unsure."""
    head = scripted_head()
    if head is None:
        return None
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table yet, a damaged file, a lock: Alembic's path reports it
        return None
    if len(rows) == 1 and rows[0][0] == head:
        return head
    return None
