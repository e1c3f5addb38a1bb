"""The live desk in the real app: another reviewer's change shows within 2 s, in place, without
moving the reviewer's cursor or scroll position; takes on the list row and in the detail; the
take key, the take-over dialog, and `n` skipping what others have taken."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

import pytest
from support import pg_schema, pg_url
from textual.notifications import Notify
from tui_desk import REVIEWER, Desk
from tui_helpers import Session, all_text, assert_terminal_safe, run, running, screen_text

from workbench.config import tui_origin
from workbench.db.engine import Database
from workbench.db.opening import open_database
from workbench.review import claim_takes, claims, take_reads
from workbench.tui.live_desk import NEW_CLAIMS_HINT, DeskWatcher
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.review_dialogs import TakeOverDialog
from workbench.tui.widgets.claim_table import ClaimTable

LIVE_WITHIN = 2.0  # seconds: the promise


def _colleague(database: Database) -> Database:
    """The same database as another reviewer's TUI sees it: an origin (session) of its own."""
    return Database(database.url, origin=tui_origin())


async def _until(s: Session, done: Callable[[], bool], seconds: float = 4.0) -> float:
    """Let the app run until ``done()``; the seconds it took (fails after ``seconds``)."""
    start = time.monotonic()
    while not done():
        if time.monotonic() - start > seconds:
            raise AssertionError(f"not done after {seconds} s")
        await s.pilot.pause(0.05)
    return time.monotonic() - start


def _desk_toasts(s: Session) -> list[str]:
    return [m.notification.message for m in s.seen if isinstance(m, Notify) and m.notification.title == "Desk"]


def _fill(database: Database, count: int) -> list[int]:
    with database.writing() as session:
        return [claims.add_claim(session, REVIEWER, f"Filler claim number {n} about the base").id for n in range(count)]


async def _scroll_to(s: Session, claim_id: int) -> None:
    table = s.table
    await s.pilot.pause()
    assert table.select_claim(claim_id)
    await s.settle()
    assert table.scroll_y > 0, "the list should have scrolled for this test to mean anything"


def test_another_reviewers_verdict_shows_in_place_keeping_selection_and_scroll(desk: Desk) -> None:
    fillers = _fill(desk.database, 60)
    watched, other = fillers[40], fillers[38]

    async def scenario() -> None:
        async with running(desk.database, size=(120, 30), notifications=True) as s:
            await _scroll_to(s, watched)
            table = s.table
            scroll, cursor = table.scroll_y, table.cursor_row
            colleague = _colleague(desk.database)
            try:
                with colleague.writing() as session:
                    claims.set_verdict(session, "lina", watched, "false", "the base is still manned")
                    claims.set_verdict(session, "lina", other, "accurate", "seen on video")
                    claim_takes.take_claim(session, "lina", watched)
            finally:
                colleague.dispose()
            took = await _until(s, lambda: table.claims[watched].verdict == "false" and table.claims[other].verdict
                                == "accurate" and s.browser.dossier is not None
                                and s.browser.dossier.claim.verdict == "false")
            assert took < LIVE_WITHIN
            await s.settle()
            assert (table.selected_id, table.cursor_row, table.scroll_y) == (watched, cursor, scroll)
            assert s.browser.detail_id == watched
            toasts = _desk_toasts(s)
            assert toasts[:2] == [f"lina set verdict false on #{watched}", f"lina set verdict accurate on #{other}"]
            assert f"lina took #{watched}" in toasts
            shown = screen_text(s.pilot)
            assert "✎ lina since" in shown  # the list row
            assert "In review by lina since" in shown  # the detail pane
            counts = s.app.screen.query_one("#counts").counts  # type: ignore[attr-defined]
            assert counts.by_verdict["false"] == 1 and counts.by_verdict["accurate"] == 1

    run(scenario)


def test_a_change_from_another_process_shows_too(desk: Desk) -> None:
    """A second writer in a process of its own (the command line) on the same SQLite file."""
    desk.database.origin = tui_origin()  # as `workbench review` runs it: a session of its own

    async def scenario() -> None:
        async with running(desk.database, notifications=True) as s:
            plane = desk.ids["plane"]
            assert s.table.select_claim(plane)
            await s.settle()
            env = os.environ | {"WORKBENCH_REVIEWER": "omar", "WORKBENCH_DB": str(desk.path)}
            done = subprocess.run(
                [sys.executable, "-m", "workbench", "note", str(plane), "asked the airport"],
                env=env, capture_output=True, text=True, timeout=60,
            )
            assert done.returncode == 0, done.stderr
            took = await _until(s, lambda: f"omar added a note on #{plane}" in _desk_toasts(s))
            assert took < LIVE_WITHIN
            await _until(s, lambda: s.browser.dossier is not None
                         and any(entry.reason == "asked the airport" for entry in s.browser.dossier.entries))
            assert s.table.selected_id == plane

    run(scenario)


def test_claims_another_reviewer_adds_are_announced_and_shown_on_reload(desk: Desk) -> None:
    """The list is redrawn in place, never rebuilt under the reviewer: a claim someone adds
    (or a whole import) is not in it until it is read again, and the toast says how."""

    async def scenario() -> None:
        async with running(desk.database, notifications=True) as s:
            before = set(s.table.claims)
            colleague = _colleague(desk.database)
            try:
                with colleague.writing() as session:
                    added = claims.add_claim(session, "lina", "A convoy left the base at dawn").id
            finally:
                colleague.dispose()
            await _until(s, lambda: NEW_CLAIMS_HINT in _desk_toasts(s))
            assert f"lina added claim #{added}" in _desk_toasts(s)
            assert set(s.table.claims) == before  # nothing moved under the reviewer
            await s.press("r")
            await _until(s, lambda: added in s.table.claims)

    run(scenario)


def test_a_change_to_a_claim_already_listed_says_nothing_of_new_claims(desk: Desk) -> None:
    plane = desk.ids["plane"]

    async def scenario() -> None:
        async with running(desk.database, notifications=True) as s:
            colleague = _colleague(desk.database)
            try:
                with colleague.writing() as session:
                    claims.set_verdict(session, "lina", plane, "false", "seen on video")
            finally:
                colleague.dispose()
            await _until(s, lambda: f"lina set verdict false on #{plane}" in _desk_toasts(s))
            assert NEW_CLAIMS_HINT not in _desk_toasts(s)

    run(scenario)


def test_a_hostile_reviewer_name_is_shown_defused_in_the_toast_the_row_and_the_detail(desk: Desk) -> None:
    name = "[/]\x1b[2J\u202e[@click=app.quit]lina"
    plane = desk.ids["plane"]

    async def scenario() -> None:
        async with running(desk.database, notifications=True) as s:
            assert s.table.select_claim(plane)
            await s.settle()
            colleague = _colleague(desk.database)
            try:
                with colleague.writing() as session:
                    claim_takes.take_claim(session, name, plane)
            finally:
                colleague.dispose()
            await _until(s, lambda: s.table.claims[plane].take is not None and s.browser.dossier is not None
                         and s.browser.dossier.claim.take is not None and bool(_desk_toasts(s)))
            await s.settle()
            assert s.app.is_running
            assert_terminal_safe(s.pilot)
            assert "[@click=app.quit]lina" in all_text(s.app)  # shown literally, not run

    run(scenario)


def test_a_take_that_runs_out_leaves_the_row_and_the_detail(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_TAKE_MINUTES", "0.03")  # 1.8 s
    plane = desk.ids["plane"]

    async def scenario() -> None:
        async with running(desk.database) as s:
            assert s.table.select_claim(plane)
            await s.settle()
            colleague = _colleague(desk.database)
            try:
                with colleague.writing() as session:
                    claim_takes.take_claim(session, "lina", plane)
            finally:
                colleague.dispose()
            await _until(s, lambda: s.browser.dossier is not None and s.browser.dossier.claim.take is not None)
            assert "✎ lina" in screen_text(s.pilot)
            await _until(s, lambda: s.table.claims[plane].take is None and s.browser.dossier is not None
                         and s.browser.dossier.claim.take is None)
            await s.settle()
            assert "✎ lina" not in screen_text(s.pilot) and "In review by" not in all_text(s.app)
            assert s.table.selected_id == plane

    run(scenario)


def test_this_sessions_own_changes_do_not_toast_as_desk_news(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, reviewer="alice", notifications=True) as s:
            await s.press("w")  # take the claim shown
            assert s.browser.dossier is not None and s.browser.dossier.claim.take is not None
            watcher = s.app.screen.query_one(DeskWatcher)
            seen = watcher.news_seen
            await s.pilot.pause(1.2)  # two polls at least
            assert watcher.news_seen == seen and _desk_toasts(s) == []
            assert any("is in review by alice" in text for text in s.notifications())

    run(scenario)


def test_the_take_key_takes_then_releases(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database, reviewer="alice") as s:
            claim_id = s.browser.detail_id
            assert claim_id is not None
            await s.press("w")
            take = s.table.claims[claim_id].take
            assert take is not None and take.reviewer == "alice"
            assert "✎ alice since" in screen_text(s.pilot)
            await s.press("w")
            assert s.table.claims[claim_id].take is None
            assert "✎ alice" not in screen_text(s.pilot)
        with desk.database.reading() as session:
            assert take_reads.list_takes(session) == []

    run(scenario)


def test_take_over_asks_why_and_an_empty_reason_only_says_what_is_missing(desk: Desk) -> None:
    plane = desk.ids["plane"]
    with desk.database.writing() as session:
        claim_takes.take_claim(session, "lina", plane)

    async def scenario() -> None:
        async with running(desk.database, reviewer="alice") as s:
            assert s.table.select_claim(plane)
            await s.settle()
            await s.press("w")
            dialog = s.app.screen
            assert isinstance(dialog, TakeOverDialog)
            await s.press("ctrl+s")
            assert s.app.screen is dialog  # still open: nothing saved, only told what is missing
            assert "Say why you take it over: lina will read the reason." in screen_text(s.pilot)
            with desk.database.reading() as session:
                assert take_reads.list_takes(session)[0].reviewer == "lina"
            await s.type("Lina is off shift")
            await s.press("enter")
            assert isinstance(s.app.screen, MainScreen)
            take = s.table.claims[plane].take
            assert take is not None and (take.reviewer, take.taken_over_from, take.reason) == (
                "alice", "lina", "Lina is off shift")
            assert "taken over from lina: Lina is off shift" in all_text(s.app)

    run(scenario)


def test_next_unreviewed_skips_a_claim_someone_else_has_taken(desk: Desk) -> None:
    with desk.database.writing() as session:
        claim_takes.take_claim(session, "lina", desk.ids["plane"])

    async def scenario() -> None:
        async with running(desk.database, reviewer="alice") as s:
            assert s.browser.detail_id == desk.ids["withdraw"]
            await s.press("n")
            assert s.browser.detail_id == desk.ids["ceasefire"]  # the plane is lina's

    run(scenario)


@pytest.mark.postgres
def test_another_reviewers_change_shows_on_postgresql() -> None:
    """LISTEN/NOTIFY: the same promise on a PostgreSQL desk."""
    if pg_url() is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(pg_url()) as url:  # type: ignore[arg-type]
        database = open_database(url)
        try:
            ids = _fill(database, 40)
            watched = ids[30]

            async def scenario() -> None:
                async with running(database, size=(120, 24), notifications=True) as s:
                    await _scroll_to(s, watched)
                    table: ClaimTable = s.table
                    scroll = table.scroll_y
                    colleague = _colleague(database)
                    try:
                        with colleague.writing() as session:
                            claims.set_verdict(session, "lina", watched, "misleading", "old footage")
                    finally:
                        colleague.dispose()
                    took = await _until(s, lambda: table.claims[watched].verdict == "misleading"
                                        and s.browser.dossier is not None
                                        and s.browser.dossier.claim.verdict == "misleading")
                    assert took < LIVE_WITHIN
                    assert (table.selected_id, table.scroll_y) == (watched, scroll)
                    assert _desk_toasts(s) == [f"lina set verdict misleading on #{watched}"]

            run(scenario)
        finally:
            database.dispose()
