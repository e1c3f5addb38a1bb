"""Ids the review log names are never handed out again; review events record where they were made.

SQLite gives a new row ``max(id) + 1`` unless the table is declared ``AUTOINCREMENT``: after
an undo removed attribution 37, the next attribution was 37 again, and the review log then
named two different things with one id. Every table the log refers to (sources, documents,
claims, attributions, claim links, and the log itself, which undo events cite) is rebuilt
with ``AUTOINCREMENT``, keeping every row, id, constraint, index, trigger and view. Each
table's counter starts above the highest id the log has ever named, so ids handed out before
this revision and since deleted are not reused either. PostgreSQL's sequences never reuse an
id; there each sequence is only moved past the highest id the log names, in case rows were
ever written with explicit ids (a restore, hand-written SQL).

``review_events.origin`` says in words where a change was made (the command line or the
review TUI, on which host and terminal) and ``origin_session`` identifies that terminal or
TUI session: undo shows the first and compares the second before it undoes anything.

Revision ID: 108adfc7f888
Revises: d7e2b8c4a1f0
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.db.sqlite_rebuild import preserving_dependents

revision: str = "108adfc7f888"
down_revision: str | Sequence[str] | None = "d7e2b8c4a1f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the review log's entity_type for its rows (None: the log itself)
_TABLES: dict[str, str | None] = {
    "sources": "source",
    "documents": "document",
    "claims": "claim",
    "attributions": "attribution",
    "claim_links": "link",
    "review_events": None,
}


def _origin_columns() -> list[sa.Column]:
    return [sa.Column("origin", sa.Text(), nullable=True), sa.Column("origin_session", sa.String(length=200), nullable=True)]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        for column in _origin_columns():
            op.add_column("review_events", column)
        for table, entity_type in _TABLES.items():
            _move_sequence_past_logged_ids(table, entity_type)
        return
    with preserving_dependents(bind, list(_TABLES)):
        for table in _TABLES:
            with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
                if table == "review_events":
                    for column in _origin_columns():
                        batch.add_column(column)
    for table, entity_type in _TABLES.items():
        _start_counter_above_logged_ids(table, entity_type)


def _highest_id_ever(table: str, entity_type: str | None) -> str:
    """SQL for the highest id ``table`` holds or the review log has ever named in it."""
    if entity_type is None:
        return "(SELECT coalesce(max(id), 0) FROM review_events)"
    logged = f"SELECT entity_id AS id FROM review_events WHERE entity_type = '{entity_type}'"
    if table == "claims":
        logged += " UNION ALL SELECT claim_id FROM review_events WHERE claim_id IS NOT NULL"
    return f"(SELECT coalesce(max(id), 0) FROM ({logged} UNION ALL SELECT id FROM {table}) AS ids)"


def _start_counter_above_logged_ids(table: str, entity_type: str | None) -> None:
    """Raise ``table``'s AUTOINCREMENT counter to the highest id its rows or the log ever had."""
    highest = _highest_id_ever(table, entity_type)
    op.execute(f"UPDATE sqlite_sequence SET seq = max(seq, {highest}) WHERE name = '{table}'")
    op.execute(
        f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', {highest} "
        f"WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '{table}') AND {highest} > 0"
    )


def _move_sequence_past_logged_ids(table: str, entity_type: str | None) -> None:
    highest = _highest_id_ever(table, entity_type)
    sequence = f"pg_get_serial_sequence('{table}', 'id')"
    op.execute(
        f"SELECT setval({sequence}, {highest}) WHERE {highest} > 0 AND "
        f"{highest} > (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {table}_id_seq)"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_column("review_events", "origin_session")
        op.drop_column("review_events", "origin")
        return
    # Reflection does not see AUTOINCREMENT, so the plain rebuild leaves it out.
    with preserving_dependents(bind, list(_TABLES)):
        for table in _TABLES:
            with op.batch_alter_table(table, recreate="always") as batch:
                if table == "review_events":
                    batch.drop_column("origin_session")
                    batch.drop_column("origin")
