"""Bring a database to the schema this workbench expects, after a backup.

Opening a database runs this: an empty database is created at head; an older one is backed
up (SQLite's online backup API, which copies a consistent snapshot even while WAL frames are
pending, unlike a file copy) and upgraded; one newer than this workbench is refused, because
writing to it could violate constraints this code does not know about.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from workbench.db.engine import is_sqlite


class DatabaseTooNew(RuntimeError):
    """The database was written by a newer workbench."""


class NotAWorkbenchDatabase(RuntimeError):
    """The database has tables but no workbench revision: refuse to touch it."""


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


def migrations_path() -> Path:
    """The Alembic scripts: ``migrations/`` in a checkout, ``workbench/migrations`` when installed."""
    return Path(str(resources.files("workbench.migrations")))


def alembic_config(engine: Engine | None = None, script_location: Path | None = None) -> Config:
    """Alembic settings for the workbench's migrations (or another folder, for tests)."""
    config = Config()
    config.set_main_option("script_location", str(script_location or migrations_path()))
    if engine is not None:
        config.attributes["connection"] = engine
        # ConfigParser interpolates '%', which URL-encoded options (search_path) contain.
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


@functools.lru_cache(maxsize=8)
def _scripts(script_location: Path | None) -> ScriptDirectory:
    """The revision scripts, parsed once per process (every CLI command checks them on open)."""
    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def head_revision(script_location: Path | None = None) -> str:
    head = _scripts(script_location).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_compatible(engine: Engine, script_location: Path | None = None) -> str | None:
    """Return the current revision, refusing databases this workbench cannot safely open."""
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
    current = check_compatible(engine, script_location)
    head = head_revision(script_location)
    if current == head:
        return UpgradeResult(current, head, None)
    backup_path = None
    if backup and current is not None and is_sqlite(engine):
        backup_path = backup_sqlite(engine, label=current)
    command.upgrade(alembic_config(engine, script_location), "head")
    return UpgradeResult(current, head, backup_path)


def backup_sqlite(engine: Engine, label: str) -> Path | None:
    """Copy the database with SQLite's backup API beside the original; return the copy's path."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    source_path = Path(database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = source_path.with_name(f"{source_path.stem}.backup-{label}-{stamp}{source_path.suffix}")
    source = sqlite3.connect(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def _has_foreign_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _describe(engine: Engine) -> str:
    return f"the database {engine.url.render_as_string(hide_password=True)}"
