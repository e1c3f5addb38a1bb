"""Writing an import's documents: the records first, then what each is derived from.

``derived_from`` is set once every document of the file is written, and checked for loops.
As with sources, new claims' statuses are computed from documents as this step leaves them,
and stored claims a changed document reaches are recomputed at the end.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, update

from workbench.dates import to_stored
from workbench.db.batches import in_wanted, wanted
from workbench.formats.interchange import DocumentSpec, Invalid, field_path
from workbench.importing.context import ImportContext
from workbench.importing.tables import DOCUMENTS, chunks
from workbench.review.quote_anchors import reanchor_document
from workbench.vocabulary import EntityType


class DocumentWriter:
    """Creates and updates the file's documents (see the module docstring)."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.keys = context.keys
        self.summary = context.summary

    def apply(self) -> None:
        """Write the file's documents, then what each is derived from."""
        for chunk in self.context.prepared.spool.batches(DocumentSpec):
            self._write_batch(chunk)
            self.context.progress.advance(len(chunk))
        self.log.flush()
        for chunk in self.context.prepared.spool.batches(DocumentSpec):
            for spec, raw in chunk:
                if spec.partial or spec.key not in self.keys.document_ids:
                    continue
                try:
                    self._set_derived_from(spec)
                except Invalid as problem:
                    self.context.reject(problem, raw)
        self.log.flush()

    _COLUMNS = (
        "title", "outlet_id", "byline", "place", "published_at", "published_precision", "url", "full_text", "content_hash",
    )
    # The stored documents of a batch's keys (``db.batches.wanted``: built once).
    _STORED = select(DOCUMENTS.c.id, DOCUMENTS.c.key, *(DOCUMENTS.c[name] for name in _COLUMNS)).where(DOCUMENTS.c.key.in_(wanted()))

    def _write_batch(self, batch: list[tuple[DocumentSpec, str | None]]) -> None:
        keys = sorted({spec.key for spec, _ in batch})
        existing: dict[str, Any] = {}
        for chunk in chunks(keys):
            for found in self.connection.execute(self._STORED, in_wanted(chunk)):
                existing[found.key] = found
        self.keys.find_sources(spec.outlet for spec, _ in batch if spec.outlet)
        new: list[tuple[DocumentSpec, dict[str, Any]]] = []
        planned_by_key: dict[str, dict[str, Any]] = {}  # the values of ``new``, by key
        for spec, raw in batch:
            try:
                outlet = self.keys.source_id(spec.outlet, spec.line, field_path(spec.path, "outlet")) if spec.outlet else None
                published_at, published_precision = to_stored(spec.published_at)
                values: dict[str, Any] = {
                    "title": spec.title,
                    "outlet_id": outlet,
                    "byline": spec.byline,
                    "place": spec.place,
                    "published_at": published_at,
                    "published_precision": published_precision,
                    "url": spec.url,
                    "full_text": spec.text,
                    "content_hash": hashlib.sha256(spec.text.encode()).hexdigest() if spec.text is not None else None,
                }
                if spec.partial:
                    values = {k: v for k, v in values.items() if v is not None}
                row = existing.get(spec.key)
                planned = planned_by_key.get(spec.key)
                fresh = row is not None and row.id > self.context.baseline.documents
                if (fresh or planned is not None) and not spec.partial:
                    where = self.context.first_use(DocumentSpec, spec.key, spec.line)
                    raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
                if planned is not None:
                    planned.update(values)
                    continue
                if row is None:
                    if values.get("title") is None:
                        raise Invalid(spec.line, "document_title", f"missing (required for a new document, {spec.key!r})")
                    new.append((spec, values))
                    planned_by_key[spec.key] = values
                    continue
                self.keys.document_ids[spec.key] = row.id
                changed = {name: value for name, value in values.items() if getattr(row, name) != value}
                if not changed:
                    if not fresh:
                        self.summary.documents.unchanged += 1
                    continue
                before = {name: getattr(row, name) for name in changed}
                self.connection.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == row.id).values(**changed, updated_at=self.context.now))
                if "outlet_id" in changed:
                    self.context.affected.documents.add(row.id)
                if not fresh:
                    self.summary.documents.updated += 1
                self.log.record(EntityType.DOCUMENT, row.id, "document_updated", before=loggable(before), after=loggable(changed))
                if "full_text" in changed:
                    self._reanchor(row.id, changed["full_text"])
            except Invalid as problem:
                self.context.reject(problem, raw)
        ids = self.rows.new_ids(DOCUMENTS, len(new))
        rows = []
        for document_id, (spec, values) in zip(ids, new, strict=True):
            full = dict.fromkeys(self._COLUMNS) | values
            rows.append(full | {"id": document_id, "key": spec.key, "created_at": self.context.now, "updated_at": self.context.now})
            self.keys.document_ids[spec.key] = document_id
            self.summary.documents.created += 1
            self.log.record(EntityType.DOCUMENT, document_id, "document_added", after=loggable(full))
        self.rows.insert(DOCUMENTS, rows)

    def _reanchor(self, document_id: int, text: str | None) -> None:
        """A corrected text: the stored quotes of the document are looked for in it again."""
        for result in reanchor_document(self.connection, document_id, text):
            if result.state_changed:
                before, after = result.logged()
                self.log.record(
                    EntityType.ATTRIBUTION, result.attribution_id, "quote_reanchored", claim_id=result.claim_id, before=before, after=after
                )

    def _set_derived_from(self, spec: DocumentSpec) -> None:
        document_id = self.keys.document_ids[spec.key]
        where = field_path(spec.path, "derived_from")
        original = self.keys.document_id(spec.derived_from, spec.line, where) if spec.derived_from else None
        if original is None and document_id > self.context.baseline.documents:
            return  # created by this file without one: a query per document would say so
        current = self.connection.execute(select(DOCUMENTS.c.derived_from_id).where(DOCUMENTS.c.id == document_id)).scalar()
        if current == original:
            return
        if original is not None:
            seen: set[int] = set()
            walker: int | None = original
            while walker is not None and walker not in seen:
                if walker == document_id:
                    raise Invalid(spec.line, where, f"{spec.key!r} -> {spec.derived_from!r} makes a derivation loop")
                seen.add(walker)
                walker = self.connection.execute(select(DOCUMENTS.c.derived_from_id).where(DOCUMENTS.c.id == walker)).scalar()
        self.connection.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == document_id).values(derived_from_id=original))
        if document_id <= self.context.baseline.documents:
            self.context.affected.documents.add(document_id)
            self.log.record(
                EntityType.DOCUMENT,
                document_id,
                "document_derivation_set",
                before={"derived_from_id": current},
                after={"derived_from_id": original},
            )


def loggable(values: dict[str, Any]) -> dict[str, Any]:
    """Document snapshots for the log: the full text is summarised by its hash, not copied."""
    return {k: v for k, v in values.items() if k != "full_text"}
