"""The main screen: counts as filters, the search box, the claim list and the detail pane.

Everything that reads the database runs in a thread worker and reports back with a message
from ``workbench.tui.messages``; the handlers here are the only code that updates widgets.
Review actions (verdict, note, attribution...) live in ``ReviewActions``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from workbench.errors import NotFound
from workbench.records import ClaimDossier, ClaimSummary
from workbench.review import claims
from workbench.review.claims import ClaimFilter
from workbench.tui.messages import (
    ClaimQuery,
    ClaimsLoaded,
    CountsLoaded,
    DossierLoaded,
    LoadFailed,
    NextUnreviewedFound,
)
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.review_actions import ReviewActions
from workbench.tui.widgets.badges import STATUS_LABELS, VERDICT_LABELS
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.inputs import SafeInput

PAGE_SIZE = 100
SEARCH_PAGE = 50
DETAIL_DELAY = 0.15  # seconds of typing pause before the detail pane follows a search


class MainScreen(ReviewActions):
    """Where a review session happens."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]

    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", tooltip="Keys, statuses, verdicts and grades explained"),
        Binding("v", "verdict", "Verdict", tooltip="Set the verdict on this claim (asks for the reason)"),
        Binding("c", "note", "Note", tooltip="Add a note to this claim's history"),
        Binding("a", "attribution", "Attribute", tooltip="Add an attribution: who asserts or denies it, where"),
        Binding("s", "silence", "Silence", tooltip="Record: no statement from a party, as of today"),
        Binding("g", "grade", "Grade", tooltip="Grade a source's reliability, A to F"),
        Binding("l", "link", "Link", tooltip="Link to another claim (duplicate, contradicts, supports, refines)"),
        Binding("m", "merge", "Merge", tooltip="Merge a duplicate claim into another"),
        Binding("u", "undo", "Undo", tooltip="Undo your last action"),
        Binding("n", "next_unreviewed", "Next", tooltip="Jump to the next claim without a verdict"),
        Binding("slash", "search", "Search", tooltip="Search as you type: claim text, quotes, source names"),
        Binding("f", "filters", "Filters", tooltip="Filter by status or verdict (arrows move, Enter picks)"),
        Binding("r,f5", "reload", "Reload", show=False, tooltip="Read the list, counts and claim again"),
        Binding("escape", "back", "Back / clear", show=False,
                tooltip="Back to the list; clear the search, then the filters"),
        Binding("q", "quit", "Quit", show=False, tooltip="Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.claim_query = ClaimQuery()
        self.generation = 0
        self.shown_generation = 0  # the load whose rows the list shows (tests and the benchmark wait on it)
        self.loading_more = False
        self.dossier: ClaimDossier | None = None
        self.detail_id: int | None = None
        self._detail_timer: Timer | None = None
        self._detail_timer_for: int | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title-bar")
        yield CountsBar(id="counts")
        with Horizontal(id="search-row"):
            yield SafeInput(placeholder="/ search claim text and source names", id="search", compact=True)
            yield Static(Text(""), id="list-info")
        with Container(id="body"):
            yield ClaimTable(id="claims")
            yield ClaimDetail(id="detail")
        yield Footer(compact=True)

    def _title(self) -> Text:
        title = Text("workbench", style="bold")
        title.append(f"  {sanitize(self.app.database_label)}", style="dim")
        title.append(f"  reviewer: {sanitize(self.app.reviewer)}")
        return title

    def on_mount(self) -> None:
        self.query_one(ClaimTable).focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.load_counts()
        self.reload_list()

    def _theme_changed(self, _theme: object) -> None:
        self.query_one(ClaimTable).redraw()
        self.query_one(ClaimDetail).redraw()
        self.query_one(CountsBar).refresh()

    # -- loading the list ---------------------------------------------------------------------

    def reload_list(self, *, after_id: int | None = None, select_id: int | None = None, size: int = 0) -> None:
        """Start a fresh load of the list for the current query (a newer one cancels it)."""
        self.generation += 1
        self.loading_more = False
        self._info("searching…" if self.claim_query.searching else "loading…")
        self.load_claims(self.claim_query, self.generation, after_id, select_id, size)

    def refresh_list(self, select_id: int | None = None) -> None:
        """Read the rows already shown again (after a change that can touch many claims), in place."""
        table = self.query_one(ClaimTable)
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
            page, exhausted = self._fetch(query, after_id, 0, size)
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
            page, exhausted = self._fetch(query, after_id, shown)
        except Exception as error:  # noqa: BLE001
            self.post_message(LoadFailed("claims", str(error)))
            return
        self.post_message(ClaimsLoaded(generation, query, page, True, exhausted))

    def _fetch(
        self, query: ClaimQuery, after_id: int | None, shown: int, size: int = 0
    ) -> tuple[list[ClaimSummary], bool]:
        """A page of the list (at least ``size`` rows), and whether it was the last one.

        Browsing pages by id (keyset). A search is ranked, so its "next page" is the same
        search asked for more results; the rows already shown are dropped from it.
        """
        filters = ClaimFilter(status=query.status, verdict=query.verdict, text=query.text or None)
        with self.app.database.reading() as session:
            if query.searching:
                limit = min(shown + max(size, SEARCH_PAGE), claims.MAX_PAGE)
                found = claims.list_claims(session, filters, limit=limit)
                return found[shown:], len(found) < limit or limit >= claims.MAX_PAGE
            limit = max(size, PAGE_SIZE)
            page = claims.list_claims(session, filters, limit=limit, after_id=after_id)
            return page, len(page) < limit

    def on_claims_loaded(self, message: ClaimsLoaded) -> None:
        if message.generation != self.generation:
            return
        table = self.query_one(ClaimTable)
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

    def _load_next_page(self) -> None:
        table = self.query_one(ClaimTable)
        if self.loading_more or table.exhausted or table.last_id is None:
            return
        self.loading_more = True
        self.load_more(self.claim_query, self.generation, table.last_id, table.row_count)

    def _update_info(self) -> None:
        table = self.query_one(ClaimTable)
        shown = f"{table.row_count:,}"
        if self.claim_query.searching:
            self._info(f"{shown} best matches")
        elif table.exhausted:
            self._info(f"{shown} shown")
        else:
            self._info(f"{shown} shown, more below")

    def _info(self, text: str) -> None:
        # Fixed width in the stylesheet: updating it on every keystroke need not re-lay the screen.
        self.query_one("#list-info", Static).update(Text(text), layout=False)

    # -- counts ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def load_counts(self) -> None:
        try:
            with self.app.database.reading() as session:
                counts = claims.count_claims(session)
        except Exception as error:  # noqa: BLE001
            self.post_message(LoadFailed("counts", str(error)))
            return
        self.post_message(CountsLoaded(counts))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.query_one(CountsBar).counts = message.counts

    # -- the detail pane ------------------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#claims")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        claim_id = int(event.row_key.value) if event.row_key.value is not None else None
        if self.detail_pending and claim_id == self._detail_timer_for:
            pass  # the cursor landed on a search's best match: its detail follows when typing pauses
        else:
            self._cancel_select_soon()
            if claim_id is not None:
                self._select(claim_id)
        if self.query_one(ClaimTable).near_end:
            self._load_next_page()

    def _select(self, claim_id: int | None, *, force: bool = False) -> None:
        if claim_id is None:
            self.detail_id = None
            self._set_dossier(None)
            self.query_one(ClaimDetail).show(None, message=self._empty_message())
            return
        if claim_id == self.detail_id and not force:
            return
        self.detail_id = claim_id
        self.load_dossier(claim_id)

    def _empty_message(self) -> str:
        if self.claim_query.searching or self.claim_query.status or self.claim_query.verdict:
            return "No claims match. Esc clears the search and filters."
        return "No claims yet. Import some with `workbench import FILE`."

    @work(thread=True, exclusive=True, exit_on_error=False, group="dossier")
    def load_dossier(self, claim_id: int) -> None:
        worker = get_current_worker()
        try:
            with self.app.database.reading() as session:
                dossier: ClaimDossier | None = claims.get_dossier(session, claim_id)
        except NotFound:
            dossier = None
        except Exception as error:  # noqa: BLE001
            self.post_message(LoadFailed("claim", str(error)))
            return
        if not worker.is_cancelled:
            self.post_message(DossierLoaded(claim_id, dossier))

    def on_dossier_loaded(self, message: DossierLoaded) -> None:
        if message.claim_id != self.detail_id:
            return
        table = self.query_one(ClaimTable)
        self._set_dossier(message.dossier)
        if message.dossier is None:
            self.query_one(ClaimDetail).show(None, message=f"Claim #{message.claim_id} no longer exists.")
            table.remove_claim(message.claim_id)
        else:
            table.update_claim(message.dossier.claim)
            self.query_one(ClaimDetail).show(message.dossier)

    def _set_dossier(self, dossier: ClaimDossier | None) -> None:
        had_one = self.dossier is not None
        self.dossier = dossier
        if had_one != (dossier is not None):
            self.refresh_bindings()  # the claim actions are dimmed without a claim (this redraws the footer)

    def show_claim(self, claim_id: int) -> None:
        """Put the cursor on a claim (when it is in the list) and show its detail."""
        self._cancel_select_soon()
        self.query_one(ClaimTable).select_claim(claim_id)
        self._select(claim_id, force=True)

    def reload_claim(self, claim_id: int | None = None) -> None:
        """Read the selected claim again (after a change, or a refused save)."""
        target = claim_id if claim_id is not None else self.detail_id
        if target is not None and target == self.detail_id:
            self._select(target, force=True)

    # -- navigation -----------------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        self.query_one(CountsBar).focus()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.BINDINGS))

    def action_reload(self) -> None:
        self.load_counts()
        self.refresh_list()
        self.reload_claim()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.query_one(ClaimTable).focus()
        elif search.value:
            search.value = ""
            self.query_one(ClaimTable).focus()
        elif self.claim_query.status or self.claim_query.verdict:
            self.set_filters(status=None, verdict=None)
        else:
            self.query_one(ClaimTable).focus()

    def action_quit(self) -> None:
        self.app.exit()

    @on(DataTable.RowSelected, "#claims")
    def _row_selected(self) -> None:
        if self.has_class("-narrow"):
            self.add_class("-reading")
        self.query_one(ClaimDetail).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.claim_query = replace(self.claim_query, text=event.value)
        self.reload_list()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.query_one(ClaimTable).focus()

    @on(CountsBar.FilterChosen)
    def _filter_chosen(self, event: CountsBar.FilterChosen) -> None:
        if event.kind == "status":
            self.set_filters(status=event.value, verdict=self.claim_query.verdict)
        else:
            self.set_filters(status=self.claim_query.status, verdict=event.value)

    def set_filters(self, *, status: str | None, verdict: str | None) -> None:
        self.claim_query = replace(self.claim_query, status=status, verdict=verdict)
        bar = self.query_one(CountsBar)
        bar.status, bar.verdict = status, verdict
        self.reload_list()

    def filter_commands(self) -> list[tuple[str, str, Any]]:
        """(title, help, callback) for the command palette: one per status and per verdict."""
        commands: list[tuple[str, str, Any]] = [
            ("Show all claims", "clear the status and verdict filters and the search",
             lambda: (self.query_one("#search", Input).clear(), self.set_filters(status=None, verdict=None))),
        ]
        for status, label in STATUS_LABELS.items():
            commands.append((f"Show {label} claims", f"filter the list to status {label}",
                             lambda s=status: self.set_filters(status=s, verdict=self.claim_query.verdict)))
        for verdict, label in VERDICT_LABELS.items():
            commands.append((f"Show claims with verdict {label}", f"filter the list to verdict {label}",
                             lambda v=verdict: self.set_filters(status=self.claim_query.status, verdict=v)))
        return commands

    # -- next unreviewed ------------------------------------------------------------------------

    def action_next_unreviewed(self) -> None:
        self.find_next_unreviewed(self.detail_id)

    @work(thread=True, exit_on_error=False, group="next")
    def find_next_unreviewed(self, after_id: int | None) -> None:
        try:
            with self.app.database.reading() as session:
                found = claims.next_unreviewed(session, after_id)
        except Exception as error:  # noqa: BLE001
            self.post_message(LoadFailed("next unreviewed claim", str(error)))
            return
        self.post_message(NextUnreviewedFound(found))

    def on_next_unreviewed_found(self, message: NextUnreviewedFound) -> None:
        claim = message.claim
        if claim is None:
            self.app.notify("No unreviewed claims left.", markup=False)
            return
        table = self.query_one(ClaimTable)
        if table.select_claim(claim.id):
            table.focus()
            return
        # Not loaded: show the list from that claim on, with only the filters it passes.
        query = self.claim_query
        self.claim_query = ClaimQuery(
            status=query.status if query.status == claim.status else None,
            verdict=query.verdict if query.verdict == claim.verdict else None,
        )
        bar = self.query_one(CountsBar)
        bar.status, bar.verdict = self.claim_query.status, self.claim_query.verdict
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.reload_list(after_id=claim.id - 1, select_id=claim.id)
        table.focus()

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.app.notify(
            sanitize(f"Could not load the {message.what}: {message.error}"), severity="error", markup=False
        )
        if message.what == "claims":
            self._info("load failed")
            self.loading_more = False
