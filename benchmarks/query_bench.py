"""Query speed at scale: counts, full-text search, filtered first pages of `claims list --json`.

Each figure is the median of repeated runs, printed beside the same question asked in
hand-written raw SQL on the same file in the same run, as a ratio (ours / raw).
Goals at 1,000,000 claims: counts under 50 ms, a full-text first page under 50 ms, any
filtered first page of `claims list --json` under 100 ms end to end inside the process.

    python benchmarks/query_bench.py                # 1,000,000 claims (built once, ~1-2 min)
    python benchmarks/query_bench.py --claims 100000
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import header, median_ms, row
from click.testing import CliRunner

from workbench import ClaimFilter, count_claims, list_claims, open_database
from workbench.cli import cli

PAGE = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    path = synthetic.build(arguments.claims)
    repeat = arguments.repeat
    raw = sqlite3.connect(path)
    database = open_database(str(path))
    print(f"query_bench: {arguments.claims:,} claims in {path.name} (SQLite {sqlite3.sqlite_version}); medians of {repeat} runs")

    # -- counts -------------------------------------------------------------------------------
    print(header("Counts by status and by verdict", baseline="raw GROUP BY"))

    def ours_counts() -> object:
        with database.reading() as session:
            return count_claims(session)

    def raw_counts() -> object:
        return (
            raw.execute("SELECT status, count(*) FROM claims GROUP BY status").fetchall(),
            raw.execute("SELECT verdict, count(*) FROM claims GROUP BY verdict").fetchall(),
        )

    print(row("count_claims()", median_ms(ours_counts, repeat), median_ms(raw_counts, repeat), goal_ms=50))

    # -- full-text search -----------------------------------------------------------------------
    print(header("Full-text search, first page of 50", baseline="raw bm25"))
    sample_text = raw.execute("SELECT text FROM claims WHERE id = ?", (max(1, arguments.claims // 3),)).fetchone()[0]
    rare_number = sample_text.split("(item ")[1].rstrip(")")
    queries = {
        "rare word (one claim)": rare_number,
        "place (1 in 20 claims)": "Maqa",
        "common word (every claim)": "people",
        "two words": "withdrew Qamishli",
        "prefix as typed": "qami",
    }
    for label, query in queries.items():

        def ours_search(query: str = query) -> object:
            with database.reading() as session:
                return list_claims(session, ClaimFilter(text=query), limit=PAGE)

        fts = " ".join(f'"{w}"' for w in query.lower().split()) + ("*" if label.startswith("prefix") else "")

        def raw_search(fts: str = fts) -> object:
            return raw.execute(
                "SELECT c.id, c.text, c.status FROM claims_fts f JOIN claims c ON c.id = f.rowid "
                "WHERE claims_fts MATCH ? ORDER BY rank LIMIT ?",
                (fts, PAGE),
            ).fetchall()

        print(row(label, median_ms(ours_search, repeat), median_ms(raw_search, repeat), goal_ms=50))

    def like_search() -> object:
        return raw.execute("SELECT id, text FROM claims WHERE text LIKE ? LIMIT ?", ("%Maqa%", PAGE)).fetchall()

    def ours_maqa() -> object:
        with database.reading() as session:
            return list_claims(session, ClaimFilter(text="Maqa"), limit=PAGE)

    print(row("place, against LIKE '%Maqa%'", median_ms(ours_maqa, repeat), median_ms(like_search, repeat), goal_ms=50))

    # -- filtered first pages through the CLI -----------------------------------------------------
    print(header("`claims list --json` first page (CLI in-process)", baseline="raw SQL"))
    org = raw.execute("SELECT id, name FROM sources WHERE kind = 'organization' ORDER BY id LIMIT 1 OFFSET 2").fetchone()
    person = raw.execute(
        "SELECT s.id, s.name FROM sources s JOIN attributions a ON a.source_id = s.id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    silent = raw.execute(
        "SELECT s.id, s.name FROM attributions a JOIN sources s ON s.id = a.source_id JOIN claims c ON c.id = a.claim_id "
        "WHERE a.stance = 'no_statement' AND c.awaiting IS NOT NULL LIMIT 1"
    ).fetchone()
    columns = "c.id, c.key, c.text, c.status, c.verdict, c.origin_count, c.awaiting, c.place, c.event_date, c.version, c.updated_at"
    cases = [
        ("--status single_source", ["--status", "single_source"], f"SELECT {columns} FROM claims c WHERE c.status = ? ORDER BY c.id LIMIT ?", ("single_source",)),
        ("--verdict false", ["--verdict", "false"], f"SELECT {columns} FROM claims c WHERE c.verdict = ? ORDER BY c.id LIMIT ?", ("false",)),
        ("--tag russia", ["--tag", "russia"], f"SELECT {columns} FROM claims c JOIN claim_tags t ON t.claim_id = c.id WHERE t.tag = ? ORDER BY c.id LIMIT ?", ("russia",)),
        ("--source (busiest source)", ["--source", str(person[0])], f"SELECT DISTINCT {columns} FROM claims c JOIN attributions a ON a.claim_id = c.id WHERE a.source_id = ? ORDER BY c.id LIMIT ?", (person[0],)),
        ("--affiliation (an organization)", ["--affiliation", str(org[0])], f"SELECT DISTINCT {columns} FROM claims c JOIN attributions a ON a.claim_id = c.id JOIN sources s ON s.id = a.source_id WHERE s.id = ? OR s.affiliation_id = ? ORDER BY c.id LIMIT ?", (org[0], org[0])),
        ("--grade E", ["--grade", "E"], f"SELECT DISTINCT {columns} FROM claims c JOIN attributions a ON a.claim_id = c.id JOIN sources s ON s.id = a.source_id WHERE s.reliability = ? ORDER BY c.id LIMIT ?", ("E",)),
        ("--awaiting (a silent party)", ["--awaiting", str(silent[0])], f"SELECT {columns} FROM claims c WHERE c.awaiting LIKE ? ORDER BY c.id LIMIT ?", (f"%{silent[1]} (as of%",)),
        ("--published-from/--published-to (a month)", ["--published-from", "2026-03-01", "--published-to", "2026-03-31"], f"SELECT DISTINCT {columns} FROM claims c JOIN attributions a ON a.claim_id = c.id JOIN documents d ON d.id = a.document_id WHERE d.published_at >= ? AND d.published_at < ? ORDER BY c.id LIMIT ?", ("2026-03-01", "2026-04-01")),
        ("--as-of-from/--as-of-to (a week)", ["--as-of-from", "2026-02-01", "--as-of-to", "2026-02-07"], f"SELECT DISTINCT {columns} FROM claims c JOIN attributions a ON a.claim_id = c.id WHERE a.as_of BETWEEN ? AND ? ORDER BY c.id LIMIT ?", ("2026-02-01", "2026-02-07")),
        ("--changed-from (last week)", ["--changed-from", "2026-10-25"], f"SELECT {columns} FROM claims c WHERE c.updated_at >= ? ORDER BY c.id LIMIT ?", ("2026-10-25",)),
        ("--has-links", ["--has-links"], f"SELECT {columns} FROM claims c WHERE EXISTS (SELECT 1 FROM claim_links l WHERE l.from_claim_id = c.id OR l.to_claim_id = c.id) ORDER BY c.id LIMIT ?", ()),
        ("--sort last_change", ["--sort", "last_change"], f"SELECT {columns} FROM claims c ORDER BY c.updated_at DESC, c.id DESC LIMIT ?", ()),
        ("--status contested --sort origins", ["--status", "contested", "--sort", "origins"], f"SELECT {columns} FROM claims c WHERE c.status = ? ORDER BY c.origin_count, c.id LIMIT ?", ("contested",)),
        ("--text Maqa --status corroborated", ["--text", "Maqa", "--status", "corroborated"], f"SELECT {columns} FROM claims c WHERE c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?) AND c.status = ? ORDER BY c.id LIMIT ?", ('"maqa"', "corroborated")),
    ]
    runner = CliRunner()
    worst = 0.0
    for label, options, sql, parameters in cases:
        arguments_list = ["--db", str(path), "-q", "claims", "list", *options, "--json", "--limit", str(PAGE)]

        def ours_cli(arguments_list: list[str] = arguments_list) -> object:
            result = runner.invoke(cli, arguments_list, catch_exceptions=False)
            assert result.exit_code == 0, result.output
            return json.loads(result.stdout)

        def raw_query(sql: str = sql, parameters: tuple = parameters) -> object:
            cursor = raw.execute(sql, (*parameters, PAGE))
            names = [d[0] for d in cursor.description]
            return json.dumps([dict(zip(names, r, strict=False)) for r in cursor.fetchall()], default=str)

        ours = median_ms(ours_cli, repeat)
        worst = max(worst, ours)
        print(row(label, ours, median_ms(raw_query, repeat), goal_ms=100))
    print(f"\nslowest filtered first page: {worst:.1f} ms (goal 100 ms)")
    database.dispose()


if __name__ == "__main__":
    main()
