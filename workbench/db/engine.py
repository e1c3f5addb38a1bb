"""Engines and sessions.

SQLite gets WAL (readers never wait for the writer), ``foreign_keys=ON`` (off by default,
per connection), a ``busy_timeout``, and write transactions that start with
``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes in WAL mode fails at
once with SQLITE_BUSY_SNAPSHOT when another writer got in between, instead of waiting.
pysqlite's own transaction handling is switched off so SQLAlchemy emits our BEGIN.

PostgreSQL gets the same one-writer-at-a-time rule: a write transaction begins by taking a
transaction-level advisory lock of its schema (``pg_advisory_xact_lock``), waiting for it up
to the busy timeout (then "database busy", exit 8, as on SQLite). Readers never wait. Row
locks alone were not enough: a status computed while another writer changed a grade, an
affiliation or a link it depends on could be stored stale, and writers locking claims in
different orders deadlocked. SERIALIZABLE transactions fixed both but, on a desk's small
tables, aborted most concurrent writes for retry (138 retries in 160 actions of
``benchmarks/desk_bench.py --quick``). Anything PostgreSQL still aborts as transient runs
again (``write_retry.run_write``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from workbench.config import Origin, busy_timeout_seconds, current_origin
from workbench.db.write_retry import run_write

T = TypeVar("T")

_BEGIN_OPTION = "workbench_sqlite_begin"
_WRITE_LOCK_OPTION = "workbench_postgresql_write_lock"
# Where the session's changes are made (an ``Origin``), in ``Session.info``: the review log
# records it with every event.
ORIGIN_INFO = "workbench.origin"


def is_sqlite(engine_or_url: Engine | URL) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url
    return url.get_backend_name() == "sqlite"


def create_workbench_engine(url: URL | str, **kwargs: Any) -> Engine:
    """Create an engine with the workbench's connection settings for its backend."""
    from sqlalchemy.engine import make_url

    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
        _install_postgresql_hooks(engine)
        return engine

    engine = create_engine(url, **kwargs)
    _install_sqlite_hooks(engine)
    return engine


# Row writes SQLite's authorizer is asked about (sqlite3.SQLITE_INSERT, _UPDATE, _DELETE).
_ROW_WRITES = frozenset({sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE})


def _writes_only_in_transactions(dbapi_connection: sqlite3.Connection) -> Callable[..., int]:
    """An authorizer that refuses to change a stored row outside a transaction.

    Every workbench write runs inside a transaction it began. On a full disk, a file-size
    limit or an I/O error SQLite rolls that transaction back by itself; a statement of the
    same unit of work that ran after that (a batch already queued by an import, say) would
    then commit on its own, and half of the work would stay. Refused here, it changes nothing.
    """

    def authorize(action: int, _arg1: str | None, _arg2: str | None, database: str | None, _trigger: str | None) -> int:
        if action in _ROW_WRITES and database == "main" and not dbapi_connection.in_transaction:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    return authorize


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy (see the "begin" hook); PRAGMAs below run
        # outside any transaction, where foreign_keys is not silently ignored.
        dbapi_connection.isolation_level = None
        dbapi_connection.set_authorizer(_writes_only_in_transactions(dbapi_connection))
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds() * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _install_postgresql_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if not connection.get_execution_options().get(_WRITE_LOCK_OPTION):
            return
        # SET LOCAL: the timeout ends with the transaction. The lock is per schema, so desks in
        # two schemas of one database (the tests' way) never wait for each other.
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(busy_timeout_seconds() * 1000)}")
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('workbench writes: ' || current_schema()))")


class Database:
    """One database: an engine plus sessions for reading and for writing.

    Callers own their unit of work: one CLI command or one TUI action opens one session.
    ``origin`` says where the changes come from (this process's terminal unless the caller
    says otherwise, as the TUI does); every session carries it for the review log.
    """

    def __init__(self, url: URL | str, *, origin: Origin | None = None, **engine_kwargs: Any) -> None:
        self.engine = create_workbench_engine(url, **engine_kwargs)
        self.url = self.engine.url
        self.origin = origin or current_origin("Python")
        writer = (
            self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            if is_sqlite(self.engine)
            else self.engine.execution_options(**{_WRITE_LOCK_OPTION: True})
        )
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.engine)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; rolled back at the end so it can never write by accident."""
        with self._read_sessions() as session:
            session.info[ORIGIN_INFO] = self.origin
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite): commits on success, else rolls back."""
        with self._write_sessions() as session:
            session.info[ORIGIN_INFO] = self.origin
            with session.begin():
                yield session

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction, again after a transient conflict (PostgreSQL)."""
        return run_write(self, work)

    def dispose(self) -> None:
        self.engine.dispose()
