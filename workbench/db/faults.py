"""What went wrong underneath, in words a user can act on: locks, full disks, damaged files.

The database and the disk fail in a handful of ways a user can do something about: another
program holds the lock, other reviewers' writes keep colliding with this one (PostgreSQL), the disk is full or a file-size limit is reached, the file is
damaged or is not a database, the server cannot be reached. ``database_fault`` turns the
driver's exception for each into a ``WorkbenchError`` with one sentence and its exit code,
so the CLI (and the TUI) never show a traceback for them. Anything else is left alone.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from workbench.config import busy_timeout_seconds
from workbench.db.write_retry import TRANSIENT_SQLSTATES, transient_sqlstate
from workbench.errors import CHANGED_MEANWHILE, ChangedMeanwhile, DatabaseBusy, DatabaseRefused, StorageFull, WorkbenchError

_NO_SPACE = {errno.ENOSPC: "no space left on the device", errno.EFBIG: "file too large (a file-size limit was reached)"}
if hasattr(errno, "EDQUOT"):
    _NO_SPACE[errno.EDQUOT] = "disk quota exceeded"
NOTHING_CHANGED = "nothing was changed"
_LOCK_NOT_AVAILABLE = "55P03"


def database_fault(error: BaseException, where: str = "the database") -> WorkbenchError | None:
    """The user-facing error for ``error``, or None when it is not a fault of the storage.

    The chain of causes is followed: a failure reported by a layer above the driver (an
    import's queued write, say) carries the driver's error as its cause.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        fault = _fault(current, where)
        if fault is not None:
            return fault
        current = current.__cause__ or current.__context__
    return None


def _fault(error: BaseException, where: str) -> WorkbenchError | None:
    if isinstance(error, WorkbenchError):
        return error
    if isinstance(error, StaleDataError):  # a version check lost outside ``AuditedWrite.flush``
        return ChangedMeanwhile(CHANGED_MEANWHILE)
    state = transient_sqlstate(error) if isinstance(error, DBAPIError) else None
    if state is not None:  # still colliding after ``run_write``'s attempts, or a writer that does not retry
        return DatabaseBusy(
            f"database busy: this change kept colliding with other reviewers' changes on {where} "
            f"({TRANSIENT_SQLSTATES[state]}); {NOTHING_CHANGED} — try again"
        )
    if isinstance(error, OSError) and error.errno in _NO_SPACE:
        named = f" ({error.filename})" if error.filename else ""
        return StorageFull(f"{_NO_SPACE[error.errno]}{named}; {NOTHING_CHANGED}")
    original: BaseException = (error.orig or error) if isinstance(error, DBAPIError) else error
    if getattr(original, "sqlstate", None) == _LOCK_NOT_AVAILABLE:  # PostgreSQL's lock_timeout (the busy timeout)
        return DatabaseBusy(
            f"database busy: another writer has held {where} for over {busy_timeout_seconds():g} s; "
            f"{NOTHING_CHANGED} — try again"
        )
    if isinstance(original, sqlite3.Error):
        return _sqlite_fault(original, where)
    if (isinstance(error, DBAPIError) and error.connection_invalidated) or _is_connection_failure(original):
        first_line = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
        return DatabaseRefused(f"cannot reach {where}: {first_line}; {NOTHING_CHANGED}")
    return None


def _sqlite_fault(error: sqlite3.Error, where: str) -> WorkbenchError | None:
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in message:
        return DatabaseBusy(
            f"database busy: another program has held {where} locked for over {busy_timeout_seconds():g} s; "
            f"{NOTHING_CHANGED} — try again"
        )
    if name == "SQLITE_FULL" or "database or disk is full" in message:
        return StorageFull(f"no space left / file too large while writing {where}; {NOTHING_CHANGED}")
    if name.startswith("SQLITE_IOERR"):
        return StorageFull(
            f"could not write {where} (disk I/O error: no space left, a file-size limit or a failing disk); {NOTHING_CHANGED}"
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in message:
        return DatabaseRefused(
            f"{where} is damaged ({message}); run `workbench db check` and restore it from a backup"
        )
    if name == "SQLITE_NOTADB" or "file is not a database" in message:
        return DatabaseRefused(f"{where} is not an SQLite database ({message}); {NOTHING_CHANGED}")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")):
        return DatabaseRefused(f"cannot open {where} for writing ({message}); check the file's permissions")
    return None


def _is_connection_failure(error: BaseException) -> bool:
    """A server that cannot be reached (psycopg's OperationalError before any query ran)."""
    module = type(error).__module__ or ""
    return module.startswith("psycopg") and type(error).__name__ == "OperationalError"
