"""Two versions of the workbench import the same file, in alternated pairs: did a change speed it up?

    python benchmarks/ab_import.py 05ae0cb                      # that commit against the working tree
    python benchmarks/ab_import.py 05ae0cb HEAD --claims 25000 --pairs 5 --no-match

Why it exists: this machine's speed drifts by 20 % within an hour, so two versions can only be
compared in pairs run back to back, and with the order alternated (old first, then new first),
since the first of a pair can run on a cooler or warmer machine.

Each version is copied into ``benchmarks/data/ab/`` (git-ignored): a commit with
``git archive``, the working tree as it is; ``migrations/`` goes inside the package, where an
installed workbench keeps it. Every run starts in that copy's own folder, with it first on
``PYTHONPATH``: started from the repository instead, ``python -m workbench`` imports the
checkout's package (the working folder comes first on ``sys.path``), whatever ``PYTHONPATH``
says, and both arms run the same code. A hand-made harness did exactly that on 2026-12-05. So
before anything is timed, each arm's ``workbench`` and ``workbench.migrations`` are checked to
load from its own copy. Each arm creates its database with its own migrations.

The file is ``import_bench``'s (generated on first use, the same seed), each import is a
whole process, and peak memory is that process's own and, beside it, that of all its processes
(its workers too; ``_timing.run_process``). Printed: each arm's median and range of seconds
and peak MB, and new/old as the ratio of medians with
the range of the per-pair ratios. It sets no goal: the goals are ``import_bench``'s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench
from _timing import DATA, NOISE_NOTE, ROOT, ProcessRun, compile_bytecode, run_process, spread

AB = DATA / "ab"
WORKING_TREE = "working-tree"


def export(revision: str) -> Path:
    """A copy of ``revision``'s package (with its migrations inside) under ``AB``; the working
    tree when ``revision`` is ``WORKING_TREE``."""
    if revision == WORKING_TREE:
        name = WORKING_TREE
    else:
        commit = subprocess.run(["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, check=False,
                                capture_output=True, text=True)
        if commit.returncode != 0:
            raise SystemExit(f"ab_import: {revision!r} is not a commit of this repository")
        name = commit.stdout.strip()[:12]
    home = AB / name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    if revision == WORKING_TREE:
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(ROOT / "workbench", home / "workbench", ignore=ignore)
        shutil.copytree(ROOT / "migrations", home / "workbench" / "migrations", ignore=ignore)
    else:
        archive = subprocess.run(["git", "archive", name, "workbench", "migrations"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(home)], input=archive, check=True)
        (home / "migrations").rename(home / "workbench" / "migrations")
    compile_bytecode(home)
    return home


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(home)}


def check_arm(home: Path) -> None:
    """Refuse to time an arm whose package or migrations would load from anywhere else."""
    probe = "import workbench, workbench.migrations as m; print(workbench.__file__); print(m.__file__)"
    found = subprocess.run([sys.executable, "-c", probe], cwd=home, env=environment(home), capture_output=True,
                           text=True, check=False)
    paths = found.stdout.split()
    if found.returncode != 0 or len(paths) != 2 or not all(Path(p).resolve().is_relative_to(home.resolve()) for p in paths):
        raise SystemExit(f"ab_import: the copy in {home} does not load its own code: {found.stdout}{found.stderr}")


def import_once(home: Path, data: Path, extra: list[str]) -> ProcessRun:
    db = home / "ab.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    workbench = [sys.executable, "-m", "workbench", "--db", str(db)]
    run_process([*workbench, "-q", "init"], cwd=home, env=environment(home))
    return run_process([*workbench, "--reviewer", "bench", "import", "-q", *extra, str(data)], cwd=home,
                       env=environment(home))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="a commit (the baseline arm)")
    parser.add_argument("new", nargs="?", default=WORKING_TREE, help="a commit, or the working tree (default)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--no-match", action="store_true", help="import with --no-match")
    args = parser.parse_args()

    data = import_bench.data_path(args.claims, args.seed)
    if not data.exists():
        print(f"generating {data.name}...", flush=True)
        data.parent.mkdir(parents=True, exist_ok=True)
        import_bench.generate(args.claims, args.seed, data)
    arms = {"old": export(args.old), "new": export(args.new)}
    for home in arms.values():
        check_arm(home)
    extra = ["--no-match"] if args.no_match else []
    print(f"ab_import: {args.old} (old) against {args.new} (new), {data.name}{' --no-match' if args.no_match else ''}")
    print(f"  {NOISE_NOTE}")
    runs: dict[str, list[ProcessRun]] = {"old": [], "new": []}
    for pair in range(args.pairs):
        order = ("old", "new") if pair % 2 == 0 else ("new", "old")
        for arm in order:
            run = import_once(arms[arm], data, extra)
            runs[arm].append(run)
            print(f"  pair {pair + 1}/{args.pairs}: {arm:3} {run.seconds:7.2f} s {run.peak_mb:6.1f} MB"
                  f" ({run.tree_peak_mb:.1f} MB with its workers)", flush=True)
    print()
    for arm, label in (("old", args.old), ("new", args.new)):
        seconds = [run.seconds for run in runs[arm]]
        peaks = [run.peak_mb for run in runs[arm]]
        tree_peaks = [run.tree_peak_mb for run in runs[arm]]
        print(f"  {arm} ({label}): {spread(seconds)}, peak {spread(peaks, 'MB', 1)}; with its workers {spread(tree_peaks, 'MB', 1)}")
    pair_ratios = [new.seconds / old.seconds for old, new in zip(runs["old"], runs["new"], strict=True)]
    medians = statistics.median(r.seconds for r in runs["new"]) / statistics.median(r.seconds for r in runs["old"])
    print(f"  new / old: {medians:.3f}x (pairs {min(pair_ratios):.3f}-{max(pair_ratios):.3f}x)   (no goal)")


if __name__ == "__main__":
    main()
