"""The main screen: counts, the paged list, the detail pane, filters, search and navigation."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static
from tui_desk import REVIEWER, Desk
from tui_helpers import all_text, run, running, screen_text

from workbench.db.opening import open_database
from workbench.review import claims
from workbench.tui.claim_pages import PAGE_SIZE, SEARCH_PAGE
from workbench.tui.messages import ClaimsLoaded
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.source_dialogs import GradeDialog
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.detail import ClaimDetail


def test_first_screen_shows_counts_list_and_the_claim_under_the_cursor(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            counts = s.app.screen.query_one(CountsBar).counts
            assert counts is not None and counts.total == 6
            assert counts.by_status == {
                "unsourced": 1, "single_source": 2, "corroborated": 1, "contested": 1, "refuted": 1,
            }
            assert s.table.row_count == 6
            first = [cell.plain for cell in s.table.get_row_at(0)]
            assert first[0] == "● corroborated"
            assert first[1].startswith("Russian forces have started")
            assert "2" in first and "—" in first  # two origins, no verdict yet
            assert any(cell.startswith("Russian g") for cell in first)  # awaiting Russia
            detail = s.app.screen.query_one(ClaimDetail)
            assert detail.dossier is not None and detail.dossier.claim.id == desk.ids["withdraw"]
            text = all_text(s.app)
            for expected in ("Claim #1", "Independent origins counted (2)", "Awaiting: Russian government",
                             "Associated Press", "grade B", "Asserts (2)", "No statement (1)",
                             "Russian forces start leaving northeast Syria", "Linked claims (1)", "History"):
                assert expected in text, expected

            # The detail pane follows the cursor.
            await s.press("down", "down")
            assert detail.dossier is not None and detail.dossier.claim.id == desk.ids["ceasefire"]
            text = all_text(s.app)
            assert "◆ contested" in text
            assert "1 independent origin asserts it and 1 independent origin denies it." in text

            # A light theme redraws the badges in its own colours.
            dark_style = s.table.get_row_at(0)[0].style
            s.app.theme = "textual-light"
            await s.settle()
            assert s.table.get_row_at(0)[0].style != dark_style
            assert "Claim #3" in screen_text(s.pilot)

    run(scenario)


def test_list_is_paged_and_loads_more_near_the_end(tmp_path) -> None:
    database = open_database(str(tmp_path / "many.db"))
    with database.writing() as session:
        for number in range(PAGE_SIZE * 2 + 30):
            claims.add_claim(session, REVIEWER, f"Numbered claim {number:04d}")

    async def scenario() -> None:
        async with running(database) as s:
            assert s.table.row_count == PAGE_SIZE
            assert not s.table.exhausted
            await s.press("end")
            assert s.table.row_count == PAGE_SIZE * 2
            await s.press("pagedown", "end")
            assert s.table.row_count == PAGE_SIZE * 2 + 30
            assert s.table.exhausted
            pages = s.messages(ClaimsLoaded)
            assert [len(page.claims) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 30]
            assert [page.append for page in pages] == [False, True, True]
            ids = list(s.table.claims)
            assert ids == sorted(ids) and len(set(ids)) == len(ids)
            # After a change that can touch many claims (a grade, an undo) the rows shown are read
            # again in place: the reviewer keeps the place, 150 rows down.
            s.table.move_cursor(row=150)
            await s.settle()
            here = s.table.selected_id
            s.browser.refresh_list()
            await s.settle()
            assert s.table.row_count == PAGE_SIZE * 2 + 30 and s.table.selected_id == here
            # A search is ranked, not paged by id: its next page is the same search asking for more.
            s.app.screen.query_one("#search", Input).value = "numbered claim"
            await s.settle()
            assert s.table.row_count == SEARCH_PAGE and not s.table.exhausted
            await s.press("end")
            assert s.table.row_count == 2 * SEARCH_PAGE
            assert len(set(s.table.claims)) == 2 * SEARCH_PAGE

    try:
        run(scenario)
    finally:
        database.dispose()


def test_counts_are_filters(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("f", "right", "right", "right", "right", "enter")  # all, unsourced, single, corr., contested
            assert list(s.table.claims) == [desk.ids["ceasefire"]]
            await s.press("down", "left", "left", "left", "enter")  # verdict line: unreviewed
            assert list(s.table.claims) == [desk.ids["ceasefire"]]
            await s.press("right", "enter")  # verdict accurate: nothing
            assert s.table.row_count == 0
            assert "No claims match" in all_text(s.app)
            await s.press("enter")  # choosing the selected chip again removes that filter
            assert list(s.table.claims) == [desk.ids["ceasefire"]]
            await s.press("up", "enter")  # status line: single
            assert set(s.table.claims) == {desk.ids["plane"], desk.ids["duplicate"]}
            await s.press("enter")
            assert s.table.row_count == 6
            await s.press("right", "right", "right", "enter")  # refuted
            assert list(s.table.claims) == [desk.ids["stay"]]
            bar = s.app.screen.query_one(CountsBar)
            x = next(start for line, start, _end, chip in bar._spans if line == 0 and chip.value == "unsourced")
            await s.pilot.click(CountsBar, offset=(x + 1, 0))  # chips are also buttons for the mouse
            await s.settle()
            assert list(s.table.claims) == [desk.ids["empty"]]
            s.app.screen.query_one("#claims").focus()
            await s.press("escape")
            assert s.table.row_count == 6

    run(scenario)


def test_search_as_you_type_over_claim_text_and_source_names(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("slash")
            assert isinstance(s.app.focused, Input)
            await s.type("cargo")
            assert set(list(s.table.claims)[:2]) == {desk.ids["plane"], desk.ids["duplicate"]}
            best = next(iter(s.table.claims))
            assert s.table.selected_id == best and s.browser.detail_id == best  # the detail follows
            search = s.app.screen.query_one("#search", Input)
            search.value = "kremlin"
            await s.settle()
            assert {desk.ids["withdraw"], desk.ids["stay"]} <= set(s.table.claims)
            await s.press("escape")
            assert search.value == "" and s.table.row_count == 6

    run(scenario)


def test_slash_moves_the_focus_at_once(desk: Desk) -> None:
    """"/" focuses the search box before the next key is routed. ``focus()`` defers the move
    to the next turn of the loop, and a terminal hands keys over as fast as they come: "/"
    then "hmeimim" in one burst (pasted, or typed fast) went to the list, where "m" opened
    the merge dialog (seen in tmux)."""

    async def scenario() -> None:
        async with running(desk.database) as s:
            screen = s.app.screen
            assert isinstance(screen, MainScreen) and s.app.focused is s.table
            screen.action_search()  # no await: nothing else has run
            assert s.app.focused is screen.query_one("#search", Input)

    run(scenario)


def test_keys_typed_in_one_burst_after_slash_land_in_the_search_box(desk: Desk) -> None:
    """"/hmeimim" arriving in one read of the terminal (pasted by tmux, or typed fast) is all
    posted to the app before any of it is handled. The app routes each key to the widget that
    has the focus when that key's turn comes, so "/" must move the focus as the app routes
    it, not when the list gets round to it: the letters went to the list, where "m" opened
    the merge dialog, and later were dropped."""

    async def scenario() -> None:
        async with running(desk.database) as s:
            screen = s.app.screen
            assert isinstance(screen, MainScreen) and s.app.focused is s.table
            for key, character in [("slash", "/"), *((letter, letter) for letter in "hmeimim")]:
                s.app.post_message(events.Key(key, character))  # as the driver posts a read
            await s.settle()
            assert s.app.screen is screen  # no dialog opened
            assert screen.query_one("#search", Input).value == "hmeimim"
            for key, character in [("f", "f"), ("slash", "/")]:  # typed into the box, not acted on
                s.app.post_message(events.Key(key, character))
            await s.settle()
            assert screen.query_one("#search", Input).value == "hmeimimf/"
            await s.press("escape", "f")  # back on the list, "f" is the filters key again
            assert isinstance(s.app.focused, CountsBar)

    run(scenario)


def test_a_search_too_short_for_a_prefix_says_to_type_more(desk: Desk) -> None:
    """"ca" finds no "cargo" (words under three letters match whole): the line says so, and
    goes back to a plain count once the third letter finds the claims."""

    async def scenario() -> None:
        async with running(desk.database) as s:
            info = s.app.screen.query_one("#list-info", Static)
            await s.press("slash")
            await s.type("ca")
            assert s.table.row_count == 0
            assert str(info.content) == "search · 0 best matches (type 3 letters)"
            await s.type("r")
            assert s.table.row_count >= 2 and str(info.content) == f"search · {s.table.row_count} best matches"
            search = s.app.screen.query_one("#search", Input)
            search.value = "2027"  # a number: matched whole, but typing more would not help
            await s.settle()
            assert s.table.row_count == 0 and str(info.content) == "search · 0 best matches"

    run(scenario)


def test_next_unreviewed_skips_reviewed_claims_and_reanchors_the_list(desk: Desk) -> None:
    with desk.database.writing() as session:
        claims.set_verdict(session, REVIEWER, desk.ids["plane"], "accurate", "checked")

    async def scenario() -> None:
        async with running(desk.database) as s:
            screen = s.app.screen
            assert isinstance(screen, MainScreen)
            await s.press("n")
            assert s.browser.detail_id == desk.ids["ceasefire"]
            # With a filter showing only the contested claim, the next one is not in the list:
            await s.press("f", "right", "right", "right", "right", "enter")
            s.app.screen.query_one("#claims").focus()
            await s.press("n")
            assert s.browser.detail_id == desk.ids["stay"]
            assert s.browser.claim_query.status is None
            assert next(iter(s.table.claims)) == desk.ids["stay"]

    run(scenario)


def test_help_screen_and_command_palette(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("question_mark")
            assert isinstance(s.app.screen, HelpScreen)
            text = all_text(s.app)
            assert "Set the verdict on this claim" in text and "corroborated" in text and "completely reliable" in text
            await s.press("escape")
            assert isinstance(s.app.screen, MainScreen)

            titles = {command.title for command in s.app.get_system_commands(s.app.screen)}
            for title in ("Verdict", "Note", "Attribute", "Silence", "Grade", "Link", "Merge", "Undo", "Next",
                          "Search", "Help", "Filters", "Show contested claims", "Show claims with verdict false"):
                assert title in titles, title
            await s.press("ctrl+p")
            await s.type("Grade")
            await s.press("enter")
            assert isinstance(s.app.screen, GradeDialog)

    run(scenario)


def test_narrow_terminal_stacks_the_panes_and_enter_reads_the_claim(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(80, 24)) as s:
            screen = s.app.screen
            assert screen.has_class("-narrow")
            assert s.table.region.y < screen.query_one(ClaimDetail).region.y  # stacked
            await s.press("enter")
            assert (screen.has_class("-reading") and not s.table.display) or s.table.region.height == 0
            assert isinstance(s.app.focused, ClaimDetail)
            await s.press("escape")
            assert not screen.has_class("-reading")
            assert s.table.region.height > 0

    run(scenario)


def test_wide_terminal_shows_the_panes_side_by_side(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(160, 48)) as s:
            detail = s.app.screen.query_one(ClaimDetail)
            assert s.app.screen.has_class("-wide")
            assert detail.region.x > s.table.region.x and detail.region.y == s.table.region.y
            assert "Changed" in screen_text(s.pilot)

    run(scenario)
