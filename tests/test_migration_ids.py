"""The revision that stops ids coming back: every row, key, constraint, trigger and view survives
it, on a database seeded at the revision before, and no id the review log names is handed out
again afterwards (SQLite AUTOINCREMENT; PostgreSQL sequences)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from support import pg_schema, pg_url

from workbench.db.engine import Database, create_workbench_engine
from workbench.db.ids import highest_id_ever
from workbench.db.migrate import alembic_config, head_revision
from workbench.db.models import Source
from workbench.review import attributions, claims, links, undo

BEFORE = "d7e2b8c4a1f0"
REVISION = "108adfc7f888"
NEVER_REUSED = ["sources", "documents", "claims", "attributions", "claim_links", "review_events"]
T = "'2026-01-27 10:00:00'"

# A desk as it might stand at the revision before: an affiliation, an alias, a rewrite of a
# document, tags, a relayed attribution, links, and a review log that names rows deleted
# since (attribution 4 was added and undone; claim 4 was merged into claim 1; link 3 removed).
SEED = [
    f"INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES (1, 'src-sdf', 'SDF', 'organization', 'C', {T}, {T})",
    f"INSERT INTO sources (id, key, name, kind, affiliation_id, reliability, created_at, updated_at) VALUES (2, 'src-ali', 'Ahmed Ali', 'person', 1, 'F', {T}, {T})",
    f"INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES (3, 'src-ap', 'AP', 'media_outlet', 'B', {T}, {T})",
    "INSERT INTO source_aliases (id, source_id, alias) VALUES (1, 1, 'Syrian Democratic Forces')",
    f"INSERT INTO documents (id, key, title, outlet_id, created_at, updated_at) VALUES (1, 'doc-ap', 'AP report', 3, {T}, {T})",
    f"INSERT INTO documents (id, key, title, outlet_id, derived_from_id, created_at, updated_at) VALUES (2, 'doc-copy', 'Copy', 3, 1, {T}, {T})",
    f"INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES (1, 'c-1', 'Russian forces are leaving Qamishli', 'unreviewed', 'corroborated', 2, 3, {T}, {T})",
    f"INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES (2, 'c-2', 'The base is guarded by SDF fighters', 'accurate', 'single_source', 1, 1, {T}, {T})",
    f"INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES (3, 'c-3', 'A cargo plane left', 'unreviewed', 'unsourced', 0, 1, {T}, {T})",
    "INSERT INTO claim_tags (claim_id, tag) VALUES (1, 'russia')",
    "INSERT INTO claim_tags (claim_id, tag) VALUES (2, 'sdf')",
    f"INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, credibility, created_at, updated_at) VALUES (1, 'a-1', 1, 3, 1, 'asserts', 'own_observation', 2, {T}, {T})",
    f"INSERT INTO attributions (id, key, claim_id, source_id, document_id, relayed_via_id, stance, mode, quote, credibility, created_at, updated_at) VALUES (2, 'a-2', 1, 2, 2, 3, 'asserts', 'direct_quote', 'evacuating bit by bit', 3, {T}, {T})",
    f"INSERT INTO attributions (id, key, claim_id, source_id, stance, mode, credibility, created_at, updated_at) VALUES (3, 'a-3', 2, 1, 'asserts', 'paraphrase', 6, {T}, {T})",
    f"INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, note, created_at) VALUES (1, 2, 1, 'supports', 'guards', {T})",
    f"INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, created_at) VALUES (2, 3, 1, 'refines', {T})",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (1, {T}, 'ann', 'attribution', 4, 2, 'attribution_added', NULL)",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (2, {T}, 'ann', 'attribution', 4, 2, 'attribution_removed', 'undo')",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (3, {T}, 'ann', 'claim', 4, 4, 'merged_into', NULL)",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (4, {T}, 'ann', 'link', 3, 1, 'link_removed', NULL)",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (5, {T}, 'ann', 'source', 5, NULL, 'source_graded', NULL)",
    f"INSERT INTO review_events (id, at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES (6, {T}, 'ann', 'document', 3, NULL, 'document_added', NULL)",
]
# The highest id the seed's log names in each table (what must never be handed out again).
HIGHEST_NAMED = {"sources": 5, "documents": 3, "claims": 4, "attributions": 4, "claim_links": 3, "review_events": 6}
ROW_TABLES = [*NEVER_REUSED, "source_aliases", "claim_tags", "claim_counts"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def seeded_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at the revision before this one, holding the seed."""
    if request.param == "sqlite":
        engine = create_workbench_engine(f"sqlite:///{tmp_path / 'seeded.db'}")
        yield from _seeded(engine)
        return
    if pg_url() is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(pg_url()) as url:  # type: ignore[arg-type]  # skipped above when None
        yield from _seeded(create_workbench_engine(url))


def _seeded(engine: Engine) -> Iterator[Engine]:
    command.upgrade(alembic_config(engine), BEFORE)
    with engine.begin() as connection:
        for statement in SEED:
            connection.execute(text(statement))
    yield engine
    engine.dispose()


def _rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
            for table in ROW_TABLES
        }


def _schema(engine: Engine) -> dict[str, Any]:
    """Every table's columns, keys, constraints and indexes, and the triggers and views."""
    inspector = inspect(engine)
    shape: dict[str, Any] = {}
    for table in inspector.get_table_names():
        shape[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
            "foreign_keys": sorted(
                (fk["name"], tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]), fk["options"].get("ondelete"))
                for fk in inspector.get_foreign_keys(table)
            ),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "checks": sorted((c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)),
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
        }
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            shape["triggers and views"] = sorted(
                connection.execute(text("SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')")).all()
            )
    shape["views"] = sorted(inspector.get_view_names())
    return shape


def test_upgrade_keeps_every_row_and_constraint_of_a_seeded_database(seeded_engine: Engine) -> None:
    rows, schema = _rows(seeded_engine), _schema(seeded_engine)
    command.upgrade(alembic_config(seeded_engine), REVISION)
    assert _rows(seeded_engine) == {
        table: [(*row, None, None) for row in found] if table == "review_events" else found for table, found in rows.items()
    }
    upgraded = _schema(seeded_engine)
    added = upgraded["review_events"]["columns"][-2:]
    assert [name for name, _type, _nullable in added] == ["origin", "origin_session"]
    upgraded["review_events"]["columns"] = upgraded["review_events"]["columns"][:-2]
    assert upgraded == schema
    if seeded_engine.dialect.name == "sqlite":
        with seeded_engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_no_id_the_log_names_is_handed_out_again_after_the_upgrade(seeded_engine: Engine) -> None:
    command.upgrade(alembic_config(seeded_engine), "head")
    assert head_revision() is not None
    with seeded_engine.begin() as connection:
        new_ids = {
            "sources": connection.execute(
                text(f"INSERT INTO sources (key, name, kind, reliability, created_at, updated_at) VALUES ('src-new', 'New', 'person', 'F', {T}, {T}) RETURNING id")
            ).scalar_one(),
            "documents": connection.execute(
                text(f"INSERT INTO documents (key, title, created_at, updated_at) VALUES ('doc-new', 'New', {T}, {T}) RETURNING id")
            ).scalar_one(),
            "claims": connection.execute(
                text(f"INSERT INTO claims (key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES ('c-new', 'New', 'unreviewed', 'unsourced', 0, 1, {T}, {T}) RETURNING id")
            ).scalar_one(),
            "attributions": connection.execute(
                text(f"INSERT INTO attributions (key, claim_id, source_id, stance, mode, credibility, created_at, updated_at) VALUES ('a-new', 2, 1, 'denies', 'paraphrase', 6, {T}, {T}) RETURNING id")
            ).scalar_one(),
            "claim_links": connection.execute(
                text(f"INSERT INTO claim_links (from_claim_id, to_claim_id, relation, created_at) VALUES (1, 2, 'supports', {T}) RETURNING id")
            ).scalar_one(),
            "review_events": connection.execute(
                text(f"INSERT INTO review_events (at, reviewer, entity_type, entity_id, action) VALUES ({T}, 'bo', 'claim', 1, 'note_added') RETURNING id")
            ).scalar_one(),
        }
    assert new_ids == {table: highest + 1 for table, highest in HIGHEST_NAMED.items()}
    # The claim counts and full-text triggers on the rebuilt tables still fire.
    with seeded_engine.begin() as connection:
        connection.execute(text("UPDATE claims SET status = 'refuted' WHERE key = 'c-new'"))
        counts = dict(connection.execute(text("SELECT status, sum(n) FROM claim_counts GROUP BY status")).all())
        assert counts == {"corroborated": 1, "single_source": 1, "unsourced": 1, "refuted": 1}
        if seeded_engine.dialect.name == "sqlite":
            assert connection.execute(text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'cargo'")).scalar_one() == 3


def test_downgrade_restores_the_revision_before(seeded_engine: Engine) -> None:
    rows, schema = _rows(seeded_engine), _schema(seeded_engine)
    command.upgrade(alembic_config(seeded_engine), REVISION)
    command.downgrade(alembic_config(seeded_engine), BEFORE)
    assert _rows(seeded_engine) == rows
    assert _schema(seeded_engine) == schema


def test_every_table_the_log_names_never_reuses_ids_at_head(tmp_path: Path) -> None:
    """Guards later revisions too: SQLite does not reflect AUTOINCREMENT, so a batch rebuild
    that forgets ``table_kwargs=NEVER_REUSE_IDS`` would silently bring id reuse back."""
    database = Database(f"sqlite:///{tmp_path / 'head.db'}")
    command.upgrade(alembic_config(database.engine), "head")
    with database.engine.connect() as connection:
        for table in NEVER_REUSED:
            sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}).scalar_one()
            assert "AUTOINCREMENT" in sql, table
    database.dispose()


def test_attribute_undo_attribute_gives_a_new_id(sample_database: Database) -> None:
    """The issue's steps: the second attribution must not take the undone one's id."""
    with sample_database.writing() as session:
        first = attributions.add_attribution(session, "ann", 2, "Ahmed Ali", "denies")
    with sample_database.writing() as session:
        undo.undo_last(session, "ann")
    with sample_database.writing() as session:
        second = attributions.add_attribution(session, "ann", 2, "AP", "asserts")
    assert second.id > first.id
    with sample_database.writing() as session:
        claim = claims.add_claim(session, "ann", "A claim merged away and then followed by another")
        links.merge_claims(session, "ann", 1, claim.id)
    with sample_database.writing() as session:
        later = claims.add_claim(session, "ann", "A later claim")
    assert later.id > claim.id


def test_highest_id_ever_counts_rows_deleted_since(database: Database) -> None:
    """What a writer that picks ids itself must start above: not max(id) once the newest row is gone."""
    sources = Source.__table__
    with database.engine.begin() as connection:
        for key in ("src-a", "src-b", "src-c"):
            connection.execute(
                text(f"INSERT INTO sources (key, name, kind, reliability, created_at, updated_at) VALUES (:key, :name, 'person', 'F', {T}, {T})"),
                {"key": key, "name": key},
            )
        newest = connection.execute(text("SELECT max(id) FROM sources")).scalar_one()
        connection.execute(text("DELETE FROM sources WHERE id = :id"), {"id": newest})
        assert connection.execute(text("SELECT max(id) FROM sources")).scalar_one() == newest - 1
        assert highest_id_ever(connection, sources) == newest


def test_an_import_after_an_undo_does_not_reuse_the_freed_id(sample_database: Database, tmp_path: Path) -> None:
    """The import picks ids itself on SQLite: it must start above the counter, not above max(id)."""
    import json

    from workbench.importing.pipeline import import_file

    with sample_database.writing() as session:
        freed = claims.add_claim(session, "ann", "A claim whose id is freed by an undo").id
        claims.set_verdict(session, "ann", freed, "accurate", "checked")
    with sample_database.writing() as session:
        undo.undo_last(session, "ann")  # the verdict
        links.merge_claims(session, "ann", 1, freed)  # the claim row goes away
    document = {"format": "workbench", "version": 1, "claims": [{"key": "claim-after-undo", "text": "Imported after the undo"}]}
    path = tmp_path / "after.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with sample_database.writing() as session:
        import_file(session, path, "ann")
    with sample_database.reading() as session:
        imported = session.execute(text("SELECT id FROM claims WHERE key = 'claim-after-undo'")).scalar_one()
    assert imported > freed
