"""SQLite only: a large import into an empty or small database builds some indexes once, at the end.

Why: the secondary indexes of ``attributions`` (by source, document, date) are updated row by
row in random key order. At a million claims they no longer fit SQLite's page cache, and
every insert read and wrote pages back. Into an empty database it is cheaper to write the
rows without them and build each index once at the end: ``CREATE INDEX`` sorts once.

What stays correct:

- All or nothing. SQLite's DDL is transactional: the indexes are dropped and recreated
  inside the import's own transaction, so a failure anywhere rolls the drops back with the
  rows, and the database is exactly as before (tests/test_import_bulk.py).
- Same database. The recreated indexes are the stored ``sqlite_master`` SQL, byte for byte.
- Reads during the import. Only indexes nothing reads while the claims are written are
  dropped (the import never looks attributions up by date, stance, source or document), and
  they are back before the reads that follow (which sources made an official statement,
  which stored claims a changed source or document reaches).

When: building an index reads every row, stored ones included, so it pays only when the file
is large (``BULK_MIN_CLAIMS``) and what is stored is small beside it (``BULK_STORED_SHARE``).

SQLite can sort an index build on helper threads (``PRAGMA threads``), but at 100k claims the
four builds took 0.29 s with one or two helpers against 0.23 s without (three rounds each,
2026-12-07), so they are built on the import's thread alone.

What is not deferred, and why. The full-text triggers and the indexes whose rows arrive in
key order (claims by id within each status, verdict or count; tags by tag) stay: the writer
thread that runs the inserts (``background``) updates them as it inserts, while the main
thread reads, checks and matches the next batch; built at the end, every second of them
adds to the wall time, since nothing else runs then. Until 2026-12-05 an import without
matching dropped them too and built them all at the end, on the grounds that its writer
thread had no time to spare; measured again then (the writes had got cheaper since), keeping
them took 0.913x the time at 100k claims (3 alternated pairs, 0.913-0.933x) and 0.817x at a
million (one pair, 270 s against 330 s), with the same peak memory.
"""

from __future__ import annotations

from sqlalchemy import Connection

BULK_MIN_CLAIMS = 2_000
BULK_STORED_SHARE = 0.25  # stored claims at most this share of the file's claims
# Secondary indexes nothing reads while an import writes its claims (attributions are looked
# up by key and claim), whose rows land at random places. Named one by one, so an index a
# later migration adds is kept up to date row by row until it is listed here.
DEFERRED_INDEXES = (
    "ix_attributions__as_of",
    "ix_attributions__source_id_stance",
    "ix_attributions__source_id",
    "ix_attributions__document_id",
)


def wants_bulk(connection: Connection, new_claims: int) -> bool:
    """Whether importing ``new_claims`` claims here should take the bulk path."""
    if connection.dialect.name != "sqlite" or new_claims < BULK_MIN_CLAIMS:
        return False
    stored = connection.exec_driver_sql("SELECT count(*) FROM claims").scalar_one()
    return bool(stored <= new_claims * BULK_STORED_SHARE)


class DeferredIndexes:
    """Drops the deferred indexes, then puts them back.

    Both steps run on the import's connection inside its transaction (see the module
    docstring); ``restore`` must be called before the transaction commits.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._saved: list[tuple[str, str]] = []  # (name, sql)

    def drop(self) -> None:
        """Drop the deferred secondary indexes (those the database has)."""
        marks = ", ".join("?" * len(DEFERRED_INDEXES))
        self._saved = [
            (name, sql)
            for name, sql in self.connection.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                DEFERRED_INDEXES,
            )
        ]
        for name, _sql in self._saved:
            self.connection.exec_driver_sql(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        """Recreate what ``drop`` dropped, from its stored SQL."""
        saved, self._saved = self._saved, []
        for _name, sql in saved:
            self.connection.exec_driver_sql(sql)
