"""``workbench import`` of a file that changes much of what a database already holds.

    python benchmarks/import_update_bench.py                          # 1,000,000 onto 250,000
    python benchmarks/import_update_bench.py --claims 100000 --repeat 2

``import_bench.py`` times imports into an empty database. A desk also imports onto a full one:
a partner's corrected export, a feed's cumulative dump. This benchmark stores the file of a
quarter of ``--claims`` claims (``import_bench``'s generator, same seed), then imports the file
of ``--claims`` claims onto a copy of that database. The two files share their keys: the
larger one gives every stored claim other words and attributions, every stored document
another outlet and date, and adds three times as many new claims. So the import updates
every stored claim, moves attributions between claims, and recomputes the status of every
stored claim at the end: the heaviest update a file can ask for, not a typical day.

The reference is the same file imported into an empty database, in the same rounds
(interleaved). There is no plain-code baseline for updates (what it would have to do, from
version bumps to review-log entries and recomputed statuses, is the workbench), so the ratio
is printed without a goal. The goal that applies is the import's memory budget (issue 15:
< 150 MB at a million claims), judged on the process and on all its processes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import DATA, NOISE_NOTE, ROOT, ProcessRun, goal_line, run_process, spread
from import_bench import GOAL_MB, GOAL_SIZE, by_round, contenders, data_path, fresh_database, generate


def stored_database(claims: int, seed: int) -> Path:
    """The database holding the quarter-size file, built once and copied for every run."""
    stored = DATA / f"import-update-stored-{claims}-s{seed}.db"
    if stored.exists():
        return stored
    small = data_path(claims, seed)
    if not small.exists():
        generate(claims, seed, small)
    building = Path(fresh_database(DATA / "import-update-building.db"))
    print(f"  storing {small.name} first...", flush=True)
    run_process([part.replace("{db}", str(building)) for part in contenders(small)["workbench import"]], cwd=ROOT)
    # Closed cleanly, the database is one file (its WAL checkpointed and removed).
    building.rename(stored)
    return stored


def run_onto(stored: Path, path: Path) -> ProcessRun:
    target = DATA / "import-update-onto.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(stored, target)
    return run_process([part.replace("{db}", str(target)) for part in contenders(path)["workbench import"]], cwd=ROOT)


def run_empty(path: Path) -> ProcessRun:
    db = fresh_database(DATA / "import-update-empty.db")
    return run_process([part.replace("{db}", db) for part in contenders(path)["workbench import"]], cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="rounds of both imports (median and range)")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    path = data_path(args.claims, args.seed)
    if not path.exists():
        generate(args.claims, args.seed, path)
    stored_claims = args.claims // 4
    print(f"import_update_bench: {path.name} ({args.claims:,} claims) onto a database holding "
          f"{data_path(stored_claims, args.seed).name}")
    print(f"  {NOISE_NOTE}")
    stored = stored_database(stored_claims, args.seed)
    onto: list[ProcessRun] = []
    empty: list[ProcessRun] = []
    for round_ in range(args.repeat):
        print(f"  round {round_ + 1}/{args.repeat}: onto the stored database...", flush=True)
        onto.append(run_onto(stored, path))
        print(f"  round {round_ + 1}/{args.repeat}: into an empty database...", flush=True)
        empty.append(run_empty(path))
    note = "" if args.claims == GOAL_SIZE else f" (memory goal is for {GOAL_SIZE:,} claims)"
    print(f"\nwhole processes, with matching{note}:")
    for label, runs in (("onto the stored database", onto), ("into an empty database", empty)):
        seconds = [run.seconds for run in runs]
        print(goal_line(label, spread(seconds, "s", 1), None, None))
        print(goal_line("  claims per second", f"{args.claims / statistics.median(seconds):,.0f}/s", None, None))
        print(goal_line("  peak memory: process; all processes",
                        f"{max(run.peak_mb for run in runs):.0f}; {max(run.tree_peak_mb for run in runs):.0f} MB", None, None))
    _, figure = by_round([run.seconds for run in onto], [run.seconds for run in empty])
    print(goal_line("onto the stored / into an empty database", figure, None, None))
    peak, tree_peak = max(run.peak_mb for run in onto), max(run.tree_peak_mb for run in onto)
    print(goal_line("peak memory onto the stored database", f"{peak:.0f} MB", f"< {GOAL_MB:g} MB", peak < GOAL_MB))
    print(goal_line("  with its worker processes (PSS, sampled)", f"{tree_peak:.0f} MB", f"< {GOAL_MB:g} MB",
                    tree_peak < GOAL_MB))


if __name__ == "__main__":
    main()
