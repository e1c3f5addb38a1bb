"""The TUI's name for the one sanitizer (``workbench.text_safety``): every widget that shows
data passes it through ``sanitize`` and renders the result only as ``rich.text.Text``, never
as a markup string."""

from workbench.text_safety import REPLACEMENT, sanitize

__all__ = ["REPLACEMENT", "sanitize"]
