"""Opening the configured database the way every entry point should: upgraded, after a backup.

Before anything connects, the target is looked at: a folder or a driver that is not installed
is refused with one sentence, and a missing database is created only when the caller says so
(``create``). A reading command on a mistyped path must say "no database there" rather than
create an empty one (and its folder). A file that is not an SQLite database is refused by
SQLite itself on the first connection ("file is not a database"), before anything is written.

The file is never opened here with Python's ``open``: SQLite's locks are POSIX locks, which
belong to the process, and closing any descriptor of the file drops all of them, those of this
process's connections already open to it included. Another process may then take itself for
the last one, checkpoint and delete the WAL under them (``tests/test_opening_locks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError

from workbench.config import Origin, describe_db, resolve_db_url, sqlite_file
from workbench.db.engine import Database
from workbench.db.faults import database_fault
from workbench.db.migrate import UpgradeResult, check_compatible, upgrade_to_head
from workbench.errors import DatabaseRefused, InvalidInput, MissingExtra, NoDatabase

CREATE_HINT = "create it with `workbench init` (or `workbench import FILE`)"


def open_database(
    db: str | None = None,
    *,
    upgrade: bool = True,
    report: Callable[[str], None] | None = None,
    create: bool = True,
    origin: Origin | None = None,
    after_upgrade: Callable[[Database, UpgradeResult], None] | None = None,
) -> Database:
    """Open ``--db``/``$WORKBENCH_DB``/the default, creating or upgrading the schema first.

    ``report`` receives one line when the schema was created or upgraded (the CLI prints it
    on stderr), so a user always learns that their file was changed and where the backup is.
    With ``create=False`` a database that does not exist yet (no file, an empty file, or no
    workbench schema) is refused with ``NoDatabase`` instead of being created.
    ``after_upgrade`` runs once the schema changed (``review.opening`` recomputes the stored
    statuses there: this layer knows nothing of the rules); its faults are reported like the
    upgrade's own.
    """
    url = resolve_db_url(db)
    shown = describe_db(url)
    path = sqlite_file(url)
    if path is not None:
        _check_sqlite_path(path, create)
    database = _connect(url, origin)
    try:
        _first_connection(database)
        if not create and check_compatible(database.engine) is None:
            raise NoDatabase(f"no workbench database at {shown}; {CREATE_HINT}")
        if upgrade:
            result: UpgradeResult = upgrade_to_head(database.engine)
            if result.changed and report is not None:
                report(result.describe())
            if result.changed and after_upgrade is not None:
                after_upgrade(database, result)
    except Exception as error:
        database.dispose()
        fault = database_fault(error, shown)
        if fault is not None:
            raise fault from error
        raise
    return database


def _first_connection(database: Database) -> None:
    """Connect once, so that a file that is not a database is refused here, whatever the caller
    goes on to do (the connection stays in the pool for its first use)."""
    with database.engine.connect():
        pass


def _check_sqlite_path(path: Path, create: bool) -> None:
    """Refuse a folder, and a database that does not exist unless it may be created; never
    opens the file itself (see the module's docstring)."""
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a folder, not a database file; nothing was changed")
    if not path.exists() or path.stat().st_size == 0:
        if not create:
            raise NoDatabase(f"no database at {path}; {CREATE_HINT}")
        if not path.parent.is_dir():
            if path.parent.exists():
                raise DatabaseRefused(f"{path.parent} is not a folder; nothing was created")
            path.parent.mkdir(parents=True)


def _connect(url: URL, origin: Origin | None) -> Database:
    try:
        return Database(url, origin=origin)
    except NoSuchModuleError as error:
        raise InvalidInput(
            f"unsupported database URL scheme {url.drivername!r}: give an SQLite file path or a postgresql:// URL"
        ) from error
    except ImportError as error:
        if url.get_backend_name() == "postgresql":
            raise MissingExtra(
                "PostgreSQL support is not installed: install the workbench with its postgres extra, "
                "for example pip install -e \".[postgres]\" (it adds psycopg 3)"
            ) from error
        raise MissingExtra(f"the driver for {url.drivername} is not installed ({error})") from error
