"""Who is on what: ``claims take``, ``claims take-over``, ``claims release`` and ``claims takes``
(listed in the lazy ``claims`` group, ``cli/claims_group.py``)."""

from __future__ import annotations

from typing import Any

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import emit_rows
from workbench.config import take_minutes
from workbench.records import ClaimTakeRecord
from workbench.review import claim_takes, take_reads

TAKE_COLUMNS = ["claim_id", "reviewer", "taken_at", "expires_at", "taken_over_from", "reason", "claim_text"]


@click.command("take")
@click.argument("claim")
@pass_context
@handle_errors
def take_command(context: Context, claim: str) -> None:
    """Take a claim: the others see it is in review by you, until the take expires.

    A take lasts $WORKBENCH_TAKE_MINUTES minutes (30 by default); taking it again starts the
    time anew. A claim someone else has is refused: take it over with a reason instead.

    Example: workbench claims take 12
    """
    with context.database().writing() as session:
        take = claim_takes.take_claim(session, context.reviewer, claim)
    context.diagnose(f"claim {take.claim_id} is {take.describe()} (until {take.expires_at:%H:%M} UTC)")


@click.command("take-over")
@click.argument("claim")
@click.option("--reason", required=True, help="Why you take it from its reviewer (kept in the review log).")
@pass_context
@handle_errors
def take_over_command(context: Context, claim: str, reason: str) -> None:
    """Take a claim someone else has: the reason is required, and the review log keeps it.

    Example: workbench claims take-over 12 --reason "Lina is off shift; the MoD replied"
    """
    with context.database().writing() as session:
        take = claim_takes.take_over_claim(session, context.reviewer, claim, reason)
    before = f", taken over from {take.taken_over_from}" if take.taken_over_from else ""
    context.diagnose(f"claim {take.claim_id} is {take.describe()}{before} (until {take.expires_at:%H:%M} UTC)")


@click.command("release")
@click.argument("claim")
@pass_context
@handle_errors
def release_command(context: Context, claim: str) -> None:
    """Give back a claim you took. Someone else's take is theirs to release (or take it over).

    Example: workbench claims release 12
    """
    with context.database().writing() as session:
        take = claim_takes.release_claim(session, context.reviewer, claim)
    context.diagnose(f"claim {take.claim_id} released")


@click.command("takes")
@click.option("--mine", is_flag=True, help="Only the claims you have taken.")
@output_options
@pass_context
@handle_errors
def takes_command(context: Context, mine: bool, as_json: bool, as_csv: bool) -> None:
    """List who is on what: every take still running, oldest first (expired takes are free).

    Example: workbench claims takes --json
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        takes = take_reads.list_takes(session, reviewer=context.reviewer if mine else None)
    emit_rows([_row(take) for take in takes], TAKE_COLUMNS, fmt)
    if not takes:
        context.diagnose(f"nobody has a claim taken (a take lasts {take_minutes():g} minutes)")


def _row(take: ClaimTakeRecord) -> dict[str, Any]:
    return {
        "claim_id": take.claim_id,
        "reviewer": take.reviewer,
        "taken_at": take.taken_at.isoformat(sep=" ", timespec="minutes"),
        "expires_at": take.expires_at.isoformat(sep=" ", timespec="minutes"),
        "taken_over_from": take.taken_over_from,
        "reason": take.reason,
        "claim_text": take.claim_text,
    }

