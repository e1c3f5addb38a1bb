"""Commands on sources: list, add, grade, affiliate."""

from __future__ import annotations

from collections.abc import Sequence

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import Format, emit_rows
from workbench.records import SourceRecord, to_jsonable
from workbench.review import sources
from workbench.review.dossier import grade_label
from workbench.vocabulary import Reliability, SourceKind, choices

GRADES_HELP = ", ".join(f"{grade.value} {grade.label}" for grade in Reliability)

COLUMNS = ["id", "key", "name", "kind", "reliability", "affiliation_name", "role", "aliases", "attribution_count"]
HEADERS = {"affiliation_name": "affiliation", "attribution_count": "attributions"}


@click.group("sources")
def sources_group() -> None:
    """List, add and grade the sources that make statements.

    Example: workbench sources list --grade E
    """


@sources_group.command("list")
@click.option("--text", metavar="TEXT", help="Only sources whose name or alias contains this.")
@click.option("--grade", type=click.Choice(choices(Reliability), case_sensitive=False), help=f"Only sources with this reliability grade: {GRADES_HELP}.")
@output_options
@pass_context
@handle_errors
def list_command(context: Context, text: str | None, grade: str | None, as_json: bool, as_csv: bool) -> None:
    """List sources with their grade, affiliation, aliases and how often they are cited.

    Example: workbench sources list --text ministry --json
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        records = sources.list_sources(session, text=text, grade=grade)
    emit_rows(_rows(records, fmt), COLUMNS, fmt, headers=HEADERS)


@sources_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(choices(SourceKind)), default=SourceKind.PERSON.value, show_default=True)
@click.option("--role", help='What the source is, e.g. "SDF fighter deployed at the facility".')
@click.option("--affiliation", metavar="SOURCE", help="The source this one speaks for (id, key, name or alias).")
@click.option("--grade", "reliability", type=click.Choice(choices(Reliability), case_sensitive=False), default="F", show_default=True, help=f"Admiralty reliability: {GRADES_HELP}.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat for several).")
@click.option("--key", help="Stable key (default: made from the name).")
@output_options
@pass_context
@handle_errors
def add_command(context: Context, name: str, kind: str, role: str | None, affiliation: str | None, reliability: str, aliases: tuple[str, ...], key: str | None, as_json: bool, as_csv: bool) -> None:
    """Add a source.

    Example: workbench sources add "Ahmed Ali" --role "SDF fighter deployed at the facility" --affiliation SDF
    """
    fmt = output_format(as_json, as_csv)
    with context.database().writing() as session:
        record = sources.add_source(session, context.reviewer, name, kind=kind, role=role, affiliation=affiliation, reliability=reliability, aliases=aliases, key=key)
    emit_rows(_rows([record], fmt), COLUMNS, fmt, headers=HEADERS)


@sources_group.command("grade")
@click.argument("source")
@click.argument("grade", type=click.Choice(choices(Reliability), case_sensitive=False))
@click.option("--reason", help="Why this grade.")
@pass_context
@handle_errors
def grade_command(context: Context, source: str, grade: str, reason: str | None) -> None:
    """Set a source's Admiralty reliability grade; affected claims are recomputed.

    Grades: A completely reliable, B usually reliable, C fairly reliable, D not usually
    reliable, E unreliable (never counted), F reliability cannot be judged.

    Example: workbench sources grade "Ahmed Ali" C --reason "eyewitness, consistent with AP's visit"
    """
    with context.database().writing() as session:
        record, affected = sources.grade_source(session, context.reviewer, source, grade, reason)
    context.diagnose(f"{record.name} graded {grade_label(record.reliability)}; {len(affected)} claim(s) recomputed")


@sources_group.command("affiliate")
@click.argument("source")
@click.argument("affiliation", required=False)
@click.option("--reason")
@pass_context
@handle_errors
def affiliate_command(context: Context, source: str, affiliation: str | None, reason: str | None) -> None:
    """Attach SOURCE to AFFILIATION (omit it to detach); affected claims are recomputed.

    Example: workbench sources affiliate "Ahmed Ali" SDF
    """
    with context.database().writing() as session:
        record, affected = sources.set_affiliation(session, context.reviewer, source, affiliation, reason)
    context.diagnose(f"{record.name} → {record.affiliation_name or '(none)'}; {len(affected)} claim(s) recomputed")


def _rows(records: Sequence[SourceRecord], fmt: Format) -> list[dict[str, object]]:
    """Sources as rows; the table shows each grade with its meaning, JSON and CSV the letter."""
    rows = [to_jsonable(record) for record in records]
    if fmt is Format.TABLE:
        for row in rows:
            row["reliability"] = grade_label(str(row["reliability"]))
    return rows


def register(cli: click.Group) -> None:
    cli.add_command(sources_group)
