"""Backups: ``workbench backup FILE`` while another process writes, and the copy taken before an
upgrade, which must never exist under its name unless it is whole (real processes, killed)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.db.engine import create_workbench_engine
from workbench.db.migrate import alembic_config, head_revision

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
PREVIOUS_REVISION = "d7e2b8c4a1f0"


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env=ENV, catch_exceptions=False)


def table_rows(path: Path, tables: tuple[str, ...] = ("claims", "attributions", "sources", "review_events")) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as connection:
        return {t: sorted(map(tuple, connection.execute(f"SELECT * FROM {t}")), key=repr) for t in tables}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    assert invoke(path, "-q", "import", str(SAMPLE_FILE)).exit_code == 0
    return path


def test_backup_writes_a_copy_that_opens_as_it_is(desk: Path, tmp_path: Path) -> None:
    target = tmp_path / "copies" / "desk-copy.db"
    target.parent.mkdir()
    result = invoke(desk, "backup", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"backup written: {target} (schema {head_revision()})\n"
    assert table_rows(target) == table_rows(desk)
    assert list(target.parent.iterdir()) == [target]  # one self-contained file, no journal left
    assert invoke(target, "db", "check").exit_code == 0
    again = invoke(desk, "backup", str(target))
    assert again.exit_code == 2 and again.stderr == f"error: {target} already exists; give a new file name (nothing was written)\n"


def test_backup_is_consistent_while_another_process_writes(desk: Path, tmp_path: Path) -> None:
    """A writer adds claims (each with its counts row, kept by triggers) as fast as it can while
    backups are taken: every copy is one consistent moment of the database."""
    with sqlite3.connect(desk) as connection:  # a bigger file, so that a copy takes a while
        connection.executemany(
            "INSERT INTO claims (key, text, verdict, status, origin_count, version, created_at, updated_at) "
            "VALUES (?, ?, 'unreviewed', 'unsourced', 0, 1, '2026-01-01', '2026-01-01')",
            [(f"bulk-{n}", f"bulk claim {n} " + "y" * 400) for n in range(10_000)],
        )
    writer_code = (
        "import sqlite3, sys, itertools\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
        "print('writing', flush=True)\n"
        "for n in itertools.count():\n"
        "    c.execute('BEGIN IMMEDIATE')\n"
        "    for k in range(20):\n"
        "        c.execute(\"INSERT INTO claims (key, text, verdict, status, origin_count, version, created_at, updated_at) "
        "VALUES (?, 'written during the backup', 'false', 'unsourced', 0, 1, '2026-01-01', '2026-01-01')\", (f'w-{n}-{k}',))\n"
        "    c.execute('COMMIT')\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", writer_code, str(desk)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        copies = []
        for n in range(2):
            target = tmp_path / f"copy-{n}.db"
            completed = subprocess.run(
                [sys.executable, "-m", "workbench", "--db", str(desk), "backup", str(target)],
                capture_output=True, text=True, timeout=120, check=False,
                env={k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"},
            )
            assert completed.returncode == 0, completed.stderr
            copies.append(target)
        assert writer.poll() is None, "the writer kept writing throughout"
    finally:
        writer.kill()
        writer.wait()
    written = []
    for copy in copies:
        with sqlite3.connect(copy) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            during = connection.execute("SELECT count(*) FROM claims WHERE key LIKE 'w-%'").fetchone()[0]
            assert during % 20 == 0  # whole transactions only
            counted = connection.execute("SELECT coalesce(sum(n), 0) FROM claim_counts WHERE verdict = 'false'").fetchone()[0]
            assert counted == during
            written.append(during)
        assert invoke(copy, "db", "check").exit_code == 0
    assert written == sorted(written) and written[-1] > 0


def test_backup_of_a_postgresql_database_is_refused_cleanly(database_url: str) -> None:
    if "://" not in database_url:
        pytest.skip("PostgreSQL only")
    assert invoke(Path("unused"), "--db", database_url, "init").exit_code == 0
    result = CliRunner().invoke(cli, ["--db", database_url, "backup", "x.db"], env=ENV, catch_exceptions=False)
    assert result.exit_code == 2 and result.stderr == "error: backup copies SQLite files; for PostgreSQL use pg_dump\n"


def _older_database(tmp_path: Path) -> Path:
    """A database of some size at the revision before head, so that opening it upgrades it."""
    path = tmp_path / "old.db"
    engine = create_workbench_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), PREVIOUS_REVISION)
    engine.dispose()
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO claims (key, text, verdict, status, origin_count, version, created_at, updated_at) "
            "VALUES (?, ?, 'unreviewed', 'unsourced', 0, 1, '2026-01-01', '2026-01-01')",
            [(f"old-{n}", f"old claim {n} " + "z" * 600) for n in range(30_000)],
        )
    return path


def test_a_kill_during_the_pre_upgrade_backup_never_leaves_a_file_named_like_a_backup(tmp_path: Path) -> None:
    """The upgrade is killed the moment any file of the backup appears: nothing by the backup's
    name may then exist unless it is a complete, checked copy; the database is as it was."""
    original = _older_database(tmp_path)
    with sqlite3.connect(original) as connection:
        claims_before = connection.execute("SELECT count(*) FROM claims").fetchone()[0]
    for _attempt in range(3):
        upgrade = subprocess.Popen(
            [sys.executable, "-m", "workbench", "--db", str(original), "db", "upgrade"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"},
        )
        deadline = time.monotonic() + 60
        while upgrade.poll() is None and time.monotonic() < deadline and not list(tmp_path.glob("old.backup-*")):
            time.sleep(0.0005)
        upgrade.send_signal(signal.SIGKILL)
        upgrade.wait()
        for backup in tmp_path.glob("old.backup-*.db"):
            with sqlite3.connect(backup) as connection:
                assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
                assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (PREVIOUS_REVISION,)
                assert connection.execute("SELECT count(*) FROM claims").fetchone() == (claims_before,)
        for leftover in tmp_path.glob("old.backup-*.partial"):
            leftover.unlink()
        with sqlite3.connect(original) as connection:
            assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] in (PREVIOUS_REVISION, head_revision())
            assert connection.execute("SELECT count(*) FROM claims").fetchone() == (claims_before,)
    upgraded = invoke(original, "db", "upgrade")
    assert upgraded.exit_code == 0


def test_a_backup_into_a_missing_folder_says_it_does_not_exist(desk: Path, tmp_path: Path) -> None:
    """It said "/nonexist is not a folder", as if something else stood there."""
    missing = invoke(desk, "backup", str(tmp_path / "nowhere" / "copy.db"))
    assert missing.exit_code == 2 and "nowhere does not exist: create the folder first" in missing.stderr
    (tmp_path / "plain").write_text("x")
    file_parent = invoke(desk, "backup", str(tmp_path / "plain" / "copy.db"))
    assert file_parent.exit_code == 2 and "plain is not a folder" in file_parent.stderr
    assert not (tmp_path / "nowhere").exists()
