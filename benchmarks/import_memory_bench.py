"""Peak memory of ``workbench import`` on JSONL files of several hundred megabytes, at two sizes.

Issue 12: "JSONL import memory grows with the file" (790 MB for a 500 MB file with
``--no-match``, 680 MB for 2M small claims). The goal: a peak under 300 MB whatever the file's
size. This generates two JSONL files under ``benchmarks/data/`` (git-ignored; reused), the
larger ``--factor`` times the smaller, each with long claim texts, quotes and notes (the bytes
that make a file large) and with sources and documents shared across claims, then imports
each into a fresh database in its own process, ``--no-match`` and with matching, and reads the
process's peak resident memory from the OS (``ru_maxrss`` of that child alone), and that of
all its processes together (its worker holds part of the work: ``_timing.run_process``). Flat means
the larger file's peak is within 10 % of the smaller's.

    python benchmarks/import_memory_bench.py                     # 100 MB and 400 MB
    python benchmarks/import_memory_bench.py --megabytes 50 --factor 4
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import DATA, NOISE_NOTE, ROOT, goal_line, run_process

GOAL_MB = 300.0
FLAT_TOLERANCE = 0.10
WORDS = ["convoy", "checkpoint", "ceasefire", "withdrawal", "negotiations", "airport", "garrison", "district", "council", "ministry", "spokesman", "statement", "reporters", "witnesses", "casualties", "shelling", "agreement", "corridor", "border", "villages", "officials", "confirmed", "denied", "reported", "according", "sources", "said", "earlier"]


def data_path(megabytes: int) -> Path:
    return DATA / f"import-memory-{megabytes}mb.jsonl"


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(megabytes: int, path: Path, seed: int = 3) -> int:
    """Write about ``megabytes`` MB of JSONL; returns the number of claims."""
    rng = random.Random(seed)
    target = megabytes * 2**20
    partial = path.with_name(path.name + ".partial")
    claims = 0
    with partial.open("w", encoding="utf-8") as out:
        written = out.write(json.dumps({"format": "workbench", "version": 1}) + "\n")
        for i in range(500):
            written += out.write(json.dumps({"type": "source", "key": f"src-{i}", "name": f"Source {i}",
                                             "kind": "organization", "reliability": rng.choice("ABCDF")}) + "\n")
        for i in range(2_000):
            written += out.write(json.dumps({"type": "document", "key": f"doc-{i}", "title": f"Report {i}",
                                             "outlet": f"src-{i % 500}"}) + "\n")
        while written < target:
            record = {
                "type": "claim", "key": f"claim-{claims}",
                "text": f"{_prose(rng, 40)} (report {claims})",
                "tags": [rng.choice(WORDS)],
                "attributions": [
                    {"source": f"src-{rng.randrange(500)}", "stance": rng.choice(["asserts", "asserts", "denies"]),
                     "mode": "paraphrase", "document": f"doc-{rng.randrange(2_000)}", "quote": _prose(rng, 120),
                     "note": _prose(rng, 60)}
                    for _ in range(2)
                ],
            }
            written += out.write(json.dumps(record) + "\n")
            claims += 1
    partial.rename(path)
    return claims


def fresh_database(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    run_process([sys.executable, "-m", "workbench", "--db", str(path), "-q", "init"], cwd=ROOT)
    return str(path)


def peak_mb(file: Path, *, match: bool) -> tuple[float, float, float]:
    """Peak resident MB, peak MB of all its processes (PSS, sampled; its worker holds part of
    the work) and seconds of one import of ``file`` in a process of its own."""
    db = fresh_database(DATA / "import-memory-bench.db")
    command = [sys.executable, "-m", "workbench", "--db", db, "--reviewer", "bench", "-q", "import", str(file)]
    run = run_process(command + ([] if match else ["--no-match"]), cwd=ROOT)
    return run.peak_mb, run.tree_peak_mb, run.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=int, default=100, help="size of the smaller file")
    parser.add_argument("--factor", type=int, default=4, help="the larger file is this many times the smaller")
    parser.add_argument("--no-match-only", action="store_true", help="skip the imports with matching on")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    sizes = (args.megabytes, args.megabytes * args.factor)
    files = {}
    for megabytes in sizes:
        path = data_path(megabytes)
        if not path.exists():
            generate(megabytes, path)
        files[megabytes] = path
    print(f"import_memory_bench: JSONL files of {sizes[0]} and {sizes[1]} MB, each imported into a fresh database")
    print(f"  {NOISE_NOTE}")
    modes = [("--no-match", False)] + ([] if args.no_match_only else [("matching", True)])
    for label, match in modes:
        peaks, tree_peaks = {}, {}
        for megabytes, path in files.items():
            claims = sum(1 for _ in path.open("rb")) - 2_501
            peak, tree_peak, seconds = peak_mb(path, match=match)
            peaks[megabytes], tree_peaks[megabytes] = peak, tree_peak
            print(goal_line(f"import {label}, {megabytes} MB ({claims:,} claims): peak", f"{peak:.0f} MB",
                            f"< {GOAL_MB:g} MB", peak < GOAL_MB) + f"   ({seconds:.0f} s)")
            print(goal_line("  with its worker processes (PSS, sampled)", f"{tree_peak:.0f} MB",
                            f"< {GOAL_MB:g} MB", tree_peak < GOAL_MB))
        for what, found in (("peak", peaks), ("peak with its workers", tree_peaks)):
            small, large = found[sizes[0]], found[sizes[1]]
            print(goal_line(f"import {label}: {what}, {sizes[0]} -> {sizes[1]} MB file", f"{small:.0f} -> {large:.0f} MB",
                            f"<= +{FLAT_TOLERANCE:.0%}", large <= small * (1 + FLAT_TOLERANCE)))


if __name__ == "__main__":
    main()
