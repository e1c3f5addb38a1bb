"""Dialogs about who said what: add an attribution, record a silence, grade a source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.dom import DOMNode
from textual.widgets import Input, OptionList, Select

from workbench.db.engine import Database
from workbench.records import ClaimSummary
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.base import FormDialog, field_label
from workbench.tui.widgets.badges import MODE_LABELS, STANCE_LABELS, credibility_label, grade_label
from workbench.tui.widgets.document_picker import DocumentPicker
from workbench.tui.widgets.inputs import SafeInput
from workbench.tui.widgets.pickers import SourceChoice, SourcePicker
from workbench.tui.widgets.toggles import TickBox
from workbench.vocabulary import (
    DEFAULT_CREDIBILITY,
    RELIABILITY_LABELS,
    Mode,
    Reliability,
    SourceKind,
    Stance,
    choices,
)

T = TypeVar("T")

# An attribution takes a position; silences have a dialog (and a key) of their own.
_ATTRIBUTION_STANCES = {value: STANCE_LABELS[value] for value in (Stance.ASSERTS.value, Stance.DENIES.value)}


@dataclass(frozen=True)
class NewSource:
    name: str
    kind: str
    reliability: str


@dataclass(frozen=True)
class AttributionChoice:
    source: SourceChoice
    stance: str
    mode: str
    credibility: int
    quote: str | None
    document: int | None
    new_source: NewSource | None = None


@dataclass(frozen=True)
class SilenceChoice:
    source: SourceChoice
    declined: bool
    note: str | None
    new_source: NewSource | None = None


@dataclass(frozen=True)
class GradeChoice:
    source_id: int
    source_name: str
    grade: str
    reason: str | None


def _select(options: list[tuple[str, object]], value: object, id: str) -> Select[object]:
    return Select([(Content(label), key) for label, key in options], value=value, allow_blank=False, id=id, compact=True)


def _required_select(options: list[tuple[str, object]], prompt: str, id: str) -> Select[object]:
    """A Select that starts blank: what it asks is a choice the reviewer must make, not a default."""
    return Select([(Content(label), key) for label, key in options], prompt=prompt, id=id, compact=True)


def _new_source_fields() -> ComposeResult:
    with Horizontal(classes="field-row new-source-row"):
        yield field_label("New source:")
        yield _select([(kind.replace("_", " "), kind) for kind in choices(SourceKind)], SourceKind.PERSON.value,
                      "new-kind")
        yield _select([(f"grade {grade_label(g)}", g) for g in choices(Reliability)], Reliability.F.value, "new-grade")


def _new_source(dialog: DOMNode, choice: SourceChoice) -> NewSource | None:
    if choice.new_name is None:
        return None
    return NewSource(
        name=choice.new_name,
        kind=str(dialog.query_one("#new-kind", Select).value),
        reliability=str(dialog.query_one("#new-grade", Select).value),
    )


class _SourceDialog(FormDialog[T], Generic[T]):
    """Shows the new-source fields only while "+ New source" is the pick."""

    def __init__(self, claim: ClaimSummary | None, database: Database, preferred: tuple[int, ...] = ()) -> None:
        super().__init__(claim)
        self.database = database  # the source picker searches it
        self.preferred = preferred

    def on_mount(self) -> None:
        self.query_one(SourcePicker).focus_query()
        self._sync_new_source()

    @on(SourcePicker.PickChanged)
    @on(OptionList.OptionHighlighted, ".picker-options")
    def _sync_new_source(self) -> None:
        rows = self.query(".new-source-row")
        if rows:
            choice = self.query_one(SourcePicker).value
            rows.first().display = choice is not None and choice.new_name is not None

    def _picked(self) -> SourceChoice | None:
        choice = self.query_one(SourcePicker).value
        if choice is None or (choice.new_name is not None and not choice.new_name.strip()):
            picker = self.query_one(SourcePicker)
            or_new = ", or type a new name and pick “+ New source”" if picker.allow_new else ""
            self.fail(f"Nothing picked: pick a source (type part of a name or alias, then Enter on it){or_new}.")
            picker.focus_query()
            return None
        return choice


class AttributionDialog(_SourceDialog[AttributionChoice]):
    """Who takes what position on this claim, how, and where it was published."""

    TITLE = "Add an attribution"

    def fields(self) -> ComposeResult:
        yield SourcePicker(self.database, preferred=self.preferred, id="attribution-source")
        yield from _new_source_fields()
        with Horizontal(classes="field-row"):
            yield _required_select([(label, value) for value, label in _ATTRIBUTION_STANCES.items()], "stance…", "stance")
            yield _select([(label, value) for value, label in MODE_LABELS.items()], Mode.PARAPHRASE.value, "mode")
            yield _select([(f"credibility {credibility_label(n)}", n) for n in range(1, 7)], DEFAULT_CREDIBILITY,
                          "credibility")
        with Horizontal(classes="field-row"):
            yield field_label("Quote:")
            yield SafeInput(placeholder="the words as published (optional)", id="quote", compact=True)
        yield DocumentPicker(self.database, id="document", classes="field-picker")

    @on(SourcePicker.Picked)
    def _source_picked(self, event: SourcePicker.Picked) -> None:
        target = "#new-kind" if event.choice.new_name is not None else "#stance"
        self.call_after_refresh(self.query_one(target).focus)

    def collect(self) -> AttributionChoice | None:
        choice = self._picked()
        if choice is None:
            return None
        stance = self.query_one("#stance", Select)
        if stance.value == Select.NULL:
            self.fail("Choose the stance: does the source assert the claim or deny it?")
            stance.focus()
            return None
        documents = self.query_one(DocumentPicker)
        document = documents.value
        if document is None and documents.query_text.strip():
            self.fail("A document was typed but not picked: Enter on a match picks it; clear the box for none.")
            documents.focus_query()
            return None
        quote = self.query_one("#quote", Input).value.strip()
        return AttributionChoice(
            source=choice,
            stance=str(stance.value),
            mode=str(self.query_one("#mode", Select).value),
            # The credibility Select offers only ints and no blank, so its value is never NoSelection.
            credibility=int(self.query_one("#credibility", Select).value),  # type: ignore[arg-type]  # Select's value type includes NoSelection, which this Select never holds
            quote=quote or None,
            document=document.id if document is not None else None,
            new_source=_new_source(self, choice),
        )


class SilenceDialog(_SourceDialog[SilenceChoice]):
    """Record that a party has said nothing (or declined to comment) as of today."""

    TITLE = "Record: no statement from…"

    def fields(self) -> ComposeResult:
        yield SourcePicker(self.database, preferred=self.preferred, id="silence-source")
        yield from _new_source_fields()
        yield TickBox(Content("declined to comment (asked, and refused)"), id="declined", compact=True)
        with Horizontal(classes="field-row"):
            yield field_label("Note:")
            yield SafeInput(placeholder="who was asked, how (optional)", id="silence-note", classes="submits", compact=True)
        yield field_label(f"As of today, {date.today().isoformat()}.")

    @on(SourcePicker.Picked)
    def _source_picked(self, event: SourcePicker.Picked) -> None:
        target = "#new-kind" if event.choice.new_name is not None else "#declined"
        self.call_after_refresh(self.query_one(target).focus)

    def collect(self) -> SilenceChoice | None:
        choice = self._picked()
        if choice is None:
            return None
        note = self.query_one("#silence-note", Input).value.strip()
        return SilenceChoice(
            source=choice,
            declined=self.query_one("#declined", TickBox).value,
            note=note or None,
            new_source=_new_source(self, choice),
        )


class GradeDialog(_SourceDialog[GradeChoice]):
    """Set a source's Admiralty reliability grade; every claim it touches is recomputed."""

    TITLE = "Grade a source"

    def fields(self) -> ComposeResult:
        yield SourcePicker(self.database, allow_new=False, preferred=self.preferred, id="grade-source")
        with Horizontal(classes="field-row"):
            yield field_label("Grade:")
            yield _required_select([(f"{g}  {RELIABILITY_LABELS[Reliability(g)]}", g) for g in choices(Reliability)],
                                   "pick a source first", "grade")
        with Horizontal(classes="field-row"):
            yield field_label("Reason:")
            yield SafeInput(placeholder="why this grade (optional)", id="grade-reason", classes="submits", compact=True)

    @on(SourcePicker.Picked)
    def _source_picked(self, event: SourcePicker.Picked) -> None:
        grade = self.query_one("#grade", Select)
        if event.choice.record is not None:
            grade.value = event.choice.record.reliability
        self.call_after_refresh(grade.focus)

    @on(SourcePicker.PickChanged)
    def _source_dropped(self, event: SourcePicker.PickChanged) -> None:
        if not event.picker.has_pick:
            self.query_one("#grade", Select).clear()

    def collect(self) -> GradeChoice | None:
        choice = self._picked()
        if choice is None:
            return None
        if choice.source_id is None:
            self.fail("Pick an existing source to grade.")
            return None
        grade = self.query_one("#grade", Select)
        if grade.value == Select.NULL:
            self.fail("Choose the grade (Enter opens the list).")
            grade.focus()
            return None
        if choice.record is not None and grade.value == choice.record.reliability:
            self.fail(
                f"{sanitize(choice.name)} is already graded {grade_label(choice.record.reliability)}: "
                "choose another grade, or Esc to leave it."
            )
            grade.focus()
            return None
        reason = self.query_one("#grade-reason", Input).value.strip()
        return GradeChoice(choice.source_id, choice.name, str(grade.value), reason or None)
