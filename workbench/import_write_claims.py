"""Writing an import's claims, attributions, possible-duplicate links and links (part of
``import_writing.Writer``).

Claims are planned a batch at a time (keys resolved, attributions checked, matches found),
then written with their statuses computed in memory from their attributions.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select, update

from workbench.attributions import derived_key, looks_derived
from workbench.corroboration import AttributionFacts, DocumentFacts, Evidence, SourceFacts, assess
from workbench.db.models import Source
from workbench.import_tables import (
    ALIASES,
    ATTRIBUTIONS,
    CACHE_LIMIT,
    CLAIMS,
    DOCUMENTS,
    IN_CHUNK,
    LINKS,
    SOURCES,
    TAGS,
    REFRESH_CHUNK,
    STATUS_MEMO,
    PlannedAttribution,
    PlannedClaim,
    chunks,
)
from workbench.import_merged import MERGED_KEYS
from workbench.interchange import AttributionSpec, ClaimSpec, Invalid, LinkSpec, field_path
from workbench.references import unique_key
from workbench.vocabulary import EntityType, Mode, Reliability, SourceKind, Stance, Verdict


class MergeTarget(NamedTuple):
    """A claim this import created, as the target of a later merge: ``PlannedClaim.existing``
    of a continuation is only ever asked for its id."""

    id: int
    key: str


class ClaimWriting:
    """The claim, attribution and link steps of ``Writer``; its state lives on the Writer."""

    # -- claims and attributions ---------------------------------------------------------------

    def _apply_claims(self, batch: list[tuple[ClaimSpec, str | None]]) -> None:
        self._lookup_sources(
            key for spec, _ in batch for a in spec.attributions for key in (a.source, a.relayed_via) if key
        )
        self._lookup_documents(a.document for spec, _ in batch for a in spec.attributions if a.document)
        # Only keys the filter may have seen can be stored or merged already: the rest are new
        # without a query (a query would wait for the last batch's writes).
        maybe_known = self.known_keys.maybe_known("claim", (spec.key for spec, _ in batch))
        existing = self._existing_claims(maybe_known)
        self.merged_before = self.merged.find({key for key in maybe_known if key not in existing})
        planned: list[PlannedClaim] = []
        by_key: dict[str, PlannedClaim] = {}
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
        self.known_keys.update("claim", (spec.key for spec, _ in batch))
        # A derived attribution key is known through its claim's key (``_maybe_stored``).
        self.known_keys.update("attribution", (a.key for plan in planned for a in plan.attributions if a.spec.key is not None))

    def _existing_claims(self, keys: set[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        columns = (CLAIMS.c.id, CLAIMS.c.key, CLAIMS.c.text, CLAIMS.c.place, CLAIMS.c.event_date, CLAIMS.c.verdict)
        for chunk in chunks(sorted(keys)):
            for row in self.connection.execute(select(*columns).where(CLAIMS.c.key.in_(chunk))):
                found[row.key] = row
        return found

    def _plan_claim(
        self, spec: ClaimSpec, raw: str | None, row: Any, by_key: dict[str, PlannedClaim]
    ) -> PlannedClaim | None:
        tags = sorted({t.strip().lower() for t in spec.tags if t.strip()}) if spec.tags is not None else None
        attributions = [self._plan_attribution(spec.key, a) for a in spec.attributions]
        earlier = by_key.get(spec.key)
        fresh = row is not None and row.id > self.baseline["claims"]
        if row is None and spec.key in self.merged_before and not spec.grouped:
            where = self._first_line("claim", spec.key, spec.line)
            raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
        if earlier is not None or fresh:
            if not spec.grouped:
                where = self._first_line("claim", spec.key, spec.line) if earlier is None else f"first used on line {earlier.spec.line}"
                raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
            self._check_continuation(spec, tags, earlier, row)
            if earlier is not None:
                earlier.attributions.extend(attributions)
                return None
            return PlannedClaim(spec, raw, row, attributions, None, continuation=True)
        if row is None and spec.text is None:
            raise Invalid(spec.line, "claim_text", f"missing (required for a new claim, {spec.key!r})")
        return PlannedClaim(spec, raw, row, attributions, tags)

    def _check_continuation(self, spec: ClaimSpec, tags: list[str] | None, earlier: PlannedClaim | None, row: Any) -> None:
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

    def _write_claims(self, planned: list[PlannedClaim]) -> None:
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
        self._insert(MERGED_KEYS, self.merged.take_rows())
        self._write_suggestion_links(planned)
        self._flush_events()
        # Their statuses are recomputed later, many batches' worth at once: nothing reads them
        # before, and a refresh here would wait for this batch's background writes.
        self.touched_claims |= touched
        if len(self.touched_claims) >= REFRESH_CHUNK:
            self._refresh_touched()

    def _match_new_claims(self, planned: list[PlannedClaim]) -> list[PlannedClaim]:
        """Give each new claim its id, or merge it into the claim it duplicates.

        Claims are matched one by one, in file order, each against everything before it
        (this batch included), so a duplicate two lines apart is found like one a year apart.
        """
        new = [plan for plan in planned if plan.existing is None]
        ids = self._new_ids(CLAIMS, len(new))
        by_id: dict[int, PlannedClaim] = {}
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
                self.merged.add(plan.spec.key, row.id)
                self.summary.claims.unchanged += 1
                continue
            suggestion = self.matcher.match(plan.spec)
            plan.suggestion = suggestion
            if suggestion is not None and suggestion.merged:
                target = by_id.get(suggestion.existing_id)
                self.merged.add(plan.spec.key, suggestion.existing_id)
                if target is not None:
                    target.attributions.extend(plan.attributions)
                    merged.add(id(plan))
                    self._record_suggestion(plan)
                    continue
                if suggestion.existing_id > self.baseline["claims"]:
                    # Created by an earlier batch of this import, so it exists; as a merge
                    # target only its id is used, and asking would wait for the writes.
                    rows = [MergeTarget(suggestion.existing_id, suggestion.existing_key)]
                else:
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

    def _new_claim_row(self, plan: PlannedClaim, claim_id: int, attribution_ids: dict[int, int]) -> dict[str, Any]:
        spec = plan.spec
        status, origin_count, awaiting = self._new_claim_status(plan, attribution_ids)
        verdict = spec.verdict or Verdict.UNREVIEWED.value
        row = {
            "id": claim_id,
            "key": spec.key,
            "text": spec.text,
            "place": spec.place,
            "event_date": spec.event_date,
            "verdict": verdict,
            "status": status,
            "origin_count": origin_count,
            "awaiting": awaiting,
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

    def _new_claim_status(self, plan: PlannedClaim, attribution_ids: dict[int, int]) -> tuple[str, int, str | None]:
        """A new claim's status, origin count and awaited parties, from its attributions.

        A large feed gives thousands of claims the same evidence (one source asserting, say),
        and the rules read nothing but the attributions' facts in id order, the sources and
        the documents, so results are remembered by those facts (``STATUS_MEMO`` of them).
        Sources and documents do not change while claims are written (their records come
        first in a file), and the memo is emptied with their caches all the same.
        """
        values = [a.values for a in plan.attributions]
        shape: tuple[Any, ...] | None = None
        if all(a.existing is None for a in plan.attributions):  # new ids are in plan order
            shape = tuple(
                (v["source_id"], v["stance"], v["mode"], v["document_id"], v["relayed_via_id"], v["as_of"]) for v in values
            )
            remembered = self.statuses.get(shape)
            if remembered is not None:
                return remembered
        facts = [
            AttributionFacts(
                id=attribution_ids[id(a)] if a.existing is None else a.existing.id,
                source_id=v["source_id"],
                stance=Stance(v["stance"]),
                mode=Mode(v["mode"]),
                document_id=v["document_id"],
                relayed_via_id=v["relayed_via_id"],
                as_of=v["as_of"],
            )
            for a, v in zip(plan.attributions, values, strict=True)
        ]
        assessment = assess(Evidence(attributions=facts, sources=self.source_facts, documents=self.document_facts))
        result = (assessment.status.value, assessment.origin_count, assessment.awaiting_text())
        if shape is not None:
            if len(self.statuses) >= STATUS_MEMO:
                self.statuses.clear()
            self.statuses[shape] = result
        return result

    def _update_claim(self, plan: PlannedClaim, claim_id: int) -> None:
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

    def _load_facts(self, planned: list[PlannedClaim]) -> None:
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
        for facts in (self.document_facts, self.source_facts):
            if len(facts) > CACHE_LIMIT:
                facts.clear()  # reloaded below as needed
                self.statuses.clear()
        pending = document_ids - set(self.document_facts)
        while pending:
            batch = sorted(pending)[:IN_CHUNK]
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
            batch = sorted(pending)[:IN_CHUNK]
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

    def _record_suggestion(self, plan: PlannedClaim) -> None:
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

    def _write_suggestion_links(self, planned: list[PlannedClaim]) -> None:
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
        for chunk in chunks(keys):
            for row in self.connection.execute(select(CLAIMS.c.id, CLAIMS.c.key).where(CLAIMS.c.key.in_(chunk))):
                claim_ids[row.key] = row.id
        for key, claim_id in self.merged.find({key for key in keys if key not in claim_ids}).items():
            claim_ids[key] = claim_id
        stored: dict[tuple[int, int, str], Any] = {}
        from_ids = sorted({claim_ids[s.from_key] for s, _ in batch if s.from_key in claim_ids})
        for chunk in chunks(from_ids):
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
