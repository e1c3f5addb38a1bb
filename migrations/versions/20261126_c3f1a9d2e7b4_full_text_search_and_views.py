"""Full-text search and the views SQL users query.

SQLite: FTS5 tables over claim text, attribution quotes, source names and aliases, as
external-content indexes kept in step by triggers (so every write path, bulk imports
included, updates them in the same transaction). PostgreSQL: GIN indexes on the same
columns' ``to_tsvector('simple', ...)``; no triggers needed.

Views: ``claim_overview`` (one row per claim with its counts) and ``attribution_details``
(attributions joined with their claim, source, affiliation, document and outlet).

Revision ID: c3f1a9d2e7b4
Revises: 8b45a41376a8
Create Date: 2026-11-26 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "c3f1a9d2e7b4"
down_revision: str | Sequence[str] | None = "8b45a41376a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (fts table, content table, indexed column)
_FTS = [
    ("claims_fts", "claims", "text"),
    ("attributions_fts", "attributions", "quote"),
    ("sources_fts", "sources", "name"),
    ("source_aliases_fts", "source_aliases", "alias"),
]
_TOKENIZER = "unicode61 remove_diacritics 2"

_PG_INDEXES = [
    ("ix_claims__text_fts", "claims", "text"),
    ("ix_attributions__quote_fts", "attributions", "quote"),
    ("ix_sources__name_fts", "sources", "name"),
    ("ix_source_aliases__alias_fts", "source_aliases", "alias"),
]


def _sqlite_fts_up() -> None:
    for fts, table, column in _FTS:
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', content_rowid='id', "
            f"tokenize='{_TOKENIZER}')"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_after_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END"
        )
        op.execute(
            f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF {column} ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
            f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END"
        )
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_fts_down() -> None:
    for fts, _table, _column in _FTS:
        for suffix in ("after_insert", "after_delete", "after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")


def _views_up(tags_aggregate: str) -> None:
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
            c.verdict AS verdict,
            (SELECT {tags_aggregate} FROM claim_tags t WHERE t.claim_id = c.id) AS tags,
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
    op.execute(
        """
        CREATE VIEW attribution_details AS
        SELECT
            a.id AS attribution_id,
            a.claim_id AS claim_id,
            c.text AS claim,
            c.status AS claim_status,
            a.stance AS stance,
            a.mode AS mode,
            s.id AS source_id,
            s.name AS source,
            s.kind AS source_kind,
            s.role AS source_role,
            s.reliability AS source_reliability,
            p.name AS affiliation,
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


def _views_down() -> None:
    op.execute("DROP VIEW IF EXISTS attribution_details")
    op.execute("DROP VIEW IF EXISTS claim_overview")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_fts_up()
        _views_up("group_concat(t.tag, ', ')")
    else:
        for name, table, column in _PG_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (to_tsvector('simple', coalesce({column}, '')))")
        _views_up("string_agg(t.tag, ', ' ORDER BY t.tag)")
    # Filters used by `claims list` and the TUI: awaited parties and last change per status.
    op.create_index("ix_attributions__source_id_stance", "attributions", ["source_id", "stance"])
    op.create_index("ix_claims__origin_count_id", "claims", ["origin_count", "id"])


def downgrade() -> None:
    op.drop_index("ix_claims__origin_count_id", table_name="claims")
    op.drop_index("ix_attributions__source_id_stance", table_name="attributions")
    _views_down()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_fts_down()
    else:
        for name, _table, _column in _PG_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
