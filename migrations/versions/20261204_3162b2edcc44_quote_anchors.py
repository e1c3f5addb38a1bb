"""Quotes anchored in their documents: W3C text-quote and text-position selectors, and a state.

A quote already had its exact words (``quote``) and, sometimes, a position
(``span_start``/``span_end``). This revision adds the rest of a W3C Web Annotation
TextQuoteSelector (``quote_prefix``, ``quote_suffix``: up to 32 characters either side) and
the quote's anchor state (``anchored``, ``changed`` with ``anchor_difference``, ``orphaned``),
so a document corrected later can have its quotes found again and the lost ones flagged.

Existing quotes are anchored here, in their document's text: at their stored position when
the words are there, else at the occurrence of the exact words nearest to it (the position is
then filled in or corrected), else they are ``orphaned``. A quote with no document text to
anchor in keeps no state. The rules are copied here, not imported, so this revision does the
same thing whatever later code does.

Revision ID: 3162b2edcc44
Revises: 108adfc7f888
Create Date: 2026-12-04 15:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from workbench.db.sqlite_rebuild import preserving_dependents

revision: str = "3162b2edcc44"
down_revision: str | Sequence[str] | None = "108adfc7f888"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite does not report AUTOINCREMENT when a table is reflected: a rebuild must ask for it again.
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
_CONTEXT = 32
_STATES = "anchor_state IN ('anchored', 'changed', 'orphaned')"

_documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("full_text", sa.Text))
_attributions = sa.table(
    "attributions",
    sa.column("id", sa.Integer),
    sa.column("document_id", sa.Integer),
    sa.column("quote", sa.Text),
    sa.column("span_start", sa.Integer),
    sa.column("span_end", sa.Integer),
    sa.column("quote_prefix", sa.Text),
    sa.column("quote_suffix", sa.Text),
    sa.column("anchor_state", sa.String),
)


def upgrade() -> None:
    connection = op.get_bind()
    with preserving_dependents(connection, ["attributions"]):
        with op.batch_alter_table("attributions", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.add_column(sa.Column("quote_prefix", sa.Text(), nullable=True))
            batch.add_column(sa.Column("quote_suffix", sa.Text(), nullable=True))
            batch.add_column(sa.Column("anchor_state", sa.String(length=16), nullable=True))
            batch.add_column(sa.Column("anchor_difference", sa.JSON(), nullable=True))
            batch.create_check_constraint("anchor_state_valid", _STATES)
    _anchor_stored_quotes(connection)


def downgrade() -> None:
    connection = op.get_bind()
    with preserving_dependents(connection, ["attributions"]):
        with op.batch_alter_table("attributions", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_attributions__anchor_state_valid"), type_="check")
            batch.drop_column("anchor_difference")
            batch.drop_column("anchor_state")
            batch.drop_column("quote_suffix")
            batch.drop_column("quote_prefix")


def _anchor_stored_quotes(connection: sa.Connection) -> None:
    """Anchor every stored quote in its document's text, one document at a time."""
    document_ids = connection.execute(
        sa.select(_attributions.c.document_id)
        .where(_attributions.c.document_id.is_not(None), _attributions.c.quote.is_not(None), _attributions.c.quote != "")
        .distinct()
        .order_by(_attributions.c.document_id)
    ).scalars().all()
    for document_id in document_ids:
        text = connection.execute(sa.select(_documents.c.full_text).where(_documents.c.id == document_id)).scalar()
        if not text:
            continue
        rows = connection.execute(
            sa.select(_attributions.c.id, _attributions.c.quote, _attributions.c.span_start, _attributions.c.span_end).where(
                _attributions.c.document_id == document_id, _attributions.c.quote.is_not(None), _attributions.c.quote != ""
            )
        ).all()
        updates = [_anchored(text, row.id, row.quote, row.span_start, row.span_end) for row in rows]
        connection.execute(
            _attributions.update()
            .where(_attributions.c.id == sa.bindparam("row_id"))
            .values(
                span_start=sa.bindparam("start"),
                span_end=sa.bindparam("end"),
                quote_prefix=sa.bindparam("prefix"),
                quote_suffix=sa.bindparam("suffix"),
                anchor_state=sa.bindparam("state"),
            ),
            updates,
        )


def _anchored(text: str, row_id: int, quote: str, start: int | None, end: int | None) -> dict[str, Any]:
    """The selectors and state of one stored quote in ``text``."""
    at: int | None = None
    if start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote:
        at = start
    else:
        occurrences = []
        found = text.find(quote)
        while found >= 0 and len(occurrences) < 200:
            occurrences.append(found)
            found = text.find(quote, found + 1)
        if occurrences:
            at = min(occurrences, key=lambda offset: abs(offset - (start or 0)))
    if at is None:
        return {"row_id": row_id, "start": start, "end": end, "prefix": None, "suffix": None, "state": "orphaned"}
    stop = at + len(quote)
    return {
        "row_id": row_id,
        "start": at,
        "end": stop,
        "prefix": text[max(0, at - _CONTEXT) : at],
        "suffix": text[stop : stop + _CONTEXT],
        "state": "anchored",
    }
