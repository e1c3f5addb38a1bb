"""The claim list and the detail pane, which follows the list's cursor.

The two live in one container because their timing is one concern: a page of the list moves
the cursor, and the detail pane must follow it at once while browsing but only once typing
pauses while searching. The list is read a page at a time in thread workers; the handlers
here, on the UI thread, are the only code that fills the list and the pane.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable
from textual.worker import get_current_worker

from workbench.db.engine import Database
from workbench.errors import NotFound
from workbench.records import ClaimDossier
from workbench.review import claims
from workbench.tui.claim_pages import fetch_claim_page
from workbench.tui.messages import ClaimQuery, ClaimsLoaded, DossierLoaded, LoadFailed
from workbench.tui.widgets.badges import FLAG_LABELS, STATUS_LABELS, VERDICT_LABELS
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.detail import ClaimDetail

DETAIL_DELAY = 0.15  # seconds of typing pause before the detail pane follows a search


def _only_whole(text: str) -> bool:
    """Whether the search holds a word too short to be matched as a prefix."""
    from workbench.matching.search import too_short_for_a_prefix  # loaded by the search that found nothing

    return bool(too_short_for_a_prefix(text))


def filter_words(query: ClaimQuery) -> str:
    """The list's filters as a reader would say them: "single source, verdict false, disputed", "all claims"."""
    words = []
    if query.status:
        words.append(STATUS_LABELS.get(query.status, query.status))
    if query.verdict:
        words.append(f"verdict {VERDICT_LABELS.get(query.verdict, query.verdict)}")
    if query.flag:
        words.append(FLAG_LABELS.get(query.flag, "flagged"))
    if query.searching:
        words.append("search")
    return ", ".join(words) if words else "all claims"


class ClaimBrowser(Container):
    """Pages through the claims a ``ClaimQuery`` selects, and shows the one under the cursor."""

    @dataclass
    class InfoChanged(Message):
        """What the list shows now ("50 best matches", "loading…"), for the line by the search box."""

        text: str

    def __init__(self, database: Database, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.database = database
        self.claim_query = ClaimQuery()  # not `query`: that is Textual's DOM query
        self.generation = 0
        self.shown_generation = 0  # the load whose rows the list shows (tests and the benchmark wait on it)
        self.loading_more = False
        self.dossier: ClaimDossier | None = None
        self.detail_id: int | None = None
        self.as_of: date | None = None  # the detail pane's claim as of this date (None: now)
        self._detail_timer: Timer | None = None
        self._detail_timer_for: int | None = None

    def compose(self) -> ComposeResult:
        yield ClaimTable(id="claims")
        yield ClaimDetail(id="detail")

    @property
    def table(self) -> ClaimTable:
        return self.query_one(ClaimTable)

    @property
    def detail(self) -> ClaimDetail:
        return self.query_one(ClaimDetail)

    # -- loading the list ---------------------------------------------------------------------

    def reload_list(
        self,
        query: ClaimQuery | None = None,
        *,
        after_id: int | None = None,
        select_id: int | None = None,
        size: int = 0,
    ) -> None:
        """Start a fresh load of the list, for ``query`` if given (a newer load cancels this one)."""
        if query is not None:
            self.claim_query = query
        self.generation += 1
        self.loading_more = False
        self._info("searching…" if self.claim_query.searching else "loading…")
        self.load_claims(self.claim_query, self.generation, after_id, select_id, size)

    def refresh_list(self, select_id: int | None = None) -> None:
        """Read the rows already shown again (after a change that can touch many claims), in place."""
        table = self.table
        first = next(iter(table.claims), None)
        after_id = first - 1 if first is not None and not self.claim_query.searching else None
        keep = select_id if select_id in table.claims else table.selected_id
        self.reload_list(after_id=after_id, select_id=keep, size=min(table.row_count, claims.MAX_PAGE))

    @work(thread=True, exclusive=True, exit_on_error=False, group="claims")
    def load_claims(
        self, query: ClaimQuery, generation: int, after_id: int | None, select_id: int | None, size: int = 0
    ) -> None:
        worker = get_current_worker()
        try:
            page, exhausted = fetch_claim_page(self.database, query, after_id, 0, size)
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("claims", str(error)))
            return
        if query.searching and select_id is None and page:
            select_id = page[0].id  # a new search shows its best match
        if not worker.is_cancelled:
            self.post_message(ClaimsLoaded(generation, query, page, False, exhausted, select_id))

    @work(thread=True, exit_on_error=False, group="more")
    def load_more(self, query: ClaimQuery, generation: int, after_id: int, shown: int) -> None:
        try:
            page, exhausted = fetch_claim_page(self.database, query, after_id, shown)
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("claims", str(error)))
            return
        self.post_message(ClaimsLoaded(generation, query, page, True, exhausted))

    def on_claims_loaded(self, message: ClaimsLoaded) -> None:
        if message.generation != self.generation:
            return
        table = self.table
        if message.append:
            self.loading_more = False
        table.show(message.claims, append=message.append, exhausted=message.exhausted, select_id=message.select_id)
        self.shown_generation = message.generation
        self._update_info()
        if not message.append:
            if message.query.searching:
                # While the reviewer types, each keystroke replaces the results: show the
                # selected claim once typing pauses rather than render every intermediate one.
                self._select_soon(table.selected_id)
            else:
                self._select(table.selected_id)
        if table.near_end:
            self._load_next_page()

    def _load_next_page(self) -> None:
        table = self.table
        if self.loading_more or table.exhausted or table.last_id is None:
            return
        self.loading_more = True
        self.load_more(self.claim_query, self.generation, table.last_id, table.row_count)

    def _update_info(self) -> None:
        table = self.table
        shown = f"{table.row_count:,}"
        if self.claim_query.searching:
            count = f"{shown} best matches"
            if table.row_count == 0 and table.exhausted and _only_whole(self.claim_query.text):
                count += " (type 3 letters)"  # "q" finds no "Qamishli" (``search.too_short_for_a_prefix``)
        elif table.exhausted:
            count = f"{shown} shown"
        else:
            count = f"{shown} shown, more below"
        self._info(f"{filter_words(self.claim_query)} · {count}")

    def _info(self, text: str) -> None:
        self.post_message(self.InfoChanged(text))

    def on_load_failed(self, message: LoadFailed) -> None:
        # Not stopped: the screen tells the reviewer; here the list only stops waiting for it.
        if message.what == "claims":
            self._info("load failed")
            self.loading_more = False

    # -- the detail pane ------------------------------------------------------------------------

    def _select_soon(self, claim_id: int | None) -> None:
        self._cancel_select_soon()

        def select() -> None:
            self._detail_timer = None
            self._select(claim_id)

        self._detail_timer = self.set_timer(DETAIL_DELAY, select)
        self._detail_timer_for = claim_id

    def _cancel_select_soon(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None

    @property
    def detail_pending(self) -> bool:
        """A detail load is scheduled but not started yet (tests wait for it)."""
        return self._detail_timer is not None

    @on(DataTable.RowHighlighted, "#claims")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        claim_id = int(event.row_key.value) if event.row_key.value is not None else None
        if self.detail_pending and claim_id == self._detail_timer_for:
            pass  # the cursor landed on a search's best match: its detail follows when typing pauses
        else:
            self._cancel_select_soon()
            if claim_id is not None:
                self._select(claim_id)
        if self.table.near_end:
            self._load_next_page()

    def _select(self, claim_id: int | None, *, force: bool = False) -> None:
        if claim_id is None:
            self.detail_id = None
            self._set_dossier(None)
            self.detail.show(None, message=self._empty_message())
            return
        if claim_id == self.detail_id and not force:
            return
        if claim_id != self.detail_id:
            self.as_of = None  # another claim: shown as it stands now
        self.detail_id = claim_id
        self.load_dossier(claim_id, self.as_of)

    def step_timeline(self, step: int | None) -> None:
        """Show the claim as of its previous (-1) or next (+1) status change; ``None``: as it stands now.

        The stops are the day before the first change (where it started), the dates of the
        changes, and now in place of the last one (which shows what now shows), so each step
        shows one status the claim had.
        """
        dossier = self.dossier
        if dossier is None or self.detail_id is None:
            return
        dates = [change.since for change in dossier.timeline[1:] if change.since is not None]
        start = [dates[0] - timedelta(days=1)] if dates else []
        stops: list[date | None] = [*start, *dates[:-1], None]
        current = stops.index(self.as_of) if self.as_of in stops else len(stops) - 1
        target = len(stops) - 1 if step is None else max(0, min(len(stops) - 1, current + step))
        if stops[target] != self.as_of:
            self.as_of = stops[target]
            self.load_dossier(self.detail_id, self.as_of)

    def _empty_message(self) -> str:
        if self.claim_query.searching or self.claim_query.status or self.claim_query.verdict or self.claim_query.flag:
            return "No claims match. Esc clears the search and filters."
        return "No claims yet. Import some with `workbench import FILE`."

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier")
    def load_dossier(self, claim_id: int, as_of: date | None = None) -> None:
        worker = get_current_worker()
        try:
            with self.database.reading() as session:
                dossier: ClaimDossier | None = claims.get_dossier(session, claim_id, as_of=as_of)
        except NotFound:
            dossier = None
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("claim", str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(DossierLoaded(claim_id, dossier))

    def on_dossier_loaded(self, message: DossierLoaded) -> None:
        if message.claim_id != self.detail_id:
            return
        self._set_dossier(message.dossier)
        if message.dossier is None:
            self.detail.show(None, message=f"Claim #{message.claim_id} no longer exists.")
            self.table.remove_claim(message.claim_id)
        else:
            self.table.update_claim(message.dossier.claim)
            self.detail.show(message.dossier)

    def _set_dossier(self, dossier: ClaimDossier | None) -> None:
        had_one = self.dossier is not None
        self.dossier = dossier
        if had_one != (dossier is not None):
            # The screen dims the claim actions without a claim; this redraws its footer.
            self.screen.refresh_bindings()

    def show_claim(self, claim_id: int) -> None:
        """Put the cursor on a claim (when it is in the list) and show its detail."""
        self._cancel_select_soon()
        self.table.select_claim(claim_id)
        self._select(claim_id, force=True)

    def reload_claim(self, claim_id: int | None = None) -> None:
        """Read the selected claim again (after a change, or a refused save)."""
        target = claim_id if claim_id is not None else self.detail_id
        if target is not None and target == self.detail_id:
            self._select(target, force=True)
