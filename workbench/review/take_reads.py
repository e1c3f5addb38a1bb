"""Reading who is on what, for the claim list and the dossier: no write path is imported here.

The claim list and each dossier show the running takes; keeping these reads apart from the
take/release use cases (which write audited review events, and so load the status rules)
keeps ``workbench claims list`` from importing the corroboration rules at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from workbench.db.base import utcnow
from workbench.db.batches import IN_LIST_SIZE, chunks, padded
from workbench.db.models import Claim, ClaimTake
from workbench.records import ClaimTakeRecord


def list_takes(session: Session, *, reviewer: str | None = None, now: datetime | None = None) -> list[ClaimTakeRecord]:
    """Every take still running (of one reviewer, if given), oldest first, with the claim's text."""
    query = (
        select(ClaimTake, Claim.text)
        .join(Claim, Claim.id == ClaimTake.claim_id)
        .where(ClaimTake.expires_at > (now or utcnow()))
        .order_by(ClaimTake.taken_at, ClaimTake.claim_id)
    )
    if reviewer is not None:
        query = query.where(ClaimTake.reviewer == reviewer)
    return [take_record(take, text) for take, text in session.execute(query)]


def active_takes(session: Session, claim_ids: Iterable[int], now: datetime | None = None) -> dict[int, ClaimTakeRecord]:
    """The running takes on these claims, by claim id (the claim list shows them on each row)."""
    now = now or utcnow()
    found: dict[int, ClaimTakeRecord] = {}
    for chunk in chunks(list(claim_ids), IN_LIST_SIZE):
        query = select(ClaimTake).where(ClaimTake.claim_id.in_(padded(chunk)), ClaimTake.expires_at > now)
        found.update((take.claim_id, take_record(take)) for take in session.scalars(query))
    return found


def taken_by_others(reviewer: str, now: datetime | None = None) -> ColumnElement[bool]:
    """A filter on claims: someone other than ``reviewer`` has a running take on it."""
    return exists().where(
        ClaimTake.claim_id == Claim.id, ClaimTake.reviewer != reviewer, ClaimTake.expires_at > (now or utcnow())
    )


def take_record(take: ClaimTake, claim_text: str | None = None) -> ClaimTakeRecord:
    """The plain record of a stored take (with the claim's text when the caller read it)."""
    return ClaimTakeRecord(
        claim_id=take.claim_id,
        reviewer=take.reviewer,
        taken_at=take.taken_at,
        expires_at=take.expires_at,
        taken_over_from=take.taken_over_from,
        reason=take.reason,
        claim_text=claim_text,
    )
