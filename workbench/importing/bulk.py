"""SQLite only: a large import into an empty or small database builds its indexes once, at the end.

Why: with the full-text triggers in place, every batch's INSERT also writes a new segment of
each full-text index (later merged again and again), and the secondary indexes of ``claims``,
``claim_tags`` and ``attributions`` are updated row by row in random key order. Into an empty database it is
cheaper to write bare rows and then build each index once: ``INSERT INTO fts(fts) VALUES
('rebuild')`` reads the content table in one pass, and ``CREATE INDEX`` sorts once.

What stays correct:

- All or nothing. SQLite's DDL is transactional: the triggers and indexes are dropped and
  recreated inside the import's own transaction, so a failure anywhere rolls the drops back
  with the rows, and the database is exactly as before (tests/test_import_bulk.py).
- Same database. The recreated triggers and indexes are the stored ``sqlite_master`` SQL,
  byte for byte, and ``rebuild`` indexes every row of the content table, stored before or
  imported now; the claim counters' triggers are never touched.
- Reads during the import. Only indexes nothing reads while the claims are written are
  dropped (the import never looks claims up by status, verdict or date, tags by tag, or
  attributions by date, stance, source or document: ``DEFERRED_INDEXES``), and they are back
  before the reads that follow (which sources made an official statement, which stored claims
  a changed source or document reaches). The full-text indexes are read during an import only by the matcher's search of
  stored claims, and those claims stay indexed: only this file's rows are missing
  until the rebuild, and they are matched through the matcher's in-memory window.

When: the rebuild reads every row, stored ones included, so it pays only when the file is large
(``BULK_MIN_CLAIMS``) and what is stored is small beside it (``BULK_STORED_SHARE``).

Except where the writer thread has time (``writer_has_time``: an import that matches
duplicates). There the main thread is the slow one, busy matching, while the writer thread
that runs the inserts (``background``) waits for work. So the full-text triggers stay, and so
do the indexes whose rows arrive in key order (``IN_ORDER_INDEXES``: claims by id within each
status, verdict or count, tags by tag): the writer thread updates them as it inserts, instead
of the main thread building them at the end, where every second adds to the wall time (6.4 s
for the full-text indexes of a million claims, 4 s for these). The attributions' indexes
stay deferred: their rows land at random places. Without matching the writer thread has no
time to spare, and everything is built at the end (keeping the full-text triggers there was
no faster).
"""

from __future__ import annotations

from sqlalchemy import Connection

BULK_MIN_CLAIMS = 2_000
BULK_STORED_SHARE = 0.25  # stored claims at most this share of the file's claims
FTS_TABLES = ("claims_fts", "attributions_fts", "sources_fts", "source_aliases_fts")
# Secondary indexes nothing reads while an import writes its claims: claims are looked up by
# id and key, tags by claim, attributions by key and claim. Named one by one, so an index a
# later migration adds is kept up to date row by row until it is listed here. (The review
# log's are read: a file's notes and verdict reasons are compared with the logged ones,
# ``write_notes``.) In two groups:
# - rows arriving in key order: each insert goes to the end of one of a few groups (claim ids
#   only grow; one import gives every claim the same time), so keeping them up to date touches
#   a handful of pages. Kept where the writer thread has time.
IN_ORDER_INDEXES = (
    "ix_claims__status_id",
    "ix_claims__verdict_id",
    "ix_claims__origin_count_id",
    "ix_claims__status_origin_count_id",
    "ix_claims__updated_at",
    "ix_claims__disputed",
    "ix_claims__superseded",
    "ix_claims__fulfilled",
    "ix_claim_tags__tag",
)
# - rows landing at random places: the attributions' source and document indexes, at a
#   million claims, no longer fit SQLite's page cache, and every insert read and wrote pages back.
RANDOM_ORDER_INDEXES = (
    "ix_attributions__as_of",
    "ix_attributions__source_id_stance",
    "ix_attributions__source_id",
    "ix_attributions__document_id",
)
DEFERRED_INDEXES = (*IN_ORDER_INDEXES, *RANDOM_ORDER_INDEXES)


def wants_bulk(connection: Connection, new_claims: int) -> bool:
    """Whether importing ``new_claims`` claims here should take the bulk path."""
    if connection.dialect.name != "sqlite" or new_claims < BULK_MIN_CLAIMS:
        return False
    stored = connection.exec_driver_sql("SELECT count(*) FROM claims").scalar_one()
    return bool(stored <= new_claims * BULK_STORED_SHARE)


class DeferredIndexes:
    """Drops the full-text triggers and the deferred indexes, then puts them back and rebuilds.

    Both steps run on the import's connection inside its transaction (see the module
    docstring); ``restore`` must be called before the transaction commits.
    """

    def __init__(self, connection: Connection, *, writer_has_time: bool = False) -> None:
        self.connection = connection
        # True: the full-text triggers and the in-order indexes stay (see the module docstring).
        self.writer_has_time = writer_has_time
        self._saved: list[tuple[str, str, str]] = []  # (type, name, sql)
        self._fts: list[str] = []

    def drop(self) -> None:
        """Drop the full-text sync triggers and the deferred secondary indexes."""
        fts_present = {
            name
            for (name,) in self.connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?, ?)", FTS_TABLES
            )
        }
        self._fts = [] if self.writer_has_time else [name for name in FTS_TABLES if name in fts_present]
        triggers = [
            (kind, name, sql)
            for kind, name, sql in self.connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
            )
            if any(name.startswith(f"{fts}_after_") for fts in self._fts)
        ]
        deferred = RANDOM_ORDER_INDEXES if self.writer_has_time else DEFERRED_INDEXES
        marks = ", ".join("?" * len(deferred))
        indexes = list(
            self.connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND name IN ({marks}) AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
                deferred,
            )
        )
        self._saved = [*indexes, *triggers]
        for kind, name, _sql in self._saved:
            self.connection.exec_driver_sql(f'DROP {kind.upper()} "{name}"')

    def restore(self) -> None:
        """Recreate what ``drop`` dropped, from its stored SQL, and rebuild the full-text indexes."""
        saved, self._saved = self._saved, []
        for _kind, _name, sql in saved:
            self.connection.exec_driver_sql(sql)
        for fts in self._fts:
            self.connection.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        # FTS5 keeps a rebuild's last terms pending and writes them when the transaction
        # commits, after SQLite has left the transaction: the connection's authorizer
        # (``db.engine``) then refuses those writes and the commit fails. A savepoint makes
        # FTS5 write them now, inside the transaction.
        self.connection.exec_driver_sql("SAVEPOINT workbench_bulk_fts")
        self.connection.exec_driver_sql("RELEASE workbench_bulk_fts")
