"""Keeping each claim's stored corroboration status in step with its evidence.

The rules live in ``corroboration``; this module loads a claim's evidence, stores the result
on the claim in the caller's transaction, and finds which claims a change to a source or a
document affects (a grade or affiliation change reaches every claim whose speakers, relayers
or outlets sit below that source in an affiliation chain).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from workbench.corroboration import (
    Assessment,
    AttributionFacts,
    DocumentFacts,
    Evidence,
    SourceFacts,
    assess,
)
from workbench.db.base import utcnow
from workbench.db.batches import chunks
from workbench.db.models import Attribution, Claim, ClaimCount, Document, Source
from workbench.records import StatusMismatch
from workbench.vocabulary import Mode, Reliability, Stance

_CHUNK = 500


def load_evidence(session: Session, claim_ids: Iterable[int]) -> dict[int, Evidence]:
    """Evidence for many claims with a handful of queries (never one per attribution)."""
    claim_ids = list(claim_ids)
    by_claim: dict[int, list[AttributionFacts]] = {claim_id: [] for claim_id in claim_ids}
    source_ids: set[int] = set()
    document_ids: set[int] = set()
    for chunk in chunks(claim_ids):
        rows = session.execute(
            select(
                Attribution.id,
                Attribution.claim_id,
                Attribution.source_id,
                Attribution.stance,
                Attribution.mode,
                Attribution.document_id,
                Attribution.relayed_via_id,
                Attribution.as_of,
            ).where(Attribution.claim_id.in_(chunk))
        ).all()
        for row in rows:
            by_claim[row.claim_id].append(
                AttributionFacts(
                    id=row.id,
                    source_id=row.source_id,
                    stance=Stance(row.stance),
                    mode=Mode(row.mode),
                    document_id=row.document_id,
                    relayed_via_id=row.relayed_via_id,
                    as_of=row.as_of,
                )
            )
            source_ids.add(row.source_id)
            if row.relayed_via_id is not None:
                source_ids.add(row.relayed_via_id)
            if row.document_id is not None:
                document_ids.add(row.document_id)

    documents = _load_documents(session, document_ids)
    source_ids.update(d.outlet_id for d in documents.values() if d.outlet_id is not None)
    sources = _load_sources(session, source_ids)
    return {
        claim_id: Evidence(attributions=facts, sources=sources, documents=documents)
        for claim_id, facts in by_claim.items()
    }


def _load_documents(session: Session, document_ids: set[int]) -> dict[int, DocumentFacts]:
    """The documents and their whole ``derived_from`` chains."""
    documents: dict[int, DocumentFacts] = {}
    pending = set(document_ids)
    while pending:
        batch = list(pending)[:_CHUNK]
        pending.difference_update(batch)
        for row in session.execute(
            select(Document.id, Document.title, Document.outlet_id, Document.derived_from_id).where(
                Document.id.in_(batch)
            )
        ):
            documents[row.id] = DocumentFacts(row.id, row.title, row.outlet_id, row.derived_from_id)
            if row.derived_from_id is not None and row.derived_from_id not in documents:
                pending.add(row.derived_from_id)
    return documents


def _load_sources(session: Session, source_ids: set[int]) -> dict[int, SourceFacts]:
    """The sources and their whole affiliation chains."""
    sources: dict[int, SourceFacts] = {}
    pending = set(source_ids)
    while pending:
        batch = list(pending)[:_CHUNK]
        pending.difference_update(batch)
        for row in session.execute(
            select(Source.id, Source.name, Source.reliability, Source.affiliation_id).where(
                Source.id.in_(batch)
            )
        ):
            sources[row.id] = SourceFacts(row.id, row.name, Reliability(row.reliability), row.affiliation_id)
            if row.affiliation_id is not None and row.affiliation_id not in sources:
                pending.add(row.affiliation_id)
    return sources


def assess_claim(session: Session, claim_id: int) -> Assessment:
    return assess(load_evidence(session, [claim_id])[claim_id])


def refresh_claims(session: Session, claim_ids: Iterable[int], *, lock: bool = False) -> dict[int, Assessment]:
    """Recompute and store the status of these claims, in the caller's transaction.

    A claim whose status, origin count or awaited parties change gets a new version, so a
    reviewer holding the old one cannot overwrite it unknowingly. ``lock`` reads the claims
    under a row lock (``FOR UPDATE`` on PostgreSQL), freshly, so a concurrent save of one of
    them waits instead of meeting a version this transaction had not seen.
    """
    results: dict[int, Assessment] = {}
    for chunk in chunks(sorted(set(claim_ids))):
        query = select(Claim).where(Claim.id.in_(chunk))
        if lock:
            # In id order, so two writers recomputing overlapping claims cannot deadlock.
            query = query.order_by(Claim.id).with_for_update().execution_options(populate_existing=True)
        claims = session.scalars(query).all()
        # Read after the lock: evidence read first could miss an attribution committed by the
        # writer this transaction waited for.
        evidence = load_evidence(session, chunk)
        for claim in claims:
            assessment = assess(evidence[claim.id])
            results[claim.id] = assessment
            _store(claim, assessment)
        session.flush()
    return results


def _store(claim: Claim, assessment: Assessment) -> bool:
    new = (assessment.status.value, assessment.origin_count, assessment.awaiting_text())
    if (claim.status, claim.origin_count, claim.awaiting) == new:
        return False
    claim.status, claim.origin_count, claim.awaiting = new
    claim.updated_at = utcnow()
    return True


def claims_affected_by_source(session: Session, source_id: int) -> set[int]:
    """Claims whose evidence involves this source or anything affiliated below it."""
    family = {source_id}
    frontier = {source_id}
    while frontier:
        children = set(
            session.scalars(select(Source.id).where(Source.affiliation_id.in_(list(frontier)))).all()
        )
        frontier = children - family
        family |= frontier
    family_list = list(family)
    # Rewrites of an outlet's documents count as that outlet too (corroboration rule 6).
    documents = set(session.scalars(select(Document.id).where(Document.outlet_id.in_(family_list))))
    frontier = set(documents)
    while frontier:
        derived = set(session.scalars(select(Document.id).where(Document.derived_from_id.in_(list(frontier)))))
        frontier = derived - documents
        documents |= frontier
    outlet_documents = list(documents)
    return set(
        session.scalars(
            select(Attribution.claim_id)
            .where(
                or_(
                    Attribution.source_id.in_(family_list),
                    Attribution.relayed_via_id.in_(family_list),
                    Attribution.document_id.in_(outlet_documents),
                )
            )
            .distinct()
        ).all()
    )


def claims_affected_by_document(session: Session, document_id: int) -> set[int]:
    """Claims with attributions in this document or any document derived from it."""
    family = {document_id}
    frontier = {document_id}
    while frontier:
        children = set(
            session.scalars(select(Document.id).where(Document.derived_from_id.in_(list(frontier)))).all()
        )
        frontier = children - family
        family |= frontier
    return set(
        session.scalars(
            select(Attribution.claim_id).where(Attribution.document_id.in_(list(family))).distinct()
        ).all()
    )


def find_mismatches(session: Session, fix: bool = False) -> list[StatusMismatch]:
    """Recompute every claim and report those whose stored status disagrees (``db check``)."""
    mismatches: list[StatusMismatch] = []
    last_id = 0
    while True:
        claims = session.scalars(
            select(Claim).where(Claim.id > last_id).order_by(Claim.id).limit(_CHUNK)
        ).all()
        if not claims:
            break
        last_id = claims[-1].id
        evidence = load_evidence(session, [c.id for c in claims])
        for claim in claims:
            assessment = assess(evidence[claim.id])
            computed = (assessment.status.value, assessment.origin_count, assessment.awaiting_text())
            if (claim.status, claim.origin_count, claim.awaiting) != computed:
                mismatches.append(
                    StatusMismatch(
                        claim_id=claim.id,
                        stored_status=claim.status,
                        computed_status=computed[0],
                        stored_origins=claim.origin_count,
                        computed_origins=computed[1],
                        stored_awaiting=claim.awaiting,
                        computed_awaiting=computed[2],
                    )
                )
                if fix:
                    _store(claim, assessment)
        session.flush()
        session.expunge_all()
    return mismatches


def count_mismatches(session: Session, fix: bool = False) -> list[tuple[str, str, int, int]]:
    """(status, verdict, stored, actual) for every cell of ``claim_counts`` that is wrong.

    The triggers keep the table right; this is the audit (``db check``) and the repair.
    """
    actual = {
        (row.status, row.verdict): row.n
        for row in session.execute(
            select(Claim.status, Claim.verdict, func.count().label("n")).group_by(Claim.status, Claim.verdict)
        )
    }
    stored = {(row.status, row.verdict): row.n for row in session.scalars(select(ClaimCount))}
    wrong = [
        (status_, verdict, stored.get((status_, verdict), 0), actual.get((status_, verdict), 0))
        for status_, verdict in sorted(set(actual) | set(stored))
        if stored.get((status_, verdict), 0) != actual.get((status_, verdict), 0)
    ]
    if fix and wrong:
        session.execute(delete(ClaimCount))
        session.add_all(ClaimCount(status=s, verdict=v, n=n) for (s, v), n in actual.items())
        session.flush()
    return wrong
