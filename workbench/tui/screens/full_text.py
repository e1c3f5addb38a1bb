"""The whole of a text too long for the detail pane, read a page at a time.

Laying out megabytes at once froze the TUI for seconds, so the viewer never does: it shows
``PAGE_CHARS`` characters at a time, sanitized as everywhere else, and moves page by page.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.long_text import CutText
from workbench.tui.sanitize import sanitize

PAGE_CHARS = 20_000


class FullTextScreen(ModalScreen[None]):
    """Pages through the long texts of one claim; with more than one, a list picks which."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("n", "page(1)", "Next page"),
        Binding("p", "page(-1)", "Previous page"),
    ]

    def __init__(self, texts: list[CutText]) -> None:
        super().__init__()
        self.texts = texts
        self.shown = 0  # which text
        self.page = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full-text"):
            yield Static(Text(""), classes="dialog-title", id="full-text-title")
            if len(self.texts) > 1:
                yield OptionList(
                    *[Option(Text(sanitize(cut.label)), id=str(i)) for i, cut in enumerate(self.texts)],
                    compact=True,
                    id="full-text-choice",
                )
            with VerticalScroll(id="full-text-page"):
                yield Static(Text(""), id="full-text-body")
            yield Static(
                Text("n next page · p previous page · ↑/↓ PgUp/PgDn scroll · Esc closes", style="italic"),
                classes="full-text-keys",
            )

    def on_mount(self) -> None:
        self._show()
        self.query_one("#full-text-page").focus()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.texts[self.shown].text) // PAGE_CHARS))

    def action_page(self, step: int) -> None:
        page = max(0, min(self.pages - 1, self.page + step))
        if page != self.page:
            self.page = page
            self._show()

    @on(OptionList.OptionSelected, "#full-text-choice")
    def _text_chosen(self, event: OptionList.OptionSelected) -> None:
        self.shown, self.page = int(event.option.id or 0), 0
        self._show()
        self.query_one("#full-text-page").focus()

    def _show(self) -> None:
        cut = self.texts[self.shown]
        start = self.page * PAGE_CHARS
        end = min(len(cut.text), start + PAGE_CHARS)
        label = sanitize(cut.label)
        title = Text(f"{label[:1].upper()}{label[1:]}: characters {start + 1:,}–{end:,} of {len(cut.text):,}", style="bold")
        title.append(f"  (page {self.page + 1:,} of {self.pages:,})")
        self.query_one("#full-text-title", Static).update(title)
        self.query_one("#full-text-body", Static).update(Text(sanitize(cut.text[start:end], multiline=True)))
        self.query_one("#full-text-page", VerticalScroll).scroll_home(animate=False)
