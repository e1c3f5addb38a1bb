"""The reporting chains in the TUI: flags beside the status (list, counts, filters, detail), the
chains drawn as a tree, and the status as of each change of the timeline ([ and ])."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static
from tui_desk import REVIEWER, Desk
from tui_helpers import all_text, run, running

from workbench.review import attributions, claims, links
from workbench.tui.widgets.counts import CountsBar


def _flagged(desk: Desk) -> None:
    """The plane claim superseded by its duplicate; the withdrawal disputed by a claim AP asserts."""
    with desk.database.writing() as session:
        links.link_claims(session, REVIEWER, desk.ids["duplicate"], desk.ids["plane"], "supersedes")
        stayed = claims.add_claim(session, REVIEWER, "Russian forces have not left northeast Syria.", key="claim-stayed")
        attributions.add_attribution(session, REVIEWER, stayed.id, desk.ids["ap"], "asserts", as_of=date(2026, 1, 29))
        links.link_claims(session, REVIEWER, stayed.id, desk.ids["withdraw"], "contradicts")
        desk.ids["stayed"] = stayed.id


def test_flags_show_beside_the_status_and_filter_the_list(desk: Desk) -> None:
    _flagged(desk)

    async def scenario() -> None:
        async with running(desk.database, size=(160, 48)) as s:
            bar = s.app.screen.query_one(CountsBar)
            assert bar.counts is not None
            assert bar.counts.by_flag == {"disputed": 2, "superseded": 1, "fulfilled": 0}
            rows = {claim_id: [cell.plain for cell in s.table.get_row_at(s.table.get_row_index(str(claim_id)))]
                    for claim_id in (desk.ids["plane"], desk.ids["withdraw"])}
            # The flags' symbols before the claim's text; the counts bar names them.
            assert rows[desk.ids["plane"]][1].startswith("⤳ ")
            assert rows[desk.ids["withdraw"]][1].startswith("⚑ Russian forces have started")
            assert "⚑ disputed 2" in bar.render().plain and "⤳ superseded 1" in bar.render().plain
            await s.press("f", "down", "down", "right", "enter")  # the flag line: disputed
            assert set(s.table.claims) == {desk.ids["withdraw"], desk.ids["stayed"]}
            assert str(s.app.screen.query_one("#list-info", Static).content) == "disputed · 2 shown"
            await s.press("right", "enter")  # superseded
            assert list(s.table.claims) == [desk.ids["plane"]]
            assert "superseded by claim-plane-dup" in all_text(s.app)  # beside the status in the detail
            s.app.screen.query_one("#claims").focus()
            await s.press("escape")
            assert s.table.row_count == 7

    run(scenario)


def test_the_detail_draws_the_chains_and_steps_through_the_timeline(desk: Desk) -> None:
    _flagged(desk)

    async def scenario() -> None:
        async with running(desk.database, size=(160, 48)) as s:
            text = all_text(s.app)
            assert "Reporting chains (2 counted)" in text
            assert "Syrian Democratic Forces (asserts)" in text and "members only, not its own position" in text
            assert "#2 Ahmed Ali asserts" in text  # a leaf of the tree
            assert "Timeline: unsourced until 27 Jan 2026; corroborated from 27 Jan 2026; " \
                   "corroborated · disputed by claim-stayed from 29 Jan 2026" in text
            await s.press("left_square_bracket")
            dossier = s.browser.dossier
            assert dossier is not None and dossier.as_of == date(2026, 1, 27)
            assert dossier.assessment.status.value == "corroborated" and dossier.flags == ()
            await s.press("left_square_bracket")
            assert s.browser.dossier is not None and s.browser.dossier.as_of == date(2026, 1, 26)
            assert "As of 2026-01-26; 3 later attribution(s) left out" in all_text(s.app)
            await s.press("left_square_bracket")  # nothing earlier: stays
            assert s.browser.dossier is not None and s.browser.dossier.as_of == date(2026, 1, 26)
            await s.press("right_square_bracket", "right_square_bracket")
            assert s.browser.dossier is not None and s.browser.dossier.as_of is None
            assert s.browser.dossier.flags == ("disputed by claim-stayed",)
            await s.press("left_square_bracket", "escape")  # Esc comes back to now first
            assert s.browser.dossier is not None and s.browser.dossier.as_of is None

    run(scenario)
