"""The Textual review workbench. ``run_tui`` is what the CLI calls; tests use ``make_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.db.engine import Database
    from workbench.intake import Intake
    from workbench.tui.app import WorkbenchApp


def make_app(
    database: Database,
    reviewer: str,
    *,
    freeze_gc: bool = False,
    intake: tuple[Intake, str] | None = None,
    live: bool = True,
) -> WorkbenchApp:
    """The app for one review session (the one factory for the CLI and the tests).

    ``freeze_gc``: once the first screen is up, move everything allocated so far out of the
    garbage collector's reach (``gc.freeze``), so full collections stop pausing the UI while
    the reviewer types. Right for a process that runs one app; tests leave it off.
    ``intake``: an article already read (and its file's name), opened in the intake screen
    over the main screen (``workbench intake FILE --review``).
    ``live``: show the other reviewers' changes as they are made (``tui.live_desk``).
    """
    from workbench.tui.app import WorkbenchApp

    return WorkbenchApp(database, reviewer, freeze_gc=freeze_gc, intake=intake, live=live)


def run_tui(database: Database, reviewer: str, *, intake: tuple[Intake, str] | None = None) -> None:
    """Open the review TUI on ``database`` as ``reviewer``; returns when the reviewer quits."""
    make_app(database, reviewer, freeze_gc=True, intake=intake).run()


__all__ = ["make_app", "run_tui"]
