"""Radio buttons and check boxes that say their state in the glyph, not only in its colour.

Textual's compact toggles draw the same ``▐●▌`` on and off, told apart by colour alone: on a
16-colour terminal, or for a reader who does not see the difference, a chosen and an unchosen
option look alike. These draw ``(•)`` / ``( )`` and ``[x]`` / ``[ ]``.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class ChoiceButton(RadioButton):
    """A radio button drawn ``(•)`` when chosen and ``( )`` when not."""

    @property
    def _button(self) -> Content:
        return Content.assemble(("(•)" if self.value else "( )", self.get_visual_style("toggle--button")))


class TickBox(Checkbox):
    """A check box drawn ``[x]`` when ticked and ``[ ]`` when not."""

    @property
    def _button(self) -> Content:
        return Content.assemble(("[x]" if self.value else "[ ]", self.get_visual_style("toggle--button")))
