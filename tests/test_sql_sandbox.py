"""`workbench sql`: one read-only statement, a time limit, and a file left byte-identical."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from workbench.db.engine import Database
from workbench.errors import InvalidInput
from workbench.review.sql_sandbox import QueryRefused, QueryTimedOut, run_readonly_sql


def _fingerprint(database: Database) -> dict[str, str]:
    path = Path(database.url.database or "")
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


@pytest.fixture
def sample_sqlite(sqlite_database: Database) -> Database:
    from support import SAMPLE_FILE

    from workbench.importing.pipeline import import_file

    with sqlite_database.writing() as session:
        import_file(session, SAMPLE_FILE, "tester")
    # Checkpoint so the main file holds everything and the WAL is empty and stable.
    with sqlite_database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sqlite_database


HOSTILE = [
    "DELETE FROM claims",
    "UPDATE claims SET verdict = 'false'",
    "INSERT INTO sources (key, name) VALUES ('x', 'y')",
    "DROP TABLE claims",
    "CREATE TABLE evil (x)",
    "ALTER TABLE claims ADD COLUMN evil TEXT",
    "ATTACH DATABASE '{tmp}/attached.db' AS evil",
    "VACUUM INTO '{tmp}/copy.db'",
    "VACUUM",
    "PRAGMA query_only = 0",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA writable_schema = 1",
    "SELECT * FROM pragma_writable_schema",
    "SELECT load_extension('/tmp/evil')",
    "SELECT 1; DELETE FROM claims",
    "SELECT 1; ATTACH '{tmp}/attached.db' AS evil",
    "WITH x AS (SELECT 1) DELETE FROM claims",
    "WITH x AS (SELECT 1) INSERT INTO claim_tags SELECT id, 'evil' FROM claims",
    "REINDEX",
    "ANALYZE",
    "BEGIN IMMEDIATE",
    "SAVEPOINT evil",
    "  -- comment\n DELETE FROM claims",
    "/* sneaky */ DELETE FROM claims",
    "SELECT fts3_tokenizer('simple')",
    "",
]


@pytest.mark.parametrize("sql", HOSTILE)
def test_hostile_sql_is_refused_and_the_file_is_unchanged(sample_sqlite: Database, sql: str, tmp_path: Path) -> None:
    before = _fingerprint(sample_sqlite)
    with pytest.raises(InvalidInput):
        run_readonly_sql(sample_sqlite, sql.format(tmp=tmp_path), timeout=1)
    assert _fingerprint(sample_sqlite) == before
    assert not (tmp_path / "attached.db").exists() and not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r",
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT x FROM r ORDER BY x DESC LIMIT 1",
        "SELECT count(*) FROM claims a, claims b, claims c, claims d, claims e, claims f",
    ],
)
def test_runaway_queries_are_stopped(sample_sqlite: Database, sql: str) -> None:
    before = _fingerprint(sample_sqlite)
    with pytest.raises(QueryTimedOut):
        run_readonly_sql(sample_sqlite, sql, timeout=0.5)
    assert _fingerprint(sample_sqlite) == before


def test_giant_values_are_capped(sample_sqlite: Database) -> None:
    with pytest.raises(InvalidInput, match="too big"):
        run_readonly_sql(sample_sqlite, "SELECT zeroblob(1000000000)", timeout=2)


def test_reading_works(sample_sqlite: Database) -> None:
    before = _fingerprint(sample_sqlite)
    result = run_readonly_sql(sample_sqlite, "SELECT status, count(*) AS n FROM claim_overview GROUP BY status ORDER BY status;")
    assert result.columns == ["status", "n"]
    assert result.rows == [("corroborated", 3), ("single_source", 22)]
    fts = run_readonly_sql(sample_sqlite, "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'cargo'")
    assert len(fts.rows) == 1
    info = run_readonly_sql(sample_sqlite, "SELECT name FROM pragma_table_info('claims')")
    assert ("status",) in info.rows
    text_with_semicolon = run_readonly_sql(sample_sqlite, "SELECT 'a;b' AS s, \"status\" FROM claims LIMIT 1")
    assert text_with_semicolon.rows[0][0] == "a;b"
    assert _fingerprint(sample_sqlite) == before


def test_row_cap(sample_sqlite: Database) -> None:
    result = run_readonly_sql(sample_sqlite, "SELECT id FROM claims", max_rows=10)
    assert len(result.rows) == 10 and result.truncated


def test_refusals_name_the_problem(sample_sqlite: Database) -> None:
    with pytest.raises(QueryRefused, match="one statement"):
        run_readonly_sql(sample_sqlite, "SELECT 1; SELECT 2")
    with pytest.raises(QueryRefused, match="read-only"):
        run_readonly_sql(sample_sqlite, "DELETE FROM claims")


@pytest.mark.postgres
def test_postgres_runs_read_only(database: Database) -> None:
    if database.is_sqlite:
        pytest.skip("PostgreSQL variant")
    assert run_readonly_sql(database, "SELECT count(*) FROM claims").rows == [(0,)]
    with pytest.raises(InvalidInput):
        run_readonly_sql(database, "WITH x AS (SELECT 1) DELETE FROM claims")
    with pytest.raises(QueryTimedOut):
        run_readonly_sql(database, "SELECT pg_sleep(5)", timeout=0.3)
    assert run_readonly_sql(database, "SELECT '100%' AS p").rows == [("100%",)]
