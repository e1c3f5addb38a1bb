"""Planning an import's attributions (part of ``import_writing.Writer``).

Each attribution's references are resolved (source by key or by name, document, relay), its
span checked against the document's text, and its key found among the stored ones or refused
as used twice in the file. A source named but unknown is created here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from workbench.db.models import Source
from workbench.formats.interchange import AttributionSpec, Invalid, field_path
from workbench.importing.tables import (
    ALIASES,
    ATTRIBUTIONS,
    CACHE_LIMIT,
    DOCUMENTS,
    SOURCES,
    PlannedAttribution,
    PlannedClaim,
    chunks,
)
from workbench.review.attributions import derived_key, looks_derived
from workbench.review.references import unique_key
from workbench.vocabulary import EntityType, Reliability, SourceKind


class AttributionPlanning:
    """The attribution steps of ``Writer``; its state lives on the Writer."""

    def _plan_attribution(self, claim_key: str, spec: AttributionSpec) -> PlannedAttribution:
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
        return PlannedAttribution(spec, key, values)

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
        if len(self.names) > CACHE_LIMIT:
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

    def _plan_attribution_keys(self, planned: list[PlannedClaim]) -> list[PlannedClaim]:
        """Find stored attributions by key; refuse a key used twice in this file."""
        keys = sorted({a.key for plan in planned for a in plan.attributions if self._maybe_stored(plan.spec.key, a)})
        stored: dict[str, Any] = {}
        for chunk in chunks(keys):
            for row in self.connection.execute(select(ATTRIBUTIONS).where(ATTRIBUTIONS.c.key.in_(chunk))):
                stored[row.key] = row
        kept: list[PlannedClaim] = []
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

    def _maybe_stored(self, claim_key: str, attribution: PlannedAttribution) -> bool:
        """Whether an attribution's key may be stored already, or used earlier in this file.

        Only keys given in the file go into the filter of known keys. A derived key
        (``attributions.derived_key``: a hash of the claim's key and the attribution's
        values) can only have been used before under the same claim key, so a claim key never
        seen means derived keys never seen; keys stored before the import are all in the
        filter when it is complete. A given key shaped like a derived one (from an export)
        is always looked up, as it may repeat a derived key this file produced earlier.
        """
        keys = self.known_keys
        if attribution.spec.key is None:
            return keys.might_contain("claim", claim_key) or keys.might_contain("attribution", attribution.key)
        return keys.might_contain("attribution", attribution.key) or looks_derived(attribution.key)
