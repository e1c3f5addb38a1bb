"""Keeping views and triggers alive across a batch ("move and copy") table rebuild on SQLite.

Batch mode rebuilds a table by creating a copy, dropping the original and renaming the copy.
Dropping a table silently drops its triggers (the FTS5 triggers that keep search in step),
and the rename fails outright while a view names the table. A migration that batch-alters
``claims``, ``attributions``, ``sources`` or ``source_aliases`` must therefore wrap the batch
in ``preserving_dependents``: it saves the database's own definitions of the affected views
and triggers, drops them, and recreates them afterwards, so this works whatever revision
created them. Re-indexing is not needed: the copy keeps every row's id.

Dropping the original also drops its AUTOINCREMENT counter (``sqlite_sequence``): the copy
starts counting from its highest row, and an id freed by an undo would come back. The counters
of the rebuilt tables are saved and put back, never lowered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text


@contextmanager
def preserving_dependents(connection: Connection, tables: list[str]) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        yield
        return
    saved = connection.execute(
        text(
            "SELECT type, name, tbl_name, sql FROM sqlite_master "
            "WHERE type IN ('view', 'trigger') AND sql IS NOT NULL ORDER BY type DESC, name"
        )
    ).all()
    # SQLite records which table a trigger is on (``tbl_name``); reading it from the SQL text
    # once missed a trigger whose ``ON claims`` was followed by a line break.
    rebuilt = {table.lower() for table in tables}
    dependents = [(kind, name, sql) for kind, name, table, sql in saved if kind == "view" or table.lower() in rebuilt]
    for kind, name, _sql in dependents:
        connection.execute(text(f'DROP {kind.upper()} IF EXISTS "{name}"'))
    counters = _counters(connection, tables)
    yield
    for _kind, _name, sql in sorted(dependents, key=lambda row: row[0] != "view"):
        connection.execute(text(sql))
    _restore_counters(connection, counters)


def _counters(connection: Connection, tables: list[str]) -> dict[str, int]:
    """The AUTOINCREMENT counters of ``tables`` (none before any table used AUTOINCREMENT)."""
    exists = connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")).first()
    if exists is None:
        return {}
    rows = connection.execute(text("SELECT name, seq FROM sqlite_sequence")).all()
    return {name: int(seq) for name, seq in rows if name in tables}


def _restore_counters(connection: Connection, counters: dict[str, int]) -> None:
    for table, seq in counters.items():
        updated = connection.execute(
            text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :name"), {"seq": seq, "name": table}
        ).rowcount
        if not updated:  # the copy is empty, or its counter not written yet
            connection.execute(text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"), {"name": table, "seq": seq})

