"""Commands on claims: list, show, add, kind, verdict, note, link, merge, undo (who says what: ``attribution_commands``)."""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from workbench.cli.common import (
    Context,
    confirm,
    handle_errors,
    output_format,
    output_options,
    parse_date,
    pass_context,
    yes_option,
)
from workbench.cli.confirmations import describe_last_action, describe_merge
from workbench.cli.dossier import dossier_json, print_dossier
from workbench.cli.output import Format, emit_json, emit_rows
from workbench.errors import NotFound
from workbench.records import ClaimSummary, LinkRecord, to_jsonable
from workbench.review import claims, links, undo
from workbench.vocabulary import (
    ClaimFlag,
    ClaimKind,
    LinkRelation,
    Reliability,
    Status,
    Verdict,
    choices,
)

GRADES_HELP = ", ".join(f"{grade.value} {grade.label}" for grade in Reliability)

LIST_COLUMNS = ["id", "status", "flags", "origins", "verdict", "awaiting", "quotes", "text"]


@click.group("claims")
def claims_group() -> None:
    """List, show and add claims.

    Example: workbench claims list --status corroborated
    """


@claims_group.command("list")
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
@click.option("--sort", type=click.Choice([o.value for o in claims.SortOrder]), default=claims.SortOrder.ID.value, show_default=True, help="Order of the list (ignored when searching).")
@click.option("--limit", type=click.IntRange(1, claims.MAX_PAGE), default=100, show_default=True, help="Page size.")
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
    filters = claims.ClaimFilter(
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
        page = claims.list_claims(session, filters, limit=limit, after_id=after_id, order=sort)
    rows = [_list_row(summary) for summary in page]
    columns = LIST_COLUMNS + (["score"] if text or fuzzy else [])
    emit_rows(rows, columns, fmt)
    if len(page) == limit and not (text or fuzzy) and not context.quiet:
        context.diagnose(f"more claims follow: add --after {page[-1].id}")


def _list_row(summary: ClaimSummary) -> dict[str, object]:
    """A listed claim with its flags and its quotes' state in words, for the table and CSV
    ("superseded, disputed"; "1 quote changed")."""
    return to_jsonable(summary) | {
        "flags": ", ".join(summary.flags),
        "quotes": summary.quote_flags.describe() if summary.quote_flags else None,
    }


@claims_group.command("show")
@click.argument("claim")
@click.option("--as-of", metavar="YYYY-MM-DD|today", help="The status from the evidence observed by this date only.")
@output_options
@pass_context
@handle_errors
def show_command(context: Context, claim: str, as_of: str | None, as_json: bool, as_csv: bool) -> None:
    """Show one claim's whole dossier: status and why, reporting chains, timeline, attributions, links, history.

    With --as-of the status is the one the evidence observed by that date gives (an
    attribution's as-of date, else its document's publication date); undated evidence counts.

    Example: workbench claims show 1 --as-of 2026-01-26
    """
    fmt = output_format(as_json, as_csv)
    when = parse_date(as_of, "--as-of")
    with context.database().reading() as session:
        dossier = claims.get_dossier(session, claim, as_of=when)
    if fmt is Format.JSON:
        emit_json(dossier_json(dossier))
    elif fmt is Format.CSV:
        rows = [to_jsonable(a) | {"source": a.source.name, "document": a.document.title if a.document else None} for a in dossier.attributions]
        emit_rows(rows, ["id", "stance", "mode", "source", "credibility", "as_of", "document", "quote"], fmt)
    else:
        print_dossier(dossier)


@claims_group.command("add")
@click.argument("text")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag (repeat for several).")
@click.option("--place", help="Where the claimed event happened.")
@click.option("--date", "event_date", metavar="YYYY-MM-DD", help="When the claimed event happened.")
@click.option("--key", help="Stable key for imports and exports (default: made from the text).")
@click.option("--kind", type=click.Choice(choices(ClaimKind)), default=ClaimKind.EVENT.value, show_default=True, help="plan: the claim is about something scheduled or expected (forecasts confirm it).")
@output_options
@pass_context
@handle_errors
def add_command(context: Context, text: str, tags: tuple[str, ...], place: str | None, event_date: str | None, key: str | None, kind: str, as_json: bool, as_csv: bool) -> None:
    """Add a claim in the desk's own words; it starts unsourced and unreviewed.

    Example: workbench claims add "Russian forces are leaving the Qamishli base" --tag russia --place Qamishli --date 2026-01-27
    """
    fmt = output_format(as_json, as_csv)
    when = parse_date(event_date, "--date")
    summary = context.database().write(lambda session: claims.add_claim(session, context.reviewer, text, tags=tags, place=place, event_date=when, key=key, kind=kind))
    emit_rows([to_jsonable(summary)], ["id", "key", "kind", "status", "text"], fmt)


@claims_group.command("kind")
@click.argument("claim")
@click.argument("kind", type=click.Choice(choices(ClaimKind)))
@click.option("--reason", help="Why the claim is an event or a plan.")
@click.option("--version", "expected_version", type=int, help="Refuse if the claim is no longer at this version.")
@pass_context
@handle_errors
def kind_command(context: Context, claim: str, kind: str, reason: str | None, expected_version: int | None) -> None:
    """Say whether a claim is about an event or a plan; the status is recomputed at once.

    For an event only stated attributions count; for a plan ("al-Sharaa is due to visit
    Moscow") forecasts count too.

    Example: workbench claims kind claim-sharaa-to-visit-moscow-meet-putin plan --reason "a scheduled visit"
    """
    summary = context.database().write(lambda session: claims.set_claim_kind(session, context.reviewer, claim, kind, reason, expected_version))
    context.diagnose(f"claim {summary.id} is {'a plan' if summary.kind == 'plan' else 'an event'}; now {summary.status} ({summary.origins} origin(s))")


@click.command("verdict")
@click.argument("claim")
@click.argument("verdict", type=click.Choice(choices(Verdict)))
@click.option("--reason", required=True, help="Why: verdicts get published, so a reason is required.")
@click.option("--version", "expected_version", type=int, help="Refuse if the claim is no longer at this version.")
@pass_context
@handle_errors
def verdict_command(context: Context, claim: str, verdict: str, reason: str, expected_version: int | None) -> None:
    """Record the desk's verdict on a claim, with the reason.

    Example: workbench verdict 1 mostly_accurate --reason "AP saw the empty base; Russia silent"
    """
    summary = context.database().write(lambda session: claims.set_verdict(session, context.reviewer, claim, verdict, reason, expected_version))
    context.diagnose(f"claim {summary.id}: verdict {summary.verdict}")


@click.command("note")
@click.argument("claim")
@click.argument("text")
@pass_context
@handle_errors
def note_command(context: Context, claim: str, text: str) -> None:
    """Add a note to a claim's review history.

    Example: workbench note 1 "Asked Russian MoD press office for comment"
    """
    summary = context.database().write(lambda session: claims.add_note(session, context.reviewer, claim, text))
    context.diagnose(f"note added to claim {summary.id}")


@click.command("link")
@click.argument("from_claim")
@click.argument("to_claim")
@click.argument("relation", type=click.Choice(choices(LinkRelation)))
@click.option("--note")
@pass_context
@handle_errors
def link_command(context: Context, from_claim: str, to_claim: str, relation: str, note: str | None) -> None:
    """Link two claims: FROM duplicate_of / contradicts / supports / refines / supersedes / fulfils TO.

    A link already stored is refused, and so is one that contradicts a link between the same
    two claims (supports and contradicts at once, or a duplicate of each other).

    contradicts flags both claims "disputed" once the other has counted origins asserting it;
    supersedes (a later, more authoritative account) flags TO "superseded"; fulfils (an event
    that makes a plan come true) flags the plan TO "fulfilled". Flags never change a status.

    Example: workbench link claim-ceasefire-15-days claim-ceasefire-one-month supersedes
    """

    def add(session: Session) -> tuple[LinkRecord, ClaimSummary]:
        return links.link_claims(session, context.reviewer, from_claim, to_claim, relation, note), claims.get_claim(session, from_claim)

    link, source = context.database().write(add)
    context.diagnose(f"link #{link.id}: claim {source.id} {relation} claim {link.other_claim_id}")


@click.command("merge")
@click.argument("keep")
@click.argument("drop")
@click.option("--reason", help="Why the two are the same claim.")
@yes_option
@pass_context
@handle_errors
def merge_command(context: Context, keep: str, drop: str, reason: str | None, yes: bool) -> None:
    """Merge a duplicate claim DROP into KEEP: attributions, links and tags move over.

    First shows how alike the two claims are worded and any details that conflict (numbers,
    dates, places, actors, negation, place, event date, verdict), then asks; --yes merges
    without asking. `workbench undo` takes a merge back.

    Example: workbench merge 1 26 --reason "same withdrawal, reworded"
    """
    database = context.database()
    with database.reading() as session:
        preview = links.preview_merge(session, keep, drop)
    if not (yes and context.quiet):
        for line in describe_merge(preview):
            click.echo(line, err=True)
    if not yes:
        confirm(
            f"Merge claim {preview.drop.id} into claim {preview.keep.id}?",
            "not confirmed; nothing was merged (answer y, or pass --yes in scripts)",
        )
    summary = database.write(lambda session: links.merge_claims(
        session, context.reviewer, preview.keep.id, preview.drop.id, reason,
        expected_version=preview.keep.version, expected_drop_version=preview.drop.version,
    ))
    context.diagnose(f"merged claim {preview.drop.id} into claim {summary.id}; now {summary.status} ({summary.origins} origin(s))")


@click.command("undo")
@yes_option
@pass_context
@handle_errors
def undo_command(context: Context, yes: bool) -> None:
    """Undo your last change (verdict, note, attribution, grade, link or merge).

    Says first what it will undo: the action, the claim, when and where it was made. A change
    made in another terminal (or another run of the review TUI) is undone only once you say
    yes, or with --yes.

    Example: workbench --reviewer alice undo
    """
    database = context.database()
    with database.reading() as session:
        last = undo.describe_last_action(session, context.reviewer)
    if last is None:
        raise NotFound("nothing to undo")
    ask = not last.made_here and not yes
    if ask or not context.quiet:
        for line in describe_last_action(last):
            click.echo(line, err=True)
    if ask:
        confirm("Undo it?", "not confirmed; nothing was undone (answer y, or pass --yes in scripts)")
    description = database.write(lambda session: undo.undo_last(session, context.reviewer, expected_event_id=last.event_id))
    context.diagnose(f"undone: {description}")


def register(cli: click.Group) -> None:
    cli.add_command(claims_group)
    for command in (verdict_command, note_command, link_command, merge_command, undo_command):
        cli.add_command(command)
