"""The keys of the screen, at the bottom, on as many lines as the terminal's width needs.

Textual's footer is one line that scrolls sideways: at 80 columns it hid Undo, Next, Search
and Filters, and drew its palette key over the others (``^p palettee``). This bar wraps
instead: one line when it fits, two at 80 columns. A key whose action is unavailable right
now (no claim to act on) is dimmed; a click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widget import Widget

_GAP = 2  # columns between two keys
_ENABLED = Style()
_DIMMED = Style(dim=True)


@dataclass(frozen=True)
class _Key:
    key: str  # what a click presses
    shown: str  # how the key is written: "?", "v", "^p"
    description: str
    enabled: bool

    @property
    def width(self) -> int:
        return len(self.shown) + 1 + len(self.description)


class KeyBar(Widget):
    """Every key the screen shows (``Binding.show``), then the command palette's."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        padding: 0 1;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, int, str]] = []  # (line, start, end, key)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh(layout=True)

    def keys(self) -> list[_Key]:
        """The keys shown, in the screen's order, one per action."""
        seen: set[str] = set()
        keys: list[_Key] = []
        palette: _Key | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == "command_palette":
                palette = _Key(binding.key, self.app.get_key_display(binding), "palette", enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            keys.append(_Key(binding.key, self.app.get_key_display(binding), binding.description, enabled))
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            keys.append(palette)
        return keys

    def _lines(self, width: int) -> list[list[_Key]]:
        lines: list[list[_Key]] = [[]]
        used = 0
        for key in self.keys():
            needed = key.width + (_GAP if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0, key.width
            lines[-1].append(key)
            used += needed
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(max(1, width)))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for number, line in enumerate(self._lines(max(1, self.content_size.width))):
            if number:
                out.append("\n")
            column = 0
            for index, key in enumerate(line):
                if index:
                    out.append(" " * _GAP)
                    column += _GAP
                dim = _ENABLED if key.enabled else _DIMMED
                out.append(key.shown, style=key_style + dim)
                out.append(f" {key.description}", style=description_style + dim)
                self._spans.append((number, column, column + key.width, key.key))
                column += key.width
        return out

    def on_click(self, event: events.Click) -> None:
        x, y = event.x - self.styles.padding.left, event.y
        for line, start, end, key in self._spans:
            if y == line and start <= x < end:
                self.app.simulate_key(key)
                return
