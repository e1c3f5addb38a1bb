"""Commands that write data out and look for duplicates: export, duplicates."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import exporter
from workbench.cli.common import Context, handle_errors, pass_context


@click.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (default stdout).")
@pass_context
@handle_errors
def export_command(context: Context, output: str | None) -> None:
    """Export the whole database in the interchange format (re-importable anywhere).

    Example: workbench export -o desk-backup.json
    """
    database = context.database()
    with database.reading() as session:
        if output:
            target = Path(output)
            partial = target.with_name(target.name + ".partial")
            with partial.open("w", encoding="utf-8") as out:
                counts = exporter.write_json(session, out)
            partial.replace(target)
        else:
            counts = exporter.write_json(session, sys.stdout)
    context.diagnose("exported " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))


def register(cli: click.Group) -> None:
    cli.add_command(export_command)
