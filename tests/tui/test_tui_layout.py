"""What a reviewer reads at 80×24 and at 160×45: the list's room, the filter, the keys, the toggles."""

from __future__ import annotations

from textual.widgets import OptionList, Static
from tui_desk import Desk
from tui_helpers import all_text, run, running, screen_text

from workbench.tui.screens.claim_dialogs import MergeDialog
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.key_bar import KeyBar
from workbench.tui.widgets.pickers import SourcePicker
from workbench.tui.widgets.toggles import ChoiceButton

MAIN_KEYS = ("? Help", "v Verdict", "c Note", "a Attribute", "s Silence", "g Grade", "l Link", "m Merge",
             "u Undo", "i Intake", "n Next", "/ Search", "f Filters", "[ Earlier", "] Later", "^p palette")


def _column_width(table: ClaimTable, key: str) -> int:
    return next(column.width for column in table.columns.values() if column.key.value == key)


def test_at_80_columns_every_key_shows_on_two_lines_and_the_claim_text_gets_the_room(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(80, 24)) as s:
            bar = s.app.screen.query_one(KeyBar)
            lines = screen_text(s.pilot).splitlines()[-2:]
            assert bar.region.height == 2
            for key in MAIN_KEYS:
                assert sum(line.count(key) for line in lines) == 1, (key, lines)
            assert "palettee" not in "".join(lines)
            # The status shows as its symbol (the counts bar above names them): the text gets 50+.
            assert _column_width(s.table, "text") >= 50
            first = [cell.plain for cell in s.table.get_row_at(0)]
            assert first[0] == "●" and first[1].startswith("Russian forces have started to withdraw from")

    run(scenario)


def test_at_160_columns_the_keys_take_one_line_and_each_claim_two(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(160, 45)) as s:
            assert s.app.screen.query_one(KeyBar).region.height == 1
            last = screen_text(s.pilot).splitlines()[-1]
            assert all(key in last for key in MAIN_KEYS)
            lines = s.table.get_row_at(0)[1].plain.split("\n")
            assert len(lines) == 2  # the claim wraps onto the second line of its row
            assert " ".join(line.strip() for line in lines) == "Russian forces have started to withdraw from northeast Syria."

    run(scenario)


def test_a_click_on_a_key_presses_it(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(160, 45)) as s:
            bar = s.app.screen.query_one(KeyBar)
            line = screen_text(s.pilot).splitlines()[-1]
            await s.pilot.click(KeyBar, offset=(line.index("m Merge") - bar.region.x, 0))
            await s.settle()
            assert isinstance(s.app.screen, MergeDialog)

    run(scenario)


def test_the_split_between_list_and_detail_moves_with_less_and_greater_than(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(160, 45)) as s:
            detail = s.app.screen.query_one(ClaimDetail)
            before = detail.region.width
            await s.press("greater_than_sign")
            assert detail.region.width < before and s.table.region.width > 160 - before
            await s.press("less_than_sign", "less_than_sign")
            assert detail.region.width > before
        async with running(desk.database, size=(80, 30)) as s:  # stacked: the heights move
            list_height = s.table.region.height
            await s.press("greater_than_sign")
            assert s.table.region.height > list_height
            assert s.app.screen.query_one(ClaimDetail).region.width == 80

    run(scenario)


def test_the_active_filter_is_said_in_words(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(120, 40)) as s:
            info = s.app.screen.query_one("#list-info", Static)
            assert str(info.content) == "all claims · 6 shown"
            await s.press("f", "right", "right", "right", "right", "enter")  # status: contested
            assert str(info.content) == "contested · 1 shown"
            await s.press("down", "left", "left", "left", "enter")  # verdict: unreviewed
            assert str(info.content) == "contested, verdict unreviewed · 1 shown"

    run(scenario)


def test_radio_buttons_say_their_state_in_the_glyph(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(120, 40)) as s:
            await s.press("m")
            buttons = list(s.app.screen.query(ChoiceButton))
            assert [str(b.render()).startswith("( )") for b in buttons] == [True, True]  # nothing chosen
            buttons[0].value = True
            await s.settle()
            assert str(buttons[0].render()).startswith("(•)") and str(buttons[1].render()).startswith("( )")

    run(scenario)


def test_grades_are_shown_with_their_meaning_in_the_source_picker(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(120, 40)) as s:
            await s.press("g")
            options = s.app.screen.query_one(SourcePicker).query_one(OptionList)
            first = options.get_option_at_index(0).prompt
            assert "grade B (usually reliable)" in str(first)
            assert "Ahmed Ali  grade F (cannot be judged)" in all_text(s.app)

    run(scenario)
