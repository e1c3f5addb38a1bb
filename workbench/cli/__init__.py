"""The ``workbench`` command line: thin Click commands over the use-case modules.

Each command opens one session, calls one use case, and prints its records: data on stdout
(a table, or ``--json`` / ``--csv``), diagnostics on stderr. Exit codes (README's table):
0 success, 1 other error (or a question answered no), 2 bad input or usage, 3 not found
(no database included), 4 stale (someone else changed the claim), 5 ``db check`` found
problems, 6 database refused (too new, not a workbench or SQLite database, damaged, out of
reach, or an upgrade that failed), 7 a ``sql`` query ran past its time limit, 8 database
busy (locked by another program), 9 no space left or file too large.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any

import click

from workbench.cli import (
    attribution_commands,
    claims_commands,
    db_commands,
    documents_commands,
    export_commands,
    intake_commands,
    io_commands,
    query_commands,
    review_commands,
    sources_commands,
    takes_commands,
)
from workbench.cli.common import Context

DEBUG_ENV = "WORKBENCH_DEBUG"
DB_HELP = "SQLite file or SQLAlchemy URL. Default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db."


class WorkbenchGroup(click.Group):
    """The top-level group: a failure nobody foresaw still ends in one line, never a traceback.

    ``$WORKBENCH_DEBUG`` shows the traceback instead, for a bug report.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            where = traceback.extract_tb(error.__traceback__)[-1]
            click.echo(
                f"error: internal error ({type(error).__name__} at {os.path.basename(where.filename)}:{where.lineno}); "
                f"please report it — {DEBUG_ENV}=1 shows the traceback",
                err=True,
            )
            sys.exit(1)


@click.group(cls=WorkbenchGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="WORKBENCH_DB", metavar="PATH|URL", help=DB_HELP)
@click.option("--reviewer", metavar="NAME", help="Name recorded in the review log. Default: $WORKBENCH_REVIEWER, else your OS user.")
@click.option("-q", "--quiet", is_flag=True, help="No diagnostics or progress on stderr.")
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: str | None, reviewer: str | None, quiet: bool) -> None:
    """Verify news claims: who says so, are they independent, who denies it, who is silent.

    With no command, opens the review TUI on the configured database.

    Example: workbench --db desk.db claims list --status single_source
    """
    ctx.obj = Context(db=db, reviewer_option=reviewer, quiet=quiet)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(review_commands.review)


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    context = ctx.find_object(Context)
    if value is not None and context is not None:
        context.db = value


def _accept_db_after_the_command(group: click.Group) -> None:
    """``--db`` after any command too (``workbench claims list --db desk.db``), as users type it."""
    for command in group.commands.values():
        if not any(param.name == "db" for param in command.params):
            command.params.append(
                click.Option(["--db"], metavar="PATH|URL", expose_value=False, callback=_set_db, help=DB_HELP)
            )
        if isinstance(command, click.Group):
            _accept_db_after_the_command(command)


for module in (
    claims_commands,
    attribution_commands,
    sources_commands,
    documents_commands,
    db_commands,
    io_commands,
    intake_commands,
    export_commands,
    query_commands,
    review_commands,
    takes_commands,
):
    module.register(cli)
_accept_db_after_the_command(cli)
