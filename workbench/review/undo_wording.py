"""What an undoable review event did, and what undoing it will do, in words.

``undo.describe_last_action`` shows these two sentences before anything is undone. They quote
stored text (source names, notes): whoever shows them makes them safe for the screen.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from workbench.db.models import ReviewEvent, Source
from workbench.review.intake_undo import INTAKE_COMMITTED, describe_intake


def describe_event(session: Session, event: ReviewEvent) -> tuple[str, str]:
    """What the event did and what undoing it will do, in words."""
    before, after, action = event.before or {}, event.after or {}, event.action
    if action == "verdict_set":
        return (
            f"set the verdict on claim {event.entity_id} to {after.get('verdict')} (it was {before.get('verdict')})",
            f"set it back to {before.get('verdict')}",
        )
    if action == "note_added":
        return f"added a note to claim {event.entity_id}: \u201c{_short(event.reason)}\u201d", "retract the note"
    if action in ("attribution_added", "attribution_removed"):
        snapshot = after if action == "attribution_added" else before
        who = f"{_source_name(session, snapshot.get('source_id'))} {str(snapshot.get('stance', '')).replace('_', ' ')}"
        if action == "attribution_added":
            return f"added attribution #{event.entity_id} to claim {event.claim_id}: {who}", f"remove attribution #{event.entity_id}"
        return f"removed attribution #{event.entity_id} from claim {event.claim_id} ({who})", f"restore attribution #{event.entity_id}"
    if action == "source_graded":
        name = _source_name(session, event.entity_id)
        return (
            f"graded {name} {after.get('reliability')} (it was {before.get('reliability')})",
            f"grade {name} back to {before.get('reliability')}",
        )
    if action == "source_affiliated":
        name = _source_name(session, event.entity_id)
        old, new = before.get("affiliation_id"), after.get("affiliation_id")
        if old == new:  # only how it is affiliated changed
            return (
                f"said {name} {_how(after)} {_source_name(session, new, none='nobody')} (before: {_how(before)} it)",
                f"say it {_how(before)} it again",
            )
        return (
            f"affiliated {name} with {_source_name(session, new, none='nobody')} (it was {_source_name(session, old, none='nobody')})",
            f"affiliate {name} with {_source_name(session, old, none='nobody')} again",
        )
    if action == "claim_kind_set":
        return (
            f"made claim {event.entity_id} {_a_kind(after.get('kind'))} (it was {_a_kind(before.get('kind'))})",
            f"make it {_a_kind(before.get('kind'))} again",
        )
    if action == "certainty_set":
        earlier = "what the wording says" if before.get("certainty_inferred") else before.get("certainty")
        return (
            f"set the certainty of attribution #{event.entity_id} on claim {event.claim_id} to {after.get('certainty')} "
            f"(it was {before.get('certainty')})",
            f"set it back to {earlier}",
        )
    if action in ("possibly_same_marked", "possibly_same_unmarked"):
        mark = after if action == "possibly_same_marked" else before
        pair = f"{_source_name(session, mark.get('source_id'))} and {_source_name(session, mark.get('other_source_id'))}"
        if action == "possibly_same_marked":
            return f"marked {pair} as possibly the same source", "take the mark off"
        return f"took the possibly-same mark off {pair}", "mark them as possibly the same again"
    if action == INTAKE_COMMITTED:
        what = describe_intake(after)
        return what, f"delete what it stored ({what.split(': ', 1)[-1]})"
    if action == "quote_wording_accepted":
        changes = (before.get("anchor_difference") or {}).get("changes") or []
        words = "; ".join(f"{old!r} \u2192 {new!r}" for old, new in changes[:4]) or f"\u201c{_short(after.get('quote'))}\u201d"
        return (
            f"accepted the document's new wording of the quote of attribution #{event.entity_id} on claim {event.claim_id} ({words})",
            "put the recorded words back, flagged as changed in the document",
        )
    if action == "link_added":
        relation = str(after.get("relation", "")).replace("_", " ")
        return (
            f"linked claim {after.get('from_claim_id')} {relation} claim {after.get('to_claim_id')}",
            f"remove link #{event.entity_id}",
        )
    if action == "claim_merged":
        return (
            f"merged claim {before.get('id')} into claim {event.entity_id}",
            f"restore claim {before.get('id')} and move its attributions, links and tags back",
        )
    return action.replace("_", " "), f"undo the {action.replace('_', ' ')}"


def _how(affiliation: dict[str, Any]) -> str:
    return "speaks for" if affiliation.get("affiliation_kind") == "speaks_for" else "is a member of"


def _a_kind(kind: Any) -> str:
    return "a plan" if kind == "plan" else "an event"


def _source_name(session: Session, source_id: Any, none: str = "an unknown source") -> str:
    if source_id is None:
        return none
    source = session.get(Source, int(source_id))
    return source.name if source is not None else f"source #{source_id}"


def _short(text: str | None, limit: int = 80) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
