"""Commands on sources: list, add, grade, affiliate, and the desk's possibly-same marks."""

from __future__ import annotations

from collections.abc import Sequence

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import Format, emit_rows
from workbench.records import SourceRecord, to_jsonable
from workbench.review import possibly_same, sources
from workbench.review.dossier import grade_label
from workbench.vocabulary import AffiliationKind, Reliability, SourceKind, choices

GRADES_HELP = ", ".join(f"{grade.value} {grade.label}" for grade in Reliability)

COLUMNS = ["id", "key", "name", "kind", "reliability", "affiliation_name", "affiliation_kind", "role", "aliases", "attribution_count"]
HEADERS = {"affiliation_name": "affiliation", "affiliation_kind": "how", "attribution_count": "attributions"}
MARK_COLUMNS = ["id", "source_id", "source_name", "other_source_id", "other_source_name", "note"]
MARK_HEADERS = {"source_name": "source", "other_source_name": "possibly the same as"}
_AFFILIATION_KIND_HELP = "member_of: belongs to it (groups for independence only); speaks_for: its statements and silences are the affiliation's own."


@click.group("sources")
def sources_group() -> None:
    """List, add and grade the sources that make statements.

    Example: workbench sources list --grade E
    """


@sources_group.command("list")
@click.option("--text", metavar="TEXT", help="Only sources whose name or alias contains this.")
@click.option("--grade", type=click.Choice(choices(Reliability), case_sensitive=False), help=f"Only sources with this reliability grade: {GRADES_HELP}.")
@click.option("--limit", type=click.IntRange(1, sources.MAX_PAGE), default=100, show_default=True, help="Page size.")
@click.option("--after", "after_id", type=int, metavar="ID", help="Keyset paging: continue after the source with this id (sources are in name order).")
@output_options
@pass_context
@handle_errors
def list_command(context: Context, text: str | None, grade: str | None, limit: int, after_id: int | None, as_json: bool, as_csv: bool) -> None:
    """List sources by name with their grade, affiliation, aliases and how often they are cited.

    Example: workbench sources list --text ministry --json
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        # One more than the page: "more follow" only when there are more.
        records = sources.list_sources(session, text=text, grade=grade, limit=limit + 1, after_id=after_id)
    page = records[:limit]
    emit_rows(_rows(page, fmt), COLUMNS, fmt, headers=HEADERS)
    if len(records) > limit:
        context.diagnose(f"more sources follow: add --after {page[-1].id}")


@sources_group.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(choices(SourceKind)), default=SourceKind.PERSON.value, show_default=True)
@click.option("--role", help='What the source is, e.g. "SDF fighter deployed at the facility".')
@click.option("--affiliation", metavar="SOURCE", help="The source this one belongs to or speaks for (id, key, name or alias).")
@click.option("--affiliation-kind", type=click.Choice(choices(AffiliationKind)), default=AffiliationKind.MEMBER_OF.value, show_default=True, help=_AFFILIATION_KIND_HELP)
@click.option("--grade", "reliability", type=click.Choice(choices(Reliability), case_sensitive=False), default="F", show_default=True, help=f"Admiralty reliability: {GRADES_HELP}.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeat for several).")
@click.option("--key", help="Stable key (default: made from the name).")
@output_options
@pass_context
@handle_errors
def add_command(context: Context, name: str, kind: str, role: str | None, affiliation: str | None, affiliation_kind: str, reliability: str, aliases: tuple[str, ...], key: str | None, as_json: bool, as_csv: bool) -> None:
    """Add a source.

    Example: workbench sources add "Ahmed Ali" --role "SDF fighter deployed at the facility" --affiliation SDF
    """
    fmt = output_format(as_json, as_csv)
    record = context.database().write(lambda session: sources.add_source(session, context.reviewer, name, kind=kind, role=role, affiliation=affiliation, reliability=reliability, aliases=aliases, key=key, affiliation_kind=affiliation_kind))
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
    record, affected = context.database().write(lambda session: sources.grade_source(session, context.reviewer, source, grade, reason))
    context.diagnose(f"{record.name} graded {grade_label(record.reliability)}; {len(affected)} claim(s) recomputed")


@sources_group.command("affiliate")
@click.argument("source")
@click.argument("affiliation", required=False)
@click.option("--kind", type=click.Choice(choices(AffiliationKind)), help=_AFFILIATION_KIND_HELP + " Left out, the kind stays.")
@click.option("--reason")
@pass_context
@handle_errors
def affiliate_command(context: Context, source: str, affiliation: str | None, kind: str | None, reason: str | None) -> None:
    """Attach SOURCE to AFFILIATION (omit it to detach), as a member or as its voice; affected claims are recomputed.

    Example: workbench sources affiliate "Syrian Ministry of Defense" "Syrian government" --kind speaks_for
    """
    record, affected = context.database().write(lambda session: sources.set_affiliation(session, context.reviewer, source, affiliation, reason, kind=kind))
    how = "speaks for" if record.affiliation_kind == AffiliationKind.SPEAKS_FOR.value else "member of"
    target = f"{how} {record.affiliation_name}" if record.affiliation_name else "(none)"
    context.diagnose(f"{record.name} → {target}; {len(affected)} claim(s) recomputed")


@sources_group.command("possibly-same")
@click.argument("source")
@click.argument("other")
@click.option("--note", help="Why they may be one (two outlets' unnamed security sources, say).")
@pass_context
@handle_errors
def possibly_same_command(context: Context, source: str, other: str, note: str | None) -> None:
    """Mark two sources as possibly the same: their reporting chains then count as one.

    Example: workbench sources possibly-same "Reuters security source" "AFP security source" --note "same unit, same day"
    """
    mark, affected = context.database().write(lambda session: possibly_same.mark_possibly_same(session, context.reviewer, source, other, note))
    context.diagnose(f"{mark.source_name} and {mark.other_source_name} marked as possibly the same; {len(affected)} claim(s) recomputed")


@sources_group.command("not-same")
@click.argument("source")
@click.argument("other")
@click.option("--reason")
@pass_context
@handle_errors
def not_same_command(context: Context, source: str, other: str, reason: str | None) -> None:
    """Take the possibly-same mark off two sources: their chains count apart again.

    Example: workbench sources not-same "Reuters security source" "AFP security source" --reason "different units"
    """
    affected = context.database().write(lambda session: possibly_same.unmark_possibly_same(session, context.reviewer, source, other, reason))
    context.diagnose(f"mark removed; {len(affected)} claim(s) recomputed")


@sources_group.command("marks")
@click.option("--source", metavar="SOURCE", help="Only the marks involving this source.")
@output_options
@pass_context
@handle_errors
def marks_command(context: Context, source: str | None, as_json: bool, as_csv: bool) -> None:
    """List the pairs of sources marked as possibly the same.

    Example: workbench sources marks --json
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        marks = possibly_same.list_possibly_same(session, source)
    emit_rows([to_jsonable(m) for m in marks], MARK_COLUMNS, fmt, headers=MARK_HEADERS)


def _rows(records: Sequence[SourceRecord], fmt: Format) -> list[dict[str, object]]:
    """Sources as rows; the table shows each grade with its meaning, JSON and CSV the letter.

    How a source belongs (``member_of``/``speaks_for``) is left empty without an affiliation:
    the stored default read as if AP were a member of something.
    """
    rows = [to_jsonable(record) for record in records]
    for row in rows:
        if row["affiliation_id"] is None:
            row["affiliation_kind"] = None
    if fmt is Format.TABLE:
        for row in rows:
            row["reliability"] = grade_label(str(row["reliability"]))
    return rows
