"""What the writers of one import share: its connection, ids, lookups, rejects and review log.

One ``ImportContext`` is made per file applied. Each writer (``write_sources``,
``write_documents``, ``write_claims``, ``plan_attributions``, ``write_links``) takes it in its
constructor and keeps nothing else in common with the others: whatever one writer needs of
another, it is given as a reference (the claims writer is given the attribution planner and
the links writer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session

from workbench.config import Origin
from workbench.db.base import utcnow
from workbench.db.engine import ORIGIN_INFO
from workbench.formats.interchange import ClaimSpec, DocumentSpec, Invalid, SourceSpec
from workbench.importing.affected import AffectedClaims
from workbench.importing.events import EventLog
from workbench.importing.keyfilter import KnownKeys
from workbench.importing.lookups import KeyLookups
from workbench.importing.merged import MergedKeys
from workbench.importing.prepared import PreparedFile
from workbench.importing.rows import RowWriter
from workbench.importing.summary import ImportSummary
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS, DOCUMENTS, SOURCES
from workbench.progress import Progress

FIRST_USE_SCANS = 20  # duplicated keys whose first use is looked for in the spool (each a scan)

KeyedSpecT = TypeVar("KeyedSpecT", SourceSpec, DocumentSpec, ClaimSpec)


@dataclass(frozen=True)
class Baseline:
    """The largest ids stored before the import: a row above one was created by this file."""

    sources: int
    documents: int
    claims: int
    attributions: int


class ImportContext:
    """The shared state of one file's import; see the module docstring."""

    def __init__(self, session: Session, reviewer: str, prepared: PreparedFile, progress: Progress) -> None:
        self.session = session
        self.connection = session.connection()
        self.prepared = prepared
        self.progress = progress
        self.summary = ImportSummary(prepared.name, format=prepared.format)
        self.reason = f"import from {prepared.name}"
        self.now = utcnow()
        self.rows = RowWriter(self.connection)
        origin: Origin | None = session.info.get(ORIGIN_INFO)
        self.log = EventLog(self.rows, reviewer, self.reason, self.now, origin.session_key if origin else None)
        self.keys = KeyLookups(self.connection)
        self.affected = AffectedClaims(session, self.now)
        # Keys of this file's claims that were merged into another claim: links and later
        # rows of the file still name them, and they mean the claim they were merged into.
        self.merged = MergedKeys(self.connection)
        # Which claim and attribution keys need a lookup; until ``writing`` sizes it for the
        # file, every key does.
        self.known_keys = KnownKeys.everything()
        self.baseline = Baseline(*(self.rows.max_id(table) for table in (SOURCES, DOCUMENTS, CLAIMS, ATTRIBUTIONS)))
        self._first_use_scans = 0

    def reject(self, problem: Invalid, raw: str | None) -> None:
        """Refuse a record: raises in a strict import, sets it aside in a lenient one."""
        self.prepared.reject(problem.line, problem.field, problem.reason, raw)

    def first_use(self, kind: type[KeyedSpecT], key: str, before: int | None) -> str:
        """Where a duplicated key was first used, found by scanning the spool (rarely needed)."""
        self._first_use_scans += 1
        if self._first_use_scans <= FIRST_USE_SCANS:
            for chunk in self.prepared.spool.batches(kind):
                for spec, _raw in chunk:
                    if spec.key == key:
                        if spec.line is not None and (before is None or spec.line < before):
                            return f"first used on line {spec.line}"
                        break
                else:
                    continue
                break
        return "first used earlier in this file"
