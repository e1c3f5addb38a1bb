"""How long ``workbench db check`` takes, phase by phase, on a large database.

``db check`` runs SQLite's ``integrity_check`` and ``foreign_key_check``, then recomputes
every claim's status and flags from its evidence (``review.status.find_mismatches``) and
audits the per-status counts. Each phase is timed on its own, in-process (the recomputation both in one process and
in the worker processes ``db check`` uses), then the whole
command as a user runs it (a process of its own, with its peak memory from the OS). The
baseline beside the recomputation is a raw read of the same rows it loads (claims with
their attributions, sources and documents) with ``sqlite3``: what any recomputation must pay.

Goal (issue 15): say how long it takes at 1,000,000 claims; over 30 s, make it incremental
or parallel.

    python benchmarks/db_check_bench.py                   # 1,000,000 claims (built once)
    python benchmarks/db_check_bench.py --claims 100000
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import NOISE_NOTE, ROOT, goal_line, run_process

from workbench.db.integrity import check_storage
from workbench.review import status, status_check
from workbench.review.opening import open_database

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


def raw_read(path: Path) -> int:
    """The rows a recomputation reads, read raw: the floor under ``find_mismatches``."""
    connection = sqlite3.connect(path)
    count = 0
    for _row in connection.execute(
        "SELECT c.id, c.status, c.origin_count, c.awaiting, a.id, a.source_id, a.stance, a.mode, a.certainty, "
        "a.as_of, a.relayed_via_id, s.affiliation_id, s.reliability, s.kind, d.outlet_id, d.published_at "
        "FROM claims c LEFT JOIN attributions a ON a.claim_id = c.id LEFT JOIN sources s ON s.id = a.source_id "
        "LEFT JOIN documents d ON d.id = a.document_id ORDER BY c.id"
    ):
        count += 1
    connection.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--no-process", action="store_true", help="skip the whole-process run")
    arguments = parser.parse_args()
    path = synthetic.build(arguments.claims)
    note = "" if arguments.claims == GOAL_SIZE else f"; the goal is for {GOAL_SIZE:,} claims"
    print(f"db_check_bench: {arguments.claims:,} claims in {path.name}{note}")
    print(f"  {NOISE_NOTE}")
    database = open_database(str(path), create=False)
    total = _timed("integrity_check + foreign_key_check", lambda: check_storage(database.engine))
    with database.reading() as session:
        one = _timed("recompute every status, one process", lambda: status.find_mismatches(session))
    every = _timed(f"recompute every status, {os.cpu_count()} worker processes",
                   lambda: status_check.find_mismatches(database))
    total += every
    with database.reading() as session:
        total += _timed("audit the counts table (count_mismatches)", lambda: status.count_mismatches(session))
    database.dispose()
    floor = _timed("raw read of the rows the recomputation loads", lambda: raw_read(path))
    print(goal_line("recomputation, one process / raw read", f"{one / floor:.1f}x", None, None))
    print(goal_line("recomputation, one process / worker processes", f"{one / every:.2f}x", None, None))
    print(goal_line("db check, in-process, all phases", f"{total:.1f} s", f"< {GOAL_S:g} s", total < GOAL_S))
    if not arguments.no_process:
        run = run_process([sys.executable, "-m", "workbench", "--db", str(path), "-q", "db", "check"], cwd=ROOT, check=False)
        print(goal_line("workbench db check, whole process", f"{run.seconds:.1f} s", f"< {GOAL_S:g} s",
                        run.seconds < GOAL_S) + f"   peak {run.peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
