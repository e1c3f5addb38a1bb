"""SQLite only: run an import's INSERT statements on a thread while the next batch is prepared.

Why: ``sqlite3`` releases the GIL while a statement runs, and the import inserts each batch
with one or two multi-row statements per table (``rows.BatchInsert``), so SQLite's work
(rows, indexes, full-text index, counters) overlaps with the Python work of reading, checking
and matching the next batch. On two cores that hides most of the writing time.

While the writer thread runs, the interpreter hands the GIL over every millisecond instead
of every 5 (``sys.setswitchinterval``, ``SWITCH_INTERVAL_SECONDS``). Why: the writer holds the
GIL only to take the next statement and bind its values, between statements that run without
it, but each time it asks for it back it waited for the main thread, busy with the next batch's
Python, to reach the end of its 5 ms turn. With the writer the slower of the two, those waits
were the import's: a ``--no-match`` import of 100k claims took 10.6 and 10.9 s with the
default and 8.6-9.4 s with a switch every 0.05-1 ms (7 runs over 5 settings), the writes'
phase 7.8-7.9 s against 5.8-6.7 s.

Correctness rests on one rule: nothing else touches the connection while a write runs. A
``before_cursor_execute`` hook on the import's connection makes every other statement wait
for the pending writes first (and re-raises a write's error there), so reads always see every
earlier write, in order, inside the same transaction. Writes run one at a time in the order
they were submitted, on the raw DBAPI connection, never through SQLAlchemy objects.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Connection, event

# Statements queued at most (a batch is one per table, about six): the writer always has the
# next batches waiting, and a reader faster than SQLite (a --no-match import of a million
# claims) waits here instead of holding the whole file's rows in memory (365 MB at 1M).
MAX_QUEUED = 16
SWITCH_INTERVAL_SECONDS = 0.001  # while a writer thread runs (see the module docstring); Python's default is 0.005

_writers_running = 0  # the switch interval is shortened by the first writer and restored by the last
_default_switch_interval = sys.getswitchinterval()
_switch_lock = threading.Lock()


class BackgroundWriteError(RuntimeError):
    """A queued write failed; reported at the next statement, which is not the one to blame."""


class BackgroundWrites:
    """Ordered writes on one helper thread; see the module docstring."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._owner = threading.get_ident()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-import-writes")
        self._pending: list[Future[None]] = []
        dbapi = connection.connection.driver_connection
        assert dbapi is not None
        self._cursor = dbapi.cursor()
        event.listen(connection, "before_cursor_execute", self._before_other_statement)
        self._closed = False
        _writer_started()

    def submit(self, statement: str, parameters: Sequence[Sequence[Any]]) -> None:
        """Queue ``statement`` once per parameter tuple, after every write queued before; with
        ``MAX_QUEUED`` already queued, first wait for the oldest."""
        while len(self._pending) >= MAX_QUEUED:
            oldest = self._pending[0]
            if oldest.exception() is not None:  # waits for it; a failure is raised as ``wait`` does
                self.wait()
            self._pending.pop(0)
        self._pending.append(self._executor.submit(self._run, statement, list(parameters)))

    def _run(self, statement: str, parameters: list[Sequence[Any]]) -> None:
        for values in parameters:
            self._cursor.execute(statement, values)

    def wait(self) -> None:
        """Block until every queued write is done; a failed write raises ``BackgroundWriteError``
        (the import's transaction is then rolled back by its caller)."""
        pending, self._pending = self._pending, []
        error: BaseException | None = None
        for future in pending:
            try:
                future.result()
            except BaseException as failure:  # noqa: BLE001 - re-raised below, first one wins
                error = error or failure
        if error is not None:
            raise BackgroundWriteError(f"an import's batched write failed: {error}") from error

    def close(self) -> None:
        """Wait for the queued writes (raising a failed one's error), then unhook; once."""
        if self._closed:
            return
        self._closed = True
        try:
            self.wait()
        finally:
            event.remove(self._connection, "before_cursor_execute", self._before_other_statement)
            self._executor.shutdown(wait=True)
            self._cursor.close()
            _writer_stopped()

    def _before_other_statement(self, *_: Any) -> None:
        if threading.get_ident() == self._owner and self._pending:
            self.wait()


def _writer_started() -> None:
    global _writers_running, _default_switch_interval
    with _switch_lock:
        if _writers_running == 0:
            _default_switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_default_switch_interval, SWITCH_INTERVAL_SECONDS))
        _writers_running += 1


def _writer_stopped() -> None:
    global _writers_running
    with _switch_lock:
        _writers_running -= 1
        if _writers_running == 0:
            sys.setswitchinterval(_default_switch_interval)
