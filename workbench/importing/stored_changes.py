"""Changes a file makes to claims and attributions stored before the import, a batch at a time.

A batch's changed stored claims (new text, place, date, verdict, kind or tags) and changed
stored attributions (another stance, or moved to another claim) are planned while the batch
is planned, and written together once its new rows are queued (``ClaimWriter._write``).

Why together: one UPDATE a row, each compiled, executed and (on SQLite) first waiting for the
background writes, made an import that changes stored claims spend 0.9 ms a claim in the main
thread (20 s of 50 s for a file updating 22,000 claims); one statement for each set of changed
columns, run over all its rows, took the same file from 52-65 s to 38 s. Why after the new rows:
a stored attribution the file gives to a claim this batch creates points at that claim's row,
which must exist first (foreign keys are checked at once on SQLite and PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update

from workbench.db.batches import in_wanted, wanted
from workbench.importing.context import ImportContext
from workbench.importing.plans import PlannedClaim
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS, TAGS, chunks
from workbench.importing.write_notes import ReviewNotes
from workbench.vocabulary import EntityType, Verdict

_STORED_TAGS = select(TAGS.c.claim_id, TAGS.c.tag).where(TAGS.c.claim_id.in_(wanted()))  # ``db.batches.wanted``


@dataclass
class StoredChanges:
    """One batch's changes to stored rows: new values by row id, tags to remove, claims to
    recount once written; and the stored tags of its claims whose tags the file gives."""

    stored_tags: dict[int, list[str]]
    claims: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    attributions: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    removed_tags: list[tuple[int, str]] = field(default_factory=list)
    recount: set[int] = field(default_factory=set)


class StoredClaimChanges:
    """Plans and writes the changes to stored claims (see the module docstring)."""

    def __init__(self, context: ImportContext, review_notes: ReviewNotes) -> None:
        self.context = context
        self.connection: Connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.summary = context.summary
        self.review_notes = review_notes

    def tags_of(self, planned: list[PlannedClaim]) -> dict[int, list[str]]:
        """The stored tags of the batch's stored claims whose tags the file gives, by claim id."""
        wanted = sorted(
            plan.existing.id for plan in planned if plan.existing is not None and not plan.continuation and plan.tags is not None
        )
        found: dict[int, list[str]] = {}
        for chunk in chunks(wanted):
            for claim_id, tag in self.connection.execute(_STORED_TAGS, in_wanted(chunk)):
                found.setdefault(claim_id, []).append(tag)
        # Sorted here, as the file's tags are (``ClaimWriter._plan_claim``): a database's
        # collation may order them otherwise, and the lists would differ for the same tags.
        return {claim_id: sorted(tags) for claim_id, tags in found.items()}

    def plan_claim(self, plan: PlannedClaim, claim_id: int, changes: StoredChanges) -> None:
        """A stored claim's new values (its status depends only on attributions), into ``changes``;
        counted and logged now, written by ``write``."""
        spec, row = plan.spec, plan.existing
        wanted: dict[str, Any] = {
            "text": spec.text, "place": spec.place, "event_date": spec.event_date, "verdict": spec.verdict, "kind": spec.kind,
        }
        if spec.kind is None:  # version 1, or a CSV without the column: keep the kind
            del wanted["kind"]
        if spec.grouped:
            wanted = {name: value for name, value in wanted.items() if value is not None}
        elif wanted["verdict"] is None:
            wanted["verdict"] = Verdict.UNREVIEWED.value
        changed = {name: value for name, value in wanted.items() if getattr(row, name) != value}
        before = {name: getattr(row, name) for name in changed}
        self.review_notes.stored_claim(claim_id, spec, row.verdict, changed, before)
        if "kind" in changed:
            changes.recount.add(claim_id)  # a plan counts forecasts: recompute once the kind is stored
        current_tags = changes.stored_tags.get(claim_id, [])
        if plan.tags is not None and current_tags != plan.tags:
            changes.removed_tags.extend((claim_id, tag) for tag in sorted(set(current_tags) - set(plan.tags)))
            self.rows.insert(TAGS, [{"claim_id": claim_id, "tag": t} for t in plan.tags if t not in current_tags])
            changed["tags"], before["tags"] = plan.tags, current_tags
        if not changed:
            self.summary.claims.unchanged += 1
            return
        changes.claims.append((claim_id, {k: v for k, v in changed.items() if k != "tags"}))
        self.summary.claims.updated += 1
        self.log.record(EntityType.CLAIM, claim_id, "claim_updated", claim_id=claim_id, before=before, after=changed)

    def write(self, changes: StoredChanges) -> None:
        """Store the batch's changes: attributions, claims (each a new version), removed tags."""
        self._update_rows(ATTRIBUTIONS, changes.attributions)
        self._update_rows(CLAIMS, changes.claims, version=CLAIMS.c.version + 1)
        if changes.removed_tags:
            self.connection.execute(
                TAGS.delete().where(TAGS.c.claim_id == bindparam("row_id"), TAGS.c.tag == bindparam("old_tag")),
                [{"row_id": claim_id, "old_tag": tag} for claim_id, tag in changes.removed_tags],
            )

    def _update_rows(self, table: Table, updates: list[tuple[int, dict[str, Any]]], **also: Any) -> None:
        """New values of stored rows: one statement for each set of changed columns, run over all
        its rows at once."""
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, changed in updates:
            names = tuple(sorted(changed))
            by_columns.setdefault(names, []).append({"row_id": row_id, **{f"new_{name}": changed[name] for name in names}})
        for names, parameters in by_columns.items():
            values = {name: bindparam(f"new_{name}", type_=table.c[name].type) for name in names}
            statement = update(table).where(table.c.id == bindparam("row_id")).values(**values, **also, updated_at=self.context.now)
            self.connection.execute(statement, parameters)
