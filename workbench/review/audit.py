"""The append-only review log: every change to claims, attributions, sources and links.

Only ``record`` writes to ``review_events``; nothing updates or deletes a row there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.config import Origin
from workbench.db.engine import ORIGIN_INFO
from workbench.db.models import ReviewEvent
from workbench.records import ReviewEventRecord
from workbench.vocabulary import EntityType


def record(
    session: Session,
    *,
    reviewer: str,
    entity_type: EntityType,
    entity_id: int,
    action: str,
    claim_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> ReviewEvent:
    """Append one event in the caller's transaction (so it commits or rolls back with the change).

    The event records where it was made: the ``Origin`` the session carries, if any.
    """
    origin: Origin | None = session.info.get(ORIGIN_INFO)
    event = ReviewEvent(
        reviewer=reviewer,
        entity_type=entity_type.value,
        entity_id=entity_id,
        claim_id=claim_id,
        action=action,
        before=jsonable_values(before),
        after=jsonable_values(after),
        reason=reason,
        origin=origin.where if origin else None,
        origin_session=origin.session_key if origin else None,
    )
    session.add(event)
    session.flush()
    return event


def claim_history(session: Session, claim_id: int, limit: int = 200) -> tuple[ReviewEventRecord, ...]:
    """The newest ``limit`` events about a claim, oldest first."""
    rows = session.scalars(
        select(ReviewEvent)
        .where(ReviewEvent.claim_id == claim_id)
        .order_by(ReviewEvent.id.desc())
        .limit(limit)
    ).all()
    return tuple(to_record(row) for row in reversed(rows))


def to_record(row: ReviewEvent) -> ReviewEventRecord:
    return ReviewEventRecord(
        id=row.id,
        at=row.at,
        reviewer=row.reviewer,
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        claim_id=row.claim_id,
        action=row.action,
        before=row.before,
        after=row.after,
        reason=row.reason,
    )


def jsonable_values(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A before/after mapping as stored in the log's JSON columns (dates as ISO text, lists)."""
    if values is None:
        return None
    out: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, tuple | set | frozenset):
            value = list(value)
        out[name] = value
    return out
