"""Migrations: pytest-alembic's built-in checks, seeded data surviving upgrades, transactional
DDL, the backup taken before an upgrade, and refusing a database newer than the code."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pytest_alembic import Config as PytestAlembicConfig
from pytest_alembic.tests import (  # noqa: F401  (collected as tests of this module)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, inspect, text
from support import pg_schema, pg_url

from workbench.db.engine import create_workbench_engine
from workbench.db.migrate import (
    DatabaseTooNew,
    MigrationFailed,
    NotAWorkbenchDatabase,
    current_revision,
    head_revision,
    migrations_path,
    upgrade_to_head,
)
from workbench.db.migrate import (
    alembic_config as workbench_alembic_config,
)
from workbench.db.opening import open_database
from workbench.db.sqlite_pragmas import foreign_keys_off
from workbench.db.sqlite_rebuild import preserving_dependents

FIRST_REVISION = "8b45a41376a8"


@pytest.fixture
def alembic_config() -> PytestAlembicConfig:
    return PytestAlembicConfig(config_options={"script_location": str(migrations_path())})


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def alembic_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_workbench_engine(f"sqlite:///{tmp_path / 'migrations.db'}")
        yield engine
        engine.dispose()
        return
    if pg_url() is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(pg_url()) as url:  # type: ignore[arg-type]  # the variable is set whenever this fixture runs (checked just above)
        engine = create_workbench_engine(url)
        yield engine
        engine.dispose()


def _schema(engine: Engine) -> object:
    """Everything a migration can change, in a form two states can be compared by: each
    table's columns, keys, constraints and indexes, and the views and triggers."""
    with engine.connect() as connection:
        inspector = inspect(connection)
        tables = {
            table: (
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                str(sorted(inspector.get_pk_constraint(table)["constrained_columns"])),
                sorted(_index_text(i) for i in inspector.get_indexes(table)),
                sorted(str(sorted(c.items())) for c in inspector.get_check_constraints(table)),
                sorted(str(sorted(f.items())) for f in inspector.get_foreign_keys(table)),
                sorted(str(sorted(u.items())) for u in inspector.get_unique_constraints(table)),
            )
            for table in inspector.get_table_names()
            if table != "alembic_version"
        }
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY type, name"
            ).all()
            return tables, [(kind, name, " ".join(sql.split())) for kind, name, sql in rows]
        views = {name: inspector.get_view_definition(name) for name in inspector.get_view_names()}
        triggers = connection.execute(
            text("SELECT trigger_name, event_manipulation, action_statement FROM information_schema.triggers "
                 "WHERE trigger_schema = current_schema() ORDER BY 1, 2")
        ).all()
        return tables, views, [tuple(row) for row in triggers]


def _index_text(index: Mapping[str, Any]) -> str:
    """An index as text; a partial index's WHERE clause by its SQL (its repr names an address)."""
    options = {name: str(value) for name, value in (index.get("dialect_options") or {}).items()}
    return str(sorted((dict(index) | {"dialect_options": options}).items()))


def test_downgrade_leaves_no_trace(database_url: str) -> None:
    """Each revision's downgrade undoes exactly what its upgrade did: tables, columns,
    constraints, indexes, views and triggers are as before the upgrade (on every backend).

    Written here rather than taken from pytest-alembic: its experimental check holds the
    migrations inside one outer transaction, which a migration that switches SQLite's foreign
    keys off around its own transaction cannot run in.
    """
    engine = create_workbench_engine(database_url if "://" in database_url else f"sqlite:///{database_url}")
    script = ScriptDirectory.from_config(workbench_alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    previous = "base"
    for revision in revisions:
        before = _schema(engine)
        command.upgrade(workbench_alembic_config(engine), revision)
        command.downgrade(workbench_alembic_config(engine), previous)
        assert _schema(engine) == before, f"downgrading {revision} leaves a trace"
        command.upgrade(workbench_alembic_config(engine), revision)
        previous = revision
    engine.dispose()


def test_all_models_register_on_metadata() -> None:
    """What env.py imports (``workbench.db.models``) registers every table: a fresh interpreter
    that imports only that sees the same tables as one that imported every module of the
    package. (pytest-alembic's experimental check looks for the metadata in the package's
    namespace, where ``workbench.db`` now loads it lazily.)"""
    bare = "from workbench.db import models\nprint(sorted(models.Base.metadata.tables))"
    everything = (
        "import importlib, pkgutil, workbench\n"
        "for module in pkgutil.walk_packages(workbench.__path__, 'workbench.'):\n"
        "    if not module.name.endswith('__main__'):\n"
        "        importlib.import_module(module.name)\n"
        "from workbench.db import models\nprint(sorted(models.Base.metadata.tables))"
    )
    tables = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout
        for code in (bare, everything)
    ]
    assert tables[0] == tables[1] and "status_checks" in tables[0]


# -- seeded data ------------------------------------------------------------------------------

SEED_AT_FIRST_REVISION = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) "
    "VALUES (1, 'src-sdf', 'SDF', 'organization', 'C', '2026-01-27', '2026-01-27')",
    "INSERT INTO sources (id, key, name, kind, affiliation_id, reliability, created_at, updated_at) "
    "VALUES (2, 'src-ali', 'Ahmed Ali', 'person', 1, 'F', '2026-01-27', '2026-01-27')",
    "INSERT INTO source_aliases (id, source_id, alias) VALUES (1, 1, 'Syrian Democratic Forces')",
    "INSERT INTO documents (id, key, title, outlet_id, created_at, updated_at) "
    "VALUES (1, 'doc-ap', 'AP report', 1, '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
    "VALUES (1, 'claim-1', 'Russian forces are leaving Qamishli', 'unreviewed', 'single_source', 1, 1, "
    "'2026-01-27', '2026-01-27')",
    "INSERT INTO claim_tags (claim_id, tag) VALUES (1, 'russia')",
    "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, credibility, "
    "created_at, updated_at) VALUES (1, 'attr-1', 1, 2, 1, 'asserts', 'direct_quote', 3, '2026-01-27', '2026-01-27')",
    "INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, created_at) VALUES (1, 1, 1, 'supports', '2026-01-27')",
]
TABLES = ["sources", "source_aliases", "documents", "claims", "claim_tags", "attributions", "review_events"]


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}


def test_seeded_rows_survive_every_upgrade(tmp_path: Path) -> None:
    """Upgrading step by step from the first revision never loses a row or orphans one."""
    engine = create_workbench_engine(f"sqlite:///{tmp_path / 'seeded.db'}")
    command.upgrade(workbench_alembic_config(engine), FIRST_REVISION)
    with engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # the self-link below is legal only later
        for statement in SEED_AT_FIRST_REVISION[:-1]:
            connection.exec_driver_sql(statement)
    before = _counts(engine)
    script = ScriptDirectory.from_config(workbench_alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions[revisions.index(FIRST_REVISION) + 1 :]:
        command.upgrade(workbench_alembic_config(engine), revision)
        after = _counts(engine)
        for table in TABLES:
            if table != "review_events":
                assert after[table] >= before[table], f"{revision} lost rows in {table}"
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def _batch_rebuild_claims(connection) -> None:
    """Rebuild the claims table the way batch mode does (copy, drop, rename)."""
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    with Operations.context(context), preserving_dependents(connection, ["claims"]):
        with Operations(context).batch_alter_table("claims", recreate="always") as batch:
            batch.alter_column("place", existing_type=None, comment=None)


def test_batch_rebuild_keeps_child_rows_with_foreign_keys_off(sample_database_sqlite: Engine) -> None:
    """The batch "move and copy" of a parent table must not cascade into its children."""
    engine = sample_database_sqlite
    before = _counts(engine)
    with engine.connect() as connection, foreign_keys_off(connection):
        with connection.begin():
            _batch_rebuild_claims(connection)
    assert _counts(engine) == before
    # The FTS triggers and the views survived the rebuild: search still sees new claims.
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO claims (key, text, verdict, status, origin_count, version, created_at, updated_at) "
                "VALUES ('k-new', 'zanzibar rebuild probe', 'unreviewed', 'unsourced', 0, 1, '2026-01-01', '2026-01-01')"
            )
        )
        assert connection.execute(text("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'zanzibar'")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM claim_overview")).scalar_one() == before["claims"] + 1


def test_batch_rebuild_with_foreign_keys_on_is_the_trap_we_guard_against(sample_database_sqlite: Engine) -> None:
    """Shows why the guard exists: with the pragma on, the same rebuild cannot keep the data.
    The DROP of the old table fires ON DELETE CASCADE into attributions and tags: either the
    children vanish silently or (with the FTS triggers on them) the DROP fails."""
    from sqlalchemy.exc import OperationalError

    engine = sample_database_sqlite
    before = _counts(engine)
    assert before["attributions"] > 0 and before["claim_tags"] > 0
    try:
        with engine.connect() as connection:
            with connection.begin():
                _batch_rebuild_claims(connection)
    except OperationalError:
        assert _counts(engine) == before  # failed, and rolled back whole
        return
    after = _counts(engine)
    assert after["attributions"] < before["attributions"] or after["claim_tags"] < before["claim_tags"]


@pytest.fixture
def sample_database_sqlite(tmp_path: Path) -> Iterator[Engine]:
    from support import SAMPLE_FILE

    from workbench.importing.pipeline import import_file

    database = open_database(str(tmp_path / "sample.db"))
    with database.writing() as session:
        import_file(session, SAMPLE_FILE, "tester")
    yield database.engine
    database.dispose()


# -- transactional DDL, backups, refusing newer databases -------------------------------------


def _scripts_with_extra_revision(tmp_path: Path, body: str, name: str = "extra") -> Path:
    """A copy of the migrations with one more revision on top (a "newer workbench")."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = head_revision()
    body_lines = textwrap.indent(textwrap.dedent(body).strip(), "    ")
    (folder / "versions" / f"99999999_{name}.py").write_text(
        '"""Test-only revision."""\n'
        "import sqlalchemy as sa\n"
        "from alembic import op\n\n"
        f'revision = "{name}0001"\n'
        f'down_revision = "{head}"\n'
        "branch_labels = None\n"
        "depends_on = None\n\n\n"
        f"def upgrade():\n{body_lines}\n\n\n"
        "def downgrade():\n    pass\n"
    )
    return folder


def test_failed_migration_leaves_database_unchanged(sample_database_sqlite: Engine, tmp_path: Path) -> None:
    """A failing revision rolls back whole, and the error says so in one sentence, naming the backup."""
    scripts = _scripts_with_extra_revision(
        tmp_path,
        """
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        with op.batch_alter_table("claims") as batch:
            batch.add_column(sa.Column("extra", sa.Text))
        raise RuntimeError("boom halfway")
        """,
        name="failing",
    )
    engine = sample_database_sqlite
    before = _counts(engine)
    with pytest.raises(MigrationFailed) as failure:
        upgrade_to_head(engine, script_location=scripts)
    message = str(failure.value)
    assert "\n" not in message and "(RuntimeError: boom halfway); nothing was changed" in message
    backup = failure.value.backup
    assert backup is not None and backup.exists() and f"the backup taken before is at {backup}" in message
    assert current_revision(engine) == head_revision()
    names = inspect(engine).get_table_names()
    assert "half_done" not in names
    assert "extra" not in {c["name"] for c in inspect(engine).get_columns("claims")}
    assert _counts(engine) == before


def test_upgrade_takes_a_backup_first(sample_database_sqlite: Engine, tmp_path: Path) -> None:
    scripts = _scripts_with_extra_revision(
        tmp_path, 'op.add_column("claims", sa.Column("extra", sa.Text))', name="addcolumn"
    )
    engine = sample_database_sqlite
    before = _counts(engine)
    result = upgrade_to_head(engine, script_location=scripts)
    assert result.changed and result.before == head_revision() and result.after == "addcolumn0001"
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        assert backup.execute("SELECT count(*) FROM claims").fetchone()[0] == before["claims"]
    assert "backup" in result.describe()


def test_database_newer_than_the_code_is_refused(database_url: str) -> None:
    database = open_database(database_url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    database.dispose()
    with pytest.raises(DatabaseTooNew, match="newer workbench"):
        open_database(database_url)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    with pytest.raises(NotAWorkbenchDatabase):
        open_database(str(path))


def test_alembic_upgrade_head_from_the_repo_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented `alembic upgrade head` works from the repository root with WORKBENCH_DB."""
    import subprocess
    import sys

    from support import REPO_ROOT

    target = tmp_path / "cli.db"
    monkeypatch.setenv("WORKBENCH_DB", str(target))
    completed = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
