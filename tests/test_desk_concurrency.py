"""Two reviewers, two real processes, one claim: the conflicts a desk meets, on each backend.

Each case starts two ``desk_worker.py`` processes at the same instant against the same
database (an SQLite file, and a PostgreSQL schema when ``WORKBENCH_TEST_PG_URL`` is set) and
then proves from the database what the README promises: a stale verdict is refused with exit
4 and the usual one line, never a traceback; a note is always saved; every change a command
reported as saved is stored (no lost update); and the stored statuses equal a recompute.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ReviewEvent

WORKER = Path(__file__).with_name("desk_worker.py")
WITHDRAWAL = "claim-russia-withdrawing-ne-syria"
EQUIPMENT = "claim-russians-moved-equipment-out"
STALE_LINE = "was changed by someone else"


def url_of(database: Database) -> str:
    return database.url.render_as_string(hide_password=False)


def run_two(database: Database, plan: str, count: int, claims: list[str]) -> list[dict[str, Any]]:
    """Both workers' results, once both have finished (each starts at the same moment)."""
    start_at = time.time() + 3.0  # time for both interpreters to start and import
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), url_of(database), plan, str(count), str(worker), str(start_at), *claims],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for worker in (1, 2)
    ]
    results: list[dict[str, Any]] = []
    for process in workers:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err, err
        results += [json.loads(line) for line in out.splitlines()]
    assert len(results) == 2 * count
    return results


def assert_no_tracebacks(results: list[dict[str, Any]], allowed: set[int]) -> None:
    crashed = [r for r in results if r["code"] not in allowed or "Traceback" in r["stderr"] or "internal error" in r["stderr"]]
    assert crashed == [], crashed[:3]
    for refused in (r for r in results if r["code"] == 4):
        assert refused["stderr"].count("\n") == 1 and STALE_LINE in refused["stderr"], refused


def events(database: Database, action: str) -> dict[str, tuple[int, Any]]:
    """Each event of this action by its reason (the worker's tag): its id and what it stored."""
    with database.reading() as session:
        rows = session.execute(
            select(ReviewEvent.reason, ReviewEvent.id, ReviewEvent.after).where(ReviewEvent.action == action)
        ).all()
        return {reason or "": (event_id, after) for reason, event_id, after in rows}


def quotes(database: Database) -> set[str]:
    with database.reading() as session:
        return {q for q in session.scalars(select(Attribution.quote)) if q}


def db_check(database: Database) -> None:
    result = CliRunner().invoke(cli, ["--db", url_of(database), "db", "check"])
    assert result.exit_code == 0, result.output
    assert "every stored status matches its evidence" in result.stderr


def test_a_stale_verdict_is_refused_with_exit_4_and_the_winner_is_kept(sample_database: Database) -> None:
    results = run_two(sample_database, "verdicts", 25, [WITHDRAWAL])
    assert_no_tracebacks(results, {0, 4})
    saved = events(sample_database, "verdict_set")
    for result in results:  # a save reported is stored; a refusal stored nothing
        assert (result["tag"] in saved) == (result["code"] == 0), result
    with sample_database.reading() as session:
        final = session.scalars(select(Claim.verdict).where(Claim.key == WITHDRAWAL)).one()
    _last_id, last_after = max(saved.values(), key=lambda event: event[0])
    assert last_after == {"verdict": final}


def test_notes_never_conflict_and_are_always_saved(sample_database: Database) -> None:
    results = run_two(sample_database, "notes", 25, [WITHDRAWAL])
    assert_no_tracebacks(results, {0})
    saved = events(sample_database, "note_added")
    assert {r["tag"] for r in results} <= set(saved)


def test_concurrent_attributions_leave_every_status_equal_to_a_recompute(sample_database: Database) -> None:
    results = run_two(sample_database, "attributions", 20, [WITHDRAWAL, EQUIPMENT])
    assert_no_tracebacks(results, {0})
    assert {r["tag"] for r in results} <= quotes(sample_database)
    db_check(sample_database)


def test_two_hundred_mixed_writes_lose_nothing(sample_database: Database) -> None:
    results = run_two(sample_database, "mixed", 100, [WITHDRAWAL, EQUIPMENT])
    assert_no_tracebacks(results, {0, 4})
    assert Counter(r["code"] for r in results if r["action"] != "verdict") == Counter({0: 2 * 100 - sum(r["action"] == "verdict" for r in results)})
    stored = set(events(sample_database, "note_added")) | set(events(sample_database, "verdict_set")) | quotes(sample_database)
    lost = [r for r in results if r["code"] == 0 and r["tag"] not in stored]
    assert lost == []
    refused_but_stored = [r for r in results if r["code"] == 4 and r["tag"] in stored]
    assert refused_but_stored == []
    db_check(sample_database)
