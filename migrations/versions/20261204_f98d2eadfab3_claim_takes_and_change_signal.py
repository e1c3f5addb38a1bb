"""Who is on what, and a live desk (issue 16): the ``claim_takes`` table, and on PostgreSQL a
trigger that notifies listeners of every review event.

- ``claim_takes``: one row per claim a reviewer has taken ("in review by Lina since 10:42"),
  with when it expires and, for a take-over, whose take it replaced and why.
- PostgreSQL: ``workbench_notify_change()`` and the statement-level trigger
  ``review_events__notify`` send ``NOTIFY workbench_changes`` with the newest event id and the
  claim ids of each INSERT into ``review_events``. Every change the workbench makes writes a
  review event in the same transaction, so the notification arrives exactly when the change
  commits, and a rolled-back change sends none. One notification per statement (not per row)
  keeps a large import from flooding the queue. SQLite has no such thing: an open TUI polls
  ``PRAGMA data_version`` instead (``workbench.db.change_signal``).

Revision ID: f98d2eadfab3
Revises: 5e7a2c91b3d4
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f98d2eadfab3"
down_revision: str | Sequence[str] | None = "5e7a2c91b3d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: this revision must keep creating the same objects.
_CHANNEL = "workbench_changes"
# The payload is "newest event id:claim id,claim id,..." (at most 50 claim ids; NOTIFY payloads
# are capped at 8000 bytes). Listeners read review_events after the last id they saw anyway:
# the payload only says that, and roughly where, something changed.
_NOTIFY_FUNCTION = f"""
CREATE FUNCTION workbench_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload text;
BEGIN
    SELECT max(id)::text || ':' || coalesce(
               (SELECT string_agg(claim_id::text, ',')
                  FROM (SELECT DISTINCT claim_id FROM new_events
                         WHERE claim_id IS NOT NULL ORDER BY claim_id LIMIT 50) AS changed),
               '')
      INTO payload
      FROM new_events;
    IF payload IS NOT NULL THEN
        PERFORM pg_notify('{_CHANNEL}', payload);
    END IF;
    RETURN NULL;
END
$$
"""
_NOTIFY_TRIGGER = """
CREATE TRIGGER review_events__notify AFTER INSERT ON review_events
REFERENCING NEW TABLE AS new_events
FOR EACH STATEMENT EXECUTE FUNCTION workbench_notify_change()
"""


def upgrade() -> None:
    op.create_table(
        "claim_takes",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("taken_over_from", sa.String(200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_takes__claim_id__claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_takes")),
    )
    op.create_index(op.f("ix_claim_takes__expires_at"), "claim_takes", ["expires_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_NOTIFY_FUNCTION)
        op.execute(_NOTIFY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_events__notify ON review_events")
        op.execute("DROP FUNCTION IF EXISTS workbench_notify_change()")
    op.drop_index(op.f("ix_claim_takes__expires_at"), table_name="claim_takes")
    op.drop_table("claim_takes")
