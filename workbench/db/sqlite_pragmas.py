"""Switching SQLite's foreign-key enforcement off around a migration, safely.

The pragma is a no-op inside a transaction, so it is set on the raw DBAPI connection before
SQLAlchemy begins one, and restored afterwards. Orphans are looked for with
``foreign_key_check`` (``integrity_check`` does not see them) before the migration commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, event


class OrphanedRowsError(RuntimeError):
    """A migration left rows pointing at rows that no longer exist."""


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    if connection.dialect.name != "sqlite":
        yield
        return
    if connection.in_transaction():
        connection.commit()
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")

    def check_before_commit(conn: Connection) -> None:
        problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            tables = sorted({row[0] for row in problems})
            raise OrphanedRowsError(
                f"migration would leave {len(problems)} orphaned row(s) in {', '.join(tables)}; rolled back"
            )

    event.listen(connection, "commit", check_before_commit)
    try:
        yield
    finally:
        event.remove(connection, "commit", check_before_commit)
        if connection.in_transaction():
            connection.rollback()
        raw.execute("PRAGMA foreign_keys=ON")
