"""A file's review notes on its claims: verdict reasons and notes, stored as review events.

A claim's notes and the reason for its verdict are review events (``note_added``,
``verdict_set``), as when a reviewer adds them, so the dossier, undo and ClaimReview read them
the same way whichever path stored them. A note keeps who wrote it and when; the file's
verdict reason is logged by the import. Nothing is removed: a note already stored (same
words, author and time) is not added twice, and a reason equal to the latest one is not
logged again, so importing a file twice changes nothing the second time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from workbench.formats.interchange import ClaimSpec
from workbench.importing.context import ImportContext
from workbench.importing.tables import EVENTS
from workbench.vocabulary import EntityType, Verdict


class ReviewNotes:
    """Logs the notes and verdict reasons of the file's claims (see the module docstring)."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.connection = context.connection
        self.log = context.log

    def new_claim(self, claim_id: int, spec: ClaimSpec, verdict: str) -> None:
        """A claim the file creates: its verdict's reason, then its notes."""
        if spec.verdict_reason is not None and verdict != Verdict.UNREVIEWED.value:
            self._verdict(claim_id, Verdict.UNREVIEWED.value, verdict, spec.verdict_reason)
        for note in spec.notes:
            self._note(claim_id, note.text, note.by, note.at)

    def stored_claim(self, claim_id: int, spec: ClaimSpec, stored_verdict: str, changed: dict[str, Any], before: dict[str, Any]) -> None:
        """A claim already stored: a reason that differs from its latest, and the notes it lacks."""
        verdict = changed.get("verdict", stored_verdict)
        reason = spec.verdict_reason
        if (
            reason is not None
            and verdict != Verdict.UNREVIEWED.value
            and ("verdict" in changed or reason != self._latest_reason(claim_id))
        ):
            self._verdict(claim_id, before.get("verdict", stored_verdict), verdict, reason)
        if spec.notes:
            stored = {
                (row.reason, row.reviewer, row.at)
                for row in self.connection.execute(
                    select(EVENTS.c.reason, EVENTS.c.reviewer, EVENTS.c.at).where(
                        EVENTS.c.claim_id == claim_id, EVENTS.c.action == "note_added"
                    )
                )
            }
            for note in spec.notes:
                if (note.text, note.by, note.at) not in stored:
                    self._note(claim_id, note.text, note.by, note.at)

    def _latest_reason(self, claim_id: int) -> str | None:
        return self.connection.execute(
            select(EVENTS.c.reason)
            .where(EVENTS.c.claim_id == claim_id, EVENTS.c.action == "verdict_set")
            .order_by(EVENTS.c.id.desc())
            .limit(1)
        ).scalar()

    def _verdict(self, claim_id: int, before: str, after: str, reason: str) -> None:
        self.log.record(
            EntityType.CLAIM, claim_id, "verdict_set", claim_id=claim_id,
            before={"verdict": before}, after={"verdict": after}, reason=reason,
        )

    def _note(self, claim_id: int, text: str, by: str, at: Any) -> None:
        self.log.record(EntityType.CLAIM, claim_id, "note_added", claim_id=claim_id, reason=text, reviewer=by, at=at)
