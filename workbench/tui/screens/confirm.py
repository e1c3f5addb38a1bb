"""A yes/no question asked before an action that changes more than the reviewer may expect.

The answer must be deliberate: ``y`` (or a click on the confirm button) says yes; ``n``, Esc
and Enter on the focused "Go back" button say no. Nothing else closes it, and the save key of
the dialog before it (ctrl+s) does nothing here, so a key pressed twice never confirms.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmDialog(ModalScreen[bool]):
    """Shows ``body`` and returns True only when the reviewer confirms."""

    BINDINGS = [
        Binding("y", "confirm", "Yes", show=False),
        Binding("n,escape", "go_back", "No", show=False),
    ]

    def __init__(self, title: str, body: Text, *, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            with VerticalScroll(classes="confirm-body"):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(f"{self.confirm_label} (y)"), variant="warning", id="confirm", compact=True)
                yield Button(Content("Go back (n, esc)"), id="go-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#go-back", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_go_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def _confirmed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#go-back")
    def _went_back(self) -> None:
        self.action_go_back()
