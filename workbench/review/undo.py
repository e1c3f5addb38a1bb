"""Undoing a reviewer's last action by applying its inverse, after saying what it will undo.

The review log is append-only, so undo never deletes history: it performs the inverse change
through the normal use cases (which log it), then appends an ``undo`` event naming the event
undone and the events the inverse wrote, so neither is offered for undo again.

``describe_last_action`` says beforehand what would be undone (the action in words, from
``undo_wording``; the claim, when, and where it was made), so the CLI and the TUI can ask
before undoing a change made in another terminal or TUI session; ``undo_last`` then takes an
``expected_event_id`` so that what is undone is what was described.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.config import Origin
from workbench.db.engine import ORIGIN_INFO
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, ReviewEvent
from workbench.errors import InvalidInput, NotFound, WorkbenchError
from workbench.review.attributions import remove_attribution, set_certainty
from workbench.review.claims import set_claim_kind, set_verdict
from workbench.review.intake_undo import INTAKE_COMMITTED, undo_intake
from workbench.review.links import remove_link
from workbench.review.possibly_same import mark_possibly_same, unmark_possibly_same
from workbench.review.quote_anchors import anchor_attribution
from workbench.review.quote_wording import restore_recorded_wording
from workbench.review.sources import grade_source, set_affiliation
from workbench.review.undo_wording import describe_event
from workbench.review.writes import AuditedWrite, audited_write
from workbench.vocabulary import EntityType

UNDOABLE = {
    "verdict_set",
    "note_added",
    "attribution_added",
    "attribution_removed",
    "source_graded",
    "source_affiliated",
    "link_added",
    "claim_merged",
    "claim_kind_set",
    "certainty_set",
    "possibly_same_marked",
    "possibly_same_unmarked",
    "quote_wording_accepted",
    INTAKE_COMMITTED,
}
_SCAN = 500
# Events that are never a newer change of their own: an undo, and the note a merge writes on
# the claim it drops (the merge's ``claim_merged`` is the change, and undo takes both back).
_NOT_A_CHANGE_OF_ITS_OWN = frozenset({"undo", "merged_into"})
# Imports log their changes with this reason. An import is not one reviewer action, and
# undoing its last row would leave the rest: imports are never offered for undo.
IMPORT_REASON_PREFIX = "import from "


def _recent(session: Session, reviewer: str) -> tuple[list[ReviewEvent], set[int]]:
    """The reviewer's newest events, and the ids an undo has used up (undone or compensating)."""
    events = list(session.scalars(
        select(ReviewEvent).where(ReviewEvent.reviewer == reviewer).order_by(ReviewEvent.id.desc()).limit(_SCAN)
    ).all())
    consumed: set[int] = set()
    for event in events:
        if event.action == "undo" and event.after:
            consumed.add(int(event.after.get("undid", 0)))
            consumed.update(int(i) for i in event.after.get("compensating", []))
    return events, consumed


def kept_since(session: Session, reviewer: str, event_id: int) -> tuple[str, ...]:
    """The reviewer's changes newer than ``event_id`` that undo does not take back ("quote
    reanchored", an import's), one entry per kind with its count.

    ``undo`` skips them to reach ``event_id``: said beside "your last change", or a reviewer
    who had just re-anchored a document's quotes read that an older intake was their last.
    """
    events, consumed = _recent(session, reviewer)
    counts: dict[str, int] = {}
    for event in events:
        if event.id > event_id and event.id not in consumed and event.action not in _NOT_A_CHANGE_OF_ITS_OWN:
            counts[event.action] = counts.get(event.action, 0) + 1
    return tuple(f"{action.replace('_', ' ')} ({count})" for action, count in counts.items())


def last_undoable(session: Session, reviewer: str) -> ReviewEvent | None:
    """The reviewer's newest change that has not been undone (undo events themselves excluded)."""
    events, consumed = _recent(session, reviewer)
    for event in events:
        if event.id in consumed or event.action == "undo":
            continue
        if (event.reason or "").startswith(IMPORT_REASON_PREFIX) or (event.origin or "").startswith(IMPORT_REASON_PREFIX):
            continue  # an import's event (a note or verdict reason it carried names it in its origin)
        if event.action in UNDOABLE:
            return event
    return None


class LastActionChanged(WorkbenchError):
    """The reviewer's last action is no longer the one described: nothing was undone."""

    exit_code = 4


@dataclass(frozen=True)
class LastAction:
    """The change ``undo`` would take back, described before it is taken back.

    ``done`` and ``undo`` are sentences ("added attribution #37 to claim 2: Ahmed Ali
    denies", "remove attribution #37") that quote stored text (names, notes, claim text):
    whoever shows them makes them safe for the screen. ``origin`` says where the change was
    made (None for changes logged before origins were recorded); ``made_here`` is true when
    that was this terminal (a command) or this TUI session (the TUI), which is when undo
    need not ask first.
    """

    event_id: int
    action: str
    done: str
    undo: str
    claim_id: int | None
    claim_text: str | None
    at: datetime
    reviewer: str
    origin: str | None
    made_here: bool
    kept_newer: tuple[str, ...] = ()  # newer changes undo does not take back (see ``kept_since``)


def describe_last_action(session: Session, reviewer: str) -> LastAction | None:
    """What ``undo_last`` would undo for this reviewer now, or None when there is nothing."""
    event = last_undoable(session, reviewer)
    if event is None:
        return None
    here: Origin | None = session.info.get(ORIGIN_INFO)
    done, inverse = describe_event(session, event)
    claim = session.get(Claim, event.claim_id) if event.claim_id is not None else None
    return LastAction(
        event_id=event.id,
        action=event.action,
        done=done,
        undo=inverse,
        claim_id=event.claim_id,
        claim_text=claim.text if claim is not None else None,
        at=event.at,
        reviewer=event.reviewer,
        origin=event.origin,
        made_here=here is not None and here.made_here(event.origin_session),
        kept_newer=kept_since(session, reviewer, event.id),
    )


def undo_last(session: Session, reviewer: str, expected_event_id: int | None = None) -> str:
    """Undo the reviewer's last action; returns a sentence saying what was undone.

    With ``expected_event_id`` (from ``describe_last_action``), refuses when the last action
    is another one by now, so the user never undoes something they were not shown.
    """
    event = last_undoable(session, reviewer)
    if event is None:
        raise NotFound("nothing to undo")
    if expected_event_id is not None and event.id != expected_event_id:
        raise LastActionChanged(
            "your last change is not the one described any more (a change was made or undone meanwhile); "
            "nothing was undone — run undo again to see what it would undo now"
        )
    return undo_event(session, reviewer, event)


def undo_event(session: Session, reviewer: str, event: ReviewEvent) -> str:
    first_new_id = (session.scalar(select(ReviewEvent.id).order_by(ReviewEvent.id.desc()).limit(1)) or 0) + 1
    reason = f"undo of review event #{event.id}"
    description = _apply_inverse(session, reviewer, event, reason)
    compensating = list(
        session.scalars(select(ReviewEvent.id).where(ReviewEvent.id >= first_new_id).order_by(ReviewEvent.id))
    )
    # A link writes one event per claim; both belong to the action being undone.
    siblings = [event.id]
    if event.entity_type == EntityType.LINK.value:
        siblings = list(
            session.scalars(
                select(ReviewEvent.id).where(
                    ReviewEvent.entity_type == event.entity_type,
                    ReviewEvent.entity_id == event.entity_id,
                    ReviewEvent.action == event.action,
                )
            )
        )
    with audited_write(session, reviewer) as write:
        for undone in siblings:
            write.log(
                EntityType(event.entity_type),
                event.entity_id,
                "undo",
                claim_id=event.claim_id,
                after={"undid": undone, "compensating": compensating, "undid_action": event.action},
                reason=description,
            )
    return description


def _apply_inverse(session: Session, reviewer: str, event: ReviewEvent, reason: str) -> str:
    before = event.before or {}
    action = event.action
    if action == "verdict_set":
        set_verdict(session, reviewer, event.entity_id, before["verdict"], reason)
        return f"verdict on claim {event.entity_id} set back to {before['verdict']}"
    if action == "note_added":
        with audited_write(session, reviewer) as write:
            write.log(
                EntityType.CLAIM,
                event.entity_id,
                "note_retracted",
                claim_id=event.claim_id,
                before={"note": event.reason},
                reason=reason,
            )
        return f"note on claim {event.entity_id} retracted"
    if action == "attribution_added":
        if session.get(Attribution, event.entity_id) is None:
            raise InvalidInput("that attribution no longer exists; nothing to undo")
        remove_attribution(session, reviewer, event.entity_id, reason)
        return f"attribution #{event.entity_id} removed"
    if action == "attribution_removed":
        with audited_write(session, reviewer) as write:
            _restore_attribution(write, before)
            write.log(
                EntityType.ATTRIBUTION,
                event.entity_id,
                "attribution_restored",
                claim_id=event.claim_id,
                after=before,
                reason=reason,
            )
            write.recompute([int(before["claim_id"])])
        return f"attribution #{event.entity_id} restored"
    if action == "source_graded":
        grade_source(session, reviewer, event.entity_id, before["reliability"], reason)
        return f"source {event.entity_id} graded back to {before['reliability']}"
    if action == "source_affiliated":
        set_affiliation(session, reviewer, event.entity_id, before.get("affiliation_id"), reason, kind=before.get("affiliation_kind"))
        return f"affiliation of source {event.entity_id} restored"
    if action == "claim_kind_set":
        set_claim_kind(session, reviewer, event.entity_id, before["kind"], reason)
        return f"claim {event.entity_id} is again {'a plan' if before['kind'] == 'plan' else 'an event'}"
    if action == "certainty_set":
        if session.get(Attribution, event.entity_id) is None:
            raise InvalidInput("that attribution no longer exists; nothing to undo")
        earlier = None if before.get("certainty_inferred") else before["certainty"]
        set_certainty(session, reviewer, event.entity_id, earlier, reason)
        return f"certainty of attribution #{event.entity_id} set back to {before['certainty']}"
    if action == "possibly_same_marked":
        after = event.after or {}
        unmark_possibly_same(session, reviewer, after["source_id"], after["other_source_id"], reason)
        return f"sources {after['source_id']} and {after['other_source_id']} no longer marked as possibly the same"
    if action == "possibly_same_unmarked":
        mark_possibly_same(session, reviewer, before["source_id"], before["other_source_id"], before.get("note"))
        return f"sources {before['source_id']} and {before['other_source_id']} marked as possibly the same again"
    if action == INTAKE_COMMITTED:
        return undo_intake(session, reviewer, event, reason)
    if action == "quote_wording_accepted":
        restore_recorded_wording(session, reviewer, event.entity_id, before, event.after or {}, reason)
        return f"the recorded words of the quote of attribution #{event.entity_id} put back"
    if action == "link_added":
        if session.get(ClaimLink, event.entity_id) is None:
            raise InvalidInput("that link no longer exists; nothing to undo")
        remove_link(session, reviewer, event.entity_id, reason)
        return f"link #{event.entity_id} removed"
    if action == "claim_merged":
        _unmerge(session, reviewer, event.entity_id, before, reason)
        return f"claim {before['id']} restored from its merge into claim {event.entity_id}"
    raise InvalidInput(f"a {action!r} event cannot be undone")


def _restore_attribution(write: AuditedWrite, snapshot: dict[str, Any]) -> None:
    """Put a removed attribution back, with its id, on its claim (which changes with it)."""
    session = write.session
    if session.get(Claim, int(snapshot["claim_id"])) is None:
        raise InvalidInput("the claim of that attribution no longer exists; nothing to undo")
    write.claim(int(snapshot["claim_id"]))
    restored = Attribution(
        id=int(snapshot["id"]),
        key=snapshot["key"],
        claim_id=int(snapshot["claim_id"]),
        source_id=int(snapshot["source_id"]),
        document_id=snapshot.get("document_id"),
        stance=snapshot["stance"],
        mode=snapshot["mode"],
        quote=snapshot.get("quote"),
        span_start=snapshot.get("span_start"),
        span_end=snapshot.get("span_end"),
        relayed_via_id=snapshot.get("relayed_via_id"),
        credibility=snapshot.get("credibility", 6),
        as_of=_date(snapshot.get("as_of")),
        note=snapshot.get("note"),
        certainty=snapshot.get("certainty", "stated"),
        certainty_inferred=bool(snapshot.get("certainty_inferred", False)),
    )
    anchor_attribution(session, restored)  # in the document's text as it is now
    session.add(restored)
    write.flush()


def _unmerge(session: Session, reviewer: str, kept_id: int, before: dict[str, Any], reason: str) -> None:
    dropped_id = int(before["id"])
    if session.get(Claim, dropped_id) is not None:
        raise InvalidInput(f"claim {dropped_id} already exists; nothing to undo")
    with audited_write(session, reviewer) as write:
        if session.get(Claim, kept_id) is not None:
            write.claim(kept_id)  # it loses what the merge brought in: a change to it
        restored = Claim(
            id=dropped_id,
            key=before["key"],
            text=before["text"],
            kind=before.get("kind", "event"),
            place=before.get("place"),
            event_date=_date(before.get("event_date")),
            verdict=before["verdict"],
            created_at=_datetime(before.get("created_at")),
        )
        restored.tags = [ClaimTag(tag=tag) for tag in before.get("tags", [])]
        session.add(restored)
        write.flush()
        moved = [int(i) for i in before.get("moved_attribution_ids", [])]
        for attribution in session.scalars(select(Attribution).where(Attribution.id.in_(moved))):
            attribution.claim_id = dropped_id
        for tag in before.get("added_tags", []):
            row = session.get(ClaimTag, (kept_id, tag))
            if row is not None:
                session.delete(row)
        for link_snapshot in before.get("moved_links", []):
            link = session.get(ClaimLink, int(link_snapshot["id"]))
            if link is None:
                link = ClaimLink(id=int(link_snapshot["id"]))
                session.add(link)
            link.from_claim_id = int(link_snapshot["from_claim_id"])
            link.to_claim_id = int(link_snapshot["to_claim_id"])
            link.relation = link_snapshot["relation"]
            link.note = link_snapshot.get("note")
        write.log(
            EntityType.CLAIM,
            dropped_id,
            "claim_unmerged",
            claim_id=dropped_id,
            after={"restored_from": kept_id, "attribution_ids": moved},
            reason=reason,
        )
        moved_ends = [int(s[end]) for s in before.get("moved_links", []) for end in ("from_claim_id", "to_claim_id")]
        write.recompute([kept_id, dropped_id, *moved_ends])


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _datetime(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value
