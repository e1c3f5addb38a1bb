"""Texts too long to lay out at once, and where the detail pane opens each claim."""

from __future__ import annotations

import sqlite3
import time

from rich.text import Text
from textual.widgets import Static
from tui_desk import Desk
from tui_helpers import all_text, run, running

from workbench.review import claims
from workbench.tui.long_text import SHOWN_CHARS, cut_texts, shorten_long_texts
from workbench.tui.screens.full_text import PAGE_CHARS, FullTextScreen
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.detail import ClaimDetail

HUGE = 5_000_000


def _huge_text() -> str:
    """Five million characters of words, each page starting differently (so pages can be told apart)."""
    words = [f"w{n:07d}" for n in range(HUGE // 9 + 1)]
    return " ".join(words)[:HUGE]


def _plant(desk: Desk, claim_id: int, text: str) -> None:
    """Written with SQL, as by another program: the use cases would refuse a text this long."""
    connection = sqlite3.connect(desk.path)
    with connection:
        connection.execute("UPDATE claims SET text = ? WHERE id = ?", (text, claim_id))
        connection.execute("UPDATE attributions SET quote = ? WHERE claim_id = ?", ("q" * (SHOWN_CHARS + 5), claim_id))
    connection.close()


def test_a_dossier_without_long_texts_is_shown_as_it_is(desk: Desk) -> None:
    with desk.database.reading() as session:
        dossier = claims.get_dossier(session, desk.ids["withdraw"])
    assert shorten_long_texts(dossier) is dossier
    assert cut_texts(dossier) == []


def test_long_texts_are_cut_to_a_prefix_that_says_how_to_see_the_rest(desk: Desk) -> None:
    text = _huge_text()
    _plant(desk, desk.ids["plane"], text)
    with desk.database.reading() as session:
        dossier = claims.get_dossier(session, desk.ids["plane"])
    shown = shorten_long_texts(dossier)
    assert shown.claim.text.startswith(text[:SHOWN_CHARS])
    assert shown.claim.text.endswith(f"… [{HUGE - SHOWN_CHARS:,} more characters: t shows the whole text]")
    assert shown.attributions[0].quote is not None and len(shown.attributions[0].quote) < SHOWN_CHARS + 100
    assert shown.claim.id == dossier.claim.id and shown.assessment == dossier.assessment
    cut = {item.label: item.text for item in cut_texts(dossier)}
    attribution_id = dossier.attributions[0].id
    assert cut == {f"claim #{desk.ids['plane']} text": text, f"attribution #{attribution_id} quote": "q" * (SHOWN_CHARS + 5)}


def test_a_five_megabyte_claim_opens_at_once_and_t_reads_it_page_by_page(desk: Desk) -> None:
    text = _huge_text()
    _plant(desk, desk.ids["plane"], text)

    async def scenario() -> None:
        async with running(desk.database, size=(120, 40)) as s:
            s.table.focus()
            started = time.perf_counter()
            await s.press("down")  # the 5 MB claim
            await s.pilot.pause()
            elapsed = time.perf_counter() - started
            detail = s.app.screen.query_one(ClaimDetail)
            assert detail.dossier is not None and detail.dossier.claim.id == desk.ids["plane"]
            # Laying out all of it took 6-7 s here; the prefix takes a fraction of a second. The
            # bound is loose because the machine is shared.
            assert elapsed < 3.0, elapsed
            shown = all_text(s.app)
            assert len(shown) < 4 * SHOWN_CHARS
            assert f"{HUGE - SHOWN_CHARS:,} more characters: t shows the whole text" in shown

            await s.press("t")
            viewer = s.app.screen
            assert isinstance(viewer, FullTextScreen)
            await s.press("enter")  # two long texts: the first in the list is the claim's
            assert f"Claim #{desk.ids['plane']} text: characters 1–{PAGE_CHARS:,} of {HUGE:,}" in all_text(s.app)
            await s.press("n")
            assert f"characters {PAGE_CHARS + 1:,}–{2 * PAGE_CHARS:,} of {HUGE:,}" in all_text(s.app)
            page = viewer.query_one("#full-text-body", Static).content
            assert isinstance(page, Text) and page.plain == text[PAGE_CHARS:2 * PAGE_CHARS]
            await s.press("p", "escape")
            assert isinstance(s.app.screen, MainScreen)

            s.table.focus()
            await s.press("down")
            await s.press("t")  # nothing is cut short in the ceasefire claim (#1 links to the long one)
            assert isinstance(s.app.screen, MainScreen)
            assert s.notifications()[-1] == "Every text of this claim is shown in full."

    run(scenario)


def test_each_claim_opens_at_its_top(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, size=(120, 30)) as s:
            detail = s.app.screen.query_one(ClaimDetail)
            detail.scroll_end(animate=False)
            await s.settle()
            assert detail.scroll_y > 0
            s.browser.reload_claim()  # the same claim read again (after a save): it keeps its place
            await s.settle()
            assert detail.scroll_y > 0
            s.table.focus()
            await s.press("down")
            assert detail.dossier is not None and detail.dossier.claim.id == desk.ids["plane"]
            assert detail.scroll_y == 0

    run(scenario)
