"""Query speed at scale: counts, full-text search, filtered first pages, and whole CLI processes.

Each in-process figure is a set of repeated runs shown by its median, p90 and first (cold)
run, beside the same question asked in hand-written raw SQL on the same file in the same
run, as a ratio (ours / raw), and the two answers are compared: a baseline that answers
another question measures nothing. For search, the raw query finds the same set the
workbench ranks (the newest 300 claims whose text holds every word, by bm25; every word of
three letters or more as a prefix when fewer than 300 match exactly). The workbench then
ranks them by its own relevance (``search_relevance``), adds claims found by their quotes or
sources' names and, when few hold every word, claims holding some; so the pages differ in
order, and the figure to read is the time beside a raw query over the same candidates.

Whole processes, as a user runs them: ``workbench --version``, ``workbench claims list
--limit 20``, ``workbench search q``, ``workbench sources list``, ``claims list --fuzzy`` and a
dry-run import of 20 new claims (each matched against the stored ones), beside the same answer
from a ``python -c`` that opens the file with ``sqlite3`` (the floor of any Python command
here; for the fuzzy listing and the import, it only reads 20 claims) and beside the same call
made in-process.

Goals (issue 15, at 1,000,000 claims): any search < 100 ms in-process (its slowest run,
one- and two-letter searches and a word not in the index included); ``workbench --version``
< 0.15 s and ``workbench claims list --limit 20`` < 0.35 s as whole processes. Earlier goals
kept: counts < 50 ms, a filtered first page of ``claims list --json`` < 100 ms.

    python benchmarks/query_bench.py                # 1,000,000 claims (built once, ~1-2 min)
    python benchmarks/query_bench.py --claims 100000 --repeat 9
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import claimgen
import synthetic
from _timing import NOISE_NOTE, ROOT, Tail, goal_line, ratio, run_process, samples_ms, spread
from click.testing import CliRunner

from workbench import ClaimFilter, count_claims, list_claims, open_database
from workbench.cli import cli

PAGE = 50
CANDIDATES = 300  # claim-text matches the workbench ranks: the newest 300 (search.MAX_CANDIDATES)
GOAL_SIZE = 1_000_000
SEARCH_GOAL_MS = 100.0
VERSION_GOAL_S = 0.15
LIST_GOAL_S = 0.35


def compare(label: str, ours: Callable[[], list[int]], raw: Callable[[], list[int]], repeat: int,
            goal_ms: float | None, judge: str = "median", differs_because: str = "") -> None:
    """Time both (ours first, so its first run is cold), say whether they answer alike, and
    judge ``judge`` (median or max) against the goal."""
    mine, theirs = Tail.of(samples_ms(ours, repeat)), Tail.of(samples_ms(raw, repeat))
    answer, other = ours(), raw()
    judged = mine.worst if judge == "max" else mine.median
    figure = f"{mine.median:.1f} / {mine.p90:.1f} / {mine.first:.1f} / {mine.worst:.1f}"
    if answer == other:
        verdict = "same answer" + ("" if answer else " (both empty)")
    else:
        verdict = f"answer differs{f' ({differs_because})' if differs_because else ''}"
    line = goal_line(label, figure, None if goal_ms is None else f"{judge} < {goal_ms:g}", judged < (goal_ms or 0), 34)
    print(f"{line}   raw {theirs.median:.1f} ms, {ratio(mine.median, theirs.median)}, {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=GOAL_SIZE)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--process-repeat", type=int, default=5, help="runs of each whole CLI process")
    arguments = parser.parse_args()
    path = synthetic.build(arguments.claims)
    repeat = arguments.repeat
    raw = sqlite3.connect(path)
    database = open_database(str(path))
    note = "" if arguments.claims == GOAL_SIZE else f"; goals are for {GOAL_SIZE:,} claims"
    print(f"query_bench: {arguments.claims:,} claims in {path.name} (SQLite {sqlite3.sqlite_version}); "
          f"{repeat} runs each, figures in ms: median / p90 / first (cold) / max{note}")
    print(f"  {NOISE_NOTE}")

    print("\ncounts by status and by verdict (raw: GROUP BY)")

    def ours_counts() -> list[int]:
        with database.reading() as session:
            counts = count_claims(session)
        return sorted(n for n in [*counts.by_status.values(), *counts.by_verdict.values()] if n)

    def raw_counts() -> list[int]:
        rows = raw.execute("SELECT count(*) FROM claims GROUP BY status UNION ALL "
                           "SELECT count(*) FROM claims GROUP BY verdict").fetchall()
        return sorted(n for (n,) in rows)

    compare("count_claims()", ours_counts, raw_counts, repeat, 50)

    print(f"\nfull-text search, first page of {PAGE} (raw: the newest {CANDIDATES:,} matches ranked by bm25)")
    sample_text = raw.execute("SELECT text FROM claims WHERE id = ?", (max(1, arguments.claims // 3),)).fetchone()[0]
    searches = {
        "rare word (one claim)": sample_text.split("(item ")[1].rstrip(")"),
        "place (1 in 20 claims)": "Maqa",
        "common word (every claim)": "people",
        "two words": "withdrew Qamishli",
        "prefix as typed": "qami",
        "one letter": "q",
        "two letters": "qa",
        "word not in the index (typo)": "qamishlo",
        "word in no index at all": "zzyzx",
        "two words, one misspelt": "Russia withdrwa",
    }
    for label, query in searches.items():

        def ours_search(query: str = query) -> list[int]:
            with database.reading() as session:
                return [c.id for c in list_claims(session, ClaimFilter(text=query), limit=PAGE)]

        def raw_search(query: str = query) -> list[int]:
            return raw_ranked(raw, query)

        because = "the workbench corrects the typo" if "typo" in label else "ranked by the workbench's relevance"
        compare(label, ours_search, raw_search, repeat, SEARCH_GOAL_MS, judge="max", differs_because=because)

    print(f"\n`claims list --json` first page of {PAGE} (CLI in-process; raw: hand-written SQL)")
    for label, options, sql, parameters in filtered_cases(raw):
        arguments_list = ["--db", str(path), "-q", "claims", "list", *options, "--json", "--limit", str(PAGE)]

        def ours_cli(arguments_list: list[str] = arguments_list) -> list[int]:
            result = CliRunner().invoke(cli, arguments_list, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            return [row["id"] for row in json.loads(result.stdout)]

        def raw_query(sql: str = sql, parameters: tuple[object, ...] = parameters) -> list[int]:
            return [row[0] for row in raw.execute(sql, (*parameters, PAGE)).fetchall()]

        compare(label, ours_cli, raw_query, repeat, 100)
    database.dispose()
    whole_processes(path, arguments.process_repeat)


def raw_ranked(raw: sqlite3.Connection, query: str) -> list[int]:
    """The workbench's claim-text ranking in raw SQL: exact words, else the last as a prefix."""
    words = [w.lower() for w in query.split()]
    exact = " AND ".join(f'"{w}"' for w in words)
    rows = _newest_matches(raw, exact)
    if len(rows) < CANDIDATES and any(len(w) >= 3 for w in words):
        rows = _newest_matches(raw, " AND ".join(f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in words))
    return [claim_id for claim_id, _rank in sorted(rows, key=lambda row: (row[1], -row[0]))[:PAGE]]


def _newest_matches(raw: sqlite3.Connection, match: str) -> list[tuple[int, float]]:
    return raw.execute("SELECT rowid, rank FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                       (match, CANDIDATES)).fetchall()


def filtered_cases(raw: sqlite3.Connection) -> list[tuple[str, list[str], str, tuple[object, ...]]]:
    org = raw.execute("SELECT id FROM sources WHERE kind = 'organization' ORDER BY id LIMIT 1 OFFSET 2").fetchone()[0]
    busiest = raw.execute("SELECT source_id FROM attributions GROUP BY source_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    silent_id, silent_name = raw.execute(
        "SELECT s.id, s.name FROM attributions a JOIN sources s ON s.id = a.source_id JOIN claims c ON c.id = a.claim_id "
        "WHERE a.stance = 'no_statement' AND c.awaiting IS NOT NULL LIMIT 1").fetchone()
    distinct = "SELECT DISTINCT c.id FROM claims c JOIN attributions a ON a.claim_id = c.id"
    return [
        ("--status single_source", ["--status", "single_source"], "SELECT id FROM claims WHERE status = ? ORDER BY id LIMIT ?", ("single_source",)),
        ("--verdict false", ["--verdict", "false"], "SELECT id FROM claims WHERE verdict = ? ORDER BY id LIMIT ?", ("false",)),
        ("--tag russia", ["--tag", "russia"], "SELECT c.id FROM claims c JOIN claim_tags t ON t.claim_id = c.id WHERE t.tag = ? ORDER BY c.id LIMIT ?", ("russia",)),
        ("--source (busiest source)", ["--source", str(busiest)], f"{distinct} WHERE a.source_id = ? ORDER BY c.id LIMIT ?", (busiest,)),
        ("--affiliation (an organization)", ["--affiliation", str(org)], f"{distinct} JOIN sources s ON s.id = a.source_id WHERE s.id = ? OR s.affiliation_id = ? ORDER BY c.id LIMIT ?", (org, org)),
        ("--grade E", ["--grade", "E"], f"{distinct} JOIN sources s ON s.id = a.source_id WHERE s.reliability = ? ORDER BY c.id LIMIT ?", ("E",)),
        ("--awaiting (a silent party)", ["--awaiting", str(silent_id)], "SELECT id FROM claims WHERE awaiting LIKE ? ORDER BY id LIMIT ?", (f"%{silent_name} (as of%",)),
        ("--published-from/-to (a month)", ["--published-from", "2026-03-01", "--published-to", "2026-03-31"], f"{distinct} JOIN documents d ON d.id = a.document_id WHERE d.published_at >= ? AND d.published_at < ? ORDER BY c.id LIMIT ?", ("2026-03-01", "2026-04-01")),
        ("--as-of-from/-to (a week)", ["--as-of-from", "2026-02-01", "--as-of-to", "2026-02-07"], f"{distinct} WHERE a.as_of BETWEEN ? AND ? ORDER BY c.id LIMIT ?", ("2026-02-01", "2026-02-07")),
        ("--changed-from (last week)", ["--changed-from", "2026-10-25"], "SELECT id FROM claims WHERE updated_at >= ? ORDER BY id LIMIT ?", ("2026-10-25",)),
        ("--has-links", ["--has-links"], "SELECT id FROM claims c WHERE EXISTS (SELECT 1 FROM claim_links l WHERE l.from_claim_id = c.id OR l.to_claim_id = c.id) ORDER BY id LIMIT ?", ()),
        ("--sort last_change", ["--sort", "last_change"], "SELECT id FROM claims ORDER BY updated_at DESC, id DESC LIMIT ?", ()),
        ("--status contested --sort origins", ["--status", "contested", "--sort", "origins"], "SELECT id FROM claims WHERE status = ? ORDER BY origin_count, id LIMIT ?", ("contested",)),
    ]


def whole_processes(path: Path, repeat: int) -> None:
    """CLI commands as a user runs them, beside a bare ``python -c`` answering alike."""
    workbench = [sys.executable, "-m", "workbench", "--db", str(path), "-q"]
    floor = [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
             "print(c.execute(sys.argv[2]).fetchall())", str(path)]
    cases = [
        ("workbench --version", [sys.executable, "-m", "workbench", "--version"], ["SELECT sqlite_version()"],
         VERSION_GOAL_S, None),
        ("workbench claims list --limit 20", [*workbench, "claims", "list", "--limit", "20"],
         ["SELECT id, status, text FROM claims ORDER BY id LIMIT 20"], LIST_GOAL_S, ["claims", "list", "--limit", "20"]),
        ("workbench search q", [*workbench, "search", "q"],
         ["SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'q*' ORDER BY rowid DESC LIMIT 20"], None, ["search", "q"]),
        # Printed every source in one table until 2026-12-06: 9.1 s for the 5,000 at 1M claims.
        ("workbench sources list (a page of 100)", [*workbench, "sources", "list"],
         ["SELECT s.id, s.name, (SELECT count(*) FROM attributions a WHERE a.source_id = s.id) FROM sources s "
          "ORDER BY lower(s.name), s.id LIMIT 100"], None, ["sources", "list"]),
        # Every claim ranked by rapidfuzz: 25.9 s and 983 MB at 1M claims until 2026-12-06.
        ("workbench claims list --fuzzy (every claim)", [*workbench, "claims", "list", "--fuzzy", "russian forces shelled tartus",
                                                          "--limit", "20"],
         ["SELECT id, text FROM claims ORDER BY id LIMIT 20"], None, None),
        # A desk's daily file into the big database, each claim matched against the stored ones
        # (a dry run: the database is left as it was). Read every word's count until 2026-12-06.
        (f"workbench import --dry-run ({DAILY_CLAIMS} claims)", [*workbench, "import", "--dry-run", str(daily_file(path))],
         ["SELECT id, text FROM claims ORDER BY id DESC LIMIT 20"], None, None),
    ]
    print(f"\nwhole processes ({repeat} runs each; the floor: python -c with sqlite3 alone, same query)")
    for label, command, sql, goal, in_process in cases:
        runs = [run_process(command, cwd=ROOT) for _ in range(repeat)]
        floors = [run_process([*floor, *sql]).seconds for _ in range(repeat)]
        seconds = [run.seconds for run in runs]
        median = statistics.median(seconds)
        print(goal_line(label, spread(seconds), None if goal is None else f"< {goal:g} s", goal is not None and median < goal, 40)
              + f"   peak {max(r.peak_mb for r in runs):.0f} MB, floor {spread(floors)}, {ratio(median, statistics.median(floors))}")
        if in_process:
            tail = Tail.of(samples_ms(_invoker(["--db", str(path), "-q", *in_process]), repeat))
            print(goal_line("  the same, in-process (CliRunner)", f"{tail.median:.1f} ms", None, None, 40)
                  + f"   first {tail.first:.1f} ms")


DAILY_CLAIMS = 20


def daily_file(database: Path) -> Path:
    """A JSONL file of ``DAILY_CLAIMS`` new claims (``claimgen``, its own seed), each asserted by
    a source the database holds, beside the database (git-ignored)."""
    path = database.with_name(f"daily-{DAILY_CLAIMS}.jsonl")
    if not path.exists():
        source = sqlite3.connect(database).execute("SELECT key FROM sources ORDER BY id LIMIT 1").fetchone()[0]
        texts = claimgen.generate(DAILY_CLAIMS, duplicate_share=0.0, different_share=0.0, seed=11).claims
        lines = [{"format": "workbench", "version": 1}] + [
            {"type": "claim", "key": f"daily-{i}", "text": text, "attributions": [{"source": source, "stance": "asserts"}]}
            for i, text in enumerate(texts)
        ]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _invoker(arguments: list[str]) -> Callable[[], object]:
    return lambda: CliRunner().invoke(cli, arguments)


if __name__ == "__main__":
    main()
