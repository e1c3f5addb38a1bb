"""The help screen: every key, and what the statuses, verdicts and grades mean."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.tui.widgets.badges import FLAG_LABELS, FLAG_SYMBOLS, STATUS_LABELS, palette, status_badge, verdict_text
from workbench.vocabulary import CREDIBILITY_LABELS, RELIABILITY_LABELS, Status, Verdict, choices

_FLAG_MEANING = {
    "disputed": "a contradicting claim has counted origins asserting it",
    "superseded": "a later, more authoritative account replaces it",
    "fulfilled": "an event made this plan come true",
}
_STATUS_MEANING = {
    "unsourced": "no counted source asserts or denies it",
    "single_source": "one independent origin asserts it, none denies it",
    "corroborated": "two or more independent origins assert it, none denies it",
    "contested": "independent origins both assert and deny it",
    "refuted": "only denials",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, bindings: Iterable[Binding], *, title: str = "Workbench help", keys_only: bool = False) -> None:
        """``keys_only``: a screen other than the claims (intake) has its keys explained, not the
        claim list's movement, statuses and grades, which would describe keys it does not have."""
        super().__init__()
        self.bindings = list(bindings)
        self.title_text = title
        self.keys_only = keys_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Text(f"{self.title_text}  (Esc closes)", style="bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(self._text())

    def _text(self) -> Text:
        dark = self.app.current_theme.dark
        heading = f"bold {palette(dark)['heading']}"
        out = Text(end="")
        out.append("Keys\n", style=heading)
        for binding in self.bindings:
            keys = ", ".join(key_name(key) for key in binding.key.split(","))
            out.append(f"  {keys:<16}", style="bold")
            out.append(f"{binding.tooltip or binding.description}\n")
        out.append("  ctrl+p          Command palette: every action, the filters, themes\n")
        if self.keys_only:
            return out
        out.append("  ↑ ↓ PgUp PgDn   Move in the list (more claims load as you near the end)\n")
        out.append("  enter           Read the claim in the detail pane (full height in narrow terminals)\n")
        out.append("  tab, shift+tab  Move between the filters, the search box, the list and the detail pane\n")
        out.append("\nCorroboration status (computed from the attributions)\n", style=heading)
        for status in choices(Status):
            out.append("  ")
            out.append_text(status_badge(status, dark))
            out.append(" " * max(1, 16 - len(STATUS_LABELS[status])) + _STATUS_MEANING[status] + "\n")
        out.append(
            "  Independent reporting chains are counted: members of one organisation, relays and\n"
            "  rewrites collapse into one; unnamed sources are the reporting outlet's own. Grade-E\n"
            "  sources, silences, garbled copies, and hedges or forecasts about an event are never\n"
            "  counted. The detail pane says why and draws the chains.\n"
        )
        out.append("\nFlags beside the status (from links to other claims; they never change it)\n", style=heading)
        for flag, meaning in _FLAG_MEANING.items():
            out.append(f"  {FLAG_SYMBOLS[flag]} {FLAG_LABELS[flag]:<14}{meaning}\n")
        out.append("\nVerdicts (the reviewer's conclusion; each needs a reason)\n", style=heading)
        out.append("  ")
        for verdict in choices(Verdict):
            out.append_text(verdict_text(verdict, dark))
            out.append("  ")
        out.append("\n\nSource reliability (Admiralty grade)\n", style=heading)
        for grade, label in RELIABILITY_LABELS.items():
            out.append(f"  {grade.value}  {label}\n")
        out.append("\nInformation credibility\n", style=heading)
        for number, label in CREDIBILITY_LABELS.items():
            out.append(f"  {number}  {label}\n")
        out.append("\nEvery action is written to the review log with your name; u undoes your last one, and\n")
        out.append("first asks if that one was not made in this session (another terminal, the command line).\n")
        out.append("If a claim changed since you opened it (an import, another reviewer), the save is\n")
        out.append("refused and the claim reloaded: look again, then repeat the action.")
        return out


def key_name(key: str) -> str:
    """A key as it is written on the keyboard ("/" for Textual's "slash")."""
    return {
        "slash": "/", "question_mark": "?", "full_stop": ".", "less_than_sign": "<", "greater_than_sign": ">",
        "left_square_bracket": "[", "right_square_bracket": "]",
    }.get(key, key)
