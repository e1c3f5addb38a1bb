"""Writing an import's links: the "possible duplicate" links the matcher suggests, as each
batch of claims is written, and the links the file gives, after all its claims.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from workbench.db.batches import in_wanted, wanted
from workbench.formats.interchange import Invalid, LinkSpec, field_path
from workbench.importing.context import ImportContext
from workbench.importing.plans import PlannedClaim
from workbench.importing.tables import CLAIMS, LINKS, chunks
from workbench.review.evidence import FLAG_RELATIONS
from workbench.vocabulary import EntityType

# A batch of links' ends and the links stored from them (``db.batches.wanted``: built once).
_CLAIM_IDS = select(CLAIMS.c.id, CLAIMS.c.key).where(CLAIMS.c.key.in_(wanted()))
_LINKS_FROM = select(LINKS).where(LINKS.c.from_claim_id.in_(wanted()))

SHOWN_SUGGESTIONS = 50  # suggestions an import's summary lists (the rest are only counted)


class LinkWriter:
    """Creates and updates links between claims (see the module docstring)."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.summary = context.summary

    def record_suggestion(self, plan: PlannedClaim) -> None:
        """Count a claim the matcher merged, linked or found in conflict (and keep the first 50 to show)."""
        suggestion = plan.suggestion
        assert suggestion is not None
        if suggestion.merged:
            self.summary.matched += 1
        elif suggestion.decision == "conflict":
            self.summary.conflicting += 1
        else:
            self.summary.suggested += 1
        if len(self.summary.suggestions) < SHOWN_SUGGESTIONS:
            self.summary.suggestions.append(suggestion)

    def write_suggestions(self, planned: list[PlannedClaim]) -> None:
        """A "possible duplicate" link from each suggested new claim to the claim it resembles."""
        rows: list[dict[str, Any]] = []
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
                    "note": f"possible duplicate (similarity {suggestion.score:.0f}), suggested by {self.context.reason}",
                    "created_at": self.context.now,
                }
            )
        if not rows:
            return
        ids = self.rows.new_ids(LINKS, len(rows))
        for link_id, row in zip(ids, rows, strict=True):
            row["id"] = link_id
            snapshot = {k: row[k] for k in ("from_claim_id", "to_claim_id", "relation", "note")}
            self.summary.links.created += 1
            for claim_id in (row["from_claim_id"], row["to_claim_id"]):
                self.log.record(EntityType.LINK, link_id, "link_added", claim_id=claim_id, after=snapshot)
        self.rows.insert(LINKS, rows)

    # -- the file's links ----------------------------------------------------------------------

    def apply(self) -> None:
        """Write the file's links, once every claim of the file is written."""
        created: dict[tuple[int, int, str], tuple[int, str | None]] = {}
        for chunk in self.context.prepared.spool.batches(LinkSpec):
            self._write_batch(chunk, created)
            self.context.progress.advance(len(chunk))
        self.log.flush()

    def _write_batch(self, batch: list[tuple[LinkSpec, str | None]], created: dict[tuple[int, int, str], tuple[int, str | None]]) -> None:
        keys = sorted({k for spec, _ in batch for k in (spec.from_key, spec.to_key)})
        claim_ids: dict[str, int] = {}
        for chunk in chunks(keys):
            for claim in self.connection.execute(_CLAIM_IDS, in_wanted(chunk)):
                claim_ids[claim.key] = claim.id
        for key, claim_id in self.context.merged.find({key for key in keys if key not in claim_ids}).items():
            claim_ids[key] = claim_id
        stored: dict[tuple[int, int, str], Any] = {}
        from_ids = sorted({claim_ids[s.from_key] for s, _ in batch if s.from_key in claim_ids})
        for id_chunk in chunks(from_ids):
            for link in self.connection.execute(_LINKS_FROM, in_wanted(id_chunk)):
                stored[(link.from_claim_id, link.to_claim_id, link.relation)] = link
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
                    self.log.record(EntityType.LINK, row.id, "link_updated", claim_id=ends[0], before={"note": row.note}, after={"note": spec.note})
                    continue
                new_rows.append(
                    {"from_claim_id": ends[0], "to_claim_id": ends[1], "relation": spec.relation, "note": spec.note, "created_at": self.context.now}
                )
            except Invalid as problem:
                self.context.reject(problem, raw)
        ids = self.rows.new_ids(LINKS, len(new_rows))
        for link_id, new_row in zip(ids, new_rows, strict=True):
            new_row["id"] = link_id
            created[(new_row["from_claim_id"], new_row["to_claim_id"], new_row["relation"])] = (link_id, new_row["note"])
            self.summary.links.created += 1
            snapshot = {k: new_row[k] for k in ("from_claim_id", "to_claim_id", "relation", "note")}
            for claim_id in (new_row["from_claim_id"], new_row["to_claim_id"]):
                self.log.record(EntityType.LINK, link_id, "link_added", claim_id=claim_id, after=snapshot)
            if new_row["relation"] in FLAG_RELATIONS:  # the flags beside both ends' statuses
                self.context.affected.linked((new_row["from_claim_id"], new_row["to_claim_id"]))
        self.rows.insert(LINKS, new_rows)
