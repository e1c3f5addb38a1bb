"""How fast and how well ``workbench duplicates`` finds planted near-duplicates.

Generates N synthetic claims (``claimgen``: ~5 % reworded duplicates and ~1 % different-detail
pairs, ground truth written beside them under ``benchmarks/data/``), loads them into a SQLite
database, and runs the real command ``workbench duplicates --json`` in a subprocess (time and
peak memory of that process). The baseline is the exhaustive method: rapidfuzz ``cdist`` of
every claim against every claim with the same scorer and cutoff. At 100,000 claims that is
5 billion pairs (hours), so it runs on a random sample (10,000 by default) and its time is
extrapolated by the square of the size ratio; the blocked method also runs on the same sample
so both ratios, measured and extrapolated, are printed. Both need ``numpy`` for ``cdist``
(``pip install numpy``; the workbench itself does not).

    python benchmarks/dedup_bench.py                  # 100,000 claims, 10,000-claim baseline
    python benchmarks/dedup_bench.py --claims 20000 --sample 5000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import claimgen  # noqa: E402

from workbench.db.opening import open_database  # noqa: E402
from workbench.matching.dedup import find_near_duplicates  # noqa: E402
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS, match_key  # noqa: E402


def build_database(path: Path, texts: list[str]) -> None:
    if path.exists():
        path.unlink()
    open_database(str(path)).dispose()  # schema at head
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(
            "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
            "VALUES (?, ?, ?, 'unreviewed', 'unsourced', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            ((i + 1, f"claim-{i + 1}", text) for i, text in enumerate(texts)),
        )
    connection.close()


def pair(a: int, b: int) -> tuple[int, int]:
    return (min(a, b), max(a, b))


def score_against_truth(found: list[dict], data: claimgen.Dataset, offset: int = 1) -> dict[str, float]:
    duplicates = {pair(p["claim_id"] - offset, p["other_claim_id"] - offset) for p in found if p["kind"] == "duplicate"}
    conflicting = {pair(p["claim_id"] - offset, p["other_claim_id"] - offset) for p in found if p["kind"] == "conflicting_details"}
    planted = [pair(a, b) for a, b in data.duplicates]
    different = [pair(a, b) for a, b, _ in data.different]
    return {
        "recall": sum(p in duplicates for p in planted) / max(1, len(planted)),
        "different_as_duplicate": sum(p in duplicates for p in different),
        "different_as_conflict": sum(p in conflicting for p in different) / max(1, len(different)),
        "duplicates": len(duplicates),
        "conflicting": len(conflicting),
    }


def exhaustive(keys: list[str], floor: float) -> tuple[float, set[tuple[int, int]]]:
    """Every pair scored with cdist (the same blended scorer); returns seconds and pairs >= floor."""
    import numpy as np
    from rapidfuzz import fuzz, process

    part = max(0.0, 2 * floor - 100)
    started = time.perf_counter()
    token_set = process.cdist(keys, keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=part, dtype=np.uint8, workers=-1)
    token_sort = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=part, dtype=np.uint8, workers=-1)
    blended = (token_set.astype(np.uint16) + token_sort) / 2
    rows, cols = np.nonzero(np.triu(blended >= floor - 0.5, k=1))  # uint8 scores are rounded
    seconds = time.perf_counter() - started
    return seconds, set(zip(rows.tolist(), cols.tolist(), strict=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=10_000, help="claims in the exhaustive baseline's sample")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    floor = DEFAULT_THRESHOLDS.conflict
    data_dir = HERE / "data"
    data_dir.mkdir(exist_ok=True)

    data = claimgen.generate(args.claims, seed=args.seed)
    stem = data_dir / f"dedup-{args.claims}-{args.seed}"
    with open(f"{stem}.claims.jsonl", "w", encoding="utf-8") as out:
        for index, text in enumerate(data.claims):
            out.write(json.dumps({"id": index + 1, "text": text}) + "\n")
    truth = {"duplicates": [[a + 1, b + 1] for a, b in data.duplicates], "different": [[a + 1, b + 1, k] for a, b, k in data.different]}
    Path(f"{stem}.truth.json").write_text(json.dumps(truth), encoding="utf-8")
    db = Path(f"{stem}.db")
    build_database(db, data.claims)
    print(f"{args.claims:,} claims: {len(data.duplicates):,} planted reworded duplicates, "
          f"{len(data.different):,} planted different-detail pairs (data and truth in {data_dir})")

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), "-q", "duplicates", "--json"],
        capture_output=True, text=True, check=True,
    )
    command_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    found = json.loads(completed.stdout)
    quality = score_against_truth(found, data)
    print(f"\nworkbench duplicates on {args.claims:,} claims: {command_seconds:.1f} s, peak memory {peak_mb:.0f} MB "
          f"(whole process: start-up, reading the database, JSON out)")
    print(f"  recall on planted reworded duplicates: {quality['recall']:.4f}")
    print(f"  planted different-detail pairs reported as duplicates: {quality['different_as_duplicate']}")
    print(f"  planted different-detail pairs listed as conflicting details: {quality['different_as_conflict']:.4f}")
    print(f"  pairs listed: {quality['duplicates']:,} possible duplicates, {quality['conflicting']:,} conflicting details")
    del before

    rng = random.Random(args.seed)
    sample = sorted(rng.sample(range(args.claims), min(args.sample, args.claims)))
    position = {index: i for i, index in enumerate(sample)}
    sample_texts = [data.claims[i] for i in sample]
    keys = [match_key(t) for t in sample_texts]
    baseline_seconds, baseline_pairs = exhaustive(keys, floor)
    started = time.perf_counter()
    find_near_duplicates(list(enumerate(sample_texts)))
    blocked_seconds = time.perf_counter() - started
    in_sample = [(position[a], position[b]) for a, b in data.duplicates if a in position and b in position]
    baseline_recall = sum(pair(a, b) in baseline_pairs for a, b in in_sample) / max(1, len(in_sample))
    scale = (args.claims / len(sample)) ** 2
    print(f"\nexhaustive cdist baseline on a {len(sample):,}-claim sample: {baseline_seconds:.1f} s "
          f"({len(sample) * (len(sample) - 1) // 2:,} pairs); blocked method on the same sample: {blocked_seconds:.1f} s "
          f"-> {baseline_seconds / blocked_seconds:.0f}x faster at {len(sample):,}")
    print(f"  both at score >= {floor:g}: the baseline finds {len(baseline_pairs):,} pairs; "
          f"{len(in_sample)} planted duplicates fall in the sample, recall {baseline_recall:.3f} (exhaustive)")
    extrapolated = baseline_seconds * scale
    print(f"  baseline extrapolated to {args.claims:,} claims (x{scale:.0f}, quadratic): {extrapolated:,.0f} s "
          f"= {extrapolated / 3600:.1f} h -> workbench duplicates is {extrapolated / command_seconds:,.0f}x faster")


if __name__ == "__main__":
    main()
