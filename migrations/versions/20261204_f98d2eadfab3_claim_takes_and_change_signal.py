"""Who is on what, and a live desk (issue 16): the ``claim_takes`` table, and on PostgreSQL a
trigger that notifies listeners of every review event.

- ``claim_takes``: one row per claim a reviewer has taken ("in review by Lina since 10:42"),
  with when it expires and, for a take-over, whose take it replaced and why.
- PostgreSQL: ``workbench_notify_change()`` and the trigger ``review_events__notify`` send
  ``NOTIFY workbench_changes`` with the claim id of each review event written (at most 50 per
  transaction, then one ``*``). Every change the workbench makes writes a review event in the
  same transaction, so the notification arrives exactly when the change commits, and a
  rolled-back change sends none. SQLite has no such thing: an open TUI polls
  ``PRAGMA data_version`` instead (``workbench.db.change_signal``).

Revision ID: f98d2eadfab3
Revises: 52ecf2d9e65b
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f98d2eadfab3"
down_revision: str | Sequence[str] | None = "52ecf2d9e65b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out rather than imported: this revision must keep creating the same objects.
_CHANNEL = "workbench_changes"
# Each review event notifies with its claim id (PostgreSQL folds identical notifications of one
# transaction into one), up to 50 per transaction; after that one "*" says "many", and the
# rest notify nothing: a bulk import is one wake-up, not a million. Listeners read the review
# log after the last event they saw anyway: the payload only says roughly where to look.
# Row-level and tiny on purpose: a statement-level trigger with a transition table made bulk
# inserts of review events 65% slower (psycopg's executemany runs one statement per row);
# this one costs about 18% on such inserts, and nothing that a reviewer notices on one change.
_NOTIFY_FUNCTION = f"""
CREATE FUNCTION workbench_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sent integer := coalesce(nullif(current_setting('workbench.notified', true), ''), '0')::integer;
BEGIN
    IF sent < 50 THEN
        PERFORM pg_notify('{_CHANNEL}', coalesce(NEW.claim_id::text, ''));
        PERFORM set_config('workbench.notified', (sent + 1)::text, true);
    ELSIF sent = 50 THEN
        PERFORM pg_notify('{_CHANNEL}', '*');
        PERFORM set_config('workbench.notified', '51', true);
    END IF;
    RETURN NULL;
END
$$
"""
_NOTIFY_TRIGGER = """
CREATE TRIGGER review_events__notify AFTER INSERT ON review_events
FOR EACH ROW EXECUTE FUNCTION workbench_notify_change()
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
