"""How fast `workbench import` loads a large JSONL file, against two baselines in the same run.

    python benchmarks/import_bench.py                 # 1,000,000 claims
    python benchmarks/import_bench.py --claims 100000

Generates N attributed claims as JSONL under benchmarks/data/ (git-ignored; reused when it
exists), with sources shared across claims, about 5% reworded duplicates and 1% same-wording
claims that differ in a number, place or date (each a copy of one of the last 5,000
claims, as a feed repeats a story within days); the ground truth is written beside the file.
Then times, each in its own process and each into a fresh database:

1. ``workbench import`` (validation, statuses, review events, matching);
2. a plain ``sqlite3`` ``executemany`` load of the same rows into the same tables: no
   validation, no statuses, no review log, no matching; the practical limit in Python;
3. ``sqlite-utils insert --nl --alter`` of the same file (skipped if not installed).

Goal: (1) within 2x of (2), faster than (3), peak memory under 150 MB. Prints the ratios,
the peak resident memory of each process, and the import's duplicate matches against the
ground truth.

Reading the figures: (3) writes one flat table with no index, no full-text index and no
validation, so it is several times faster than (2) loading the same rows into the
workbench's tables; (2) pays SQLite's FTS5 flushing its index at every statement, which (1)
avoids by writing each batch as one statement (see ``import_tables.json_batches``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
GOAL_RATIO = 2.0
GOAL_MB = 150
RECENT = 5_000  # duplicates copy one of the last claims: a feed repeats a story within days

ACTORS = [
    "Russian", "Syrian", "Turkish", "Iranian", "Iraqi", "Israeli", "Jordanian", "Lebanese", "Ukrainian",
    "Egyptian", "French", "German", "American", "British", "Kurdish", "Saudi", "Qatari", "Emirati",
]
THINGS = [
    "detainees", "civilians", "fighters", "families", "trucks", "drones", "children", "prisoners", "aid workers",
    "journalists", "rockets", "shells", "tents", "ambulances", "displaced people", "students", "doctors", "tanks",
]
TEMPLATES = [
    ("{a} forces released {n} {t} in {p} on {d}", "{a} troops freed {n} {t} in {p} on {d}"),
    ("At least {n} {t} were killed in shelling on {p} on {d}", "Shelling on {p} killed at least {n} {t} on {d}"),
    ("{a} troops began withdrawing {n} {t} from {p} airport on {d}", "On {d} {a} forces started pulling {n} {t} out of {p} airport"),
    ("A convoy of {n} {t} reached {p} on {d}, local officials said", "Local officials said {n} {t} arrived in {p} in a convoy on {d}"),
    ("{a} officials said {n} {t} crossed the border near {p} on {d}", "{n} {t} crossed the border close to {p} on {d}, {a} officials said"),
    ("The ceasefire in {p} was extended by {n} days on {d}", "On {d} the truce in {p} was extended by {n} days"),
    ("{n} {t} were evacuated from the hospital in {p} on {d}", "The hospital in {p} evacuated {n} {t} on {d}"),
    ("{a} drones struck a depot holding {n} {t} outside {p} on {d}", "A depot with {n} {t} outside {p} was hit by {a} drones on {d}"),
]
SYLLABLES = ["ka", "ro", "mi", "tal", "dush", "sha", "qa", "ba", "zor", "hin", "ar", "el", "mal", "kir", "dan",
             "sur", "nab", "jar", "hal", "fat", "ras", "umm", "wad", "bek", "tor", "lin", "gaz", "yar", "om", "ser"]


def data_path(claims: int, seed: int) -> Path:
    return DATA / f"import-{claims}-s{seed}.jsonl"


def generate(claims: int, seed: int, path: Path) -> None:
    """Write the JSONL file and its ground truth (``.truth.jsonl``) as a stream."""
    rng = random.Random(seed)
    places = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize() for _ in range(20000)})
    n_sources = max(100, claims // 100)
    n_documents = max(20, claims // 50)
    truth_path = path.with_suffix(".truth.jsonl")
    partial = path.with_name(path.name + ".partial")
    recent: list[tuple[str, int, dict[str, object]]] = []
    counts = {"duplicate": 0, "different": 0}
    with partial.open("w", encoding="utf-8") as out, truth_path.open("w", encoding="utf-8") as truth:
        out.write(json.dumps({"format": "workbench", "version": 1}) + "\n")
        for i in range(n_sources):
            record = {"type": "source", "key": f"src-{i}", "name": f"Source {i} {rng.choice(places)}",
                      "kind": "media_outlet" if i % 10 == 0 else rng.choice(["person", "organization", "government_body"]),
                      "reliability": rng.choice("ABCDF")}
            if i >= 50 and rng.random() < 0.1:
                record["affiliation"] = f"src-{rng.randrange(50)}"
            out.write(json.dumps(record) + "\n")
        for i in range(n_documents):
            out.write(json.dumps({"type": "document", "key": f"doc-{i}", "title": f"Report {i} from {rng.choice(places)}",
                                  "outlet": f"src-{rng.randrange(0, n_sources, 10)}",
                                  "published_at": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}) + "\n")
        for i in range(claims):
            roll = rng.random()
            if roll < 0.05 and len(recent) > 100:
                original_key, template, slots = rng.choice(recent)
                text = TEMPLATES[template][1].format(**slots)
                truth.write(json.dumps({"key": f"claim-{i}", "duplicate_of": original_key}) + "\n")
                counts["duplicate"] += 1
            elif roll < 0.06 and len(recent) > 100:
                original_key, template, slots = rng.choice(recent)
                slots = dict(slots)
                detail = rng.choice(["n", "p", "d"])
                while slots[detail] == (changed := _slot(rng, detail, places)):
                    pass
                slots[detail] = changed
                text = TEMPLATES[template][0].format(**slots)
                truth.write(json.dumps({"key": f"claim-{i}", "differs_from": original_key,
                                        "detail": {"n": "number", "p": "place", "d": "date"}[detail]}) + "\n")
                counts["different"] += 1
            else:
                template = rng.randrange(len(TEMPLATES))
                slots = {"a": rng.choice(ACTORS), "t": rng.choice(THINGS), **{k: _slot(rng, k, places) for k in "npd"}}
                text = TEMPLATES[template][0].format(**slots)
                recent.append((f"claim-{i}", template, slots))
                if len(recent) > RECENT:
                    del recent[: len(recent) - RECENT]
            attributions = []
            speakers = {min(n_sources - 1, int(rng.paretovariate(1.2)) - 1 + rng.randrange(n_sources // 2)) for _ in range(rng.choice((1, 1, 2, 2, 3)))}
            for speaker in sorted(speakers):
                stance = rng.choices(["asserts", "denies", "no_statement"], [8, 1, 1])[0]
                attribution: dict[str, object] = {"source": f"src-{speaker}", "stance": stance}
                if stance == "no_statement":
                    attribution["as_of"] = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                elif rng.random() < 0.3:
                    attribution["document"] = f"doc-{rng.randrange(n_documents)}"
                    attribution["quote"] = f"{text[:40]}..."
                    attribution["mode"] = "direct_quote"
                attributions.append(attribution)
            record = {"key": f"claim-{i}", "text": text, "tags": rng.sample(["syria", "ceasefire", "aid", "border", "drones"], rng.randint(0, 2)),
                      "place": slots["p"], "attributions": attributions}
            out.write(json.dumps(record) + "\n")
    partial.replace(path)
    print(f"generated {path.name}: {claims:,} claims, {n_sources:,} sources, {n_documents:,} documents, "
          f"{counts['duplicate']:,} reworded duplicates, {counts['different']:,} different-detail copies", flush=True)


def _slot(rng: random.Random, kind: str, places: list[str]) -> str:
    if kind == "n":
        return str(rng.randint(2, 400))
    if kind == "p":
        return rng.choice(places)
    return f"{rng.randint(1, 28)} {rng.choice(['January', 'February', 'March', 'April', 'May', 'June'])}"


# -- the plain executemany load (run in its own process) ------------------------------------


def plain_load(db: Path, path: Path) -> None:
    """Load the file's rows into the workbench tables with nothing but sqlite3 executemany."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    source_ids: dict[str, int] = {}
    document_ids: dict[str, int] = {}
    claims: list[tuple[object, ...]] = []
    tags: list[tuple[object, ...]] = []
    attributions: list[tuple[object, ...]] = []
    claim_id = attribution_id = 0

    def flush() -> None:
        connection.executemany(
            "INSERT INTO claims (id, key, text, place, event_date, verdict, status, origin_count, awaiting, version, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, NULL, 'unreviewed', 'unsourced', 0, NULL, 1, ?, ?)", claims)
        connection.executemany("INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)", tags)
        connection.executemany(
            "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, quote, credibility, as_of, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 6, ?, ?, ?)", attributions)
        claims.clear(), tags.clear(), attributions.clear()

    connection.execute("BEGIN IMMEDIATE")
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            kind = record.get("type", "claim")
            if "format" in record:
                continue
            if kind == "source":
                source_ids[record["key"]] = len(source_ids) + 1
                connection.execute(
                    "INSERT INTO sources (id, key, name, kind, affiliation_id, reliability, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (source_ids[record["key"]], record["key"], record["name"], record["kind"],
                     source_ids.get(record.get("affiliation")), record["reliability"], now, now))
            elif kind == "document":
                document_ids[record["key"]] = len(document_ids) + 1
                connection.execute(
                    "INSERT INTO documents (id, key, title, outlet_id, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (document_ids[record["key"]], record["key"], record["title"], source_ids[record["outlet"]],
                     record["published_at"], now, now))
            else:
                claim_id += 1
                claims.append((claim_id, record["key"], record["text"], record.get("place"), now, now))
                tags.extend((claim_id, tag) for tag in sorted(set(record.get("tags", ()))))
                for a in record.get("attributions", ()):
                    attribution_id += 1
                    key = "attr-" + hashlib.sha256("\x1f".join(
                        [record["key"], a["source"], a.get("document") or "", a["stance"], a.get("quote") or ""]).encode()).hexdigest()[:16]
                    attributions.append((attribution_id, key, claim_id, source_ids[a["source"]], document_ids.get(a.get("document")),
                                         a["stance"], a.get("mode", "paraphrase"), a.get("quote"), a.get("as_of"), now, now))
                if len(claims) >= 10_000:
                    flush()
    flush()
    connection.execute("COMMIT")
    connection.close()


# -- measuring --------------------------------------------------------------------------------


def run(label: str, command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak resident MB) of that process alone."""
    print(f"running {label}...", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{label} failed (exit {code}):\n{stderr[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def fresh_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "workbench", "--db", str(path), "-q", "db", "check"], check=True,
                   stdout=subprocess.DEVNULL, cwd=ROOT)


def matching_quality(db: Path, truth: Path) -> str:
    connection = sqlite3.connect(db)
    key_of = dict(connection.execute("SELECT id, key FROM claims"))
    linked = {(key_of.get(a), key_of.get(b)) for a, b in connection.execute(
        "SELECT from_claim_id, to_claim_id FROM claim_links WHERE relation = 'duplicate_of'")}
    merged_keys = set(key_of.values())
    connection.close()
    found = missed = wrongly_merged = flagged_different = 0
    with truth.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "duplicate_of" in record:
                pair = (record["key"], record["duplicate_of"])
                if pair in linked or record["key"] not in merged_keys:
                    found += 1
                else:
                    missed += 1
            elif record["key"] not in merged_keys:
                wrongly_merged += 1
            elif (record["key"], record["differs_from"]) in linked:
                flagged_different += 1
    total = found + missed
    return (f"reworded duplicates merged or linked: {found:,} of {total:,}; different-detail claims wrongly merged: "
            f"{wrongly_merged:,} (linked for review instead: {flagged_different:,}); duplicate links in all: {len(linked):,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-match", action="store_true", help="import with --no-match (keys only)")
    parser.add_argument("--skip", action="append", default=[], choices=["workbench", "plain", "sqlite-utils"])
    parser.add_argument("--plain-load", nargs=2, metavar=("DB", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_load:
        plain_load(Path(args.plain_load[0]), Path(args.plain_load[1]))
        return

    DATA.mkdir(parents=True, exist_ok=True)
    path = data_path(args.claims, args.seed)
    if not path.exists():
        generate(args.claims, args.seed, path)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {path.relative_to(ROOT)} ({size_mb:,.0f} MB, {args.claims:,} claims)")
    results: dict[str, tuple[float, float]] = {}

    if "workbench" not in args.skip:
        db = DATA / "import-bench-workbench.db"
        fresh_database(db)
        command = [sys.executable, "-m", "workbench", "--db", str(db), "--reviewer", "bench", "import", "-q", str(path)]
        if args.no_match:
            command.append("--no-match")
        results["workbench import"] = run("workbench import", command)
    if "plain" not in args.skip:
        db = DATA / "import-bench-plain.db"
        fresh_database(db)
        results["sqlite3 executemany"] = run(
            "plain sqlite3 executemany", [sys.executable, __file__, "--plain-load", str(db), str(path)]
        )
    if "sqlite-utils" not in args.skip:
        tool = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
        if Path(tool).exists():
            db = DATA / "import-bench-sqlite-utils.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            results["sqlite-utils insert --nl"] = run(
                "sqlite-utils insert --nl", [tool, "insert", str(db), "records", str(path), "--nl", "--alter"]
            )
        else:
            print("sqlite-utils is not installed: skipping that baseline (pip install sqlite-utils)")

    print(f"\n{'':<28} {'seconds':>9} {'claims/s':>10} {'peak MB':>8}")
    for label, (seconds, mb) in results.items():
        print(f"{label:<28} {seconds:9.1f} {args.claims / seconds:10,.0f} {mb:8.0f}")
    ours = results.get("workbench import")
    if ours:
        for label in ("sqlite3 executemany", "sqlite-utils insert --nl"):
            if label in results:
                ratio = ours[0] / results[label][0]
                print(f"workbench / {label}: {ratio:.2f}x")
        plain = results.get("sqlite3 executemany")
        if plain:
            print(f"goal: within {GOAL_RATIO:g}x of executemany: {'ok' if ours[0] / plain[0] <= GOAL_RATIO else 'MISSED'}")
        utils = results.get("sqlite-utils insert --nl")
        if utils:
            print(f"goal: faster than sqlite-utils: {'ok' if ours[0] < utils[0] else 'MISSED'}")
        print(f"goal: peak memory under {GOAL_MB} MB: {'ok' if ours[1] < GOAL_MB else 'MISSED'} ({ours[1]:.0f} MB)")
        if not args.no_match:
            print(matching_quality(DATA / "import-bench-workbench.db", path.with_suffix(".truth.jsonl")))


if __name__ == "__main__":
    main()
