"""What the rules give back: the status, the reporting chains behind it, and what was not counted.

Plain frozen data, so the CLI, the TUI, the case file and JSON output all read the same
answer; the words of the explanation are built by the functions at the end of this module and the drawable chains in ``tree``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from workbench.corroboration import wording
from workbench.corroboration.facts import RelatedClaim
from workbench.immutable import immutable_record
from workbench.vocabulary import Certainty, ClaimKind, Stance, Status


class Collapse(StrEnum):
    """Why an attribution counts under an origin that is not simply its own source."""

    DIRECT = "direct"  # the source is the origin
    SAME_AFFILIATION = "same_affiliation"
    RELAYED = "relayed"
    REWRITE = "rewrite"
    OUTLET_REPORTING = "outlet_reporting"  # unnamed sources or a correspondent: the outlet's own reporting


class NotCounted(StrEnum):
    """Why an attribution is shown but not counted."""

    GRADED_E = "graded_e"
    NO_OUTLET = "no_outlet"  # a rewrite of a document that names no outlet
    GARBLED_COPY = "garbled_copy"
    HEDGED = "hedged"
    FORECAST = "forecast"


@immutable_record
class Carriage:
    """How a statement reached the desk: the relays it passed through and the document carrying it.

    ``relays`` names who passed it on, nearest the first maker first; ``original_*`` is set
    when the carrying document is a rewrite or copy of another.
    """

    relays: tuple[str, ...] = ()
    document_id: int | None = None
    document_title: str | None = None
    original_id: int | None = None
    original_title: str | None = None


@immutable_record
class CountedAttribution:
    attribution_id: int
    source_name: str
    stance: Stance
    collapse: Collapse
    reason: str
    carriage: Carriage = Carriage()
    certainty: Certainty = Certainty.STATED


@immutable_record
class Origin:
    """An independent reporting chain and the attributions counted in it.

    ``own_position`` is false when every counted statement comes from people who merely
    belong to the party (``member_of``): the chain is then named after the party for
    independence, yet the party itself has said nothing. ``joined`` names the chains counted
    with this one because the desk marked their sources as possibly the same.
    """

    source_id: int
    name: str
    stances: frozenset[Stance]
    attributions: tuple[CountedAttribution, ...]
    own_position: bool = True
    joined: tuple[str, ...] = ()
    joined_because: str = ""

    @property
    def asserts(self) -> bool:
        return Stance.ASSERTS in self.stances

    @property
    def denies(self) -> bool:
        return Stance.DENIES in self.stances


@immutable_record
class Uncounted:
    """An attribution shown but not counted, with why; ``chain_id`` is the reporting chain it
    would have belonged to, when the rules got that far (a hedge, a garbled copy)."""

    attribution_id: int
    source_name: str
    stance: Stance
    reason: str
    why: NotCounted | None = None
    chain_id: int | None = None
    chain_name: str | None = None
    carriage: Carriage = Carriage()
    certainty: Certainty = Certainty.STATED


@immutable_record
class AwaitedParty:
    """A party whose statement is missing: "Russian government (as of 2026-01-27)".

    ``history`` tells the party's silences and how the last one ended, for the explanation
    ("silent as of 27 Jan 2026; confirmed by its spokesperson 28 Jan 2026").
    """

    source_id: int
    name: str
    stance: Stance
    as_of: date | None
    history: str = ""

    def describe(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "date unknown"
        declined = ", declined to comment" if self.stance is Stance.DECLINED_TO_COMMENT else ""
        return f"{self.name} (as of {when}{declined})"


@immutable_record
class Assessment:
    """The status of one claim with everything needed to explain it.

    ``as_of`` is set when only the evidence observed by that date was used; ``left_out``
    counts the attributions observed later. ``disputed_by`` and ``superseded_by`` are the
    flags shown beside the status; they never change it.
    """

    status: Status
    origins: tuple[Origin, ...]
    uncounted: tuple[Uncounted, ...]
    awaiting: tuple[AwaitedParty, ...]
    no_longer_awaited: tuple[AwaitedParty, ...] = ()
    disputed_by: tuple[RelatedClaim, ...] = ()
    superseded_by: tuple[RelatedClaim, ...] = ()
    fulfilled_by: tuple[RelatedClaim, ...] = ()
    claim_kind: ClaimKind = ClaimKind.EVENT
    as_of: date | None = None
    left_out: int = 0

    @property
    def asserting(self) -> tuple[Origin, ...]:
        return tuple(origin for origin in self.origins if origin.asserts)

    @property
    def denying(self) -> tuple[Origin, ...]:
        return tuple(origin for origin in self.origins if origin.denies)

    @property
    def origin_count(self) -> int:
        return len(self.origins)

    def awaiting_text(self) -> str | None:
        """The awaited parties as one line, as stored on the claim for SQL users."""
        return awaiting_line(self.awaiting)

    def flags(self) -> list[str]:
        """What is shown beside the status: "superseded by claim-15-days", "disputed by ..."."""
        return _flags(self)

    def summary(self) -> str:
        """One line: "corroborated · awaiting: Russian government (as of 2026-01-27)"."""
        return _summary(self)

    def reason(self) -> str:
        """Why this status, in one sentence."""
        return _reason(self)

    def explanation_lines(self) -> list[str]:
        """The whole explanation as plain lines, for the CLI and case files."""
        return _lines(self)


def awaiting_line(awaiting: Sequence[AwaitedParty]) -> str | None:
    """Awaited parties as one line, as stored on the claim (``Assessment.awaiting_text``)."""
    if not awaiting:
        return None
    return "; ".join(party.describe() for party in awaiting)


# The words of an assessment: plain text only; the CLI, the TUI and the case file escape and
# style it where they show it. They live beside the records they read so that the records'
# methods need no second module (which would import these records back: a cycle).
def _flags(assessment: Assessment) -> list[str]:
    """The flags shown beside the status; they never change it."""
    shown = [f"superseded by {claim.label}" for claim in assessment.superseded_by]
    shown += [f"disputed by {claim.label}" for claim in assessment.disputed_by]
    shown += [f"fulfilled by {claim.label}" for claim in assessment.fulfilled_by]
    return shown


def _summary(assessment: Assessment) -> str:
    text = " · ".join([assessment.status.value, *_flags(assessment)])
    if assessment.awaiting:
        text += f" · awaiting: {assessment.awaiting_text()}"
    return text


def _reason(assessment: Assessment) -> str:
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


def _lines(assessment: Assessment) -> list[str]:
    """The whole explanation, one screen for a claim with a handful of outlets."""
    status = assessment.status.value
    if assessment.as_of is None:
        out = [f"Status: {status}. {_reason(assessment)}"]
    else:
        out = [f"Status as of {wording.day(assessment.as_of)}: {status}. {_reason(assessment)}"]
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
        notes.append(wording.MEMBERS_ONLY)
    if origin.joined_because:
        notes.append(origin.joined_because)
    return f"{origin.name} ({stances})" + "".join(f" — {note}" for note in notes)
