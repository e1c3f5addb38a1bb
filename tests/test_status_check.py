"""``db check`` on every core: the same mismatches, in the same order, as the one-process check,
and ``--fix`` leaves nothing to find."""

from __future__ import annotations

import sqlite3
from contextlib import closing
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
    with closing(sqlite3.connect(path)) as raw, raw:  # closed here, not whenever the garbage collector runs
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


class _Recorded:
    """A ``Progress`` that remembers what it was told."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, int | None]] = []
        self.advanced = 0
        self.finished = 0

    def start(self, label: str, total: int | None) -> None:
        self.phases.append((label, total))

    def advance(self, amount: int = 1) -> None:
        self.advanced += amount

    def finish(self) -> None:
        self.finished += 1


@pytest.mark.parametrize("parallel", [False, True])
def test_the_check_reports_its_progress_claim_by_claim(damaged: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    monkeypatch.setattr(status_check, "PARALLEL_MIN_CLAIMS", 1 if parallel else 10**9)
    monkeypatch.setattr(status_check, "RANGE_CLAIMS", 4)
    progress = _Recorded()
    database = open_database(str(damaged), create=False)
    try:
        found = status_check.find_mismatches(database, workers=2, progress=progress)
        some = status_check.find_mismatches(database, workers=2, claim_ids=[2, 3, 4, 999], progress=progress)
    finally:
        database.dispose()
    assert {m.claim_id for m in found} >= {2, 4, 9, 12, 17, 21}
    assert [m.claim_id for m in some] == [2, 4]
    assert progress.phases == [("recomputing statuses", 25), ("recomputing statuses", 4)]
    assert progress.advanced == 25 + 3  # claim 999 does not exist: nothing checked for it
    assert progress.finished == 2


def test_a_failing_storage_check_raises_where_its_report_is_asked(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.db import integrity

    def unreadable(*_args: object, **_kwargs: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr(integrity, "check_storage", unreadable)
    database = open_database(str(damaged), create=False)
    try:
        check = integrity.StorageCheck(database.engine)
        with pytest.raises(OSError, match="the disk went away"):
            check.report()
        assert check.done()
    finally:
        database.dispose()
