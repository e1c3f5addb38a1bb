"""Copying a whole desk from one database to another: SQLite to PostgreSQL, and back.

Every table of the ORM metadata is copied (so a table another change adds is copied too),
row by row with its ids, in one transaction on the target: a copy that fails leaves the
target as it was. What the database derives by itself is not copied but rebuilt: the
per-status counts (``claim_counts``, kept by triggers on ``claims``) and SQLite's full-text
indexes. Then the id counters are set so no id of the source is ever handed out again, the
row counts are compared table by table, and the caller's ``check`` (the statuses, in
``review``) runs on the target before it commits.

Both databases must be at this workbench's schema revision: the target is created or
upgraded before the copy (``open_database``); the source is only read, so one at an older
revision is refused with the command that upgrades it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Dialect,
    Table,
    TableClause,
    Text,
    TypeDecorator,
    bindparam,
    cast,
    column,
    func,
    select,
    table,
)
from sqlalchemy.orm import Session

from workbench.config import describe_db
from workbench.db.copy_sequences import id_counters, set_id_counters
from workbench.db.engine import Database
from workbench.db.migrate import current_revision, head_revision
from workbench.db.models import Base  # every table registered on its metadata, not only those imported so far
from workbench.errors import DatabaseRefused, InvalidInput, WorkbenchError
from workbench.progress import NoProgress, Progress

# Tables the database keeps by itself from others (triggers): rebuilt on the target, not copied.
DERIVED_TABLES = frozenset({"claim_counts"})
BATCH = 1000
NOTHING_COPIED = "nothing was copied"


class CopyFailed(WorkbenchError):
    """The copy did not check out (a table's row count differs); the target was rolled back."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int


@dataclass
class CopyResult:
    """What was copied, table by table, at which revision; ``checked`` is what ``check`` returned."""

    revision: str
    tables: list[TableCopy] = field(default_factory=list)
    replaced: int = 0
    checked: Any = None

    @property
    def rows(self) -> int:
        return sum(copied.rows for copied in self.tables)


def copied_tables() -> list[Table]:
    """Every table of the schema, parents before children, without the derived ones."""
    return [t for t in Base.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def check_source_revision(source: Database) -> str:
    """The source's revision, which must be this workbench's: a copy never upgrades its source."""
    current, head = current_revision(source.engine), head_revision()
    shown = describe_db(source.url)
    if current is None:
        raise DatabaseRefused(f"{shown} has no workbench schema; {NOTHING_COPIED}")
    if current != head:
        raise DatabaseRefused(
            f"{shown} is at schema revision {current}, this workbench writes {head}: upgrade it first "
            f"(workbench --db {shown} db upgrade); {NOTHING_COPIED}"
        )
    return current


def count_rows(connection: Connection, tables: list[Table]) -> dict[str, int]:
    return {t.name: connection.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}


def refuse_non_empty(target: Database, tables: list[Table]) -> None:
    with target.reading() as session:
        held = {name: n for name, n in count_rows(session.connection(), tables).items() if n}
    if held:
        shown = ", ".join(f"{n} {name}" for name, n in sorted(held.items()))
        raise InvalidInput(
            f"{describe_db(target.url)} already holds data ({shown}); {NOTHING_COPIED} — "
            "pass --replace to delete everything in it and copy over it"
        )


def copy_database(
    source: Database,
    target: Database,
    *,
    replace: bool = False,
    progress: Progress | None = None,
    check: Callable[[Session], Any] | None = None,
) -> CopyResult:
    """Copy every table of ``source`` into ``target`` (both at head) in one target transaction."""
    if source.url == target.url:
        raise InvalidInput(f"the source and the target are the same database; {NOTHING_COPIED}")
    revision = check_source_revision(source)
    if current_revision(target.engine) != revision:
        raise DatabaseRefused(f"{describe_db(target.url)} is not at schema revision {revision}; {NOTHING_COPIED}")
    tables = copied_tables()
    if not replace:
        refuse_non_empty(target, tables)
    progress = progress or NoProgress()
    result = CopyResult(revision)
    with _snapshot(source) as reading, target.writing() as session:
        writing = session.connection()
        expected = count_rows(reading, tables)
        if replace:
            result.replaced = _delete_all(writing, tables)
        progress.start("copying", sum(expected.values()))
        deferred: list[tuple[Table, list[dict[str, Any]]]] = []
        for source_table in tables:
            copied, patches = _copy_table(reading, writing, source_table, progress)
            result.tables.append(TableCopy(source_table.name, copied))
            if patches:
                deferred.append((source_table, patches))
        for source_table, patches in deferred:
            _patch_references(writing, source_table, patches)
        progress.finish()
        set_id_counters(writing, tables, id_counters(reading, tables))
        _rebuild_full_text(writing)
        _verify_counts(writing, tables, expected)
        if check is not None:
            result.checked = check(session)
    if not target.is_sqlite:
        _analyze(target)
    return result


class _snapshot:
    """One consistent read of the whole source, even while reviewers keep writing to it."""

    def __init__(self, source: Database) -> None:
        options = {} if source.is_sqlite else {"isolation_level": "REPEATABLE READ"}
        self._connection = source.engine.connect().execution_options(**options)

    def __enter__(self) -> Connection:
        self._connection.begin()
        return self._connection

    def __exit__(self, *_exc: object) -> None:
        self._connection.rollback()
        self._connection.close()


def _delete_all(connection: Connection, tables: list[Table]) -> int:
    deleted = 0
    for t in reversed(tables):
        deleted += connection.execute(t.delete()).rowcount or 0
    return deleted


def _self_references(t: Table) -> list[str]:
    """Columns pointing at rows of the same table: a row may point at one copied after it."""
    return sorted({fk.parent.name for fk in t.foreign_keys if fk.column.table is t})


class _StoredJSON(TypeDecorator[str]):
    """A JSON column written as the text read from the source, not serialised again: the
    stored text is copied byte for byte (a JSON ``null`` stays ``null``, an SQL NULL stays NULL)."""

    impl = JSON
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> None:
        return None


def _raw(t: Table) -> TableClause:
    """``t`` with its JSON columns taking the stored text as it is."""
    return table(t.name, *(column(c.name, _StoredJSON() if isinstance(c.type, JSON) else c.type) for c in t.columns))


def _selected(c: Column[Any]) -> Any:
    return cast(c, Text()).label(c.name) if isinstance(c.type, JSON) else c


def _copy_table(
    reading: Connection, writing: Connection, t: Table, progress: Progress
) -> tuple[int, list[dict[str, Any]]]:
    later = _self_references(t)
    insert = _raw(t).insert()
    key = [c.name for c in t.primary_key.columns]
    copied = 0
    patches: list[dict[str, Any]] = []
    for rows in _batches(reading, t):
        for row in rows:
            pointing = {name: row[name] for name in later if row[name] is not None}
            if pointing:
                patches.append({**{f"key_{k}": row[k] for k in key}, **pointing})
                row.update(dict.fromkeys(pointing))
        writing.execute(insert, rows)
        copied += len(rows)
        progress.advance(len(rows))
    return copied, patches


def _batches(reading: Connection, t: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(t.primary_key.columns) or list(t.columns)
    result = reading.execution_options(yield_per=BATCH).execute(select(*(_selected(c) for c in t.columns)).order_by(*order))
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def _patch_references(connection: Connection, t: Table, patches: list[dict[str, Any]]) -> None:
    key = [c.name for c in t.primary_key.columns]
    raw = _raw(t)  # without the model's onupdate: ``updated_at`` keeps the source's value
    for name in _self_references(t):
        rows = [p for p in patches if name in p]
        if not rows:
            continue
        where = [raw.c[k] == bindparam(f"key_{k}") for k in key]
        statement = raw.update().where(*where).values({name: bindparam(name)})
        connection.execute(statement, [{**{f"key_{k}": p[f"key_{k}"] for k in key}, name: p[name]} for p in rows])


def _rebuild_full_text(connection: Connection) -> None:
    """SQLite's FTS5 indexes over the copied rows (PostgreSQL's GIN indexes keep themselves)."""
    if connection.dialect.name != "sqlite":
        return
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
    ).scalars().all()
    for name in names:
        connection.exec_driver_sql(f'INSERT INTO "{name}" ("{name}") VALUES (\'rebuild\')')


def _verify_counts(connection: Connection, tables: list[Table], expected: dict[str, int]) -> None:
    actual = count_rows(connection, tables)
    wrong = [f"{name}: {actual[name]} of {n}" for name, n in expected.items() if actual[name] != n]
    if wrong:
        raise CopyFailed(f"the copy's row counts differ from the source's ({'; '.join(wrong)}); the target was left as it was")


def _analyze(target: Database) -> None:
    """Fresh planner statistics, so the first queries on the new desk use its indexes."""
    with target.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("ANALYZE")
