"""Writers take turns on PostgreSQL as on SQLite, and a transient conflict runs the work again.

``run_write`` is exercised with work that fails the way psycopg fails (an error carrying an
SQLSTATE) on a real database; the desk's write lock with a second connection holding it.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.faults import database_fault
from workbench.db.models import ReviewEvent
from workbench.db.write_retry import run_write, transient_sqlstate
from workbench.errors import DatabaseBusy
from workbench.review import claims


class _DriverError(Exception):
    """What psycopg raises: an error with its SQLSTATE."""

    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"SQLSTATE {sqlstate}")
        self.sqlstate = sqlstate


def conflict(sqlstate: str = "40001") -> OperationalError:
    return OperationalError("UPDATE claims ...", {}, _DriverError(sqlstate))


def notes(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(ReviewEvent).where(ReviewEvent.action == "note_added")) or 0


def test_a_transient_conflict_runs_the_whole_unit_of_work_again(sample_database: Database) -> None:
    attempts: list[int] = []
    retried: list[str] = []

    def work(session: Session) -> int:
        attempts.append(1)
        claims.add_note(session, "ann", 1, f"attempt {len(attempts)}")
        if len(attempts) < 3:
            raise conflict("40001" if len(attempts) == 1 else "40P01")
        return len(attempts)

    before = notes(sample_database)
    assert run_write(sample_database, work, on_retry=retried.append) == 3
    assert retried == ["40001", "40P01"]
    assert notes(sample_database) == before + 1  # the failed attempts left nothing behind


def test_a_conflict_that_outlasts_the_retries_is_database_busy(sample_database: Database) -> None:
    def work(_session: Session) -> None:
        raise conflict()

    with pytest.raises(OperationalError) as caught:
        run_write(sample_database, work, attempts=2)
    fault = database_fault(caught.value, "desk")
    assert isinstance(fault, DatabaseBusy) and fault.exit_code == 8
    assert "kept colliding with other reviewers' changes" in str(fault) and "nothing was changed" in str(fault)


def test_other_errors_are_not_retried(sample_database: Database) -> None:
    attempts: list[int] = []

    def work(_session: Session) -> None:
        attempts.append(1)
        raise conflict("23505")  # a unique violation is an answer, not a collision

    with pytest.raises(OperationalError):
        run_write(sample_database, work)
    assert attempts == [1] and transient_sqlstate(conflict("23505")) is None


@pytest.mark.postgres
def test_a_writer_waits_for_the_desk_then_gives_up_as_busy_on_postgresql(sample_database: Database) -> None:
    if sample_database.is_sqlite:
        pytest.skip("SQLite's own busy timeout is tested in test_cli_faults")
    url = sample_database.url.render_as_string(hide_password=False)
    with sample_database.writing() as session:
        session.connection()  # another reviewer's write in progress: its transaction holds the desk
        result = CliRunner().invoke(cli, ["--db", url, "note", "1", "waits"], env={"WORKBENCH_BUSY_TIMEOUT": "1"})
    assert result.exit_code == 8, result.output
    assert result.stderr.count("\n") == 1 and "database busy" in result.stderr
    after = CliRunner().invoke(cli, ["--db", url, "note", "1", "once the desk is free"])
    assert after.exit_code == 0, after.stderr


def test_a_status_is_never_computed_from_a_grade_being_changed(sample_database: Database) -> None:
    """A grade in progress and an attribution by the same source to a claim the grade does not
    yet reach: with row locks alone the attribution's status used the old grade and stayed
    wrong after both committed. Writers taking turns, the attribution waits for the grade."""
    import threading

    from workbench.review import attributions, sources, status

    graded, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def grade() -> None:
        try:
            with sample_database.writing() as session:
                sources.grade_source(session, "ann", "Russian government", "E", "unreliable on this")
                graded.set()
                release.wait(10)
        except BaseException as error:  # reported in the test's thread
            failures.append(error)
            graded.set()

    def attribute() -> None:
        try:
            sample_database.write(
                lambda session: attributions.add_attribution(session, "bob", 2, "Russian government", "asserts")
            )
        except BaseException as error:  # reported in the test's thread
            failures.append(error)

    grader = threading.Thread(target=grade)
    grader.start()
    assert graded.wait(10)
    attributor = threading.Thread(target=attribute)
    attributor.start()
    attributor.join(0.5)
    assert attributor.is_alive()  # waits for the grade instead of reading the grade it replaces
    release.set()
    grader.join(10)
    attributor.join(10)
    assert failures == []
    with sample_database.reading() as session:
        assert status.find_mismatches(session) == []
