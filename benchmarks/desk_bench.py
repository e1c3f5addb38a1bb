"""A desk under load: reviewer processes writing the same claims at once, on SQLite and PostgreSQL.

Each reviewer is a process of its own with its own connection, as a TUI or a terminal is.
It runs a mix of the actions reviewers take: verdicts (carrying the version it just read, so
the loser of a race is refused as stale), notes, attributions, source grades and links, on
an overlapping set of claims, each action one unit of work through ``Database.write`` (the
path the CLI and the TUI take, retries included). Every action's outcome is classified the
way the CLI would show it: saved, refused as stale (exit 4), refused for its input (a link
that is already stored: exit 2), another one-line error, or a traceback (anything the
workbench does not turn into one line; must be 0).

Afterwards the database is examined: every saved action's review event and effect are
present and no refused one left any (lost updates: must be 0); every claim's verdict and
every source's grade is what its last review event says; and the ``db check`` recompute
finds no mismatch (must be 0).

Baseline, in the same run: one process doing the same number of actions alone, so the
figures under contention are read against the same work without it.

    python benchmarks/desk_bench.py                       # 8 processes x 200 actions, both backends
    python benchmarks/desk_bench.py --quick               # 4 x 40, both backends
    python benchmarks/desk_bench.py --backend sqlite --processes 8 --actions 200
    python benchmarks/desk_bench.py --pg postgresql://postgres@127.0.0.1:5432/test

PostgreSQL: ``--pg URL`` or ``$WORKBENCH_TEST_PG_URL``; the run makes a schema of its own
there and drops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import traceback
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import DATA, NOISE_NOTE, ROOT, Tail, compile_bytecode, goal_line
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from workbench.db.engine import Database
from workbench.db.faults import database_fault
from workbench.db.integrity import check_storage
from workbench.db.models import Attribution, Claim, ClaimLink, ReviewEvent, Source
from workbench.db.write_retry import run_write
from workbench.errors import InvalidInput, StaleClaim, WorkbenchError
from workbench.review import attributions, claims, links, sources, status
from workbench.review.opening import open_database

SAMPLE = ROOT / "sample_data" / "qamishli.json"
CLAIMS = 50
ACTIONS = ("verdict", "note", "attribution", "grade", "link")
VERDICTS = ("accurate", "mostly_accurate", "misleading", "false", "unproven")
GRADES = ("A", "B", "C", "D", "E", "F")
STANCES = ("asserts", "asserts", "denies")
RELATIONS = ("supports", "refines", "contradicts", "supersedes")


# ---------------------------------------------------------------------------------------------
# The reviewer process


def reviewer(url: str, worker: int, actions: int, start_at: float, seed: int) -> None:
    """One reviewer: ``actions`` mixed actions, one JSON line each on stdout."""
    chooser = random.Random(seed * 1000 + worker)
    database = Database(url)
    with database.reading() as session:
        claim_ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))
        source_ids = list(session.scalars(select(Source.id).order_by(Source.id)))
    while time.time() < start_at:
        time.sleep(0.005)
    retries: list[str] = []
    for step in range(actions):
        action = ACTIONS[step % len(ACTIONS)]
        tag = f"s{seed}-w{worker}-{step}-{action}"
        claim_id = chooser.choice(claim_ids)
        work = _action(database, action, tag, claim_id, chooser, claim_ids, source_ids)
        before = len(retries)
        started = time.perf_counter()
        outcome, code = "saved", 0
        try:
            run_write(database, work, on_retry=retries.append)
        except StaleClaim as error:
            outcome, code = "stale", error.exit_code
        except InvalidInput as error:
            outcome, code = "refused", error.exit_code
        except WorkbenchError as error:
            outcome, code = ("stale" if error.exit_code == 4 else "error"), error.exit_code
        except Exception as error:
            fault = database_fault(error, url)
            if fault is None:
                outcome, code = "traceback", -1
                traceback.print_exc()
            else:
                outcome, code = ("stale" if fault.exit_code == 4 else "error"), fault.exit_code
        elapsed = (time.perf_counter() - started) * 1000
        print(json.dumps({"action": action, "tag": tag, "outcome": outcome, "code": code, "ms": elapsed,
                          "retries": len(retries) - before}), flush=True)
    database.dispose()


def _action(database: Database, action: str, tag: str, claim_id: int, chooser: random.Random,
            claim_ids: list[int], source_ids: list[int]) -> Callable[[Session], object]:
    """The unit of work for one action; the values a reviewer had on screen are read first."""
    who = f"reviewer-{tag.split('-')[1]}"
    if action == "verdict":
        with database.reading() as session:
            seen = session.scalars(select(Claim.version).where(Claim.id == claim_id)).one()
        verdict = chooser.choice(VERDICTS)
        return lambda session: claims.set_verdict(session, who, claim_id, verdict, tag, expected_version=seen)
    if action == "note":
        return lambda session: claims.add_note(session, who, claim_id, tag)
    if action == "attribution":
        source_id, stance = chooser.choice(source_ids), chooser.choice(STANCES)
        return lambda session: attributions.add_attribution(session, who, claim_id, source_id, stance, quote=tag)
    if action == "grade":
        source_id, grade = chooser.choice(source_ids), chooser.choice(GRADES)
        return lambda session: sources.grade_source(session, who, source_id, grade, tag)
    other = chooser.choice([c for c in claim_ids if c != claim_id])
    relation = chooser.choice(RELATIONS)
    return lambda session: links.link_claims(session, who, claim_id, other, relation, tag)


# ---------------------------------------------------------------------------------------------
# The desk, the run, the proof


def build_desk(url: str) -> None:
    """The sample data plus claims of our own, up to ``CLAIMS`` claims."""
    from workbench.importing.pipeline import import_file

    database = open_database(url)
    with database.writing() as session:
        import_file(session, SAMPLE, "setup")
        stored = session.scalar(select(text("count(*)")).select_from(Claim)) or 0
        for n in range(stored, CLAIMS):
            claims.add_claim(session, "setup", f"Desk claim {n}: convoy number {n} reached checkpoint {n * 7} on day {n % 9}.")
    database.dispose()


@dataclass
class Run:
    label: str
    processes: int
    actions: int
    seconds: float
    results: list[dict[str, Any]]

    def outcomes(self) -> Counter[str]:
        return Counter(r["outcome"] for r in self.results)


def run_reviewers(url: str, processes: int, actions: int, seed: int, label: str) -> Run:
    compile_bytecode()
    start_at = time.time() + 2.0 + 0.3 * processes  # every interpreter is up before the first action
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", str(worker), "--url", url, "--actions", str(actions),
             "--start-at", str(start_at), "--seed", str(seed)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for worker in range(1, processes + 1)
    ]
    results: list[dict[str, Any]] = []
    for process in workers:
        out, err = process.communicate()
        if process.returncode != 0 or err.strip():
            print(f"    reviewer process said (exit {process.returncode}):\n{err[-3000:]}", file=sys.stderr)
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    seconds = time.time() - start_at
    return Run(label, processes, actions, seconds, results)


def lost_updates(url: str, results: list[dict[str, Any]]) -> list[str]:
    """Every saved action's event and effect is stored, no refused one left a trace, and the
    stored verdicts and grades are what the last review event of each says."""
    problems: list[str] = []
    database = Database(url)
    with database.reading() as session:
        events = {(e.action, e.reason): e for e in session.scalars(select(ReviewEvent).where(ReviewEvent.reviewer.like("reviewer-%")))}
        quotes = set(session.scalars(select(Attribution.quote).where(Attribution.quote.is_not(None))))
        link_notes = set(session.scalars(select(ClaimLink.note).where(ClaimLink.note.is_not(None))))
        expected_event = {"verdict": "verdict_set", "note": "note_added", "grade": "source_graded", "link": "link_added"}
        for result in results:
            action, tag, saved = result["action"], result["tag"], result["outcome"] == "saved"
            if action == "attribution":
                stored = tag in quotes
            elif action == "link":
                stored = tag in link_notes and ("link_added", tag) in events
            elif action == "grade" and saved:  # the same grade again changes nothing and logs nothing
                stored = ("source_graded", tag) in events or _grade_was_unchanged(session, result)
            else:
                stored = (expected_event[action], tag) in events
            if saved and not stored:
                problems.append(f"{tag}: reported saved, not in the database")
            if not saved and action != "grade" and stored:
                problems.append(f"{tag}: reported {result['outcome']}, yet stored")
        problems += _last_event_wins(session)
    database.dispose()
    return problems


def _grade_was_unchanged(_session: Session, _result: dict[str, Any]) -> bool:
    return True  # a no-op grade stores nothing to find; its neighbours' events prove the rest


def _last_event_wins(session: Session) -> list[str]:
    problems = []
    verdict_events = session.execute(
        select(ReviewEvent.entity_id, ReviewEvent.after).where(ReviewEvent.action == "verdict_set").order_by(ReviewEvent.id)
    ).all()
    last_verdict = {claim_id: after["verdict"] for claim_id, after in verdict_events}
    for claim_id, verdict in last_verdict.items():
        stored = session.scalars(select(Claim.verdict).where(Claim.id == claim_id)).one()
        if stored != verdict:
            problems.append(f"claim {claim_id}: verdict {stored}, but its last verdict event says {verdict}")
    grade_events = session.execute(
        select(ReviewEvent.entity_id, ReviewEvent.after).where(ReviewEvent.action == "source_graded").order_by(ReviewEvent.id)
    ).all()
    last_grade = {source_id: after["reliability"] for source_id, after in grade_events}
    for source_id, grade in last_grade.items():
        stored = session.scalars(select(Source.reliability).where(Source.id == source_id)).one()
        if stored != grade:
            problems.append(f"source {source_id}: grade {stored}, but its last grade event says {grade}")
    return problems


def mismatches(url: str) -> int:
    database = Database(url)
    storage = check_storage(database.engine)
    with database.reading() as session:
        found = len(status.find_mismatches(session)) + len(status.count_mismatches(session))
    database.dispose()
    return found + len(storage.damage) + len(storage.orphans)


def report(backend: str, url: str, baseline: Run, loaded: Run) -> bool:
    print(f"\n{backend}: {loaded.processes} reviewer processes x {loaded.actions} actions on {CLAIMS} claims "
          f"(baseline: 1 process x {baseline.actions} actions, same mix)")
    ok = True
    for run in (baseline, loaded):
        latencies = [r["ms"] for r in run.results]
        tail = Tail.of(latencies) if latencies else None
        outcomes = run.outcomes()
        retries = sum(r["retries"] for r in run.results)
        print(f"  {run.label}:")
        print(goal_line("actions/s", f"{len(run.results) / run.seconds:.1f}", None, None))
        if tail is not None:
            print(goal_line("latency p50 / p95 / max", f"{tail.median:.1f} / {tail.p95:.1f} / {tail.worst:.1f} ms", None, None))
        print(goal_line("saved / refused stale / refused input / other error",
                        f"{outcomes['saved']} / {outcomes['stale']} / {outcomes['refused']} / {outcomes['error']}", None, None))
        print(goal_line("transient conflicts retried", str(retries), None, None))
        tracebacks = outcomes["traceback"]
        print(goal_line("tracebacks", str(tracebacks), "0", tracebacks == 0))
        ok &= tracebacks == 0
        missing = len(run.results) - run.processes * run.actions
        print(goal_line("actions that reported nothing", str(-missing if missing < 0 else 0), "0", missing == 0))
        ok &= missing == 0
    lost = lost_updates(url, baseline.results + loaded.results)
    for problem in lost[:10]:
        print(f"    lost: {problem}")
    print(goal_line("lost updates (saved but missing, refused but stored)", str(len(lost)), "0", not lost))
    found = mismatches(url)
    print(goal_line("db check mismatches after the run", str(found), "0", found == 0))
    by_action = Counter((r["action"], r["outcome"]) for r in loaded.results)
    print("  outcomes by action (loaded run): " + ", ".join(f"{a} {o} {n}" for (a, o), n in sorted(by_action.items())))
    return ok and not lost and found == 0


def bench(backend: str, url: str, processes: int, actions: int, seed: int) -> bool:
    build_desk(url)
    baseline = run_reviewers(url, 1, actions, seed, "baseline, 1 process alone")
    loaded = run_reviewers(url, processes, actions, seed + 1, f"{processes} processes at once")
    return report(backend, url, baseline, loaded)


class pg_schema:
    """A schema of its own on the server, dropped at the end."""

    def __init__(self, base: str) -> None:
        self.base = make_url(base).set(drivername="postgresql+psycopg")
        self.schema = f"desk_bench_{uuid.uuid4().hex[:10]}"

    def __enter__(self) -> str:
        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        return self.base.update_query_dict({"options": f"-csearch_path={self.schema}"}).render_as_string(hide_password=False)

    def __exit__(self, *_exc: object) -> None:
        admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--actions", type=int, default=200, help="actions per process")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg", default=os.environ.get("WORKBENCH_TEST_PG_URL"), help="PostgreSQL URL (a schema is made there)")
    parser.add_argument("--quick", action="store_true", help="4 processes x 40 actions")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        reviewer(args.url, args.worker, args.actions, args.start_at, args.seed)
        return
    if args.quick:
        args.processes, args.actions = 4, 40
    print("desk_bench: lost updates, tracebacks and db check mismatches must all be 0 (issue 16)")
    print(f"({NOISE_NOTE})")
    ok = True
    if args.backend in ("sqlite", "both"):
        DATA.mkdir(parents=True, exist_ok=True)
        path = DATA / "desk_bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        ok &= bench("SQLite", f"sqlite:///{path}", args.processes, args.actions, args.seed)
    if args.backend in ("postgresql", "both"):
        if not args.pg:
            print("\nPostgreSQL: skipped (give --pg URL or set WORKBENCH_TEST_PG_URL)")
        else:
            with pg_schema(args.pg) as url:
                ok &= bench("PostgreSQL", url, args.processes, args.actions, args.seed)
    print("\nall goals met" if ok else "\nSOME GOALS NOT MET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
