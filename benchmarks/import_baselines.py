"""The two baselines ``import_bench`` measures ``workbench import`` against, each run in its own process.

Both read the same JSONL file and write the rows the workbench writes for it (sources,
documents, claims, tags, attributions with the same derived keys, one review event per
created record, logged as the workbench logs it: ``differences`` checks the rows) into a
database made by the workbench's own migrations, in one transaction, with the workbench's
connection settings (WAL, ``synchronous=NORMAL``, foreign keys on) and an 8 MiB page cache
(the workbench's import takes 6 MiB; the larger cache can only help the baselines). Neither
validates, matches or computes a status.

- ``fair``: the same tables with every index and full-text trigger in place, written a few
  multi-row statements per table per batch of 1,000 records (``INSERT ... SELECT ... FROM
  (VALUES ...)``, 1,024 rows a statement, the last padded: as the workbench writes), so SQLite
  flushes the full-text index once per statement, not per row. The values every row of a
  table shares (the import's time, a new claim's version, the review log's reviewer and
  reason) are bound once a statement, as the workbench binds them. Until 2026-12 both bound a
  batch as one JSON parameter (``json_each``); SQLite re-read each row's JSON once per
  column, and this baseline took 9.1-9.3 s at 100k claims against 6.9-7.1 s as now (2 runs
  each, 2026-12-05).
- ``limit``: the physical limit. Triggers and secondary indexes are dropped, rows go into bare
  tables with the same batch statements, then every index, the full-text indexes and the
  counts are built once at the end, and the triggers restored. Not plain ``executemany``: in
  one large transaction with an 8 MiB cache, row-by-row inserts into the random-keyed unique
  indexes spilled the cache so often that attributions alone took 19 s at 100k claims, 9x
  the batch statements' 2.1 s, and the "limit" was slower than the fair baseline.

    python benchmarks/import_baselines.py fair|limit DB FILE
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime

BATCH = 1_000  # records per batch: the workbench's CLAIMS_PER_BATCH
ROWS_PER_STATEMENT = 1_024  # the workbench's rows.ROWS_PER_STATEMENT
COLUMNS = {
    "sources": ("id", "key", "name", "kind", "affiliation_id", "reliability", "created_at", "updated_at"),
    "documents": ("id", "key", "title", "outlet_id", "published_at", "published_precision", "created_at", "updated_at"),
    "claims": ("id", "key", "text", "place", "verdict", "status", "origin_count"),
    "claim_tags": ("claim_id", "tag"),
    "attributions": ("id", "key", "claim_id", "source_id", "document_id", "stance", "mode", "quote", "credibility",
                     "as_of"),
    "review_events": ("id", "entity_type", "entity_id", "claim_id", "action", "after"),
}
# Columns with one value for every row of a table, bound once a statement (``SELECT column2,
# ..., ?, ? FROM (VALUES ...)``), as the workbench binds them (``rows.RowWriter.insert``).
SHARED = {
    "claims": ("version", "created_at", "updated_at"),
    "attributions": ("created_at", "updated_at", "anchor_difference"),
    "review_events": ("at", "reviewer", "reason", "before", "origin_session"),
}
FTS_TABLES = ("claims_fts", "attributions_fts", "sources_fts", "source_aliases_fts")
# Where the import ran (host, terminal, process), which the workbench stamps on each review event.
ORIGIN_SESSION = f"{socket.gethostname()[:100]}:no-terminal:{os.getpid()}"


def batches(path: str, now: str) -> Iterator[dict[str, list[tuple[object, ...]]]]:
    """The file's rows, table by table, ``BATCH`` records at a time (without the ``SHARED`` columns)."""
    ids = dict.fromkeys(("sources", "documents", "claims", "attributions", "review_events"), 0)
    source_ids: dict[str, int] = {}
    document_ids: dict[str, int] = {}
    rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in COLUMNS}
    records = 0

    def event(entity: str, entity_id: int, claim_id: int | None, after: dict[str, object]) -> None:
        ids["review_events"] += 1
        rows["review_events"].append((ids["review_events"], entity, entity_id, claim_id, f"{entity}_added",
                                      json.dumps(after)))

    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "format" in record:
                continue
            kind = record.get("type", "claim")
            if kind == "source":
                ids["sources"] += 1
                source_ids[record["key"]] = ids["sources"]
                values = (record["key"], record["name"], record["kind"], source_ids.get(record.get("affiliation")),
                          record["reliability"])
                rows["sources"].append((ids["sources"], *values, now, now))
                event("source", ids["sources"], None, {"name": record["name"], "kind": record["kind"],
                                                       "role": record.get("role"), "reliability": record["reliability"],
                                                       "aliases": list(dict.fromkeys(record.get("aliases", ())))})
            elif kind == "document":
                ids["documents"] += 1
                document_ids[record["key"]] = ids["documents"]
                published = datetime.fromisoformat(record["published_at"])  # a date: the generator writes no time
                document = (record["key"], record["title"], source_ids[record["outlet"]], published.isoformat(" ", "microseconds"), "date")
                rows["documents"].append((ids["documents"], *document, now, now))
                event("document", ids["documents"], None, {"title": record["title"], "outlet_id": document[2],
                                                           "byline": None, "place": None, "published_at": published.isoformat(),
                                                           "published_precision": "date", "url": None, "content_hash": None})
            else:
                ids["claims"] += 1
                claim_id = ids["claims"]
                tags = sorted(set(record.get("tags", ())))
                rows["claims"].append((claim_id, record["key"], record["text"], record.get("place"), "unreviewed",
                                       "unsourced", 0))
                rows["claim_tags"].extend((claim_id, tag) for tag in tags)
                attribution_ids = []
                for a in record.get("attributions", ()):
                    ids["attributions"] += 1
                    attribution_ids.append(ids["attributions"])
                    rows["attributions"].append((
                        ids["attributions"], derived_key(record["key"], a), claim_id, source_ids[a["source"]],
                        document_ids.get(a.get("document")), a["stance"], a.get("mode", "paraphrase"), a.get("quote"),
                        6, a.get("as_of"),
                    ))
                event("claim", claim_id, claim_id, {"key": record["key"], "text": record["text"],
                                                    "place": record.get("place"), "event_date": None,
                                                    "verdict": "unreviewed", "kind": "event", "tags": tags,
                                                    "attributions": attribution_ids})
            records += 1
            if records % BATCH == 0:
                yield rows
                rows = {table: [] for table in COLUMNS}
    yield rows


def derived_key(claim_key: str, attribution: dict[str, str]) -> str:
    """The key the workbench derives for an attribution given without one."""
    parts = [claim_key, attribution["source"], attribution.get("document") or "", attribution["stance"],
             attribution.get("quote") or ""]
    return "attr-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def connect(db: str) -> sqlite3.Connection:
    connection = sqlite3.connect(db, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL", "cache_size=-8192"):
        connection.execute(f"PRAGMA {pragma}")
    # sqlite3 binds None fastest through a registered adapter (360 ns a value without one,
    # 130 with); the workbench does the same (``rows._bind_none_quickly``).
    sqlite3.register_adapter(type(None), {}.get)
    return connection


def batch_statement(table: str, rows_per_statement: int) -> str:
    """A multi-row INSERT into ``table``: its ``SHARED`` values, then each row a marker and its
    values, ``rows_per_statement`` rows (the last statement of a batch padded with zeros, which
    the WHERE drops)."""
    columns, shared = COLUMNS[table], SHARED.get(table, ())
    row = "(" + ", ".join("?" * (len(columns) + 1)) + ")"
    picks = ", ".join([*(f"column{index + 2}" for index in range(len(columns))), *("?" * len(shared))])
    return (f"INSERT INTO {table} ({', '.join((*columns, *shared))}) SELECT {picks} "
            f"FROM (VALUES {', '.join([row] * rows_per_statement)}) WHERE column1")


def write_batches(connection: sqlite3.Connection, path: str) -> None:
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    shared_values: dict[str, list[object]] = {
        "claims": [1, now, now], "attributions": [now, now, "null"],
        "review_events": [now, "bench", f"import from {path}", "null", ORIGIN_SESSION],
    }
    limit = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per_statement = {table: max(1, min(ROWS_PER_STATEMENT, (limit - len(SHARED.get(table, ()))) // (len(columns) + 1)))
                     for table, columns in COLUMNS.items()}
    statements = {table: batch_statement(table, rows) for table, rows in per_statement.items()}
    for rows in batches(path, now):
        for table, values in rows.items():
            size, width = per_statement[table], len(COLUMNS[table]) + 1
            shared = shared_values.get(table, [])
            for start in range(0, len(values), size):
                flat: list[object] = list(shared)
                for row in values[start : start + size]:
                    flat.append(1)
                    flat.extend(row)
                flat.extend([0] * (size * width + len(shared) - len(flat)))
                connection.execute(statements[table], flat)


def fair_load(db: str, path: str) -> None:
    connection = connect(db)
    connection.execute("BEGIN IMMEDIATE")
    write_batches(connection, path)
    connection.execute("COMMIT")
    connection.close()


def limit_load(db: str, path: str) -> None:
    connection = connect(db)
    connection.execute("BEGIN IMMEDIATE")
    rebuilt = connection.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') AND sql IS NOT NULL"
    ).fetchall()
    for kind, name, _sql in rebuilt:
        connection.execute(f'DROP {kind.upper()} "{name}"')
    write_batches(connection, path)
    for _kind, _name, sql in sorted(rebuilt, key=lambda item: item[0] == "trigger"):  # indexes first
        connection.execute(sql)
    for fts in FTS_TABLES:
        connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    connection.execute("DELETE FROM claim_counts")
    connection.execute("INSERT INTO claim_counts (status, verdict, n) "
                       "SELECT status, verdict, count(*) FROM claims GROUP BY status, verdict")
    connection.execute("COMMIT")
    connection.close()


# What the baselines are not asked to write the workbench's way: when (time stamps), where
# (the process's origin), and the statuses, which they do not compute (nor the counts by status).
NOT_COMPARED = {"created_at", "updated_at", "at", "origin_session", "status", "origin_count", "awaiting"}


def differences(ours: str, theirs: str) -> list[str]:
    """How the rows of database ``theirs`` differ from those of ``ours``, table by table and
    in rowid order (the columns of ``NOT_COMPARED`` and the full-text tables aside): empty when
    a baseline wrote the rows the workbench did.

    Why it is checked: until 2026-12-07 the fair baseline logged shorter review events than the
    workbench (no claim's verdict, kind or date, no document's empty fields) and wrote no
    document's date precision: at 100k claims its review events took 34.6 MB against the
    workbench's 44.3 MB, less work than the workbench's."""
    found: list[str] = []
    with closing(_read_only(ours)) as a, closing(_read_only(theirs)) as b:
        tables = [name for (name,) in a.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' "
            "AND name NOT IN ('alembic_version', 'claim_counts') ORDER BY name")]
        for table in tables:
            columns = [row[1] for row in a.execute(f'PRAGMA table_info("{table}")') if row[1] not in NOT_COMPARED]
            listed = ", ".join(f'"{column}"' for column in columns)
            query = f'SELECT {listed} FROM "{table}" ORDER BY rowid'
            difference = _first_difference(a.execute(query), b.execute(query), columns)
            if difference is not None:
                found.append(f"{table}: {difference}")
    return found


def _read_only(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _first_difference(mine: sqlite3.Cursor, other: sqlite3.Cursor, columns: list[str]) -> str | None:
    number = 0
    while True:
        chunk, their_chunk = mine.fetchmany(4096), other.fetchmany(4096)
        for row, their_row in zip(chunk, their_chunk, strict=False):
            number += 1
            if row != their_row:
                at = next(index for index, (value, theirs) in enumerate(zip(row, their_row, strict=True)) if value != theirs)
                return f"row {number}, {columns[at]}: {row[at]!r:.60} against {their_row[at]!r:.60}"
        if len(chunk) != len(their_chunk):
            return f"another number of rows (from row {number + 1})"
        if not chunk:
            return None


if __name__ == "__main__":
    which, database, file = sys.argv[1:4]
    {"fair": fair_load, "limit": limit_load}[which](database, file)
