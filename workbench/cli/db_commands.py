"""Commands on the database itself: init, upgrade, current, check, backup (copy: ``db_copy_commands``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.db_copy_commands import copy_command
from workbench.cli.output import Format, emit_rows
from workbench.cli.progress import RichProgress
from workbench.config import describe_db
from workbench.db.backup import write_backup
from workbench.db.engine import Database
from workbench.db.faults import database_fault
from workbench.db.integrity import StorageCheck, StorageReport, check_storage
from workbench.db.migrate import check_compatible, current_revision, head_revision
from workbench.errors import DatabaseRefused, InvalidInput
from workbench.progress import NoProgress, Progress
from workbench.records import StatusMismatch, to_jsonable
from workbench.review import check_scope, claim_list, status, status_check

EXIT_MISMATCH = 5


@click.command("init")
@pass_context
@handle_errors
def init_command(context: Context) -> None:
    """Create the database (or bring it up to date) at the configured location.

    Example: workbench --db desk.db init
    """
    database = context.database(create=True)
    context.diagnose(f"database ready: {describe_db(database.url)} (schema {head_revision()})")


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
    from workbench.review.opening import upgrade_database

    upgrade_database(database, report=lambda line: click.echo(line, err=True))


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
@click.option("--full", is_flag=True, help="Recompute every claim, not only those changed since the last clean check.")
@click.option("--fix", is_flag=True, help="Store the recomputed statuses.")
@output_options
@pass_context
@handle_errors
def check_command(context: Context, full: bool, fix: bool, as_json: bool, as_csv: bool) -> None:
    """Check the file, then recompute claims' statuses and flags and report any that differ.

    On SQLite it first checks the file: damaged pages (exit 6) and rows pointing at nothing
    (exit 5); --full runs SQLite's complete integrity_check, otherwise its quick_check. It also
    audits the per-status counts table against the claims themselves.

    Each check is recorded. The next one recomputes only the claims that changed since the last
    clean check (from the review log: the claims, sources, documents and links changed, and
    claims added); --full, a first check, or rules changed by an upgrade recompute every claim.
    Edits made outside the workbench (plain SQL) are found only by --full.

    Exits 5 when problems are found (and not fixed).

    Example: workbench db check --json
    """
    fmt = output_format(as_json, as_csv)
    database = context.database()
    progress = NoProgress() if context.quiet else RichProgress(sys.stderr)
    if fix:  # a damaged file is refused before anything is written to it
        storage = check_storage(database.engine, quick=not full)
        _refuse_if_damaged(context, storage)
        total, plan, mismatches = _recompute(context, database, full=full, fix=fix, progress=progress)
    else:
        # The file is checked on a thread of its own while the statuses are recomputed in
        # worker processes (at a million claims --full took 85 s one after the other). Damage
        # is still what the check reports first, and it explains a recomputation that failed.
        storage_check = StorageCheck(database.engine, quick=not full)
        try:
            total, plan, mismatches = _recompute(context, database, full=full, fix=fix, progress=progress)
        except Exception:
            _refuse_if_damaged(context, storage_check.report())
            raise
        _wait_for(storage_check, progress)
        storage = storage_check.report()
        _refuse_if_damaged(context, storage)
    for line in storage.orphans:
        context.diagnose(f"foreign_key_check: {line}")
    with database.writing() if fix else database.reading() as session:
        wrong_counts = status.count_mismatches(session, fix=fix)
    checked = total if plan.claim_ids is None else len(plan.claim_ids)
    _record(context, plan, checked, len(mismatches) + len(wrong_counts), fix)
    for status_, verdict, stored, actual in wrong_counts:
        context.diagnose(f"claim_counts[{status_}, {verdict}] is {stored}, but {actual} claims have it")
    if mismatches or fmt is not Format.TABLE:
        emit_rows(
            [to_jsonable(m) for m in mismatches],
            [
                "claim_id", "stored_status", "computed_status", "stored_origins", "computed_origins",
                "stored_awaiting", "computed_awaiting", "stored_flags", "computed_flags",
            ],
            fmt,
        )
    context.diagnose(plan.describe(total))
    if mismatches or wrong_counts:
        verb = "fixed" if fix else "found"
        context.diagnose(f"{len(mismatches) + len(wrong_counts)} mismatch(es) {verb}")
    else:
        context.diagnose(f"every {'stored status' if plan.full else 'status checked'} matches its evidence")
    if storage.orphans:
        context.diagnose(f"{len(storage.orphans)} orphaned row(s) found; --fix does not delete rows")
    if storage.orphans or ((mismatches or wrong_counts) and not fix):
        sys.exit(EXIT_MISMATCH)


def _recompute(
    context: Context, database: Database, *, full: bool, fix: bool, progress: Progress
) -> tuple[int, check_scope.CheckScope, list[StatusMismatch]]:
    """The claims' count, which of them this check recomputes, and those found wrong."""
    with database.reading() as session:
        total = claim_list.count_claims(session).total
        plan = check_scope.plan_check(session, total, full=full)
    mismatches = status_check.find_mismatches(database, fix=fix, claim_ids=plan.claim_ids, progress=progress)
    return total, plan, mismatches


def _wait_for(storage_check: StorageCheck, progress: Progress) -> None:
    """Wait for the file's check, with a bar saying so once it has taken a moment."""
    if storage_check.done():
        return
    progress.start("checking the file", None)
    try:
        while not storage_check.done():
            storage_check.wait(1.0)
            progress.advance(0)
    finally:
        progress.finish()


def _refuse_if_damaged(context: Context, storage: StorageReport) -> None:
    if storage.damage:
        for line in storage.damage:
            context.diagnose(f"integrity_check: {line}")
        raise DatabaseRefused(
            f"{context.database_label()} is damaged ({len(storage.damage)} problem(s) above); restore it from a backup"
        )


def _record(context: Context, plan: check_scope.CheckScope, checked: int, found: int, fixed: bool) -> None:
    """Record the check, so the next one can start from it. A database this process may read
    but not write (a read-only file, a read-only role) is still checked: the next check is
    then simply as long as this one, and the user is told why."""
    try:
        context.database().write(
            lambda session: check_scope.record_check(
                session, context.reviewer, plan, checked=checked, mismatches=found, fixed=fixed
            )
        )
    except Exception as error:
        fault = database_fault(error, context.database_label())
        if fault is None:
            raise
        context.diagnose(f"this check was not recorded ({fault}); the next one rechecks these claims and more")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
@handle_errors
def backup_command(context: Context, file: Path) -> None:
    """Write a consistent copy of the SQLite database to FILE, safe while others write to it.

    Uses SQLite's online backup API: the copy is one snapshot, written under a temporary name,
    checked, flushed to disk and only then given FILE's name, so FILE is never half a backup.
    It opens as it is (`workbench --db FILE ...`). FILE must not exist yet.

    Example: workbench backup desk-2026-12-04.db
    """
    database = context.database(upgrade=False)
    if not database.is_sqlite or not database.url.database:
        raise InvalidInput("backup copies SQLite files; for PostgreSQL use pg_dump")
    revision = current_revision(database.engine)
    written = write_backup(Path(database.url.database), file)
    context.diagnose(f"backup written: {written} (schema {revision})")


db_group.add_command(copy_command)
