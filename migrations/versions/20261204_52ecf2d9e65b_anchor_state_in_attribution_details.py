"""Where each quote stands in its document, in the ``attribution_details`` view.

The view gains ``anchor_state`` (anchored, changed, orphaned; NULL when there is nothing to
anchor in: no quote, or a document without text), ``anchor_difference`` (for a changed quote,
the words recorded and the words the document has now) and the quote's position,
``quote_start``/``quote_end`` (the W3C text-position selector), so a desk can ask in SQL which
quotes no longer read as recorded. No table changes: the view is dropped and created again.

The view's text is written out here, not imported, so this revision creates the same view
whatever later code does; the downgrade creates it as revision 5e7a2c91b3d4 left it.

Revision ID: 52ecf2d9e65b
Revises: 9c4d2f7a1b60
Create Date: 2026-12-04 18:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "52ecf2d9e65b"
down_revision: str | Sequence[str] | None = "9c4d2f7a1b60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANCHOR_COLUMNS = (
    "a.anchor_state AS anchor_state, a.anchor_difference AS anchor_difference, "
    "a.span_start AS quote_start, a.span_end AS quote_end,"
)


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS attribution_details")
    _create_view(_ANCHOR_COLUMNS)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS attribution_details")
    _create_view("")


def _create_view(anchor_columns: str) -> None:
    op.execute(
        f"""
        CREATE VIEW attribution_details AS
        SELECT
            a.id AS attribution_id,
            a.claim_id AS claim_id,
            c.text AS claim,
            c.status AS claim_status,
            a.stance AS stance,
            a.mode AS mode,
            a.certainty AS certainty, a.certainty_inferred AS certainty_inferred,
            s.id AS source_id,
            s.name AS source,
            s.kind AS source_kind,
            s.role AS source_role,
            s.reliability AS source_reliability,
            p.name AS affiliation,
            CASE WHEN p.id IS NULL THEN NULL ELSE s.affiliation_kind END AS affiliation_kind,
            r.name AS relayed_via,
            a.credibility AS credibility,
            a.quote AS quote,
            {anchor_columns}
            a.as_of AS as_of,
            d.id AS document_id,
            d.title AS document,
            o.name AS outlet,
            d.published_at AS published_at,
            d.url AS url,
            a.note AS note
        FROM attributions a
        JOIN claims c ON c.id = a.claim_id
        JOIN sources s ON s.id = a.source_id
        LEFT JOIN sources p ON p.id = s.affiliation_id
        LEFT JOIN sources r ON r.id = a.relayed_via_id
        LEFT JOIN documents d ON d.id = a.document_id
        LEFT JOIN sources o ON o.id = d.outlet_id
        """
    )
