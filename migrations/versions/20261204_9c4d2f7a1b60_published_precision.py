"""A document's publication date keeps the precision it was given (issue 12).

``documents.published_at`` is a date-time; a date given alone (``2026-01-27``) was stored as
midnight and came back from an export as ``2026-01-27T00:00:00``, a time nobody gave.
``documents.published_precision`` says what was given: ``date`` (the day only) or
``datetime``; NULL when there is no publication date.

Existing dates: before this revision every date given alone was stored at exactly midnight,
and a time of exactly midnight given on purpose is rare, so a stored midnight becomes
``date`` and any other time ``datetime``.

Revision ID: 9c4d2f7a1b60
Revises: 5e7a2c91b3d4
Create Date: 2026-12-04 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.db.sqlite_rebuild import preserving_dependents

revision: str = "9c4d2f7a1b60"
down_revision: str | Sequence[str] | None = "5e7a2c91b3d4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite does not report AUTOINCREMENT when a table is reflected: a rebuild must ask for it again.
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
_PRECISIONS = "published_precision IN ('date', 'datetime')"


def upgrade() -> None:
    bind = op.get_bind()
    with preserving_dependents(bind, ["documents"]):
        with op.batch_alter_table("documents", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.add_column(sa.Column("published_precision", sa.String(8), nullable=True))
            batch.create_check_constraint(op.f("ck_documents__published_precision_valid"), _PRECISIONS)
    documents = sa.table(
        "documents",
        sa.column("published_at", sa.DateTime),
        sa.column("published_precision", sa.String),
    )
    op.execute(
        documents.update().where(documents.c.published_at.is_not(None)).values(published_precision="datetime")
    )
    if bind.dialect.name == "sqlite":
        midnight = sa.func.time(documents.c.published_at) == "00:00:00"
    else:
        midnight = sa.cast(documents.c.published_at, sa.Time) == sa.text("'00:00:00'::time")
    op.execute(
        documents.update().where(documents.c.published_at.is_not(None), midnight).values(published_precision="date")
    )


def downgrade() -> None:
    bind = op.get_bind()
    with preserving_dependents(bind, ["documents"]):
        with op.batch_alter_table("documents", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_documents__published_precision_valid"), type_="check")
            batch.drop_column("published_precision")
