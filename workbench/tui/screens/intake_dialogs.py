"""The intake screen's dialogs: edit a claim's wording, merge it into a stored claim, choose a
source, choose the claims a silence concerns, set how firmly each source puts a claim, and
confirm storing or leaving.

Each returns its answer with ``dismiss`` (None when cancelled: nothing changes). Text from the
article or the database is shown as sanitised ``Text`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from workbench.config import is_database_file
from workbench.db.engine import Database
from workbench.importing.intake_plan import ClaimMatch, SourceProposal
from workbench.intake.reading import ArticleOverrides
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.base import FormDialog, field_label
from workbench.tui.widgets.inputs import SafeInput
from workbench.tui.widgets.intake_candidates import CertaintyRow
from workbench.tui.widgets.pickers import ClaimPicker, SourceChoice, SourcePicker
from workbench.vocabulary import Certainty

KEEP_NEW = "keep-new"


@dataclass(frozen=True)
class ArticleFile:
    """An article still to be read: its path and what the reviewer says the file does not."""

    path: str
    overrides: ArticleOverrides


class ArticleFileDialog(FormDialog[ArticleFile]):
    """Which article to take in (text, Markdown or a saved web page), and what the file does not say.

    The database in use (``database_file``) is refused by name, before it is read: reading it
    with Python's ``open`` would drop this process's SQLite locks on it (``db.opening``).
    """

    TITLE = "Take in an article"
    SAVE_LABEL = "Read"

    def __init__(self, database_file: Path | None = None) -> None:
        super().__init__()
        self.database_file = database_file

    def fields(self) -> ComposeResult:
        for label, field_id, placeholder in (
            ("File:", "article-path", "path to a .txt, .md or .html file"),
            ("Outlet:", "article-outlet", "who published it, if the file does not say (optional)"),
            ("Published:", "article-published", "YYYY-MM-DD, if the file does not say (optional)"),
        ):
            with Horizontal(classes="field-row"):
                yield field_label(label)
                yield SafeInput(placeholder=placeholder, id=field_id, classes="submits", compact=True)

    def on_mount(self) -> None:
        self.query_one("#article-path", Input).focus()

    def collect(self) -> ArticleFile | None:
        path = self.query_one("#article-path", Input).value.strip()
        if not path:
            self.fail("Give the article's file.")
            return None
        if not Path(path).expanduser().is_file():
            self.fail(f"No such file: {path}")
            return None
        if self.database_file is not None and is_database_file(Path(path).expanduser(), self.database_file):
            self.fail("That is the database in use, not an article: give a .txt, .md or .html file.")
            return None
        published_text = self.query_one("#article-published", Input).value.strip()
        try:
            published = date.fromisoformat(published_text) if published_text else None
        except ValueError:
            self.fail(f"Published: expected a date like 2026-01-27, got {published_text!r}")
            return None
        outlet = self.query_one("#article-outlet", Input).value.strip() or None
        return ArticleFile(str(Path(path).expanduser()), ArticleOverrides(outlet=outlet, published=published))


class EditClaimDialog(FormDialog[str]):
    """The claim in the desk's own words (the proposal is the reported clause)."""

    TITLE = "Edit the claim's wording"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def fields(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield field_label("Claim:")
            yield SafeInput(value=self.text, id="claim-text", classes="submits", compact=True)

    def on_mount(self) -> None:
        self.query_one("#claim-text", Input).focus()

    def collect(self) -> str | None:
        text = self.query_one("#claim-text", Input).value.strip()
        if not text:
            self.fail("A claim needs words.")
            return None
        return text


@dataclass(frozen=True)
class MergeAnswer:
    """Merge into ``target``, or (None) keep the candidate a new claim."""

    target: ClaimMatch | None


class MergeIntoDialog(FormDialog[MergeAnswer]):
    """Merge a candidate into a stored claim: the matcher's proposals first, or any claim found by search."""

    TITLE = "Merge into a stored claim"
    SAVE_LABEL = "Merge"

    def __init__(self, text: str, matches: tuple[ClaimMatch, ...], database: Database) -> None:
        super().__init__()
        self.text = text
        self.matches = {str(match.claim_id): match for match in matches}
        self.database = database

    def fields(self) -> ComposeResult:
        yield Static(Text.assemble(("Candidate: ", "bold"), sanitize(self.text)), classes="dialog-subject")
        options = [Option(Text("keep it a new claim", style="italic"), id=KEEP_NEW)]
        for key, match in self.matches.items():
            prompt = Text.assemble((f"#{match.claim_id} ", "bold"), f"{match.decision} ({match.score:.0f}) ", sanitize(match.text))
            if match.conflicts:
                prompt.append("  conflicting: " + "; ".join(sanitize(c) for c in match.conflicts), style="bold")
            options.append(Option(prompt, id=key))
        yield field_label("Proposed by the matcher:")
        yield OptionList(*options, id="merge-matches", compact=True)
        yield field_label("Or search the stored claims:")
        yield ClaimPicker(self.database, id="merge-search")

    def on_mount(self) -> None:
        matches = self.query_one("#merge-matches", OptionList)
        matches.highlighted = 1 if self.matches else 0
        matches.focus()

    @on(OptionList.OptionSelected, "#merge-matches")
    def _chosen(self) -> None:
        self.action_submit()

    def collect(self) -> MergeAnswer | None:
        searched = self.query_one(ClaimPicker).chosen
        if searched is not None:
            return MergeAnswer(ClaimMatch(searched.id, searched.key, searched.text, 0.0, "chosen"))
        options = self.query_one("#merge-matches", OptionList)
        if options.highlighted is None:
            self.fail("Choose a stored claim, or keep it a new claim.")
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return MergeAnswer(None if option_id == KEEP_NEW else self.matches[str(option_id)])


@dataclass(frozen=True)
class SourceAnswer:
    """The source chosen for the article's ``mention`` (a stored source, or a new name)."""

    mention: str
    choice: SourceChoice


class ChooseSourceDialog(FormDialog[SourceAnswer]):
    """Who the article's words name: one of the stored sources, or a new source."""

    TITLE = "Choose the source"

    def __init__(self, proposals: list[SourceProposal], database: Database) -> None:
        super().__init__()
        self.proposals = proposals
        self.database = database

    def fields(self) -> ComposeResult:
        options = [(Content(sanitize(p.label)), p.mention.name) for p in self.proposals]
        with Horizontal(classes="field-row"):
            yield field_label("The article's words:")
            yield Select(options, value=options[0][1], allow_blank=False, id="mention", compact=True)
        preferred = tuple(c.id for p in self.proposals for c in (*p.candidates, *((p.source,) if p.source else ())))
        yield SourcePicker(self.database, preferred=preferred, id="intake-source")

    def on_mount(self) -> None:
        self.query_one(SourcePicker).query_one(Input).focus()

    def collect(self) -> SourceAnswer | None:
        choice = self.query_one(SourcePicker).value
        if choice is None or (choice.new_name is not None and not choice.new_name.strip()):
            self.fail("Pick a stored source (type part of a name or alias), or type a new name.")
            return None
        return SourceAnswer(str(self.query_one("#mention", Select).value), choice)


class SilenceClaimsDialog(FormDialog[frozenset[int]]):
    """Which candidate claims a silence is about (intake suggests them by shared words only)."""

    TITLE = "What is the party silent about?"
    SAVE_LABEL = "Choose"

    def __init__(self, source: str, claims: list[tuple[int, str]], chosen: set[int]) -> None:
        super().__init__()
        self.source = source
        self.claims = claims
        self.chosen = chosen

    def fields(self) -> ComposeResult:
        yield Static(Text(f"No statement from {sanitize(self.source)} on (space to tick):"), classes="dialog-subject")
        yield SelectionList[int](
            *(Selection(Text(f"#{index} {sanitize(text)}"), index, index in self.chosen) for index, text in self.claims),
            id="silence-claims",
            compact=True,
        )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def collect(self) -> frozenset[int] | None:
        return frozenset(self.query_one(SelectionList).selected)


class CertaintyDialog(FormDialog[dict[int, Certainty]]):
    """How firmly each source puts the candidate claim: stated, hedged or forecast.

    Intake's reading of the wording ("may", "will") is proposed; what the reviewer changes here
    is the desk's own certainty, stored as set rather than inferred. Only the rows changed count:
    saving the dialog as it opened would otherwise turn every inference into "set by you"
    without anyone having chosen it.
    """

    TITLE = "How firmly does each source put it?"

    def __init__(self, rows: list[CertaintyRow]) -> None:
        super().__init__()
        self.rows = rows

    def fields(self) -> ComposeResult:
        choices = [(Content(c.value), c.value) for c in Certainty]
        for row in self.rows:
            detected = f"read as {row.detected.value}" + (f" ({', '.join(row.cues)})" if row.cues else "")
            yield Static(Text.assemble(sanitize(row.label), (f"  {sanitize(detected)}", "dim")), classes="dialog-subject")
            with Horizontal(classes="field-row"):
                yield field_label("Certainty:")
                yield Select(choices, value=row.certainty.value, allow_blank=False, id=f"certainty-{row.position}", compact=True)

    def on_mount(self) -> None:
        self.query(Select).first().focus()

    def collect(self) -> dict[int, Certainty] | None:
        chosen = {row.position: Certainty(str(self.query_one(f"#certainty-{row.position}", Select).value)) for row in self.rows}
        changed = {position: certainty for position, certainty in chosen.items()
                   if certainty is not next(row.certainty for row in self.rows if row.position == position)}
        if not changed:
            self.fail("Nothing changed: choose another certainty for a statement, or Esc to keep them as they are.")
            return None
        return changed


class ConfirmDialog(FormDialog[bool]):
    """Yes or no to one consequential step (each subclass names it)."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def fields(self) -> ComposeResult:
        yield Static(Text(sanitize(self.question, multiline=True)), classes="dialog-subject")

    def on_mount(self) -> None:
        self.query_one("#save").focus()

    def collect(self) -> bool | None:
        return True


class StoreDialog(ConfirmDialog):
    TITLE = "Store the accepted candidates"
    SAVE_LABEL = "Store"


class LeaveDialog(ConfirmDialog):
    TITLE = "Leave the intake"
    SAVE_LABEL = "Leave"
