"""SQLite connection settings: the pragmas, WAL, and writes that begin IMMEDIATE."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import text

from workbench.config import describe_db, resolve_db_url
from workbench.db.engine import Database


def test_every_connection_has_the_pragmas(sqlite_database: Database) -> None:
    with sqlite_database.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() >= 5000


def test_foreign_keys_are_enforced(sqlite_database: Database) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with sqlite_database.writing() as session:
            session.execute(
                text(
                    "INSERT INTO claim_tags (claim_id, tag) VALUES (:claim_id, :tag)"
                ),
                {"claim_id": 999, "tag": "orphan"},
            )


def test_write_sessions_take_the_write_lock_at_begin(sqlite_database: Database, tmp_path: Path) -> None:
    """A write session holds the RESERVED lock from its first statement (BEGIN IMMEDIATE),
    so another writer cannot slip in between its read and its write."""
    path = sqlite_database.url.database
    assert path is not None
    with sqlite_database.writing() as session:
        session.execute(text("SELECT count(*) FROM claims")).scalar_one()  # a read only
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            import pytest

            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_readers_are_not_blocked_by_a_writer(sqlite_database: Database) -> None:
    path = sqlite_database.url.database
    assert path is not None
    with sqlite_database.writing() as session:
        session.execute(text("INSERT INTO claim_tags (claim_id, tag) SELECT id, 'x' FROM claims"))
        reader = Database(resolve_db_url(path))
        try:
            started = time.perf_counter()
            with reader.reading() as read_session:
                assert read_session.execute(text("SELECT count(*) FROM claims")).scalar_one() == 0
            assert time.perf_counter() - started < 1.0
        finally:
            reader.dispose()


def test_second_writer_waits_instead_of_failing(sqlite_database: Database) -> None:
    path = sqlite_database.url.database
    assert path is not None
    other = Database(resolve_db_url(path))
    done = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            with other.writing() as session:
                session.execute(text("SELECT count(*) FROM claims")).scalar_one()
                session.execute(
                    text(
                        "INSERT INTO sources (key, name, kind, reliability, created_at, updated_at) "
                        "VALUES (:key, :name, 'person', 'F', '2026-01-01', '2026-01-01')"
                    ),
                    {"key": "src-second", "name": "Second"},
                )
        except BaseException as error:
            errors.append(error)
        finally:
            done.set()

    with sqlite_database.writing() as session:
        session.execute(
            text(
                "INSERT INTO sources (key, name, kind, reliability, created_at, updated_at) "
                "VALUES (:key, :name, 'person', 'F', '2026-01-01', '2026-01-01')"
            ),
            {"key": "src-first", "name": "First"},
        )
        thread = threading.Thread(target=second_writer)
        thread.start()
        time.sleep(0.3)
        assert not done.is_set(), "the second writer should wait for the first to commit"
    thread.join(timeout=10)
    other.dispose()
    assert errors == []
    with sqlite_database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM sources")).scalar_one() == 2


def test_database_setting_precedence(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(str(tmp_path / "flag.db")).database == str(tmp_path / "flag.db")
    assert resolve_db_url(None).database == str(tmp_path / "env.db")
    monkeypatch.delenv("WORKBENCH_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_db_url(None).database == str(tmp_path / "data" / "workbench" / "workbench.db")
    assert resolve_db_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    # Messages name the URL as the user typed it, not with the driver the workbench picked.
    assert describe_db(resolve_db_url("postgresql://u:pw@h/db")) == "postgresql://u:***@h/db"
