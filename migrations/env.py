"""Alembic environment for the workbench.

Runs every migration in one transaction (SQLite included: our engine emits its own BEGIN, so
a migration that fails halfway leaves the database at the old revision, unchanged), in batch
mode on SQLite, with ``foreign_keys`` switched off around it: batch mode copies a table and
drops the old one, and with the pragma on that DROP cascades and silently deletes child rows.
A ``foreign_key_check`` afterwards refuses to commit a migration that orphaned anything.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, Engine

from workbench.config import resolve_db_url
from workbench.db import models  # noqa: F401  (registers the tables on Base.metadata)
from workbench.db.base import Base
from workbench.db.engine import create_workbench_engine
from workbench.db.sqlite_pragmas import foreign_keys_off

config = context.config
target_metadata = Base.metadata


def _drop_empty_autogenerate(context_, revision, directives) -> None:
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave full-text search objects out of autogenerate: they are hand-written (see the
    full-text revision) and have no model: FTS5 tables and their shadow tables on SQLite,
    GIN expression indexes on PostgreSQL."""
    return not (type_ in ("table", "index") and name and "_fts" in name)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,
        process_revision_directives=_drop_empty_autogenerate,
        include_object=_include_object,
    )


def _run_on(connection: Connection) -> None:
    with foreign_keys_off(connection):
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if isinstance(connectable, Connection):
        _run_on(connectable)
        return
    if connectable is not None:
        # An Engine, or an object that stands in for one (pytest-alembic wraps a connection):
        # never fall through to the configured database, which would be the user's own.
        with connectable.connect() as connection:
            _run_on(connection)
        return
    engine: Engine = create_workbench_engine(resolve_db_url(config.get_main_option("sqlalchemy.url") or None))
    with engine.connect() as connection:
        _run_on(connection)
    engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=str(resolve_db_url(config.get_main_option("sqlalchemy.url") or None)),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
