"""The command palette's commands on the main screen: every key's action, and every filter."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.app import SystemCommand

from workbench.tui.screens.help import key_name
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.badges import STATUS_LABELS, VERDICT_LABELS

# "back" is what Esc does on the screen itself; Textual's own commands already include quitting.
_NOT_IN_PALETTE = ("back", "quit")


def main_screen_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """One command per key (with the key in its help), then "show all" and one per status and verdict."""
    for binding in screen.key_bindings():
        if binding.action in _NOT_IN_PALETTE:
            continue
        key = key_name(binding.key.split(",")[0])
        help_text = f"{binding.tooltip or binding.description} (key: {key})"
        yield SystemCommand(binding.description, help_text, partial(screen.run_action, binding.action))
    yield SystemCommand("Show all claims", "clear the status and verdict filters and the search", screen.show_all)
    for status, label in STATUS_LABELS.items():
        yield SystemCommand(
            f"Show {label} claims",
            f"filter the list to status {label}",
            partial(_show_status, screen, status),
        )
    for verdict, label in VERDICT_LABELS.items():
        yield SystemCommand(
            f"Show claims with verdict {label}",
            f"filter the list to verdict {label}",
            partial(_show_verdict, screen, verdict),
        )


# The other filter is read when the command runs, not when the palette listed it.


def _show_status(screen: MainScreen, status: str) -> None:
    screen.set_filters(status=status, verdict=screen.browser.claim_query.verdict)


def _show_verdict(screen: MainScreen, verdict: str) -> None:
    screen.set_filters(status=screen.browser.claim_query.status, verdict=verdict)
