"""Reporting chains (issue 13): claim kind, attribution certainty, affiliation kind, sources
marked possibly the same, the ``supersedes`` and ``fulfils`` link relations, and the flags
beside a claim's status.

- ``claims.kind`` (event | plan, default event); ``claims.disputed_by``, ``superseded_by``
  and ``fulfilled_by`` (the keys of the linked claims behind each flag, kept by the write
  path like ``status``), each with a partial index of the flagged claims' ids.
- ``attributions.certainty`` (stated | hedged | forecast, default stated) and
  ``certainty_inferred`` (detected from the wording rather than set by the desk).
- ``sources.affiliation_kind`` (member_of | speaks_for). Existing affiliations become
  ``member_of``, except a source that made an official statement: it speaks for the body
  it is affiliated with, so it becomes ``speaks_for`` (a ministry for its government).
- ``possibly_same_sources``: pairs of sources the desk marked as possibly the same.
- ``claim_links.relation`` also allows ``supersedes`` and ``fulfils``.
- The views ``claim_overview`` and ``attribution_details`` show the new columns.

The stored statuses are not recomputed here: the rules are Python, and a migration that ran
today's rules would break once the code reads a column a later revision adds. Opening the
database recomputes them after any upgrade (``review.opening``).

Every table rebuilt here on SQLite keeps ``AUTOINCREMENT`` (revision 108adfc7f888 gave it).

Vocabulary values are written out here rather than imported: this revision must keep
creating the same schema whatever the vocabulary becomes.

Revision ID: 5e7a2c91b3d4
Revises: 3162b2edcc44
Create Date: 2026-12-04 15:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from workbench.db.sqlite_rebuild import preserving_dependents

revision: str = "5e7a2c91b3d4"
down_revision: str | Sequence[str] | None = "3162b2edcc44"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite does not report AUTOINCREMENT when a table is reflected: every rebuild must ask for it
# again, or an id freed by an undo comes back (see revision 108adfc7f888).
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
_FLAGS = ("disputed", "superseded", "fulfilled")
_RELATIONS_BEFORE = "relation IN ('duplicate_of', 'contradicts', 'supports', 'refines')"
_RELATIONS_AFTER = "relation IN ('duplicate_of', 'contradicts', 'supports', 'refines', 'supersedes', 'fulfils')"


def upgrade() -> None:
    bind = op.get_bind()
    _drop_views()
    # Batch mode copies these tables on SQLite; their FTS and count triggers must survive.
    with preserving_dependents(bind, ["sources", "claims", "attributions", "claim_links"]):
        with op.batch_alter_table("sources", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.add_column(
                sa.Column("affiliation_kind", sa.String(16), server_default=sa.text("'member_of'"), nullable=False)
            )
            batch.create_check_constraint(
                op.f("ck_sources__affiliation_kind_valid"), "affiliation_kind IN ('member_of', 'speaks_for')"
            )
        with op.batch_alter_table("claims", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.add_column(sa.Column("kind", sa.String(16), server_default=sa.text("'event'"), nullable=False))
            for flag in _FLAGS:
                batch.add_column(sa.Column(f"{flag}_by", sa.Text(), nullable=True))
            batch.create_check_constraint(op.f("ck_claims__kind_valid"), "kind IN ('event', 'plan')")
        with op.batch_alter_table("attributions", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.add_column(sa.Column("certainty", sa.String(16), server_default=sa.text("'stated'"), nullable=False))
            batch.add_column(sa.Column("certainty_inferred", sa.Boolean(), server_default=sa.false(), nullable=False))
            batch.create_check_constraint(
                op.f("ck_attributions__certainty_valid"), "certainty IN ('stated', 'hedged', 'forecast')"
            )
        with op.batch_alter_table("claim_links", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_claim_links__relation_valid"), type_="check")
            batch.create_check_constraint(op.f("ck_claim_links__relation_valid"), _RELATIONS_AFTER)
    for flag in _FLAGS:
        condition = sa.text(f"{flag}_by IS NOT NULL")
        op.create_index(f"ix_claims__{flag}", "claims", ["id"], sqlite_where=condition, postgresql_where=condition)
    op.execute(
        "UPDATE sources SET affiliation_kind = 'speaks_for' WHERE affiliation_id IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM attributions a WHERE a.source_id = sources.id AND a.mode = 'official_statement')"
    )
    op.create_table(
        "possibly_same_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("other_source_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("source_id < other_source_id", name=op.f("ck_possibly_same_sources__ordered_pair")),
        sa.ForeignKeyConstraint(
            ["other_source_id"], ["sources.id"], name=op.f("fk_possibly_same_sources__other_source_id__sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_possibly_same_sources__source_id__sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_possibly_same_sources")),
        sa.UniqueConstraint(
            "source_id", "other_source_id", name=op.f("uq_possibly_same_sources__source_id_other_source_id")
        ),
    )
    op.create_index(
        op.f("ix_possibly_same_sources__other_source_id"), "possibly_same_sources", ["other_source_id"]
    )
    _create_views(bind.dialect.name, new_columns=True)


def downgrade() -> None:
    bind = op.get_bind()
    _drop_views()
    op.drop_index(op.f("ix_possibly_same_sources__other_source_id"), table_name="possibly_same_sources")
    op.drop_table("possibly_same_sources")
    for flag in _FLAGS:
        op.drop_index(f"ix_claims__{flag}", table_name="claims")
    # Links the older schema cannot hold go: a downgrade loses them (they were new).
    op.execute("DELETE FROM claim_links WHERE relation IN ('supersedes', 'fulfils')")
    with preserving_dependents(bind, ["sources", "claims", "attributions", "claim_links"]):
        with op.batch_alter_table("claim_links", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_claim_links__relation_valid"), type_="check")
            batch.create_check_constraint(op.f("ck_claim_links__relation_valid"), _RELATIONS_BEFORE)
        with op.batch_alter_table("attributions", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_attributions__certainty_valid"), type_="check")
            batch.drop_column("certainty_inferred")
            batch.drop_column("certainty")
        with op.batch_alter_table("claims", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_claims__kind_valid"), type_="check")
            for flag in reversed(_FLAGS):
                batch.drop_column(f"{flag}_by")
            batch.drop_column("kind")
        with op.batch_alter_table("sources", table_kwargs=_NEVER_REUSE_IDS) as batch:
            batch.drop_constraint(op.f("ck_sources__affiliation_kind_valid"), type_="check")
            batch.drop_column("affiliation_kind")
    _create_views(bind.dialect.name, new_columns=False)


def _drop_views() -> None:
    op.execute("DROP VIEW IF EXISTS attribution_details")
    op.execute("DROP VIEW IF EXISTS claim_overview")


def _create_views(dialect: str, *, new_columns: bool) -> None:
    """The two views as the previous revision made them, with this revision's columns when ``new_columns``."""
    tags = "group_concat(t.tag, ', ')" if dialect == "sqlite" else "string_agg(t.tag, ', ' ORDER BY t.tag)"
    claim_columns = (
        "c.kind AS kind, c.disputed_by AS disputed_by, c.superseded_by AS superseded_by, "
        "c.fulfilled_by AS fulfilled_by,"
        if new_columns
        else ""
    )
    op.execute(
        f"""
        CREATE VIEW claim_overview AS
        SELECT
            c.id AS claim_id,
            c.key AS claim_key,
            c.text AS claim,
            c.status AS status,
            c.origin_count AS origins,
            c.awaiting AS awaiting,
            {claim_columns}
            c.verdict AS verdict,
            (SELECT {tags} FROM claim_tags t WHERE t.claim_id = c.id) AS tags,
            c.place AS place,
            c.event_date AS event_date,
            (SELECT count(*) FROM attributions a WHERE a.claim_id = c.id) AS attributions,
            (SELECT count(*) FROM attributions a WHERE a.claim_id = c.id AND a.stance = 'asserts') AS asserting,
            (SELECT count(*) FROM attributions a WHERE a.claim_id = c.id AND a.stance = 'denies') AS denying,
            (SELECT count(*) FROM claim_links l WHERE l.from_claim_id = c.id OR l.to_claim_id = c.id) AS links,
            c.created_at AS created_at,
            c.updated_at AS last_change
        FROM claims c
        """
    )
    attribution_columns = "a.certainty AS certainty, a.certainty_inferred AS certainty_inferred," if new_columns else ""
    affiliation_kind = "CASE WHEN p.id IS NULL THEN NULL ELSE s.affiliation_kind END AS affiliation_kind," if new_columns else ""
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
            {attribution_columns}
            s.id AS source_id,
            s.name AS source,
            s.kind AS source_kind,
            s.role AS source_role,
            s.reliability AS source_reliability,
            p.name AS affiliation,
            {affiliation_kind}
            r.name AS relayed_via,
            a.credibility AS credibility,
            a.quote AS quote,
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
