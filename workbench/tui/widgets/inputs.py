"""The one text input the workbench uses.

Textual's ``Input`` draws its value as it is, so a pasted ESC or bidi override would reach the
terminal. ``SafeInput`` passes every value through ``sanitize``: control characters become
visible placeholders (␛, ␀, �) the moment they are pasted, and what the box shows is what is
saved.
"""

from __future__ import annotations

from textual.widgets import Input

from workbench.tui.sanitize import sanitize


class SafeInput(Input):
    def validate_value(self, value: str) -> str:
        return sanitize(value)
