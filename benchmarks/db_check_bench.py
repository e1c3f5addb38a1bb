"""How long ``workbench db check`` takes on a large database: whole, and from the last check.

``db check`` checks the SQLite file (``quick_check``, or ``integrity_check`` with ``--full``,
and ``foreign_key_check``), recomputes claims' statuses and flags from their evidence
(``review.status.find_mismatches``, in worker processes) and audits the per-status counts.
Since issue 15 it records each check and, by default, recomputes only the claims the review
log says changed since the last clean check, plus 1,000 at random.

Timed, on a scratch copy of the synthetic database (its statuses are the workbench's own):

1. phases in-process: the storage checks, full and quick; the recomputation of the first
   50,000 claims in one process, beside a raw ``sqlite3`` read of the rows it loads (the floor
   any recomputation pays); every claim in worker processes; the counts audit;
2. whole processes, as a user runs them: ``db check --full`` (the first check), then
   ``db check`` with nothing changed, then ``db check`` after a day's work (one source regraded,
   ``--changes`` verdicts through the workbench's use cases), each ``--repeat`` times.

Goal (issue 15): say how long it takes at 1,000,000 claims; over 30 s, make it incremental
or parallel. The incremental check is held to the 30 s.

    python benchmarks/db_check_bench.py                   # 1,000,000 claims (built once)
    python benchmarks/db_check_bench.py --claims 100000 --repeat 2
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import DATA, NOISE_NOTE, ROOT, goal_line, run_process, spread
from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.integrity import check_storage
from workbench.db.migrate import upgrade_to_head
from workbench.db.models import Claim, Source
from workbench.review import claims, sources, status, status_check

GOAL_S = 30.0
GOAL_SIZE = 1_000_000


def _timed(label: str, function: object) -> float:
    started = time.perf_counter()
    result = function()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(goal_line(label, f"{seconds:.1f} s", None, None) + f"   ({_describe(result)})")
    return seconds


def _describe(result: object) -> str:
    if isinstance(result, list | tuple):
        return f"{len(result)} found"
    if hasattr(result, "sound"):
        return "sound" if result.sound else "problems"  # type: ignore[attr-defined]
    return str(result)


def raw_read(path: Path, up_to_id: int) -> int:
    """The rows a recomputation reads, read raw: the floor under ``find_mismatches``."""
    connection = sqlite3.connect(path)
    count = 0
    for _row in connection.execute(
        "SELECT c.id, c.status, c.origin_count, c.awaiting, a.id, a.source_id, a.stance, a.mode, a.certainty, "
        "a.as_of, a.relayed_via_id, s.affiliation_id, s.reliability, s.kind, d.outlet_id, d.published_at "
        "FROM claims c LEFT JOIN attributions a ON a.claim_id = c.id LEFT JOIN sources s ON s.id = a.source_id "
        "LEFT JOIN documents d ON d.id = a.document_id WHERE c.id <= ? ORDER BY c.id", (up_to_id,)
    ):
        count += 1
    connection.close()
    return count


def scratch_copy(path: Path) -> Path:
    """A copy the checks may write their marks into, at this workbench's schema."""
    copy = DATA / f"check-scratch-{path.name}"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(path, copy)
    database = Database(f"sqlite:///{copy}")
    upgrade_to_head(database.engine, backup=False)  # a copy of a cached build: nothing to keep
    database.dispose()
    return copy


def a_days_work(path: Path, verdicts: int, seed: int) -> int:
    """One source regraded and ``verdicts`` verdicts, through the use cases the CLI calls;
    returns how many claims the regrade recomputed."""
    rng = random.Random(seed)
    database = Database(f"sqlite:///{path}")
    try:
        with database.reading() as session:
            top = session.scalar(select(func.max(Claim.id))) or 1
            speakers = session.scalar(select(func.max(Source.id))) or 1
        with database.writing() as session:  # a speaker, not one of the 50 organisations above them
            source = rng.randint(min(51, speakers), speakers)
            _record, recomputed = sources.grade_source(session, "bench", source, rng.choice("ABCDEF"), "bench")
        for _ in range(verdicts):
            with database.writing() as session:
                claims.set_verdict(session, "bench", rng.randint(1, top), rng.choice(["accurate", "false"]), "bench")
        return len(recomputed)
    finally:
        database.dispose()


def whole_check(path: Path, *flags: str) -> tuple[float, float, str]:
    run = run_process([sys.executable, "-m", "workbench", "--db", str(path), "db", "check", *flags], cwd=ROOT, check=False)
    if run.code != 0:
        raise SystemExit(f"db check {' '.join(flags)} exited {run.code}: {run.stderr[-2000:]}")
    scope = next((line for line in run.stderr.splitlines() if line.startswith("checked")), "?")
    return run.seconds, run.peak_mb, scope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--repeat", type=int, default=2, help="whole-process runs of each incremental check")
    parser.add_argument("--changes", type=int, default=200, help="verdicts in the day's work before a check")
    parser.add_argument("--no-phases", action="store_true", help="skip the in-process phases")
    arguments = parser.parse_args()
    path = scratch_copy(synthetic.build(arguments.claims))
    note = "" if arguments.claims == GOAL_SIZE else f"; the goal is for {GOAL_SIZE:,} claims"
    print(f"db_check_bench: {arguments.claims:,} claims, a scratch copy of {path.name}{note}")
    print(f"  {NOISE_NOTE}")
    if not arguments.no_phases:
        database = Database(f"sqlite:///{path}")
        _timed("integrity_check + foreign_key_check (--full)", lambda: check_storage(database.engine))
        _timed("quick_check + foreign_key_check (default)", lambda: check_storage(database.engine, quick=True))
        first = min(50_000, arguments.claims)
        with database.reading() as session:
            one = _timed(f"recompute the first {first:,} claims, one process",
                         lambda: status.find_mismatches(session, up_to_id=first))
        floor = _timed("raw read of the rows that recomputation loads", lambda: raw_read(path, first))
        print(goal_line("recomputation, one process / raw read", f"{one / floor:.1f}x", None, None)
              + f"   ({one / first * 1e6:.0f} us a claim)")
        _timed(f"recompute every status, {os.cpu_count()} worker processes", lambda: status_check.find_mismatches(database))
        with database.reading() as session:
            _timed("audit the counts table (count_mismatches)", lambda: status.count_mismatches(session))
        database.dispose()
    seconds, peak, scope = whole_check(path, "--full")
    print(goal_line("workbench db check --full, whole process", f"{seconds:.1f} s", f"< {GOAL_S:g} s", seconds < GOAL_S)
          + f"   peak {peak:.0f} MB (this process; each worker has its own)")
    print(f"    {scope}")
    for label, work in (("nothing changed", 0), ("after a day's work", arguments.changes)):
        runs: list[float] = []
        for attempt in range(arguments.repeat):
            recomputed = a_days_work(path, work, seed=attempt) if work else 0
            seconds, peak, scope = whole_check(path)
            runs.append(seconds)
        met = max(runs) < GOAL_S
        print(goal_line(f"workbench db check, {label}", spread(runs, digits=1), f"< {GOAL_S:g} s", met)
              + f"   peak {peak:.0f} MB")
        print(f"    {scope}" + (f" (the regrade recomputed {recomputed:,})" if work else ""))


if __name__ == "__main__":
    main()
