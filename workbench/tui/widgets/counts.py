"""Counts per corroboration status, per verdict and per flag, each one a filter chip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from workbench.records import Counts
from workbench.tui.widgets.badges import FLAG_LABELS, FLAG_SYMBOLS, STATUS_SHORT, STATUS_SYMBOLS, VERDICT_LABELS, palette
from workbench.vocabulary import ClaimFlag, Status, Verdict, choices

_VERDICT_CHIP = {**VERDICT_LABELS, "mostly_accurate": "mostly acc."}
_VERDICT_COMPACT = {**VERDICT_LABELS, "mostly_accurate": "mostly", "unreviewed": "unrev.", "misleading": "mislead."}


@dataclass(frozen=True)
class Chip:
    kind: str  # "status", "verdict" or "flag"
    value: str | None  # None: all


CHIPS: tuple[tuple[Chip, ...], ...] = (
    (Chip("status", None), *(Chip("status", s) for s in choices(Status))),
    (Chip("verdict", None), *(Chip("verdict", v) for v in choices(Verdict))),
    (Chip("flag", None), *(Chip("flag", f) for f in choices(ClaimFlag))),
)
_TITLES = {"status": "Status", "verdict": "Verdict", "flag": "Flags"}


class CountsBar(Widget, can_focus=True):
    """Lines of chips ("◐ single 23", "⚑ disputed 2"): ←/→/↑/↓ move, Enter or a click filters the list."""

    BINDINGS = [
        Binding("left", "move(0, -1)", "Previous", show=False),
        Binding("right", "move(0, 1)", "Next", show=False),
        Binding("up", "move(-1, 0)", "Line above", show=False),
        Binding("down", "move(1, 0)", "Line below", show=False),
        Binding("enter,space", "choose", "Filter", show=False),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0))
    status: reactive[str | None] = reactive(None)
    verdict: reactive[str | None] = reactive(None)
    flag: reactive[str | None] = reactive(None)
    counts: reactive[Counts | None] = reactive(None)

    @dataclass
    class FilterChosen(Message):
        bar: CountsBar
        kind: str
        value: str | None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, int, Chip]] = []  # (line, start, end, chip)

    def render(self) -> Text:
        full = self._chips(compact=False)
        width = self.size.width
        if width and max(Text(line).cell_len for line in full.plain.split("\n")) > width:
            return self._chips(compact=True)
        return full

    def _chips(self, *, compact: bool) -> Text:
        counts = self.counts
        colours = palette(self.app.current_theme.dark)
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for line, chips in enumerate(CHIPS):
            if line:
                out.append("\n")
            title = _TITLES[chips[0].kind].ljust(8 if compact else 9)
            out.append(title, style="bold")
            column = len(title)
            for index, chip in enumerate(chips):
                label = _label(chip, counts, compact)
                selected = self._chosen(chip.kind) == chip.value
                style = colours.get(chip.value or "", "") if chip.value else ""
                if selected:
                    style = f"bold reverse {style}".strip()
                if self.has_focus and self.cursor == (line, index):
                    style = f"{style} underline".strip()
                chip_text = Text(label if compact else f" {label} ", style=style)
                out.append_text(chip_text)
                self._spans.append((line, column, column + chip_text.cell_len, chip))
                column += chip_text.cell_len + 1
                out.append(" ")
        return out

    def action_move(self, lines: int, steps: int) -> None:
        line, index = self.cursor
        line = (line + lines) % len(CHIPS)
        index = min(index, len(CHIPS[line]) - 1)
        index = (index + steps) % len(CHIPS[line])
        self.cursor = (line, index)

    def action_choose(self) -> None:
        line, index = self.cursor
        self._choose(CHIPS[line][index])

    def _chosen(self, kind: str) -> str | None:
        return {"status": self.status, "verdict": self.verdict, "flag": self.flag}[kind]

    def _choose(self, chip: Chip) -> None:
        current = self._chosen(chip.kind)
        value = None if current == chip.value else chip.value
        self.post_message(self.FilterChosen(self, chip.kind, value))

    def on_click(self, event: events.Click) -> None:
        for line, start, end, chip in self._spans:
            if event.y == line and start <= event.x < end:
                self.cursor = (line, CHIPS[line].index(chip))
                self._choose(chip)
                return

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


def _label(chip: Chip, counts: Counts | None, compact: bool) -> str:
    if chip.kind == "status":
        if chip.value:
            gap = "" if compact else " "
            name = f"{STATUS_SYMBOLS[chip.value]}{gap}{STATUS_SHORT[chip.value]}"
            number = counts.by_status.get(chip.value, 0) if counts else None
        else:
            name, number = "all", counts.total if counts else None
    elif chip.kind == "flag":
        if chip.value:
            gap = "" if compact else " "
            name = f"{FLAG_SYMBOLS[chip.value]}{gap}{FLAG_LABELS[chip.value]}"
            number = counts.by_flag.get(chip.value, 0) if counts else None
        else:
            name, number = "all", counts.total if counts else None
    else:
        name = (_VERDICT_COMPACT if compact else _VERDICT_CHIP)[chip.value] if chip.value else "all"
        number = (counts.by_verdict.get(chip.value, 0) if counts else None) if chip.value else counts.total if counts else None
    return f"{name} {_number(number, compact)}"


def _number(number: int | None, compact: bool) -> str:
    if number is None:
        return "…"
    if compact and number >= 1_000_000:
        return f"{number / 1_000_000:.1f}M"
    if compact and number >= 10_000:
        return f"{number // 1000}k"
    return f"{number:,}"
