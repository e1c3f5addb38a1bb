"""The second phase of an import: apply validated records in the caller's transaction, in bulk.

Records are applied kind by kind (sources, documents, claims, links), each in batches: a
batch's keys are looked up with a few queries, every record of the batch is checked (its
references resolve, its key is not used twice in the file), and only then is the batch
written with Core statements, never an ORM object per row. Everything is in the caller's
single transaction, so a failure anywhere leaves the database as it was.

Ids of new rows are reserved before they are written (SQLite: after the largest id, which is
safe because the import holds the write lock; PostgreSQL: from the table's sequence), so a
new claim's corroboration status is computed from its attributions in memory and stored
with the claim in the same INSERT: no second pass, and ``db check`` agrees.

Keys are how records are found again: a key that exists before the import is an update (or
unchanged); a key created earlier in the same file is a duplicate, except for a CSV claim
continued on rows further down. The review log gets one event per created or changed record,
as the hand-written use cases do.

The work is shared by one writer object per kind of record (``write_sources``,
``write_documents``, ``write_claims`` with ``plan_attributions``, ``write_links``), all
given the file's ``ImportContext``; ``FileWriter`` here runs them in order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from sqlalchemy.orm import Session

from workbench.formats.interchange import ClaimSpec
from workbench.importing.analysis import WORKER_MIN_CLAIMS, worked_ahead
from workbench.importing.bulk import DeferredIndexes, wants_bulk
from workbench.importing.claim_matcher import AheadJob, ClaimMatcher
from workbench.importing.context import ImportContext
from workbench.importing.heap import TRIM_EVERY, release_free_memory
from workbench.importing.keyfilter import KnownKeys
from workbench.importing.plan_attributions import AttributionPlanner
from workbench.importing.prepared import PreparedFile
from workbench.importing.summary import ImportSummary
from workbench.importing.tables import CLAIMS_PER_BATCH
from workbench.importing.write_claims import ClaimWriter
from workbench.importing.write_documents import DocumentWriter
from workbench.importing.write_links import LinkWriter
from workbench.importing.write_sources import SourceWriter
from workbench.progress import NoProgress, Progress
from workbench.review import status

IMPORT_CACHE_KIB = 6 * 1024  # SQLite page cache while importing (default: 2 MiB)


class FileWriter:
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
        bulk: bool | None = None,
    ) -> None:
        self.prepared = prepared
        self.bulk = bulk
        self.progress = progress or NoProgress()
        self.context = ImportContext(session, reviewer, prepared, self.progress)
        # An exact copy (a workbench export) is restored record by record: merging two of its
        # claims because they read alike would undo a reviewer's decision to keep them apart.
        self.matcher = ClaimMatcher() if prepared.exact_copy or matcher is None else matcher
        self.batch_size = claims_per_batch
        self.sources = SourceWriter(self.context)
        self.documents = DocumentWriter(self.context)
        self.links = LinkWriter(self.context)
        self.claims = ClaimWriter(self.context, self.matcher, AttributionPlanner(self.context, self.matcher), self.links)

    def run(self) -> ImportSummary:
        context, rows = self.context, self.context.rows
        spool = self.prepared.spool
        total = sum(spool.counts.values())
        self.progress.start(f"importing {self.prepared.name}", total)
        if rows.is_sqlite:
            rows.start_background()
            restore_cache = self._grow_sqlite_cache()
        deferred = self._deferred_indexes()
        try:
            if deferred is not None:
                deferred.drop()
            context.merged.create()
            with rows.short_statements():  # their statements are never run again (see there)
                self.sources.apply()
                self.documents.apply()
            self.matcher.prepare(context.session, spool.counts["claim"])
            if rows.is_sqlite:  # elsewhere nothing waits on a read, and every key is looked up
                context.known_keys = KnownKeys.for_import(
                    context.connection, spool.repeats, spool.counts["claim"], context.baseline.claims
                )
            in_worker = self.matcher.works_ahead and spool.counts["claim"] >= WORKER_MIN_CLAIMS
            for number, (batch, answer) in enumerate(worked_ahead(self._claim_batches(), self._work_ahead, in_worker=in_worker), 1):
                # Pure Python work on the batch's claims (done ahead by a worker process for a
                # large file), while the last batch's writes run.
                self.matcher.next_batch([spec for spec, _raw in batch], answer)
                self.claims.write_batch(batch)
                self.progress.advance(len(batch))
                if number % TRIM_EVERY == 0:
                    release_free_memory()
            self.matcher.claims_done()
            self.claims.finish()
            self._claims_written()
            self.links.apply()
            if deferred is not None:
                # Before the reads below, which look attributions up by source and document.
                if rows.is_sqlite:
                    # Building an index sorts instead of inserting in random order, and
                    # SQLite's sorter takes as much memory as the page cache is allowed: with
                    # the import's larger cache the build added 5 MB to the import's peak at
                    # 100k claims, with the usual one 2 MB, in the same time.
                    restore_cache()
                deferred.restore()
            for source_id in self.sources.derive_version1_kinds():
                # Every claim below it, the file's own included: they were assessed before.
                context.affected.given_attributions(status.claims_affected_by_source(context.session, source_id))
            context.log.flush()
            context.affected.refresh(context.baseline.claims)
            context.merged.drop()
            rows.stop_background()
        finally:
            self.progress.finish()
            # Failing already: the transaction is rolled back anyway, and the first error is
            # the one the user must see.
            with contextlib.suppress(Exception):
                rows.stop_background()
            with contextlib.suppress(Exception):
                context.merged.restore_cache()
            if rows.is_sqlite:
                restore_cache()
        context.summary.rejected = self.prepared.rejected
        return context.summary

    def _claims_written(self) -> None:
        """Let go of what only writing claims needs before the file's last steps begin.

        Why: those steps (the links, the deferred index builds, the recomputed stored
        statuses, the commit) come while the write-ahead log's index, which grows with the
        file, is at its largest, and an import onto a large database peaked there, recomputing
        the stored claims. Held until then were the filter of stored keys (the file's own keys
        were a filter then too: 4 MiB at a million claims), the
        sources' and documents' ids by key and their facts for statuses (10,000 and 20,000 of
        them), and the documents known to have a text: caches that grow with the file. Let go
        here, the process's peak fell from 136 to 133 MB at a million claims onto 250,000, and
        from 92 to 90 MB at 250,000 into an empty database (one run each); the peak of a
        million into an empty one, reached while its claims are written, stayed at 103 MB.
        """
        context = self.context
        context.known_keys = KnownKeys.everything()  # every key "maybe known" again
        context.keys.forget()
        self.claims.forget()
        release_free_memory()

    def _deferred_indexes(self) -> DeferredIndexes | None:
        """The bulk path's index handling (``importing.bulk``), or None for the normal path.

        ``bulk`` True forces it (SQLite only), False refuses it, None decides by the sizes.
        """
        connection = self.context.connection
        if self.bulk is None:
            chosen = wants_bulk(connection, self.prepared.spool.counts["claim"])
        else:
            chosen = self.bulk and connection.dialect.name == "sqlite"
        return DeferredIndexes(connection) if chosen else None

    def _grow_sqlite_cache(self) -> Callable[[], None]:
        """A larger page cache while importing; returns what puts the old size back.

        Each batch inserts into several indexes in key order, which is random order for the
        B-trees (keys, hashes): once they outgrow SQLite's default 2 MB cache, every insert
        reads pages back from the WAL. Measured on 300k claims, the background writes took
        46 s with the default cache, 42 s with 16 MiB and 36 s with 32 MiB. The import's
        memory budget is 150 MB in all, so it takes 6 MiB. It took 8 until the writes got
        cheaper (multi-row statements, more indexes deferred, 2026-12-05); then, at 1M claims,
        one run each: with matching 146.6 MiB peak in 243 s against 149.4 in 250 s, and with
        ``--no-match`` 160 s against 165 s, so no slower within this machine's drift.
        """
        raw = self.context.connection.connection.driver_connection
        assert raw is not None
        rows = self.context.rows
        rows.wait_for_writes()
        (previous,) = raw.execute("PRAGMA cache_size").fetchone()
        if 0 > previous > -IMPORT_CACHE_KIB:
            raw.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")

        def restore() -> None:
            rows.wait_for_writes()  # the PRAGMA goes on the raw connection: see wait_for_writes
            raw.execute(f"PRAGMA cache_size={int(previous)}")

        return restore

    def _work_ahead(self, batch: list[tuple[ClaimSpec, str | None]]) -> AheadJob | None:
        return self.matcher.work_ahead([spec for spec, _raw in batch])

    def _claim_batches(self) -> Iterator[list[tuple[ClaimSpec, str | None]]]:
        """The spooled claims in batches of ``batch_size`` (the spool's batches are its own size)."""
        batch: list[tuple[ClaimSpec, str | None]] = []
        for chunk in self.prepared.spool.batches(ClaimSpec):
            for item in chunk:
                batch.append(item)
                if len(batch) >= self.batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch




def apply(
    session: Session,
    prepared: PreparedFile,
    reviewer: str,
    *,
    progress: Progress | None = None,
    matcher: ClaimMatcher | None = None,
    bulk: bool | None = None,
) -> ImportSummary:
    """Apply a prepared file in the caller's transaction; bad records raise or are rejected.

    ``bulk``: None lets a large file into an empty or small SQLite database build its
    indexes once at the end (``importing.bulk``); True or False forces the choice.
    """
    return FileWriter(session, reviewer, prepared, progress=progress, matcher=matcher, bulk=bulk).run()
