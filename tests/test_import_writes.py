"""The import's SQLite write path: a few multi-row statements per batch, written on a helper thread.

These pin down what the speed-ups must not change: values arrive exactly as the DBAPI would
have bound them, every row of a batch lands once (the padding of the last statement never
does), a statement never binds more values than SQLite allows, every other statement sees
the writes queued before it, and a failed background write fails the import's transaction.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Table, event, text

from workbench.db.engine import Database
from workbench.db.opening import open_database
from workbench.importing import background as background_module
from workbench.importing import rows as rows_module
from workbench.importing.background import BackgroundWriteError, BackgroundWrites
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, import_files
from workbench.importing.rows import RowWriter, as_json, sqlite_insert
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS, EVENTS, TAGS
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


def _bound_rows(statements: list[tuple[str, list[object]]], width: int) -> tuple[list[tuple[object, ...]], list[list[object]]]:
    """The rows a batch's statements insert (marker 1) and their padding rows (marker 0)."""
    rows: list[tuple[object, ...]] = []
    padding: list[list[object]] = []
    for statement, flat in statements:
        assert statement.count("?") == len(flat)
        for start in range(0, len(flat), width + 1):
            row = flat[start : start + width + 1]
            if row[0] == 1:
                rows.append(tuple(row[1:]))
            else:
                padding.append(row)
    return rows, padding


def test_a_batch_is_cut_into_full_statements_and_one_padded_to_a_power_of_two() -> None:
    insert = sqlite_insert(TAGS, ("claim_id", "tag"), variable_limit=3 * 64)  # 3 values a row: 64 rows
    assert insert.most_rows == 64
    for count, sizes in ((1, [16]), (16, [16]), (17, [32]), (63, [64]), (64, [64]), (65, [64, 16]), (200, [64, 64, 64, 16])):
        rows = [(index, f"t{index}") for index in range(count)]
        statements = insert.statements(rows)
        assert [len(flat) // 3 for _statement, flat in statements] == sizes
        bound, padding = _bound_rows(statements, 2)
        assert bound == rows
        assert all(row == [0, 0, 0] for row in padding)
        assert len({statement for statement, _flat in statements if statement.count("?") == 64 * 3}) <= 1
    assert insert.statements([]) == []


def test_a_statement_binds_no_more_values_than_sqlite_allows() -> None:
    names = tuple(column.name for column in ATTRIBUTIONS.columns)
    rows = [tuple(range(len(names)))] * 3_000
    for limit in (999, 32_766, 250_000):
        insert = sqlite_insert(ATTRIBUTIONS, names, variable_limit=limit)
        statements = insert.statements(rows)
        assert all(statement.count("?") == len(flat) <= limit for statement, flat in statements)
        assert _bound_rows(statements, len(names))[0] == rows
    assert sqlite_insert(ATTRIBUTIONS, names, variable_limit=10).most_rows == 1  # a row a statement at least


def test_rows_land_once_on_a_connection_that_allows_few_values(tmp_path: Path) -> None:
    """SQLite builds before 3.32 allow 999 values a statement: the writer reads the limit."""
    database = open_database(str(tmp_path / "limit.db"))
    with database.writing() as session:
        connection = session.connection()
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        writer = RowWriter(connection)
        now = datetime(2026, 12, 5, 9, 30)
        rows = [dict(zip(CLAIM_COLUMNS, [*_claim_row(index, f"c{index}")[:-2], now, now], strict=True)) for index in range(1, 251)]
        writer.insert(CLAIMS, rows)
        stored = session.execute(text("SELECT id, key FROM claims ORDER BY id")).all()
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    assert [tuple(row) for row in stored] == [(index, f"c{index}") for index in range(1, 251)]
    database.dispose()


def test_short_statements_insert_every_row_in_statements_of_at_most_256_rows(tmp_path: Path) -> None:
    """While an import writes its sources and documents, statements are a quarter the size
    (they stay in the statement cache, unused, for the rest of the import); after, as before."""
    database = open_database(str(tmp_path / "short.db"))
    with database.writing() as session:
        connection = session.connection()
        writer = RowWriter(connection)
        executed: list[str] = []
        event.listen(connection, "before_cursor_execute", lambda *args: executed.append(args[2]))
        now = datetime(2026, 12, 6, 9, 30)
        rows = [dict(zip(CLAIM_COLUMNS, [*_claim_row(index, f"c{index}")[:-2], now, now], strict=True)) for index in range(1, 1201)]
        with writer.short_statements():
            writer.insert(CLAIMS, rows[:600])
        short = [statement.count("(?") for statement in executed]
        executed.clear()
        writer.insert(CLAIMS, rows[600:])
        stored = session.execute(text("SELECT id, key FROM claims ORDER BY id")).all()
    assert short == [256, 256, 128]  # 600 rows: two full statements, then 88 padded to 128
    assert [statement.count("(?") for statement in executed if statement.startswith("INSERT")] == [1024]
    assert [tuple(row) for row in stored] == [(index, f"c{index}") for index in range(1, 1201)]
    database.dispose()


def test_columns_shared_by_every_row_are_bound_once_and_stored_as_given_row_by_row(tmp_path: Path) -> None:
    """An import's time and a new claim's version are the same for every row: bound once a
    statement, before the rows, and stored exactly as when each row carries them (dates as
    SQLAlchemy's SQLite type stores them), in full statements and the padded last one."""
    now = datetime(2026, 12, 5, 9, 30, 0, 123456)
    stored: dict[bool, list[tuple[object, ...]]] = {}
    for shared in (False, True):
        database = open_database(str(tmp_path / f"shared-{shared}.db"))
        with database.writing() as session:
            connection = session.connection()
            raw = connection.connection.driver_connection
            assert isinstance(raw, sqlite3.Connection)
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # several statements a batch
            writer = RowWriter(connection)
            rows = [{"id": index, "key": f"c{index}", "text": HOSTILE[index % len(HOSTILE)], "verdict": "unreviewed",
                     "status": "unsourced", "origin_count": index % 3} for index in range(1, 251)]
            constants = {"version": 1, "created_at": now, "updated_at": now}
            if shared:
                writer.insert(CLAIMS, rows, constants)
            else:
                writer.insert(CLAIMS, [row | constants for row in rows])
            stored[shared] = [tuple(row) for row in session.execute(text("SELECT * FROM claims ORDER BY id"))]
            raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
        database.dispose()
    assert len(stored[True]) == 250
    assert stored[True] == stored[False]
    names = ("id", "key")
    insert = sqlite_insert(CLAIMS, names, variable_limit=3 * 16 + 2, shared=("created_at", "updated_at"))
    assert insert.most_rows == 16
    statements = insert.statements([(index, f"k{index}") for index in range(20)], ["then", "now"])
    assert [flat[:2] for _statement, flat in statements] == [["then", "now"]] * 2
    assert all(statement.count("?") == len(flat) <= 3 * 16 + 2 for statement, flat in statements)
    rows_bound = [tuple(flat[start + 1 : start + 3]) for _statement, flat in statements
                  for start in range(2, len(flat), 3) if flat[start] == 1]
    assert rows_bound == [(index, f"k{index}") for index in range(20)]


def test_columns_none_in_every_row_are_left_out_and_stored_as_the_same_null(tmp_path: Path) -> None:
    """A column None in every row of a batch is not bound (it costs the writer thread a value a
    row, holding the GIL), and only where leaving it out stores the same NULL: a nullable
    column without a DEFAULT in the migrated schema, and not JSON (whose None is ``'null'``).
    A column None in only some rows is written for all of them."""
    database = open_database(str(tmp_path / "nulls.db"))
    with database.writing() as session:
        connection = session.connection()
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        schema = {
            (table.name, column[1]): (column[3], column[4])  # (not null, default)
            for table in (CLAIMS, ATTRIBUTIONS, EVENTS)
            for column in raw.execute(f"PRAGMA table_info({table.name})")
        }
        for table in (CLAIMS, ATTRIBUTIONS, EVENTS):
            for name in rows_module.null_when_left_out(table):
                assert schema[(table.name, name)] == (0, None), (table.name, name)
        assert "certainty" not in rows_module.null_when_left_out(ATTRIBUTIONS)  # DEFAULT 'stated'
        assert "before" not in rows_module.null_when_left_out(EVENTS)  # JSON

        now = datetime(2026, 12, 6, 9, 0)
        rows = [{"id": index, "key": f"c{index}", "text": "t", "place": None, "event_date": None, "verdict": "unreviewed",
                 "status": "unsourced", "origin_count": 0, "awaiting": "Kremlin" if index == 3 else None}
                for index in range(1, 6)]
        bound: list[str] = []
        raw.set_trace_callback(bound.append)
        RowWriter(connection).insert(CLAIMS, rows, {"version": 1, "created_at": now, "updated_at": now})
        raw.set_trace_callback(None)
        # (traced again for each trigger step it runs: one statement text all the same)
        (statement,) = {sql for sql in bound if sql.startswith('INSERT INTO "claims"')}
        assert '"awaiting"' in statement and '"place"' not in statement and '"event_date"' not in statement
        stored = session.execute(text("SELECT id, place, typeof(place), event_date, awaiting FROM claims ORDER BY id")).all()
        assert [tuple(row) for row in stored] == [
            (index, None, "null", None, "Kremlin" if index == 3 else None) for index in range(1, 6)
        ]
        events = [{"entity_type": "claim", "entity_id": 1, "claim_id": 1, "action": "claim_added", "before": None,
                   "after": {"key": "c1"}}]
        # JSON's None is 'null', not NULL: bound once a statement instead of converted row by row.
        assert rows_module._columns_with_values(EVENTS, events) == (
            ("entity_type", "entity_id", "claim_id", "action", "after"), ("before",)
        )
        RowWriter(connection).insert(EVENTS, events, {"at": now, "reviewer": "r", "reason": "x", "origin": None})
        assert session.execute(text("SELECT before, typeof(before) FROM review_events")).one() == ("null", "text")
    database.dispose()


def _insert(connection: sqlite3.Connection, table: Table, names: tuple[str, ...], rows: list[Sequence[object]]) -> None:
    for statement, flat in sqlite_insert(table, names).statements(rows):
        connection.execute(statement, flat)


def _submit(background: BackgroundWrites, table: Table, names: tuple[str, ...], rows: list[Sequence[object]]) -> None:
    for statement, flat in sqlite_insert(table, names).statements(rows):
        background.submit(statement, [flat])


def test_values_are_stored_as_the_dbapi_would_bind_them(tmp_path: Path) -> None:
    db = tmp_path / "values.db"
    open_database(str(db)).dispose()
    connection = sqlite3.connect(db, isolation_level=None)
    names = ("id", "key", "text", "place", "event_date", "verdict", "status", "origin_count", "awaiting", "version", "created_at", "updated_at")
    rows: list[Sequence[object]] = [
        (index + 1, f"k{index}", value, None, None, "unreviewed", "unsourced", 2**53 + index, None, 1, "2026-11-26 10:00:00.000000", "2026-11-26 10:00:00.000000")
        for index, value in enumerate(HOSTILE)
    ]
    connection.execute("BEGIN")
    _insert(connection, CLAIMS, names, rows)
    _insert(connection, TAGS, ("claim_id", "tag"), [(1, "aid"), (2, "border")])
    connection.execute("COMMIT")
    stored = connection.execute(
        "SELECT id, text, typeof(text), place, typeof(place), origin_count, typeof(origin_count) FROM claims ORDER BY id"
    ).fetchall()
    assert stored == [(index + 1, value, "text", None, "null", 2**53 + index, "integer") for index, value in enumerate(HOSTILE)]
    assert connection.execute("SELECT claim_id, tag FROM claim_tags ORDER BY claim_id").fetchall() == [(1, "aid"), (2, "border")]
    # The full-text index saw every row (its trigger fires per row inside the one statement).
    assert connection.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'markup'").fetchone() == (1,)
    connection.close()


def _claim_row(claim_id: int, key: str) -> list[object]:
    return [claim_id, key, f"claim {key}", "unreviewed", "unsourced", 0, 1, "2026-11-26 10:00:00", "2026-11-26 10:00:00"]


CLAIM_COLUMNS = ("id", "key", "text", "verdict", "status", "origin_count", "version", "created_at", "updated_at")


def test_other_statements_wait_for_the_queued_writes(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "order.db"))
    with database.writing() as session:
        connection = session.connection()
        background = BackgroundWrites(connection)
        rows: list[Sequence[object]] = [_claim_row(index, f"c{index}") for index in range(1, 2_001)]
        _submit(background, CLAIMS, CLAIM_COLUMNS, rows)
        _submit(background, TAGS, ("claim_id", "tag"), [(1, "aid"), (2_000, "border")])
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
    with database.writing() as session:
        background = BackgroundWrites(session.connection())
        most = 0
        for index in range(1, 41):
            _submit(background, CLAIMS, CLAIM_COLUMNS, [_claim_row(index, f"c{index}")])
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
    with pytest.raises(BackgroundWriteError, match="UNIQUE constraint failed"), database.writing() as session:
        background = BackgroundWrites(session.connection())
        try:
            _submit(background, CLAIMS, CLAIM_COLUMNS, [_claim_row(1, "same"), _claim_row(2, "same")])
            _submit(background, CLAIMS, CLAIM_COLUMNS, [_claim_row(3, "other")])  # waits, finds the failure
        finally:
            background.close()
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 0
    database.dispose()


def test_a_failed_background_write_fails_the_transaction(tmp_path: Path) -> None:
    database: Database = open_database(str(tmp_path / "failing.db"))
    with pytest.raises(BackgroundWriteError, match=r"UNIQUE constraint failed: claims\.key"), database.writing() as session:
        background = BackgroundWrites(session.connection())
        _submit(background, CLAIMS, CLAIM_COLUMNS, [_claim_row(1, "same"), _claim_row(2, "same")])
        try:
            session.execute(text("SELECT 1")).scalar()  # the next statement reports the failure
        finally:
            background.close()
    with database.reading() as session:
        assert session.execute(text("SELECT count(*) FROM claims")).scalar() == 0
    database.dispose()


def test_the_gil_is_handed_over_sooner_while_a_writer_runs_and_as_before_after(tmp_path: Path) -> None:
    """Shortened by the first writer, restored by the last (closing twice counts once), even
    when the writes fail."""
    before = sys.getswitchinterval()
    database = open_database(str(tmp_path / "switch.db"))
    with database.writing() as session:
        first = BackgroundWrites(session.connection())
        assert sys.getswitchinterval() == background_module.SWITCH_INTERVAL_SECONDS < before
        second = BackgroundWrites(session.connection())
        first.close()
        first.close()
        assert sys.getswitchinterval() == background_module.SWITCH_INTERVAL_SECONDS
        second.close()
        assert sys.getswitchinterval() == before
    with pytest.raises(BackgroundWriteError), database.writing() as session:
        failing = BackgroundWrites(session.connection())
        _submit(failing, CLAIMS, CLAIM_COLUMNS, [_claim_row(1, "same"), _claim_row(2, "same")])
        try:
            failing.close()
        finally:
            assert sys.getswitchinterval() == before
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


def test_events_store_the_imports_time_reviewer_and_reason_unless_they_carry_their_own(database: Database) -> None:
    """The review log's rows share the import's time, reviewer and reason (bound once a
    statement); a note's event carries its own, and says which import wrote it."""
    from workbench.importing.events import EventLog
    from workbench.vocabulary import EntityType

    now, noted_at = datetime(2026, 12, 5, 9, 30), datetime(2026, 11, 1, 8, 0)
    with database.writing() as session:
        connection = session.connection()
        log = EventLog(RowWriter(connection), "importer", "import from feed.jsonl", now, "session-1")
        log.record(EntityType.SOURCE, 1, "source_added", after={"name": "A"})
        log.record(EntityType.CLAIM, 2, "note_added", reason="checked the map", reviewer="ana", at=noted_at)
        log.record(EntityType.SOURCE, 3, "source_added", after={"name": "C"})
        log.flush()  # a mixed flush
        log.record(EntityType.SOURCE, 4, "source_added", after={"when": date(2026, 1, 27)})
        log.flush()  # every event the import's own
        log.flush()  # nothing waiting: nothing written
        stored = session.execute(
            text("SELECT entity_id, at, reviewer, reason, origin, origin_session, after FROM review_events ORDER BY id")
        ).all()
    own = (now, "importer", "import from feed.jsonl", None, "session-1")
    assert [(row.entity_id, _at(row.at), row.reviewer, row.reason, row.origin, row.origin_session) for row in stored] == [
        (1, *own),
        (2, noted_at, "ana", "checked the map", "import from feed.jsonl", "session-1"),
        (3, *own),
        (4, *own),
    ]
    assert [_json(row.after) for row in stored] == [{"name": "A"}, None, {"name": "C"}, {"when": "2026-01-27"}]


def _at(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _json(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value
