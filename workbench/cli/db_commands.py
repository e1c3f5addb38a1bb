"""Commands on the database itself: init, upgrade, current, check."""

from __future__ import annotations

import sys

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import Format, emit_rows
from workbench.db.migrate import check_compatible, current_revision, head_revision
from workbench.records import to_jsonable
from workbench.review import status

EXIT_MISMATCH = 5


@click.command("init")
@pass_context
@handle_errors
def init_command(context: Context) -> None:
    """Create the database (or bring it up to date) at the configured location.

    Example: workbench --db desk.db init
    """
    database = context.database()
    click.echo(f"database ready: {database.url.render_as_string(hide_password=True)} (schema {head_revision()})", err=True)


@click.group("db")
def db_group() -> None:
    """Schema migrations and consistency checks.

    Example: workbench db check
    """


@db_group.command("upgrade")
@pass_context
@handle_errors
def upgrade_command(context: Context) -> None:
    """Upgrade the schema to this workbench's version (an SQLite file is backed up first).

    Example: workbench --db desk.db db upgrade
    """
    database = context.database(upgrade=False)
    from workbench.db.migrate import upgrade_to_head

    result = upgrade_to_head(database.engine)
    click.echo(result.describe(), err=True)


@db_group.command("current")
@pass_context
@handle_errors
def current_command(context: Context) -> None:
    """Print the database's schema revision and this workbench's newest.

    Example: workbench db current
    """
    database = context.database(upgrade=False)
    current = current_revision(database.engine)
    head = head_revision()
    check_compatible(database.engine)
    state = "up to date" if current == head else ("empty" if current is None else "needs upgrade")
    click.echo(f"{current or '(none)'} (head {head}, {state})")


@db_group.command("check")
@click.option("--fix", is_flag=True, help="Store the recomputed statuses.")
@output_options
@pass_context
@handle_errors
def check_command(context: Context, fix: bool, as_json: bool, as_csv: bool) -> None:
    """Recompute every claim's status and report any that differ from what is stored.

    Also audits the per-status counts table against the claims themselves.

    Exits 5 when mismatches are found (and not fixed).

    Example: workbench db check --json
    """
    fmt = output_format(as_json, as_csv)
    database = context.database()
    session_scope = database.writing() if fix else database.reading()
    with session_scope as session:
        mismatches = status.find_mismatches(session, fix=fix)
        wrong_counts = status.count_mismatches(session, fix=fix)
    for status_, verdict, stored, actual in wrong_counts:
        context.diagnose(f"claim_counts[{status_}, {verdict}] is {stored}, but {actual} claims have it")
    if mismatches or fmt is not Format.TABLE:
        emit_rows(
            [to_jsonable(m) for m in mismatches],
            ["claim_id", "stored_status", "computed_status", "stored_origins", "computed_origins", "stored_awaiting", "computed_awaiting"],
            fmt,
        )
    if mismatches or wrong_counts:
        verb = "fixed" if fix else "found"
        context.diagnose(f"{len(mismatches) + len(wrong_counts)} mismatch(es) {verb}")
        if not fix:
            sys.exit(EXIT_MISMATCH)
    else:
        context.diagnose("every stored status matches its evidence")


def register(cli: click.Group) -> None:
    cli.add_command(init_command)
    cli.add_command(db_group)
