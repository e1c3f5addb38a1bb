"""Opening the configured database the way every entry point should: upgraded, after a backup."""

from __future__ import annotations

from collections.abc import Callable

from workbench.config import resolve_db_url
from workbench.db.engine import Database
from workbench.db.migrate import UpgradeResult, upgrade_to_head


def open_database(
    db: str | None = None, *, upgrade: bool = True, report: Callable[[str], None] | None = None
) -> Database:
    """Open ``--db``/``$WORKBENCH_DB``/the default, creating or upgrading the schema first.

    ``report`` receives one line when the schema was created or upgraded (the CLI prints it
    on stderr), so a user always learns that their file was changed and where the backup is.
    """
    database = Database(resolve_db_url(db))
    if upgrade:
        try:
            result: UpgradeResult = upgrade_to_head(database.engine)
        except Exception:
            database.dispose()
            raise
        if result.changed and report is not None:
            report(result.describe())
    return database
