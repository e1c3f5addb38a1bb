"""Engines and sessions.

SQLite gets WAL (readers never wait for the writer), ``foreign_keys=ON`` (off by default,
per connection), a ``busy_timeout``, and write transactions that start with
``BEGIN IMMEDIATE``: a deferred transaction that reads and then writes in WAL mode fails at
once with SQLITE_BUSY_SNAPSHOT when another writer got in between, instead of waiting.
pysqlite's own transaction handling is switched off so SQLAlchemy emits our BEGIN.
PostgreSQL needs none of this and goes through the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
_BEGIN_OPTION = "workbench_sqlite_begin"


def is_sqlite(engine_or_url: Engine | URL) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else engine_or_url
    return url.get_backend_name() == "sqlite"


def create_workbench_engine(url: URL | str, **kwargs: Any) -> Engine:
    """Create an engine with the workbench's connection settings for its backend."""
    from sqlalchemy.engine import make_url

    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)

    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    _install_sqlite_hooks(engine)
    return engine


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy (see the "begin" hook); PRAGMAs below run
        # outside any transaction, where foreign_keys is not silently ignored.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One database: an engine plus sessions for reading and for writing.

    Callers own their unit of work: one CLI command or one TUI action opens one session.
    """

    def __init__(self, url: URL | str, **engine_kwargs: Any) -> None:
        self.engine = create_workbench_engine(url, **engine_kwargs)
        self.url = self.engine.url
        writer = (
            self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            if is_sqlite(self.engine)
            else self.engine
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
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite): commits on success, else rolls back."""
        with self._write_sessions() as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        self.engine.dispose()
