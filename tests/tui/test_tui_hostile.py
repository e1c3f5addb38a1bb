"""Untrusted text in every widget that shows data: no crash, no action, no control character out.

The hostile desk stores markup (``[/]``, ``[@click=app.quit]``, ``[link=file:///etc/passwd]``),
terminal escapes (CSI, OSC 0, OSC 8), NUL, C1 CSI and bidi overrides in claim text, tags, place,
source names, aliases and roles, quotes, notes, document titles, link notes, reviewer names and
reasons. Each test checks both what would be drawn on the terminal and the full content of every
data widget (cells and lines cut off on screen included).
"""

from __future__ import annotations

from textual.widgets import Input
from tui_desk import HOSTILE_TEXT, Desk
from tui_helpers import all_text, assert_terminal_safe, run, running, screen_text

from workbench.review import claims
from workbench.tui.messages import AttributionAdded, NoteAdded
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.base import FormDialog
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.document_picker import DocumentPicker
from workbench.tui.widgets.pickers import NEW_SOURCE, SourcePicker

BIG = (160, 60)
HOSTILE_REVIEWER = f"rev {HOSTILE_TEXT}"


def _visible_markup_survives(text: str) -> None:
    """Markup is shown as the literal characters the source wrote, not interpreted or dropped."""
    for literal in ("[/]", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/link]", "[@=:", "[$x]"):
        assert literal in text, literal
    assert "␛[2J" in text and "␛]0;title␇" in text and "␀" in text and "\ufffd" in text


def test_main_screen_list_detail_counts_and_history(hostile_desk: Desk) -> None:
    async def scenario() -> None:
        async with running(hostile_desk.database, size=BIG, reviewer=HOSTILE_REVIEWER, notifications=True) as s:
            assert s.table.row_count == 2
            assert_terminal_safe(s.pilot)
            text = all_text(s.app)
            _visible_markup_survives(text)
            for part in ("Claim evil", "Outlet evil", "Person evil", "role evil", "quote evil", "note evil",
                         "Title evil", "silence evil", "link note evil", "tag [/]", "place evil", "rev evil"):
                assert part in text, part
            # Click right on every "[@click=app.quit]x" drawn (list and detail pane): nothing runs.
            lines = screen_text(s.pilot).split("\n")
            spots = [(line.index("@click") + 15, y) for y, line in enumerate(lines) if "@click" in line]
            assert len(spots) >= 5
            for x, y in spots[:2] + spots[-2:]:  # the list, the detail pane
                await s.pilot.click(offset=(x, y))  # on the "x" that would carry the action
            await s.settle()
            assert s.app.is_running and s.app.return_code is None
            s.table.focus()
            await s.press("down")  # the other claim: a hostile verdict reason and reviewer in its history
            assert "reason evil" in all_text(s.app)
            assert_terminal_safe(s.pilot)

    run(scenario)


DIALOGS = [("v", ""), ("c", ""), ("a", "Outlet"), ("s", "evil"), ("g", ""), ("l", "evil"), ("m", "Other"),
           ("question_mark", "")]


def test_every_dialog_and_picker(hostile_desk: Desk) -> None:
    async def scenario() -> None:
        async with running(hostile_desk.database, size=(120, 50)) as s:
            for key, typed in DIALOGS:
                await s.press(key)
                assert isinstance(s.app.screen, FormDialog | HelpScreen), key
                if typed:
                    await s.type(typed)
                    await s.press("enter")  # pick the best match: the picker repeats its name
                    assert "✓" in all_text(s.app), key
                assert_terminal_safe(s.pilot)
                text = all_text(s.app)
                if key != "question_mark":
                    assert "Claim evil" in text, key  # the dialog names the claim it acts on
                if key in ("a", "s", "g"):
                    assert "evil [/] [@click=app.quit]x[/]" in text, key  # source names in the picker
                if key in ("l", "m"):
                    assert "Other evil" in text, key  # claim text in the claim picker
                await s.press("escape")
                assert isinstance(s.app.screen, MainScreen) and s.app.is_running

    run(scenario)


def test_pasted_hostile_input_is_shown_and_saved_safely(hostile_desk: Desk) -> None:
    note = f"my note {HOSTILE_TEXT}"

    async def scenario() -> None:
        async with running(hostile_desk.database, size=BIG, notifications=True) as s:
            await s.press("c")
            s.app.screen.query_one("#note-text", Input).value = note  # pasted
            await s.pilot.pause()
            assert_terminal_safe(s.pilot)  # the input box itself
            await s.press("enter")
            assert s.messages(NoteAdded)
            assert sanitize(note) in all_text(s.app)
            assert_terminal_safe(s.pilot)

            # A new source with a hostile name: the notification repeats the name.
            await s.press("a")
            picker = s.app.screen.query_one(SourcePicker)
            picker.query_one(Input).value = f"New {HOSTILE_TEXT}"
            await s.settle()
            options = picker.query_one("OptionList")
            while options.get_option_at_index(options.highlighted).id != NEW_SOURCE:
                await s.press("down")
            await s.press("enter")
            await s.choose("#stance", "asserts")
            await s.press("ctrl+s")
            assert s.messages(AttributionAdded)
            assert any("New evil" in message for message in s.notifications())
            assert_terminal_safe(s.pilot)

            # Hostile text typed into the document picker, and the hostile title it finds.
            await s.press("a")
            await s.type("Outlet")
            await s.press("enter")
            await s.choose("#stance", "asserts")
            documents = s.app.screen.query_one(DocumentPicker)
            documents.focus_query()
            documents.query_one(Input).value = f"Title {HOSTILE_TEXT}"
            await s.settle()
            assert_terminal_safe(s.pilot)
            await s.press("ctrl+s")
            assert "A document was typed but not picked" in all_text(s.app)
            await s.press("enter", "ctrl+s")
            assert len(s.messages(AttributionAdded)) == 2
            assert_terminal_safe(s.pilot)
            assert s.app.is_running

        with hostile_desk.database.reading() as session:
            history = claims.get_dossier(session, hostile_desk.ids["claim"]).history
        # What the box showed (control characters made visible) is what was saved.
        assert [e.reason for e in history if e.action == "note_added"][-1] == sanitize(note)

    run(scenario)


def test_hostile_search_text(hostile_desk: Desk) -> None:
    async def scenario() -> None:
        async with running(hostile_desk.database, size=BIG) as s:
            await s.press("slash")
            for typed in (HOSTILE_TEXT, "[@=:", "\x1b[2J\u202e"):
                s.app.screen.query_one("#search", Input).value = f"evil {typed}"
                await s.settle()
                assert_terminal_safe(s.pilot)
                assert s.app.is_running
            assert s.table.row_count >= 1 and "Claim evil" in all_text(s.app)

    run(scenario)
