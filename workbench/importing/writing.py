"""The second phase of an import: apply validated records in the caller's transaction, in bulk.

Records are applied kind by kind (sources, documents, claims, links), each in batches: a
batch's keys are looked up with a few queries, every record of the batch is checked (its
references resolve, its key is not used twice in the file), and only then is the batch
written with Core ``executemany`` statements, never an ORM object per row. Everything is
in the caller's single transaction, so a failure anywhere leaves the database as it was.

Ids of new rows are reserved before they are written (SQLite: after the largest id, which is
safe because the import holds the write lock; PostgreSQL: from the table's sequence), so a
new claim's corroboration status is computed from its attributions in memory and stored
with the claim in the same INSERT: no second pass, and ``db check`` agrees.

Keys are how records are found again: a key that exists before the import is an update (or
unchanged); a key created earlier in the same file is a duplicate, except for a CSV claim
continued on rows further down. The review log gets one event per created or changed record,
as the hand-written use cases do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from workbench.corroboration import DocumentFacts, SourceFacts
from workbench.db.base import utcnow
from workbench.formats.interchange import ClaimSpec, Invalid
from workbench.importing.background import BackgroundWrites
from workbench.importing.keyfilter import KeyFilter
from workbench.importing.merged import MergedKeys
from workbench.importing.prepared import PreparedFile
from workbench.importing.tables import (
    ATTRIBUTIONS,
    CACHE_LIMIT,
    CLAIMS,
    CLAIMS_PER_BATCH,
    DOCUMENTS,
    EVENTS,
    REFRESH_CHUNK,
    SOURCES,
    ClaimMatcher,
    ImportSummary,
    chunks,
    json_batches,
    sqlite_insert,
)
from workbench.importing.write_attributions import AttributionPlanning
from workbench.importing.write_claims import ClaimWriting
from workbench.importing.write_links import LinkWriting
from workbench.importing.write_sources import SourceAndDocumentWriting
from workbench.progress import NoProgress, Progress
from workbench.review import status
from workbench.review.audit import jsonable_values
from workbench.vocabulary import EntityType

IMPORT_CACHE_KIB = 8 * 1024  # SQLite page cache while importing (default: 2 MiB)


class Writer(SourceAndDocumentWriting, ClaimWriting, AttributionPlanning, LinkWriting):
    """Applies one prepared file; see the module docstring."""

    def __init__(
        self,
        session: Session,
        reviewer: str,
        prepared: PreparedFile,
        *,
        progress: Progress | None = None,
        matcher: ClaimMatcher | None = None,
        claims_per_batch: int = CLAIMS_PER_BATCH,
    ) -> None:
        self.session = session
        self.reviewer = reviewer
        self.prepared = prepared
        self.progress = progress or NoProgress()
        # An exact copy (a workbench export) is restored record by record: merging two of its
        # claims because they read alike would undo a reviewer's decision to keep them apart.
        self.matcher = ClaimMatcher() if prepared.exact_copy or matcher is None else matcher
        self.batch_size = claims_per_batch
        self.summary = ImportSummary(prepared.name, format=prepared.format)
        self.reason = f"import from {prepared.name}"
        self.connection = session.connection()
        self.is_sqlite = self.connection.dialect.name == "sqlite"
        self.background: BackgroundWrites | None = None  # during ``run`` on SQLite
        self.now = utcnow()
        self.source_ids: dict[str, int] = {}
        self.source_keys: dict[int, str] = {}
        self.document_ids: dict[str, int] = {}
        self.source_facts: dict[int, SourceFacts] = {}
        self.document_facts: dict[int, DocumentFacts] = {}
        self.document_texts: dict[int, str | None] = {}
        self.statuses: dict[tuple[Any, ...], tuple[str, int, str | None]] = {}  # see ``_new_claim_status``
        self.names: dict[str, int] = {}
        self.touched_sources: set[int] = set()
        self.touched_documents: set[int] = set()
        self.events: list[dict[str, Any]] = []
        self._sequences: dict[str, str] = {}
        self._next_ids: dict[str, int] = {}  # SQLite: table -> next free id
        self._duplicate_lookups = 0
        self._moved_from: set[int] = set()  # claims that lost an attribution to a claim of this file
        self.touched_claims: set[int] = set()  # claims given or changed an attribution: refresh later
        # Keys of this file's claims that were merged into another claim: links and later
        # rows of the file still name them, and they mean the claim they were merged into.
        self.merged = MergedKeys(self.connection)
        self.merged_before: dict[str, int] = {}  # the current batch's keys merged in earlier ones
        self.known_keys = KeyFilter(0, complete=False)  # set in ``run``: which keys need a lookup

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> ImportSummary:
        self.baseline = {table.name: self._max_id(table) for table in (SOURCES, DOCUMENTS, CLAIMS, ATTRIBUTIONS)}
        spool = self.prepared.spool
        total = sum(spool.counts.values())
        self.progress.start(f"importing {self.prepared.name}", total)
        if self.is_sqlite:
            self.background = BackgroundWrites(self.connection)
            restore_cache = self._grow_sqlite_cache()
        try:
            self.merged.create()
            self._apply_sources()
            self._apply_documents()
            self.matcher.prepare(self.session, spool.counts["claim"])
            if self.is_sqlite:  # elsewhere nothing waits on a read, and every key is looked up
                self.known_keys = KeyFilter.for_import(
                    self.connection, spool.counts["claim"], spool.attribution_keys, self.baseline["claims"]
                )
            for batch in self._claim_batches():
                # Pure Python work on the batch's texts, while the last batch's writes run.
                self.matcher.analyse(spec.text for spec, _raw in batch)
                self._apply_claims(batch)
                self.progress.advance(len(batch))
            self._apply_links()
            self._flush_events()
            self._refresh_affected()
            self.merged.drop()
            self._stop_background()
        finally:
            self.progress.finish()
            if self.background is not None:  # failing already: never mask that error
                # Failing already: the transaction is rolled back anyway, and the first error is
                # the one the user must see.
                with contextlib.suppress(Exception):
                    self._stop_background()
            if self.is_sqlite:
                restore_cache()
        self.summary.rejected = self.prepared.rejected
        return self.summary

    def _grow_sqlite_cache(self) -> Callable[[], None]:
        """A larger page cache while importing; returns what puts the old size back.

        Each batch inserts into several indexes in key order, which is random order for the
        B-trees (keys, hashes): once they outgrow SQLite's default 2 MB cache, every insert
        reads pages back from the WAL. Measured on 300k claims, the background writes took
        46 s with the default cache, 42 s with 16 MiB and 36 s with 32 MiB. The import's
        memory budget is 150 MB in all, so it takes 8 MiB (with 4 MiB a 1M-claim import was
        slower and still peaked above 150 MB).
        """
        raw = self.connection.connection.driver_connection
        assert raw is not None
        (previous,) = raw.execute("PRAGMA cache_size").fetchone()
        if 0 > previous > -IMPORT_CACHE_KIB:
            raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        return lambda: raw.execute(f"PRAGMA cache_size={int(previous)}")

    def _refresh_touched(self) -> None:
        """Recompute the statuses of the claims this import gave attributions so far."""
        touched, self.touched_claims = self.touched_claims, set()
        self.session.expire_all()
        status.refresh_claims(self.session, touched)

    def _stop_background(self) -> None:
        background, self.background = self.background, None
        if background is not None:
            background.close()

    def _claim_batches(self) -> Iterator[list[tuple[ClaimSpec, str | None]]]:
        batch: list[tuple[ClaimSpec, str | None]] = []
        for chunk in self.prepared.spool.batches("claim"):
            for item in chunk:
                batch.append(item)  # type: ignore[arg-type]
                if len(batch) >= self.batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    def _reject(self, problem: Invalid, raw: str | None) -> None:
        self.prepared.reject(problem.line, problem.field, problem.reason, raw)

    # -- ids, events, lookups ------------------------------------------------------------------

    def _max_id(self, table: Table) -> int:
        return self.connection.execute(select(func.max(table.c.id))).scalar() or 0

    def _new_ids(self, table: Table, count: int) -> list[int]:
        """Reserve ``count`` ids for rows about to be inserted into ``table``."""
        if count == 0:
            return []
        if self.is_sqlite:
            # Every row this import adds with an id comes through here, and the import holds
            # the write lock: after the first query the next free id is known without asking
            # (asking would wait for the background writes).
            start = self._next_ids.get(table.name) or self._max_id(table) + 1
            self._next_ids[table.name] = start + count
            return list(range(start, start + count))
        sequence = self._sequences.get(table.name)
        if sequence is None:
            sequence = self.connection.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar_one()
            self._sequences[table.name] = sequence
        return list(
            self.connection.execute(
                text("SELECT nextval(:sequence) FROM generate_series(1, :count)"), {"sequence": sequence, "count": count}
            ).scalars()
        )

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if not self.is_sqlite:
            self.connection.execute(insert(table), rows)
            return
        # SQLite fast path: one statement per batch (see ``json_batches`` for why), with values
        # stored exactly as SQLAlchemy's SQLite types store them. Per-row parameter
        # processing in Core costs more than the INSERT itself at this volume.
        names = tuple(rows[0])
        statement, converters = sqlite_insert(table, names)
        getter = itemgetter(*names)
        if len(names) == 1:
            values: list[Any] = [(getter(row),) for row in rows]
        elif not converters:
            values = list(map(getter, rows))
        else:
            values = []
            for row in rows:
                value = list(getter(row))
                for index, convert in converters:
                    value[index] = convert(value[index])
                values.append(value)
        batches = [(batch,) for batch in json_batches(values)]
        if self.background is not None:
            self.background.submit(statement, batches)
        else:
            for parameters in batches:
                self.connection.exec_driver_sql(statement, parameters)

    def _log(
        self,
        entity_type: EntityType,
        entity_id: int,
        action: str,
        claim_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.events.append(
            {
                "at": self.now,
                "reviewer": self.reviewer,
                "entity_type": entity_type.value,
                "entity_id": entity_id,
                "claim_id": claim_id,
                "action": action,
                "before": jsonable_values(before),
                "after": jsonable_values(after),
                "reason": self.reason,
            }
        )

    def _flush_events(self) -> None:
        self._insert(EVENTS, self.events)
        self.events = []

    def _lookup_sources(self, keys: Iterable[str]) -> None:
        if len(self.source_ids) > CACHE_LIMIT:  # start over first: what this batch needs is reloaded
            self.source_ids.clear()
        missing = sorted({k for k in keys if k not in self.source_ids})
        for chunk in chunks(missing):
            for row in self.connection.execute(select(SOURCES.c.id, SOURCES.c.key).where(SOURCES.c.key.in_(chunk))):
                self.source_ids[row.key] = row.id
                self.source_keys[row.id] = row.key

    def _lookup_documents(self, keys: Iterable[str]) -> None:
        if len(self.document_ids) > CACHE_LIMIT:  # start over first: what this batch needs is reloaded
            self.document_ids.clear()
        missing = sorted({k for k in keys if k not in self.document_ids})
        for chunk in chunks(missing):
            for row in self.connection.execute(select(DOCUMENTS.c.id, DOCUMENTS.c.key).where(DOCUMENTS.c.key.in_(chunk))):
                self.document_ids[row.key] = row.id

    def _source_id(self, key: str, line: int | None, where: str) -> int:
        if key not in self.source_ids:
            self._lookup_sources([key])
        if key not in self.source_ids:
            raise Invalid(line, where, f"unknown source key {key!r} (not in this file or the database)")
        return self.source_ids[key]

    def _document_id(self, key: str, line: int | None, where: str) -> int:
        if key not in self.document_ids:
            self._lookup_documents([key])
        if key not in self.document_ids:
            raise Invalid(line, where, f"unknown document key {key!r} (not in this file or the database)")
        return self.document_ids[key]

    def _first_line(self, kind: str, key: str, before: int | None) -> str:
        """Where a duplicated key was first used, found by scanning the spool (rarely needed)."""
        self._duplicate_lookups += 1
        if self._duplicate_lookups <= 20:
            for chunk in self.prepared.spool.batches(kind):
                for spec, _raw in chunk:
                    if getattr(spec, "key", None) == key:
                        if spec.line is not None and (before is None or spec.line < before):
                            return f"first used on line {spec.line}"
                        break
                else:
                    continue
                break
        return "first used earlier in this file"

    # -- statuses of stored claims ---------------------------------------------------------------

    def _refresh_affected(self) -> None:
        """Claims whose evidence changed: given or changed attributions by this file, or stored
        before it and reached through one of its sources or documents."""
        affected: set[int] = set(self._moved_from)
        for source_id in self.touched_sources:
            affected |= status.claims_affected_by_source(self.session, source_id)
        for document_id in self.touched_documents:
            affected |= status.claims_affected_by_document(self.session, document_id)
        affected = {claim_id for claim_id in affected if claim_id <= self.baseline["claims"]} | self.touched_claims
        self.touched_claims = set()
        if affected:
            self.session.expire_all()
            # A chunk at a time, so a large import's tens of thousands of merged claims are
            # never all held in memory at once (as ORM objects and assessments).
            for chunk in chunks(sorted(affected), REFRESH_CHUNK):
                status.refresh_claims(self.session, chunk)


def apply(
    session: Session,
    prepared: PreparedFile,
    reviewer: str,
    *,
    progress: Progress | None = None,
    matcher: ClaimMatcher | None = None,
) -> ImportSummary:
    """Apply a prepared file in the caller's transaction; bad records raise or are rejected."""
    return Writer(session, reviewer, prepared, progress=progress, matcher=matcher).run()
