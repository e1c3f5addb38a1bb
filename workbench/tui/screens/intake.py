"""The intake screen: an article beside its candidate claims, reviewed with the keyboard, then stored.

Opened from the main screen (``i``, which asks for the file) or by ``workbench intake FILE
--review``. The article is read and its plan built (sources resolved, stored attributions
found, possible duplicates) in a thread worker; the reviewer then accepts, edits or rejects
each candidate, merges one into a stored claim, chooses a source the plan could not, chooses
which claims a silence concerns, sets how firmly each source puts a claim, and commits: every accepted candidate in one transaction
with review events (``importing.intake_commit``), in another worker. Nothing is stored before
the commit, and leaving with accepted candidates asks first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.db.engine import Database
from workbench.importing.intake_bundle import Decisions
from workbench.importing.intake_commit import commit_intake
from workbench.importing.intake_plan import IntakePlan, SourceProposal, StoredSource, named_by_reviewer, plan_intake
from workbench.intake import Intake, intake_file
from workbench.review.sources import get_source
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.intake_dialogs import (
    ArticleFile,
    CertaintyDialog,
    ChooseSourceDialog,
    EditClaimDialog,
    LeaveDialog,
    MergeAnswer,
    MergeIntoDialog,
    SilenceClaimsDialog,
    SourceAnswer,
    StoreDialog,
)
from workbench.tui.screens.intake_keys import INTAKE_SCREEN_KEYS
from workbench.tui.widgets.intake_article import ArticleView
from workbench.tui.widgets.intake_candidates import Candidate, candidates, certainty_rows, detail, line, needs_source
from workbench.tui.widgets.key_bar import KeyBar  # wraps: Textual's Footer cut Store off at 80 columns
from workbench.tui.widgets.pickers import SourceChoice
from workbench.vocabulary import Certainty


class IntakeScreen(Screen[bool]):
    """Review one article's candidates; dismisses with True once something was stored."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = INTAKE_SCREEN_KEYS

    @dataclass
    class Planned(Message, bubble=False):
        intake: Intake
        name: str
        plan: IntakePlan

    @dataclass
    class Failed(Message, bubble=False):
        what: str
        error: str

    @dataclass
    class SourceFound(Message, bubble=False):
        mention: str
        source: StoredSource

    @dataclass
    class Stored(Message, bubble=False):
        description: str
        skipped: tuple[str, ...]
        event_id: int | None = None

    def __init__(self, database: Database, reviewer: str, article: ArticleFile | tuple[Intake, str]) -> None:
        super().__init__()
        self.database = database
        self.reviewer = reviewer
        self.article = article
        self.plan: IntakePlan | None = None
        self.decisions = Decisions()
        self.items: list[Candidate] = []
        self.undo_event_id: int | None = None  # once stored: the event undo takes the whole intake back by

    def compose(self) -> ComposeResult:
        yield Static(Text("Intake: reading the article…"), id="intake-title")
        with Horizontal(id="intake-body"):
            yield VerticalScroll(id="intake-article-pane")
            with Vertical(id="intake-side"):
                yield OptionList(id="intake-candidates")
                yield VerticalScroll(Static(Text(""), id="intake-detail-text"), id="intake-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.load_plan()

    # -- loading --------------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="intake")
    def load_plan(self) -> None:
        try:
            if isinstance(self.article, ArticleFile):
                intake, name = intake_file(self.article.path, overrides=self.article.overrides), Path(self.article.path).name
            else:
                intake, name = self.article
            with self.database.reading() as session:
                plan = plan_intake(session, intake, name)
        except Exception as error:  # noqa: BLE001 - a bad file or a database error: shown, the screen closes
            self.post_message(self.Failed("article", str(error)))
            return
        self.post_message(self.Planned(intake, name, plan))

    def on_intake_screen_planned(self, message: IntakeScreen.Planned) -> None:
        plan = self.plan = message.plan
        self.decisions = Decisions.undecided(plan)
        self.items = candidates(plan)
        article = plan.intake.article
        spans = [span for item in self.items for pair in item.spans() for span in pair]
        self.query_one("#intake-article-pane", VerticalScroll).mount(ArticleView(article, spans, id="intake-article"))
        self.query_one("#intake-title", Static).update(self._title())
        options = self.query_one("#intake-candidates", OptionList)
        options.set_options([Option(line(item, self.decisions), id=item.key) for item in self.items])
        if self.items:
            options.highlighted = 0
        else:
            self.query_one("#intake-detail-text", Static).update(Text("Nothing new in this article: everything it says is stored."))
        options.focus()

    def _title(self) -> Text:
        assert self.plan is not None
        article = self.plan.intake.article
        plan = self.plan
        accepted = sum(d.state == "accepted" for d in self.decisions.claims.values())
        accepted += sum(d.state == "accepted" for d in self.decisions.silences.values())
        title = Text.assemble(("Intake ", "bold"), sanitize(plan.name), " · ", sanitize(article.outlet or "outlet unknown"))
        if article.published:
            title.append(f" · {article.published.isoformat()}")
        stored = f" · {plan.stored_count} already stored" if plan.stored_count else ""
        title.append(f" · {len(self.items)} to review, {accepted} accepted{stored}", style="dim")
        return title

    def on_intake_screen_failed(self, message: IntakeScreen.Failed) -> None:
        self.app.notify(sanitize(f"Could not take in the {message.what}: {message.error}"), severity="error", timeout=10, markup=False)
        if self.plan is None:
            self.dismiss(False)

    # -- the candidate under the cursor -----------------------------------------------------------

    @property
    def current(self) -> Candidate | None:
        options = self.query_one("#intake-candidates", OptionList)
        if options.highlighted is None or not self.items:
            return None
        return self.items[options.highlighted]

    @on(OptionList.OptionHighlighted, "#intake-candidates")
    def _highlighted(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        item = self.current
        if item is None or self.plan is None:
            return
        self.query_one("#intake-detail-text", Static).update(detail(item, self.decisions, self.plan))
        self.query_one("#intake-detail", VerticalScroll).scroll_home(animate=False)
        for view in self.query(ArticleView):
            view.focus_on(*item.spans())

    def _redraw(self, item: Candidate) -> None:
        options = self.query_one("#intake-candidates", OptionList)
        options.replace_option_prompt(item.key, line(item, self.decisions))
        self.query_one("#intake-title", Static).update(self._title())
        self._show_current()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "reject", "edit", "merge", "source", "concerns") and self.current is None:
            return None
        if action == "edit" or action == "merge":
            return True if self.current is not None and self.current.claim is not None else None
        if action == "certainty":
            return True if self.current is not None and certainty_rows(self.current, self.decisions) else None
        if action == "concerns":
            return True if self.current is not None and self.current.silence is not None else None
        return True

    # -- decisions ------------------------------------------------------------------------------

    def _set_state(self, item: Candidate, state: str) -> None:
        if item.claim is not None:
            self.decisions.claims[item.claim.index].state = state  # type: ignore[assignment]  # one of the State values
        elif item.silence is not None:
            self.decisions.silences[item.silence.index].state = state  # type: ignore[assignment]  # one of the State values
        self._redraw(item)

    def action_accept(self) -> None:
        item = self.current
        if item is not None:
            self._set_state(item, "accepted")
            self.query_one("#intake-candidates", OptionList).action_cursor_down()

    def action_reject(self) -> None:
        item = self.current
        if item is not None:
            self._set_state(item, "rejected")
            self.query_one("#intake-candidates", OptionList).action_cursor_down()

    def action_accept_rest(self) -> None:
        for item in self.items:
            decision = self.decisions.claims.get(item.claim.index) if item.claim else self.decisions.silences.get(item.silence.index)  # type: ignore[union-attr]  # one of the two is set
            if decision is not None and decision.state == "pending":
                decision.state = "accepted"
                self.query_one("#intake-candidates", OptionList).replace_option_prompt(item.key, line(item, self.decisions))
        self.query_one("#intake-title", Static).update(self._title())
        self._show_current()

    def action_edit(self) -> None:
        item = self.current
        if item is None or item.claim is None:
            return
        claim = item.claim

        def edited(text: str | None) -> None:
            if text is not None:
                decision = self.decisions.claims[claim.index]
                decision.text = None if text == claim.text else text
                decision.state = "accepted"
                self._redraw(item)

        self.app.push_screen(EditClaimDialog(self.decisions.claim_text(claim)), edited)

    def action_merge(self) -> None:
        item = self.current
        if item is None or item.claim is None:
            return
        claim = item.claim

        def answered(answer: MergeAnswer | None) -> None:
            if answer is not None:
                decision = self.decisions.claims[claim.index]
                decision.merge_into = answer.target
                decision.state = "accepted"
                self._redraw(item)

        self.app.push_screen(MergeIntoDialog(self.decisions.claim_text(claim), claim.matches, self.database), answered)

    def action_source(self) -> None:
        item = self.current
        if item is None:
            return
        proposals: dict[str, SourceProposal] = {}
        for attribution in item.attributions:
            for proposal in (attribution.source, attribution.relay):
                if proposal is not None:
                    proposals.setdefault(proposal.mention.name, self.decisions.source_for(proposal))
        ordered = sorted(proposals.values(), key=lambda p: p.outcome not in ("ambiguous", "unnamed"))
        self.app.push_screen(ChooseSourceDialog(ordered, self.database), lambda answer: self._source_chosen(answer, proposals))

    def _source_chosen(self, answer: SourceAnswer | None, proposals: dict[str, SourceProposal]) -> None:
        if answer is None or self.plan is None:
            return
        proposal = proposals[answer.mention]
        if answer.choice.source_id is not None:
            self.find_source(answer.mention, answer.choice)
            return
        name = (answer.choice.new_name or "").strip()
        self.decisions.sources[answer.mention.casefold()] = named_by_reviewer(self.plan, proposal, name)
        self._redraw_all()

    @work(thread=True, exit_on_error=False, group="intake-source")
    def find_source(self, mention: str, choice: SourceChoice) -> None:
        try:
            with self.database.reading() as session:
                record = get_source(session, choice.source_id or 0)
        except Exception as error:  # noqa: BLE001 - the source may be gone: said, nothing changes
            self.post_message(self.Failed("source", str(error)))
            return
        self.post_message(self.SourceFound(mention, StoredSource(record.id, record.key, record.name)))

    def on_intake_screen_source_found(self, message: IntakeScreen.SourceFound) -> None:
        assert self.plan is not None
        original = next(p for p in self.plan.sources if p.mention.name == message.mention)
        self.decisions.sources[message.mention.casefold()] = SourceProposal(original.mention, "stored", "chosen", message.source)
        self._redraw_all()

    def _redraw_all(self) -> None:
        options = self.query_one("#intake-candidates", OptionList)
        for item in self.items:
            options.replace_option_prompt(item.key, line(item, self.decisions))
        self._show_current()

    def action_concerns(self) -> None:
        item = self.current
        if item is None or item.silence is None or self.plan is None:
            return
        silence = item.silence
        chosen = self.decisions.silences[silence.index].claims
        offered = [(c.index, self.decisions.claim_text(c)) for c in self.plan.claims if not c.is_stored]

        def answered(claims: frozenset[int] | None) -> None:
            if claims is not None:
                self.decisions.silences[silence.index].claims = set(claims)
                self._redraw(item)

        self.app.push_screen(SilenceClaimsDialog(self.decisions.source_for(silence.attribution.source).mention.name, offered, chosen), answered)

    def action_certainty(self) -> None:
        item = self.current
        if item is None or item.claim is None:
            return
        claim = item.claim

        def answered(chosen: dict[int, Certainty] | None) -> None:
            if chosen is not None:
                for position, certainty in chosen.items():
                    self.decisions.certainties[(claim.index, position)] = certainty
                self._redraw(item)

        self.app.push_screen(CertaintyDialog(certainty_rows(item, self.decisions)), answered)

    def action_help(self) -> None:
        keys = [binding for binding in self.BINDINGS if isinstance(binding, Binding)]
        self.app.push_screen(HelpScreen(keys, title="Intake help", keys_only=True))

    def action_toggle_article(self) -> None:
        self.toggle_class("-article")
        showing = self.has_class("-article") and self.has_class("-narrow")
        self.query_one("#intake-article-pane" if showing else "#intake-candidates").focus()

    # -- storing and leaving ----------------------------------------------------------------------

    def _accepted(self) -> tuple[int, int, int]:
        claims = [c for c in self.items if c.claim is not None and self.decisions.claims[c.claim.index].state == "accepted"]
        silences = sum(1 for c in self.items if c.silence is not None and self.decisions.silences[c.silence.index].state == "accepted")
        unsettled = sum(1 for c in claims if needs_source(c, self.decisions))
        return len(claims), silences, unsettled

    def action_commit(self) -> None:
        claims, silences, unsettled = self._accepted()
        if not claims:
            self.app.notify("Nothing accepted yet: accept candidates with a, or all that are pending with A.", markup=False)
            return
        question = f"Store {claims} claim(s) and {silences} silence(s) from this article, with review events?"
        if unsettled:
            question += f" {unsettled} have a source still to choose (o): those attributions are left out."

        def answered(yes: bool | None) -> None:
            if yes:
                self.commit()

        self.app.push_screen(StoreDialog(question), answered)

    @work(thread=True, exit_on_error=False, group="intake-commit")
    def commit(self) -> None:
        assert self.plan is not None
        try:
            plan, decisions = self.plan, self.decisions
            committed = self.database.write(lambda session: commit_intake(session, self.reviewer, plan, decisions, match_claims=False))
        except Exception as error:  # noqa: BLE001 - nothing was stored (one transaction): shown, the review stays open
            self.post_message(self.Failed("candidates: nothing was stored", str(error)))
            return
        summary = committed.summary
        if summary is None:
            description = "Nothing to store: every accepted candidate was left out (see the sources)."
        else:
            description = (
                f"Stored {summary.claims.created} new claim(s), {summary.attributions.created} attribution(s), "
                f"{summary.sources.created} new source(s)."
            )
        self.post_message(self.Stored(description, committed.bundle.skipped, committed.event_id))

    def on_intake_screen_stored(self, message: IntakeScreen.Stored) -> None:
        self.undo_event_id = message.event_id
        self.app.notify(sanitize(message.description + " (u on the claims undoes the whole intake)"), markup=False)
        for skipped in message.skipped[:5]:
            self.app.notify(sanitize(f"Left out: {skipped}"), severity="warning", markup=False)
        self.dismiss(True)

    def action_leave(self) -> None:
        claims, silences, _ = self._accepted()
        if not claims and not silences:
            self.dismiss(False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(False)

        question = f"{claims} accepted claim(s) and {silences} silence(s) are not stored. Leave without storing them?"
        self.app.push_screen(LeaveDialog(question), answered)
