"""Use cases on sources: list, add, grade, affiliate (and say how: member_of or speaks_for).

Grading a source or changing its affiliation or the kind of it changes how its attributions
count, so each recomputes every affected claim's status in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from workbench.db.batches import chunks, padded
from workbench.db.models import Attribution, Source, SourceAlias
from workbench.errors import InvalidInput, NotFound
from workbench.limits import MAX_ALIASES, MAX_KEY
from workbench.records import SourceRecord
from workbench.review import status
from workbench.review.record_builders import source_record
from workbench.review.references import escape_like, find_source, require_storable, unique_key
from workbench.review.writes import audited_write
from workbench.vocabulary import AffiliationKind, EntityType, Reliability, SourceKind, choices

MAX_PAGE = 1000
"""Sources per page at most: a desk's list runs to thousands, and the table of 5,000 took 9 s."""


def list_sources(
    session: Session,
    text: str | None = None,
    grade: str | None = None,
    limit: int = 100,
    *,
    after_id: int | None = None,
) -> list[SourceRecord]:
    """A page of sources by name, each with its affiliation and how many attributions cite it.

    Keyset paging in name order: ``after_id`` continues after that source (its name, then its
    id, break ties). Only the page's sources are counted: grouping every attribution to count
    all sources took about a second at a million claims, for a page that shows a hundred.
    """
    parent = aliased(Source)
    name_order = func.lower(Source.name)
    query = (
        select(Source, parent.name)
        .outerjoin(parent, Source.affiliation_id == parent.id)
        .options(selectinload(Source.aliases))
        .order_by(name_order, Source.id)
        .limit(max(1, min(limit, MAX_PAGE + 1)))  # + 1: a caller may ask whether more follow
    )
    if after_id is not None:
        after = session.execute(select(func.lower(Source.name)).where(Source.id == after_id)).scalar_one_or_none()
        if after is None:
            raise NotFound(f"no source #{after_id} to continue after")
        query = query.where(or_(name_order > after, and_(name_order == after, Source.id > after_id)))
    if grade:
        query = query.where(Source.reliability == parse_grade(grade).value)
    if text:
        pattern = f"%{escape_like(text.casefold())}%"
        alias_match = select(SourceAlias.source_id).where(func.lower(SourceAlias.alias).like(pattern, escape="\\"))
        query = query.where(
            or_(func.lower(Source.name).like(pattern, escape="\\"), Source.id.in_(alias_match))
        )
    rows = session.execute(query).all()
    counts = attribution_counts(session, [source.id for source, _ in rows])
    return [source_record(source, parent_name, counts.get(source.id, 0)) for source, parent_name in rows]


def attribution_counts(session: Session, source_ids: Sequence[int]) -> dict[int, int]:
    """How many attributions cite each of these sources (absent: none), read from the index on
    ``attributions.source_id`` for these sources only."""
    counts: dict[int, int] = {}
    for chunk in chunks(list(source_ids)):
        rows = session.execute(
            select(Attribution.source_id, func.count()).where(Attribution.source_id.in_(padded(chunk))).group_by(Attribution.source_id)
        )
        counts.update((source_id, n) for source_id, n in rows)
    return counts


def get_source(session: Session, reference: str | int) -> SourceRecord:
    source = find_source(session, reference)
    return _reload(session, source.id)


def add_source(
    session: Session,
    reviewer: str,
    name: str,
    *,
    kind: str = SourceKind.PERSON.value,
    role: str | None = None,
    affiliation: str | int | None = None,
    reliability: str = Reliability.F.value,
    aliases: Sequence[str] = (),
    key: str | None = None,
    reason: str | None = None,
    affiliation_kind: str = AffiliationKind.MEMBER_OF.value,
) -> SourceRecord:
    """Add a source; ``affiliation_kind`` says whether it speaks for its affiliation or only belongs to it."""
    name = name.strip()
    if not name:
        raise InvalidInput("a source needs a name")
    for field, value in (("name", name), ("role", role), *(("alias", a) for a in aliases)):
        require_storable(value, field)
    if len(aliases) > MAX_ALIASES:
        raise InvalidInput(f"aliases: too many ({len(aliases):,}; the limit is {MAX_ALIASES:,})")
    require_storable(key, "key", MAX_KEY)
    kind = parse_kind(kind)
    grade = parse_grade(reliability)
    affiliation_kind = parse_affiliation_kind(affiliation_kind)
    if key is not None and session.scalar(select(Source.id).where(Source.key == key)) is not None:
        raise InvalidInput(f"a source with key {key!r} already exists")
    parent = find_source(session, affiliation) if affiliation not in (None, "") else None
    with audited_write(session, reviewer) as write:
        source = Source(
            key=key or unique_key(session, Source, "src", name),
            name=name,
            kind=kind,
            role=role or None,
            reliability=grade.value,
            affiliation_id=parent.id if parent else None,
            affiliation_kind=affiliation_kind,
        )
        source.aliases = [SourceAlias(alias=alias.strip()) for alias in dict.fromkeys(aliases) if alias.strip()]
        session.add(source)
        write.flush()
        write.log(
            EntityType.SOURCE,
            source.id,
            "source_added",
            after=snapshot(source, [a.alias for a in source.aliases]),
            reason=reason,
        )
    return _reload(session, source.id)


def grade_source(
    session: Session, reviewer: str, reference: str | int, grade: str, reason: str | None = None
) -> tuple[SourceRecord, set[int]]:
    """Set a source's reliability grade; returns the source and the claims whose status was recomputed."""
    source = find_source(session, reference)
    new_grade = parse_grade(grade)
    before = source.reliability
    if before == new_grade.value:
        return _reload(session, source.id), set()
    with audited_write(session, reviewer) as write:
        source.reliability = new_grade.value
        write.log(
            EntityType.SOURCE,
            source.id,
            "source_graded",
            before={"reliability": before},
            after={"reliability": new_grade.value},
            reason=reason,
        )
        affected = status.claims_affected_by_source(session, source.id)
        write.recompute(affected)
    return _reload(session, source.id), affected


def set_affiliation(
    session: Session,
    reviewer: str,
    reference: str | int,
    affiliation: str | int | None,
    reason: str | None = None,
    kind: str | None = None,
) -> tuple[SourceRecord, set[int]]:
    """Attach a source to another (or detach it), optionally saying how (``kind``: member_of or
    speaks_for; left out, the kind stays); recomputes every claim it touches."""
    source = find_source(session, reference)
    parent = find_source(session, affiliation) if affiliation not in (None, "") else None
    if parent is not None and _would_cycle(session, source.id, parent.id):
        raise InvalidInput(f"{source.name} cannot be affiliated with {parent.name}: that would make a loop")
    new_parent = parent.id if parent else None
    new_kind = parse_affiliation_kind(kind) if kind else source.affiliation_kind
    before = {"affiliation_id": source.affiliation_id, "affiliation_kind": source.affiliation_kind}
    after = {"affiliation_id": new_parent, "affiliation_kind": new_kind}
    if before == after:
        return _reload(session, source.id), set()
    with audited_write(session, reviewer) as write:
        affected_before = status.claims_affected_by_source(session, source.id)
        source.affiliation_id, source.affiliation_kind = new_parent, new_kind
        write.log(
            EntityType.SOURCE,
            source.id,
            "source_affiliated",
            before=before,
            after=after,
            reason=reason,
        )
        affected = affected_before | status.claims_affected_by_source(session, source.id)
        write.recompute(affected)
    return _reload(session, source.id), affected


def set_affiliation_kind(
    session: Session, reviewer: str, reference: str | int, kind: str, reason: str | None = None
) -> tuple[SourceRecord, set[int]]:
    """Say how a source belongs to its affiliation: ``member_of`` (groups for independence only)
    or ``speaks_for`` (its statements and silences are the affiliation's own)."""
    source = find_source(session, reference)
    if source.affiliation_id is None:
        raise InvalidInput(f"{source.name} has no affiliation; give one first (`workbench sources affiliate`)")
    return set_affiliation(session, reviewer, source.id, source.affiliation_id, reason, kind=kind)


def source_names(session: Session) -> list[tuple[int, str]]:
    """Every (source id, name or alias), for fuzzy pickers and name resolution."""
    names = [(row.id, row.name) for row in session.execute(select(Source.id, Source.name))]
    names += [(row.source_id, row.alias) for row in session.execute(select(SourceAlias.source_id, SourceAlias.alias))]
    return names


def snapshot(source: Source, aliases: Sequence[str] = ()) -> dict[str, object]:
    return {
        "key": source.key,
        "name": source.name,
        "kind": source.kind,
        "role": source.role,
        "reliability": source.reliability,
        "affiliation_id": source.affiliation_id,
        "affiliation_kind": source.affiliation_kind,
        "aliases": list(aliases),
    }


def parse_grade(grade: str) -> Reliability:
    try:
        return Reliability(str(grade).strip().upper())
    except ValueError:
        raise InvalidInput(f"unknown reliability grade {grade!r} (expected one of: A, B, C, D, E, F)") from None


def parse_affiliation_kind(kind: str) -> str:
    try:
        return AffiliationKind(kind.strip().lower().replace(" ", "_").replace("-", "_")).value
    except ValueError:
        raise InvalidInput(
            f"unknown affiliation kind {kind!r} (expected one of: {', '.join(choices(AffiliationKind))})"
        ) from None


def parse_kind(kind: str) -> str:
    try:
        return SourceKind(kind).value
    except ValueError:
        raise InvalidInput(f"unknown source kind {kind!r} (expected one of: {', '.join(choices(SourceKind))})") from None


def _would_cycle(session: Session, source_id: int, parent_id: int) -> bool:
    current: int | None = parent_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        if current == source_id:
            return True
        seen.add(current)
        current = session.scalar(select(Source.affiliation_id).where(Source.id == current))
    return False


def _reload(session: Session, source_id: int) -> SourceRecord:
    return list_sources_by_ids(session, [source_id])[0]


def list_sources_by_ids(session: Session, ids: Sequence[int]) -> list[SourceRecord]:
    parent = aliased(Source)
    counts = (
        select(func.count()).where(Attribution.source_id == Source.id).correlate(Source).scalar_subquery()
    )
    rows = session.execute(
        select(Source, parent.name, counts)
        .outerjoin(parent, Source.affiliation_id == parent.id)
        .options(selectinload(Source.aliases))
        .where(Source.id.in_(list(ids)))
        .execution_options(populate_existing=True)
    )
    return [source_record(source, parent_name, count) for source, parent_name, count in rows]

