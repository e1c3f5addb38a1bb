"""Names the tests share: paths, the PostgreSQL helpers and the hostile strings.

Tests import these from ``support`` rather than from ``conftest``: both tests/ and tests/tui/
have a conftest, and ``from conftest import`` would find whichever was imported last.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from workbench.db.engine import Database
from workbench.db.migrate import alembic_config

PG_ENV = "WORKBENCH_TEST_PG_URL"
REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FILE = REPO_ROOT / "sample_data" / "qamishli.json"
CLI_ENV: dict[str, str | None] = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}


def invoke_cli(*args: str, input: str | None = None) -> Result:
    """The CLI in this process, as a tester with no configured database and no colour."""
    from workbench.cli import cli

    return CliRunner().invoke(cli, list(args), env=CLI_ENV, input=input, catch_exceptions=False)


def sample_desk(folder: Path) -> Path:
    """``folder``/desk.db holding the sample data, imported through the CLI."""
    path = folder / "desk.db"
    result = invoke_cli("--db", str(path), "-q", "import", str(SAMPLE_FILE))
    assert result.exit_code == 0, result.output
    return path


def pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


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


# The two backends a migration test runs on; the PostgreSQL one is skipped without its URL.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def seed_at_revision(url: str, revision: str, seed: Sequence[str]) -> str:
    """Upgrade the empty database at ``url`` to ``revision`` and run ``seed`` in it; returns ``url``."""
    database = Database(url)
    try:
        command.upgrade(alembic_config(database.engine), revision)
        with database.engine.begin() as connection:
            for statement in seed:
                connection.exec_driver_sql(statement)
    finally:
        database.dispose()
    return url


@contextmanager
def seeded_at_revision(backend: str, folder: Path, revision: str, seed: Sequence[str]) -> Iterator[str]:
    """The URL of a database at ``revision`` holding ``seed`` (raw SQL, as an older workbench wrote it).

    Every migration test starts from one: the revision before the one under test, with rows
    the migration must carry over. An SQLite file in ``folder``, or a throwaway PostgreSQL schema.
    """
    if backend == "sqlite":
        yield seed_at_revision(f"sqlite:///{folder / 'before.db'}", revision, seed)
        return
    base = pg_url()
    if base is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(base) as url:
        yield seed_at_revision(url, revision, seed)


# Every string here must be stored byte-exact and shown defused. U+0000 is the one character
# refused instead (PostgreSQL cannot store it): see NUL_STRING.
# A small desk written as plain SQL, valid at every revision from 52ecf2d9e65b on: a source,
# two claims (one with an attribution), and a review event whose id PostgreSQL's sequence hands out.
SMALL_DESK_SEED = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES "
    "(1, 'src-ap', 'Associated Press', 'media_outlet', 'B', '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES "
    "(1, 'claim-base', 'Russian forces left the base', 'unreviewed', 'single_source', 1, 3, '2026-01-27', '2026-01-27'), "
    "(2, 'claim-plane', 'A cargo plane landed', 'false', 'unsourced', 0, 1, '2026-01-27', '2026-01-27')",
    "INSERT INTO attributions (id, key, claim_id, source_id, stance, mode, credibility, created_at, updated_at) "
    "VALUES (1, 'a-1', 1, 1, 'asserts', 'own_observation', 6, '2026-01-27', '2026-01-27')",
    "INSERT INTO review_events (at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES "
    "('2026-01-27', 'lina', 'claim', 2, 2, 'verdict_set', 'checked')",
]
SMALL_DESK_TABLES = ["sources", "claims", "attributions", "review_events"]


def table_rows(database: Database, tables: Sequence[str] = SMALL_DESK_TABLES) -> dict[str, list[tuple[object, ...]]]:
    """Every row of these tables, by id: what a migration must keep."""
    with database.engine.connect() as connection:
        return {table: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))] for table in tables}


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
