"""The highest id a table has ever handed out, for writers that choose ids themselves.

The review log names rows by id, so an id must never come back once its row is gone (see
``NEVER_REUSE_IDS`` in ``models``). Rows inserted without an id get a fresh one from SQLite's
AUTOINCREMENT counter or PostgreSQL's sequence. A bulk writer that picks ids itself (the
SQLite import path) must start above the highest id ever used, which is not ``max(id)``
after the newest row was deleted: on SQLite it is the AUTOINCREMENT counter when that is
higher.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select, text


def highest_id_ever(connection: Connection, table: Table) -> int:
    """``max(id)`` of ``table``, or its SQLite AUTOINCREMENT counter when that is higher."""
    highest = connection.execute(select(func.max(table.c.id))).scalar() or 0
    if connection.dialect.name == "sqlite":
        counter = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        ).scalar()
        highest = max(highest, int(counter or 0))
    return highest
