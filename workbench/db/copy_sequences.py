"""After a copy, the target's id counters start where the source's stopped, never lower.

The review log names rows by id, so an id must never be handed out twice, even for a row
that was deleted (an undone attribution, a merged claim). Copying the rows with their ids is
not enough: PostgreSQL's sequences would still start at 1, and SQLite's AUTOINCREMENT
counter (``sqlite_sequence``) would start at the highest id *copied*, which is lower than the
highest id ever used when the newest rows were deleted. ``highest_id_ever`` reads the
source's counter; ``set_id_counter`` writes it into the target.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, text

from workbench.db.ids import highest_id_ever


def has_id_counter(table: Table) -> bool:
    """Whether ``table`` hands out its own integer ids (a single ``id`` primary key)."""
    keys = list(table.primary_key.columns)
    return len(keys) == 1 and keys[0].name == "id" and keys[0].autoincrement in (True, "auto")


def id_counters(connection: Connection, tables: list[Table]) -> dict[str, int]:
    """The highest id each table has ever handed out, in the source."""
    return {table.name: highest_id_ever(connection, table) for table in tables if has_id_counter(table)}


def set_id_counters(connection: Connection, tables: list[Table], counters: dict[str, int]) -> None:
    """Make the target hand out ids above ``counters`` (in the caller's transaction)."""
    for table in tables:
        if table.name in counters:
            set_id_counter(connection, table, counters[table.name])


def set_id_counter(connection: Connection, table: Table, highest: int) -> None:
    if connection.dialect.name == "sqlite":
        # Only AUTOINCREMENT tables keep a counter; the others hand out max(id) + 1 by design.
        if not table.dialect_options["sqlite"].get("autoincrement"):
            return
        connection.execute(text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table.name})
        if highest > 0:
            connection.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"), {"name": table.name, "seq": highest}
            )
        return
    # setval(seq, n, true): the next id is n + 1; setval(seq, 1, false): the next id is 1.
    connection.execute(
        text("SELECT setval(pg_get_serial_sequence(:name, 'id'), :value, :called)"),
        {"name": table.name, "value": max(highest, 1), "called": highest > 0},
    )
