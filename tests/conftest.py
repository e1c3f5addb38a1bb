"""Shared fixtures: real databases, never mocks.

``database`` is a freshly migrated SQLite file in ``tmp_path``; when
``WORKBENCH_TEST_PG_URL`` is set it is also a PostgreSQL schema of its own (the same tests run
on both). ``sqlite_database`` is SQLite only, for tests of SQLite-specific behaviour.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from support import PG_ENV, SAMPLE_FILE, pg_schema, pg_url

from workbench.db.engine import Database
from workbench.db.opening import open_database


@pytest.fixture(autouse=True)
def _no_user_database(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach the user's own database: code that falls back to the configured
    default (``$WORKBENCH_DB``, else ``$XDG_DATA_HOME/workbench``) finds an empty folder."""
    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


def _backends() -> list[object]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty database on each backend under test."""
    if request.param == "sqlite":
        yield str(tmp_path / "workbench.db")
        return
    base = pg_url()
    if base is None:
        pytest.skip(f"{PG_ENV} is not set")
    with pg_schema(base) as url:
        yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated, empty workbench database (SQLite file, and PostgreSQL when configured)."""
    db = open_database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(tmp_path / "workbench.db"))
    yield db
    db.dispose()


@pytest.fixture
def sample_database(database: Database) -> Database:
    """The database with the Qamishli sample data imported."""
    from workbench.importing.pipeline import import_file

    with database.writing() as session:
        import_file(session, SAMPLE_FILE, "tester")
    return database


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A test that failed on an SQLite error says which one (``disk I/O error`` covers a dozen
    causes: a full disk, a -shm that cannot grow or be mapped, a short read) and how much room
    the temporary folder had: a rare failure in CI then leaves its cause in the log."""
    report = yield
    if report.failed and call.excinfo is not None:
        names = _sqlite_error_names(call.excinfo.value)
        if names:
            free = shutil.disk_usage(tempfile.gettempdir()).free
            report.sections.append(("sqlite", f"SQLite errors: {', '.join(names)}; {free / 2**20:,.0f} MB free in {tempfile.gettempdir()}"))
    return report


def _sqlite_error_names(error: BaseException) -> list[str]:
    """The extended result names (``SQLITE_IOERR_SHMSIZE``...) of the sqlite3 errors in ``error``'s chain."""
    names: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        original = getattr(current, "orig", None)
        for candidate in (current, original):
            if isinstance(candidate, sqlite3.Error) and getattr(candidate, "sqlite_errorname", None):
                names.append(str(candidate.sqlite_errorname))
        current = current.__cause__ or current.__context__
    return list(dict.fromkeys(names))
