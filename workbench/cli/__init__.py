"""The ``workbench`` command line: thin Click commands over the use-case modules.

Each command opens one session, calls one use case, and prints its records: data on stdout
(a table, or ``--json`` / ``--csv``), diagnostics on stderr. Exit codes (README's table):
0 success, 1 other error (or a question answered no, or the output's reader gone), 2 bad input or usage, 3 not found
(no database included), 4 stale (someone else changed the claim), 5 ``db check`` found
problems, 6 database refused (too new, not a workbench or SQLite database, damaged, out of
reach, or an upgrade that failed), 7 a ``sql`` query ran past its time limit, 8 database
busy (locked by another program), 9 no space left or file too large.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from typing import Any

import click

from workbench.cli.context import Context
from workbench.cli.lazy import LazyCommand, LazyGroup
from workbench.pipes import is_pipe, whole_writes_text

DEBUG_ENV = "WORKBENCH_DEBUG"
DB_HELP = "SQLite file or SQLAlchemy URL. Default: $WORKBENCH_DB, else ~/.local/share/workbench/workbench.db."


# Each command's module is imported only when that command runs, for start-up speed (see
# cli/lazy.py); the summary is what `workbench --help` lists without importing it.
COMMANDS: dict[str, LazyCommand] = {
    "attribute": LazyCommand("workbench.cli.attribution_commands:attribute_command",
                             "Record one source's position on a claim; the status is recomputed at once."),
    "backup": LazyCommand("workbench.cli.db_commands:backup_command",
                          "Write a consistent copy of the SQLite database to FILE, safe while others write to it."),
    "certainty": LazyCommand("workbench.cli.attribution_commands:certainty_command",
                             'Set how firmly an attribution puts its claim: stated, hedged or forecast ("inferred": detect it again).'),
    "claims": LazyCommand("workbench.cli.claims_group:claims_group", "List, show and add claims."),
    "db": LazyCommand("workbench.cli.db_commands:db_group", "Schema migrations and consistency checks."),
    "demo": LazyCommand("workbench.cli.review_commands:demo",
                        "Open the review TUI on a fresh copy of the sample data (the Qamishli report)."),
    "documents": LazyCommand("workbench.cli.documents_commands:documents_group",
                             "List, show, add and update the documents that carry statements; accept a quote's new wording."),
    "duplicates": LazyCommand("workbench.cli.export_commands:duplicates_command",
                              "Find near-duplicate claims across the database, and pairs whose details conflict."),
    "export": LazyCommand("workbench.cli.export_commands:export_command",
                          "Export the database: interchange JSON/JSONL/CSV, ClaimReview JSON-LD, or a case file."),
    "import": LazyCommand("workbench.cli.io_commands:import_command",
                          "Import JSON, JSONL or CSV files (- for stdin): all or nothing, idempotent."),
    "init": LazyCommand("workbench.cli.db_commands:init_command",
                        "Create the database (or bring it up to date) at the configured location."),
    "intake": LazyCommand("workbench.cli.intake_commands:intake_command",
                          "Read a news article (text, Markdown or a saved web page; '-' for stdin) and propose claims."),
    "link": LazyCommand("workbench.cli.claims_commands:link_command",
                        "Link two claims: FROM duplicate_of / contradicts / supports / refines / supersedes / fulfils TO."),
    "merge": LazyCommand("workbench.cli.claims_commands:merge_command",
                         "Merge a duplicate claim DROP into KEEP: attributions, links and tags move over."),
    "note": LazyCommand("workbench.cli.claims_commands:note_command", "Add a note to a claim's review history."),
    "review": LazyCommand("workbench.cli.review_commands:review",
                          "Open the review TUI on the configured database (also what plain `workbench` does)."),
    "search": LazyCommand("workbench.cli.query_commands:search_command",
                          "Search claim text, quotes and source names; best matches first."),
    "silence": LazyCommand("workbench.cli.attribution_commands:silence_command",
                           "Record that a party has made no statement (or declined to comment) on a claim."),
    "sources": LazyCommand("workbench.cli.sources_commands:sources_group",
                           "List, add and grade the sources that make statements."),
    "sql": LazyCommand("workbench.cli.query_commands:sql_command",
                       "Run one read-only SQL query (SELECT/WITH/VALUES/EXPLAIN) against the database."),
    "undo": LazyCommand("workbench.cli.claims_commands:undo_command",
                        "Undo your last change (verdict, note, attribution, grade, link or merge)."),
    "verdict": LazyCommand("workbench.cli.claims_commands:verdict_command",
                           "Record the desk's verdict on a claim, with the reason."),
}


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    context = ctx.find_object(Context)
    if value is not None and context is not None:
        context.db = value


def _set_reviewer(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    context = ctx.find_object(Context)
    if value is not None and context is not None:
        context.reviewer_option = value


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    context = ctx.find_object(Context)
    if value and context is not None:
        context.quiet = True


REVIEWER_HELP = "Name recorded in the review log. Default: $WORKBENCH_REVIEWER, else your OS user."
QUIET_HELP = "No diagnostics or progress on stderr."


def _accept_global_options_after_the_command(command: click.Command) -> None:
    """``--db``, ``--reviewer`` and ``-q``/``--quiet`` after any command too (``workbench
    claims list --db desk.db``, ``workbench db check --full --quiet``), as users type them:
    before, only ``import`` and ``db copy`` took ``--quiet`` there, so ``export --quiet`` or
    ``duplicates -q`` in a script was a usage error. A command's own option of that name wins."""
    names = {param.name for param in command.params}
    flags = {flag for param in command.params for flag in param.opts}
    if "db" not in names:
        command.params.append(click.Option(["--db"], metavar="PATH|URL", expose_value=False, callback=_set_db, help=DB_HELP))
    if "reviewer" not in names and "--reviewer" not in flags:
        command.params.append(
            click.Option(["--reviewer"], metavar="NAME", expose_value=False, callback=_set_reviewer, help=REVIEWER_HELP)
        )
    if "quiet" not in names and not {"-q", "--quiet"} & flags:
        command.params.append(
            click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_set_quiet, help=QUIET_HELP)
        )
    if isinstance(command, LazyGroup):
        command.prepare_each(_accept_global_options_after_the_command)  # its commands as they load
    elif isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _accept_global_options_after_the_command(subcommand)


class WorkbenchGroup(LazyGroup):
    """The top-level group: a failure nobody foresaw still ends in one line, never a traceback.

    ``$WORKBENCH_DEBUG`` shows the traceback instead, for a bug report.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # here, so that a reader gone away is met below, not at exit
            return result
        except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except BrokenPipeError:
            # The reader of the output stopped reading (``| head``): the rest is not wanted.
            # Quietly, as other tools do; what is still buffered goes nowhere at exit.
            _discard_standard_output()
            sys.exit(1)
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


def _discard_standard_output() -> None:
    """Send what is left of standard output to the null device (it has no reader any more)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _whole_writes_to_a_pipe() -> None:
    """Standard output to a pipe gets every byte of a large write, even when the pipeline is
    stopped and continued (Ctrl+Z, ``fg``): Python's own lost the rest of it (``workbench.pipes``)."""
    if isinstance(sys.stdout, io.TextIOWrapper) and is_pipe(sys.stdout):
        sys.stdout = whole_writes_text(sys.stdout)


@click.group(cls=WorkbenchGroup, invoke_without_command=True, lazy=COMMANDS, prepare=_accept_global_options_after_the_command,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="WORKBENCH_DB", metavar="PATH|URL", help=DB_HELP)
@click.option("--reviewer", metavar="NAME", help=REVIEWER_HELP)
@click.option("-q", "--quiet", is_flag=True, help=QUIET_HELP)
@click.version_option(package_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db: str | None, reviewer: str | None, quiet: bool) -> None:
    """Verify news claims: who says so, are they independent, who denies it, who is silent.

    With no command, opens the review TUI on the configured database.

    Example: workbench --db desk.db claims list --status single_source
    """
    _whole_writes_to_a_pipe()
    ctx.obj = Context(db=db, reviewer_option=reviewer, quiet=quiet)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from workbench.cli.review_commands import review  # lazy, like every command

        ctx.invoke(review)

