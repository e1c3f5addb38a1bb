"""The bulk import path (``importing.bulk``): same database as the normal path, all or nothing.

Each test imports real files into real SQLite files twice, once with the full-text triggers
and secondary indexes in place (the normal path) and once with them dropped and rebuilt at
the end (the bulk path), and compares everything a user or a later import can see.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from support import SAMPLE_FILE

from workbench.db.engine import Database
from workbench.db.models import Claim
from workbench.db.opening import open_database
from workbench.errors import WorkbenchError
from workbench.importing import bulk
from workbench.importing.background import BackgroundWrites
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, import_file
from workbench.importing.writing import FileWriter
from workbench.matching.search import match_claim_ids

FTS = ("claims_fts", "attributions_fts", "sources_fts", "source_aliases_fts")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
WORDS = ["dam", "shelling", "convoy", "ceasefire", "hospital", "airport", "border", "drones"]


def feed(path: Path, claims: int, *, start: int = 0, bad_at: int | None = None) -> Path:
    """A JSONL feed with sources (one with aliases and an affiliation), documents, quotes,
    tags, exact and reworded repeats (merged or linked by matching), and links."""
    records: list[dict[str, Any]] = [
        {"type": "source", "key": "src-a", "name": "Agency Alpha", "kind": "media_outlet", "reliability": "B",
         "aliases": ["AA", "Alpha wire"]},
        {"type": "source", "key": "src-b", "name": "Bureau Beta", "kind": "organization", "reliability": "C",
         "affiliation": "src-a"},
        {"type": "source", "key": "src-c", "name": "Gamma ministry", "kind": "government_body", "reliability": "D"},
        {"type": "document", "key": "doc-1", "title": "Daily report", "outlet": "src-a", "published_at": "2026-11-02"},
    ]
    for i in range(start, start + claims):
        word, other = WORDS[i % len(WORDS)], WORDS[(i * 3 + 1) % len(WORDS)]
        text = f"Report {i // 3}: the {word} near {other} was hit on day {i // 3} by {i // 3 + 2} rounds"
        if i % 7 == 5:
            text = f"On day {i // 3}, the {word} near {other} was hit by {i // 3 + 2} rounds, report {i // 3} says"
        attributions: list[dict[str, Any]] = [{"source": "src-a", "stance": "asserts"}]
        if i % 2:
            attributions.append({"source": "src-b", "stance": "denies" if i % 5 == 0 else "asserts",
                                 "document": "doc-1", "quote": f"the {word} was hit", "mode": "direct_quote"})
        if i % 11 == 0:
            attributions.append({"source": "src-c" if bad_at != i else "src-missing", "stance": "no_statement",
                                 "as_of": "2026-11-03"})
        records.append({"key": f"claim-{i}", "text": text, "place": other, "attributions": attributions,
                        "tags": [word] if i % 4 else []})
    if claims > 10:
        records.append({"type": "link", "from": f"claim-{start + 1}", "to": f"claim-{start + 9}", "relation": "contradicts"})
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    return path


def snapshot(db: Path, *, exact: bool = False) -> dict[str, Any]:
    """Every row of every table, the schema's objects, and every full-text index's answers.

    ``exact``: byte for byte, the full-text indexes' own tables included (for "as before").
    Otherwise timestamps are blanked (two imports run at different times) and the full-text
    indexes are compared by what they answer (term, document, occurrences), since a rebuild
    lays out its segments differently from batch-by-batch inserts.
    """
    with sqlite3.connect(db) as connection:
        objects = sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall(), key=repr)
        tables = [name for kind, name, _t, _sql in objects if kind == "table"]
        shadow = tuple(f"{fts}_" for fts in FTS)
        # Two fresh databases' CREATE TABLE texts may list constraints in different orders (the
        # migrations' batch copies): tables are compared by name, the rest by their SQL.
        found: dict[str, Any] = {"schema": objects if exact else [(k, n, t, sql if k != "table" else "") for k, n, t, sql in objects]}
        for table in tables:
            if not exact and table.startswith(shadow):
                continue
            rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            if not exact:
                rows = [tuple(TIMESTAMP.sub("T", v) if isinstance(v, str) else v for v in row) for row in rows]
            found[table] = sorted(rows, key=repr)
        for fts in FTS:
            connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            connection.execute(f"CREATE VIRTUAL TABLE temp.{fts}_v USING fts5vocab(main, {fts}, instance)")
            found[f"{fts} answers"] = connection.execute(f"SELECT term, doc, col, offset FROM temp.{fts}_v ORDER BY 1, 2, 4").fetchall()
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return found


def run_import(db: Path, path: Path, *, bulk_path: bool, matching: bool = True) -> None:
    database: Database = open_database(str(db))
    try:
        with database.writing() as session:
            import_file(session, path, "tester", ImportOptions(bulk=bulk_path, matcher=None if matching else ClaimMatcher()))
    finally:
        database.dispose()


@pytest.mark.parametrize("matching", [True, False], ids=["matching", "no-match"])
def test_the_bulk_path_gives_the_normal_paths_database(tmp_path: Path, matching: bool) -> None:
    """Into an empty database, and then a second file into the small one it made: the sample
    data (aliases, quotes, documents, links) and a feed with merges, suggested duplicates,
    tags, affiliations and a link, so statuses, counts and review events all vary. The bulk
    path builds the attributions' secondary indexes at the end."""
    first = feed(tmp_path / "feed.jsonl", 120)
    second = feed(tmp_path / "more.jsonl", 60, start=100)  # overlaps: updates and merges
    results = []
    for bulk_path in (False, True):
        db = tmp_path / f"{'bulk' if bulk_path else 'normal'}.db"
        run_import(db, SAMPLE_FILE, bulk_path=bulk_path, matching=matching)
        run_import(db, first, bulk_path=bulk_path, matching=matching)
        run_import(db, second, bulk_path=bulk_path, matching=matching)
        results.append(snapshot(db))
    normal, bulky = results
    assert normal["claims"] and normal["review_events"] and normal["claim_links"] and normal["source_aliases"]
    assert {row[4] for row in normal["claims"]} != {None}
    assert normal.keys() == bulky.keys()
    for key in normal:
        assert bulky[key] == normal[key], key


@pytest.mark.parametrize("matching", [True, False], ids=["matching", "no-match"])
def test_a_failure_in_the_middle_leaves_the_database_exactly_as_before(tmp_path: Path, matching: bool) -> None:
    db = tmp_path / "workbench.db"
    run_import(db, feed(tmp_path / "first.jsonl", 30), bulk_path=False)
    before = snapshot(db, exact=True)
    bad = feed(tmp_path / "bad.jsonl", 200, start=30, bad_at=187)  # a source key that names nothing, late on
    with pytest.raises(WorkbenchError):
        run_import(db, bad, bulk_path=True, matching=matching)
    assert snapshot(db, exact=True) == before
    # ... and the triggers and indexes work: an import after it is the same as without the failure.
    good = feed(tmp_path / "good.jsonl", 40, start=30)
    run_import(db, good, bulk_path=False)
    clean = tmp_path / "clean.db"
    run_import(clean, feed(tmp_path / "first.jsonl", 30), bulk_path=False)
    run_import(clean, good, bulk_path=False)
    assert snapshot(db) == snapshot(clean)


@pytest.mark.parametrize("matching", [True, False], ids=["matching", "no-match"])
def test_search_finds_claims_quotes_and_sources_after_a_bulk_import(tmp_path: Path, matching: bool) -> None:
    db = tmp_path / "workbench.db"
    run_import(db, feed(tmp_path / "feed.jsonl", 50), bulk_path=True, matching=matching)
    database = open_database(str(db))
    try:
        with database.reading() as session:
            by_text = session.scalars(select(Claim.id).where(Claim.text.like("%convoy%"))).all()
            assert by_text and sorted(match_claim_ids(session, "convoy", typo_tolerant=False)) == sorted(by_text)
            assert match_claim_ids(session, "Alpha wire", typo_tolerant=False)  # a source alias
            assert match_claim_ids(session, "ministry", typo_tolerant=False)  # a source name
    finally:
        database.dispose()


def test_only_a_large_file_into_an_empty_or_small_sqlite_database_takes_the_bulk_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BULK_MIN_CLAIMS", 40)
    db = tmp_path / "workbench.db"
    run_import(db, feed(tmp_path / "few.jsonl", 20), bulk_path=False)
    database = open_database(str(db))
    try:
        with database.reading() as session:
            connection = session.connection()
            assert session.scalar(select(func.count()).select_from(Claim)) == 20
            assert not bulk.wants_bulk(connection, 39)  # too few to pay for a rebuild
            assert not bulk.wants_bulk(connection, 79)  # stored claims over a quarter of the file
            assert bulk.wants_bulk(connection, 80)
    finally:
        database.dispose()


@pytest.mark.parametrize("matching", [True, False], ids=["matching", "no-match"])
def test_an_automatic_bulk_import_restores_every_trigger_and_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, matching: bool
) -> None:
    """An import keeps the full-text triggers and the in-order indexes (the writer thread
    updates them while this one reads and matches), with or without matching; it drops the
    attributions' four secondary indexes and builds them at the end."""
    monkeypatch.setattr(bulk, "BULK_MIN_CLAIMS", 40)
    dropped: list[int] = []
    drop = bulk.DeferredIndexes.drop

    def counting_drop(self: bulk.DeferredIndexes) -> None:
        drop(self)
        dropped.append(len(self._saved))

    monkeypatch.setattr(bulk.DeferredIndexes, "drop", counting_drop)
    path = feed(tmp_path / "feed.jsonl", 60)
    db, normal = tmp_path / "auto.db", tmp_path / "normal.db"
    run_import(normal, path, bulk_path=False, matching=matching)
    database = open_database(str(db))
    try:
        with database.writing() as session:
            # bulk: None, decided by the sizes
            import_file(session, path, "tester", ImportOptions(matcher=None if matching else ClaimMatcher()))
            connection = session.connection()
            marks = ", ".join("?" * len(bulk.DEFERRED_INDEXES))
            indexes = connection.exec_driver_sql(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ({marks})", bulk.DEFERRED_INDEXES
            ).scalar_one()
            assert indexes == 4  # put back before the commit, inside the transaction
    finally:
        database.dispose()
    assert dropped == [4] and len(set(bulk.DEFERRED_INDEXES)) == 4
    assert snapshot(db) == snapshot(normal)


def test_asking_for_the_bulk_path_on_any_backend_imports_a_searchable_file(database: Database, tmp_path: Path) -> None:
    """PostgreSQL has no bulk path: asked for one, it imports the normal way."""
    path = feed(tmp_path / "feed.jsonl", 30)
    with database.writing() as session:
        summary = import_file(session, path, "tester", ImportOptions(bulk=True))
        assert not bulk.wants_bulk(session.connection(), 10**6) or database.is_sqlite
    assert summary.claims.created + summary.matched == 30
    with database.reading() as session:
        assert match_claim_ids(session, "convoy", typo_tolerant=False)


def test_the_page_cache_is_put_back_only_after_the_queued_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The import sets its page cache on the raw connection, which does not wait for the helper
    thread's writes by itself: run beside one of them, the statement hung a million-claim import."""
    original_run = BackgroundWrites._run

    def slow_run(self: BackgroundWrites, statement: str, parameters: list[Sequence[Any]]) -> None:
        time.sleep(0.02)  # a writer well behind, as on a large file
        original_run(self, statement, parameters)

    traced: list[str] = []
    original_grow = FileWriter._grow_sqlite_cache

    def traced_grow(self: FileWriter) -> Callable[[], None]:
        raw = self.context.connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.set_trace_callback(lambda statement: traced.append(statement[:40]))
        return original_grow(self)

    monkeypatch.setattr(BackgroundWrites, "_run", slow_run)
    monkeypatch.setattr(FileWriter, "_grow_sqlite_cache", traced_grow)
    run_import(tmp_path / "slow.db", feed(tmp_path / "feed.jsonl", bulk.BULK_MIN_CLAIMS + 500), bulk_path=True)
    # The claims' and links' inserts are queued before the cache is put back (the review log's
    # last events go after it).
    inserts = [index for index, statement in enumerate(traced) if statement.startswith(('INSERT INTO "claims"', 'INSERT INTO "claim_links"'))]
    cache_restored = [index for index, statement in enumerate(traced) if statement.startswith("PRAGMA cache_size=")][1]
    assert any(traced[index].startswith('INSERT INTO "claim_links"') for index in inserts)
    assert max(inserts) < cache_restored
