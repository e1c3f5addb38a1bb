"""Writing an import's sources: the records first, then their affiliations.

Affiliations are set once every source of the file is written, and checked for loops
against the file's end state (a file may reverse A -> B into B -> A, which is no loop).

The statuses of new claims are computed from sources as this step leaves them
(``claim_statuses`` reads them only once claims are written); stored claims that a changed
source reaches are recomputed at the end (``AffectedClaims``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from workbench.db.batches import padded
from workbench.formats.interchange import Invalid, SourceSpec, field_path
from workbench.importing.context import ImportContext
from workbench.importing.tables import ALIASES, ATTRIBUTIONS, POSSIBLY_SAME, SOURCES, chunks
from workbench.vocabulary import AffiliationKind, EntityType, Mode, Reliability, SourceKind


class SourceWriter:
    """Creates and updates the file's sources (see the module docstring)."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.keys = context.keys
        self.summary = context.summary
        self.version1_kinds: set[int] = set()  # sources a version-1 file affiliates (``derive_version1_kinds``)
        self._affiliation_changed: set[int] = set()

    def apply(self) -> None:
        """Write the file's sources, then their affiliations."""
        created_here: dict[str, int] = {}
        for chunk in self.context.prepared.spool.batches(SourceSpec):
            self._write_batch(chunk, created_here)
            self.context.progress.advance(len(chunk))
        self.log.flush()
        # Affiliations are all applied first and checked for loops afterwards, against the
        # file's end state: a file may reverse A -> B into B -> A, which is no loop.
        changed: list[tuple[SourceSpec, str | None, int, int | None, int | None]] = []
        for chunk in self.context.prepared.spool.batches(SourceSpec):
            for spec, raw in chunk:
                if spec.partial or spec.key not in self.keys.source_ids:
                    continue
                try:
                    change = self._set_affiliation(spec)
                except Invalid as problem:
                    self.context.reject(problem, raw)
                    continue
                if change is not None:
                    changed.append((spec, raw, *change))
        # Checked last first, so a loop is reported on the record that closed it.
        for spec, raw, source_id, before, after in reversed(changed):
            if after is not None and self._reaches(after, source_id):
                self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_id=before))
                where = field_path(spec.path, "affiliation")
                self.context.reject(Invalid(spec.line, where, f"{spec.key!r} -> {spec.affiliation!r} makes an affiliation loop"), raw)
                continue
            self._record_affiliation(source_id, before, after)
        self._apply_kinds_and_marks()
        self.log.flush()

    def _apply_kinds_and_marks(self) -> None:
        """Version 2: each source's affiliation kind and possibly-same marks, as the file gives
        them. Version 1: the sources whose affiliation the file sets, for ``derive_v1_kinds``."""
        for chunk in self.context.prepared.spool.batches(SourceSpec):
            for spec, raw in chunk:
                if spec.partial or spec.key not in self.keys.source_ids:
                    continue
                source_id = self.keys.source_ids[spec.key]
                try:
                    if spec.affiliation_kind is not None:
                        self._set_affiliation_kind(source_id, spec.affiliation_kind)
                    elif spec.affiliation is not None and (
                        source_id > self.context.baseline.sources or source_id in self._affiliation_changed
                    ):
                        self.version1_kinds.add(source_id)
                    for other, note in spec.possibly_same:
                        where = field_path(spec.path, "possibly_same")
                        self._mark_possibly_same(source_id, self.keys.source_id(other, spec.line, where), note)
                except Invalid as problem:
                    self.context.reject(problem, raw)

    def _set_affiliation_kind(self, source_id: int, kind: str) -> None:
        if source_id > self.context.baseline.sources and kind == AffiliationKind.MEMBER_OF.value:
            return  # created by this file with the column's default: a query per source would say so
        current = self.connection.execute(select(SOURCES.c.affiliation_kind).where(SOURCES.c.id == source_id)).scalar()
        if current == kind:
            return
        self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_kind=kind))
        if source_id > self.context.baseline.sources:
            return  # new: logged with the source, and no stored claim names it yet
        self.context.affected.sources.add(source_id)
        self.summary.sources.updated += 1
        self.summary.sources.unchanged = max(0, self.summary.sources.unchanged - 1)
        self.log.record(
            EntityType.SOURCE, source_id, "affiliation_kind_set", before={"affiliation_kind": current}, after={"affiliation_kind": kind}
        )

    def _mark_possibly_same(self, source_id: int, other_id: int, note: str | None) -> None:
        """Store the mark once per pair, the lower id first (as the use case does); never removed."""
        first, second = sorted((source_id, other_id))
        if first == second:
            return
        stored = self.connection.execute(
            select(POSSIBLY_SAME.c.id).where(POSSIBLY_SAME.c.source_id == first, POSSIBLY_SAME.c.other_source_id == second)
        ).first()
        if stored is not None:
            return
        values = {"source_id": first, "other_source_id": second, "note": note}
        self.connection.execute(POSSIBLY_SAME.insert().values(**values, created_at=self.context.now))
        self.context.affected.sources.update({first, second})
        self.log.record(EntityType.SOURCE, first, "possibly_same_marked", after=values)

    def derive_version1_kinds(self) -> set[int]:
        """Version 1 had no affiliation kind: a source it affiliates speaks for the body when it
        makes an official statement, else is a member, exactly as revision 5e7a2c91b3d4 moved
        stored data. Run once the file's claims are written; returns the sources changed."""
        changed: set[int] = set()
        for chunk in chunks(sorted(self.version1_kinds)):
            official = set(
                self.connection.execute(
                    select(ATTRIBUTIONS.c.source_id)
                    .where(ATTRIBUTIONS.c.source_id.in_(padded(chunk)), ATTRIBUTIONS.c.mode == Mode.OFFICIAL_STATEMENT.value)
                    .distinct()
                ).scalars()
            )
            for source_id, current in self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.affiliation_kind).where(SOURCES.c.id.in_(padded(chunk)))
            ):
                kind = AffiliationKind.SPEAKS_FOR.value if source_id in official else AffiliationKind.MEMBER_OF.value
                if kind != current:
                    self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_kind=kind))
                    changed.add(source_id)
        self.version1_kinds.clear()
        return changed

    def _write_batch(self, batch: list[tuple[SourceSpec, str | None]], created_here: dict[str, int]) -> None:
        keys = sorted({spec.key for spec, _ in batch})
        existing: dict[str, Any] = {}
        for chunk in chunks(keys):
            for found in self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.key, SOURCES.c.name, SOURCES.c.kind, SOURCES.c.role, SOURCES.c.reliability).where(
                    SOURCES.c.key.in_(padded(chunk))
                )
            ):
                existing[found.key] = found
        aliases: dict[int, list[str]] = {}
        ids = [found.id for found in existing.values()]
        for chunk in chunks(ids):
            for alias in self.connection.execute(
                select(ALIASES.c.source_id, ALIASES.c.alias).where(ALIASES.c.source_id.in_(padded(chunk))).order_by(ALIASES.c.id)
            ):
                aliases.setdefault(alias.source_id, []).append(alias.alias)
        new_rows: list[dict[str, Any]] = []
        new_aliases: list[dict[str, Any]] = []
        new_specs: list[tuple[SourceSpec, dict[str, Any]]] = []
        planned_by_key: dict[str, dict[str, Any]] = {}  # the values of new_specs, by key
        for spec, raw in batch:
            try:
                row = existing.get(spec.key)
                planned = planned_by_key.get(spec.key)
                if (row is not None and row.id > self.context.baseline.sources) or planned is not None or spec.key in created_here:
                    if not spec.partial:
                        where = self.context.first_use(SourceSpec, spec.key, spec.line)
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
                self.context.reject(problem, raw)
        ids = self.rows.new_ids(SOURCES, len(new_specs))
        for source_id, (spec, values) in zip(ids, new_specs, strict=True):
            new_rows.append(values | {"id": source_id, "created_at": self.context.now, "updated_at": self.context.now})
            wanted = list(dict.fromkeys(spec.aliases))
            new_aliases.extend({"source_id": source_id, "alias": alias} for alias in wanted)
            self.keys.remember_source(spec.key, source_id)
            created_here[spec.key] = source_id
            self.summary.sources.created += 1
            logged = {k: v for k, v in values.items() if k != "key"} | {"aliases": wanted}
            self.log.record(EntityType.SOURCE, source_id, "source_added", after=logged)
        self.rows.insert(SOURCES, new_rows)
        self.rows.insert(ALIASES, new_aliases)

    def _update_source(self, spec: SourceSpec, row: Any, current_aliases: list[str], quiet: bool = False) -> None:
        self.keys.remember_source(spec.key, row.id)
        wanted: dict[str, Any] = {"name": spec.name, "kind": spec.kind, "role": spec.role, "reliability": spec.reliability}
        if spec.partial:
            wanted = {name: value for name, value in wanted.items() if value is not None and name != "role"}
        changed: dict[str, Any] = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        before: dict[str, Any] = {name: getattr(row, name) for name in changed}
        if not spec.partial:
            wanted_aliases = list(dict.fromkeys(spec.aliases))
            if sorted(current_aliases) != sorted(wanted_aliases):
                removed = [a for a in current_aliases if a not in wanted_aliases]
                if removed:
                    self.connection.execute(
                        ALIASES.delete().where(ALIASES.c.source_id == row.id, ALIASES.c.alias.in_(removed))
                    )
                self.rows.insert(
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
            self.connection.execute(update(SOURCES).where(SOURCES.c.id == row.id).values(**columns, updated_at=self.context.now))
        if "reliability" in changed or "name" in changed:
            self.context.affected.sources.add(row.id)
        if not quiet:
            self.summary.sources.updated += 1
        self.log.record(EntityType.SOURCE, row.id, "source_updated", before=before, after=changed)

    def _set_affiliation(self, spec: SourceSpec) -> tuple[int, int | None, int | None] | None:
        """Point the source at its affiliation; returns (source id, before, after) if it changed."""
        source_id = self.keys.source_ids[spec.key]
        where = field_path(spec.path, "affiliation")
        parent = self.keys.source_id(spec.affiliation, spec.line, where) if spec.affiliation else None
        if parent == source_id:
            raise Invalid(spec.line, where, f"{spec.key!r} -> {spec.affiliation!r} makes an affiliation loop")
        if parent is None and source_id > self.context.baseline.sources:
            return None  # created by this file without one: a query per source would say so
        current = self.connection.execute(select(SOURCES.c.affiliation_id).where(SOURCES.c.id == source_id)).scalar()
        if current == parent:
            return None
        self.connection.execute(update(SOURCES).where(SOURCES.c.id == source_id).values(affiliation_id=parent))
        self._affiliation_changed.add(source_id)
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
        if source_id > self.context.baseline.sources:
            return  # new: no stored claim names it yet
        self.context.affected.sources.add(source_id)
        self.summary.sources.updated += 1
        self.summary.sources.unchanged = max(0, self.summary.sources.unchanged - 1)
        self.log.record(
            EntityType.SOURCE, source_id, "source_affiliated", before={"affiliation_id": before}, after={"affiliation_id": after}
        )
