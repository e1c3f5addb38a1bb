"""Shared fixtures: real databases, never mocks.

``database`` is a freshly migrated SQLite file in ``tmp_path``; when
``WORKBENCH_TEST_PG_URL`` is set it is also a PostgreSQL schema of its own (the same tests run
on both). ``sqlite_database`` is SQLite only, for tests of SQLite-specific behaviour.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workbench.db.engine import Database
from workbench.opening import open_database

PG_ENV = "WORKBENCH_TEST_PG_URL"
REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILE = REPO_ROOT / "sample_data" / "qamishli.json"


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


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


class pg_schema:
    """A throwaway PostgreSQL schema, selected through the connection's search_path."""

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url).set(drivername="postgresql+psycopg")
        self.schema = f"wb_test_{uuid.uuid4().hex[:12]}"

    def __enter__(self) -> str:
        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        url = self.base.update_query_dict({"options": f"-csearch_path={self.schema}"})
        return url.render_as_string(hide_password=False)

    def __exit__(self, *_exc: object) -> None:
        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()


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
    from workbench.importer import import_file

    with database.writing() as session:
        import_file(session, SAMPLE_FILE, "tester")
    return database


# Every string here must be stored byte-exact and shown defused. U+0000 is the one character
# refused instead (PostgreSQL cannot store it): see NUL_STRING.
NUL_STRING = "nul\x00byte"
HOSTILE_STRINGS = [
    "[/]",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "[@=:",
    "[$x]",
    "\x1b[2J\x1b[H",
    "\x1b]0;pwned\x07",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "bell\x07 and backspace\x08 and DEL\x7f and C1\x9b[2J",
    "\u202eevil\u202c",
    "'; DROP TABLE claims; --",
    "x' OR '1'='1",
    "=HYPERLINK(\"http://evil\",\"x\")",
    "100% _wild_ card\\",
    "emoji 🇸🇾 and RTL العربية",
    "line one\r\nline two\rline three",
]
