"""What every review dialog shares: a title, the claim it acts on, an error line, Save/Cancel."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioSet, Select, Static

from workbench.records import ClaimSummary
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.pickers import Picker

T = TypeVar("T")


class FormDialog(ModalScreen[T], Generic[T]):
    """A modal form returning a ``T`` from ``dismiss`` (or None when cancelled).

    Subclasses yield their fields from ``fields()`` and build the result in ``collect()``,
    which returns None after calling ``fail()`` when something is missing. The save key never
    closes a dialog whose choice is incomplete: it only says, in the error line, what is
    missing, and the line clears once a choice changes.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]
    TITLE = "Dialog"
    SAVE_LABEL = "Save"

    def __init__(self, claim: ClaimSummary | None = None) -> None:
        super().__init__()
        self.claim = claim

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.TITLE, style="bold"), classes="dialog-title")
            if self.claim is not None:
                subject = Text(f"#{self.claim.id} ", style="bold")
                subject.append(sanitize(self.claim.text[:400]))  # only what can show: a text may be megabytes
                subject.truncate(400, overflow="ellipsis")
                yield Static(subject, classes="dialog-subject")
            yield from self.fields()
            yield Static(Text(""), classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.SAVE_LABEL} (ctrl+s)"), variant="primary", id="save", compact=True)
                yield Button(Content("Cancel (esc)"), id="cancel", compact=True)

    def fields(self) -> ComposeResult:
        yield from ()

    def collect(self) -> T | None:
        """The dialog's result from its fields, or None after ``fail`` (each dialog defines it)."""
        raise NotImplementedError

    def fail(self, problem: str) -> None:
        self.query_one(".dialog-error", Static).update(Text(sanitize(problem), style="bold red"))

    @on(Picker.PickChanged)
    @on(Select.Changed)
    @on(RadioSet.Changed)
    @on(OptionList.OptionSelected)
    def _choice_changed(self) -> None:
        """A choice was made or changed: what the last save found missing may no longer be."""
        self.query_one(".dialog-error", Static).update(Text(""))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        result = self.collect()
        if result is not None:
            self.dismiss(result)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, ".submits")
    def _input_submitted(self) -> None:
        self.action_submit()


def field_label(text: str) -> Label:
    return Label(Content(text), classes="field-label")
