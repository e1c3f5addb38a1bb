"""``describe_last_action``: what the next undo would undo, said before anything is undone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.engine import Database
from workbench.db.models import ReviewEvent
from workbench.review import attributions, claims, links, possibly_same, sources, undo

REVIEWER = "alice"


def _desk(database: Database) -> dict[str, int]:
    with database.writing() as s:
        ap = sources.add_source(s, "setup", "Associated Press", kind="media_outlet", reliability="B")
        sdf = sources.add_source(s, "setup", "Syrian Democratic Forces", kind="organization")
        plane = claims.add_claim(s, "setup", "A Russian cargo plane landed at Qamishli airport.")
        duplicate = claims.add_claim(s, "setup", "A Russian cargo aircraft touched down at Qamishli airport.")
        return {"ap": ap.id, "sdf": sdf.id, "plane": plane.id, "duplicate": duplicate.id}


def _event_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ReviewEvent)) or 0


ACTIONS: list[tuple[str, Callable[[Session, dict[str, int]], object], str]] = [
    ("verdict_set", lambda s, ids: claims.set_verdict(s, REVIEWER, ids["plane"], "accurate", "seen"),
     "set the verdict on claim {plane} to accurate (it was unreviewed) / set it back to unreviewed"),
    ("note_added", lambda s, ids: claims.add_note(s, REVIEWER, ids["plane"], "ask Moscow"),
     "added a note to claim {plane}: “ask Moscow” / retract the note"),
    ("attribution_added", lambda s, ids: attributions.add_attribution(s, REVIEWER, ids["plane"], ids["ap"], "denies"),
     "to claim {plane}: Associated Press denies / remove attribution #"),
    ("source_graded", lambda s, ids: sources.grade_source(s, REVIEWER, ids["ap"], "E", None),
     "graded Associated Press E (it was B) / grade Associated Press back to B"),
    ("link_added", lambda s, ids: links.link_claims(s, REVIEWER, ids["plane"], ids["duplicate"], "supports", None),
     "linked claim {plane} supports claim {duplicate} / remove link #"),
    ("claim_merged", lambda s, ids: links.merge_claims(s, REVIEWER, ids["plane"], ids["duplicate"], None),
     "merged claim {duplicate} into claim {plane} / restore claim {duplicate}"),
    ("claim_kind_set", lambda s, ids: claims.set_claim_kind(s, REVIEWER, ids["plane"], "plan"),
     "made claim {plane} a plan (it was an event) / make it an event again"),
    ("certainty_set", lambda s, ids: attributions.set_certainty(
        s, REVIEWER, attributions.add_attribution(s, REVIEWER, ids["plane"], ids["ap"], "asserts").id, "hedged"),
     "on claim {plane} to hedged (it was stated) / set it back to what the wording says"),
    ("source_affiliated", lambda s, ids: sources.set_affiliation(s, REVIEWER, ids["ap"], ids["sdf"], kind="speaks_for"),
     "affiliated Associated Press with Syrian Democratic Forces (it was nobody)"),
    ("possibly_same_marked", lambda s, ids: possibly_same.mark_possibly_same(s, REVIEWER, ids["ap"], ids["sdf"]),
     "marked Associated Press and Syrian Democratic Forces as possibly the same source / take the mark off"),
]


def test_a_change_of_affiliation_kind_alone_is_described_in_words(database: Database) -> None:
    ids = _desk(database)
    with database.writing() as session:
        sources.set_affiliation(session, REVIEWER, ids["ap"], ids["sdf"])
        sources.set_affiliation(session, REVIEWER, ids["ap"], ids["sdf"], kind="speaks_for")
    with database.reading() as session:
        described = undo.describe_last_action(session, REVIEWER)
    assert described is not None
    assert (described.done, described.undo) == (
        "said Associated Press speaks for Syrian Democratic Forces (before: is a member of it)",
        "say it is a member of it again",
    )


@pytest.mark.parametrize(("action", "act", "expected"), ACTIONS, ids=[a for a, _act, _e in ACTIONS])
def test_describes_the_action_undo_would_take_back_and_changes_nothing(
    database: Database, action: str, act: Callable[[Session, dict[str, int]], object], expected: str
) -> None:
    ids = _desk(database)
    with database.writing() as session:
        act(session, ids)
    with database.writing() as session:
        events = _event_count(session)
        described = undo.describe_last_action(session, REVIEWER)
        assert _event_count(session) == events
    assert described is not None
    assert described.action == action and described.reviewer == REVIEWER
    assert expected.format(**ids) in f"{described.done} / {described.undo}"
    # Nothing newer stands in the way: the events an action writes with it (a merge's note on
    # the dropped claim) are not a change of their own, so undo does not ask about them.
    assert described.kept_newer == ()
    if action == "link_added":  # a link is logged on both claims; either names it
        assert described.claim_id in (ids["plane"], ids["duplicate"])
    elif action not in ("source_graded", "source_affiliated", "possibly_same_marked"):  # about sources, not a claim
        assert described.claim_id == ids["plane"]
        assert described.claim_text == "A Russian cargo plane landed at Qamishli airport."
    with database.writing() as session:
        next_up = undo.last_undoable(session, REVIEWER)
        assert next_up is not None and next_up.id == described.event_id  # the same event undo_last takes
        undo.undo_last(session, REVIEWER)


def test_nothing_to_describe(database: Database) -> None:
    ids = _desk(database)
    with database.reading() as session:
        assert undo.describe_last_action(session, REVIEWER) is None  # setup's changes are not alice's
        assert undo.describe_last_action(session, "setup") is None  # adding is not undoable
    with database.writing() as session:
        claims.add_note(session, REVIEWER, ids["plane"], "one")
        undo.undo_last(session, REVIEWER)
    with database.reading() as session:
        assert undo.describe_last_action(session, REVIEWER) is None  # undone already
