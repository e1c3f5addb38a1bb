"""Who is on what: a reviewer takes a claim, and the others see "in review by Lina since 10:42".

A take is a courtesy between colleagues, not a lock: it never stops anyone from saving a
change (the version check does that), and it changes nothing about the claim itself, so
taking a claim never makes a colleague's open dialog stale. It expires after
``config.take_minutes()`` (``$WORKBENCH_TAKE_MINUTES``); an expired take counts as free.
Taking a claim you already have starts its time anew. Someone else's take is released only by
them, or taken over with a reason, which the review log keeps.

Taking, releasing and taking over each write a review event, like every other change, so the
other reviewers' open TUIs learn of it the way they learn of a verdict (``desk_news``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from workbench.config import take_minutes
from workbench.db.base import utcnow
from workbench.db.models import ClaimTake
from workbench.errors import InvalidInput, WorkbenchError
from workbench.records import ClaimTakeRecord
from workbench.review.references import require_storable
from workbench.review.take_reads import take_record
from workbench.review.writes import audited_write
from workbench.vocabulary import EntityType

TAKEN = "claim_taken"
RELEASED = "claim_released"
TAKEN_OVER = "claim_taken_over"
TAKE_ACTIONS = frozenset({TAKEN, RELEASED, TAKEN_OVER})


class ClaimTaken(WorkbenchError):
    """Someone else has the claim: taking or releasing it is refused (take it over instead)."""

    def __init__(self, take: ClaimTakeRecord, doing: str) -> None:
        super().__init__(
            f"claim {take.claim_id} is {take.describe()} (until {take.expires_at:%H:%M} UTC); nothing was "
            f"{doing} — to take it over, give a reason (workbench claims take-over {take.claim_id} --reason ...)"
        )
        self.take = take


class NotTaken(WorkbenchError):
    """Release of a claim nobody has (or whose take has expired): there is nothing to release."""


def take_claim(session: Session, reviewer: str, reference: str | int, *, now: datetime | None = None) -> ClaimTakeRecord:
    """Take a claim: yours until it expires. Yours already: its time starts anew.

    Refused with ``ClaimTaken`` while someone else's take on it runs.
    """
    now = now or utcnow()
    with audited_write(session, reviewer) as write:
        claim = write.claim(reference, touch=False)  # the lock, not a change
        current = _current(session, claim.id, now)
        if current is not None and current.reviewer != reviewer:
            raise ClaimTaken(take_record(current), "taken")
        if current is not None:  # renewed: still the same take, nobody else needs to hear of it
            current.expires_at = _expiry(now)
            return take_record(current)
        take = _replace(session, claim.id, reviewer, now)
        write.log(EntityType.CLAIM, claim.id, TAKEN, claim_id=claim.id, after={"reviewer": reviewer})
    return take_record(take)


def take_over_claim(
    session: Session, reviewer: str, reference: str | int, reason: str, *, now: datetime | None = None
) -> ClaimTakeRecord:
    """Take a claim someone else has, saying why (the reason is required and kept in the log).

    A claim nobody has is simply taken (the reason is still recorded); your own is renewed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("taking over a claim needs a reason (--reason): the other reviewer will read it")
    require_storable(reason, "reason")
    now = now or utcnow()
    with audited_write(session, reviewer) as write:
        claim = write.claim(reference, touch=False)
        current = _current(session, claim.id, now)
        if current is not None and current.reviewer == reviewer:
            current.expires_at = _expiry(now)
            return take_record(current)
        previous = current.reviewer if current is not None else None
        take = _replace(session, claim.id, reviewer, now, taken_over_from=previous, reason=reason)
        if previous is None:
            write.log(EntityType.CLAIM, claim.id, TAKEN, claim_id=claim.id, after={"reviewer": reviewer}, reason=reason)
        else:
            write.log(
                EntityType.CLAIM, claim.id, TAKEN_OVER, claim_id=claim.id,
                before={"reviewer": previous}, after={"reviewer": reviewer}, reason=reason,
            )
    return take_record(take)


def release_claim(session: Session, reviewer: str, reference: str | int, *, now: datetime | None = None) -> ClaimTakeRecord:
    """Give a claim back. Only its taker can: someone else's take is refused (``ClaimTaken``)."""
    now = now or utcnow()
    with audited_write(session, reviewer) as write:
        claim = write.claim(reference, touch=False)
        current = _current(session, claim.id, now)
        if current is None:
            raise NotTaken(f"claim {claim.id} is not taken (or its take has expired): nothing to release")
        released = take_record(current)
        if current.reviewer != reviewer:
            raise ClaimTaken(released, "released")
        session.delete(current)
        write.log(EntityType.CLAIM, claim.id, RELEASED, claim_id=claim.id, before={"reviewer": reviewer})
    return released


def _current(session: Session, claim_id: int, now: datetime) -> ClaimTake | None:
    """The claim's running take, read again (the claim row's lock serialises takers)."""
    take = session.get(ClaimTake, claim_id, populate_existing=True)
    return take if take is not None and take.expires_at > now else None


def _replace(
    session: Session, claim_id: int, reviewer: str, now: datetime,
    *, taken_over_from: str | None = None, reason: str | None = None,
) -> ClaimTake:
    """Store a new take on the claim, over any expired one."""
    take = session.get(ClaimTake, claim_id)
    if take is None:
        take = ClaimTake(claim_id=claim_id)
        session.add(take)
    take.reviewer, take.taken_at, take.expires_at = reviewer, now, _expiry(now)
    take.taken_over_from, take.reason = taken_over_from, reason
    session.flush()
    return take


def _expiry(now: datetime) -> datetime:
    return now + timedelta(minutes=take_minutes())
