"""Importing interchange-format files: validated whole, then applied in one transaction.

The file is read and validated completely before the first write, and everything is written
in the caller's single transaction, so a bad record anywhere leaves the database exactly as
it was. Records are matched by their stable keys: importing the same file twice changes
nothing the second time; importing an updated record updates it and logs the change.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench import audit, status
from workbench.attributions import derived_key
from workbench.claims import claim_snapshot
from workbench.db.base import utcnow
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source, SourceAlias
from workbench.errors import BadImportFile
from workbench.interchange import (
    AttributionSpec,
    Bundle,
    ClaimSpec,
    DocumentSpec,
    Invalid,
    SourceSpec,
    parse_bundle,
)
from workbench.jsonlines import JsonProblem, loads_with_lines
from workbench.vocabulary import EntityType

IMPORT_REASON = "import"


@dataclass
class KindTally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    """What an import did, per kind of record."""

    file: str
    sources: KindTally = field(default_factory=KindTally)
    documents: KindTally = field(default_factory=KindTally)
    claims: KindTally = field(default_factory=KindTally)
    attributions: KindTally = field(default_factory=KindTally)
    links: KindTally = field(default_factory=KindTally)

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


def read_bundle(path: str | Path) -> Bundle:
    """Read and validate a file (``-`` for stdin) without touching any database."""
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        data = sys.stdin.buffer.read() if name == "<stdin>" else Path(path).read_bytes()
    except OSError as error:
        raise BadImportFile(name, None, "(file)", error.strerror or str(error)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadImportFile(name, line, "(encoding)", f"invalid UTF-8 at byte {error.start}") from None
    try:
        parsed = loads_with_lines(text)
        return parse_bundle(parsed)
    except (JsonProblem, Invalid) as problem:
        raise BadImportFile(name, problem.line, problem.field, problem.reason) from None


def import_file(session: Session, path: str | Path, reviewer: str) -> ImportSummary:
    """Validate ``path`` and apply it in the caller's transaction (all or nothing)."""
    bundle = read_bundle(path)
    name = "<stdin>" if str(path) == "-" else str(path)
    return apply_bundle(session, bundle, reviewer, name)


def apply_bundle(session: Session, bundle: Bundle, reviewer: str, file: str) -> ImportSummary:
    try:
        return _Applier(session, reviewer, file).apply(bundle)
    except Invalid as problem:
        raise BadImportFile(file, problem.line, problem.field, problem.reason) from None


class _Applier:
    def __init__(self, session: Session, reviewer: str, file: str) -> None:
        self.session = session
        self.reviewer = reviewer
        self.summary = ImportSummary(file)
        self.reason = f"{IMPORT_REASON} from {file}"
        self.sources: dict[str, Source] = {}
        self.documents: dict[str, Document] = {}
        self.claims: dict[str, Claim] = {}
        self.touched_claims: set[int] = set()
        self.touched_sources: set[int] = set()
        self.touched_documents: set[int] = set()
        self._aliases: dict[int, list[SourceAlias]] = {}
        self._created: dict[EntityType, set[int]] = {}

    def apply(self, bundle: Bundle) -> ImportSummary:
        self._preload(bundle)
        for spec in bundle.sources:
            self._upsert_source(spec)
        self.session.flush()
        for spec in bundle.sources:
            self._set_affiliation(spec)
        for spec in bundle.documents:
            self._upsert_document(spec)
        self.session.flush()
        for spec in bundle.documents:
            self._set_derived_from(spec)
        self.session.flush()
        for index, spec in enumerate(bundle.claims):
            self._upsert_claim(spec, f"claims[{index}]")
        for spec in bundle.links:
            self._add_link(spec)
        self.session.flush()
        affected = set(self.touched_claims)
        for source_id in self.touched_sources:
            affected |= status.claims_affected_by_source(self.session, source_id)
        for document_id in self.touched_documents:
            affected |= status.claims_affected_by_document(self.session, document_id)
        status.refresh_claims(self.session, affected)
        return self.summary

    # -- lookups -----------------------------------------------------------------------------

    def _preload(self, bundle: Bundle) -> None:
        """Fetch every record the file names by key, a few queries for the whole file."""
        source_keys = {s.key for s in bundle.sources} | {s.affiliation for s in bundle.sources if s.affiliation}
        source_keys |= {d.outlet for d in bundle.documents if d.outlet}
        for claim in bundle.claims:
            for a in claim.attributions:
                source_keys.add(a.source)
                if a.relayed_via:
                    source_keys.add(a.relayed_via)
        document_keys = {d.key for d in bundle.documents} | {d.derived_from for d in bundle.documents if d.derived_from}
        document_keys |= {a.document for c in bundle.claims for a in c.attributions if a.document}
        claim_keys = {c.key for c in bundle.claims} | {l.from_key for l in bundle.links} | {l.to_key for l in bundle.links}
        self.sources = _by_key(self.session, Source, source_keys)
        self.documents = _by_key(self.session, Document, document_keys)
        self.claims = _by_key(self.session, Claim, claim_keys)
        if self.sources:
            for alias in self.session.scalars(
                select(SourceAlias).where(SourceAlias.source_id.in_([s.id for s in self.sources.values()]))
            ):
                self._aliases.setdefault(alias.source_id, []).append(alias)

    def source(self, key: str, line: int | None, field: str) -> Source:
        if key not in self.sources:
            raise Invalid(line, field, f"unknown source key {key!r} (not in this file or the database)")
        return self.sources[key]

    def document(self, key: str, line: int | None, field: str) -> Document:
        if key not in self.documents:
            raise Invalid(line, field, f"unknown document key {key!r} (not in this file or the database)")
        return self.documents[key]

    def claim(self, key: str, line: int | None, field: str) -> Claim:
        if key not in self.claims:
            raise Invalid(line, field, f"unknown claim key {key!r} (not in this file or the database)")
        return self.claims[key]

    # -- sources -----------------------------------------------------------------------------

    def _upsert_source(self, spec: SourceSpec) -> None:
        values = {"name": spec.name, "kind": spec.kind, "role": spec.role, "reliability": spec.reliability}
        source = self.sources.get(spec.key)
        if source is None:
            source = Source(key=spec.key, **values)
            source.aliases = [SourceAlias(alias=a) for a in dict.fromkeys(spec.aliases)]
            self.session.add(source)
            self.session.flush()
            self.sources[spec.key] = source
            self.summary.sources.created += 1
            self._log(EntityType.SOURCE, source.id, "source_added", after=values | {"aliases": list(spec.aliases)})
            return
        before = {name: getattr(source, name) for name in values}
        current_aliases = [a.alias for a in self._aliases.get(source.id, [])]
        wanted_aliases = list(dict.fromkeys(spec.aliases))
        changed = {name: value for name, value in values.items() if before[name] != value}
        if sorted(current_aliases) != sorted(wanted_aliases):
            for alias in self._aliases.get(source.id, []):
                if alias.alias not in wanted_aliases:
                    self.session.delete(alias)
            for alias in wanted_aliases:
                if alias not in current_aliases:
                    self.session.add(SourceAlias(source_id=source.id, alias=alias))
            changed["aliases"] = wanted_aliases
            before["aliases"] = current_aliases
        if not changed:
            self.summary.sources.unchanged += 1
            return
        for name, value in changed.items():
            if name != "aliases":
                setattr(source, name, value)
        self.summary.sources.updated += 1
        if "reliability" in changed:
            self.touched_sources.add(source.id)
        self._log(EntityType.SOURCE, source.id, "source_updated", before={k: before[k] for k in changed}, after=changed)

    def _set_affiliation(self, spec: SourceSpec) -> None:
        source = self.sources[spec.key]
        parent = self.source(spec.affiliation, spec.line, "affiliation") if spec.affiliation else None
        new = parent.id if parent else None
        if source.affiliation_id == new:
            return
        if parent is not None and self._affiliation_cycle(source, parent):
            raise Invalid(spec.line, "affiliation", f"{spec.key!r} -> {spec.affiliation!r} makes an affiliation loop")
        before = source.affiliation_id
        was_new = source.id in self._created_ids(EntityType.SOURCE)
        source.affiliation_id = new
        self.touched_sources.add(source.id)
        if not was_new:
            self._log(EntityType.SOURCE, source.id, "source_affiliated", before={"affiliation_id": before}, after={"affiliation_id": new})
            self.summary.sources.updated += 1
            self.summary.sources.unchanged = max(0, self.summary.sources.unchanged - 1)

    def _affiliation_cycle(self, source: Source, parent: Source) -> bool:
        by_id = {s.id: s for s in self.sources.values()}
        current: Source | None = parent
        seen: set[int] = set()
        while current is not None and current.id not in seen:
            if current.id == source.id:
                return True
            seen.add(current.id)
            next_id = current.affiliation_id
            current = by_id.get(next_id) if next_id is not None else None
            if current is None and next_id is not None:
                current = self.session.get(Source, next_id)
        return False

    # -- documents ---------------------------------------------------------------------------

    def _upsert_document(self, spec: DocumentSpec) -> None:
        outlet = self.source(spec.outlet, spec.line, "outlet") if spec.outlet else None
        values = {
            "title": spec.title,
            "outlet_id": outlet.id if outlet else None,
            "byline": spec.byline,
            "place": spec.place,
            "published_at": spec.published_at,
            "url": spec.url,
            "full_text": spec.text,
            "content_hash": hashlib.sha256(spec.text.encode()).hexdigest() if spec.text is not None else None,
        }
        document = self.documents.get(spec.key)
        if document is None:
            document = Document(key=spec.key, **values)
            self.session.add(document)
            self.session.flush()
            self.documents[spec.key] = document
            self._created.setdefault(EntityType.DOCUMENT, set()).add(document.id)
            self.summary.documents.created += 1
            self._log(EntityType.DOCUMENT, document.id, "document_added", after=_loggable(values))
            return
        changed = {name: value for name, value in values.items() if getattr(document, name) != value}
        if not changed:
            self.summary.documents.unchanged += 1
            return
        before = {name: getattr(document, name) for name in changed}
        for name, value in changed.items():
            setattr(document, name, value)
        if "outlet_id" in changed:
            self.touched_documents.add(document.id)
        self.summary.documents.updated += 1
        self._log(EntityType.DOCUMENT, document.id, "document_updated", before=_loggable(before), after=_loggable(changed))

    def _set_derived_from(self, spec: DocumentSpec) -> None:
        document = self.documents[spec.key]
        original = self.document(spec.derived_from, spec.line, "derived_from") if spec.derived_from else None
        new = original.id if original else None
        if document.derived_from_id == new:
            return
        if original is not None:
            current: Document | None = original
            seen: set[int] = set()
            while current is not None and current.id not in seen:
                if current.id == document.id:
                    raise Invalid(spec.line, "derived_from", f"{spec.key!r} -> {spec.derived_from!r} makes a derivation loop")
                seen.add(current.id)
                current = self.session.get(Document, current.derived_from_id) if current.derived_from_id else None
        before = document.derived_from_id
        document.derived_from_id = new
        self.touched_documents.add(document.id)
        if document.id not in self._created_ids(EntityType.DOCUMENT):
            self._log(EntityType.DOCUMENT, document.id, "document_derivation_set", before={"derived_from_id": before}, after={"derived_from_id": new})

    # -- claims and attributions ------------------------------------------------------------

    def _upsert_claim(self, spec: ClaimSpec, path: str) -> None:
        values = {"text": spec.text, "place": spec.place, "event_date": spec.event_date, "verdict": spec.verdict}
        tags = sorted({t.strip().lower() for t in spec.tags if t.strip()})
        claim = self.claims.get(spec.key)
        if claim is None:
            claim = Claim(key=spec.key, status="unsourced", origin_count=0, **values)
            claim.tags = [ClaimTag(tag=t) for t in tags]
            self.session.add(claim)
            self.session.flush()
            self.claims[spec.key] = claim
            self.summary.claims.created += 1
            self._log(EntityType.CLAIM, claim.id, "claim_added", claim_id=claim.id, after=claim_snapshot(claim, tags))
            self.touched_claims.add(claim.id)
        else:
            current_tags = sorted(self.session.scalars(select(ClaimTag.tag).where(ClaimTag.claim_id == claim.id)))
            changed: dict[str, Any] = {n: v for n, v in values.items() if getattr(claim, n) != v}
            before: dict[str, Any] = {n: getattr(claim, n) for n in changed}
            if current_tags != tags:
                for tag in set(current_tags) - set(tags):
                    row = self.session.get(ClaimTag, (claim.id, tag))
                    if row is not None:
                        self.session.delete(row)
                for tag in set(tags) - set(current_tags):
                    self.session.add(ClaimTag(claim_id=claim.id, tag=tag))
                changed["tags"], before["tags"] = tags, current_tags
            if changed:
                for name in values:
                    if name in changed:
                        setattr(claim, name, changed[name])
                claim.updated_at = utcnow()
                self.summary.claims.updated += 1
                self._log(EntityType.CLAIM, claim.id, "claim_updated", claim_id=claim.id, before=before, after=changed)
                self.touched_claims.add(claim.id)
            else:
                self.summary.claims.unchanged += 1
        for spec_attribution in spec.attributions:
            self._upsert_attribution(claim, spec.key, spec_attribution)

    def _upsert_attribution(self, claim: Claim, claim_key: str, spec: AttributionSpec) -> None:
        source = self.source(spec.source, spec.line, f"{spec.path}.source")
        document = self.document(spec.document, spec.line, f"{spec.path}.document") if spec.document else None
        relay = self.source(spec.relayed_via, spec.line, f"{spec.path}.relayed_via") if spec.relayed_via else None
        if spec.span is not None and document is not None and document.full_text is not None:
            start, end = spec.span
            if end > len(document.full_text):
                raise Invalid(spec.line, f"{spec.path}.span", f"[{start}, {end}] runs past the end of the document's text ({len(document.full_text)} characters)")
            if spec.quote is not None and document.full_text[start:end] != spec.quote:
                raise Invalid(spec.line, f"{spec.path}.span", "the span does not cover the quote in the document's text")
        key = spec.key or derived_key(claim_key, spec.source, spec.document, spec.stance, spec.quote)
        values = {
            "claim_id": claim.id,
            "source_id": source.id,
            "document_id": document.id if document else None,
            "stance": spec.stance,
            "mode": spec.mode,
            "quote": spec.quote,
            "span_start": spec.span[0] if spec.span else None,
            "span_end": spec.span[1] if spec.span else None,
            "relayed_via_id": relay.id if relay else None,
            "credibility": spec.credibility,
            "as_of": spec.as_of,
            "note": spec.note,
        }
        attribution = self.session.scalars(select(Attribution).where(Attribution.key == key)).first()
        if attribution is None:
            attribution = Attribution(key=key, **values)
            self.session.add(attribution)
            self.session.flush()
            self.summary.attributions.created += 1
            self._log(EntityType.ATTRIBUTION, attribution.id, "attribution_added", claim_id=claim.id, after=values)
            self.touched_claims.add(claim.id)
            return
        changed = {n: v for n, v in values.items() if getattr(attribution, n) != v}
        if not changed:
            self.summary.attributions.unchanged += 1
            return
        before = {n: getattr(attribution, n) for n in changed}
        if "claim_id" in changed:
            self.touched_claims.add(attribution.claim_id)
        for name, value in changed.items():
            setattr(attribution, name, value)
        self.summary.attributions.updated += 1
        self.touched_claims.add(claim.id)
        self._log(EntityType.ATTRIBUTION, attribution.id, "attribution_updated", claim_id=claim.id, before=before, after=changed)

    def _add_link(self, spec: Any) -> None:
        source = self.claim(spec.from_key, spec.line, f"{spec.path}.from")
        target = self.claim(spec.to_key, spec.line, f"{spec.path}.to")
        link = self.session.scalars(
            select(ClaimLink).where(
                ClaimLink.from_claim_id == source.id,
                ClaimLink.to_claim_id == target.id,
                ClaimLink.relation == spec.relation,
            )
        ).first()
        if link is not None:
            if link.note != spec.note:
                before = link.note
                link.note = spec.note
                self.summary.links.updated += 1
                self._log(EntityType.LINK, link.id, "link_updated", claim_id=source.id, before={"note": before}, after={"note": spec.note})
            else:
                self.summary.links.unchanged += 1
            return
        link = ClaimLink(from_claim_id=source.id, to_claim_id=target.id, relation=spec.relation, note=spec.note)
        self.session.add(link)
        self.session.flush()
        self.summary.links.created += 1
        snapshot = {"from_claim_id": source.id, "to_claim_id": target.id, "relation": spec.relation, "note": spec.note}
        for claim_id in (source.id, target.id):
            self._log(EntityType.LINK, link.id, "link_added", claim_id=claim_id, after=snapshot)

    # -- bookkeeping -------------------------------------------------------------------------

    def _created_ids(self, entity_type: EntityType) -> set[int]:
        return self._created.get(entity_type, set())

    def _log(self, entity_type: EntityType, entity_id: int, action: str, claim_id: int | None = None, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
        if action == "source_added":
            self._created.setdefault(EntityType.SOURCE, set()).add(entity_id)
        audit.record(
            self.session,
            reviewer=self.reviewer,
            entity_type=entity_type,
            entity_id=entity_id,
            claim_id=claim_id,
            action=action,
            before=before,
            after=after,
            reason=self.reason,
        )


def _by_key(session: Session, model: type, keys: Iterable[str]) -> dict[str, Any]:
    keys = [k for k in keys if k]
    found: dict[str, Any] = {}
    for start in range(0, len(keys), 500):
        for row in session.scalars(select(model).where(model.key.in_(keys[start : start + 500]))):
            found[row.key] = row
    return found


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    """Document snapshots for the log: the full text is summarised by its hash, not copied."""
    return {k: v for k, v in values.items() if k != "full_text"}
