"""Commands that move data in and out: import, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import exporter, importer
from workbench.cli.common import Context, handle_errors, pass_context
from workbench.importer import ImportSummary
from workbench.output import console
from rich.table import Table


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--dry-run", is_flag=True, help="Validate and report what would change; write nothing.")
@pass_context
@handle_errors
def import_command(context: Context, files: tuple[str, ...], dry_run: bool) -> None:
    """Import interchange-format JSON files (``-`` for stdin), all or nothing.

    Every file is validated completely before anything is written, and all files are
    applied in one transaction: one bad record and the database is left as it was. Records
    are matched by key, so importing the same file again changes nothing.

    Example: workbench import sample_data/qamishli.json
    """
    database = context.database()
    summaries: list[ImportSummary] = []
    bundles = [(name, importer.read_bundle(name)) for name in files]
    try:
        with database.writing() as session:
            for name, bundle in bundles:
                label = "<stdin>" if name == "-" else name
                summaries.append(importer.apply_bundle(session, bundle, context.reviewer, label))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    if not context.quiet:
        _print_summary(summaries, dry_run)


def _print_summary(summaries: list[ImportSummary], dry_run: bool) -> None:
    out = console(sys.stderr)
    for summary in summaries:
        verb = "would import" if dry_run else "imported"
        table = Table(title=f"{verb}: {summary.file}", title_justify="left")
        for column in ("records", "created", "updated", "unchanged"):
            table.add_column(column, justify="right" if column != "records" else "left")
        for kind, tally in summary.kinds().items():
            table.add_row(kind, str(tally.created), str(tally.updated), str(tally.unchanged))
        out.print(table)
        if not summary.changed:
            out.print(f"{summary.file}: nothing to change (already imported)")
    if dry_run:
        out.print("dry run: nothing was written")


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
