"""A file a command writes is never the database it works on, by any name.

``workbench --db desk.db export -o desk.db`` replaced the desk with its own (empty-looking)
export and said "exported"; ``--rejects`` and ``backup`` named the same way would have done
the same, or left a stray ``-journal`` beside a live database.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.config import is_database_file

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    assert invoke("--db", str(path), "-q", "import", str(SAMPLE_FILE)).exit_code == 0
    return path


def _claims(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM claims").fetchone()[0])


def _same_path(desk: Path) -> str:
    return str(desk)


def _relative(desk: Path) -> str:
    return f"./{desk.name}"  # the test runs in the desk's folder


def _wal(desk: Path) -> str:
    return f"{desk}-wal"


def _journal(desk: Path) -> str:
    return f"{desk}-journal"  # does not exist in WAL mode: matched by name


def _symbolic_link(desk: Path) -> str:
    link = desk.parent / "shortcut.db"
    link.symlink_to(desk)
    return str(link)


def _hard_link(desk: Path) -> str:
    link = desk.parent / "other-name.db"
    os.link(desk, link)
    return str(link)


NAMES: dict[str, Callable[[Path], str]] = {
    "same path": _same_path, "relative": _relative, "-wal": _wal, "-journal": _journal,
    "symbolic link": _symbolic_link, "hard link": _hard_link,
}


def _refused(result: Result, desk: Path) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is the database in use" in lines[0] and "nothing was written" in lines[0], lines
    assert _claims(desk) == 25


@pytest.mark.parametrize("name", NAMES)
def test_export_refuses_to_write_over_the_database(desk: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(desk.parent)
    target = NAMES[name](desk)
    _refused(invoke("--db", str(desk), "export", "-o", target), desk)
    assert not list(desk.parent.glob("*.partial"))


def test_an_import_s_rejects_are_never_written_over_the_database(desk: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"type": "claim", "key": "bad", "text": "A claim", "kind": "nonsense"}) + "\n", encoding="utf-8")
    _refused(invoke("--db", str(desk), "import", "--skip-invalid", "--rejects", f"{desk}-shm", str(feed)), desk)
    _refused(invoke("--db", str(desk), "import", "--skip-invalid", "--rejects", str(desk), str(feed)), desk)


def test_a_backup_is_never_written_beside_the_database_as_its_journal(desk: Path) -> None:
    _refused(invoke("--db", str(desk), "backup", f"{desk}-journal"), desk)
    assert not Path(f"{desk}-journal").exists()


def test_other_names_are_not_the_database(tmp_path: Path) -> None:
    database = tmp_path / "desk.db"
    database.write_bytes(b"x")
    assert is_database_file(tmp_path / "sub" / ".." / "desk.db-shm", database)
    assert not is_database_file(tmp_path / "desk.db.json", database)
    assert not is_database_file(tmp_path / "desk.db-wal.json", database)
    assert not is_database_file(tmp_path / "other" / "desk.db", database)
