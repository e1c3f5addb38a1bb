"""Checking the storage itself: damaged pages and rows that point at nothing.

Recomputing statuses reads happily past a malformed page, and ``integrity_check`` does not
see orphaned rows: ``db check`` needs both of SQLite's own checks before it can say a file
is sound. PostgreSQL checks its pages and enforces its foreign keys itself, so there is
nothing to ask it here.

The check can run on a thread of its own (``StorageCheck``) while the statuses are recomputed
in worker processes: ``integrity_check`` is C code that holds no lock Python needs, and at a
million claims it read for 28 s on one core while the recomputation waited for it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

_SHOWN = 20


@dataclass(frozen=True)
class StorageReport:
    """What SQLite's checks found: damage (``integrity_check``) and orphans (``foreign_key_check``)."""

    damage: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.damage and not self.orphans


def check_storage(engine: Engine, *, quick: bool = False) -> StorageReport:
    """Run ``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` on an SQLite file."""
    if engine.dialect.name != "sqlite":
        return StorageReport()
    pragma = "quick_check" if quick else "integrity_check"
    with engine.connect() as connection:
        try:
            verdicts = [row[0] for row in connection.exec_driver_sql(f"PRAGMA {pragma}({_SHOWN})")]
        except DatabaseError as error:  # damage bad enough that the check itself cannot read on
            return StorageReport(damage=[str(error.orig or error)])
        lines = [line.strip() for verdict in verdicts for line in str(verdict).splitlines()]
        damage = [] if verdicts == ["ok"] else [line for line in lines if line and not line.startswith("***")][:_SHOWN]
        orphans = [
            f"{table} row {rowid} points at a missing row of {parent}"
            for table, rowid, parent, _index in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchmany(_SHOWN)
        ]
    return StorageReport(damage=damage, orphans=orphans)


class StorageCheck:
    """``check_storage`` started on a thread of its own; ``report`` waits for its answer.

    A daemon thread, so that Ctrl-C is not held up until SQLite has read the whole file.
    """

    def __init__(self, engine: Engine, *, quick: bool = False) -> None:
        self._report: StorageReport | None = None
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, args=(engine, quick), name="workbench-storage-check", daemon=True)
        self._thread.start()

    def _run(self, engine: Engine, quick: bool) -> None:
        try:
            self._report = check_storage(engine, quick=quick)
        except Exception as error:  # noqa: BLE001 - raised again in the caller's thread by ``report``
            self._error = error

    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self, seconds: float) -> None:
        self._thread.join(seconds)

    def report(self) -> StorageReport:
        """What the check found (raising what it raised), once it has ended."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._report is not None
        return self._report
