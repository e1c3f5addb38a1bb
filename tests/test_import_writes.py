"""The import's SQLite write path: one JSON parameter per batch, written on a helper thread.

These pin down what the speed-ups must not change: values arrive exactly as the DBAPI would
have bound them, a batch too large for one statement is split, every other statement sees
the writes queued before it, and a failed background write fails the import's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from workbench.db.engine import Database
from workbench.db.opening import open_database
from workbench.importing import background as background_module
from workbench.importing.background import BackgroundWriteError, BackgroundWrites
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, import_files
from workbench.importing.rows import as_json, json_batches, sqlite_insert
from workbench.importing.tables import CLAIMS, TAGS
from workbench.review.audit import jsonable_values

HOSTILE = [
    "plain",
    'quotes " and \\ backslashes',
    "[bold]markup[/bold] \x1b[31mred\x1b[0m \x07 bell",
    "=HYPERLINK(\"http://x\")",
    "emoji 🛰️ and RTL \u202e text, Arabic القامشلي",
    "line\r\nbreaks\rand\ttabs",
    "",
]


def test_json_batches_split_large_batches_and_keep_every_row() -> None:
    rows = [(index, f"text {index} " + "x" * 50) for index in range(100)]
    batches = list(json_batches(rows, limit=1_000))
    assert len(batches) > 5
    assert all(len(batch) <= 1_000 for batch in batches)
    assert [tuple(row) for batch in batches for row in json.loads(batch)] == rows
    # A single row larger than the limit still goes, alone.
    assert list(json_batches([(1, "y" * 5_000)], limit=1_000)) == [json.dumps([[1, "y" * 5_000]], ensure_ascii=False)]


def test_values_are_stored_as_the_dbapi_would_bind_them(tmp_path: Path) -> None:
    db = tmp_path / "values.db"
    open_database(str(db)).dispose()
    connection = sqlite3.connect(db, isolation_level=None)
    names = ("id", "key", "text", "place", "event_date", "verdict", "status", "origin_count", "awaiting", "version", "created_at", "updated_at")
    statement, _converters = sqlite_insert(CLAIMS, names)
    rows = [
        (index + 1, f"k{index}", value, None, None, "unreviewed", "unsourced", 2**53 + index, None, 1, "2026-11-26 10:00:00.000000", "2026-11-26 10:00:00.000000")
        for index, value in enumerate(HOSTILE)
    ]
    connection.execute("BEGIN")
    for batch in json_batches(rows, limit=200):
        connection.execute(statement, (batch,))
    connection.execute("COMMIT")
    stored = connection.execute("SELECT id, text, typeof(text), place, origin_count, typeof(origin_count) FROM claims ORDER BY id").fetchall()
    assert stored == [(index + 1, value, "text", None, 2**53 + index, "integer") for index, value in enumerate(HOSTILE)]
    # The full-text index saw every row (its trigger fires per row inside the one statement).
    assert connection.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'markup'").fetchone() == (1,)
    connection.close()


def _claim_row(claim_id: int, key: str) -> list[object]:
    return [claim_id, key, f"claim {key}", "unreviewed", "unsourced", 0, 1, "2026-11-26 10:00:00", "2026-11-26 10:00:00"]


CLAIM_COLUMNS = ("id", "key", "text", "verdict", "status", "origin_count", "version", "created_at", "updated_at")


def test_other_statements_wait_for_the_queued_writes(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "order.db"))
    statement, _ = sqlite_insert(CLAIMS, CLAIM_COLUMNS)
    tag_statement, _ = sqlite_insert(TAGS, ("claim_id", "tag"))
    with database.writing() as session:
        connection = session.connection()
        background = BackgroundWrites(connection)
        rows = [_claim_row(index, f"c{index}") for index in range(1, 2_001)]
        background.submit(statement, [(batch,) for batch in json_batches(rows, limit=20_000)])
        background.submit(tag_statement, [(json.dumps([[1, "aid"], [2_000, "border"]]),)])
        # Read at once, on the same connection: the hook makes it wait for both writes.
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 2_000
        assert session.execute(text("SELECT count(*) FROM claim_tags")).scalar() == 2
        background.close()
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 2_000
    database.dispose()


def test_queued_writes_are_bounded_and_all_land(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader faster than SQLite waits for the oldest write rather than queue the whole file."""
    monkeypatch.setattr(background_module, "MAX_QUEUED", 3)
    database = open_database(str(tmp_path / "bounded.db"))
    statement, _ = sqlite_insert(CLAIMS, CLAIM_COLUMNS)
    with database.writing() as session:
        background = BackgroundWrites(session.connection())
        most = 0
        for index in range(1, 41):
            background.submit(statement, [(json.dumps([_claim_row(index, f"c{index}")]),)])
            most = max(most, len(background._pending))
        background.close()
        assert most == 3
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 40
    database.dispose()


def test_a_failed_write_found_while_waiting_for_room_fails_the_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(background_module, "MAX_QUEUED", 1)
    database = open_database(str(tmp_path / "failing-bounded.db"))
    statement, _ = sqlite_insert(CLAIMS, CLAIM_COLUMNS)
    with pytest.raises(BackgroundWriteError, match="UNIQUE constraint failed"), database.writing() as session:
        background = BackgroundWrites(session.connection())
        try:
            background.submit(statement, [(json.dumps([_claim_row(1, "same"), _claim_row(2, "same")]),)])
            background.submit(statement, [(json.dumps([_claim_row(3, "other")]),)])  # waits, finds the failure
        finally:
            background.close()
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 0
    database.dispose()


def test_a_failed_background_write_fails_the_transaction(tmp_path: Path) -> None:
    database: Database = open_database(str(tmp_path / "failing.db"))
    statement, _ = sqlite_insert(CLAIMS, CLAIM_COLUMNS)
    with pytest.raises(BackgroundWriteError, match=r"UNIQUE constraint failed: claims\.key"), database.writing() as session:
        background = BackgroundWrites(session.connection())
        background.submit(statement, [(json.dumps([_claim_row(1, "same"), _claim_row(2, "same")]),)])
        try:
            session.execute(text("SELECT 1")).scalar()  # the next statement reports the failure
        finally:
            background.close()
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 0
    database.dispose()


def test_review_log_values_are_stored_as_json_dumps_writes_them() -> None:
    for value in [*HOSTILE, {"key": "k", "event_date": "2026-01-27", "tags": ["a"], "attributions": [1, 2], "n": None},
                  {"nested": {"x": [1.5, 1e300, True, False]}}, [], None]:
        assert as_json(value) == json.dumps(value)
    snapshot = {"event_date": date(2026, 1, 27), "tags": ["a"]}
    assert as_json(jsonable_values(snapshot)) == json.dumps({"event_date": "2026-01-27", "tags": ["a"]})


def test_a_new_claims_event_is_logged_as_its_values_converted_for_json(tmp_path: Path) -> None:
    feed = tmp_path / "one.jsonl"
    feed.write_text(json.dumps({"type": "source", "key": "s", "name": "S", "kind": "person", "reliability": "B"}) + "\n"
                    + json.dumps({"key": "c", "text": "The bridge reopened", "place": "Raqqa", "event_date": "2026-01-27",
                                  "tags": ["Roads"], "attributions": [{"source": "s", "stance": "asserts"}]}) + "\n",
                    encoding="utf-8")
    database = open_database(str(tmp_path / "one.db"))
    try:
        import_files(database, [str(feed)], "tester", ImportOptions(matcher=ClaimMatcher()))
    finally:
        database.dispose()
    with sqlite3.connect(tmp_path / "one.db") as connection:
        (after,) = connection.execute("SELECT after FROM review_events WHERE action = 'claim_added'").fetchone()
        (attribution_id,) = connection.execute("SELECT id FROM attributions").fetchone()
    assert after == json.dumps({"key": "c", "text": "The bridge reopened", "place": "Raqqa", "event_date": "2026-01-27",
                                "verdict": "unreviewed", "kind": "event", "tags": ["roads"], "attributions": [attribution_id]})
