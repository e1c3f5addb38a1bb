"""What every command shares: the context (database, reviewer), errors, output options."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar, cast

import click

from workbench.cli.output import Format
from workbench.config import resolve_reviewer
from workbench.db.engine import Database
from workbench.db.migrate import DatabaseTooNew, NotAWorkbenchDatabase
from workbench.db.opening import open_database
from workbench.errors import WorkbenchError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_DATABASE_REFUSED = 6


@dataclass
class Context:
    """Carried by Click from the group to each command; opens the database lazily."""

    db: str | None
    reviewer_option: str | None
    quiet: bool = False
    _database: Database | None = field(default=None, repr=False)

    @property
    def reviewer(self) -> str:
        return resolve_reviewer(self.reviewer_option)

    def database(self, upgrade: bool = True) -> Database:
        if self._database is None:
            self._database = open_database(self.db, upgrade=upgrade, report=self.diagnose)
        return self._database

    def diagnose(self, message: str) -> None:
        """A diagnostic line on stderr (never on stdout, which carries data)."""
        if not self.quiet:
            click.echo(message, err=True)

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


pass_context = click.make_pass_decorator(Context)


def handle_errors(command: F) -> F:
    """Turn the errors a user can cause into one line on stderr and a meaningful exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WorkbenchError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except (DatabaseTooNew, NotAWorkbenchDatabase) as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_DATABASE_REFUSED)

    return cast(F, wrapper)  # functools.wraps keeps the signature but not the type


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
