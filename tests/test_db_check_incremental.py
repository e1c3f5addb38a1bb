"""``db check`` from the last clean check: it recomputes the claims the review log says changed
(claims, sources, documents, links, claims added) and a random sample, records itself, and
says what it covered; ``--full``, a first check or changed rules recompute everything.

The sample desk has 25 claims, under ``WHOLE_BELOW``, so each test lowers the threshold (and
turns the random sample off where it asserts exactly which claims were checked)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.db.opening import open_database
from workbench.importing.pipeline import import_files
from workbench.review import check_scope, claims, links, sources
from workbench.review.references import find_source


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(check_scope, "WHOLE_BELOW", 0)
    monkeypatch.setattr(check_scope, "SAMPLE", 0)
    path = tmp_path / "desk.db"
    database = open_database(str(path))
    import_files(database, [str(SAMPLE_FILE)], "tester")
    database.dispose()
    return path


def check(desk: Path, *args: str) -> Result:
    runner = CliRunner()
    env = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
    return runner.invoke(cli, ["--db", str(desk), "db", "check", "--json", *args], env=env, catch_exceptions=False)


def planned(desk: Path) -> frozenset[int] | None:
    database = open_database(str(desk), create=False)
    try:
        with database.reading() as session:
            return check_scope.plan_check(session, 25).claim_ids
    finally:
        database.dispose()


def write(desk: Path, work: Any) -> None:
    database = open_database(str(desk), create=False)
    try:
        with database.writing() as session:
            work(session)
    finally:
        database.dispose()


def tamper(desk: Path, claim_id: int) -> None:
    """A stored status made wrong behind the workbench's back (no review event)."""
    with sqlite3.connect(desk) as raw:
        raw.execute("UPDATE claims SET status = 'refuted', origin_count = 9 WHERE id = ?", (claim_id,))


def checks(desk: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(desk) as raw:
        return raw.execute(
            "SELECT scope, claims_checked, mismatches, clean FROM status_checks ORDER BY id"
        ).fetchall()


def test_the_first_check_is_full_and_the_next_recomputes_nothing_unchanged(desk: Path) -> None:
    first = check(desk)
    assert first.exit_code == 0 and "checked all 25 claims (no earlier clean check)" in first.stderr
    second = check(desk)
    assert second.exit_code == 0
    assert "checked 0 claim(s) changed since the check of" in second.stderr and "--full" in second.stderr
    assert checks(desk) == [("full", 25, 0, 1), ("changes", 0, 0, 1)]


def test_a_logged_change_is_rechecked_and_a_silent_edit_only_by_full(desk: Path) -> None:
    assert check(desk).exit_code == 0
    tamper(desk, 2)
    missed = check(desk)
    assert missed.exit_code == 0  # nothing in the log names claim 2
    write(desk, lambda session: claims.set_verdict(session, "tester", 2, "accurate", "seen"))
    assert planned(desk) == {2}
    found = check(desk)
    assert found.exit_code == 5 and [m["claim_id"] for m in json.loads(found.stdout)] == [2]


def test_full_finds_what_the_log_cannot_name(desk: Path) -> None:
    assert check(desk).exit_code == 0
    tamper(desk, 7)
    assert check(desk).exit_code == 0
    full = check(desk, "--full")
    assert full.exit_code == 5 and "checked all 25 claims (--full)" in full.stderr


def test_a_check_that_left_mismatches_is_not_a_starting_point(desk: Path) -> None:
    assert check(desk).exit_code == 0
    tamper(desk, 7)
    assert check(desk, "--full").exit_code == 5
    # Still counted from the first (clean) check, so the next full one runs again...
    assert planned(desk) == frozenset()
    assert check(desk, "--full", "--fix").exit_code == 0
    assert checks(desk)[-2:] == [("full", 25, 1, 0), ("full", 25, 1, 1)]
    assert check(desk).exit_code == 0 and checks(desk)[-1] == ("changes", 0, 0, 1)


def test_a_source_change_reaches_every_claim_it_carries(desk: Path) -> None:
    assert check(desk).exit_code == 0
    database = open_database(str(desk), create=False)
    with database.reading() as session:
        expected = check_scope.status.claims_affected_by_source(session, find_source(session, "Ahmed Ali").id)
    database.dispose()
    write(desk, lambda session: sources.grade_source(session, "tester", "Ahmed Ali", "D", "test"))
    assert expected and planned(desk) == expected


def test_both_ends_of_a_link_are_rechecked(desk: Path) -> None:
    assert check(desk).exit_code == 0
    write(desk, lambda session: links.link_claims(session, "tester", 3, 5, "contradicts"))
    assert planned(desk) >= {3, 5}  # type: ignore[operator]


def test_claims_added_since_are_checked(desk: Path) -> None:
    assert check(desk).exit_code == 0
    with sqlite3.connect(desk) as raw:  # even one added behind the workbench's back
        raw.execute(
            "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
            "VALUES (90, 'claim-90', 'Added by hand', 'unreviewed', 'corroborated', 4, 1, '2026-01-01', '2026-01-01')"
        )
    assert planned(desk) == {90}
    assert check(desk).exit_code == 5


def test_changed_rules_make_the_next_check_full(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(desk).exit_code == 0
    monkeypatch.setattr(check_scope, "rules_fingerprint", lambda: "rules-of-a-newer-workbench")
    result = check(desk)
    assert "checked all 25 claims (the rules changed since the last check)" in result.stderr


def test_the_rules_fingerprint_follows_the_rules_code() -> None:
    assert check_scope.rules_fingerprint() == check_scope.rules_fingerprint()
    assert len(check_scope.rules_fingerprint()) == 16


def test_a_random_sample_rides_along(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_scope, "SAMPLE", 5)
    assert check(desk).exit_code == 0
    tamper(desk, 11)
    scope = planned(desk)
    assert scope is not None and len(scope) == 5
    result = check(desk)
    assert "checked 0 claim(s) changed since the check of" in result.stderr and "5 of the other 25 at random" in result.stderr


def test_a_small_desk_is_always_checked_whole(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_scope, "WHOLE_BELOW", 5_000)
    assert check(desk).exit_code == 0
    tamper(desk, 7)
    result = check(desk)
    assert result.exit_code == 5 and "a desk of under 5,000 claims is checked whole every time" in result.stderr


def test_a_check_that_cannot_be_recorded_still_reports(desk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_args: object, **_kwargs: object) -> None:
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorname = "SQLITE_READONLY"
        raise error

    monkeypatch.setattr(check_scope, "record_check", read_only)
    result = check(desk)
    assert result.exit_code == 0 and result.stdout.strip() == "[]"
    assert "this check was not recorded (cannot open" in result.stderr
    assert checks(desk) == []
