"""The Textual review workbench. ``run_tui`` is what the CLI calls; tests use ``make_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.db.engine import Database
    from workbench.tui.app import WorkbenchApp


def make_app(database: Database, reviewer: str, *, freeze_gc: bool = False) -> WorkbenchApp:
    """The app for one review session (the one factory for the CLI and the tests).

    ``freeze_gc``: once the first screen is up, move everything allocated so far out of the
    garbage collector's reach (``gc.freeze``), so full collections stop pausing the UI while
    the reviewer types. Right for a process that runs one app; tests leave it off.
    """
    from workbench.tui.app import WorkbenchApp

    return WorkbenchApp(database, reviewer, freeze_gc=freeze_gc)


def run_tui(database: Database, reviewer: str) -> None:
    """Open the review TUI on ``database`` as ``reviewer``; returns when the reviewer quits."""
    make_app(database, reviewer, freeze_gc=True).run()


__all__ = ["make_app", "run_tui"]
