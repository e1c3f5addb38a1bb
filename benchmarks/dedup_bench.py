"""How fast and how well ``workbench duplicates`` finds planted rewordings, and what it wrongly merges.

    python benchmarks/dedup_bench.py                          # 100,000 claims (the goal's size)
    python benchmarks/dedup_bench.py --claims 20000 --sample 3000

Generates N claims with ``claimgen`` (5 % rewordings written with words the normaliser does
not list, 2 % detail changes of every size; ground truth under ``benchmarks/data/``), stores
them in a database made by the workbench's migrations, and runs the real command
``workbench duplicates --json`` in a child process (wall time and peak memory from the OS).

Figures, each with the issue's goal at 100,000 claims:
- time < 30 s and peak memory < 1 GB;
- recall >= 0.99: planted rewording pairs listed as possible duplicates;
- 0 different-detail pairs (a count off by one, another unit, weekday, place, actor, a
  negation, a hedge...) listed as possible duplicates, by kind of change.

Baseline, same run: every pair of a random sample scored exhaustively with rapidfuzz
``cdist`` (the workbench's scorer, checked pair by pair), beside the blocked method on the
same sample; the exhaustive time is extrapolated to N by the square of the size ratio.
Needs numpy (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claimgen
import claimwords
import synthetic
from _timing import DATA, NOISE_NOTE, blended_scores, goal_line, ratio, run_process, scorer_agrees

from workbench.matching.dedup import find_near_duplicates
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS, key_similarity, match_key

GOAL_SIZE = 100_000
GOAL_SECONDS = 30.0
GOAL_MB = 1024.0
GOAL_RECALL = 0.99


def pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def vocabulary_check() -> str:
    folded = claimwords.folded_by(match_key)
    listed = ", ".join(f"{a}/{b}" for a, b in folded[:5])
    return (f"rewording synonyms the normaliser already folds: {len(folded)} of {claimwords.variant_pairs()} pairs"
            + (f" ({listed})" if folded else " (the rewordings test the matcher, not its word list)"))


def exhaustive_pairs(keys: list[str], floor: float) -> set[tuple[int, int]]:
    """Every pair of ``keys`` at or above ``floor`` with the workbench's scorer, in C."""
    import numpy as np

    found: set[tuple[int, int]] = set()
    for start in range(0, len(keys), 2000):
        scores = blended_scores(keys[start : start + 2000], keys, floor)
        for row, col in zip(*np.nonzero(scores >= floor), strict=True):
            if start + row < col:
                found.add((start + int(row), int(col)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--sample", type=int, default=5_000, help="claims in the exhaustive baseline's sample")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)

    data = claimgen.generate(args.claims, seed=args.seed)
    stem = DATA / f"dedup-{args.claims}-s{args.seed}"
    truth = {"duplicates": [[a + 1, b + 1] for a, b in data.duplicates],
             "different": [[a + 1, b + 1, kind] for a, b, kind in data.different]}
    Path(f"{stem}.truth.json").write_text(json.dumps(truth), encoding="utf-8")
    db = Path(f"{stem}.db")
    synthetic.store_claims(db, data.claims)
    print(f"dedup_bench: {args.claims:,} claims, {len(data.duplicates):,} planted rewording pairs, "
          f"{len(data.different):,} different-detail pairs (data and truth: {db.parent.name}/{db.name}, .truth.json)")
    print(f"  rewording edits used: {', '.join(f'{k} {v:,}' for k, v in sorted(data.edits.items(), key=lambda kv: -kv[1]))}")
    print(f"  {vocabulary_check()}")
    print(f"  {NOISE_NOTE}")

    run = run_process([sys.executable, "-m", "workbench", "--db", str(db), "-q", "duplicates", "--json"])
    found = json.loads(run.stdout)
    listed = {pair(p["claim_id"] - 1, p["other_claim_id"] - 1): p for p in found if p["kind"] == "duplicate"}
    conflicting = {pair(p["claim_id"] - 1, p["other_claim_id"] - 1) for p in found if p["kind"] == "conflicting_details"}
    planted = [pair(a, b) for a, b in data.duplicates]
    different = {pair(a, b): kind for a, b, kind in data.different}
    recall = sum(p in listed for p in planted) / max(1, len(planted))
    wrong = Counter(kind for p, kind in different.items() if p in listed)
    as_conflict = sum(p in conflicting for p in different) / max(1, len(different))
    unplanted = sum(1 for p in listed if p not in different and data.lineage[p[0]] != data.lineage[p[1]])

    size_note = "" if args.claims == GOAL_SIZE else f" (goals are for {GOAL_SIZE:,} claims)"
    print(f"\nworkbench duplicates, whole process{size_note}:")
    print(goal_line("time", f"{run.seconds:.1f} s", f"< {GOAL_SECONDS:g} s", run.seconds < GOAL_SECONDS))
    print(goal_line("peak memory", f"{run.peak_mb:.0f} MB", f"< {GOAL_MB:g} MB", run.peak_mb < GOAL_MB))
    print(goal_line("recall of planted rewordings", f"{recall:.4f}", f">= {GOAL_RECALL}", recall >= GOAL_RECALL))
    print(goal_line("different-detail pairs listed as duplicates", f"{sum(wrong.values())} of {len(different):,}",
                    "0", not wrong))
    for kind, total in sorted(Counter(different.values()).items(), key=lambda kv: -kv[1]):
        if "+" not in kind:
            print(goal_line(f"  {kind}", f"{wrong.get(kind, 0)} of {total}", "0", not wrong.get(kind)))
    print(goal_line("different-detail pairs listed as conflicting details", f"{as_conflict:.3f}", None, None))
    print(goal_line("duplicates listed between unrelated claims", f"{unplanted:,}", None, None))
    print(goal_line("pairs listed", f"{len(listed):,} dup, {len(conflicting):,} conflict", None, None))
    _examples(data, planted, listed, different)

    rng = random.Random(args.seed)
    sample = sorted(rng.sample(range(args.claims), min(args.sample, args.claims)))
    position = {index: i for i, index in enumerate(sample)}
    texts = [data.claims[i] for i in sample]
    keys = [match_key(t) for t in texts]
    if not scorer_agrees(key_similarity, keys):
        raise SystemExit("the baseline's scorer no longer equals workbench key_similarity: update exhaustive_pairs()")
    floor = DEFAULT_THRESHOLDS.suggest
    started = time.perf_counter()
    baseline = exhaustive_pairs(keys, floor)
    baseline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    blocked = find_near_duplicates(list(enumerate(texts)))
    blocked_seconds = time.perf_counter() - started
    in_sample = [(position[a], position[b]) for a, b in planted if a in position and b in position]
    blocked_found = {pair(p.claim_id, p.other_claim_id) for p in blocked.duplicates}
    scale = (args.claims / len(sample)) ** 2
    print(f"\nbaseline: exhaustive cdist of every pair of a {len(sample):,}-claim sample (score >= {floor:g}), same run:")
    print(goal_line("exhaustive, sample", f"{baseline_seconds:.1f} s", None, None))
    print(goal_line("blocked (find_near_duplicates), same sample", f"{blocked_seconds:.1f} s", None, None))
    print(goal_line("blocked / exhaustive on the sample", ratio(blocked_seconds, baseline_seconds), None, None))
    extrapolated = baseline_seconds * scale
    print(goal_line(f"exhaustive extrapolated to {args.claims:,} (x{scale:.0f})", f"{extrapolated:,.0f} s", None, None))
    print(goal_line("workbench duplicates / extrapolated exhaustive", ratio(run.seconds, extrapolated), None, None))
    recall_of = lambda found: sum(p in found for p in in_sample) / max(1, len(in_sample))  # noqa: E731 - one use
    print(goal_line(f"recall in the sample ({len(in_sample)} planted pairs): exhaustive score >= {floor:g}",
                    f"{recall_of(baseline):.3f}", None, None))
    print(goal_line("  blocked, possible duplicates", f"{recall_of(blocked_found):.3f}", None, None))


Pair = tuple[int, int]


def _examples(data: claimgen.Dataset, planted: list[Pair], listed: dict[Pair, dict[str, object]],
              different: dict[Pair, str]) -> None:
    missed = [p for p in planted if p not in listed][:3]
    merged = [p for p in different if p in listed][:3]
    for title, pairs in (("missed rewordings", missed), ("different details listed as duplicates", merged)):
        if pairs:
            print(f"  examples of {title}:")
            for a, b in pairs:
                extra = f" [{different[(a, b)]}, score {listed[(a, b)]['score']}]" if (a, b) in different else ""
                print(f"    {data.claims[a]!r}\n    {data.claims[b]!r}{extra}")


if __name__ == "__main__":
    main()
