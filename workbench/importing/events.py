"""The review log of an import: one event per record created or changed, as the use cases log them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from workbench.importing.rows import RowWriter
from workbench.importing.tables import EVENTS
from workbench.review.audit import jsonable_values
from workbench.vocabulary import EntityType

# Events held before they are inserted on their own: one batch statement's worth. The sources
# and documents steps used to hold all of theirs until the step ended, so their memory grew
# with the file: at a million claims (20,000 sources and documents) 18 and 42 MB of Python
# objects at once, and the process had grown from 62 to 132 MB before the first claim (86 MB
# now). That was not the import's peak, which comes later, with the claims.
FLUSH_EVERY = 1_000


class EventLog:
    """Events gathered while a step runs and inserted in bulk when it flushes them.

    Every event of an import carries the same time, reviewer and reason ("import from FILE"),
    and the session it ran in (``origin_session``): the review TUI's intake stores through
    here, and without it the live desk toasted the reviewer's own new sources back at them.
    """

    def __init__(self, rows: RowWriter, reviewer: str, reason: str, now: datetime, session_key: str | None = None) -> None:
        self._rows = rows
        self.reviewer = reviewer
        self.reason = reason
        self.now = now
        self.session_key = session_key
        self._events: list[dict[str, Any]] = []
        self._own_context = 0  # events waiting that carry their own time, reviewer or reason

    def record(
        self,
        entity_type: EntityType,
        entity_id: int,
        action: str,
        claim_id: int | None = None,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        *,
        reason: str | None = None,
        reviewer: str | None = None,
        at: datetime | None = None,
        stored_as_is: bool = False,
    ) -> None:
        """Log one change; ``reason``, ``reviewer`` and ``at`` replace the import's own for an
        event the file carries (a claim's note, with who wrote it and when; a verdict's reason).

        Such an event's ``origin`` says which import wrote it, since its reason no longer
        does: undo never offers an import's events (``review.undo``).

        ``stored_as_is``: ``before`` and ``after`` hold only JSON values already (no dates,
        tuples or sets), so they are stored without the conversion every other event gets.
        """
        event: dict[str, Any] = {
            "entity_type": entity_type._value_,  # ``.value`` is a descriptor: 140 ns an event
            "entity_id": entity_id,
            "claim_id": claim_id,
            "action": action,
            "before": before if stored_as_is else jsonable_values(before),
            "after": after if stored_as_is else jsonable_values(after),
        }
        if reason is not None or reviewer is not None or at is not None:
            event |= {
                "at": at or self.now,
                "reviewer": reviewer or self.reviewer,
                "reason": reason if reason is not None else self.reason,
                "origin": self.reason if reason is not None or reviewer is not None else None,
            }
            self._own_context += 1
        self._events.append(event)
        if len(self._events) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Insert the events recorded so far.

        Most events carry the import's own time, reviewer and reason: those are given once
        for all (``RowWriter.insert``'s constants) unless an event of the flush carries its own.
        """
        events, self._events = self._events, []
        shared = {"at": self.now, "reviewer": self.reviewer, "reason": self.reason, "origin": None}
        if self._own_context:
            events = [event if "at" in event else event | shared for event in events]
            self._own_context = 0
            self._rows.insert(EVENTS, events, {"origin_session": self.session_key})
        else:
            self._rows.insert(EVENTS, events, shared | {"origin_session": self.session_key})
