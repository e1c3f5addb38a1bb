"""The main screen: counts as filters, the search box, the claim list and the detail pane.

The screen is made of parts it holds and calls: ``ClaimBrowser`` pages the list and keeps the
detail pane on the claim under the cursor; ``ReviewActions`` knows what each review key asks
and saves. The screen wires the keys to them, opens their dialogs, runs their writes in its
write worker and shows what changed. Everything that touches the database runs in a thread
worker and reports back with a message; only the UI-thread handlers update widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from workbench.config import describe_db
from workbench.db.engine import Database
from workbench.records import ClaimDossier
from workbench.review import claims
from workbench.tui.live_desk import DeskWatcher
from workbench.tui.long_text import cut_texts
from workbench.tui.messages import (
    ActionFailed,
    ClaimChanged,
    ClaimQuery,
    ClaimsMerged,
    CountsLoaded,
    LoadFailed,
    NextUnreviewedFound,
    SaveRefused,
    UndoNeedsConfirmation,
)
from workbench.tui.review_changes import Change, ReviewChanges, save_change
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.full_text import FullTextScreen
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.intake_entry import open_intake
from workbench.tui.screens.main_keys import MAIN_SCREEN_KEYS
from workbench.tui.screens.review_actions import CLAIM_ACTIONS, ReviewActions
from workbench.tui.widgets.claim_browser import ClaimBrowser
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.inputs import SafeInput
from workbench.tui.widgets.key_bar import KeyBar

T = TypeVar("T")

# The list's share of the body in the stylesheet: 65% beside the detail pane, 2fr over 3fr under it.
WIDE_LIST_SHARE, NARROW_LIST_SHARE = 65, 40
MIN_LIST_SHARE, MAX_LIST_SHARE = 20, 80
WIDE_SCREEN = 140  # from this width the list and the detail pane sit side by side


class MainScreen(Screen[None]):
    """Where a review session happens: one database, one reviewer."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_SCREEN, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = MAIN_SCREEN_KEYS

    def __init__(self, database: Database, reviewer: str, *, live: bool = True) -> None:
        super().__init__()
        self.live, self.database = live, database  # live: show the other reviewers' changes (tui.live_desk)
        self.reviewer = reviewer
        self.browser = ClaimBrowser(database, id="body")
        self.list_share: int | None = None  # percent of the body the list takes, once the reviewer moved it
        self.review = ReviewActions(database, ReviewChanges(reviewer), ask=self.ask, save=self.save)

    @classmethod
    def key_bindings(cls) -> list[Binding]:
        """The screen's keys (each one a ``Binding``), for the help screen and the command palette."""
        return [binding for binding in cls.BINDINGS if isinstance(binding, Binding)]

    @property
    def dossier(self) -> ClaimDossier | None:
        """The claim shown in the detail pane, with its whole case (None when there is none)."""
        return self.browser.dossier

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title-bar")
        yield CountsBar(id="counts")
        with Horizontal(id="search-row"):
            yield SafeInput(placeholder="/ search claims, quotes, sources", id="search", compact=True)
            yield Static(Text(""), id="list-info")
        yield self.browser
        yield KeyBar()
        if self.live:
            yield DeskWatcher(self.database, self.browser, self.load_counts)

    def _title(self) -> Text:
        title = Text("workbench", style="bold")
        title.append(f"  {sanitize(_database_label(self.database))}", style="dim")
        title.append(f"  reviewer: {sanitize(self.reviewer)}")
        return title

    def on_mount(self) -> None:
        self.browser.table.focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.load_counts()
        self.browser.reload_list()

    def _theme_changed(self, _theme: object) -> None:
        self.browser.table.redraw()
        self.browser.detail.redraw()
        self.query_one(CountsBar).refresh()

    @on(ClaimBrowser.InfoChanged)
    def _list_info_changed(self, message: ClaimBrowser.InfoChanged) -> None:
        # Fixed width in the stylesheet: updating it on every keystroke need not re-lay the screen.
        self.query_one("#list-info", Static).update(Text(message.text), layout=False)

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.app.notify(
            sanitize(f"Could not load the {message.what}: {message.error}"), severity="error", markup=False
        )

    # -- counts ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def load_counts(self) -> None:
        try:
            with self.database.reading() as session:
                counts = claims.count_claims(session)
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("counts", str(error)))
            return
        self.post_message(CountsLoaded(counts))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self.query_one(CountsBar).counts = message.counts

    # -- navigation, search and filters ---------------------------------------------------------

    def action_search(self) -> None:
        # A priority key, run as the app routes "/" and before the keys read with it ("/hmeimim"
        # in one burst), which then reach the search box: the focus moves at once, not next turn.
        self._unless_typing_text()
        self.set_focus(self.query_one("#search", Input))

    def action_filters(self) -> None:
        self._unless_typing_text()
        self.set_focus(self.query_one(CountsBar))  # at once, as for the search

    def _unless_typing_text(self) -> None:
        """In the search box "/" and "f" are letters: hand the key on to the box."""
        if isinstance(self.focused, Input):
            raise SkipAction()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.key_bindings()))

    def action_resize_list(self, step: int) -> None:
        """Move the split between the list and the detail pane by a tenth of the screen."""
        share = self.list_share or (WIDE_LIST_SHARE if self._side_by_side else NARROW_LIST_SHARE)
        self.list_share = max(MIN_LIST_SHARE, min(MAX_LIST_SHARE, share + step * 10))
        self._apply_split()

    @property
    def _side_by_side(self) -> bool:
        return self.size.width >= WIDE_SCREEN

    def on_resize(self) -> None:
        self._apply_split()  # the other layout may have to take over the split

    def _apply_split(self) -> None:
        """The reviewer's split, as inline styles (they win over the stylesheet) for the layout shown."""
        if self.list_share is None:
            return
        table, detail = self.browser.table, self.browser.detail
        if self._side_by_side:
            detail.styles.width, detail.styles.min_width = f"{100 - self.list_share}%", 0
            table.styles.height = detail.styles.height = None
        else:
            detail.styles.width = detail.styles.min_width = None
            table.styles.height, detail.styles.height = f"{self.list_share}fr", f"{100 - self.list_share}fr"

    def action_full_text(self) -> None:
        texts = cut_texts(self.dossier) if self.dossier is not None else []
        if texts:
            self.app.push_screen(FullTextScreen(texts))
        else:
            self.app.notify("Every text of this claim is shown in full.", markup=False)

    def action_reload(self) -> None:
        self.load_counts()
        self.browser.refresh_list()
        self.browser.reload_claim()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        query = self.browser.claim_query
        if self.has_class("-reading"):
            self.remove_class("-reading")
            self.browser.table.focus()
        elif search.value:
            search.value = ""
            self.browser.table.focus()
        elif self.browser.as_of is not None:
            self.browser.step_timeline(None)
        elif query.status or query.verdict or query.flag:
            self.set_filters(status=None, verdict=None, flag=None)
        else:
            self.browser.table.focus()

    def action_quit(self) -> None:
        self.app.exit()

    @on(DataTable.RowSelected, "#claims")
    def _row_selected(self) -> None:
        if self.has_class("-narrow"):
            self.add_class("-reading")
        self.browser.detail.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.browser.reload_list(replace(self.browser.claim_query, text=event.value))

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.browser.table.focus()

    @on(CountsBar.FilterChosen)
    def _filter_chosen(self, event: CountsBar.FilterChosen) -> None:
        query = self.browser.claim_query
        if event.kind == "status":
            self.set_filters(status=event.value, verdict=query.verdict, flag=query.flag)
        elif event.kind == "flag":
            self.set_filters(status=query.status, verdict=query.verdict, flag=event.value)
        else:
            self.set_filters(status=query.status, verdict=event.value, flag=query.flag)

    def set_filters(self, *, status: str | None, verdict: str | None, flag: str | None = None) -> None:
        bar = self.query_one(CountsBar)
        bar.status, bar.verdict, bar.flag = status, verdict, flag
        self.browser.reload_list(replace(self.browser.claim_query, status=status, verdict=verdict, flag=flag))

    def show_all(self) -> None:
        """Clear the search and the filters: every claim, in id order."""
        self.query_one("#search", Input).clear()
        self.set_filters(status=None, verdict=None, flag=None)

    def action_timeline(self, step: int) -> None:
        """Show the claim's status as of its previous (-1) or next (+1) change."""
        self.browser.step_timeline(step)

    # -- next unreviewed ------------------------------------------------------------------------

    def action_next_unreviewed(self) -> None:
        self.find_next_unreviewed(self.browser.detail_id)

    @work(thread=True, exit_on_error=False, group="next")
    def find_next_unreviewed(self, after_id: int | None) -> None:
        try:
            with self.database.reading() as session:
                found = claims.next_unreviewed(session, after_id, reviewer=self.reviewer)
        except Exception as error:  # noqa: BLE001 - shown to the reviewer, never swallowed
            self.post_message(LoadFailed("next unreviewed claim", str(error)))
            return
        self.post_message(NextUnreviewedFound(found))

    def on_next_unreviewed_found(self, message: NextUnreviewedFound) -> None:
        claim = message.claim
        if claim is None:
            self.app.notify("No unreviewed claims left.", markup=False)
            return
        table = self.browser.table
        if table.select_claim(claim.id):
            table.focus()
            return
        # Not loaded: show the list from that claim on, with only the filters it passes.
        current = self.browser.claim_query
        query = ClaimQuery(
            status=current.status if current.status == claim.status else None,
            verdict=current.verdict if current.verdict == claim.verdict else None,
        )
        bar = self.query_one(CountsBar)
        bar.status, bar.verdict, bar.flag = query.status, query.verdict, None
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.browser.reload_list(query, after_id=claim.id - 1, select_id=claim.id)
        table.focus()

    # -- review actions: ReviewActions asks and builds the change; the screen saves and shows it --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (action in CLAIM_ACTIONS or action == "timeline") and self.dossier is None:
            return None  # shown, but dimmed: there is no claim to act on yet
        return True

    def action_verdict(self) -> None:
        self.review.verdict(self.dossier)

    def action_accept_wording(self) -> None:
        if self.dossier is not None and not self.review.accept_wording(self.dossier):
            self.app.notify("No quote of this claim reads differently in its document now.", markup=False)

    def action_note(self) -> None:
        self.review.note(self.dossier)

    def action_attribution(self) -> None:
        self.review.attribution(self.dossier)

    def action_silence(self) -> None:
        self.review.silence(self.dossier)

    def action_grade(self) -> None:
        self.review.grade(self.dossier)

    def action_link(self) -> None:
        self.review.link(self.dossier)

    def action_merge(self) -> None:
        self.review.merge(self.dossier)

    def action_take(self) -> None:
        self.review.take(self.dossier)

    def action_undo(self) -> None:
        self.review.undo()

    def action_intake(self) -> None:
        open_intake(self.app, self.database, self.reviewer, self.intake_stored)

    def intake_stored(self, event_id: int | None) -> None:
        """An intake was stored from this session: u takes it back without asking."""
        if event_id is not None:
            self.review.changes.made_here.add(event_id)
        self.action_reload()

    def ask(self, dialog: ModalScreen[T], answered: Callable[[T | None], None]) -> None:
        """Open a review dialog over this screen; ``answered`` gets its result (None when cancelled)."""
        self.app.push_screen(dialog, answered)

    @work(thread=True, exit_on_error=False, group="write")
    def save(self, change: Change) -> None:
        """Save one review action's change in one write transaction; the outcome comes back as a message."""
        save_change(self.database, change, self.post_message)

    @on(ClaimChanged)
    def _claim_changed(self, message: ClaimChanged) -> None:
        self.review.changes.saved(message)
        self.app.notify(sanitize(message.description), markup=False)
        table = self.browser.table
        dropped_id = message.dropped_id if isinstance(message, ClaimsMerged) else None
        if dropped_id is not None:
            table.remove_claim(dropped_id)
        if message.summary is not None:
            table.update_claim(message.summary)
        self.load_counts()
        if message.wide:
            self.browser.refresh_list(select_id=message.claim_id)
        if dropped_id is not None and message.claim_id is not None:
            self.browser.show_claim(message.claim_id)  # the claim that absorbed the duplicate
        else:
            self.browser.reload_claim()

    def on_undo_needs_confirmation(self, message: UndoNeedsConfirmation) -> None:
        self.review.confirm_undo(message.last, message.made_here)

    def on_save_refused(self, message: SaveRefused) -> None:
        self.app.notify(
            # The CLI's words end "reload it and try again"; here the reload is done for the reviewer.
            sanitize(_reloaded(message.error)),
            title="Claim changed",
            severity="warning",
            timeout=10,
            markup=False,
        )
        self.load_counts()
        self.browser.reload_claim(message.claim_id)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.app.notify(sanitize(message.error), severity="error", timeout=8, markup=False)


def _database_label(database: Database) -> str:
    """The database file's name (or the server URL without its password), for the title bar."""
    url = database.url
    if url.get_backend_name() == "sqlite":
        return Path(url.database).name if url.database else "(in memory)"
    return describe_db(url)


def _reloaded(refusal: str) -> str:
    """A stale-save refusal as the TUI tells it: the claim is already reloaded, so only try again."""
    text = refusal.replace("reload it and try again", "it is reloaded now: look, then try again")
    return f"{text[:1].upper()}{text[1:]}."
