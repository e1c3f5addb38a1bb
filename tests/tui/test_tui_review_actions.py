"""The review actions on their own: no app, no screen, a real SQLite file.

``ReviewActions`` is given an ``ask`` that answers each dialog at once (or cancels it) and a
``save`` that runs the change on the spot, so each test reads as "this key, this answer, this
is what the database and the screen's messages say".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.message import Message
from tui_desk import Desk

from workbench.records import ClaimDossier
from workbench.review import audit, claims
from workbench.tui.messages import ActionFailed, ActionUndone, ClaimsMerged, NoteAdded, SaveRefused, VerdictSaved
from workbench.tui.review_changes import Change, ReviewChanges, save_change
from workbench.tui.screens.base import FormDialog
from workbench.tui.screens.claim_dialogs import MergeChoice, MergeDialog
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.screens.review_dialogs import NoteDialog, VerdictChoice, VerdictDialog

REVIEWER = "alice"


class Reviewer:
    """Answers every dialog with ``answer`` (None: cancels it) and records what was asked and reported."""

    def __init__(self, desk: Desk, answer: object) -> None:
        self.desk = desk
        self.answer = answer
        self.asked: list[FormDialog[Any]] = []
        self.reported: list[Message] = []
        self.actions = ReviewActions(desk.database, ReviewChanges(REVIEWER), ask=self.ask, save=self.save)

    def ask(self, dialog: FormDialog[Any], answered: Callable[[Any], None]) -> None:
        self.asked.append(dialog)
        answered(self.answer)

    def save(self, change: Change) -> None:
        save_change(self.desk.database, change, self.reported.append)


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


def test_a_merge_checks_both_claims_against_the_versions_shown(desk: Desk) -> None:
    keep, drop = _dossier(desk, desk.ids["plane"]).claim, _dossier(desk, desk.ids["duplicate"]).claim
    reviewer = Reviewer(desk, MergeChoice(keep=keep, drop=drop, reason="same landing"))
    reviewer.actions.merge(_dossier(desk, keep.id))
    assert isinstance(reviewer.asked[0], MergeDialog)
    [message] = reviewer.reported
    assert isinstance(message, ClaimsMerged) and message.claim_id == keep.id and message.dropped_id == drop.id
    assert message.wide  # other rows of the list may have changed


def test_undo_asks_nothing_and_reports_what_it_undid(desk: Desk) -> None:
    claim_id = desk.ids["plane"]
    reviewer = Reviewer(desk, "a note to take back")
    reviewer.actions.note(_dossier(desk, claim_id))
    reviewer.actions.undo()
    assert len(reviewer.asked) == 1
    noted, undone = reviewer.reported
    assert isinstance(noted, NoteAdded)
    assert isinstance(undone, ActionUndone) and undone.wide and undone.description.startswith("Undone: ")
    assert _actions_by(desk, claim_id) == ["note_added", "note_retracted", "undo"]


def test_nothing_to_undo_is_reported_not_raised(desk: Desk) -> None:
    reviewer = Reviewer(desk, None)
    reviewer.actions.undo()
    [message] = reviewer.reported
    assert isinstance(message, ActionFailed)
