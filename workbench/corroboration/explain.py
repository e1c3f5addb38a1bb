"""The words of an assessment: the summary line, the one-sentence reason, the full explanation.

Plain text only; the CLI, the TUI and the case file escape and style it where they show it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.corroboration import wording
from workbench.vocabulary import Status

if TYPE_CHECKING:
    from workbench.corroboration.results import Assessment, Origin

MEMBERS_ONLY = "members only, not its own position"


def flags(assessment: Assessment) -> list[str]:
    """The flags shown beside the status; they never change it."""
    shown = [f"superseded by {claim.label}" for claim in assessment.superseded_by]
    shown += [f"disputed by {claim.label}" for claim in assessment.disputed_by]
    shown += [f"fulfilled by {claim.label}" for claim in assessment.fulfilled_by]
    return shown


def summary(assessment: Assessment) -> str:
    text = " · ".join([assessment.status.value, *flags(assessment)])
    if assessment.awaiting:
        text += f" · awaiting: {assessment.awaiting_text()}"
    return text


def reason(assessment: Assessment) -> str:
    asserting, denying = len(assessment.asserting), len(assessment.denying)
    status = assessment.status
    if status is Status.UNSOURCED:
        return "No counted source asserts or denies this claim."
    if status is Status.CONTESTED:
        return (
            f"{wording.origins(asserting)} assert{'s' if asserting == 1 else ''} it and "
            f"{wording.origins(denying)} den{'ies' if denying == 1 else 'y'} it."
        )
    if status is Status.REFUTED:
        return f"Only denials: {wording.origins(denying)} den{'ies' if denying == 1 else 'y'} it, none asserts it."
    if status is Status.SINGLE_SOURCE:
        return "One independent origin asserts it; none denies it."
    return f"{wording.origins(asserting)} assert it; none denies it."


def lines(assessment: Assessment) -> list[str]:
    """The whole explanation, one screen for a claim with a handful of outlets."""
    status = assessment.status.value
    if assessment.as_of is None:
        out = [f"Status: {status}. {reason(assessment)}"]
    else:
        out = [f"Status as of {wording.day(assessment.as_of)}: {status}. {reason(assessment)}"]
        if assessment.left_out:
            later = assessment.left_out
            out.append(f"Left out: {later} attribution{'s' if later != 1 else ''} observed after that date.")
    for claim in assessment.superseded_by:
        out.append(f"Superseded by {claim.label}: a later, more authoritative account replaces this claim.")
    for claim in assessment.disputed_by:
        out.append(f"Disputed by {claim.label}: {wording.origins(claim.asserting_origins)} assert a contradicting claim.")
    for claim in assessment.fulfilled_by:
        out.append(f"Fulfilled by {claim.label}: the event it planned has been reported.")
    if assessment.origins:
        out.append(f"Independent origins counted ({len(assessment.origins)}):")
        for number, origin in enumerate(assessment.origins, start=1):
            out.append(f"  {number}. {_origin_heading(origin)}")
            for counted in origin.attributions:
                out.append(f"     - #{counted.attribution_id} {counted.source_name}: {counted.reason}")
    if assessment.uncounted:
        out.append("Not counted:")
        for item in assessment.uncounted:
            out.append(f"  - #{item.attribution_id} {item.source_name} ({item.stance.value}): {item.reason}")
    if assessment.awaiting:
        out.append("Awaiting:")
        for party in assessment.awaiting:
            out.append(f"  - {party.describe()}")
    if assessment.no_longer_awaited:
        out.append("No longer awaited (spoke after their silence was recorded):")
        for party in assessment.no_longer_awaited:
            out.append(f"  - {party.name}: {party.history}")
    return out


def _origin_heading(origin: Origin) -> str:
    stances = ", ".join(sorted(s.value for s in origin.stances))
    notes = []
    if not origin.own_position:
        notes.append(MEMBERS_ONLY)
    if origin.joined_because:
        notes.append(origin.joined_because)
    return f"{origin.name} ({stances})" + "".join(f" — {note}" for note in notes)
