"""No dialog acts on an item nobody picked: the save key only says what is missing.

Each dialog is opened the way a reviewer would (its key, or the command palette) and saved at
once, before anything was chosen; then again after only part of the choice was made. The
database must be exactly as it was, the dialog still open, and its error line must name
what is missing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_desk import Desk
from tui_helpers import Session, all_text, run, running

from workbench.tui.screens.base import FormDialog
from workbench.tui.widgets.pickers import ClaimPicker, SourcePicker


def _fingerprint(path: Path) -> tuple[object, ...]:
    """What a save would change: counts of every table a dialog writes to, and every grade."""
    connection = sqlite3.connect(path)
    try:
        counts = tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("claims", "attributions", "claim_links", "review_events", "sources")
        )
        grades = tuple(connection.execute("SELECT id, reliability FROM sources ORDER BY id").fetchall())
        verdicts = tuple(connection.execute("SELECT id, verdict FROM claims ORDER BY id").fetchall())
    finally:
        connection.close()
    return counts, grades, verdicts


async def _open(s: Session, key: str, *, palette: str | None) -> FormDialog[object]:
    if palette is None:
        await s.press(key)
    else:
        await s.press("ctrl+p")
        await s.type(palette)
        await s.press("enter")
    dialog = s.app.screen
    assert isinstance(dialog, FormDialog), key
    return dialog


# (key, its palette command, what the error line must say when nothing was chosen)
DIALOGS = [
    ("v", "Verdict", "Choose a verdict"),
    ("c", "Note", "Write the note"),
    ("a", "Attribute", "Nothing picked: pick a source"),
    ("s", "Silence", "Nothing picked: pick a source"),
    ("g", "Grade", "Nothing picked: pick a source"),
    ("l", "Link", "Nothing picked: pick the other claim"),
    ("m", "Merge", "Nothing picked: pick the other claim"),
]


@pytest.mark.parametrize(("key", "command", "missing"), DIALOGS, ids=[key for key, _c, _m in DIALOGS])
@pytest.mark.parametrize("way", ["key", "palette"])
def test_saving_at_once_saves_nothing_and_says_what_is_missing(
    desk: Desk, key: str, command: str, missing: str, way: str
) -> None:
    before = _fingerprint(desk.path)

    async def scenario() -> None:
        async with running(desk.database) as s:
            s.table.focus()
            assert s.table.select_claim(desk.ids["plane"])
            await s.settle()
            dialog = await _open(s, key, palette=command if way == "palette" else None)
            await s.press("ctrl+s")
            assert s.app.screen is dialog, "the dialog closed without a choice"
            assert missing in all_text(s.app)
            await s.press("ctrl+s")  # pressing again changes nothing either
            assert s.app.screen is dialog

    run(scenario)
    assert _fingerprint(desk.path) == before


async def _pick_first(s: Session, typed: str) -> None:
    await s.type(typed)
    await s.press("enter")


# Part of the choice made (the item picked), the rest still open: still nothing is saved.
PARTIAL = [
    ("v", None, "Choose a verdict"),  # only a reason typed, no verdict chosen
    ("a", "kremlin", "Choose the stance"),
    ("g", "Associated", "already graded B"),
    ("l", "#1", "Choose how this claim relates"),
    ("m", "#6", "Choose which claim is the duplicate"),
]


@pytest.mark.parametrize(("key", "typed", "missing"), PARTIAL, ids=[key for key, _t, _m in PARTIAL])
def test_a_partial_choice_saves_nothing(desk: Desk, key: str, typed: str | None, missing: str) -> None:
    before = _fingerprint(desk.path)

    async def scenario() -> None:
        async with running(desk.database) as s:
            s.table.focus()
            assert s.table.select_claim(desk.ids["plane"])
            await s.settle()
            dialog = await _open(s, key, palette=None)
            if typed is None:
                dialog.query_one("#verdict-reason").focus()
                await s.type("seen by AP")
                await s.press("enter")
            else:
                await _pick_first(s, typed)
                assert "✓" in all_text(s.app)
                await s.press("ctrl+s")
            assert s.app.screen is dialog
            assert missing in all_text(s.app)

    run(scenario)
    assert _fingerprint(desk.path) == before


def test_typing_after_a_pick_drops_the_pick(desk: Desk) -> None:
    """What the box says is what is picked: editing the text after a pick asks for a new pick."""
    before = _fingerprint(desk.path)

    async def scenario() -> None:
        async with running(desk.database) as s:
            dialog = await _open(s, "l", palette=None)
            await _pick_first(s, "#2")
            assert "✓ #2" in all_text(s.app)
            dialog.query_one(".picker-query").focus()
            await s.type("x")
            assert "✓" not in all_text(s.app)
            await s.press("ctrl+s")
            assert s.app.screen is dialog
            assert "Nothing picked: pick the other claim" in all_text(s.app)

    run(scenario)
    assert _fingerprint(desk.path) == before


def test_enter_picks_the_best_match_of_what_was_typed_not_an_earlier_highlight(desk: Desk) -> None:
    """Typed key by key, each keystroke ranks again: the highlight goes to the new best match.

    It used to stay on the source highlighted before typing (the claim's first source) whenever
    that source still matched at all, so Enter picked Associated Press for "ahmed".
    """

    async def scenario() -> None:
        async with running(desk.database) as s:
            dialog = await _open(s, "a", palette=None)
            await s.pilot.press(*"ahmed")
            await s.settle()
            picker = dialog.query_one(SourcePicker)
            assert picker.shown[0][0] == desk.ids["ali"]
            await s.press("enter")
            assert picker.value is not None and picker.value.source_id == desk.ids["ali"]

    run(scenario)


def test_enter_before_the_matches_arrive_waits_for_them(desk: Desk) -> None:
    """Typing #5 and Enter at once picked #2: the matches on screen were still those of the empty box."""

    async def scenario() -> None:
        async with running(desk.database) as s:
            dialog = await _open(s, "l", palette=None)
            picker = dialog.query_one(ClaimPicker)
            box = picker.query_one(Input)
            # Typed and submitted in one go: Enter is handled before the search thread answers.
            box.value = "#5"
            await box.action_submit()
            await s.settle()
            assert picker.value is not None and picker.value.id == 5
            assert "✓ #5" in all_text(s.app)

    run(scenario)
