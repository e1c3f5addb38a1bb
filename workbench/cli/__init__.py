"""The ``workbench`` command line: thin Click commands over the use-case modules.

Each command opens one session, calls one use case, and prints its records: data on stdout
(a table, or ``--json`` / ``--csv``), diagnostics on stderr. Exit codes: 0 success,
1 error, 2 bad input or usage, 3 not found, 4 stale (someone else changed the claim),
5 ``db check`` found mismatches, 6 database refused (too new or not a workbench database),
7 a ``sql`` query ran past its time limit.
"""

from __future__ import annotations

import click

from workbench.cli import (
    claims_commands,
    db_commands,
    export_commands,
    io_commands,
    query_commands,
    review_commands,
    sources_commands,
)
from workbench.cli.common import Context


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="WORKBENCH_DB",
    metavar="PATH|URL",
    help="SQLite file or SQLAlchemy URL. Default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db.",
)
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


for module in (
    claims_commands,
    sources_commands,
    db_commands,
    io_commands,
    export_commands,
    query_commands,
    review_commands,
):
    module.register(cli)
