"""What every command shares: the context (database, reviewer, origin), errors, confirmation
and output options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

import click

from workbench.cli.context import Context, pass_context
from workbench.cli.output import Format
from workbench.errors import NotConfirmed, WorkbenchError
from workbench.text_safety import safe_text

__all__ = ["Context", "confirm", "fail", "handle_errors", "output_format", "output_options", "parse_date", "pass_context", "yes_option"]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """Turn the errors a user can cause, and the faults of the database or disk underneath
    (a lock, a full disk, a damaged file), into one line on stderr and their exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            fail(error)
        except Exception as error:
            # Imported here: loading it loads SQLAlchemy, which `claims list` may never need.
            from workbench.db.faults import database_fault

            context = click.get_current_context().find_object(Context)
            fault = database_fault(error, context.database_label() if context else "the database")
            if fault is None:
                raise
            fail(fault)

    return cast(F, wrapper)  # functools.wraps keeps the signature but not the type


def fail(error: WorkbenchError) -> None:
    """One line on stderr (stored text in it made safe for the terminal), then the error's exit code."""
    click.echo(f"error: {safe_text(str(error))}", err=True)
    sys.exit(error.exit_code)


def confirm(question: str, refused: str) -> None:
    """Ask ``question`` on the terminal; unless the answer is yes, stop with ``refused``.

    Without a terminal to ask (a script, a pipe) there is no answer, which is a no: scripts
    say ``--yes`` on purpose.
    """
    try:
        if click.confirm(question, default=False, err=True):
            return
    except click.Abort:
        click.echo("", err=True)
    raise NotConfirmed(refused)


def yes_option(command: F) -> F:
    """``--yes``: do it without asking (for scripts)."""
    return click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")(command)


def output_options(command: F) -> F:
    """``--json`` / ``--csv`` on every listing (a readable table otherwise)."""
    command = click.option("--csv", "as_csv", is_flag=True, help="Write CSV to stdout.")(command)
    command = click.option("--json", "as_json", is_flag=True, help="Write JSON to stdout.")(command)
    return command


def output_format(as_json: bool, as_csv: bool) -> Format:
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    return Format.JSON if as_json else Format.CSV if as_csv else Format.TABLE


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    if value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2026-01-27 (or 'today'), got {value!r}", param_hint=option) from None
