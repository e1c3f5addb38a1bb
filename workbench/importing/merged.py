"""Keys of an import's claims that were merged into another claim, kept in a temporary table.

A merged claim is never stored, yet later rows of the same file (a duplicate key, a link)
still name it and mean the claim it joined. A large feed merges tens of thousands of claims,
and an import's memory is budgeted whatever the file size, so the keys live in a temporary
table of the import's own transaction rather than in a dictionary: created when a file is
applied, dropped when it is done, and gone with a rollback.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, Table, Text, select

from workbench.db.batches import in_wanted, wanted
from workbench.importing.tables import chunks

TEMP_CACHE_KIB = 256  # SQLite's page cache for this table while an import runs (see ``create``)
# Not part of the models' metadata: it is never in a migration or a real schema.
MERGED_KEYS = Table(
    "import_merged_keys",
    MetaData(),
    Column("key", Text, primary_key=True),
    Column("claim_id", Integer, nullable=False),
)

_MERGED_INTO = select(MERGED_KEYS.c.key, MERGED_KEYS.c.claim_id).where(MERGED_KEYS.c.key.in_(wanted()))  # ``db.batches.wanted``


class MergedKeys:
    """This file's merged claim keys: those of the current batch in memory, the rest in a table."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.pending: dict[str, int] = {}  # merged in this batch, not yet written
        self._temp_cache_size: int | None = None  # SQLite's, before ``create``

    def create(self) -> None:
        """Create the (empty) table. On SQLite it is clustered on the key (``WITHOUT ROWID``:
        one B-tree, not a table and its key's index) and its page cache is small: SQLite caches
        temporary tables apart from the database, by default up to 2 MB, and a million-claim
        feed's 23,500 merged keys took 1.4 MB of it (0.5 MB at a quarter of the feed) against
        0.7 MB clustered; lookups are few (a batch's keys the key filter may have seen)."""
        if self.connection.dialect.name == "sqlite":
            self._temp_cache_size = int(self.connection.exec_driver_sql("PRAGMA temp.cache_size").scalar_one())
            self.connection.exec_driver_sql(f"PRAGMA temp.cache_size=-{TEMP_CACHE_KIB}")
            clustered = " WITHOUT ROWID"
        else:
            clustered = ""
        self.connection.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_merged_keys (key TEXT PRIMARY KEY, claim_id INTEGER NOT NULL)"
            + clustered
        )
        self.connection.exec_driver_sql("DELETE FROM import_merged_keys")

    def drop(self) -> None:
        # Qualified, so that it can only ever drop the temporary table.
        schema = "temp" if self.connection.dialect.name == "sqlite" else "pg_temp"
        self.connection.exec_driver_sql(f"DROP TABLE IF EXISTS {schema}.import_merged_keys")
        self.restore_cache()

    def restore_cache(self) -> None:
        """Give SQLite's temporary tables their page cache back (a failed import too: the
        PRAGMA is not part of the transaction that is rolled back)."""
        if self._temp_cache_size is not None:
            self.connection.exec_driver_sql(f"PRAGMA temp.cache_size={self._temp_cache_size}")
            self._temp_cache_size = None

    def add(self, key: str, claim_id: int) -> None:
        self.pending[key] = claim_id

    def take_rows(self) -> list[dict[str, Any]]:
        """The batch's merged keys as rows to insert into ``MERGED_KEYS``."""
        rows = [{"key": key, "claim_id": claim_id} for key, claim_id in self.pending.items()]
        self.pending = {}
        return rows

    def find(self, keys: Set[str]) -> dict[str, int]:
        """Which of ``keys`` were merged, and into which claim (a set: it is read twice)."""
        found = {key: self.pending[key] for key in keys if key in self.pending}
        wanted = sorted({key for key in keys if key not in found})
        for chunk in chunks(wanted):
            for row in self.connection.execute(_MERGED_INTO, in_wanted(chunk)):
                found[row.key] = row.claim_id
        return found
