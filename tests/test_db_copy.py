"""``workbench db copy``: a desk moved to PostgreSQL and back is the same desk, row for row.

The desk holds the sample data plus a review history: verdicts, notes and attributions in
hostile text, an attribution added and undone (so the highest id ever used is above the
highest id stored), a source pointing at one created after it (a self-reference the copy
must defer), a possibly-same mark. Every table is compared row by row, the id counters too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from click.testing import CliRunner, Result
from sqlalchemy import text
from support import HOSTILE_STRINGS, PG_ENV, SAMPLE_FILE, pg_schema, pg_url

from workbench.cli import cli
from workbench.db.copy import CopyFailed, copied_tables, copy_database
from workbench.db.engine import create_workbench_engine
from workbench.db.migrate import alembic_config
from workbench.db.opening import open_database

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
NEW_ORG = "Desk-made org [/] \x1b[2J"
OLDER_REVISION = "3162b2edcc44"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)


def run(db: str, *args: str) -> Result:
    result = invoke("--db", db, *args)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """The sample desk after a day of review, in hostile text, with an id freed by an undo."""
    path = tmp_path / "desk.db"
    db = str(path)
    run(db, "-q", "import", str(SAMPLE_FILE))
    run(db, "sources", "add", NEW_ORG, "--kind", "organization")
    run(db, "sources", "affiliate", "Associated Press", NEW_ORG)  # source 1 now points at a later source
    run(db, "sources", "possibly-same", "Associated Press", "Russian government", "--note", HOSTILE_STRINGS[0])
    run(db, "claims", "add", "A hostile claim " + " ".join(HOSTILE_STRINGS[:6]))
    for hostile in HOSTILE_STRINGS:
        run(db, "note", "1", hostile)
    run(db, "verdict", "1", "accurate", "--reason", HOSTILE_STRINGS[-1])
    run(db, "attribute", "2", "Ahmed Ali", "asserts", "--quote", HOSTILE_STRINGS[5])
    run(db, "attribute", "2", "Ahmed Ali", "denies")
    run(db, "undo", "--yes")  # the newest attribution is gone: its id must never come back
    return path


def everything(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table the copy writes (and the counts, and the id counters), sorted, exactly as stored.

    ``claim_counts`` is rebuilt by triggers, not copied: a (status, verdict) pair no claim has
    any more may be a row of 0 in one and missing in the other, which means the same.
    """
    names = [t.name for t in copied_tables()] + ["sqlite_sequence"]
    with sqlite3.connect(path) as connection:
        rows = {name: sorted(map(tuple, connection.execute(f"SELECT * FROM {name}")), key=repr) for name in names}
        rows["claim_counts"] = sorted(connection.execute("SELECT * FROM claim_counts WHERE n <> 0"))
    return rows


def test_a_desk_copied_to_postgresql_and_back_is_the_same_desk(desk: Path, tmp_path: Path) -> None:
    base = pg_url()
    if base is None:
        pytest.skip(f"{PG_ENV} is not set")
    back = tmp_path / "back.db"
    with pg_schema(base) as server:
        there = invoke("db", "copy", str(desk), server)
        assert there.exit_code == 0, there.stderr
        assert "every table's row count matches the source's" in there.stderr
        assert "every stored status matches its evidence" in there.stderr
        assert invoke("--db", server, "db", "check").exit_code == 0
        assert "Qamishli" in run(server, "search", "qamishli").stdout  # the search index covers the copy
        again = invoke("-q", "db", "copy", str(back.with_name("other.db")), server)
        assert again.exit_code == 3  # no source database there: nothing created, nothing copied
        assert invoke("-q", "db", "copy", server, str(back)).exit_code == 0
        freed = _highest_attribution_id_ever(desk)
        run(server, "attribute", "3", "Associated Press", "asserts")
        engine = create_workbench_engine(server)
        with engine.connect() as connection:
            newest = connection.execute(text("SELECT max(id) FROM attributions")).scalar_one()
        engine.dispose()
        assert newest == freed + 1  # the id the undo freed is never handed out again
    copied_back = everything(back)
    # The check run on the server travels with the desk (its marks are ids, which the copy keeps).
    assert [row[3] for row in copied_back.pop("status_checks")] == ["full"]
    original = everything(desk)
    assert original.pop("status_checks") == []
    assert copied_back == original
    assert invoke("--db", str(back), "db", "check").exit_code == 0


def _highest_attribution_id_ever(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        counter = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'attributions'").fetchone()[0]
        stored = connection.execute("SELECT max(id) FROM attributions").fetchone()[0]
    assert counter > stored  # the fixture really freed an id
    return int(counter)


def test_sqlite_to_sqlite_keeps_every_row_and_the_id_counters(desk: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = invoke("db", "copy", str(desk), str(target))
    assert result.exit_code == 0, result.stderr
    assert everything(target) == everything(desk)
    assert "Qamishli" in run(str(target), "search", "qamishli").stdout


def test_a_target_holding_data_is_refused_unless_replace(desk: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy.db"
    run(str(target), "-q", "import", str(SAMPLE_FILE))
    run(str(target), "note", "1", "a note only the target has")
    before = everything(target)
    refused = invoke("db", "copy", str(desk), str(target))
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and "already holds data" in refused.stderr and "--replace" in refused.stderr
    assert everything(target) == before
    replaced = invoke("db", "copy", "--replace", str(desk), str(target))
    assert replaced.exit_code == 0, replaced.stderr
    assert everything(target) == everything(desk)


def test_a_source_at_an_older_revision_is_refused_with_how_to_upgrade_it(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = create_workbench_engine(f"sqlite:///{old}")
    command.upgrade(alembic_config(engine), OLDER_REVISION)
    engine.dispose()
    result = invoke("db", "copy", str(old), str(tmp_path / "new.db"))
    assert result.exit_code == 6
    assert f"is at schema revision {OLDER_REVISION}" in result.stderr and "db upgrade" in result.stderr
    assert not (tmp_path / "new.db").exists()


def test_a_copy_into_a_new_file_that_fails_leaves_no_file(desk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.cli import db_copy_commands

    def failing_check(_session: object) -> None:
        raise CopyFailed("the check failed on purpose")

    monkeypatch.setattr(db_copy_commands, "_check_statuses", failing_check)
    result = invoke("db", "copy", str(desk), str(tmp_path / "new.db"))
    assert result.exit_code == 1 and result.stderr.endswith("error: the check failed on purpose\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.db"]


def test_an_unreachable_server_is_one_line(desk: Path) -> None:
    result = invoke("db", "copy", str(desk), "postgresql://nobody@127.0.0.1:1/desk")
    assert result.exit_code in (1, 6), result.stderr  # 1: the postgres extra is not installed
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_a_copy_that_fails_its_checks_leaves_the_target_as_it_was(desk: Path, tmp_path: Path) -> None:
    source, target = open_database(str(desk)), open_database(str(tmp_path / "target.db"))

    def failing_check(_session: object) -> None:
        raise CopyFailed("the check failed on purpose")

    with pytest.raises(CopyFailed):
        copy_database(source, target, check=failing_check)
    with target.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar_one() == 0
        assert session.execute(text("SELECT count(*) FROM review_events")).scalar_one() == 0
    source.dispose()
    target.dispose()
