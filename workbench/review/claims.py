"""Use cases on claims: list and count, show the dossier, add, set a verdict, annotate.

Every function takes the caller's Session (one unit of work per user action) and returns
records. Writes that change a claim take the version the caller last saw and refuse with
``StaleClaim`` if the database moved on since: nothing is silently overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, tuple_
from sqlalchemy.orm import Session, aliased

from workbench.db.base import utcnow
from workbench.db.models import Attribution, Claim, ClaimCount, ClaimLink, ClaimTag, Document, Source, SourceAlias
from workbench.errors import InvalidInput, StaleClaim
from workbench.matching import fuzzy as matching
from workbench.matching import search
from workbench.records import (
    AttributionRecord,
    ClaimDossier,
    ClaimSummary,
    Counts,
    DocumentRecord,
    LinkRecord,
    SourceRecord,
)
from workbench.review import audit, status
from workbench.review.references import escape_like, find_claim, find_source, require_storable, unique_key
from workbench.vocabulary import EntityType, Stance, Status, Verdict, choices

MAX_PAGE = 1000


class SortOrder(StrEnum):
    """How the claim list is ordered; every order is keyset-pageable (``after_id``)."""

    ID = "id"  # oldest first
    NEWEST = "newest"  # newest first
    LAST_CHANGE = "last_change"  # most recently changed first
    ORIGINS = "origins"  # fewest independent origins first (weakest first)


@dataclass(frozen=True)
class ClaimFilter:
    """What the claim list is narrowed to; every value reaches SQL only as a bound parameter.

    ``text`` is full-text search (claim text, quotes, source names; typo-tolerant on SQLite);
    ``fuzzy`` ranks every claim with rapidfuzz instead (slower, forgiving of anything).
    Date ranges are inclusive; ``published`` is the date of a document carrying an
    attribution, ``as_of`` the date an attribution was observed, ``changed`` the claim's
    last change.
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

    def normalized(self) -> ClaimFilter:
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
        )


def list_claims(
    session: Session,
    filters: ClaimFilter | None = None,
    *,
    limit: int = 50,
    after_id: int | None = None,
    order: SortOrder | str = SortOrder.ID,
) -> list[ClaimSummary]:
    """One page of claims (keyset paging: pass the last id seen as ``after_id``).

    With a search (``text`` or ``fuzzy``) the page is ranked by relevance, best first, and
    ``after_id``/``order`` do not apply.
    """
    filters = (filters or ClaimFilter()).normalized()
    limit = max(1, min(limit, MAX_PAGE))
    query = _filtered(session, filters)
    if filters.fuzzy:
        return _fuzzy_page(session, query, filters.fuzzy, limit)
    if filters.text:
        return _search_page(session, query, filters.text, limit)
    order = SortOrder(order)
    column = _SORT_COLUMNS[order]
    descending = order in (SortOrder.NEWEST, SortOrder.LAST_CHANGE)
    if after_id is not None:
        if column is None:
            query = query.where(Claim.id < after_id if descending else Claim.id > after_id)
        else:
            anchor = session.scalar(select(column).where(Claim.id == after_id))
            if anchor is not None:
                key = tuple_(column, Claim.id)
                query = query.where(key < tuple_(anchor, after_id) if descending else key > tuple_(anchor, after_id))
    if column is None:
        ordering = [Claim.id.desc() if descending else Claim.id]
    else:
        ordering = [column.desc(), Claim.id.desc()] if descending else [column, Claim.id]
    claims = session.scalars(query.order_by(*ordering).limit(limit)).all()
    return _summaries(session, claims)


_SORT_COLUMNS = {
    SortOrder.ID: None,
    SortOrder.NEWEST: None,
    SortOrder.LAST_CHANGE: Claim.updated_at,
    SortOrder.ORIGINS: Claim.origin_count,
}


def count_claims(session: Session, filters: ClaimFilter | None = None) -> Counts:
    """How many claims per status and per verdict (within the other filters)."""
    filters = (filters or ClaimFilter()).normalized()
    if filters.text or filters.fuzzy:
        ids = [c.id for c in list_claims(session, filters, limit=MAX_PAGE)]
        base = select(Claim.status, Claim.verdict).where(Claim.id.in_(ids))
    else:
        base = _filtered(session, filters).with_only_columns(Claim.status, Claim.verdict)
    if base.whereclause is None:
        # Unfiltered: the trigger-maintained totals, a dozen rows instead of a million.
        by_status: dict[str, int] = {}
        by_verdict: dict[str, int] = {}
        for row in session.execute(select(ClaimCount.status, ClaimCount.verdict, ClaimCount.n)):
            by_status[row.status] = by_status.get(row.status, 0) + row.n
            by_verdict[row.verdict] = by_verdict.get(row.verdict, 0) + row.n
    else:
        subquery = base.subquery()
        by_status = dict(
            session.execute(select(subquery.c.status, func.count()).group_by(subquery.c.status)).all()
        )
        by_verdict = dict(
            session.execute(select(subquery.c.verdict, func.count()).group_by(subquery.c.verdict)).all()
        )
    return Counts(
        total=sum(by_status.values()),
        by_status={s: by_status.get(s, 0) for s in choices(Status)},
        by_verdict={v: by_verdict.get(v, 0) for v in choices(Verdict)},
    )


def _filtered(session: Session, filters: ClaimFilter) -> Select[tuple[Claim]]:
    query = select(Claim)
    if filters.status:
        query = query.where(Claim.status == filters.status)
    if filters.verdict:
        query = query.where(Claim.verdict == filters.verdict)
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


def _search_page(session: Session, query: Select[tuple[Claim]], text: str, limit: int) -> list[ClaimSummary]:
    """Full-text hits in relevance order (see ``search``), narrowed by the other filters.

    ``score`` is the full-text relevance (bm25 / ts_rank, higher is better; 0 for matches on
    a quote or a source's name, which follow the claim-text matches).
    """
    hits = search.search(session, text)
    if not hits:
        return []
    allowed = set(session.scalars(query.with_only_columns(Claim.id).where(Claim.id.in_([h.claim_id for h in hits]))))
    ranked = [(hit.claim_id, hit.relevance) for hit in hits if hit.claim_id in allowed][:limit]
    return _ranked_summaries(session, ranked)


def _fuzzy_page(session: Session, query: Select[tuple[Claim]], text: str, limit: int) -> list[ClaimSummary]:
    """Rank claims by fuzzy match of their text and their sources' names and aliases."""
    candidates = session.execute(query.with_only_columns(Claim.id, Claim.text).order_by(Claim.id)).all()
    names: dict[int, list[str]] = {}
    name_rows = session.execute(
        select(Attribution.claim_id, Source.name).join(Source, Source.id == Attribution.source_id)
    ).all()
    alias_rows = session.execute(
        select(Attribution.claim_id, SourceAlias.alias).join(
            SourceAlias, SourceAlias.source_id == Attribution.source_id
        )
    ).all()
    for claim_id, name in [*name_rows, *alias_rows]:
        names.setdefault(claim_id, []).append(name)
    ranked = matching.rank_claims(text, ((cid, ctext, names.get(cid, ())) for cid, ctext in candidates), limit)
    return _ranked_summaries(session, ranked)


def _ranked_summaries(session: Session, ranked: list[tuple[int, float]]) -> list[ClaimSummary]:
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_([cid for cid, _ in ranked])))}
    scores = dict(ranked)
    return [
        replace(summary, score=round(scores[summary.id], 1))
        for summary in _summaries(session, [claims[cid] for cid, _ in ranked if cid in claims])
    ]


def _summaries(session: Session, claims: Sequence[Claim]) -> list[ClaimSummary]:
    ids = [claim.id for claim in claims]
    tags: dict[int, list[str]] = {}
    if ids:
        for claim_id, tag in session.execute(
            select(ClaimTag.claim_id, ClaimTag.tag).where(ClaimTag.claim_id.in_(ids)).order_by(ClaimTag.tag)
        ):
            tags.setdefault(claim_id, []).append(tag)
    return [summary(claim, tags.get(claim.id, ())) for claim in claims]


def summary(claim: Claim, tags: Sequence[str]) -> ClaimSummary:
    return ClaimSummary(
        id=claim.id,
        key=claim.key,
        text=claim.text,
        status=claim.status,
        verdict=claim.verdict,
        origins=claim.origin_count,
        awaiting=claim.awaiting,
        tags=tuple(tags),
        place=claim.place,
        event_date=claim.event_date,
        version=claim.version,
        updated_at=claim.updated_at,
    )


def get_claim(session: Session, reference: str | int) -> ClaimSummary:
    claim = find_claim(session, reference)
    return _summaries(session, [claim])[0]


def get_dossier(session: Session, reference: str | int) -> ClaimDossier:
    """The whole case for one claim: attributions, explanation, links and history."""
    claim = find_claim(session, reference)
    return ClaimDossier(
        claim=_summaries(session, [claim])[0],
        assessment=status.assess_claim(session, claim.id),
        attributions=tuple(attribution_records(session, [claim.id])),
        links=tuple(link_records(session, claim.id)),
        history=audit.claim_history(session, claim.id),
    )


def attribution_records(session: Session, claim_ids: Sequence[int]) -> list[AttributionRecord]:
    speaker = aliased(Source)
    relayer = aliased(Source)
    outlet = aliased(Source)
    affiliation = aliased(Source)
    original = aliased(Document)
    rows = session.execute(
        select(Attribution, speaker, affiliation.name, relayer, Document, outlet.name, original.title)
        .join(speaker, speaker.id == Attribution.source_id)
        .outerjoin(affiliation, affiliation.id == speaker.affiliation_id)
        .outerjoin(relayer, relayer.id == Attribution.relayed_via_id)
        .outerjoin(Document, Document.id == Attribution.document_id)
        .outerjoin(outlet, outlet.id == Document.outlet_id)
        .outerjoin(original, original.id == Document.derived_from_id)
        .where(Attribution.claim_id.in_(list(claim_ids)))
        .order_by(Attribution.claim_id, Attribution.id)
    ).all()
    records = []
    for attribution, source, affiliation_name, relay, document, outlet_name, original_title in rows:
        records.append(
            AttributionRecord(
                id=attribution.id,
                key=attribution.key,
                claim_id=attribution.claim_id,
                stance=attribution.stance,
                mode=attribution.mode,
                source=_source_brief(source, affiliation_name),
                document=_document_record(document, outlet_name, original_title) if document else None,
                quote=attribution.quote,
                span=(attribution.span_start, attribution.span_end)
                if attribution.span_start is not None and attribution.span_end is not None
                else None,
                relayed_via=_source_brief(relay, None) if relay else None,
                credibility=attribution.credibility,
                as_of=attribution.as_of,
                note=attribution.note,
            )
        )
    return records


def _source_brief(source: Source, affiliation_name: str | None) -> SourceRecord:
    return SourceRecord(
        id=source.id,
        key=source.key,
        name=source.name,
        kind=source.kind,
        role=source.role,
        reliability=source.reliability,
        affiliation_id=source.affiliation_id,
        affiliation_name=affiliation_name,
    )


def _document_record(document: Document, outlet_name: str | None, original_title: str | None) -> DocumentRecord:
    return DocumentRecord(
        id=document.id,
        key=document.key,
        title=document.title,
        outlet_id=document.outlet_id,
        outlet_name=outlet_name,
        byline=document.byline,
        place=document.place,
        published_at=document.published_at,
        url=document.url,
        derived_from_id=document.derived_from_id,
        derived_from_title=original_title,
    )


def link_records(session: Session, claim_id: int) -> list[LinkRecord]:
    other = aliased(Claim)
    outgoing = session.execute(
        select(ClaimLink, other.text)
        .join(other, other.id == ClaimLink.to_claim_id)
        .where(ClaimLink.from_claim_id == claim_id)
        .order_by(ClaimLink.id)
    ).all()
    incoming = session.execute(
        select(ClaimLink, other.text)
        .join(other, other.id == ClaimLink.from_claim_id)
        .where(ClaimLink.to_claim_id == claim_id)
        .order_by(ClaimLink.id)
    ).all()
    return [
        LinkRecord(link.id, link.relation, "outgoing", link.to_claim_id, text, link.note) for link, text in outgoing
    ] + [LinkRecord(link.id, link.relation, "incoming", link.from_claim_id, text, link.note) for link, text in incoming]


def add_claim(
    session: Session,
    reviewer: str,
    text: str,
    *,
    tags: Sequence[str] = (),
    place: str | None = None,
    event_date: date | None = None,
    key: str | None = None,
    reason: str | None = None,
) -> ClaimSummary:
    if not text.strip():
        raise InvalidInput("a claim needs text")
    for field, value in (("text", text), ("place", place), *(("tag", t) for t in tags)):
        require_storable(value, field)
    if key is not None and session.scalar(select(Claim.id).where(Claim.key == key)) is not None:
        raise InvalidInput(f"a claim with key {key!r} already exists")
    clean_tags = normalize_tags(tags)
    claim = Claim(
        key=key or unique_key(session, Claim, "claim", text),
        text=text,
        place=place or None,
        event_date=event_date,
        verdict=Verdict.UNREVIEWED.value,
        status=Status.UNSOURCED.value,
        origin_count=0,
    )
    claim.tags = [ClaimTag(tag=tag) for tag in clean_tags]
    session.add(claim)
    session.flush()
    audit.record(
        session,
        reviewer=reviewer,
        entity_type=EntityType.CLAIM,
        entity_id=claim.id,
        claim_id=claim.id,
        action="claim_added",
        after=claim_snapshot(claim, clean_tags),
        reason=reason,
    )
    return _summaries(session, [claim])[0]


def set_verdict(
    session: Session,
    reviewer: str,
    reference: str | int,
    verdict: str,
    reason: str,
    expected_version: int | None = None,
) -> ClaimSummary:
    """Record the reviewer's verdict; a reason is required because verdicts get published."""
    if not reason or not reason.strip():
        raise InvalidInput("a verdict needs a reason (--reason)")
    require_storable(reason, "reason")
    claim = lock_claim(session, reference, expected_version)
    new = parse_verdict(verdict)
    before = claim.verdict
    claim.verdict = new
    claim.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        reviewer=reviewer,
        entity_type=EntityType.CLAIM,
        entity_id=claim.id,
        claim_id=claim.id,
        action="verdict_set",
        before={"verdict": before},
        after={"verdict": new},
        reason=reason.strip(),
    )
    return _summaries(session, [claim])[0]


def add_note(
    session: Session, reviewer: str, reference: str | int, note: str, expected_version: int | None = None
) -> ClaimSummary:
    """Add a reviewer's note to the claim's history (notes are review events: never edited)."""
    if not note.strip():
        raise InvalidInput("a note needs text")
    require_storable(note, "note")
    claim = lock_claim(session, reference, expected_version)
    claim.updated_at = utcnow()
    session.flush()
    audit.record(
        session,
        reviewer=reviewer,
        entity_type=EntityType.CLAIM,
        entity_id=claim.id,
        claim_id=claim.id,
        action="note_added",
        reason=note,
    )
    return _summaries(session, [claim])[0]


def next_unreviewed(
    session: Session, after_id: int | None = None, filters: ClaimFilter | None = None
) -> ClaimSummary | None:
    """The next claim without a verdict after ``after_id`` (within ``filters``), wrapping around."""
    base = _filtered(session, replace((filters or ClaimFilter()).normalized(), verdict=None, text=None, fuzzy=None))
    query = base.where(Claim.verdict == Verdict.UNREVIEWED.value).order_by(Claim.id).limit(1)
    claim = session.scalars(query.where(Claim.id > (after_id or 0))).first()
    if claim is None and after_id:
        claim = session.scalars(query).first()
    return _summaries(session, [claim])[0] if claim else None


def lock_claim(session: Session, reference: str | int, expected_version: int | None) -> Claim:
    """Load a claim for change, refusing if it moved on since the caller read it."""
    claim = find_claim(session, reference)
    if expected_version is not None and claim.version != expected_version:
        raise StaleClaim(claim.id, expected_version, claim.version)
    return claim


def claim_snapshot(claim: Claim, tags: Sequence[str]) -> dict[str, object]:
    return {
        "key": claim.key,
        "text": claim.text,
        "place": claim.place,
        "event_date": claim.event_date,
        "verdict": claim.verdict,
        "tags": list(tags),
    }


def normalize_tags(tags: Sequence[str]) -> list[str]:
    return sorted({tag.strip().lower() for tag in tags if tag and tag.strip()})


def parse_status(value: str) -> str:
    try:
        return Status(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"unknown status {value!r} (expected one of: {', '.join(choices(Status))})") from None


def parse_verdict(value: str) -> str:
    normalized = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Verdict(normalized).value
    except ValueError:
        raise InvalidInput(f"unknown verdict {value!r} (expected one of: {', '.join(choices(Verdict))})") from None
