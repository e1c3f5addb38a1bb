"""A record of each ``db check`` (issue 15): the ``status_checks`` table.

``db check`` recomputes every claim's status from its evidence; at a million claims that is
many minutes. With a record of the last clean check (its rules, the last review event and
the last claim it covered), the next check recomputes only what changed since.

Revision ID: a4e9c3b71f26
Revises: f98d2eadfab3
Create Date: 2026-12-04 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a4e9c3b71f26"
down_revision: str | Sequence[str] | None = "f98d2eadfab3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "status_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("rules", sa.String(64), nullable=False),
        sa.Column("through_event_id", sa.Integer(), nullable=False),
        sa.Column("through_claim_id", sa.Integer(), nullable=False),
        sa.Column("claims_checked", sa.Integer(), nullable=False),
        sa.Column("mismatches", sa.Integer(), nullable=False),
        sa.Column("clean", sa.Boolean(), nullable=False),
        sa.CheckConstraint("scope IN ('full', 'changes')", name=op.f("ck_status_checks__scope_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_checks")),
    )


def downgrade() -> None:
    op.drop_table("status_checks")
