"""Writing an import's sources and documents (part of ``import_writing.Writer``).

Sources are written first, then their affiliations (checked for loops against the file's
end state); documents next, then their ``derived_from`` (checked the same way).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, update

from workbench.formats.interchange import DocumentSpec, Invalid, SourceSpec, field_path
from workbench.importing.tables import ALIASES, DOCUMENTS, SOURCES, chunks, loggable
from workbench.vocabulary import EntityType, Reliability, SourceKind


class SourceAndDocumentWriting:
    """The source and document steps of ``Writer``; its state lives on the Writer."""

    # -- sources -------------------------------------------------------------------------------

    def _apply_sources(self) -> None:
        created_here: dict[str, int] = {}
        for chunk in self.prepared.spool.batches("source"):
            self._source_batch(chunk, created_here)  # type: ignore[arg-type]
            self.progress.advance(len(chunk))
        self._flush_events()
        # Affiliations are all applied first and checked for loops afterwards, against the
        # file's end state: a file may reverse A -> B into B -> A, which is no loop.
        changed: list[tuple[SourceSpec, str | None, int, int | None, int | None]] = []
        for chunk in self.prepared.spool.batches("source"):
            for spec, raw in chunk:
                if not isinstance(spec, SourceSpec) or spec.partial or spec.key not in self.source_ids:
                    continue
                try:
                    change = self._set_affiliation(spec)
                except Invalid as problem:
                    self._reject(problem, raw)
                    continue
                if change is not None:
                    changed.append((spec, raw, *change))
        # Checked last first, so a loop is reported on the record that closed it.
        for spec, raw, source_id, before, after in reversed(changed):
            if after is not None and self._reaches(after, source_id):
                self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_id=before))
                where = field_path(spec.path, "affiliation")
                self._reject(Invalid(spec.line, where, f"{spec.key!r} -> {spec.affiliation!r} makes an affiliation loop"), raw)
                continue
            self._record_affiliation(source_id, before, after)
        self.source_facts.clear()
        self.statuses.clear()  # remembered from the facts just changed
        self._flush_events()

    def _source_batch(self, batch: list[tuple[SourceSpec, str | None]], created_here: dict[str, int]) -> None:
        keys = sorted({spec.key for spec, _ in batch})
        existing: dict[str, Any] = {}
        for chunk in chunks(keys):
            for row in self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.key, SOURCES.c.name, SOURCES.c.kind, SOURCES.c.role, SOURCES.c.reliability).where(
                    SOURCES.c.key.in_(chunk)
                )
            ):
                existing[row.key] = row
        aliases: dict[int, list[str]] = {}
        ids = [row.id for row in existing.values()]
        for chunk in chunks(ids):
            for row in self.connection.execute(
                select(ALIASES.c.source_id, ALIASES.c.alias).where(ALIASES.c.source_id.in_(chunk)).order_by(ALIASES.c.id)
            ):
                aliases.setdefault(row.source_id, []).append(row.alias)
        new_rows: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        new_specs: list[tuple[SourceSpec, dict[str, Any]]] = []
        planned_by_key: dict[str, dict[str, Any]] = {}  # the values of new_specs, by key
        for spec, raw in batch:
            try:
                row = existing.get(spec.key)
                planned = planned_by_key.get(spec.key)
                if (row is not None and row.id > self.baseline["sources"]) or planned is not None or spec.key in created_here:
                    if not spec.partial:
                        where = self._first_line("source", spec.key, spec.line)
                        raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
                    if planned is not None:
                        for name, value in (("name", spec.name), ("kind", spec.kind), ("reliability", spec.reliability)):
                            if value is not None:
                                planned[name] = value
                        continue
                if row is None:
                    if spec.key in created_here:
                        row = self.connection.execute(
                            select(SOURCES.c.id, SOURCES.c.key, SOURCES.c.name, SOURCES.c.kind, SOURCES.c.role, SOURCES.c.reliability).where(
                                SOURCES.c.key == spec.key
                            )
                        ).one()
                        self._update_source(spec, row, [], quiet=True)
                        continue
                    if spec.name is None:
                        raise Invalid(spec.line, "source_name", f"missing (required for a new source, {spec.key!r})")
                    values = {
                        "key": spec.key,
                        "name": spec.name,
                        "kind": spec.kind or SourceKind.PERSON.value,
                        "role": spec.role,
                        "reliability": spec.reliability or Reliability.F.value,
                    }
                    new_specs.append((spec, values))
                    planned_by_key[spec.key] = values
                    continue
                self._update_source(spec, row, aliases.get(row.id, []))
            except Invalid as problem:
                self._reject(problem, raw)
        ids = self._new_ids(SOURCES, len(new_specs))
        for source_id, (spec, values) in zip(ids, new_specs, strict=True):
            new_rows.append(values | {"id": source_id, "created_at": self.now, "updated_at": self.now})
            wanted = list(dict.fromkeys(spec.aliases))
            new_aliases.extend({"source_id": source_id, "alias": alias} for alias in wanted)
            self.source_ids[spec.key] = source_id
            self.source_keys[source_id] = spec.key
            created_here[spec.key] = source_id
            self.summary.sources.created += 1
            logged = {k: v for k, v in values.items() if k != "key"} | {"aliases": wanted}
            self._log(EntityType.SOURCE, source_id, "source_added", after=logged)
        self._insert(SOURCES, new_rows)
        self._insert(ALIASES, new_aliases)

    def _update_source(self, spec: SourceSpec, row: Any, current_aliases: list[str], quiet: bool = False) -> None:
        self.source_ids[spec.key] = row.id
        self.source_keys[row.id] = spec.key
        wanted = {"name": spec.name, "kind": spec.kind, "role": spec.role, "reliability": spec.reliability}
        if spec.partial:
            wanted = {name: value for name, value in wanted.items() if value is not None and name != "role"}
        changed = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        before = {name: getattr(row, name) for name in changed}
        if not spec.partial:
            wanted_aliases = list(dict.fromkeys(spec.aliases))
            if sorted(current_aliases) != sorted(wanted_aliases):
                removed = [a for a in current_aliases if a not in wanted_aliases]
                if removed:
                    self.connection.execute(
                        ALIASES.delete().where(ALIASES.c.source_id == row.id, ALIASES.c.alias.in_(removed))
                    )
                self._insert(
                    ALIASES,
                    [{"source_id": row.id, "alias": a} for a in wanted_aliases if a not in current_aliases],
                )
                changed["aliases"], before["aliases"] = wanted_aliases, current_aliases
        if not changed:
            if not quiet:
                self.summary.sources.unchanged += 1
            return
        columns = {name: value for name, value in changed.items() if name != "aliases"}
        if columns:
            self.connection.execute(update(SOURCES).where(SOURCES.c.id == row.id).values(**columns, updated_at=self.now))
        if "reliability" in changed or "name" in changed:
            self.touched_sources.add(row.id)
        self.source_facts.pop(row.id, None)
        self.statuses.clear()  # remembered from the facts just changed
        if not quiet:
            self.summary.sources.updated += 1
        self._log(EntityType.SOURCE, row.id, "source_updated", before=before, after=changed)

    def _set_affiliation(self, spec: SourceSpec) -> tuple[int, int | None, int | None] | None:
        """Point the source at its affiliation; returns (source id, before, after) if it changed."""
        source_id = self.source_ids[spec.key]
        where = field_path(spec.path, "affiliation")
        parent = self._source_id(spec.affiliation, spec.line, where) if spec.affiliation else None
        if parent == source_id:
            raise Invalid(spec.line, where, f"{spec.key!r} -> {spec.affiliation!r} makes an affiliation loop")
        if parent is None and source_id > self.baseline["sources"]:
            return None  # created by this file without one: a query per source would say so
        current = self.connection.execute(select(SOURCES.c.affiliation_id).where(SOURCES.c.id == source_id)).scalar()
        if current == parent:
            return None
        self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_id=parent))
        return source_id, current, parent

    def _reaches(self, start: int, target: int) -> bool:
        """Whether following affiliations from ``start`` arrives at ``target`` (a loop)."""
        seen: set[int] = set()
        walker: int | None = start
        while walker is not None and walker not in seen:
            if walker == target:
                return True
            seen.add(walker)
            walker = self.connection.execute(select(SOURCES.c.affiliation_id).where(SOURCES.c.id == walker)).scalar()
        return False

    def _record_affiliation(self, source_id: int, before: int | None, after: int | None) -> None:
        if source_id > self.baseline["sources"]:
            return  # new: no stored claim names it yet
        self.touched_sources.add(source_id)
        self.summary.sources.updated += 1
        self.summary.sources.unchanged = max(0, self.summary.sources.unchanged - 1)
        self._log(
            EntityType.SOURCE, source_id, "source_affiliated", before={"affiliation_id": before}, after={"affiliation_id": after}
        )

    # -- documents -----------------------------------------------------------------------------

    def _apply_documents(self) -> None:
        for chunk in self.prepared.spool.batches("document"):
            self._document_batch(chunk)  # type: ignore[arg-type]
            self.progress.advance(len(chunk))
        self._flush_events()
        for chunk in self.prepared.spool.batches("document"):
            for spec, raw in chunk:
                if not isinstance(spec, DocumentSpec) or spec.partial or spec.key not in self.document_ids:
                    continue
                try:
                    self._set_derived_from(spec)
                except Invalid as problem:
                    self._reject(problem, raw)
        self._flush_events()

    _DOCUMENT_COLUMNS = ("title", "outlet_id", "byline", "place", "published_at", "url", "full_text", "content_hash")

    def _document_batch(self, batch: list[tuple[DocumentSpec, str | None]]) -> None:
        keys = sorted({spec.key for spec, _ in batch})
        existing: dict[str, Any] = {}
        columns = [DOCUMENTS.c.id, DOCUMENTS.c.key, *(DOCUMENTS.c[name] for name in self._DOCUMENT_COLUMNS)]
        for chunk in chunks(keys):
            for row in self.connection.execute(select(*columns).where(DOCUMENTS.c.key.in_(chunk))):
                existing[row.key] = row
        self._lookup_sources(spec.outlet for spec, _ in batch if spec.outlet)
        new: list[tuple[DocumentSpec, dict[str, Any]]] = []
        planned_by_key: dict[str, dict[str, Any]] = {}  # the values of ``new``, by key
        for spec, raw in batch:
            try:
                outlet = self._source_id(spec.outlet, spec.line, field_path(spec.path, "outlet")) if spec.outlet else None
                values: dict[str, Any] = {
                    "title": spec.title,
                    "outlet_id": outlet,
                    "byline": spec.byline,
                    "place": spec.place,
                    "published_at": spec.published_at,
                    "url": spec.url,
                    "full_text": spec.text,
                    "content_hash": hashlib.sha256(spec.text.encode()).hexdigest() if spec.text is not None else None,
                }
                if spec.partial:
                    values = {k: v for k, v in values.items() if v is not None}
                row = existing.get(spec.key)
                planned = planned_by_key.get(spec.key)
                fresh = row is not None and row.id > self.baseline["documents"]
                if (fresh or planned is not None) and not spec.partial:
                    where = self._first_line("document", spec.key, spec.line)
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
                self.document_ids[spec.key] = row.id
                changed = {name: value for name, value in values.items() if getattr(row, name) != value}
                if not changed:
                    if not fresh:
                        self.summary.documents.unchanged += 1
                    continue
                before = {name: getattr(row, name) for name in changed}
                self.connection.execute(update(DOCUMENTS).where(DOCUMENTS.c.id == row.id).values(**changed, updated_at=self.now))
                if "outlet_id" in changed:
                    self.touched_documents.add(row.id)
                self.document_facts.pop(row.id, None)
                self.statuses.clear()  # remembered from the facts just changed
                self.document_texts.pop(row.id, None)
                if not fresh:
                    self.summary.documents.updated += 1
                self._log(EntityType.DOCUMENT, row.id, "document_updated", before=loggable(before), after=loggable(changed))
            except Invalid as problem:
                self._reject(problem, raw)
        ids = self._new_ids(DOCUMENTS, len(new))
        rows = []
        for document_id, (spec, values) in zip(ids, new, strict=True):
            full = dict.fromkeys(self._DOCUMENT_COLUMNS) | values
            rows.append(full | {"id": document_id, "key": spec.key, "created_at": self.now, "updated_at": self.now})
            self.document_ids[spec.key] = document_id
            self.summary.documents.created += 1
            self._log(EntityType.DOCUMENT, document_id, "document_added", after=loggable(full))
        self._insert(DOCUMENTS, rows)

    def _set_derived_from(self, spec: DocumentSpec) -> None:
        document_id = self.document_ids[spec.key]
        where = field_path(spec.path, "derived_from")
        original = self._document_id(spec.derived_from, spec.line, where) if spec.derived_from else None
        if original is None and document_id > self.baseline["documents"]:
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
        self.document_facts.clear()
        self.statuses.clear()  # remembered from the facts just changed
        if document_id <= self.baseline["documents"]:
            self.touched_documents.add(document_id)
            self._log(
                EntityType.DOCUMENT,
                document_id,
                "document_derivation_set",
                before={"derived_from_id": current},
                after={"derived_from_id": original},
            )
