"""Opening a database for use: its schema brought up to date, then its stored statuses.

The stored statuses and flags are derived data. An upgrade can bring new inputs to the rules
(a column a revision adds) and comes with the rules of the workbench doing it, so after any
upgrade of a database that already held data every claim is recomputed once, in one
transaction, and the user is told how many changed. Migrations themselves never run the
rules: a revision that called today's code would break once a later revision changed what
that code reads.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.config import Origin
from workbench.db import opening
from workbench.db.engine import Database
from workbench.db.migrate import UpgradeResult, upgrade_to_head


def open_database(
    db: str | None = None,
    *,
    upgrade: bool = True,
    report: Callable[[str], None] | None = None,
    create: bool = True,
    origin: Origin | None = None,
) -> Database:
    """Open ``--db``/``$WORKBENCH_DB``/the default, upgraded (after a backup) and with its statuses current.

    ``create`` and ``origin`` mean what they mean to ``db.opening.open_database``.
    """

    def recompute(database: Database, result: UpgradeResult) -> None:
        recompute_after_upgrade(database, result, report)

    return opening.open_database(
        db, upgrade=upgrade, report=report, create=create, origin=origin, after_upgrade=recompute
    )


def upgrade_database(database: Database, report: Callable[[str], None] | None = None) -> UpgradeResult:
    """Upgrade an open database to this workbench's schema, then recompute its statuses (``db upgrade``)."""
    result = upgrade_to_head(database.engine)
    if report is not None:
        report(result.describe())
    if result.changed:
        recompute_after_upgrade(database, result, report)
    return result


def recompute_after_upgrade(
    database: Database, result: UpgradeResult, report: Callable[[str], None] | None = None
) -> int:
    """Store every claim's status under the current rules; returns how many changed."""
    if result.before is None:  # created just now: nothing stored yet
        return 0
    # Imported only when an upgrade happened, for start-up speed: opening an up-to-date
    # database (every command) needs none of the corroboration rules.
    from workbench.review.status import count_mismatches, find_mismatches

    with database.writing() as session:
        changed = find_mismatches(session, fix=True)
        count_mismatches(session, fix=True)
    if report is not None and changed:
        report(f"recomputed the stored status of {len(changed)} claim(s) under this workbench's rules")
    return len(changed)
