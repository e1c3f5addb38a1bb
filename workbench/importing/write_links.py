"""Writing an import's links (part of ``import_writing.Writer``): the "possible duplicate"
links the matcher suggests, and the links the file gives, after all its claims are written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from workbench.formats.interchange import Invalid, LinkSpec, field_path
from workbench.importing.tables import (
    CLAIMS,
    LINKS,
    PlannedClaim,
    chunks,
)
from workbench.vocabulary import EntityType


class LinkWriting:
    """The link steps of ``Writer``; its state lives on the Writer."""

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
