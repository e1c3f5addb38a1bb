"""``db check`` on every core: the same mismatches, in the same order, as the one-process check,
and ``--fix`` leaves nothing to find."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from support import SAMPLE_FILE

from workbench.db.opening import open_database
from workbench.importing.pipeline import import_files
from workbench.review import status, status_check


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """The sample desk with some stored statuses, origins and flags made wrong by raw SQL."""
    path = tmp_path / "desk.db"
    database = open_database(str(path))
    import_files(database, [str(SAMPLE_FILE)], "tester")
    database.dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE claims SET status = 'refuted' WHERE id IN (2, 9, 17)")
        raw.execute("UPDATE claims SET origin_count = origin_count + 5 WHERE id IN (4, 21)")
        raw.execute("UPDATE claims SET awaiting = 'nobody' WHERE id = 12")
    return path


def _check(path: Path, *, parallel: bool, fix: bool = False) -> list[object]:
    database = open_database(str(path), create=False)
    try:
        if parallel:
            return list(status_check.find_mismatches(database, fix=fix, workers=2))
        with database.writing() if fix else database.reading() as session:
            return list(status.find_mismatches(session, fix=fix))
    finally:
        database.dispose()


def test_workers_find_what_one_process_finds(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_process = _check(damaged, parallel=False)
    assert {m.claim_id for m in one_process} >= {2, 4, 9, 12, 17, 21}  # type: ignore[attr-defined]
    monkeypatch.setattr(status_check, "PARALLEL_MIN_CLAIMS", 1)
    monkeypatch.setattr(status_check, "RANGE_CLAIMS", 4)  # several ranges over 25 claims
    assert _check(damaged, parallel=True) == one_process
    fixed = _check(damaged, parallel=True, fix=True)
    assert fixed == one_process
    assert _check(damaged, parallel=False) == []


def test_a_small_database_is_checked_in_this_process(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a worker pool was started for 25 claims")

    monkeypatch.setattr(status_check, "ProcessPoolExecutor", no_pool)
    assert _check(damaged, parallel=True) == _check(damaged, parallel=False)
