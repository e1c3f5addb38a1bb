"""Commands on claims: show, add, kind, verdict, note, link, merge, undo (the list: ``claims_list``; who says
what: ``attribution_commands``)."""

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
from workbench.vocabulary import ClaimKind, LinkRelation, Verdict, choices


@click.command("show")
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


@click.command("add")
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


@click.command("kind")
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
    made in another terminal (or another run of the review TUI), or one older than a change
    undo cannot take back (an import, re-anchored quotes), is undone only once you say yes,
    or with --yes.

    Example: workbench --reviewer alice undo
    """
    database = context.database()
    with database.reading() as session:
        last = undo.describe_last_action(session, context.reviewer)
    if last is None:
        raise NotFound("nothing to undo")
    # Ask before undoing what another terminal did, and before going past a newer change that
    # stays (an import, re-anchored quotes): the reviewer may have meant that one.
    ask = (not last.made_here or bool(last.kept_newer)) and not yes
    if ask or not context.quiet:
        for line in describe_last_action(last):
            click.echo(line, err=True)
    if ask:
        question = "Undo it, leaving the newer changes as they are?" if last.kept_newer else "Undo it?"
        confirm(question, "not confirmed; nothing was undone (answer y, or pass --yes in scripts)")
    description = database.write(lambda session: undo.undo_last(session, context.reviewer, expected_event_id=last.event_id))
    context.diagnose(f"undone: {description}")
