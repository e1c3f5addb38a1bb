"""Reading claims: the claim list (filtered, sorted, searched, paged), counts, one claim.

Every function takes the caller's Session and returns ``ClaimSummary`` records. The filters
themselves live in ``claim_filters``; a claim's whole case is ``dossier.get_dossier``.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from workbench.db.batches import IN_LIST_SIZE
from workbench.db.models import Attribution, Claim, ClaimCount, Source, SourceAlias
from workbench.records import ClaimSummary, Counts
from workbench.review.claim_filters import ClaimFilter, filtered, flag_column
from workbench.review.claim_order import MAX_PAGE, SortOrder
from workbench.review.record_builders import claim_summaries
from workbench.review.references import find_claim
from workbench.review.take_reads import taken_by_others
from workbench.vocabulary import ClaimFlag, Status, Verdict, choices


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
    query = filtered(session, filters)
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
    keys = [Claim.id] if column is None else [column, Claim.id]
    ordering = [key.desc() if descending else key.asc() for key in keys]
    claims = session.scalars(query.order_by(*ordering).limit(limit)).all()
    return claim_summaries(session, claims)


_SORT_COLUMNS = {
    SortOrder.ID: None,
    SortOrder.NEWEST: None,
    SortOrder.LAST_CHANGE: Claim.updated_at,
    SortOrder.ORIGINS: Claim.origin_count,
}


def count_claims(session: Session, filters: ClaimFilter | None = None) -> Counts:
    """How many claims per status, per verdict and per flag (within the other filters)."""
    filters = (filters or ClaimFilter()).normalized()
    flags = [flag_column(flag) for flag in choices(ClaimFlag)]
    if filters.text or filters.fuzzy:
        ids = [c.id for c in list_claims(session, filters, limit=MAX_PAGE)]
        base = select(Claim.status, Claim.verdict, *flags).where(Claim.id.in_(ids))
    else:
        base = filtered(session, filters).with_only_columns(Claim.status, Claim.verdict, *flags)
    if base.whereclause is None:
        # Unfiltered: the trigger-maintained totals, a dozen rows instead of a million.
        by_status: dict[str, int] = {}
        by_verdict: dict[str, int] = {}
        for row in session.execute(select(ClaimCount.status, ClaimCount.verdict, ClaimCount.n)):
            by_status[row.status] = by_status.get(row.status, 0) + row.n
            by_verdict[row.verdict] = by_verdict.get(row.verdict, 0) + row.n
        # Each a count of a partial index: flagged claims are few.
        by_flag = {
            flag: session.scalar(select(func.count()).select_from(Claim).where(column.is_not(None))) or 0
            for flag, column in zip(choices(ClaimFlag), flags, strict=True)
        }
    else:
        subquery = base.subquery()
        by_status = dict(
            session.execute(select(subquery.c.status, func.count()).group_by(subquery.c.status)).all()
        )
        by_verdict = dict(
            session.execute(select(subquery.c.verdict, func.count()).group_by(subquery.c.verdict)).all()
        )
        flagged = session.execute(select(*(func.count(subquery.c[f"{flag}_by"]) for flag in choices(ClaimFlag)))).one()
        by_flag = dict(zip(choices(ClaimFlag), flagged, strict=True))
    return Counts(
        total=sum(by_status.values()),
        by_status={s: by_status.get(s, 0) for s in choices(Status)},
        by_verdict={v: by_verdict.get(v, 0) for v in choices(Verdict)},
        by_flag=by_flag,
    )


def _search_page(session: Session, query: Select[Claim], text: str, limit: int) -> list[ClaimSummary]:
    """Full-text hits in relevance order (see ``search``), narrowed by the other filters.

    ``score`` is the full-text relevance (bm25 / ts_rank, higher is better; 0 for matches on
    a quote or a source's name, which follow the claim-text matches).
    """
    # Imported here for start-up speed: a plain page (`workbench claims list`) needs no search
    # index reader, no rapidfuzz and no match keys.
    from workbench.matching import search

    hits = search.search(session, text)
    if not hits:
        return []
    allowed = set(session.scalars(query.with_only_columns(Claim.id).where(Claim.id.in_([h.claim_id for h in hits]))))
    ranked = [(hit.claim_id, hit.relevance) for hit in hits if hit.claim_id in allowed][:limit]
    return _ranked_summaries(session, ranked)


FUZZY_CHUNK = 20_000
"""Claims scored per call into rapidfuzz by ``--fuzzy``: what bounds its memory."""


def _fuzzy_page(session: Session, query: Select[Claim], text: str, limit: int) -> list[ClaimSummary]:
    """Rank claims by fuzzy match of their text and their sources' names and aliases.

    Every claim is read, a chunk at a time, and scored in rapidfuzz; each source's names are
    scored once, and a claim takes its best source's score where that is higher than its
    text's. Loading every claim and every attribution's source name first, then scoring one
    pair at a time, took 25 s and 1 GB at a million claims.
    """
    # Lazy for start-up speed, like search: numpy and rapidfuzz, for this listing only.
    from workbench.matching import bulk_ranking, ranking

    by_source = _source_name_scores(session, text)
    best = ranking.BestClaims(limit)
    connection = session.connection()
    last_id = 0
    while True:
        # Plain rows through the connection: nothing here needs the ORM.
        rows = connection.execute(
            query.with_only_columns(Claim.id, Claim.text).where(Claim.id > last_id).order_by(Claim.id).limit(FUZZY_CHUNK)
        ).all()
        if not rows:
            break
        first_id, last_id = rows[0][0], rows[-1][0]
        scores = {rows[index][0]: score for index, score in bulk_ranking.text_scores(text, [row[1] for row in rows])}
        if by_source:
            in_chunk = {row[0] for row in rows}
            cited = select(Attribution.claim_id, Attribution.source_id).where(Attribution.claim_id.between(first_id, last_id))
            if len(by_source) <= IN_LIST_SIZE:
                cited = cited.where(Attribution.source_id.in_(list(by_source)))
            for claim_id, source_id in connection.execute(cited):
                name_score = by_source.get(source_id)
                if name_score is not None and claim_id in in_chunk and name_score > scores.get(claim_id, 0.0):
                    scores[claim_id] = name_score
        for claim_id, score in scores.items():
            best.offer(claim_id, score)
    return _ranked_summaries(session, best.ranked())


def _source_name_scores(session: Session, text: str) -> dict[int, float]:
    """Each source whose name or an alias scores the cutoff or more against ``text``: its best."""
    from workbench.matching import bulk_ranking  # lazy for start-up speed, like search

    names = [*session.execute(select(Source.id, Source.name)), *session.execute(select(SourceAlias.source_id, SourceAlias.alias))]
    best: dict[int, float] = {}
    for index, score in bulk_ranking.text_scores(text, [name for _, name in names]):
        source_id = names[index][0]
        best[source_id] = max(score, best.get(source_id, 0.0))
    return best


def _ranked_summaries(session: Session, ranked: list[tuple[int, float]]) -> list[ClaimSummary]:
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_([cid for cid, _ in ranked])))}
    scores = dict(ranked)
    return [
        replace(summary, score=round(scores[summary.id], 1))
        for summary in claim_summaries(session, [claims[cid] for cid, _ in ranked if cid in claims])
    ]


def get_claim(session: Session, reference: str | int) -> ClaimSummary:
    claim = find_claim(session, reference)
    return claim_summaries(session, [claim])[0]


def next_unreviewed(
    session: Session, after_id: int | None = None, filters: ClaimFilter | None = None, *, reviewer: str | None = None
) -> ClaimSummary | None:
    """The next claim without a verdict after ``after_id`` (within ``filters``), wrapping around.

    With ``reviewer``, claims someone else has taken are skipped: they are being worked on.
    """
    base = filtered(session, replace((filters or ClaimFilter()).normalized(), verdict=None, text=None, fuzzy=None))
    query = base.where(Claim.verdict == Verdict.UNREVIEWED.value).order_by(Claim.id).limit(1)
    if reviewer is not None:
        query = query.where(~taken_by_others(reviewer))
    claim = session.scalars(query.where(Claim.id > (after_id or 0))).first()
    if claim is None and after_id:
        claim = session.scalars(query).first()
    return claim_summaries(session, [claim])[0] if claim else None
