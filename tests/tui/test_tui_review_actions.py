"""The review actions on their own: no app, no screen, a real SQLite file.

``ReviewActions`` is given an ``ask`` that answers each dialog at once (or cancels it) and a
``save`` that runs the change on the spot, so each test reads as "this key, this answer, this
is what the database and the screen's messages say".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from textual.message import Message
from textual.screen import ModalScreen
from tui_desk import Desk

from workbench.records import ClaimDossier
from workbench.review import audit, claims, undo
from workbench.tui.claim_comparison import compare_claims
from workbench.tui.messages import (
    ActionFailed,
    ActionUndone,
    ClaimChanged,
    ClaimsMerged,
    NoteAdded,
    SaveRefused,
    UndoNeedsConfirmation,
    VerdictSaved,
)
from workbench.tui.review_changes import Change, ReviewChanges, save_change, when_made
from workbench.tui.screens.claim_dialogs import MergeChoice, MergeDialog
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.review_dialogs import NoteDialog, VerdictChoice, VerdictDialog

REVIEWER = "alice"


class Reviewer:
    """Answers the dialogs in turn with ``answers`` (None: cancels one) and records what was asked and reported.

    The last answer is repeated for any further dialog.
    """

    def __init__(self, desk: Desk, *answers: object) -> None:
        self.desk = desk
        self.answers = list(answers)
        self.asked: list[ModalScreen[Any]] = []
        self.reported: list[Message] = []
        self.actions = ReviewActions(desk.database, ReviewChanges(REVIEWER), ask=self.ask, save=self.save)

    def ask(self, dialog: ModalScreen[Any], answered: Callable[[Any], None]) -> None:
        self.asked.append(dialog)
        answered(self.answers.pop(0) if len(self.answers) > 1 else self.answers[0])

    def save(self, change: Change) -> None:
        save_change(self.desk.database, change, self.report)

    def report(self, message: Message) -> None:
        """What the screen does with a worker's report: remember this session's saves, ask before an undo."""
        self.reported.append(message)
        if isinstance(message, ClaimChanged):
            self.actions.changes.saved(message)
        elif isinstance(message, UndoNeedsConfirmation):
            self.actions.confirm_undo(message.last, message.made_here)


def _dossier(desk: Desk, claim_id: int) -> ClaimDossier:
    with desk.database.reading() as session:
        return claims.get_dossier(session, claim_id)


def _actions_by(desk: Desk, claim_id: int) -> list[str]:
    with desk.database.reading() as session:
        return [event.action for event in audit.claim_history(session, claim_id) if event.reviewer == REVIEWER]


def test_an_answered_dialog_saves_its_change_in_the_reviewers_name(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, VerdictChoice("accurate", "seen by AP"))
    reviewer.actions.verdict(_dossier(desk, claim_id))
    [dialog] = reviewer.asked
    assert isinstance(dialog, VerdictDialog) and dialog.claim is not None and dialog.claim.id == claim_id
    [message] = reviewer.reported
    assert isinstance(message, VerdictSaved) and message.claim_id == claim_id
    assert message.summary is not None and message.summary.verdict == "accurate"
    assert _dossier(desk, claim_id).claim.verdict == "accurate"
    assert _actions_by(desk, claim_id) == ["verdict_set"]


def test_a_cancelled_dialog_saves_nothing(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, None)
    reviewer.actions.note(_dossier(desk, claim_id))
    assert [type(dialog) for dialog in reviewer.asked] == [NoteDialog]
    assert reviewer.reported == []
    assert _actions_by(desk, claim_id) == []


@pytest.mark.parametrize("action", ["verdict", "note", "attribution", "silence", "grade", "link", "merge"])
def test_without_a_claim_no_action_asks_anything(desk: Desk, action: str) -> None:
    reviewer = Reviewer(desk, "anything")
    getattr(reviewer.actions, action)(None)
    assert reviewer.asked == [] and reviewer.reported == []


def test_a_claim_that_moved_on_since_it_was_shown_is_not_saved(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    shown = _dossier(desk, claim_id)
    with desk.database.writing() as session:
        claims.add_note(session, "bob", claim_id, "bob got there first")
    reviewer = Reviewer(desk, "my note")
    reviewer.actions.note(shown)
    [message] = reviewer.reported
    assert isinstance(message, SaveRefused) and message.claim_id == claim_id
    assert _actions_by(desk, claim_id) == []


def _merge_choice(desk: Desk) -> MergeChoice:
    keep, drop = _dossier(desk, desk.ids["plane"]).claim, _dossier(desk, desk.ids["duplicate"]).claim
    return MergeChoice(keep=keep, drop=drop, reason="same landing", comparison=compare_claims(keep.text, drop.text))


def test_a_merge_is_confirmed_with_the_two_claims_compared(desk: Desk) -> None:
    choice = _merge_choice(desk)
    reviewer = Reviewer(desk, choice, False)  # picked, then "go back" at the confirmation
    reviewer.actions.merge(_dossier(desk, choice.keep.id))
    dialog, confirmation = reviewer.asked
    assert isinstance(dialog, MergeDialog) and isinstance(confirmation, ConfirmDialog)
    body = confirmation.body.plain
    assert f"#{choice.drop.id} goes: A Russian cargo aircraft" in body and "Wording similarity: 90 of 100" in body
    assert reviewer.reported == []
    assert _dossier(desk, choice.drop.id).claim.id == choice.drop.id  # still there


def test_a_merge_checks_both_claims_against_the_versions_shown(desk: Desk) -> None:
    choice = _merge_choice(desk)
    keep, drop = choice.keep, choice.drop
    reviewer = Reviewer(desk, choice, True)
    reviewer.actions.merge(_dossier(desk, keep.id))
    assert isinstance(reviewer.asked[0], MergeDialog)
    [message] = reviewer.reported
    assert isinstance(message, ClaimsMerged) and message.claim_id == keep.id and message.dropped_id == drop.id
    assert message.wide  # other rows of the list may have changed


def test_undo_of_an_action_of_this_session_asks_nothing_and_says_what_it_undid(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, "a note to take back")
    reviewer.actions.note(_dossier(desk, claim_id))
    reviewer.actions.undo()
    assert len(reviewer.asked) == 1
    noted, undone = reviewer.reported
    assert isinstance(noted, NoteAdded)
    assert isinstance(undone, ActionUndone) and undone.wide
    assert undone.description.startswith(f"Undone: note on claim {claim_id} retracted (made ")
    assert undone.description.endswith(", in this session).")
    assert _actions_by(desk, claim_id) == ["note_added", "note_retracted", "undo"]


@pytest.mark.parametrize("confirmed", [False, True])
def test_undo_of_an_action_made_elsewhere_asks_first(desk: Desk, confirmed: bool) -> None:
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, "mine", confirmed)
    reviewer.actions.note(_dossier(desk, claim_id))
    with desk.database.writing() as session:  # the same reviewer, in another terminal
        claims.add_note(session, REVIEWER, claim_id, "from the other terminal")
    reviewer.actions.undo()
    _note_dialog, confirmation = reviewer.asked
    assert isinstance(confirmation, ConfirmDialog)
    body = confirmation.body.plain
    assert "Undo: retract the note" in body and f"The action: added a note to claim {claim_id}: “from the other terminal”" in body
    assert f"Claim #{claim_id}: A Russian cargo plane landed" in body
    assert "Made: " in body and "UTC, just now, by alice, not in this session" in body
    asked = [m for m in reviewer.reported if isinstance(m, UndoNeedsConfirmation)]
    assert len(asked) == 1 and asked[0].last.claim_id == claim_id
    if confirmed:
        assert isinstance(reviewer.reported[-1], ActionUndone)
        assert reviewer.reported[-1].description.endswith(", elsewhere).")
        assert _actions_by(desk, claim_id) == ["note_added", "note_added", "note_retracted", "undo"]
    else:
        assert _actions_by(desk, claim_id) == ["note_added", "note_added"]


@pytest.mark.parametrize("answer", [None, False, True])  # Escape (nothing chosen), no, yes
def test_undo_of_this_sessions_action_asks_when_a_newer_change_stays(desk: Desk, answer: bool | None) -> None:
    """A claim added after the note is not taken back by undo: the reviewer is told and asked,
    even though the note was made in this session."""
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, "a note to take back", answer)
    reviewer.actions.note(_dossier(desk, claim_id))
    with desk.database.writing() as session:
        claims.add_claim(session, REVIEWER, "A new claim undo does not take back.")
    reviewer.actions.undo()
    _note_dialog, confirmation = reviewer.asked
    assert isinstance(confirmation, ConfirmDialog)
    body = confirmation.body.plain
    assert "by alice, in this session." in body and "Newer, and not taken back: claim added (1)" in body
    if answer:
        assert isinstance(reviewer.reported[-1], ActionUndone)
        assert reviewer.reported[-1].description.endswith(", in this session).")
        assert _actions_by(desk, claim_id) == ["note_added", "note_retracted", "undo"]
    else:
        assert _actions_by(desk, claim_id) == ["note_added"]


def test_a_confirmed_undo_refuses_when_the_last_action_changed_meanwhile(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    with desk.database.writing() as session:
        claims.add_note(session, REVIEWER, claim_id, "first, elsewhere")
    reviewer = Reviewer(desk, None)
    with desk.database.reading() as session:
        shown = undo.describe_last_action(session, REVIEWER)
    assert shown is not None
    with desk.database.writing() as session:
        claims.add_note(session, REVIEWER, claim_id, "second, elsewhere, while the question was open")
    reviewer.save(reviewer.actions.changes.undo_confirmed(shown, made_here=False))
    [message] = reviewer.reported
    assert isinstance(message, ActionFailed) and "your last action changed" in message.error
    assert _actions_by(desk, claim_id) == ["note_added", "note_added"]


def test_nothing_to_undo_is_reported_not_raised(desk: Desk) -> None:
    reviewer = Reviewer(desk, None)
    reviewer.actions.undo()
    [message] = reviewer.reported
    assert isinstance(message, ActionFailed)


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(0, "just now"), (1, "1 minute ago"), (90, "90 minutes ago"), (300, "5 hours ago"), (4 * 24 * 60, "4 days ago")],
)
def test_when_an_action_was_made(minutes: int, said: str) -> None:
    at = datetime(2026, 1, 27, 9, 30)
    assert when_made(at, now=at + timedelta(minutes=minutes)) == f"2026-01-27 09:30 UTC, {said}"
