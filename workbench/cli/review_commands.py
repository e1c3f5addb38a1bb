"""Commands that open the review TUI: review (the default) and demo."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from workbench.cli.common import Context, handle_errors, pass_context
from workbench.config import tui_origin
from workbench.errors import NoDatabase


@click.command("review")
@pass_context
@handle_errors
def review(context: Context) -> None:
    """Open the review TUI on the configured database (also what plain `workbench` does).

    Example: workbench --db desk.db review
    """
    from workbench.tui import run_tui

    context.origin = tui_origin()  # this run of the TUI is a session of its own for undo
    try:
        database = context.database()
    except NoDatabase as missing:
        # Plain `workbench` is what a new user types first: point at the demo too.
        raise NoDatabase(f"{missing}; or try the sample data: `workbench demo`") from None
    run_tui(database, context.reviewer)


@click.command("demo")
@click.option("--keep", type=click.Path(dir_okay=False, path_type=Path), help="Build the demo database at this path and keep it.")
@pass_context
@handle_errors
def demo(context: Context, keep: Path | None) -> None:
    """Open the review TUI on a fresh copy of the sample data (the Qamishli report).

    Nothing you do in the demo touches your own database.

    Example: workbench demo
    """
    from workbench.demo import build_demo_database
    from workbench.tui import run_tui

    with tempfile.TemporaryDirectory(prefix="workbench-demo-") as folder:
        path = keep or Path(folder) / "demo.db"
        database = build_demo_database(path)
        database.origin = tui_origin()
        try:
            run_tui(database, context.reviewer)
        finally:
            database.dispose()
