"""``workbench claims list``: the claim list, filtered, sorted, searched and paged.

A module of its own, imported only for this command, because it is the one a desk runs most
and from scripts: it loads no rules, no matching and no writer (start-up speed). An unfiltered
page of an SQLite file at this workbench's schema is read without SQLAlchemy at all
(``review.plain_claim_page``); everything else, and anything that shortcut is unsure of, takes
the normal path (``review.claim_list``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, parse_date, pass_context
from workbench.cli.output import Format, emit_rows
from workbench.config import plain_sqlite_path
from workbench.records import ClaimSummary, to_jsonable
from workbench.review.claim_order import MAX_PAGE, SortOrder
from workbench.vocabulary import ClaimFlag, Reliability, Status, Verdict, choices

GRADES_HELP = ", ".join(f"{grade.value} {grade.label}" for grade in Reliability)

LIST_COLUMNS = ["id", "status", "flags", "origins", "verdict", "awaiting", "quotes", "text"]


@click.command("list")
@click.option("--status", type=click.Choice(choices(Status)), help="Only claims with this corroboration status.")
@click.option("--verdict", type=click.Choice(choices(Verdict)), help="Only claims with this verdict.")
@click.option("--source", metavar="SOURCE", help="Only claims with an attribution from this source (id, key, name or alias).")
@click.option("--affiliation", metavar="SOURCE", help="Only claims carried by this source or anyone affiliated with it.")
@click.option("--grade", "grades", multiple=True, type=click.Choice(choices(Reliability), case_sensitive=False), help=f"Only claims carried by a source with this reliability grade (repeat for several): {GRADES_HELP}.")
@click.option("--awaiting", metavar="SOURCE", help="Only claims on which this party's statement is still awaited.")
@click.option("--tag", metavar="TAG", help="Only claims with this tag.")
@click.option("--text", metavar="QUERY", help="Full-text search over claim text, quotes and source names; ranks results.")
@click.option("--fuzzy", metavar="QUERY", help="Fuzzy (rapidfuzz) search over claim text and source names; ranks results.")
@click.option("--published-from", metavar="DATE", help="Carried by a document published on or after DATE.")
@click.option("--published-to", metavar="DATE", help="Carried by a document published on or before DATE.")
@click.option("--as-of-from", metavar="DATE", help="With an attribution observed on or after DATE.")
@click.option("--as-of-to", metavar="DATE", help="With an attribution observed on or before DATE.")
@click.option("--changed-from", metavar="DATE", help="Last changed on or after DATE.")
@click.option("--changed-to", metavar="DATE", help="Last changed on or before DATE.")
@click.option("--has-links/--no-links", default=None, help="Only claims with (or without) links to other claims.")
@click.option("--flag", type=click.Choice(choices(ClaimFlag)), help="Only claims flagged disputed, superseded or fulfilled by a linked claim.")
@click.option("--sort", type=click.Choice([o.value for o in SortOrder]), default=SortOrder.ID.value, show_default=True, help="Order of the list (ignored when searching).")
@click.option("--limit", type=click.IntRange(1, MAX_PAGE), default=100, show_default=True, help="Page size.")
@click.option("--after", "after_id", type=int, metavar="ID", help="Keyset paging: continue after the claim with this id.")
@output_options
@pass_context
@handle_errors
def list_command(
    context: Context,
    status: str | None,
    verdict: str | None,
    source: str | None,
    affiliation: str | None,
    grades: tuple[str, ...],
    awaiting: str | None,
    tag: str | None,
    text: str | None,
    fuzzy: str | None,
    published_from: str | None,
    published_to: str | None,
    as_of_from: str | None,
    as_of_to: str | None,
    changed_from: str | None,
    changed_to: str | None,
    has_links: bool | None,
    flag: str | None,
    sort: str,
    limit: int,
    after_id: int | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """List claims with their corroboration status and flags, origins, verdict and awaited parties.

    Filters combine (AND). Page with --after: pass the id of the last claim shown. The flags
    beside the status (disputed, superseded, fulfilled) come from links to other claims; the
    JSON names the claims behind them (disputed_by, superseded_by, fulfilled_by).

    Example: workbench claims list --status single_source --text qamishli --json
    """
    fmt = output_format(as_json, as_csv)
    options = (source, affiliation, awaiting, tag, text, fuzzy, published_from, published_to,
               as_of_from, as_of_to, changed_from, changed_to, has_links, flag)
    page = None
    if not grades and all(option is None for option in options):
        page = _plain_page(context, limit, after_id, sort, status, verdict)
    if page is None:
        # Imported here: they load SQLAlchemy and the models, which the plain page does without.
        from workbench.review.claim_filters import ClaimFilter
        from workbench.review.claim_list import list_claims

        filters = ClaimFilter(
            status=status,
            verdict=verdict,
            source=source,
            tag=tag,
            text=text,
            fuzzy=fuzzy,
            affiliation=affiliation,
            grades=grades,
            awaiting=awaiting,
            published_from=parse_date(published_from, "--published-from"),
            published_to=parse_date(published_to, "--published-to"),
            as_of_from=parse_date(as_of_from, "--as-of-from"),
            as_of_to=parse_date(as_of_to, "--as-of-to"),
            changed_from=parse_date(changed_from, "--changed-from"),
            changed_to=parse_date(changed_to, "--changed-to"),
            has_links=has_links,
            flag=flag,
        )
        with context.database().reading() as session:
            page = list_claims(session, filters, limit=limit, after_id=after_id, order=sort)
    rows = [_list_row(summary) for summary in page]
    columns = LIST_COLUMNS + (["score"] if text or fuzzy else [])
    if fmt is Format.CSV or (fmt is Format.TABLE and any(summary.take for summary in page)):
        # Who is on each claim; JSON has the whole take. A table of a page nobody has taken
        # leaves the column out rather than spend 80 columns' room on blanks.
        columns.insert(columns.index("text"), "in_review")
        rows = [row | {"in_review": _in_review(summary)} for row, summary in zip(rows, page, strict=True)]
    emit_rows(rows, columns, fmt)
    if len(page) == limit and not (text or fuzzy) and not context.quiet:
        context.diagnose(f"more claims follow: add --after {page[-1].id}")


def _plain_page(
    context: Context, limit: int, after_id: int | None, sort: str, status: str | None, verdict: str | None
) -> list[ClaimSummary] | None:
    """The page read without SQLAlchemy, when the database is an SQLite file it can read as is."""
    from workbench.review.plain_claim_page import read_page

    path = plain_sqlite_path(context.db)
    if path is None:
        return None
    now = datetime.now(UTC).replace(tzinfo=None)
    return read_page(path, limit=limit, after_id=after_id, order=sort, now=now, status=status, verdict=verdict)


def _in_review(summary: ClaimSummary) -> str | None:
    """"lina since 10:42" (UTC), or nothing when nobody has the claim."""
    return f"{summary.take.reviewer} since {summary.take.taken_at:%H:%M}" if summary.take else None


def _list_row(summary: ClaimSummary) -> dict[str, object]:
    """A listed claim with its flags and its quotes' state in words, for the table and CSV
    ("superseded, disputed"; "1 quote changed")."""
    return to_jsonable(summary) | {
        "flags": ", ".join(summary.flags),
        "quotes": summary.quote_flags.describe() if summary.quote_flags else None,
    }
