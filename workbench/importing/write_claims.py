"""Writing an import's claims, a batch at a time.

A batch is planned first: keys resolved (stored claim, earlier in the file, merged away by
this import), attributions planned by the ``AttributionPlanner``, each new claim matched
against the known ones (merged into a duplicate, or given its id). It is then written: new
claims with statuses computed in memory (``claim_statuses``; an earlier batch's claim a
rewording was merged into is recounted by ``own_statuses``), changed claims and
attributions updated (``stored_changes``), and the "possible duplicate" links the matcher suggests (by the
``LinkWriter``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import select

from workbench.db.batches import in_wanted, wanted
from workbench.formats.interchange import ClaimSpec, Invalid, field_path
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.claim_statuses import NewClaimStatuses
from workbench.importing.context import ImportContext
from workbench.importing.merged import MERGED_KEYS
from workbench.importing.own_statuses import OwnClaimStatuses
from workbench.importing.plan_attributions import AttributionPlanner
from workbench.importing.plans import PlannedClaim
from workbench.importing.stored_changes import StoredChanges, StoredClaimChanges
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS, TAGS, chunks
from workbench.importing.write_links import LinkWriter
from workbench.importing.write_notes import ReviewNotes
from workbench.vocabulary import Certainty, ClaimKind, EntityType, Verdict

# A new attribution whose record gives no certainty is stated; every row of one insert has
# the same columns, so the default is written out rather than left to the column's.
NEW_ATTRIBUTION_DEFAULTS = {"certainty": Certainty.STATED.value, "certainty_inferred": False}
# A version-1 record gives no kind: read once here, as an enum member's ``.value`` is a
# descriptor (140 ns), and a new claim's row and event both ask.
_EVENT = ClaimKind.EVENT.value


# The stored claims of a batch's keys (``db.batches.wanted``: built once).
_STORED_CLAIMS = select(
    CLAIMS.c.id, CLAIMS.c.key, CLAIMS.c.text, CLAIMS.c.place, CLAIMS.c.event_date, CLAIMS.c.verdict, CLAIMS.c.kind
).where(CLAIMS.c.key.in_(wanted()))

class MergeTarget(NamedTuple):
    """A claim this import created, as the target of a later merge: ``PlannedClaim.existing``
    of a continuation is only ever asked for its id."""

    id: int
    key: str


class ClaimWriter:
    """Plans and writes the file's claims and their attributions (see the module docstring)."""

    def __init__(
        self, context: ImportContext, matcher: ClaimMatcher, attributions: AttributionPlanner, links: LinkWriter
    ) -> None:
        self.context = context
        self.connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.keys = context.keys
        self.summary = context.summary
        self.matcher = matcher
        self.attributions = attributions
        self.links = links
        self.statuses = NewClaimStatuses(context.connection, context.prepared.spool.counts["claim"], context.keys)
        self.own_statuses = OwnClaimStatuses(context, self.statuses)
        self.review_notes = ReviewNotes(context)
        self.stored = StoredClaimChanges(context, self.review_notes)
        self._merged_before: dict[str, int] = {}  # the current batch's keys merged in earlier ones
        self._claims_given = 0  # claims of the file passed to ``write_batch`` so far

    def write_batch(self, batch: list[tuple[ClaimSpec, str | None]]) -> None:
        """Plan a batch of claims (rejecting the bad ones), then write it."""
        self.keys.find_sources(
            key for spec, _ in batch for a in spec.attributions for key in (a.source, a.relayed_via) if key
        )
        self.keys.find_documents(a.document for spec, _ in batch for a in spec.attributions if a.document)
        document_ids = self.keys.document_ids
        self.attributions.prepare_batch({
            document_ids[a.document] for spec, _ in batch for a in spec.attributions
            if a.document in document_ids and (a.quote or a.span is not None)
        })
        # Only keys that may repeat an earlier record of the file, or be stored, can be stored or
        # merged already (``keyfilter.KnownKeys``): the rest are new without a query (a query
        # would wait for the last batch's writes).
        first, self._claims_given = self._claims_given, self._claims_given + len(batch)
        maybe_known = self.context.known_keys.begin_batch(first, [spec.key for spec, _ in batch])
        existing = self._existing_claims(maybe_known)
        self._merged_before = self.context.merged.find({key for key in maybe_known if key not in existing})
        planned: list[PlannedClaim] = []
        by_key: dict[str, PlannedClaim] = {}
        for spec, raw in batch:
            try:
                plan = self._plan_claim(spec, raw, existing.get(spec.key), by_key)
            except Invalid as problem:
                self.context.reject(problem, raw)
                continue
            if plan is not None:
                planned.append(plan)
                by_key.setdefault(spec.key, plan)
        planned = self.attributions.find_stored(planned)
        self._write(planned)

    def _existing_claims(self, keys: set[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for chunk in chunks(sorted(keys)):
            for row in self.connection.execute(_STORED_CLAIMS, in_wanted(chunk)):
                found[row.key] = row
        return found

    def _plan_claim(
        self, spec: ClaimSpec, raw: str | None, row: Any, by_key: dict[str, PlannedClaim]
    ) -> PlannedClaim | None:
        tags = sorted({t.strip().lower() for t in spec.tags if t.strip()}) if spec.tags is not None else None
        earlier = by_key.get(spec.key)
        wording = spec.text or (row.text if row is not None else None) or (earlier.spec.text if earlier else None)
        attributions = [self.attributions.plan(spec.key, a, wording) for a in spec.attributions]
        fresh = row is not None and row.id > self.context.baseline.claims
        if row is None and spec.key in self._merged_before and not spec.grouped:
            where = self.context.first_use(ClaimSpec, spec.key, spec.line)
            raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
        if earlier is not None or fresh:
            if not spec.grouped:
                where = self.context.first_use(ClaimSpec, spec.key, spec.line) if earlier is None else f"first used on line {earlier.spec.line}"
                raise Invalid(spec.line, field_path(spec.path, "key"), f"duplicate key {spec.key!r} ({where})")
            self._check_continuation(spec, tags, earlier, row)
            if earlier is not None:
                earlier.attributions.extend(attributions)
                return None
            return PlannedClaim(spec, raw, row, attributions, None, continuation=True)
        if row is None and spec.text is None:
            raise Invalid(spec.line, "claim_text", f"missing (required for a new claim, {spec.key!r})")
        if row is None and spec.verdict_reason is not None and (spec.verdict or Verdict.UNREVIEWED.value) == Verdict.UNREVIEWED.value:
            where = field_path(spec.path, "verdict_reason") if spec.path else "verdict_reason"
            raise Invalid(spec.line, where, "given without a verdict (an unreviewed claim has no reason)")
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

    def _write(self, planned: list[PlannedClaim]) -> None:
        """Insert the new claims with their statuses, update the changed ones, store the attributions."""
        planned = self._match_new_claims(planned)
        inserts = [a for plan in planned for a in plan.attributions if a.existing is None]
        attribution_ids = iter(self.rows.new_ids(ATTRIBUTIONS, len(inserts)))
        new_attribution_ids: dict[int, int] = {id(a): next(attribution_ids) for a in inserts}

        claim_rows: list[dict[str, Any]] = []
        tag_rows: list[dict[str, Any]] = []
        attribution_rows: list[dict[str, Any]] = []
        touched: set[int] = set()
        changes = StoredChanges(self.stored.tags_of(planned))
        self.statuses.load_facts(planned)
        for plan in planned:
            claim_id = plan.target_id
            assert claim_id is not None
            if plan.existing is None:
                claim_rows.append(self._new_claim_row(plan, claim_id, new_attribution_ids))
                tag_rows.extend({"claim_id": claim_id, "tag": tag} for tag in plan.tags or ())
            elif not plan.continuation:
                self.stored.plan_claim(plan, claim_id, changes)
            for attribution in plan.attributions:
                if attribution.existing is None:
                    attribution_id = new_attribution_ids[id(attribution)]
                    attribution_rows.append(
                        {**NEW_ATTRIBUTION_DEFAULTS, **attribution.values, "claim_id": claim_id, "id": attribution_id, "key": attribution.key}
                    )
                    self.summary.attributions.created += 1
                    if plan.existing is not None:
                        values = attribution.values | {"claim_id": claim_id}
                        # A new claim's attributions are listed in its claim_added event.
                        self.log.record(EntityType.ATTRIBUTION, attribution_id, "attribution_added", claim_id=claim_id, after=values)
                        touched.add(claim_id)
                    continue
                values = attribution.values | {"claim_id": claim_id}
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
                changes.attributions.append((row.id, changed))
                self.summary.attributions.updated += 1
                self.log.record(EntityType.ATTRIBUTION, row.id, "attribution_updated", claim_id=claim_id, before=before, after=changed)
                touched.update({claim_id, row.claim_id})
            if plan.suggestion is not None:
                self.links.record_suggestion(plan)
        times = {"created_at": self.context.now, "updated_at": self.context.now}
        self.rows.insert(CLAIMS, claim_rows, times | {"version": 1})
        self.rows.insert(TAGS, tag_rows)
        self.rows.insert(ATTRIBUTIONS, attribution_rows, times)
        # After the inserts above (the first statement waits for them): a moved attribution's
        # new claim may be one of them.
        self.stored.write(changes)
        touched |= changes.recount
        self.rows.insert(MERGED_KEYS, self.context.merged.take_rows())
        self.links.write_suggestions(planned)
        self.log.flush()
        # Claims this file created in earlier batches have no links yet: recounted here, in bulk.
        own = {claim_id for claim_id in touched if claim_id > self.context.baseline.claims}
        self.own_statuses.given(own)
        self.context.affected.given_attributions(touched - own)

    def finish(self) -> None:
        """After the last batch, before the file's links: store the last recounted statuses."""
        self.own_statuses.flush()

    def forget(self) -> None:
        """Let go of the caches only planning claims reads (after ``finish``; see
        ``FileWriter._claims_written``)."""
        self.statuses.forget()
        self.attributions.forget()

    def _match_new_claims(self, planned: list[PlannedClaim]) -> list[PlannedClaim]:
        """Give each new claim its id, or merge it into the claim it duplicates.

        Claims are matched one by one, in file order, each against everything before it
        (this batch included), so a duplicate two lines apart is found like one a year apart.
        """
        new = [plan for plan in planned if plan.existing is None]
        ids = self.rows.new_ids(CLAIMS, len(new))
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
                self.context.merged.add(plan.spec.key, row.id)
                self.summary.claims.unchanged += 1
                continue
            suggestion = self.matcher.match(plan.spec)
            plan.suggestion = suggestion
            if suggestion is not None and suggestion.merged:
                target = by_id.get(suggestion.existing_id)
                self.context.merged.add(plan.spec.key, suggestion.existing_id)
                if target is not None:
                    target.attributions.extend(plan.attributions)
                    merged.add(id(plan))
                    self.links.record_suggestion(plan)
                    continue
                if suggestion.existing_id > self.context.baseline.claims:
                    # Created by an earlier batch of this import, so it exists; as a merge
                    # target only its id is used, and asking would wait for the writes.
                    rows: Sequence[Any] = [MergeTarget(suggestion.existing_id, suggestion.existing_key)]
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
        status, origin_count, awaiting = self.statuses.status(plan, attribution_ids)
        verdict = spec.verdict or Verdict.UNREVIEWED.value
        row = {
            "id": claim_id,
            "key": spec.key,
            "text": spec.text,
            "place": spec.place,
            "event_date": spec.event_date,
            "verdict": verdict,
            "kind": spec.kind or _EVENT,
            "status": status,
            "origin_count": origin_count,
            "awaiting": awaiting,
        }
        self.summary.claims.created += 1
        snapshot = {
            "key": spec.key,
            "text": spec.text,
            "place": spec.place,
            "event_date": spec.event_date.isoformat() if spec.event_date is not None else None,
            "verdict": verdict,
            "kind": spec.kind or _EVENT,
            "tags": list(plan.tags or ()),
            "attributions": [attribution_ids[id(a)] for a in plan.attributions if a.existing is None],
        }
        # Already as the log stores it (a new claim's event is the one every row gets).
        self.log.record(EntityType.CLAIM, claim_id, "claim_added", claim_id=claim_id, after=snapshot, stored_as_is=True)
        self.review_notes.new_claim(claim_id, spec, verdict)
        for a in plan.attributions:
            if a.existing is not None:
                self.context.affected.moved_from.add(a.existing.claim_id)
        return row
