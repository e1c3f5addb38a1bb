"""``workbench db copy SOURCE TARGET``: move a desk between SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from workbench.cli.common import Context, handle_errors, pass_context
from workbench.cli.progress import RichProgress
from workbench.config import SQLITE_COMPANION_SUFFIXES, describe_db, resolve_db_url, sqlite_file_to_create
from workbench.db.copy import check_source_revision, copy_database
from workbench.db.integrity import check_storage
from workbench.errors import DatabaseRefused
from workbench.progress import NoProgress
from workbench.review import status
from workbench.review.opening import open_database

EXIT_MISMATCH = 5


def _check_statuses(session: Session) -> tuple[list[Any], list[Any]]:
    """The ``db check`` recompute, on the copy before it commits (read only)."""
    return status.find_mismatches(session), status.count_mismatches(session)


def _remove(path: Path | None) -> None:
    if path is not None:
        for suffix in SQLITE_COMPANION_SUFFIXES:
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@click.command("copy")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@click.option("--replace", is_flag=True, help="Delete everything already in TARGET and copy over it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr (as the global -q).")
@pass_context
@handle_errors
def copy_command(context: Context, source: str, target: str, replace: bool, quiet: bool) -> None:
    """Copy a whole database (every table, the review history, ids kept) to another one.

    SOURCE and TARGET are SQLite file paths or postgresql:// URLs, in either direction.
    TARGET is created, or upgraded, to this workbench's schema; SOURCE must already be at
    it (`workbench --db SOURCE db upgrade`). A TARGET that holds data is refused unless
    --replace. The copy is one transaction on TARGET: it is whole or not there (an SQLite
    file made for a copy that fails is removed). Ids keep
    their values and are never handed out again; the full-text index is rebuilt; the row
    counts are compared table by table and every status is recomputed as `db check` does.

    Exits 5 when the copy's stored statuses disagree with the evidence (as they did in
    SOURCE): run `workbench --db TARGET db check --fix`.

    Example: workbench db copy desk.db postgresql://desk@db.example.org/desk
    """
    context.quiet = context.quiet or quiet
    source_db = open_database(source, upgrade=False, create=False, origin=context.origin)
    try:
        check_source_revision(source_db)
        made = sqlite_file_to_create(target)
        target_db = open_database(target, create=True, report=context.diagnose, origin=context.origin)
        try:
            progress = NoProgress() if context.quiet else RichProgress(sys.stderr)
            result = copy_database(source_db, target_db, replace=replace, progress=progress, check=_check_statuses)
            storage = check_storage(target_db.engine)
        except BaseException:
            target_db.dispose()
            _remove(made)  # a file this command made for a copy that failed: leave nothing behind
            raise
        target_db.dispose()
    finally:
        source_db.dispose()
    shown = describe_db(resolve_db_url(target))
    if result.replaced:
        context.diagnose(f"deleted {result.replaced} row(s) that were in {shown}")
    for table in result.tables:
        context.diagnose(f"  {table.name}: {table.rows} row(s)")
    context.diagnose(
        f"copied {result.rows} row(s) in {len(result.tables)} tables to {shown} (schema {result.revision}); "
        "every table's row count matches the source's"
    )
    if storage.damage or storage.orphans:
        for line in storage.damage + storage.orphans:
            context.diagnose(f"check: {line}")
        raise DatabaseRefused(f"the copy in {shown} did not pass SQLite's checks; run `workbench db check` on it")
    mismatches, wrong_counts = result.checked
    if mismatches or wrong_counts:
        for mismatch in mismatches:
            context.diagnose(f"claim {mismatch.claim_id}: stored {mismatch.stored_status}, computed {mismatch.computed_status}")
        context.diagnose(
            f"{len(mismatches) + len(wrong_counts)} stored status(es) disagree with the evidence, as in the source; "
            f"run workbench --db {shown} db check --fix"
        )
        sys.exit(EXIT_MISMATCH)
    context.diagnose("every stored status matches its evidence")
