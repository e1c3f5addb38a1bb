"""What the claim list can be narrowed to, and how each filter becomes SQL.

``ClaimFilter`` is shared by the CLI's options, the TUI's filter bar and scripts; ``filtered``
turns one into a ``SELECT`` of claims. Every value reaches SQL only as a bound parameter, so
``x' OR '1'='1`` matches nothing and ``%`` and ``_`` are literal.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source
from workbench.errors import InvalidInput
from workbench.review.references import escape_like, find_source
from workbench.vocabulary import ClaimFlag, Stance, Status, Verdict, choices


@dataclass(frozen=True)
class ClaimFilter:
    """What the claim list is narrowed to; every value reaches SQL only as a bound parameter.

    ``text`` is full-text search (claim text, quotes, source names; typo-tolerant on SQLite);
    ``fuzzy`` ranks every claim with rapidfuzz instead (slower, forgiving of anything).
    Date ranges are inclusive; ``published`` is the date of a document carrying an
    attribution, ``as_of`` the date an attribution was observed, ``changed`` the claim's
    last change. ``flag`` keeps the claims flagged disputed, superseded or fulfilled.
    """

    status: str | None = None
    verdict: str | None = None
    source: str | None = None
    tag: str | None = None
    text: str | None = None
    fuzzy: str | None = None
    affiliation: str | None = None
    grades: tuple[str, ...] = ()
    awaiting: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    as_of_from: date | None = None
    as_of_to: date | None = None
    changed_from: date | None = None
    changed_to: date | None = None
    has_links: bool | None = None
    flag: str | None = None

    def normalized(self) -> ClaimFilter:
        """The filter with vocabulary words checked, tags folded and blank values dropped."""
        return replace(
            self,
            status=parse_status(self.status) if self.status else None,
            verdict=parse_verdict(self.verdict) if self.verdict else None,
            source=self.source or None,
            tag=self.tag.strip().lower() if self.tag else None,
            text=self.text.strip() if self.text and self.text.strip() else None,
            fuzzy=self.fuzzy.strip() if self.fuzzy and self.fuzzy.strip() else None,
            affiliation=self.affiliation or None,
            grades=tuple(sorted({g.strip().upper() for g in self.grades if g.strip()})),
            awaiting=self.awaiting or None,
            flag=parse_flag(self.flag) if self.flag else None,
        )


def filtered(session: Session, filters: ClaimFilter) -> Select[Claim]:
    """Every claim ``filters`` lets through (already ``normalized``), unordered and unpaged.

    Full-text and fuzzy search are not applied here: they rank, and the listing does that.
    """
    query = select(Claim)
    if filters.status:
        query = query.where(Claim.status == filters.status)
    if filters.verdict:
        query = query.where(Claim.verdict == filters.verdict)
    if filters.flag:
        query = query.where(flag_column(filters.flag).is_not(None))
    if filters.tag:
        query = query.where(Claim.id.in_(select(ClaimTag.claim_id).where(ClaimTag.tag == filters.tag)))
    if filters.source:
        source = find_source(session, filters.source)
        query = query.where(_carried_by(session, Attribution.source_id == source.id))
    if filters.affiliation:
        family = affiliated_source_ids(session, find_source(session, filters.affiliation).id)
        query = query.where(_carried_by(session, Attribution.source_id.in_(family)))
    if filters.grades:
        graded = select(Source.id).where(Source.reliability.in_(filters.grades))
        query = query.where(_carried_by(session, Attribution.source_id.in_(graded)))
    if filters.awaiting:
        party = find_source(session, filters.awaiting)
        silent = select(Attribution.claim_id).where(
            Attribution.source_id == party.id,
            Attribution.stance.in_([Stance.NO_STATEMENT.value, Stance.DECLINED_TO_COMMENT.value]),
        )
        pattern = f"%{escape_like(party.name)} (as of%"
        query = query.where(Claim.id.in_(silent), Claim.awaiting.like(pattern, escape="\\"))
    if filters.published_from or filters.published_to:
        documents = select(Document.id)
        if filters.published_from:
            documents = documents.where(Document.published_at >= _day_start(filters.published_from))
        if filters.published_to:
            documents = documents.where(Document.published_at < _day_start(filters.published_to + timedelta(days=1)))
        query = query.where(_carried_by(session, Attribution.document_id.in_(documents)))
    if filters.as_of_from or filters.as_of_to:
        conditions = []
        if filters.as_of_from:
            conditions.append(Attribution.as_of >= filters.as_of_from)
        if filters.as_of_to:
            conditions.append(Attribution.as_of <= filters.as_of_to)
        query = query.where(_carried_by(session, and_(*conditions)))
    if filters.changed_from:
        query = query.where(Claim.updated_at >= _day_start(filters.changed_from))
    if filters.changed_to:
        query = query.where(Claim.updated_at < _day_start(filters.changed_to + timedelta(days=1)))
    if filters.has_links is not None:
        linked = select(ClaimLink.from_claim_id).union(select(ClaimLink.to_claim_id))
        query = query.where(Claim.id.in_(linked) if filters.has_links else Claim.id.not_in(linked))
    return query


_SELECTIVE = 5000


def _carried_by(session: Session, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Claims with an attribution meeting ``condition``, in the plan that suits its selectivity.

    A selective condition (a little-cited source) is fastest as ``id IN (matching claim
    ids)``; an unselective one (every claim carried by a source graded F) is fastest as a
    correlated EXISTS checked while walking claims in page order, because the page fills
    after a few rows. SQLite's planner does not tell the two apart, so a capped count of
    matching attributions decides.
    """
    probe = select(Attribution.id).where(condition).limit(_SELECTIVE).subquery()
    matching = session.scalar(select(func.count()).select_from(probe)) or 0
    if matching < _SELECTIVE:
        return Claim.id.in_(select(Attribution.claim_id).where(condition))
    return exists().where(Attribution.claim_id == Claim.id, condition)


def affiliated_source_ids(session: Session, source_id: int) -> list[int]:
    """The source and every source affiliated with it, directly or through others."""
    family = {source_id}
    frontier = {source_id}
    while frontier:
        children = set(session.scalars(select(Source.id).where(Source.affiliation_id.in_(list(frontier)))))
        frontier = children - family
        family |= frontier
    return sorted(family)


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def parse_status(value: str) -> str:
    try:
        return Status(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"unknown status {value!r} (expected one of: {', '.join(choices(Status))})") from None


def flag_column(flag: str) -> InstrumentedAttribute[str | None]:
    """The stored column behind a flag (the keys of the claims that dispute, supersede or fulfil)."""
    columns = {
        ClaimFlag.DISPUTED.value: Claim.disputed_by,
        ClaimFlag.SUPERSEDED.value: Claim.superseded_by,
        ClaimFlag.FULFILLED.value: Claim.fulfilled_by,
    }
    return columns[flag]


def parse_flag(value: str) -> str:
    try:
        return ClaimFlag(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"unknown flag {value!r} (expected one of: {', '.join(choices(ClaimFlag))})") from None


def parse_verdict(value: str) -> str:
    normalized = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Verdict(normalized).value
    except ValueError:
        raise InvalidInput(f"unknown verdict {value!r} (expected one of: {', '.join(choices(Verdict))})") from None
