"""A cheap "has anyone else written to the database?" for an open review screen.

Each backend has its own way to say so, and both are far cheaper than reading the review log
every second:

- PostgreSQL: ``LISTEN workbench_changes``. A trigger on ``review_events`` (revision
  f98d2eadfab3) notifies when a change commits, with the claim ids of its events.
- SQLite: ``PRAGMA data_version``, which changes whenever another connection commits to the
  file (any process, or another connection of this one). It reads a counter in shared memory.

A signal only says that something may have changed; what changed is read from the review log
(``workbench.review.desk_news``). ``changed()`` never blocks for long, so a caller can poll it
from a thread worker between checks that it was cancelled. Each signal holds one connection
of its own, outside the engine's pool, until ``close()``.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Engine

CHANNEL = "workbench_changes"  # the channel revision f98d2eadfab3's trigger notifies
_SOCKET_POLL = 0.001  # seconds: the shortest wait in which psycopg looks at the socket


class ChangeSignal(Protocol):
    """Says whether another connection committed a change since the last call."""

    def changed(self, timeout: float = 0.0) -> bool:
        """True when something may have changed since the last call; waits up to ``timeout`` seconds for it."""
        ...

    def close(self) -> None: ...


def open_change_signal(engine: Engine) -> ChangeSignal:
    """The engine's backend's signal, on a connection of its own."""
    if engine.dialect.name == "sqlite":
        return SqliteDataVersion(engine)
    if engine.dialect.name == "postgresql":
        return PostgresListen(engine)
    raise ValueError(f"no change signal for the {engine.dialect.name} backend")


class SqliteDataVersion:
    """Polls ``PRAGMA data_version`` on a connection that never writes."""

    def __init__(self, engine: Engine) -> None:
        self._raw = engine.raw_connection()
        self._raw.detach()  # held for the screen's life: never handed back to the pool
        self._version = self._read()

    def _read(self) -> int:
        # The engine's connect hook left pysqlite in autocommit: this runs outside any
        # transaction, so it holds no read snapshot and never blocks a checkpoint.
        cursor = self._raw.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            row = cursor.fetchone()
            return int(row[0]) if row is not None else 0
        finally:
            cursor.close()

    def changed(self, timeout: float = 0.0) -> bool:
        del timeout  # a counter in shared memory: no waiting needed, the caller polls it
        version = self._read()
        if version == self._version:
            return False
        self._version = version
        return True

    def close(self) -> None:
        self._raw.close()


class PostgresListen:
    """``LISTEN`` on a connection in autocommit mode; notifications queue up until read."""

    def __init__(self, engine: Engine) -> None:
        self._raw = engine.raw_connection()
        connection: Any = self._raw.driver_connection  # a psycopg.Connection
        self._raw.rollback()  # out of any transaction the pool began, before autocommit
        self._raw.detach()
        connection.autocommit = True
        connection.execute(f"LISTEN {CHANNEL}")
        self._connection = connection

    def changed(self, timeout: float = 0.0) -> bool:
        """True when at least one notification arrived; the others already queued are drained too."""
        arrived = False
        # psycopg reads the socket only while it waits: a zero timeout would never see anything.
        for _notify in self._connection.notifies(timeout=max(timeout, _SOCKET_POLL), stop_after=1):
            arrived = True
        if arrived:  # whatever else is queued says the same thing: drain it now, barely waiting
            for _notify in self._connection.notifies(timeout=_SOCKET_POLL):
                pass
        return arrived

    def close(self) -> None:
        try:
            self._connection.execute(f"UNLISTEN {CHANNEL}")
        finally:
            self._connection.close()
