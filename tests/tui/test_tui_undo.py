"""Undo in the TUI: what this session did goes at once; anything else is described and asked first."""

from __future__ import annotations

from tui_desk import Desk
from tui_helpers import all_text, run, running

from workbench.review import audit, claims
from workbench.tui.messages import ActionUndone, NoteAdded, UndoNeedsConfirmation
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.screens.main import MainScreen

REVIEWER = "alice"  # running() opens the app as alice


def _notes(desk: Desk, claim_id: int) -> list[tuple[str, str | None]]:
    with desk.database.reading() as session:
        return [(e.action, e.reason) for e in audit.claim_history(session, claim_id) if e.reviewer == REVIEWER]


def test_the_second_u_asks_before_taking_back_a_note_from_another_terminal(desk: Desk) -> None:
    claim_id = desk.ids["withdraw"]

    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("c")
            await s.type("mine, from the TUI")
            await s.press("enter")
            assert s.messages(NoteAdded)
            with desk.database.writing() as session:  # alice again, in another terminal
                claims.add_note(session, REVIEWER, claim_id, "from the other terminal")

            await s.press("u")  # the newest action is the other terminal's: asked, nothing undone
            assert isinstance(s.app.screen, ConfirmDialog)
            text = all_text(s.app)
            assert "Undo: retract the note" in text and f"The action: added a note to claim {claim_id}: “from the other terminal”" in text
            assert "Russian forces have started to withdraw" in text and "not in this session" in text
            await s.press("enter")  # the focus is on "Go back"
            assert isinstance(s.app.screen, MainScreen) and not s.messages(ActionUndone)
            assert [reason for _a, reason in _notes(desk, claim_id)] == ["mine, from the TUI", "from the other terminal"]

            await s.press("u", "y")  # asked again; this time yes
            [undone] = s.messages(ActionUndone)
            assert ", elsewhere)." in undone.description
            assert len(s.messages(UndoNeedsConfirmation)) == 2

            await s.press("u")  # the TUI's own note: no question
            assert isinstance(s.app.screen, MainScreen)
            assert len(s.messages(UndoNeedsConfirmation)) == 2
            assert s.messages(ActionUndone)[-1].description.endswith(", in this session).")
            assert f"note on claim {claim_id} retracted" in s.notifications()[-1]

        assert [action for action, _r in _notes(desk, claim_id)] == [
            "note_added", "note_added", "note_retracted", "undo", "note_retracted", "undo",
        ]

    run(scenario)
