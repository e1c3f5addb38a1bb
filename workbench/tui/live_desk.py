"""The live desk: another reviewer's change shows on this screen within a second or two.

``DeskWatcher`` is an invisible widget on the main screen. Twice a second it asks the
database's change signal (``workbench.db.change_signal``: LISTEN on PostgreSQL, ``PRAGMA
data_version`` on SQLite) whether anyone committed, in a short thread worker (on PostgreSQL it
waits up to ``WAIT_SECONDS`` for a notification, so a change shows at once); only then does
it read the review log for what changed (``workbench.review.desk_news``). The news comes
back to the UI thread as a message, where the counts are read again, the rows of the changed
claims on screen are read again and redrawn in place (the table is never rebuilt, so the
cursor and the scroll position stay where the reviewer left them), the open claim is read
again (a claim reloaded keeps its scroll position), and a toast names who changed what.

This session's own writes are left out: the screen showed them already, and toasting them
would only repeat it. A check that is still running when the next tick comes is not doubled.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from textual import work
from textual.message import Message
from textual.widget import Widget

from workbench.db.change_signal import ChangeSignal, open_change_signal
from workbench.db.engine import Database
from workbench.review import desk_news
from workbench.review.desk_news import DeskNews, NewsCursor
from workbench.tui.messages import DeskNewsArrived, DeskRowsLoaded, LoadFailed
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.claim_browser import ClaimBrowser

POLL_SECONDS = 0.5  # how often the change signal is asked: well inside the 2 s the desk allows
# How long one check waits for a notification (PostgreSQL; SQLite's counter is read at once):
# a change that commits meanwhile shows at once instead of at the next tick.
WAIT_SECONDS = 0.4
TOASTS = 3  # changes named one by one in a batch; the rest are counted
# The list on screen is redrawn in place, never rebuilt under the reviewer, so claims others
# add (one by one, or a whole import) are not in it until it is read again.
NEW_CLAIMS_HINT = "New claims are not in the list yet: press r to read it again."


class DeskWatcher(Widget):
    """Watches the database for the rest of the desk's changes and brings the screen up to date."""

    DEFAULT_CSS = "DeskWatcher { display: none; }"

    def __init__(self, database: Database, browser: ClaimBrowser, reload_counts: Callable[[], object], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.database = database
        self.browser = browser
        self.reload_counts = reload_counts
        self.own_session = database.origin.session_key
        self.cursor: NewsCursor | None = None
        self.news_seen = 0  # batches of news handled (tests wait on it)
        self._signal: ChangeSignal | None = None
        self._checking = False
        self._closed = False
        self._failing = False

    @dataclass
    class Checked(Message, bubble=False):
        """One check of the signal ended (``news``: what it found, if anything)."""

        news: DeskNews | None

    def on_mount(self) -> None:
        # The first check at once: it marks where the news starts, which must be before the
        # screen reads its first page (mounted first, this widget's worker starts first), or a
        # change committed in between would be shown by neither.
        self._tick()
        self.set_interval(POLL_SECONDS, self._tick)

    def on_unmount(self) -> None:
        self._closed = True
        if not self._checking:
            self._drop_signal()

    def _tick(self) -> None:
        self._drop_expired_takes()
        if self._checking or self._closed:
            return
        self._checking = True
        self.check()

    @work(thread=True, exit_on_error=False, group="desk")
    def check(self) -> None:
        """Ask the signal; on a change, read the news since the cursor (opened on the first tick)."""
        news: DeskNews | None = None
        try:
            if self._signal is None:
                self._signal = open_change_signal(self.database.engine)
                if self.cursor is None:
                    with self.database.reading() as session:
                        self.cursor = desk_news.desk_cursor(session)
            if self._signal.changed(WAIT_SECONDS) and self.cursor is not None:
                with self.database.reading() as session:
                    news = desk_news.news_since(session, self.cursor, own_session=self.own_session)
                self.cursor = news.cursor
            self._failing = False
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self._drop_signal()  # opened again on the next tick: a server restart is survived
            if not self._failing:  # said once, not twice a second while the server is away
                self._failing = True
                self.post_message(LoadFailed("changes of the other reviewers", str(error)))
        if self._closed:
            self._drop_signal()
        self.post_message(self.Checked(news))

    def on_desk_watcher_checked(self, message: Checked) -> None:
        self._checking = False
        if message.news is not None and not message.news.empty:
            self.post_message(DeskNewsArrived(message.news))

    def _drop_signal(self) -> None:
        signal, self._signal = self._signal, None
        if signal is not None:
            with suppress(Exception):  # a connection already gone has nothing left to close
                signal.close()

    # -- on the UI thread -------------------------------------------------------------------------

    def on_desk_news_arrived(self, message: DeskNewsArrived) -> None:
        news = message.news
        self.news_seen += 1
        self._toast(news)
        self.reload_counts()
        shown = set(self.browser.table.claims)
        rows = shown if news.wide else shown & news.claim_ids
        if rows:
            self.load_rows(sorted(rows))
        detail_id = self.browser.detail_id
        if detail_id is not None and (news.wide or detail_id in news.claim_ids):
            self.browser.reload_claim()

    @work(thread=True, exit_on_error=False, group="desk-rows")
    def load_rows(self, claim_ids: list[int]) -> None:
        try:
            with self.database.reading() as session:
                found, gone = desk_news.claim_rows(session, claim_ids)
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("claims", str(error)))
            return
        self.post_message(DeskRowsLoaded(found, gone))

    def on_desk_rows_loaded(self, message: DeskRowsLoaded) -> None:
        table = self.browser.table
        for claim in message.claims:
            table.update_claim(claim)  # in place: the cursor and the scroll position stay
        for claim_id in message.gone:
            if claim_id != self.browser.detail_id:  # the open one says itself that it is gone
                table.remove_claim(claim_id)

    def _drop_expired_takes(self) -> None:
        """A take that ran out while shown is free now: its mark leaves the row and the detail."""
        table = self.browser.table
        now = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as the takes are stored
        for claim in [c for c in table.claims.values() if c.take is not None and not c.take.running(now)]:
            table.update_claim(replace(claim, take=None))
        dossier = self.browser.dossier
        if dossier is not None and dossier.claim.take is not None and not dossier.claim.take.running(now):
            self.browser.reload_claim()

    def _toast(self, news: DeskNews) -> None:
        changes = news.changes
        for change in changes[:TOASTS]:
            self.app.notify(sanitize(change.text), title="Desk", markup=False)
        rest = len(changes) - TOASTS + news.more if len(changes) > TOASTS else news.more
        if rest > 0:
            who = ", ".join(dict.fromkeys(change.reviewer for change in changes[TOASTS:])) or "others"
            self.app.notify(sanitize(f"and {rest} more change(s) by {who}"), title="Desk", markup=False)
        if news.adds_claims:
            self.app.notify(NEW_CLAIMS_HINT, title="Desk", markup=False)
