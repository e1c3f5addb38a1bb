"""Use cases on the desk's marks that two sources may be the same person or body.

Two outlets' unnamed "security sources" are two reporting chains, unless nobody can tell
whether they are one person: the desk marks the pair, and the rules count their chains as
one (``corroboration.chains``). A mark is stored once per pair, the lower id first; marking
and unmarking recompute every claim either source touches, as one audited write.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from workbench.db.models import PossiblySameSource, Source
from workbench.errors import InvalidInput, NotFound
from workbench.records import PossiblySameMark
from workbench.review import status
from workbench.review.references import find_source, require_storable
from workbench.review.writes import audited_write
from workbench.vocabulary import EntityType


def mark_possibly_same(
    session: Session, reviewer: str, source: str | int, other: str | int, note: str | None = None
) -> tuple[PossiblySameMark, set[int]]:
    """Mark two sources as possibly the same; returns the mark and the claims recomputed."""
    require_storable(note, "note")
    first, second = _pair(session, source, other)
    if _find(session, first.id, second.id) is not None:
        raise InvalidInput(f"{first.name} and {second.name} are already marked as possibly the same")
    with audited_write(session, reviewer) as write:
        mark = PossiblySameSource(source_id=first.id, other_source_id=second.id, note=note or None)
        session.add(mark)
        write.flush()
        write.log(EntityType.SOURCE, first.id, "possibly_same_marked", after=_snapshot(mark), reason=note)
        affected = _affected(session, first.id, second.id)
        write.recompute(affected)
    return _record(session, mark.id), affected


def unmark_possibly_same(
    session: Session, reviewer: str, source: str | int, other: str | int, reason: str | None = None
) -> set[int]:
    """Take the mark off a pair; returns the claims recomputed."""
    require_storable(reason, "reason")
    first, second = _pair(session, source, other)
    mark = _find(session, first.id, second.id)
    if mark is None:
        raise NotFound(f"{first.name} and {second.name} are not marked as possibly the same")
    with audited_write(session, reviewer) as write:
        before = _snapshot(mark)
        session.delete(mark)
        write.log(EntityType.SOURCE, first.id, "possibly_same_unmarked", before=before, reason=reason)
        affected = _affected(session, first.id, second.id)
        write.recompute(affected)
    return affected


def list_possibly_same(session: Session, source: str | int | None = None) -> list[PossiblySameMark]:
    """Every mark (or those involving one source), by the names of the pair."""
    query = select(PossiblySameSource.id)
    if source is not None and str(source).strip():
        found = find_source(session, source)
        query = query.where(
            or_(PossiblySameSource.source_id == found.id, PossiblySameSource.other_source_id == found.id)
        )
    return sorted(
        (_record(session, mark_id) for mark_id in session.scalars(query)),
        key=lambda mark: (mark.source_name.casefold(), mark.other_source_name.casefold(), mark.id),
    )


def _pair(session: Session, source: str | int, other: str | int) -> tuple[Source, Source]:
    first, second = find_source(session, source), find_source(session, other)
    if first.id == second.id:
        raise InvalidInput(f"{first.name} is the same source already; mark two different sources")
    return (first, second) if first.id < second.id else (second, first)


def _find(session: Session, first_id: int, second_id: int) -> PossiblySameSource | None:
    return session.scalars(
        select(PossiblySameSource).where(
            PossiblySameSource.source_id == first_id, PossiblySameSource.other_source_id == second_id
        )
    ).first()


def _affected(session: Session, first_id: int, second_id: int) -> set[int]:
    return status.claims_affected_by_source(session, first_id) | status.claims_affected_by_source(session, second_id)


def _snapshot(mark: PossiblySameSource) -> dict[str, object]:
    return {"id": mark.id, "source_id": mark.source_id, "other_source_id": mark.other_source_id, "note": mark.note}


def _record(session: Session, mark_id: int) -> PossiblySameMark:
    first, second = aliased(Source), aliased(Source)
    row = session.execute(
        select(PossiblySameSource, first.name, second.name)
        .join(first, first.id == PossiblySameSource.source_id)
        .join(second, second.id == PossiblySameSource.other_source_id)
        .where(PossiblySameSource.id == mark_id)
    ).one()
    mark, first_name, second_name = row
    return PossiblySameMark(mark.id, mark.source_id, first_name, mark.other_source_id, second_name, mark.note, mark.created_at)
