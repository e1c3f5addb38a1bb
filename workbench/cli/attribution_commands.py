"""Commands that record who says what on a claim: attribute, certainty, silence.

Each one changes a claim's evidence, so each says what the claim's status is afterwards.
"""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from workbench.cli.common import Context, handle_errors, parse_date, pass_context
from workbench.records import AttributionRecord, ClaimSummary
from workbench.review import attributions, claims
from workbench.vocabulary import Certainty, Mode, Stance, choices


@click.command("attribute")
@click.argument("claim")
@click.argument("source")
@click.argument("stance", type=click.Choice(choices(Stance)))
@click.option("--mode", type=click.Choice(choices(Mode)), default=Mode.PARAPHRASE.value, show_default=True)
@click.option("--document", metavar="DOC", help="Document id or key carrying the statement.")
@click.option("--quote", help="The words as published.")
@click.option("--span", nargs=2, type=int, metavar="START END", help="Character span of the quote in the document.")
@click.option("--relayed-via", metavar="SOURCE", help="Who passed the statement on.")
@click.option("--credibility", type=click.IntRange(1, 6), default=6, show_default=True, help="Admiralty information credibility 1-6.")
@click.option("--as-of", metavar="YYYY-MM-DD|today", help="When the statement (or silence) was observed.")
@click.option("--certainty", type=click.Choice(choices(Certainty)), help="stated, hedged (may, reportedly) or forecast (will, is expected to); left out, inferred from the quote or the claim's wording.")
@click.option("--note")
@click.option("--version", "expected_version", type=int, help="Refuse if the claim is no longer at this version.")
@pass_context
@handle_errors
def attribute_command(context: Context, claim: str, source: str, stance: str, mode: str, document: str | None, quote: str | None, span: tuple[int, int] | None, relayed_via: str | None, credibility: int, as_of: str | None, certainty: str | None, note: str | None, expected_version: int | None) -> None:
    """Record one source's position on a claim; the status is recomputed at once.

    Example: workbench attribute 1 "Ahmed Ali" asserts --mode direct_quote --quote "evacuating bit by bit" --as-of 2026-01-27
    """
    when = parse_date(as_of, "--as-of")

    def add(session: Session) -> tuple[AttributionRecord, ClaimSummary]:
        record = attributions.add_attribution(
            session, context.reviewer, claim, source, stance, mode=mode, document=document, quote=quote,
            span=span or None, relayed_via=relayed_via, credibility=credibility, as_of=when,
            note=note, expected_version=expected_version, certainty=certainty,
        )
        return record, claims.get_claim(session, record.claim_id)

    record, summary = context.database().write(add)
    inferred = " (inferred from the wording)" if record.certainty_inferred else ""
    context.diagnose(
        f"attribution #{record.id} added, {record.certainty}{inferred}; claim {summary.id} is now {summary.status} ({summary.origins} origin(s))"
    )


@click.command("certainty")
@click.argument("attribution", type=int)
@click.argument("certainty", type=click.Choice([*choices(Certainty), "inferred"]))
@click.option("--reason", help="Why (the words that make it a hedge or a forecast, say).")
@pass_context
@handle_errors
def certainty_command(context: Context, attribution: int, certainty: str, reason: str | None) -> None:
    """Set how firmly an attribution puts its claim: stated, hedged or forecast ("inferred": detect it again).

    For an event only stated attributions count; for a plan forecasts count too.

    Example: workbench certainty 12 hedged --reason "'reportedly'"
    """
    chosen = None if certainty == "inferred" else certainty

    def change(session: Session) -> tuple[AttributionRecord, ClaimSummary]:
        record = attributions.set_certainty(session, context.reviewer, attribution, chosen, reason)
        return record, claims.get_claim(session, record.claim_id)

    record, summary = context.database().write(change)
    inferred = " (inferred from the wording)" if record.certainty_inferred else ""
    context.diagnose(f"attribution #{record.id} is {record.certainty}{inferred}; claim {summary.id} is now {summary.status}")


@click.command("silence")
@click.argument("claim")
@click.argument("source")
@click.option("--as-of", metavar="YYYY-MM-DD|today", default="today", show_default=True)
@click.option("--declined", is_flag=True, help="The party declined to comment (rather than made no statement).")
@click.option("--note")
@pass_context
@handle_errors
def silence_command(context: Context, claim: str, source: str, as_of: str, declined: bool, note: str | None) -> None:
    """Record that a party has made no statement (or declined to comment) on a claim.

    Example: workbench silence 1 "Russian government" --as-of 2026-01-27
    """
    when = parse_date(as_of, "--as-of")
    record = context.database().write(lambda session: attributions.record_silence(session, context.reviewer, claim, source, as_of=when, declined=declined, note=note))
    context.diagnose(f"attribution #{record.id}: {record.source.name} {record.stance.replace('_', ' ')} as of {record.as_of}")
