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

import hashlib
import json
from operator import itemgetter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from workbench import status
from workbench.audit import jsonable_values
from workbench.attributions import derived_key
from workbench.corroboration import AttributionFacts, DocumentFacts, Evidence, SourceFacts, assess
from workbench.db.base import utcnow
from workbench.db.models import (
    Attribution,
    Claim,
    ClaimLink,
    ClaimTag,
    Document,
    ReviewEvent,
    Source,
    SourceAlias,
)
from workbench.import_reading import PreparedFile
from workbench.interchange import (
    AttributionSpec,
    ClaimSpec,
    DocumentSpec,
    Invalid,
    LinkSpec,
    SourceSpec,
    field_path,
)
from workbench.progress import NoProgress, Progress
from workbench.references import unique_key
from workbench.vocabulary import EntityType, Mode, Reliability, SourceKind, Stance, Verdict

CLAIMS_PER_BATCH = 1000
_IN_CHUNK = 500  # keys per IN (...) list
_CACHE_LIMIT = 200_000  # key -> id entries kept before a cache starts over

SOURCES: Table = Source.__table__  # type: ignore[assignment]
ALIASES: Table = SourceAlias.__table__  # type: ignore[assignment]
DOCUMENTS: Table = Document.__table__  # type: ignore[assignment]
CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
TAGS: Table = ClaimTag.__table__  # type: ignore[assignment]
ATTRIBUTIONS: Table = Attribution.__table__  # type: ignore[assignment]
LINKS: Table = ClaimLink.__table__  # type: ignore[assignment]
EVENTS: Table = ReviewEvent.__table__  # type: ignore[assignment]


@dataclass
class KindTally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Suggestion:
    """An incoming claim that reads like a known one: merged into it, linked, or in conflict.

    ``decision`` is ``matching.classify_claim_match``'s: ``same`` or ``auto`` (merged),
    ``suggest`` (a new claim linked for a reviewer) or ``conflict`` (a new claim; the
    ``conflicts`` name the details that differ).
    """

    line: int | None
    claim_key: str
    existing_key: str
    existing_id: int
    score: float
    merged: bool
    conflicts: tuple[str, ...] = ()
    decision: str = "suggest"


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do), per kind of record."""

    file: str
    sources: KindTally = field(default_factory=KindTally)
    documents: KindTally = field(default_factory=KindTally)
    claims: KindTally = field(default_factory=KindTally)
    attributions: KindTally = field(default_factory=KindTally)
    links: KindTally = field(default_factory=KindTally)
    matched: int = 0  # incoming claims whose attributions joined an existing claim
    suggested: int = 0  # new claims linked to a possible duplicate for a reviewer
    conflicting: int = 0  # new claims worded like a known one but differing in details
    links_within_merged: int = 0  # links whose two claims this import merged into one
    rejected: int = 0
    sources_matched: int = 0  # source names resolved to an existing source
    suggestions: list[Suggestion] = field(default_factory=list)
    format: str = ""

    def kinds(self) -> dict[str, KindTally]:
        return {
            "sources": self.sources,
            "documents": self.documents,
            "claims": self.claims,
            "attributions": self.attributions,
            "links": self.links,
        }

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.kinds().values())


class ClaimMatcher:
    """Decides whether a new claim duplicates a stored one (see ``workbench.import_matching``).

    This base class never matches: it is what an import uses when matching is off.
    """

    def prepare(self, session: Session, new_claims: int = 0) -> None:
        """Called before a file's claims are applied (``new_claims``: how many it holds)."""

    def match(self, spec: ClaimSpec) -> Suggestion | None:
        return None

    def added(self, claim_id: int, key: str, text: str) -> None:
        """A claim was created by this import (later records may match it)."""

    def resolve_source(self, session: Session, name: str) -> tuple[int | None, list[tuple[int, str]]]:
        """A typed source name -> (id, []) when it names one source, (None, candidates) if not."""
        return None, []

    def source_added(self, source_id: int, name: str) -> None:
        """A source was created by this import from a name."""


def _chunks(items: Sequence[Any], size: int = _IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _PlannedAttribution:
    spec: AttributionSpec
    key: str
    values: dict[str, Any]
    existing: Any = None  # the stored row when the key exists


@dataclass
class _PlannedClaim:
    spec: ClaimSpec
    raw: str | None
    existing: Any  # stored row, or None for a new claim
    attributions: list[_PlannedAttribution]
    tags: list[str] | None
    target_id: int | None = None
    suggestion: Suggestion | None = None
    continuation: bool = False  # a CSV claim continued from rows above


class Writer:
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
        self.now = utcnow()
        self.source_ids: dict[str, int] = {}
        self.source_keys: dict[int, str] = {}
        self.document_ids: dict[str, int] = {}
        self.source_facts: dict[int, SourceFacts] = {}
        self.document_facts: dict[int, DocumentFacts] = {}
        self.document_texts: dict[int, str | None] = {}
        self.names: dict[str, int] = {}
        self.touched_sources: set[int] = set()
        self.touched_documents: set[int] = set()
        self.events: list[dict[str, Any]] = []
        self._sequences: dict[str, str] = {}
        self._duplicate_lookups = 0
        self._moved_from: set[int] = set()  # claims that lost an attribution to a claim of this file
        # Keys of this file's claims that were merged into another claim: links and later
        # rows of the file still name them, and they mean the claim they were merged into.
        self.merged_keys: dict[str, tuple[int, int | None]] = {}  # key -> (claim id, line)

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> ImportSummary:
        self.baseline = {table.name: self._max_id(table) for table in (SOURCES, DOCUMENTS, CLAIMS, ATTRIBUTIONS)}
        spool = self.prepared.spool
        total = sum(spool.counts.values())
        self.progress.start(f"importing {self.prepared.name}", total)
        try:
            self._apply_sources()
            self._apply_documents()
            self.matcher.prepare(self.session, spool.counts["claim"])
            for batch in self._claim_batches():
                self._apply_claims(batch)
                self.progress.advance(len(batch))
            self._apply_links()
            self._flush_events()
            self._refresh_affected()
        finally:
            self.progress.finish()
        self.summary.rejected = self.prepared.rejected
        return self.summary

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
            start = self._max_id(table) + 1
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
        # SQLite fast path: the DBAPI's executemany over tuples, with values stored exactly as
        # SQLAlchemy's SQLite types store them. Per-row parameter processing in Core costs
        # more than the INSERT itself at this volume.
        names = tuple(rows[0])
        statement, converters = _sqlite_insert(table, names)
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
                values.append(tuple(value))
        self.connection.exec_driver_sql(statement, values)

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
        missing = sorted({k for k in keys if k not in self.source_ids})
        if len(self.source_ids) > _CACHE_LIMIT:
            self.source_ids.clear()
        for chunk in _chunks(missing):
            for row in self.connection.execute(select(SOURCES.c.id, SOURCES.c.key).where(SOURCES.c.key.in_(chunk))):
                self.source_ids[row.key] = row.id
                self.source_keys[row.id] = row.key

    def _lookup_documents(self, keys: Iterable[str]) -> None:
        missing = sorted({k for k in keys if k not in self.document_ids})
        if len(self.document_ids) > _CACHE_LIMIT:
            self.document_ids.clear()
        for chunk in _chunks(missing):
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
        self._flush_events()

    def _source_batch(self, batch: list[tuple[SourceSpec, str | None]], created_here: dict[str, int]) -> None:
        keys = sorted({spec.key for spec, _ in batch})
        existing: dict[str, Any] = {}
        for chunk in _chunks(keys):
            for row in self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.key, SOURCES.c.name, SOURCES.c.kind, SOURCES.c.role, SOURCES.c.reliability).where(
                    SOURCES.c.key.in_(chunk)
                )
            ):
                existing[row.key] = row
        aliases: dict[int, list[str]] = {}
        ids = [row.id for row in existing.values()]
        for chunk in _chunks(ids):
            for row in self.connection.execute(
                select(ALIASES.c.source_id, ALIASES.c.alias).where(ALIASES.c.source_id.in_(chunk)).order_by(ALIASES.c.id)
            ):
                aliases.setdefault(row.source_id, []).append(row.alias)
        new_rows: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        new_specs: list[tuple[SourceSpec, dict[str, Any]]] = []
        for spec, raw in batch:
            try:
                row = existing.get(spec.key)
                planned = next((v for s, v in new_specs if s.key == spec.key), None)
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
        for chunk in _chunks(keys):
            for row in self.connection.execute(select(*columns).where(DOCUMENTS.c.key.in_(chunk))):
                existing[row.key] = row
        self._lookup_sources(spec.outlet for spec, _ in batch if spec.outlet)
        new: list[tuple[DocumentSpec, dict[str, Any]]] = []
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
                planned = next((v for s, v in new if s.key == spec.key), None)
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
                self.document_texts.pop(row.id, None)
                if not fresh:
                    self.summary.documents.updated += 1
                self._log(EntityType.DOCUMENT, row.id, "document_updated", before=_loggable(before), after=_loggable(changed))
            except Invalid as problem:
                self._reject(problem, raw)
        ids = self._new_ids(DOCUMENTS, len(new))
        rows = []
        for document_id, (spec, values) in zip(ids, new, strict=True):
            full = dict.fromkeys(self._DOCUMENT_COLUMNS) | values
            rows.append(full | {"id": document_id, "key": spec.key, "created_at": self.now, "updated_at": self.now})
            self.document_ids[spec.key] = document_id
            self.summary.documents.created += 1
            self._log(EntityType.DOCUMENT, document_id, "document_added", after=_loggable(full))
        self._insert(DOCUMENTS, rows)

    def _set_derived_from(self, spec: DocumentSpec) -> None:
        document_id = self.document_ids[spec.key]
        where = field_path(spec.path, "derived_from")
        original = self._document_id(spec.derived_from, spec.line, where) if spec.derived_from else None
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
        if document_id <= self.baseline["documents"]:
            self.touched_documents.add(document_id)
            self._log(
                EntityType.DOCUMENT,
                document_id,
                "document_derivation_set",
                before={"derived_from_id": current},
                after={"derived_from_id": original},
            )

    # -- claims and attributions ---------------------------------------------------------------

    def _apply_claims(self, batch: list[tuple[ClaimSpec, str | None]]) -> None:
        self._lookup_sources(
            key for spec, _ in batch for a in spec.attributions for key in (a.source, a.relayed_via) if key
        )
        self._lookup_documents(a.document for spec, _ in batch for a in spec.attributions if a.document)
        existing = self._existing_claims({spec.key for spec, _ in batch})
        planned: list[_PlannedClaim] = []
        by_key: dict[str, _PlannedClaim] = {}
        for spec, raw in batch:
            try:
                plan = self._plan_claim(spec, raw, existing.get(spec.key), by_key)
            except Invalid as problem:
                self._reject(problem, raw)
                continue
            if plan is not None:
                planned.append(plan)
                by_key.setdefault(spec.key, plan)
        planned = self._plan_attribution_keys(planned)
        self._write_claims(planned)

    def _existing_claims(self, keys: set[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        columns = (CLAIMS.c.id, CLAIMS.c.key, CLAIMS.c.text, CLAIMS.c.place, CLAIMS.c.event_date, CLAIMS.c.verdict)
        for chunk in _chunks(sorted(keys)):
            for row in self.connection.execute(select(*columns).where(CLAIMS.c.key.in_(chunk))):
                found[row.key] = row
        return found

    def _plan_claim(
        self, spec: ClaimSpec, raw: str | None, row: Any, by_key: dict[str, _PlannedClaim]
    ) -> _PlannedClaim | None:
        tags = sorted({t.strip().lower() for t in spec.tags if t.strip()}) if spec.tags is not None else None
        attributions = [self._plan_attribution(spec.key, a) for a in spec.attributions]
        earlier = by_key.get(spec.key)
        fresh = row is not None and row.id > self.baseline["claims"]
        if row is None and spec.key in self.merged_keys and not spec.grouped:
            line = self.merged_keys[spec.key][1]
            raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} (first used on line {line})")
        if earlier is not None or fresh:
            if not spec.grouped:
                where = self._first_line("claim", spec.key, spec.line) if earlier is None else f"first used on line {earlier.spec.line}"
                raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
            self._check_continuation(spec, tags, earlier, row)
            if earlier is not None:
                earlier.attributions.extend(attributions)
                return None
            return _PlannedClaim(spec, raw, row, attributions, None, continuation=True)
        if row is None and spec.text is None:
            raise Invalid(spec.line, "claim_text", f"missing (required for a new claim, {spec.key!r})")
        return _PlannedClaim(spec, raw, row, attributions, tags)

    def _check_continuation(self, spec: ClaimSpec, tags: list[str] | None, earlier: _PlannedClaim | None, row: Any) -> None:
        """A CSV claim continued further down may repeat its values, never contradict them."""
        if earlier is not None:
            stored = {
                "claim_text": earlier.spec.text,
                "place": earlier.spec.place,
                "event_date": earlier.spec.event_date,
                "verdict": earlier.spec.verdict,
                "tags": earlier.tags,
            }
        else:
            stored = {"claim_text": row.text, "place": row.place, "event_date": row.event_date, "verdict": row.verdict}
        given = {"claim_text": spec.text, "place": spec.place, "event_date": spec.event_date, "verdict": spec.verdict, "tags": tags}
        for name, value in given.items():
            if value is None or name not in stored or stored[name] is None:
                continue
            if stored[name] != value:
                raise Invalid(
                    spec.line, name, f"{value!r} differs from {stored[name]!r} given earlier in this file for claim {spec.key!r}"
                )

    def _plan_attribution(self, claim_key: str, spec: AttributionSpec) -> _PlannedAttribution:
        if spec.source is not None:
            where = field_path(spec.path, "source") if spec.path else "source_key"
            source_id = self._source_id(spec.source, spec.line, where)
            source_key = spec.source
        else:
            assert spec.source_name is not None
            source_id = self._resolve_source_name(spec)
            source_key = self.source_keys[source_id]
        document_id = None
        if spec.document:
            document_id = self._document_id(spec.document, spec.line, field_path(spec.path, "document") if spec.path else "document_key")
        relay_id = None
        if spec.relayed_via:
            where = field_path(spec.path, "relayed_via") if spec.path else "relayed_via_key"
            relay_id = self._source_id(spec.relayed_via, spec.line, where)
        if spec.span is not None and document_id is not None:
            self._check_span(spec, document_id)
        key = spec.key or derived_key(claim_key, source_key, spec.document, spec.stance, spec.quote)
        values = {
            "source_id": source_id,
            "document_id": document_id,
            "stance": spec.stance,
            "mode": spec.mode,
            "quote": spec.quote,
            "span_start": spec.span[0] if spec.span else None,
            "span_end": spec.span[1] if spec.span else None,
            "relayed_via_id": relay_id,
            "credibility": spec.credibility,
            "as_of": spec.as_of,
            "note": spec.note,
        }
        return _PlannedAttribution(spec, key, values)

    def _check_span(self, spec: AttributionSpec, document_id: int) -> None:
        if document_id not in self.document_texts:
            if len(self.document_texts) > 32:
                self.document_texts.clear()
            self.document_texts[document_id] = self.connection.execute(
                select(DOCUMENTS.c.full_text).where(DOCUMENTS.c.id == document_id)
            ).scalar()
        full_text = self.document_texts[document_id]
        if full_text is None or spec.span is None:
            return
        start, end = spec.span
        where = field_path(spec.path, "span")
        if end > len(full_text):
            raise Invalid(
                spec.line, where, f"[{start}, {end}] runs past the end of the document's text ({len(full_text)} characters)"
            )
        if spec.quote is not None and full_text[start:end] != spec.quote:
            raise Invalid(spec.line, where, "the span does not cover the quote in the document's text")

    def _resolve_source_name(self, spec: AttributionSpec) -> int:
        """A source given by name: the one source it names, exactly or closely, else a new one."""
        assert spec.source_name is not None
        folded = spec.source_name.casefold()
        if folded in self.names:
            return self.names[folded]
        where = field_path(spec.path, "source_name") if spec.path else "source_name"
        exact = self._sources_named(spec.source_name)
        if len(exact) == 1:
            source_id, candidates = exact[0][0], []
        elif exact:
            source_id, candidates = None, exact
        else:
            source_id, candidates = self.matcher.resolve_source(self.session, spec.source_name)
        if source_id is None and candidates:
            names = "; ".join(f"{name!r} ({self.source_key_of(i)})" for i, name in candidates[:5])
            raise Invalid(
                spec.line, where, f"{spec.source_name!r} is ambiguous: it could be {names}; give source_key to choose"
            )
        if source_id is not None:
            self.summary.sources_matched += 1
            self.source_keys.setdefault(source_id, self.source_key_of(source_id))
        else:
            source_id = self._create_source_from_name(spec)
        if len(self.names) > _CACHE_LIMIT:
            self.names.clear()
        self.names[folded] = source_id
        return source_id

    def _sources_named(self, name: str) -> list[tuple[int, str]]:
        """Sources whose name or an alias is ``name``, ignoring case."""
        folded = name.strip().casefold()
        variants = sorted({folded, name.strip()})
        by_name = self.connection.execute(
            select(SOURCES.c.id, SOURCES.c.name).where(func.lower(SOURCES.c.name).in_(variants)).limit(5)
        ).all()
        found = {row.id: row.name for row in by_name}
        if not found:
            by_alias = self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.name)
                .join(ALIASES, ALIASES.c.source_id == SOURCES.c.id)
                .where(func.lower(ALIASES.c.alias).in_(variants))
                .limit(5)
            ).all()
            found = {row.id: row.name for row in by_alias}
        return sorted(found.items())

    def source_key_of(self, source_id: int) -> str:
        if source_id not in self.source_keys:
            self.source_keys[source_id] = self.connection.execute(
                select(SOURCES.c.key).where(SOURCES.c.id == source_id)
            ).scalar_one()
        return self.source_keys[source_id]

    def _create_source_from_name(self, spec: AttributionSpec) -> int:
        assert spec.source_name is not None
        key = unique_key(self.session, Source, "src", spec.source_name)
        (source_id,) = self._new_ids(SOURCES, 1)
        values = {
            "key": key,
            "name": spec.source_name.strip(),
            "kind": spec.source_kind or SourceKind.PERSON.value,
            "role": None,
            "reliability": spec.source_reliability or Reliability.F.value,
        }
        self._insert(SOURCES, [values | {"id": source_id, "created_at": self.now, "updated_at": self.now}])
        self.source_ids[key] = source_id
        self.source_keys[source_id] = key
        self.summary.sources.created += 1
        self._log(EntityType.SOURCE, source_id, "source_added", after={k: v for k, v in values.items() if k != "key"} | {"aliases": []})
        self.matcher.source_added(source_id, values["name"])
        return source_id

    def _plan_attribution_keys(self, planned: list[_PlannedClaim]) -> list[_PlannedClaim]:
        """Find stored attributions by key; refuse a key used twice in this file."""
        keys = sorted({a.key for plan in planned for a in plan.attributions})
        stored: dict[str, Any] = {}
        for chunk in _chunks(keys):
            for row in self.connection.execute(select(ATTRIBUTIONS).where(ATTRIBUTIONS.c.key.in_(chunk))):
                stored[row.key] = row
        kept: list[_PlannedClaim] = []
        seen: dict[str, int | None] = {}
        for plan in planned:
            mine: dict[str, int | None] = {}
            try:
                for attribution in plan.attributions:
                    spec = attribution.spec
                    row = stored.get(attribution.key)
                    repeated = attribution.key in seen or attribution.key in mine
                    if repeated or (row is not None and row.id > self.baseline["attributions"]):
                        first = mine.get(attribution.key, seen.get(attribution.key))
                        where = f"first used on line {first}" if first is not None else "first used earlier in this file"
                        if spec.key is None:
                            raise Invalid(
                                spec.line,
                                field_path(spec.path, "key") if spec.path else "attribution_key",
                                f"the same source, document, stance and quote as another attribution of claim "
                                f"{plan.spec.key!r} ({where}): give each its own key",
                            )
                        raise Invalid(
                            spec.line,
                            field_path(spec.path, "key") if spec.path else "attribution_key",
                            f"duplicate key {attribution.key!r} ({where})",
                        )
                    attribution.existing = row
                    mine[attribution.key] = spec.line
            except Invalid as problem:
                self._reject(problem, plan.raw)
                continue
            seen.update(mine)
            kept.append(plan)
        return kept

    def _write_claims(self, planned: list[_PlannedClaim]) -> None:
        planned = self._match_new_claims(planned)
        inserts = [a for plan in planned for a in plan.attributions if a.existing is None]
        attribution_ids = iter(self._new_ids(ATTRIBUTIONS, len(inserts)))
        new_attribution_ids: dict[int, int] = {id(a): next(attribution_ids) for a in inserts}

        claim_rows: list[dict[str, Any]] = []
        tag_rows: list[dict[str, Any]] = []
        attribution_rows: list[dict[str, Any]] = []
        touched: set[int] = set()
        self._load_facts(planned)
        for plan in planned:
            claim_id = plan.target_id
            assert claim_id is not None
            if plan.existing is None:
                claim_rows.append(self._new_claim_row(plan, claim_id, new_attribution_ids))
                tag_rows.extend({"claim_id": claim_id, "tag": tag} for tag in plan.tags or ())
            elif not plan.continuation:
                self._update_claim(plan, claim_id)
            for attribution in plan.attributions:
                values = attribution.values | {"claim_id": claim_id}
                if attribution.existing is None:
                    attribution_id = new_attribution_ids[id(attribution)]
                    attribution_rows.append(
                        values | {"id": attribution_id, "key": attribution.key, "created_at": self.now, "updated_at": self.now}
                    )
                    self.summary.attributions.created += 1
                    if plan.existing is not None:
                        # A new claim's attributions are listed in its claim_added event.
                        self._log(EntityType.ATTRIBUTION, attribution_id, "attribution_added", claim_id=claim_id, after=values)
                        touched.add(claim_id)
                    continue
                row = attribution.existing
                given = attribution.spec.given
                changed = {
                    name: value
                    for name, value in values.items()
                    if (given is None or name in given) and getattr(row, name) != value
                }
                if not changed:
                    self.summary.attributions.unchanged += 1
                    continue
                before = {name: getattr(row, name) for name in changed}
                self.connection.execute(
                    update(ATTRIBUTIONS).where(ATTRIBUTIONS.c.id == row.id).values(**changed, updated_at=self.now)
                )
                self.summary.attributions.updated += 1
                self._log(EntityType.ATTRIBUTION, row.id, "attribution_updated", claim_id=claim_id, before=before, after=changed)
                touched.update({claim_id, row.claim_id})
            if plan.suggestion is not None:
                self._record_suggestion(plan)
        self._insert(CLAIMS, claim_rows)
        self._insert(TAGS, tag_rows)
        self._insert(ATTRIBUTIONS, attribution_rows)
        self._write_suggestion_links(planned)
        self._flush_events()
        if touched:
            self.session.expire_all()
            status.refresh_claims(self.session, touched)

    def _match_new_claims(self, planned: list[_PlannedClaim]) -> list[_PlannedClaim]:
        """Give each new claim its id, or merge it into the claim it duplicates.

        Claims are matched one by one, in file order, each against everything before it
        (this batch included), so a duplicate two lines apart is found like one a year apart.
        """
        new = [plan for plan in planned if plan.existing is None]
        ids = self._new_ids(CLAIMS, len(new))
        by_id: dict[int, _PlannedClaim] = {}
        merged: set[int] = set()
        for claim_id, plan in zip(ids, new, strict=True):
            earlier = {a.existing.claim_id for a in plan.attributions if a.existing is not None}
            if len(earlier) == 1 and all(a.existing is not None for a in plan.attributions):
                # Imported before and merged into that claim then: still merged, nothing new.
                (target_id,) = earlier
                row = self.connection.execute(
                    select(CLAIMS.c.id, CLAIMS.c.key, CLAIMS.c.text, CLAIMS.c.place, CLAIMS.c.event_date, CLAIMS.c.verdict).where(
                        CLAIMS.c.id == target_id
                    )
                ).one()
                plan.existing, plan.target_id, plan.continuation = row, row.id, True
                self.merged_keys[plan.spec.key] = (row.id, plan.spec.line)
                self.summary.claims.unchanged += 1
                continue
            suggestion = self.matcher.match(plan.spec)
            plan.suggestion = suggestion
            if suggestion is not None and suggestion.merged:
                target = by_id.get(suggestion.existing_id)
                self.merged_keys[plan.spec.key] = (suggestion.existing_id, plan.spec.line)
                if target is not None:
                    target.attributions.extend(plan.attributions)
                    merged.add(id(plan))
                    self._record_suggestion(plan)
                    continue
                rows = self.connection.execute(
                    select(CLAIMS.c.id, CLAIMS.c.key, CLAIMS.c.text, CLAIMS.c.place, CLAIMS.c.event_date, CLAIMS.c.verdict).where(
                        CLAIMS.c.id == suggestion.existing_id
                    )
                ).all()
                if rows:
                    plan.existing, plan.target_id, plan.continuation = rows[0], rows[0].id, True
                    continue
                plan.suggestion = None
            assert plan.spec.text is not None
            plan.target_id = claim_id
            by_id[claim_id] = plan
            self.matcher.added(claim_id, plan.spec.key, plan.spec.text)
        for plan in planned:
            if plan.target_id is None and plan.existing is not None:
                plan.target_id = plan.existing.id
        return [plan for plan in planned if id(plan) not in merged]

    def _new_claim_row(self, plan: _PlannedClaim, claim_id: int, attribution_ids: dict[int, int]) -> dict[str, Any]:
        spec = plan.spec
        facts = [
            AttributionFacts(
                id=attribution_ids[id(a)] if a.existing is None else a.existing.id,
                source_id=a.values["source_id"],
                stance=Stance(a.values["stance"]),
                mode=Mode(a.values["mode"]),
                document_id=a.values["document_id"],
                relayed_via_id=a.values["relayed_via_id"],
                as_of=a.values["as_of"],
            )
            for a in plan.attributions
        ]
        assessment = assess(Evidence(attributions=facts, sources=self.source_facts, documents=self.document_facts))
        verdict = spec.verdict or Verdict.UNREVIEWED.value
        row = {
            "id": claim_id,
            "key": spec.key,
            "text": spec.text,
            "place": spec.place,
            "event_date": spec.event_date,
            "verdict": verdict,
            "status": assessment.status.value,
            "origin_count": assessment.origin_count,
            "awaiting": assessment.awaiting_text(),
            "version": 1,
            "created_at": self.now,
            "updated_at": self.now,
        }
        self.summary.claims.created += 1
        snapshot = {
            "key": spec.key,
            "text": spec.text,
            "place": spec.place,
            "event_date": spec.event_date,
            "verdict": verdict,
            "tags": list(plan.tags or ()),
            "attributions": [attribution_ids[id(a)] for a in plan.attributions if a.existing is None],
        }
        self._log(EntityType.CLAIM, claim_id, "claim_added", claim_id=claim_id, after=snapshot)
        for a in plan.attributions:
            if a.existing is not None:
                self._moved_from.add(a.existing.claim_id)
        return row

    def _update_claim(self, plan: _PlannedClaim, claim_id: int) -> None:
        """Store a changed claim's values (its status depends only on attributions)."""
        spec, row = plan.spec, plan.existing
        wanted: dict[str, Any] = {"text": spec.text, "place": spec.place, "event_date": spec.event_date, "verdict": spec.verdict}
        if spec.grouped:
            wanted = {name: value for name, value in wanted.items() if value is not None}
        elif wanted["verdict"] is None:
            wanted["verdict"] = Verdict.UNREVIEWED.value
        changed = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        before = {name: getattr(row, name) for name in changed}
        if plan.tags is not None:
            current = sorted(self.connection.execute(select(TAGS.c.tag).where(TAGS.c.claim_id == claim_id)).scalars())
            if current != plan.tags:
                removed = sorted(set(current) - set(plan.tags))
                if removed:
                    self.connection.execute(TAGS.delete().where(TAGS.c.claim_id == claim_id, TAGS.c.tag.in_(removed)))
                self._insert(TAGS, [{"claim_id": claim_id, "tag": t} for t in plan.tags if t not in current])
                changed["tags"], before["tags"] = plan.tags, current
        if not changed:
            self.summary.claims.unchanged += 1
            return
        self.connection.execute(
            update(CLAIMS)
            .where(CLAIMS.c.id == claim_id)
            .values(**{k: v for k, v in changed.items() if k != "tags"}, version=CLAIMS.c.version + 1, updated_at=self.now)
        )
        self.summary.claims.updated += 1
        self._log(EntityType.CLAIM, claim_id, "claim_updated", claim_id=claim_id, before=before, after=changed)

    def _load_facts(self, planned: list[_PlannedClaim]) -> None:
        """Sources and documents (with their chains) that the new claims' statuses depend on."""
        source_ids: set[int] = set()
        document_ids: set[int] = set()
        for plan in planned:
            if plan.existing is not None:
                continue
            for a in plan.attributions:
                source_ids.add(a.values["source_id"])
                if a.values["relayed_via_id"] is not None:
                    source_ids.add(a.values["relayed_via_id"])
                if a.values["document_id"] is not None:
                    document_ids.add(a.values["document_id"])
        pending = document_ids - set(self.document_facts)
        while pending:
            batch = sorted(pending)[:_IN_CHUNK]
            pending.difference_update(batch)
            for row in self.connection.execute(
                select(DOCUMENTS.c.id, DOCUMENTS.c.title, DOCUMENTS.c.outlet_id, DOCUMENTS.c.derived_from_id).where(
                    DOCUMENTS.c.id.in_(batch)
                )
            ):
                self.document_facts[row.id] = DocumentFacts(row.id, row.title, row.outlet_id, row.derived_from_id)
                if row.derived_from_id is not None and row.derived_from_id not in self.document_facts:
                    pending.add(row.derived_from_id)
        for document_id in document_ids:
            outlet = self.document_facts[document_id].outlet_id if document_id in self.document_facts else None
            if outlet is not None:
                source_ids.add(outlet)
        pending = source_ids - set(self.source_facts)
        while pending:
            batch = sorted(pending)[:_IN_CHUNK]
            pending.difference_update(batch)
            for row in self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.name, SOURCES.c.reliability, SOURCES.c.affiliation_id).where(
                    SOURCES.c.id.in_(batch)
                )
            ):
                self.source_facts[row.id] = SourceFacts(row.id, row.name, Reliability(row.reliability), row.affiliation_id)
                if row.affiliation_id is not None and row.affiliation_id not in self.source_facts:
                    pending.add(row.affiliation_id)

    # -- suggestions (possible duplicates) ---------------------------------------------------------

    def _record_suggestion(self, plan: _PlannedClaim) -> None:
        suggestion = plan.suggestion
        assert suggestion is not None
        if suggestion.merged:
            self.summary.matched += 1
        elif suggestion.decision == "conflict":
            self.summary.conflicting += 1
        else:
            self.summary.suggested += 1
        if len(self.summary.suggestions) < 50:
            self.summary.suggestions.append(suggestion)

    def _write_suggestion_links(self, planned: list[_PlannedClaim]) -> None:
        """A "possible duplicate" link from each suggested new claim to the claim it resembles."""
        rows = []
        for plan in planned:
            suggestion = plan.suggestion
            if suggestion is None or suggestion.merged or suggestion.decision != "suggest" or plan.existing is not None:
                continue
            if plan.target_id is None or plan.target_id == suggestion.existing_id:
                continue
            rows.append(
                {
                    "from_claim_id": plan.target_id,
                    "to_claim_id": suggestion.existing_id,
                    "relation": "duplicate_of",
                    "note": f"possible duplicate (similarity {suggestion.score:.0f}), suggested by {self.reason}",
                    "created_at": self.now,
                }
            )
        if not rows:
            return
        ids = self._new_ids(LINKS, len(rows))
        for link_id, row in zip(ids, rows, strict=True):
            row["id"] = link_id
            snapshot = {k: row[k] for k in ("from_claim_id", "to_claim_id", "relation", "note")}
            self.summary.links.created += 1
            for claim_id in (row["from_claim_id"], row["to_claim_id"]):
                self._log(EntityType.LINK, link_id, "link_added", claim_id=claim_id, after=snapshot)
        self._insert(LINKS, rows)

    # -- links ---------------------------------------------------------------------------------

    def _apply_links(self) -> None:
        created: dict[tuple[int, int, str], tuple[int, str | None]] = {}
        for chunk in self.prepared.spool.batches("link"):
            self._link_batch(chunk, created)  # type: ignore[arg-type]
            self.progress.advance(len(chunk))
        self._flush_events()

    def _link_batch(self, batch: list[tuple[LinkSpec, str | None]], created: dict[tuple[int, int, str], tuple[int, str | None]]) -> None:
        keys = sorted({k for spec, _ in batch for k in (spec.from_key, spec.to_key)})
        claim_ids: dict[str, int] = {}
        for chunk in _chunks(keys):
            for row in self.connection.execute(select(CLAIMS.c.id, CLAIMS.c.key).where(CLAIMS.c.key.in_(chunk))):
                claim_ids[row.key] = row.id
        for key in keys:
            if key not in claim_ids and key in self.merged_keys:
                claim_ids[key] = self.merged_keys[key][0]
        stored: dict[tuple[int, int, str], Any] = {}
        from_ids = sorted({claim_ids[s.from_key] for s, _ in batch if s.from_key in claim_ids})
        for chunk in _chunks(from_ids):
            for row in self.connection.execute(select(LINKS).where(LINKS.c.from_claim_id.in_(chunk))):
                stored[(row.from_claim_id, row.to_claim_id, row.relation)] = row
        new_rows: list[dict[str, Any]] = []
        for spec, raw in batch:
            try:
                ends = []
                for name, key in (("from", spec.from_key), ("to", spec.to_key)):
                    if key not in claim_ids:
                        raise Invalid(
                            spec.line, field_path(spec.path, name), f"unknown claim key {key!r} (not in this file or the database)"
                        )
                    ends.append(claim_ids[key])
                if ends[0] == ends[1]:
                    # Both ends were merged into one claim by this import: nothing to link.
                    self.summary.links_within_merged += 1
                    continue
                identity = (ends[0], ends[1], spec.relation)
                pending = next((r for r in new_rows if (r["from_claim_id"], r["to_claim_id"], r["relation"]) == identity), None)
                if pending is not None:
                    pending["note"] = spec.note
                    continue
                row = stored.get(identity)
                if row is not None:
                    if row.note == spec.note:
                        if row.id not in {v[0] for v in created.values()}:
                            self.summary.links.unchanged += 1
                        continue
                    self.connection.execute(update(LINKS).where(LINKS.c.id == row.id).values(note=spec.note))
                    self.summary.links.updated += 1
                    self._log(EntityType.LINK, row.id, "link_updated", claim_id=ends[0], before={"note": row.note}, after={"note": spec.note})
                    continue
                new_rows.append(
                    {"from_claim_id": ends[0], "to_claim_id": ends[1], "relation": spec.relation, "note": spec.note, "created_at": self.now}
                )
            except Invalid as problem:
                self._reject(problem, raw)
        ids = self._new_ids(LINKS, len(new_rows))
        for link_id, row in zip(ids, new_rows, strict=True):
            row["id"] = link_id
            created[(row["from_claim_id"], row["to_claim_id"], row["relation"])] = (link_id, row["note"])
            self.summary.links.created += 1
            snapshot = {k: row[k] for k in ("from_claim_id", "to_claim_id", "relation", "note")}
            for claim_id in (row["from_claim_id"], row["to_claim_id"]):
                self._log(EntityType.LINK, link_id, "link_added", claim_id=claim_id, after=snapshot)
        self._insert(LINKS, new_rows)

    # -- statuses of stored claims ---------------------------------------------------------------

    def _refresh_affected(self) -> None:
        """Stored claims whose evidence changed through a source or document of this file."""
        affected: set[int] = set(self._moved_from)
        for source_id in self.touched_sources:
            affected |= status.claims_affected_by_source(self.session, source_id)
        for document_id in self.touched_documents:
            affected |= status.claims_affected_by_document(self.session, document_id)
        affected = {claim_id for claim_id in affected if claim_id <= self.baseline["claims"]}
        if affected:
            self.session.expire_all()
            status.refresh_claims(self.session, affected)


def _sqlite_datetime(value: datetime | None, _last: list[Any] = [None, None]) -> str | None:  # noqa: B006
    if value is None:
        return None
    if value is _last[0]:  # every row of an import carries the same timestamp
        return _last[1]
    _last[0] = value
    _last[1] = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )
    return _last[1]


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(value: Any) -> str:
    return json.dumps(value)


_STATEMENTS: dict[tuple[str, tuple[str, ...]], tuple[str, list[tuple[int, Callable[[Any], Any]]]]] = {}


def _sqlite_insert(table: Table, names: tuple[str, ...]) -> tuple[str, list[tuple[int, Callable[[Any], Any]]]]:
    """The INSERT for these columns and how SQLAlchemy's types store values on SQLite
    (as ``(position, converter)`` for the columns whose values need converting)."""
    cached = _STATEMENTS.get((table.name, names))
    if cached is not None:
        return cached
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(names):
        column_type = table.c[name].type
        if isinstance(column_type, DateTime):
            converters.append((index, _sqlite_datetime))
        elif isinstance(column_type, Date):
            converters.append((index, _sqlite_date))
        elif isinstance(column_type, JSON):
            converters.append((index, _json))
    columns = ", ".join(f'"{name}"' for name in names)
    statement = f'INSERT INTO "{table.name}" ({columns}) VALUES ({", ".join("?" for _ in names)})'
    _STATEMENTS[(table.name, names)] = (statement, converters)
    return statement, converters


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    """Document snapshots for the log: the full text is summarised by its hash, not copied."""
    return {k: v for k, v in values.items() if k != "full_text"}


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
