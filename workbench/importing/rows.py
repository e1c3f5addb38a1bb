"""How an import adds rows: ids reserved ahead, and each batch inserted with a few statements.

Every row an import adds goes through ``RowWriter``: its ids are reserved before it is
written (so a claim's status can be computed with its attributions' ids, in memory), and on
SQLite each table's batch is a few multi-row ``INSERT ... SELECT ... FROM (VALUES ...)``
statements (``BatchInsert``), run on a helper thread (``background``) while the next batch is
prepared.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Connection, Date, DateTime, Table, insert, text

from workbench.db.ids import highest_id_ever
from workbench.importing.background import BackgroundWrites

# Rows per INSERT statement, at most (fewer where SQLite allows fewer bound values). A batch
# is a thousand claims: their rows go in one or two statements per table.
ROWS_PER_STATEMENT = 1024
# Rows per statement at most while an import writes its sources and documents
# (``RowWriter.short_statements``).
SHORT_STATEMENT_ROWS = 256
# Rows per statement at least: a smaller remainder is padded to a power of two from here, so
# a table has a few statements to compile, and a desk's one-claim import compiles small ones.
MIN_ROWS_PER_STATEMENT = 16


class RowWriter:
    """Reserves ids and inserts rows for one import, on the import's connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.is_sqlite = connection.dialect.name == "sqlite"
        self._background: BackgroundWrites | None = None
        self._sequences: dict[str, str] = {}
        self._next_ids: dict[str, int] = {}  # SQLite: table -> next free id
        self._variable_limit = _variable_limit(connection) if self.is_sqlite else 0
        self._most_rows = ROWS_PER_STATEMENT
        if self.is_sqlite:
            _bind_none_quickly()

    def start_background(self) -> None:
        """SQLite: from now on, inserts run on a helper thread (see ``background``)."""
        self._background = BackgroundWrites(self.connection)

    def wait_for_writes(self) -> None:
        """Block until every queued insert is done (raising a failed one's error).

        Needed before a statement on the raw DBAPI connection: only statements that go through
        SQLAlchemy wait for the queued writes by themselves (``background``), and a raw one
        run while the helper thread is inside SQLite on the same connection can deadlock.
        """
        if self._background is not None:
            self._background.wait()

    def stop_background(self) -> None:
        """Wait for the queued inserts (raising a failed one's error) and write on this thread again."""
        background, self._background = self._background, None
        if background is not None:
            background.close()

    @contextmanager
    def short_statements(self) -> Iterator[None]:
        """Insert at most ``SHORT_STATEMENT_ROWS`` rows a statement while the block runs.

        Why: a compiled statement stays in the connection's statement cache (``sqlite3`` keeps
        the last 128 it ran) after its last use, and a 1,024-row one holds about 1 MB. The
        statements that wrote a large file's sources, documents and their review log are
        never run again once the claims begin: 3.9 MB held to the end of the import (an
        import of 100k claims onto 25k, counted with ``sqlite3_stmt_status``). A quarter of
        the rows holds a quarter of that; a file's sources and documents are a few per cent
        of its rows, so the extra statements are few (their time was not measured apart).
        """
        previous, self._most_rows = self._most_rows, min(self._most_rows, SHORT_STATEMENT_ROWS)
        try:
            yield
        finally:
            self._most_rows = previous

    def max_id(self, table: Table) -> int:
        """The highest id ``table`` ever handed out: ids freed by an undo or a merge never come back."""
        return highest_id_ever(self.connection, table)

    def new_ids(self, table: Table, count: int) -> list[int]:
        """Reserve ``count`` ids for rows about to be inserted into ``table``."""
        if count == 0:
            return []
        if self.is_sqlite:
            # Every row this import adds with an id comes through here, and the import holds
            # the write lock: after the first query the next free id is known without asking
            # (asking would wait for the background writes).
            start = self._next_ids.get(table.name) or self.max_id(table) + 1
            self._next_ids[table.name] = start + count
            return list(range(start, start + count))
        sequence = self._sequences.get(table.name)
        if sequence is None:
            sequence = self.connection.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar_one()
            self._sequences[table.name] = sequence
        return list(
            self.connection.execute(
                text("SELECT nextval(:sequence) FROM generate_series(1, :count)"), {"sequence": sequence, "count": count}
            ).scalars()
        )

    def insert(self, table: Table, rows: list[dict[str, Any]], constants: Mapping[str, Any] | None = None) -> None:
        """Insert ``rows`` (each with the same columns) into ``table``; ``constants``: columns
        with one value for every row (an import's time, a new row's version), given once.

        Why ``constants``: on SQLite each value of a row is bound on the writer thread holding
        the GIL (73 ns a value), so the main thread waits for it; a value every row shares is
        bound once a statement, and never built into each row's dict or converted row by row.
        """
        if not rows:
            return
        if not self.is_sqlite:
            self.connection.execute(insert(table), [{**row, **constants} for row in rows] if constants else rows)
            return
        # SQLite fast path: a few statements per batch (see ``BatchInsert`` for why), with values
        # stored exactly as SQLAlchemy's SQLite types store them. Per-row parameter
        # processing in Core costs more than the INSERT itself at this volume.
        names, none_everywhere = _columns_with_values(table, rows)
        if none_everywhere:
            constants = {**(constants or {}), **dict.fromkeys(none_everywhere)}
        shared = tuple(constants or ())
        batch_insert = sqlite_insert(table, names, self._variable_limit, shared, self._most_rows)
        shared_values = [_stored_as(table, name)(constants[name]) for name in shared] if constants else []
        getter = itemgetter(*names)
        if len(names) == 1:
            values: list[Any] = [(getter(row),) for row in rows]
        elif not batch_insert.converters:
            values = list(map(getter, rows))
        else:
            values = []
            for row in rows:
                value = list(getter(row))
                for index, convert in batch_insert.converters:
                    value[index] = convert(value[index])
                values.append(value)
        for statement, flat in batch_insert.statements(values, shared_values):
            if self._background is not None:
                self._background.submit(statement, [flat])
            else:
                self.connection.exec_driver_sql(statement, tuple(flat))


def _columns_with_values(table: Table, rows: list[dict[str, Any]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The columns of ``rows`` to bind row by row, and those None in every row to bind once.

    A column None in every row is left out where the table stores NULL for it anyway
    (nullable, no DEFAULT, not JSON, which stores None as ``'null'``), and otherwise bound once
    a statement like the import's other constants, stored as each row's None would be.

    Why: an attribution has 20 columns, and in a feed 9 of them (spans, anchors, relays, notes)
    are None in every row of a batch. Each value is bound on the writer thread holding the GIL,
    a None through ``sqlite3``'s adapter lookup (130 ns against 25 for an int), while the main
    thread waits; and a JSON column (an attribution's anchor difference, an event's "before")
    sent every row through the per-row conversion loop below instead of the one ``map`` call.
    """
    names = tuple(rows[0])
    first = rows[0]
    maybe_empty = [name for name in names if first[name] is None]
    if not maybe_empty:
        return names, ()
    count = len(rows)
    empty = [name for name in maybe_empty if list(map(itemgetter(name), rows)).count(None) == count]
    if not empty:
        return names, ()
    unset = null_when_left_out(table)
    return tuple(name for name in names if name not in empty), tuple(name for name in empty if name not in unset)


def null_when_left_out(table: Table) -> frozenset[str]:
    """The columns of ``table`` an INSERT that leaves them out stores as NULL (per the model;
    a test checks the migrated schema agrees)."""
    found = _NULL_WHEN_LEFT_OUT.get(table.name)
    if found is None:
        found = _NULL_WHEN_LEFT_OUT[table.name] = frozenset(
            column.name
            for column in table.columns
            if column.nullable and column.server_default is None and not isinstance(column.type, JSON)
        )
    return found


_NULL_WHEN_LEFT_OUT: dict[str, frozenset[str]] = {}


def _bind_none_quickly() -> None:
    """Let ``sqlite3`` bind None without first looking for a way to adapt it.

    Why: ``sqlite3`` binds int, float and str directly, but looks every other value up in its
    adapters and then for ``__adapt__`` and ``__conform__`` methods before it binds None as
    NULL: 360 ns a None, against 25 ns an int. Half an attribution's 22 columns are usually
    None. With an adapter registered for None (``{}.get``, which returns None), it is found
    at the first lookup: 130 ns. Binding is done holding the GIL, so it is time taken from
    the main thread. The result is the same NULL; registering twice changes nothing.
    """
    sqlite3.register_adapter(type(None), _NONE_ADAPTER)


_NONE_ADAPTER: Callable[[None], None] = {}.get  # type: ignore[assignment]


def _variable_limit(connection: Connection) -> int:
    """How many values one SQLite statement may bind on this connection (``SQLITE_MAX_VARIABLE_NUMBER``:
    999 in builds before 3.32, 32,766 since, more in some distributions' builds)."""
    raw = connection.connection.driver_connection
    if isinstance(raw, sqlite3.Connection):
        return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 999


def sqlite_datetime(value: datetime | None, _last: list[Any] = [None, None]) -> str | None:  # noqa: B006 - the shared default is the one-entry cache
    if value is None:
        return None
    if value is _last[0]:  # every row of an import carries the same timestamp
        return _last[1]
    _last[0] = value
    _last[1] = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )
    return _last[1]


def sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def as_json(value: Any) -> str:
    """``json.dumps(value)``, as SQLAlchemy's JSON type stores it, without building a new
    encoder for every value (``json.dumps`` does: a sixth of an import's review log time)."""
    return "".join(_ENCODE_VALUE(value, 0)) if _ENCODE_VALUE is not None else json.dumps(value)


@dataclass(frozen=True, slots=True)
class BatchInsert:
    """One table's multi-row INSERT for one set of columns, and how its values are bound.

    Each statement inserts a fixed number of rows, each bound as a marker (1) then its values::

        INSERT INTO "t" ("a", "b") SELECT column2, column3
        FROM (VALUES (?, ?, ?), (?, ?, ?), ...) WHERE column1

    A batch is cut into statements of ``most_rows`` rows, and what remains goes in one
    statement of the next power of two rows (at least ``MIN_ROWS_PER_STATEMENT``), padded
    with rows of zeros (which bind faster than NULL) that the WHERE drops. So a table has a
    few statement texts, each compiled once and kept in the connection's statement cache:
    compiling a statement for each row count took 10 ms at 1,800 rows, as long as inserting
    them. The ceiling is memory: a compiled 1,024-row statement of 22 columns holds 2.5 MB.

    Why not one JSON parameter per batch (``INSERT ... SELECT json_extract(value, '$[0]'),
    ... FROM json_each(?)``, this module's way until 2026-12): SQLite re-read each row's JSON
    once per column. For the 180,000 attributions of a 100k-claim import (22 columns) that
    cost 15 us a row against 5 us bound directly; the fair baseline, changed alike, went from
    9.1-9.3 s to 6.9-7.1 s at 100k claims, and this import's writer thread from 7.0 to 4.4-4.8 s
    of CPU. Why not ``executemany``: it is one statement per row, and SQLite's FTS5 flushes its
    pending index data at the end of every statement that writes to it (through a trigger
    too), leaving a tiny index segment per row to be merged later (17.7 s against 8.6 s at
    100k claims); and on the helper thread each row would wait for the GIL again. Why not
    smaller statements: 256 rows took 13.3-13.6 s against 11.7-12.1 s at 100k claims
    (``--no-match``), each statement being one more wait for the GIL.

    Values arrive as the DBAPI binds them: str as TEXT, int and bool as INTEGER, float as
    REAL, None as NULL (``converters`` first turn dates, times and JSON into their stored text).
    """

    table: str
    names: tuple[str, ...]
    most_rows: int
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]
    # Columns with one value for every row: bound once, before the rows (``SELECT column2,
    # ..., ?, ? FROM (VALUES ...)``: SQLite numbers the markers in the order they are written).
    shared: tuple[str, ...] = ()

    def statements(self, values: Sequence[Sequence[Any]], shared_values: Sequence[Any] = ()) -> list[tuple[str, list[Any]]]:
        """Each statement that inserts ``values`` (rows of ``len(names)`` values), with its flat
        parameters; ``shared_values`` are those of the ``shared`` columns, stored as they are."""
        assert len(shared_values) == len(self.shared)
        statements: list[tuple[str, list[Any]]] = []
        start, total, width = 0, len(values), len(self.names) + 1
        while start < total:
            rows = self.rows_for(total - start)
            flat: list[Any] = list(shared_values)
            append, extend = flat.append, flat.extend
            for row in values[start : start + rows]:
                append(1)
                extend(row)
            missing = rows - min(rows, total - start)
            if missing:
                flat.extend(_ZEROS * (missing * width))
            statements.append((self.sql(rows), flat))
            start += rows
        return statements

    def rows_for(self, remaining: int) -> int:
        """The rows of the statement that takes the next of ``remaining`` rows."""
        if remaining >= self.most_rows:
            return self.most_rows
        return min(self.most_rows, max(MIN_ROWS_PER_STATEMENT, 1 << (remaining - 1).bit_length()))

    def sql(self, rows: int) -> str:
        """The statement's text for ``rows`` rows."""
        cached = _SQL.get((self.table, self.names, self.shared, rows))
        if cached is None:
            row = "(" + ", ".join("?" * (len(self.names) + 1)) + ")"
            columns = ", ".join(f'"{name}"' for name in (*self.names, *self.shared))
            picks = ", ".join([*(f"column{index + 2}" for index in range(len(self.names))), *("?" * len(self.shared))])
            cached = f'INSERT INTO "{self.table}" ({columns}) SELECT {picks} FROM (VALUES {", ".join([row] * rows)}) WHERE column1'
            _SQL[(self.table, self.names, self.shared, rows)] = cached
        return cached


_ZEROS = [0]
_SQL: dict[tuple[str, tuple[str, ...], tuple[str, ...], int], str] = {}
_INSERTS: dict[tuple[str, tuple[str, ...], tuple[str, ...], int, int], BatchInsert] = {}


def _stored_as(table: Table, name: str) -> Callable[[Any], Any]:
    """How a value of this column is stored, as SQLAlchemy's SQLite types store it (the
    DBAPI binds str, int, float and None as they are)."""
    column_type = table.c[name].type
    if isinstance(column_type, DateTime):
        return sqlite_datetime
    if isinstance(column_type, Date):
        return sqlite_date
    if isinstance(column_type, JSON):
        return as_json
    return _as_is


def _as_is(value: Any) -> Any:
    return value


def sqlite_insert(
    table: Table,
    names: tuple[str, ...],
    variable_limit: int = 32_766,
    shared: tuple[str, ...] = (),
    most_rows: int = ROWS_PER_STATEMENT,
) -> BatchInsert:
    """The multi-row INSERT of ``names`` into ``table`` (``BatchInsert``), with the ``shared``
    columns bound once a statement: as many rows per statement as ``variable_limit`` bound
    values allow, at most ``most_rows``, with the converters that store values as
    SQLAlchemy's SQLite types do."""
    cached = _INSERTS.get((table.name, names, shared, variable_limit, most_rows))
    if cached is not None:
        return cached
    converters = tuple(
        (index, convert) for index, name in enumerate(names) if (convert := _stored_as(table, name)) is not _as_is
    )
    rows = max(1, min(most_rows, (variable_limit - len(shared)) // (len(names) + 1)))
    built = BatchInsert(table.name, names, rows, converters, shared)
    _INSERTS[(table.name, names, shared, variable_limit, most_rows)] = built
    return built


_ENCODE_VALUE = (
    c_make_encoder(None, json.JSONEncoder().default, encode_basestring_ascii, None, ": ", ", ", False, False, True)
    if c_make_encoder is not None
    else None
)
