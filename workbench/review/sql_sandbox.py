"""Read-only SQL for users: one SELECT, a time limit, and a database left byte-identical.

A read-only connection alone is not a sandbox on SQLite: ``ATTACH`` creates files,
``VACUUM INTO`` writes a copy anywhere, and ``PRAGMA query_only`` can be switched off by the
same SQL. So, on SQLite, the statement runs on its own connection opened ``mode=ro``, with
``query_only`` on, and an authorizer that allows reading and nothing else (no ATTACH, no
writes or DDL, no PRAGMA assignments, no ``load_extension``). A progress handler stops it at
the time limit (recursive CTE bombs included), length limits cap giant values, and at most
``max_rows`` rows are fetched. On PostgreSQL it runs in a READ ONLY transaction with a
``statement_timeout``; the server role's own privileges are the outer wall (use a role
that can only read).
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from workbench.db.engine import Database
from workbench.errors import InvalidInput, WorkbenchError

DEFAULT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_ROWS = 10_000
MAX_VALUE_BYTES = 10_000_000

_ALLOWED_START = re.compile(r"^\s*(select|with|values|explain)\b", re.IGNORECASE)
_READ_ONLY_PRAGMAS = {
    "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    "collation_list", "function_list", "pragma_list", "table_list", "database_list", "data_version",
}
_FORBIDDEN_FUNCTIONS = {"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit"}


class QueryRefused(InvalidInput):
    """The SQL is not a single read-only statement (or asks for something not allowed)."""


class QueryTimedOut(WorkbenchError):
    exit_code = 7


@dataclass(frozen=True)
class SqlResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool
    seconds: float


def run_readonly_sql(
    database: Database,
    sql: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> SqlResult:
    """Run one read-only statement and return at most ``max_rows`` rows."""
    statement = _single_statement(sql)
    if database.is_sqlite:
        path = database.url.database
        if not path:
            raise QueryRefused("no database file")
        return _run_sqlite(path, statement, timeout, max_rows)
    return _run_server(database, statement, timeout, max_rows)


def _single_statement(sql: str) -> str:
    stripped = _strip_comments(sql).strip()
    while stripped.endswith(";"):
        stripped = stripped[:-1].rstrip()
    if not stripped:
        raise QueryRefused("empty query")
    if ";" in _outside_quotes(stripped):
        raise QueryRefused("one statement at a time (found ';' between statements)")
    if not _ALLOWED_START.match(stripped):
        raise QueryRefused("only SELECT, WITH, VALUES and EXPLAIN queries are allowed (this is a read-only console)")
    return stripped


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.DOTALL)


def _outside_quotes(sql: str) -> str:
    """The statement with quoted strings and identifiers blanked out."""
    return re.sub(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]", "''", sql)


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _FORBIDDEN_FUNCTIONS else sqlite3.SQLITE_OK
    if action == getattr(sqlite3, "SQLITE_RECURSIVE", 33):
        return sqlite3.SQLITE_OK  # bounded by the progress handler
    if action == sqlite3.SQLITE_PRAGMA:
        # Statements must start with SELECT/WITH/VALUES/EXPLAIN, so a pragma here is the
        # table-valued form (pragma_table_info('claims')) or SQLite's own read of data_version.
        return sqlite3.SQLITE_OK if (arg1 or "").lower() in _READ_ONLY_PRAGMAS else sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and _db == "main":
        # FTS5 reports this while connecting its virtual table; the connection is read-only
        # (mode=ro, query_only) so no write can follow from it.
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _run_sqlite(path: str, statement: str, timeout: float, max_rows: int) -> SqlResult:
    uri = f"file:{_uri_path(path)}?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=2.0, isolation_level=None, check_same_thread=True)
    except sqlite3.OperationalError as error:
        raise WorkbenchError(f"cannot open {path} read-only: {error}") from None
    started = time.perf_counter()
    deadline = started + timeout
    timed_out = False

    def progress() -> int:
        nonlocal timed_out
        if time.perf_counter() > deadline:
            timed_out = True
            return 1
        return 0

    try:
        connection.execute("PRAGMA query_only=1")
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        connection.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)
        connection.set_authorizer(_authorizer)
        connection.set_progress_handler(progress, 10_000)
        try:
            cursor = connection.execute(statement)
            rows = cursor.fetchmany(max_rows + 1)
        except sqlite3.DatabaseError as error:
            if timed_out:
                raise QueryTimedOut(f"query stopped after {timeout:g} s (use --timeout to allow longer)") from None
            message = str(error)
            if "not authorized" in message or "prohibited" in message:
                raise QueryRefused(f"refused: {message} (the SQL console is read-only)") from None
            raise InvalidInput(f"SQL error: {message}") from None
        except sqlite3.Warning as error:  # e.g. "You can only execute one statement at a time."
            raise QueryRefused(f"refused: {error}") from None
        columns = [d[0] for d in cursor.description or []]
    finally:
        connection.close()
    return SqlResult(columns, [tuple(r) for r in rows[:max_rows]], len(rows) > max_rows, time.perf_counter() - started)


def _uri_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _run_server(database: Database, statement: str, timeout: float, max_rows: int) -> SqlResult:
    from sqlalchemy.exc import DBAPIError

    driver_errors: tuple[type[BaseException], ...] = (DBAPIError,)
    try:
        import psycopg

        driver_errors += (psycopg.Error,)
    except ImportError:  # pragma: no cover - only PostgreSQL needs psycopg
        pass

    started = time.perf_counter()
    with database.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(text("SET TRANSACTION READ ONLY"))
            connection.execute(text(f"SET LOCAL statement_timeout = {int(timeout * 1000)}"))
            # The driver's own cursor with no parameters, so '%' in the user's SQL is not
            # taken for a placeholder.
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]  # None only once the connection is closed; it is open here
            try:
                cursor.execute(statement)
                columns = [d[0] for d in cursor.description or []]
                rows = cursor.fetchmany(max_rows + 1) if cursor.description else []
            finally:
                cursor.close()
        except driver_errors as error:
            original = getattr(error, "orig", None) or error
            message = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
            if "statement timeout" in message:
                raise QueryTimedOut(f"query stopped after {timeout:g} s (use --timeout to allow longer)") from None
            if "read-only transaction" in message:
                raise QueryRefused(f"refused: {message} (the SQL console is read-only)") from None
            raise InvalidInput(f"SQL error: {message}") from None
        finally:
            transaction.rollback()
    return SqlResult(columns, [tuple(r) for r in rows[:max_rows]], len(rows) > max_rows, time.perf_counter() - started)
