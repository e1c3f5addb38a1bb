"""What the rest of the desk changed since event N: for an open review screen to catch up.

The review log is the one record of every change (each write appends its event in the same
transaction), so "what changed" is "the events after the last one seen". A screen remembers
the newest event id it has seen, asks for the news when the database signals a commit
(``workbench.db.change_signal``), and gets back who changed which claims, in words, plus
whether a change may have reached many claims at once (a grade, a link, a merge, an import).
Its own session's events are left out: it already showed them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.batches import IN_LIST_SIZE, chunks, padded
from workbench.db.models import Claim, ReviewEvent
from workbench.records import ClaimSummary
from workbench.review.dossier import ACTION_LABELS
from workbench.review.record_builders import claim_summaries

MAX_EVENTS = 200  # read at most this many events at once; more (an import) is news of everything
LOOKBACK = 100  # ids below the newest seen in which a late-committing event is still looked for
# Changes whose effect reaches past the claim the event names: the flags of linked claims, every
# claim of a graded source, both claims of a merge. The screen reads every row it shows again.
_WIDE_ACTIONS = frozenset({"link_added", "link_removed", "claim_merged", "merged_into", "claim_unmerged", "undo"})


@dataclass(frozen=True)
class DeskChange:
    """One change someone else made, in words: "lina set verdict false on #12"."""

    event_id: int
    reviewer: str
    action: str
    claim_id: int | None
    text: str  # quotes stored text (the reviewer's name, a source's grade): shown sanitized


@dataclass(frozen=True)
class NewsCursor:
    """Where a screen is in the review log: the newest event it has seen, and the ids it has
    seen just below that.

    On PostgreSQL an event's id is drawn when it is written, not when it commits: a slow
    transaction can commit event 100 after event 101 was read. The ids seen in the last
    ``LOOKBACK`` are kept so that such a late event is still found, and found once.
    """

    since: int
    seen: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class DeskNews:
    """The changes after the cursor, other than the asking session's own.

    ``cursor`` is where to ask from next time. ``wide`` says a change may have reached claims
    it does not name, so every row on screen should be read again. ``more`` counts changes
    left out of ``changes`` (at most ``MAX_EVENTS`` are read at once: an import is news of
    everything, not a thousand toasts). ``adds_claims``: someone added claims, which a list
    already on screen does not show until it is read again (its rows are redrawn in place,
    never rebuilt under the reviewer).
    """

    cursor: NewsCursor
    changes: tuple[DeskChange, ...] = ()
    claim_ids: frozenset[int] = field(default_factory=frozenset)
    wide: bool = False
    more: int = 0
    adds_claims: bool = False

    @property
    def empty(self) -> bool:
        return not self.changes and not self.wide


def desk_cursor(session: Session) -> NewsCursor:
    """The cursor of a screen that has just read everything: news starts after the newest event."""
    newest = session.scalar(select(func.max(ReviewEvent.id))) or 0
    seen = session.scalars(select(ReviewEvent.id).where(ReviewEvent.id > newest - LOOKBACK)).all()
    return NewsCursor(newest, frozenset(seen))


def news_since(
    session: Session, cursor: NewsCursor, *, own_session: str | None = None, limit: int = MAX_EVENTS
) -> DeskNews:
    """The changes logged since ``cursor``, leaving out those of ``own_session`` (an
    ``origin_session`` key: the screen's own writes, which it already showed)."""
    unseen = [ReviewEvent.id > cursor.since - LOOKBACK]
    if cursor.seen:
        unseen.append(ReviewEvent.id.not_in(sorted(cursor.seen)))
    read = session.scalars(select(ReviewEvent).where(*unseen).order_by(ReviewEvent.id.desc()).limit(limit + 1)).all()
    truncated = len(read) > limit
    fresh = list(reversed(read[:limit]))
    newest = max([cursor.since, *(row.id for row in fresh)])
    more = 0
    if truncated:
        # Only the newest were read: count the rest, and count every id up to the newest as seen,
        # so none of them comes back later as a late event (the screen reads everything again).
        more = (session.scalar(select(func.count()).select_from(ReviewEvent).where(*unseen)) or 0) - len(fresh)
        seen = set(range(newest - LOOKBACK + 1, newest + 1))
    else:
        seen = {i for i in (*cursor.seen, *(row.id for row in fresh)) if i > newest - LOOKBACK}
    next_cursor = NewsCursor(newest, frozenset(seen))
    others = [row for row in fresh if own_session is None or row.origin_session != own_session]
    wide = truncated or any(row.claim_id is None or row.action in _WIDE_ACTIONS for row in others)
    claim_ids = frozenset(row.claim_id for row in others if row.claim_id is not None)
    adds_claims = any(row.action == "claim_added" for row in others)
    return DeskNews(next_cursor, tuple(_change(row) for row in others), claim_ids, wide, more, adds_claims)


def claim_rows(session: Session, claim_ids: Iterable[int]) -> tuple[list[ClaimSummary], set[int]]:
    """The current rows of these claims, and the ids of those that no longer exist (merged away)."""
    wanted = list(dict.fromkeys(claim_ids))
    found: list[Claim] = []
    for chunk in chunks(wanted, IN_LIST_SIZE):
        found.extend(session.scalars(select(Claim).where(Claim.id.in_(padded(chunk)))))
    summaries = claim_summaries(session, found)
    return summaries, set(wanted) - {summary.id for summary in summaries}


def _change(row: ReviewEvent) -> DeskChange:
    return DeskChange(row.id, row.reviewer, row.action, row.claim_id, f"{row.reviewer} {_what(row)}")


def _what(row: ReviewEvent) -> str:
    """What an event did, as the end of a sentence that starts with who did it."""
    after: dict[str, Any] = row.after or {}
    before: dict[str, Any] = row.before or {}
    on = f" on #{row.claim_id}" if row.claim_id is not None else ""
    action = row.action
    if action == "verdict_set":
        return f"set verdict {str(after.get('verdict', '?')).replace('_', ' ')}{on}"
    if action == "note_added":
        return f"added a note{on}"
    if action == "claim_added":
        return f"added claim #{row.claim_id}"
    if action == "claim_taken":
        return f"took #{row.claim_id}"
    if action == "claim_released":
        return f"released #{row.claim_id}"
    if action == "claim_taken_over":
        return f"took over #{row.claim_id} from {before.get('reviewer', 'someone')}"
    if action == "source_graded":
        return f"graded source #{row.entity_id} {after.get('reliability', '?')}"
    if action in ("link_added", "link_removed") and "from_claim_id" in (after or before):
        link = after or before
        verb = "linked" if action == "link_added" else "unlinked"
        relation = str(link.get("relation", "")).replace("_", " ")
        return f"{verb} #{link['from_claim_id']} {relation} #{link.get('to_claim_id', '?')}"
    if action == "undo":
        return f"undid a change{on}"
    return f"{ACTION_LABELS.get(action, action.replace('_', ' '))}{on}"
