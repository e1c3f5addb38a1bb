"""The highest id a table has ever handed out, for writers that choose ids themselves.

The review log names rows by id, so an id must never come back once its row is gone (see
``NEVER_REUSE_IDS`` in ``models``). Rows inserted without an id get a fresh one from SQLite's
AUTOINCREMENT counter or PostgreSQL's sequence. A bulk writer that picks ids itself (the
SQLite import path) must start above the highest id ever used, which is not ``max(id)``
after the newest row was deleted: it is the AUTOINCREMENT counter (SQLite) or the sequence's
last value (PostgreSQL) when that is higher.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select, text


def highest_id_ever(connection: Connection, table: Table) -> int:
    """``max(id)`` of ``table``, or the id counter behind it when that is higher."""
    highest = connection.execute(select(func.max(table.c.id))).scalar() or 0
    if connection.dialect.name == "sqlite":
        counter = connection.execute(
            text("SELECT seq FROM sqlite_sequence WHERE name = :name"), {"name": table.name}
        ).scalar()
    else:
        counter = connection.execute(
            text("SELECT pg_sequence_last_value(pg_get_serial_sequence(:name, 'id')::regclass)"), {"name": table.name}
        ).scalar()
    return max(highest, int(counter or 0))
