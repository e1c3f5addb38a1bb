"""Start-up: the whole ``workbench`` process, as a user or a script runs it, against the floor.

Each command runs as a fresh process, ``--repeat`` times, interleaved with the floor (a bare
``python -c pass`` from the same interpreter) so that a change in the machine's load hits
both alike. For each: wall time (median, p90, worst) and CPU time (user + system, from the
OS), and the median over the floor. Wall time is what the goals judge; CPU
time is printed beside it because on a shared machine waiting for a core inflates wall time
and not CPU time.

Goals (issue 15): ``workbench --version`` < 0.15 s and ``workbench claims list --limit 20``
on a 1,000,000-claim database < 0.35 s, as whole processes. ``--help``, ``claims list --json``,
a later page in another order (both read by the plain page, without SQLAlchemy) and a filtered
list (the normal path, with it) have no goal of their own and are shown for the record.

    python benchmarks/startup_bench.py                 # the 1,000,000-claim database (built once)
    python benchmarks/startup_bench.py --claims 100000 --repeat 21
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import NOISE_NOTE, ROOT, compile_bytecode, goal_line, percentile

GOAL_SIZE = 1_000_000
VERSION_GOAL_S = 0.15
LIST_GOAL_S = 0.35


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float


def run_once(command: list[str]) -> Run:
    """One whole process: wall and CPU seconds of that process alone. (No peak memory: a child
    started from this process inherits its high-water mark until exec, so it would read as
    this benchmark's size.)"""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed (exit {os.waitstatus_to_exitcode(status)})")
    return Run(wall, usage.ru_utime + usage.ru_stime)


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.3f}, p90 {percentile(values, 0.9):.3f}, "
            f"max {max(values):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    path = synthetic.build(arguments.claims)
    executable = shutil.which("workbench", path=str(Path(sys.executable).parent)) or "workbench"
    workbench = [executable, "--db", str(path)]
    floor = [sys.executable, "-c", "pass"]
    cases: list[tuple[str, list[str], float | None]] = [
        ("workbench --version", [executable, "--version"], VERSION_GOAL_S),
        ("workbench --help", [executable, "--help"], None),
        ("workbench claims list --limit 20", [*workbench, "claims", "list", "--limit", "20"], LIST_GOAL_S),
        ("workbench claims list --limit 20 --json", [*workbench, "claims", "list", "--limit", "20", "--json"], None),
        # A filter takes the normal path (SQLAlchemy and the models): shown so the plain page's
        # figure above is not mistaken for every listing's.
        ("workbench claims list --limit 20 --status corroborated",
         [*workbench, "claims", "list", "--limit", "20", "--status", "corroborated"], None),
        ("workbench claims list --limit 20 --after 500000 --sort last_change",
         [*workbench, "claims", "list", "--limit", "20", "--after", "500000", "--sort", "last_change"], None),
    ]
    note = "" if arguments.claims == GOAL_SIZE else f"; the list goal is for {GOAL_SIZE:,} claims"
    print(f"startup_bench: whole processes, {arguments.repeat} runs each interleaved with the floor "
          f"(python -c pass); database {path.name}{note}")
    print(f"  ({NOISE_NOTE})")
    compile_bytecode()  # this machine's processes never save their bytecode (see there)
    for command in (floor, *(command for _, command, _ in cases)):
        run_once(command)  # warm the page cache
    for label, command, goal in cases:
        ours: list[Run] = []
        floors: list[Run] = []
        for _ in range(arguments.repeat):
            ours.append(run_once(command))
            floors.append(run_once(floor))
        wall = [run.wall for run in ours]
        cpu = [run.cpu for run in ours]
        median = statistics.median(wall)
        floor_median = statistics.median(run.wall for run in floors)
        print(goal_line(f"{label}: wall", f"{median:.3f} s", None if goal is None else f"< {goal:g} s",
                        goal is not None and median < goal, 44))
        print(f"      wall {summary(wall)}; cpu {summary(cpu)}")
        print(f"      floor (python -c pass) wall median {floor_median:.3f} s, cpu median "
              f"{statistics.median(r.cpu for r in floors):.3f} s; ours minus floor {median - floor_median:.3f} s")


if __name__ == "__main__":
    main()
