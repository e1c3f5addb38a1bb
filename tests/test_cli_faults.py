"""Errors a user must never see as a traceback: bad ``--db`` targets, a missing database, a
missing driver, a lock held by another process, a full disk, a damaged file. Each ends in one
line on stderr with its documented exit code, and nothing half-written.

Locks, file-size limits and missing drivers are tested with real processes.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1", "WORKBENCH_BUSY_TIMEOUT": None}


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV, input=input, catch_exceptions=False)


def run_workbench(*args: str, env: dict[str, str] | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own (``python -m workbench``)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("WORKBENCH_DB", "WORKBENCH_DEBUG")}
    environment |= {"WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args], capture_output=True, text=True, env=environment, timeout=120, check=False, **kwargs
    )


def one_line(stderr: str) -> str:
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr.rstrip("\n")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "desk.db"
    assert invoke("--db", str(path), "-q", "import", str(SAMPLE_FILE)).exit_code == 0
    return path


@pytest.fixture
def desk(sample_db: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database (a file copy: the source is not being written)."""
    path = tmp_path / "desk.db"
    with sqlite3.connect(sample_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read with the standard library."""
    with sqlite3.connect(path) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(map(tuple, connection.execute(f'SELECT * FROM "{name}"')), key=repr) for name in names}


# -- what --db names ------------------------------------------------------------------------


def _junk_targets(folder: Path) -> dict[str, Path]:
    targets = {"folder": folder / "a-folder", "text": folder / "notes.txt", "random": folder / "random.bin", "header": folder / "header.db"}
    targets["folder"].mkdir()
    targets["text"].write_text("this is not a database\n" * 50, encoding="utf-8")
    targets["random"].write_bytes(os.urandom(8192))
    targets["header"].write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    return targets


@pytest.mark.parametrize("kind", ["folder", "text", "random", "header"])
@pytest.mark.parametrize("command", [("claims", "list"), ("init",), ("import", str(SAMPLE_FILE)), ("db", "check")])
def test_db_naming_something_that_is_not_a_database_exits_6_and_changes_nothing(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    target = _junk_targets(tmp_path)[kind]
    before = sorted(p.name for p in tmp_path.rglob("*")), None if kind == "folder" else target.read_bytes()
    result = invoke("--db", str(target), *command)
    assert result.exit_code == 6, (result.exit_code, result.stderr)
    line = one_line(result.stderr)
    assert line.startswith("error: ") and str(target) in line and "nothing was changed" in line
    assert result.stdout == ""
    assert (sorted(p.name for p in tmp_path.rglob("*")), None if kind == "folder" else target.read_bytes()) == before


READING_OR_CHANGING = [
    ("claims", "list"),
    ("claims", "show", "1"),
    ("claims", "add", "A claim"),
    ("sources", "list"),
    ("search", "russia"),
    ("sql", "SELECT 1"),
    ("export",),
    ("duplicates",),
    ("note", "1", "hello"),
    ("undo",),
    ("db", "check"),
    ("db", "current"),
    ("db", "upgrade"),
    ("backup", "copy.db"),
]


@pytest.mark.parametrize("command", READING_OR_CHANGING, ids=[" ".join(c) for c in READING_OR_CHANGING])
def test_only_init_import_and_demo_create_a_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    mistyped = tmp_path / "no-such-folder" / "desk.db"
    result = invoke("--db", str(mistyped), *command)
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert one_line(result.stderr) == f"error: no database at {mistyped}; create it with `workbench init` (or `workbench import FILE`)"
    assert list(tmp_path.iterdir()) == []  # neither the file nor its folder


@pytest.mark.parametrize("command", [(), ("review",)], ids=["plain workbench", "review"])
def test_the_tui_on_no_database_points_at_the_demo(tmp_path: Path, command: tuple[str, ...]) -> None:
    """Plain `workbench` is what a new user types first: the line also names the demo."""
    mistyped = tmp_path / "desk.db"
    result = invoke("--db", str(mistyped), *command)
    assert result.exit_code == 3
    assert one_line(result.stderr) == (
        f"error: no database at {mistyped}; create it with `workbench init` (or `workbench import FILE`); "
        "or try the sample data: `workbench demo`"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_empty_file_is_no_database_yet_until_init(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert invoke("--db", str(path), "claims", "list").exit_code == 3
    assert path.read_bytes() == b""
    assert invoke("--db", str(path), "init").exit_code == 0
    assert invoke("--db", str(path), "claims", "list", "--json").stdout == "[]\n"


def test_init_and_import_create_the_database_and_its_folder(tmp_path: Path) -> None:
    assert invoke("--db", str(tmp_path / "new" / "a.db"), "init").exit_code == 0
    assert invoke("--db", str(tmp_path / "other" / "b.db"), "-q", "import", str(SAMPLE_FILE)).exit_code == 0
    assert (tmp_path / "new" / "a.db").exists() and (tmp_path / "other" / "b.db").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("claims", "list", "--json", "--db", "{db}"),
        ("sources", "list", "--db", "{db}", "--json"),
        ("claims", "show", "1", "--db", "{db}", "--json"),
        ("db", "check", "--db", "{db}"),
        ("db", "--db", "{db}", "current"),
        ("search", "cargo", "--db", "{db}"),
        ("export", "--db", "{db}"),
        ("undo", "--db", "{db}"),
    ],
)
def test_db_is_accepted_after_the_command(desk: Path, args: tuple[str, ...]) -> None:
    result = invoke("--db", "/nonexistent/elsewhere.db", *(a.format(db=desk) for a in args))
    assert result.exit_code in (0, 3), result.stderr  # 3: undo finds nothing of this reviewer's
    assert "no database" not in result.stderr


def test_postgresql_without_the_extra_says_which_extra_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None; sys.modules['psycopg2'] = None\n"
        "from workbench.cli import cli; cli(prog_name='workbench')"
    )
    environment = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"} | {"WORKBENCH_REVIEWER": "tester"}
    completed = subprocess.run(
        [sys.executable, "-c", code, "--db", "postgresql://desk@127.0.0.1:1/desk", "claims", "list"],
        capture_output=True, text=True, env=environment, timeout=60, check=False,
    )
    assert completed.returncode == 1
    line = one_line(completed.stderr)
    assert "PostgreSQL support is not installed" in line and '".[postgres]"' in line


def test_unreachable_server_and_unknown_scheme_are_one_line() -> None:
    unreachable = invoke("--db", "postgresql://desk@127.0.0.1:1/desk", "claims", "list")
    assert unreachable.exit_code == 6 and "cannot reach" in one_line(unreachable.stderr)
    unknown = invoke("--db", "mongodb://127.0.0.1/desk", "claims", "list")
    assert unknown.exit_code == 2 and "unsupported database URL scheme 'mongodb'" in one_line(unknown.stderr)


@pytest.mark.parametrize("url", ["postgresql://desk@[::1/desk", "postgresql://desk@db:port/desk", "://desk", "a b://desk"])
def test_a_malformed_database_url_is_bad_input_not_an_internal_error(url: str) -> None:
    """SQLAlchemy's URL parser raises ValueError/ArgumentError: it reached the user as
    "internal error ... please report it" with exit code 1."""
    result = invoke("--db", url, "claims", "list")
    line = one_line(result.stderr)
    assert result.exit_code == 2 and "not a database URL" in line and "internal error" not in line


@pytest.mark.parametrize("args", [("--db", "", "claims", "list"), ("claims", "list", "--db", " "), ("db", "copy", "SOURCE", "")])
def test_an_empty_database_name_is_bad_input_not_the_default_desk(desk: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty ``--db`` (an unset shell variable) silently meant $WORKBENCH_DB."""
    monkeypatch.setenv("WORKBENCH_DB", str(desk))
    result = invoke(*(str(desk) if arg == "SOURCE" else arg for arg in args))
    assert result.exit_code == 2 and "an empty database name" in one_line(result.stderr)


def test_a_malformed_url_never_shows_its_password() -> None:
    result = invoke("--db", "postgresql://desk:s3cret@[::1/desk", "claims", "list")
    assert result.exit_code == 2 and "s3cret" not in result.stderr and "desk:***@" in result.stderr


# -- a lock held by another process ---------------------------------------------------------


@pytest.fixture
def lock_holder(desk: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that takes the write lock and keeps it."""
    code = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN EXCLUSIVE')\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(desk)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    yield holder
    holder.kill()
    holder.wait()


def test_a_lock_held_past_the_busy_timeout_is_database_busy(desk: Path, lock_holder: subprocess.Popen[str]) -> None:
    started = time.monotonic()
    result = run_workbench("--db", str(desk), "note", "1", "asked the ministry", env={"WORKBENCH_BUSY_TIMEOUT": "0.5"})
    assert result.returncode == 8, result.stderr
    assert one_line(result.stderr) == (
        f"error: database busy: another program has held {desk} locked for over 0.5 s; nothing was changed — try again"
    )
    assert time.monotonic() - started < 30
    lock_holder.kill()
    lock_holder.wait()
    assert run_workbench("--db", str(desk), "note", "1", "asked the ministry").returncode == 0


# -- a full disk or a file-size limit during an import --------------------------------------


def _big_feed(path: Path, claims: int) -> Path:
    with path.open("w", encoding="utf-8") as feed:
        feed.write(json.dumps({"format": "workbench", "version": 1}) + "\n")
        for n in range(claims):
            record = {"key": f"feed-{n}", "text": f"Claim {n} from the feed " + "x" * 200, "attributions": [{"source_name": "Ahmed Ali", "stance": "asserts"}]}
            feed.write(json.dumps(record) + "\n")
    return path


@pytest.mark.parametrize("limit", [1_000_000, 9_000_000, 12_000_000], ids=["spool", "database", "database-later"])
def test_file_size_limit_during_an_import_leaves_the_database_untouched(desk: Path, tmp_path: Path, limit: int) -> None:
    """The limit is hit by the temporary spool (1 MB), or by SQLite writing the database in
    the middle of the import's queued writes: SQLite then rolls the transaction back by itself,
    and writes queued behind the failed one must not commit on their own (they did: 6,000 of
    20,000 claims stayed, under "nothing was changed")."""
    feed = _big_feed(tmp_path / "feed.jsonl", 20_000)
    before = rows(desk)

    def cap_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run_workbench("--db", str(desk), "import", "--no-match", "-q", str(feed), preexec_fn=cap_file_size)
    assert result.returncode == 9, result.stderr
    line = one_line(result.stderr)
    assert ("file too large" in line or "could not write" in line) and line.endswith("nothing was changed")
    assert rows(desk) == before
    with sqlite3.connect(desk) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- a damaged file -------------------------------------------------------------------------


def _damage(path: Path, table: str, offset: int, size: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        page = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    with path.open("r+b") as file:
        file.seek((page - 1) * page_size + offset)
        file.write(b"\xff" * size)


def test_db_check_reports_a_malformed_index_that_statuses_read_past(desk: Path) -> None:
    assert invoke("--db", str(desk), "db", "check").exit_code == 0
    _damage(desk, "ix_claims__verdict_id", 8, 200)
    result = invoke("--db", str(desk), "db", "check")
    assert result.exit_code == 6
    lines = result.stderr.splitlines()
    assert lines[0].startswith("integrity_check: ") and "Traceback" not in result.stderr
    assert lines[-1] == f"error: {desk} is damaged ({len(lines) - 1} problem(s) above); restore it from a backup"


def test_db_check_fix_refuses_a_damaged_file_before_writing_to_it(desk: Path) -> None:
    with sqlite3.connect(desk) as connection:
        connection.execute("UPDATE claims SET status = 'refuted' WHERE id = 2")
    _damage(desk, "ix_claims__verdict_id", 8, 200)
    result = invoke("--db", str(desk), "db", "check", "--fix")
    assert result.exit_code == 6 and result.stderr.splitlines()[0].startswith("integrity_check: ")
    with sqlite3.connect(desk) as connection:
        assert connection.execute("SELECT status FROM claims WHERE id = 2").fetchone() == ("refuted",)


def test_a_damaged_table_fails_every_command_cleanly(desk: Path) -> None:
    _damage(desk, "claims", 0, 64)
    check = invoke("--db", str(desk), "db", "check")
    assert check.exit_code == 6 and check.stderr.splitlines()[0] == "integrity_check: database disk image is malformed"
    for command in (("claims", "list"), ("claims", "show", "1"), ("verdict", "1", "false", "--reason", "x")):
        result = invoke("--db", str(desk), *command)
        assert result.exit_code == 6, (command, result.stderr)
        assert one_line(result.stderr) == (
            f"error: {desk} is damaged (database disk image is malformed); run `workbench db check` and restore it from a backup"
        )


def test_db_check_reports_orphaned_rows(desk: Path) -> None:
    with sqlite3.connect(desk) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE attributions SET source_id = 999 WHERE id = 1")
    result = invoke("--db", str(desk), "db", "check")
    assert result.exit_code == 5
    assert "foreign_key_check: attributions row 1 points at a missing row of sources" in result.stderr


# -- anything else is still one line --------------------------------------------------------


def test_an_unforeseen_error_is_one_line_not_a_traceback(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.cli import claims_list

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(claims_list, "_list_row", broken)
    result = invoke("--db", str(desk), "claims", "list")
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith("error: internal error (KeyError at test_cli_faults.py:") and "WORKBENCH_DEBUG=1" in line


def test_demo_keep_never_writes_into_an_existing_file(desk: Path) -> None:
    before = desk.read_bytes()
    result = invoke("demo", "--keep", str(desk))
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert one_line(result.stderr) == (
        f"error: {desk} already exists; give a new file name: the demo always starts from a fresh copy (nothing was changed)"
    )
    assert desk.read_bytes() == before


def test_the_demo_database_holds_the_sample_report(tmp_path: Path) -> None:
    from workbench.demo import build_demo_database

    database = build_demo_database(tmp_path / "new" / "demo.db")
    database.dispose()
    connection = sqlite3.connect(tmp_path / "new" / "demo.db")
    try:
        assert connection.execute("SELECT count(*) FROM claims").fetchone() == (25,)
    finally:
        connection.close()
