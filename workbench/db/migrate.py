"""Bring a database to the schema this workbench expects, after a backup.

Opening a database runs this: an empty database is created at head; an older one is backed
up (``workbench.db.backup``: SQLite's online backup API under a temporary name, checked,
flushed and renamed) and only then upgraded; one newer than this workbench is refused,
because writing to it could violate constraints this code does not know about. A migration
that fails rolls back whole (see ``migrations/env.py``) and says so in one sentence, with
where the backup is.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from workbench.config import describe_db
from workbench.db.backup import write_backup
from workbench.db.engine import is_sqlite
from workbench.db.revisions import at_scripted_head, migrations_path

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
from workbench.errors import DatabaseRefused


class DatabaseTooNew(DatabaseRefused):
    """The database was written by a newer workbench."""


class NotAWorkbenchDatabase(DatabaseRefused):
    """The database has tables but no workbench revision: refuse to touch it."""


class MigrationFailed(DatabaseRefused):
    """An upgrade failed and was rolled back: the database is as it was, and the backup stays."""

    def __init__(self, engine: Engine, before: str | None, head: str, backup: Path | None, error: BaseException) -> None:
        cause = str(error).strip().splitlines()[0] if str(error).strip() else ""
        kept = f"; the backup taken before is at {backup}" if backup else ""
        super().__init__(
            f"upgrading {_describe(engine)} from {before or 'an empty schema'} to {head} failed "
            f"({type(error).__name__}{': ' + cause if cause else ''}); nothing was changed, it is still at "
            f"{before or 'an empty schema'}{kept}"
        )
        self.backup = backup


@dataclass(frozen=True)
class UpgradeResult:
    """What opening the database did, for a line on stderr."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def describe(self) -> str:
        if not self.changed:
            return f"database at revision {self.after}"
        if self.before is None:
            return f"created database schema at revision {self.after}"
        backup = f" (backup: {self.backup})" if self.backup else ""
        return f"upgraded database from {self.before} to {self.after}{backup}"


def alembic_config(engine: Engine | None = None, script_location: Path | None = None) -> Config:
    """Alembic settings for the workbench's migrations (or another folder, for tests)."""
    from alembic.config import Config  # Alembic loads only when a schema must change (start-up speed)

    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_path()))
    if engine is not None:
        config.attributes["connection"] = engine
        # ConfigParser interpolates '%', which URL-encoded options (search_path) contain.
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


@functools.lru_cache(maxsize=8)
def _scripts(script_location: Path | None) -> ScriptDirectory:
    """The revision scripts, parsed once per process (a command checks them on open, unless
    ``revisions.at_scripted_head`` already knows the database is at head)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def head_revision(script_location: Path | None = None) -> str:
    head = _scripts(script_location).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_compatible(engine: Engine, script_location: Path | None = None) -> str | None:
    """Return the current revision, refusing databases this workbench cannot safely open."""
    if script_location is None and (at_head := at_scripted_head(engine)) is not None:
        return at_head  # the common case, answered without Alembic (see revisions.py)
    current = current_revision(engine)
    script = _scripts(script_location)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as error:
            raise DatabaseTooNew(
                f"{_describe(engine)} is at schema revision {current}, which this workbench does not "
                f"know (its newest is {head_revision(script_location)}): it was written by a newer workbench. "
                "Upgrade the workbench; nothing was changed."
            ) from error
    elif _has_foreign_tables(engine):
        raise NotAWorkbenchDatabase(
            f"{_describe(engine)} has tables but is not a workbench database; nothing was changed."
        )
    return current


def upgrade_to_head(engine: Engine, backup: bool = True, script_location: Path | None = None) -> UpgradeResult:
    """Create or upgrade the schema; back the file up first when it already holds data."""
    if script_location is None and (at_head := at_scripted_head(engine)) is not None:
        return UpgradeResult(at_head, at_head, None)
    current = check_compatible(engine, script_location)
    head = head_revision(script_location)
    if current == head:
        return UpgradeResult(current, head, None)
    backup_path = None
    if backup and current is not None and is_sqlite(engine):
        backup_path = backup_sqlite(engine, label=current)
    from alembic import command

    try:
        command.upgrade(alembic_config(engine, script_location), "head")
    except Exception as error:
        raise MigrationFailed(engine, current, head, backup_path, error) from error
    return UpgradeResult(current, head, backup_path)


def backup_sqlite(engine: Engine, label: str) -> Path | None:
    """Back the database up beside itself, as ``NAME.backup-LABEL-TIME.db``; return the copy's path.

    The copy is complete and checked before it takes that name (``write_backup``), so a file
    with a backup's name is always a backup.
    """
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    source_path = Path(database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    stem = f"{source_path.stem}.backup-{label}-{stamp}"
    target = source_path.with_name(f"{stem}{source_path.suffix}")
    counter = 2
    while target.exists():  # two upgrades within one second
        target = source_path.with_name(f"{stem}-{counter}{source_path.suffix}")
        counter += 1
    return write_backup(source_path, target)


def _has_foreign_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _describe(engine: Engine) -> str:
    return f"the database {describe_db(engine.url)}"
