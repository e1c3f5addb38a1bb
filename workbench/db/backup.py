"""Consistent copies of a live SQLite database that are never half-written under their name.

A copy written straight to its final name is not a backup: a kill during the copy leaves a
file that looks right and opens as an empty database. So a copy is made under a temporary
name, checked (``PRAGMA quick_check``), flushed to disk, and only then renamed; a reader of
the final name sees either nothing or a complete, checked copy.

The copy goes through SQLite's online backup API in one step, which reads one consistent
snapshot of the database (WAL frames included) while other processes keep writing.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from workbench.config import busy_timeout_seconds
from workbench.errors import InvalidInput, WorkbenchError
from workbench.output_files import PARTIAL_SUFFIX, check_output_file


class BackupFailed(WorkbenchError):
    """The copy could not be made or did not pass its check; no file was left under its name."""


def write_backup(database: Path, target: Path) -> Path:
    """Copy the SQLite database at ``database`` to ``target`` (which must not exist yet).

    The copy is a self-contained file (rollback journal, not WAL) that opens as it is.
    """
    if target.exists():
        raise InvalidInput(f"{target} already exists; give a new file name (nothing was written)")
    check_output_file(target, database=database)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        _copy(database, partial)
        _fsync(partial)
        if target.exists():  # made meanwhile by someone else: never overwrite it
            raise InvalidInput(f"{target} already exists; give a new file name (nothing was written)")
        os.replace(partial, target)
        _fsync_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _copy(database: Path, partial: Path) -> None:
    partial.unlink(missing_ok=True)  # left by a copy that was killed
    with closing(sqlite3.connect(database, timeout=busy_timeout_seconds())) as source:
        with closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)  # one step: a single consistent snapshot
            copy.execute("PRAGMA journal_mode=DELETE")
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise BackupFailed(f"the copy of {database} did not pass its check ({verdict}); nothing was kept")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:  # some file systems refuse fsync on a folder; the data itself is synced
        pass
    finally:
        os.close(descriptor)
