"""Who is on what: taking, releasing and taking over claims, expiry, and `n` skipping what others
have taken; the use cases on both backends, the commands through Click on a real file."""

from __future__ import annotations

import csv
import io
import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.db.base import utcnow
from workbench.db.engine import Database
from workbench.db.models import Claim, ReviewEvent
from workbench.errors import InvalidInput
from workbench.review import claim_takes, claims, take_reads
from workbench.review.claim_takes import ClaimTaken, NotTaken


def _claim_ids(database: Database, count: int) -> list[int]:
    with database.writing() as session:
        return [claims.add_claim(session, "desk", f"Claim number {n} about the base").id for n in range(count)]


def _events(database: Database, claim_id: int) -> list[tuple[str, str, str | None]]:
    with database.reading() as session:
        rows = session.scalars(select(ReviewEvent).where(ReviewEvent.claim_id == claim_id).order_by(ReviewEvent.id))
        return [(row.action, row.reviewer, row.reason) for row in rows if row.action.startswith("claim_")]


def test_a_take_is_shown_on_the_claim_and_leaves_its_version_alone(database: Database) -> None:
    (claim_id,) = _claim_ids(database, 1)
    with database.reading() as session:
        version = claims.get_claim(session, claim_id).version
    with database.writing() as session:
        take = claim_takes.take_claim(session, "lina", claim_id)
    assert take.reviewer == "lina" and take.describe() == f"in review by lina since {take.taken_at:%H:%M}"
    assert take.expires_at - take.taken_at == timedelta(minutes=30)
    with database.reading() as session:
        summary = claims.get_claim(session, claim_id)
        listed = take_reads.list_takes(session)
    assert summary.take == take and summary.version == version  # nobody's open dialog goes stale
    assert [(t.claim_id, t.reviewer, t.claim_text) for t in listed] == [(claim_id, "lina", "Claim number 0 about the base")]
    with database.writing() as session:  # a verdict saved against the version seen before the take
        claims.set_verdict(session, "bob", claim_id, "false", "checked", expected_version=version)


def test_someone_elses_take_refuses_take_and_release_until_it_expires(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_TAKE_MINUTES", "10")
    (claim_id,) = _claim_ids(database, 1)
    start = utcnow()
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", claim_id, now=start)
    for attempt in (claim_takes.take_claim, claim_takes.release_claim):
        with pytest.raises(ClaimTaken, match="in review by lina") as refused, database.writing() as session:
            attempt(session, "bob", claim_id, now=start + timedelta(minutes=9))
        assert refused.value.exit_code == 1
    with database.reading() as session:  # nothing changed
        assert take_reads.list_takes(session, now=start + timedelta(minutes=9))[0].reviewer == "lina"
        assert take_reads.list_takes(session, now=start + timedelta(minutes=10)) == []  # expired: free
    with pytest.raises(NotTaken), database.writing() as session:
        claim_takes.release_claim(session, "bob", claim_id, now=start + timedelta(minutes=11))
    with database.writing() as session:
        take = claim_takes.take_claim(session, "bob", claim_id, now=start + timedelta(minutes=11))
    assert (take.reviewer, take.taken_over_from) == ("bob", None)
    assert _events(database, claim_id) == [("claim_added", "desk", None), ("claim_taken", "lina", None), ("claim_taken", "bob", None)]


def test_taking_your_own_claim_again_renews_it_without_a_new_event(database: Database) -> None:
    (claim_id,) = _claim_ids(database, 1)
    start = utcnow()
    with database.writing() as session:
        first = claim_takes.take_claim(session, "lina", claim_id, now=start)
    with database.writing() as session:
        again = claim_takes.take_claim(session, "lina", claim_id, now=start + timedelta(minutes=20))
    assert again.taken_at == first.taken_at and again.expires_at == start + timedelta(minutes=50)
    assert [event[0] for event in _events(database, claim_id)] == ["claim_added", "claim_taken"]


def test_take_over_needs_a_reason_and_the_log_keeps_it(database: Database) -> None:
    (claim_id,) = _claim_ids(database, 1)
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", claim_id)
    for reason in ("", "   "):
        with pytest.raises(InvalidInput, match="needs a reason"), database.writing() as session:
            claim_takes.take_over_claim(session, "bob", claim_id, reason)
    with database.writing() as session:
        take = claim_takes.take_over_claim(session, "bob", claim_id, "  Lina is off shift  ")
    assert (take.reviewer, take.taken_over_from, take.reason) == ("bob", "lina", "Lina is off shift")
    with database.reading() as session:
        assert claims.get_claim(session, claim_id).take == take
    assert _events(database, claim_id)[-1] == ("claim_taken_over", "bob", "Lina is off shift")
    with pytest.raises(ClaimTaken), database.writing() as session:
        claim_takes.release_claim(session, "lina", claim_id)  # hers no more
    with database.writing() as session:
        claim_takes.release_claim(session, "bob", claim_id)
    with database.reading() as session:
        assert claims.get_claim(session, claim_id).take is None
    assert _events(database, claim_id)[-1] == ("claim_released", "bob", None)


def test_a_deleted_claim_takes_its_take_with_it(database: Database) -> None:
    (claim_id,) = _claim_ids(database, 1)
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", claim_id)
    with database.writing() as session:
        session.delete(session.get(Claim, claim_id))
    with database.reading() as session:
        assert take_reads.list_takes(session) == []


def test_next_unreviewed_skips_claims_others_have_taken(database: Database) -> None:
    first, second, third = _claim_ids(database, 3)
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", second)
        claim_takes.take_claim(session, "bob", third)
    with database.reading() as session:
        assert claims.next_unreviewed(session, first, reviewer="bob").id == third  # his own is not skipped
        assert claims.next_unreviewed(session, first, reviewer="carol").id == first  # wraps around
        assert claims.next_unreviewed(session, first).id == second  # without a reviewer nothing is skipped
    with database.writing() as session:
        claims.set_verdict(session, "desk", first, "accurate", "seen")
    with database.reading() as session:
        assert claims.next_unreviewed(session, third, reviewer="carol") is None


def test_next_unreviewed_counts_an_expired_take_as_free(database: Database) -> None:
    first, second = _claim_ids(database, 2)
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", second, now=utcnow() - timedelta(minutes=31))
    with database.reading() as session:
        assert claims.next_unreviewed(session, first, reviewer="bob").id == second


# -- the commands ---------------------------------------------------------------------------------


def _run(db: Path, reviewer: str, *args: str) -> Result:
    env = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": reviewer, "NO_COLOR": "1"}
    return CliRunner().invoke(cli, [*args, "--db", str(db)], env=env, catch_exceptions=False)


@pytest.fixture
def desk_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "-q", "import", str(SAMPLE_FILE)], env={"WORKBENCH_DB": None})
    assert result.exit_code == 0, result.stderr
    return path


def test_the_take_commands_take_refuse_take_over_and_release(desk_file: Path) -> None:
    taken = _run(desk_file, "lina", "claims", "take", "1")
    assert taken.exit_code == 0 and "claim 1 is in review by lina since" in taken.stderr and taken.stdout == ""
    refused = _run(desk_file, "bob", "claims", "take", "1")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: claim 1 is in review by lina") and "take-over 1 --reason" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _run(desk_file, "bob", "claims", "release", "1").exit_code == 1
    no_reason = _run(desk_file, "bob", "claims", "take-over", "1", "--reason", " ")
    assert no_reason.exit_code == 2 and "needs a reason" in no_reason.stderr
    over = _run(desk_file, "bob", "claims", "take-over", "1", "--reason", "Lina is off shift")
    assert over.exit_code == 0 and "taken over from lina" in over.stderr
    listed = _run(desk_file, "carol", "claims", "takes", "--json")
    rows = json.loads(listed.stdout)
    assert [(r["claim_id"], r["reviewer"], r["taken_over_from"], r["reason"]) for r in rows] == [
        (1, "bob", "lina", "Lina is off shift")
    ]
    assert _run(desk_file, "carol", "claims", "takes", "--mine", "--json").stdout.strip() == "[]"
    assert _run(desk_file, "bob", "claims", "release", "1").exit_code == 0
    again = _run(desk_file, "bob", "claims", "release", "1")
    assert again.exit_code == 1 and "not taken" in again.stderr
    assert _run(desk_file, "bob", "claims", "take", "no-such-claim").exit_code == 3


def test_the_take_shows_in_claims_list_json_and_claims_show(desk_file: Path) -> None:
    assert _run(desk_file, "lina", "claims", "take", "2").exit_code == 0
    listed = json.loads(_run(desk_file, "bob", "claims", "list", "--json").stdout)
    takes = {row["id"]: row["take"] for row in listed if row["take"]}
    assert list(takes) == [2] and takes[2]["reviewer"] == "lina"
    shown = _run(desk_file, "bob", "claims", "show", "2").stdout.splitlines()
    assert shown[3].startswith("in review by lina since ") and "(until " in shown[3]


def test_the_take_shows_in_the_claim_list_table_and_csv(desk_file: Path) -> None:
    untaken = _run(desk_file, "bob", "claims", "list", "--limit", "3").stdout
    assert "in_review" not in untaken  # no room spent on a column of blanks
    assert _run(desk_file, "lina", "claims", "take", "2").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(_run(desk_file, "bob", "claims", "list", "--limit", "3", "--csv").stdout)))
    assert [row["in_review"] != "" for row in rows] == [False, True, False]
    assert rows[1]["in_review"].startswith("lina since ")
    table = _run(desk_file, "bob", "claims", "list", "--limit", "3").stdout
    assert "in_review" in table and "lina since" in table
    assert "in_review" not in json.loads(_run(desk_file, "bob", "claims", "list", "--json").stdout)[1]


def test_two_reviewers_taking_one_claim_at_once_get_one_take(database: Database) -> None:
    """The claim's row lock serialises takers (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the
    write lock), so of two simultaneous takes one wins and the other is told who has it."""
    (claim_id,) = _claim_ids(database, 1)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def take(reviewer: str) -> None:
        other = Database(database.url)
        try:
            start.wait()
            with other.writing() as session:
                claim_takes.take_claim(session, reviewer, claim_id)
            outcomes[reviewer] = "took"
        except ClaimTaken as refused:
            outcomes[reviewer] = f"refused: {refused.take.reviewer}"
        finally:
            other.dispose()

    threads = [threading.Thread(target=take, args=(name,)) for name in ("lina", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winner = next(name for name, outcome in outcomes.items() if outcome == "took")
    loser = "bob" if winner == "lina" else "lina"
    assert outcomes == {winner: "took", loser: f"refused: {winner}"}
    with database.reading() as session:
        assert [take.reviewer for take in take_reads.list_takes(session)] == [winner]
