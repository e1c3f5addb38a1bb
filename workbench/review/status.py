"""Keeping each claim's stored corroboration status in step with its evidence.

The rules live in ``corroboration`` and their inputs are loaded by ``evidence``; this module
stores the result on the claim in the caller's transaction (status, origin count, awaited
parties, and the flags its links give it), and finds which claims a change affects: a grade,
an affiliation or its kind reaches every claim whose speakers, relayers or outlets sit below
that source in an affiliation chain, and a claim's counted origins reach the flags of the
claims linked to it (``evidence.flag_dependents``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, delete, func, or_, select
from sqlalchemy.orm import Session

from workbench.corroboration import Assessment, RelatedClaim, StatusChange, assess, status_timeline
from workbench.db.base import utcnow
from workbench.db.batches import IN_LIST_SIZE, chunks, padded
from workbench.db.models import Attribution, Claim, ClaimCount, Document, Source
from workbench.progress import Progress
from workbench.records import StatusMismatch
from workbench.review.evidence import KnownFacts, flag_dependents, load_evidence

__all__ = [
    "assess_claim",
    "claim_timeline",
    "claims_affected_by_document",
    "claims_affected_by_source",
    "count_mismatches",
    "find_mismatches",
    "load_evidence",
    "refresh_claims",
    "stored_values",
]

def assess_claim(session: Session, claim_id: int, as_of: date | None = None) -> Assessment:
    """One claim's assessment; with ``as_of``, from the evidence observed by that date only."""
    return assess(load_evidence(session, [claim_id], dated_links=as_of is not None)[claim_id], as_of=as_of)


def claim_timeline(session: Session, claim_id: int) -> tuple[StatusChange, ...]:
    """How the claim's status (and flags) moved as its evidence arrived."""
    return status_timeline(load_evidence(session, [claim_id], dated_links=True)[claim_id])


def refresh_claims(session: Session, claim_ids: Iterable[int], *, lock: bool = False) -> dict[int, Assessment]:
    """Recompute and store the status of these claims, in the caller's transaction.

    The claims whose flags depend on these claims' counted origins (``flag_dependents``) are
    recomputed with them. A claim whose stored values change gets a new version, so a
    reviewer holding the old one cannot overwrite it unknowingly. ``lock`` reads the claims
    under a row lock (``FOR UPDATE`` on PostgreSQL), freshly, so a concurrent save of one of
    them waits instead of meeting a version this transaction had not seen.
    """
    results: dict[int, Assessment] = {}
    claim_ids = set(claim_ids)
    claim_ids |= flag_dependents(session, claim_ids)
    for chunk in chunks(sorted(claim_ids)):
        query = select(Claim).where(Claim.id.in_(padded(chunk)))
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


StoredValues = tuple[str, int, str | None, str | None, str | None, str | None]


def stored_values(assessment: Assessment) -> StoredValues:
    """What is stored on the claim: status, origin count, awaited parties, and the keys of the
    claims behind each flag (disputed by, superseded by, fulfilled by)."""
    return (
        assessment.status.value,
        assessment.origin_count,
        assessment.awaiting_text(),
        _keys(assessment.disputed_by),
        _keys(assessment.superseded_by),
        _keys(assessment.fulfilled_by),
    )


def _keys(claims: Iterable[RelatedClaim]) -> str | None:
    labels = [claim.label for claim in claims]
    return "; ".join(labels) if labels else None


def _current(claim: Claim | Row[Any]) -> StoredValues:
    return (claim.status, claim.origin_count, claim.awaiting, claim.disputed_by, claim.superseded_by, claim.fulfilled_by)


def _store(claim: Claim, assessment: Assessment) -> bool:
    new = stored_values(assessment)
    if _current(claim) == new:
        return False
    (claim.status, claim.origin_count, claim.awaiting, claim.disputed_by, claim.superseded_by, claim.fulfilled_by) = new
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


def find_mismatches(
    session: Session,
    fix: bool = False,
    *,
    after_id: int = 0,
    up_to_id: int | None = None,
    claim_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> list[StatusMismatch]:
    """Recompute every claim (ids above ``after_id``, up to ``up_to_id``; or just ``claim_ids``)
    and report those whose stored status disagrees, in id order (``db check``;
    ``status_check`` runs id ranges side by side). ``progress`` advances by the claims checked."""
    mismatches: list[StatusMismatch] = []
    # Only a fix writes, through the ORM; a check reads the stored values as plain rows (loading
    # ORM objects was 17 % of the recomputation's samples under py-spy, plain rows 4.5 %).
    read = _StoredClaims(session, entities=fix)
    batches = read.these(claim_ids) if claim_ids is not None else read.range(after_id, up_to_id)
    known = KnownFacts()  # a fix writes claims only: the sources and documents read stay true
    for claims in batches:
        evidence = load_evidence(session, [c.id for c in claims], known=known)
        for claim in claims:
            assessment = assess(evidence[claim.id])
            stored, computed = _current(claim), stored_values(assessment)
            if stored != computed:
                mismatches.append(
                    StatusMismatch(
                        claim_id=claim.id,
                        stored_status=claim.status,
                        computed_status=computed[0],
                        stored_origins=claim.origin_count,
                        computed_origins=computed[1],
                        stored_awaiting=claim.awaiting,
                        computed_awaiting=computed[2],
                        stored_flags=_flags_text(stored),
                        computed_flags=_flags_text(computed),
                    )
                )
                if fix:
                    assert isinstance(claim, Claim)
                    _store(claim, assessment)
        if progress is not None:
            progress.advance(len(claims))
        if fix:
            session.flush()
            session.expunge_all()
    return mismatches


# What a check compares, read without the ORM (the names ``_current`` reads).
_STORED_STATE = (
    Claim.id, Claim.status, Claim.origin_count, Claim.awaiting, Claim.disputed_by, Claim.superseded_by, Claim.fulfilled_by,
)


class _StoredClaims:
    """Claims a page at a time, as ORM objects (to store into) or as plain rows (to compare)."""

    def __init__(self, session: Session, *, entities: bool) -> None:
        self.session = session
        self.entities = entities

    def _read(self, *criteria: ColumnElement[bool], limit: int | None = None) -> Sequence[Any]:
        """The claims meeting ``criteria``, in id order, at most ``limit``: ORM claims, or rows
        of ``_STORED_STATE`` (which ``_current`` reads alike)."""
        if self.entities:
            return self.session.scalars(select(Claim).where(*criteria).order_by(Claim.id).limit(limit)).all()
        return self.session.execute(select(*_STORED_STATE).where(*criteria).order_by(Claim.id).limit(limit)).all()

    def range(self, after_id: int, up_to_id: int | None) -> Iterator[Sequence[Any]]:
        """The claims above ``after_id`` (up to ``up_to_id``), a page at a time, by keyset."""
        last_id = after_id
        while True:
            criteria = [Claim.id > last_id] if up_to_id is None else [Claim.id > last_id, Claim.id <= up_to_id]
            claims = self._read(*criteria, limit=IN_LIST_SIZE)
            if not claims:
                return
            last_id = claims[-1].id
            yield claims

    def these(self, claim_ids: Iterable[int]) -> Iterator[Sequence[Any]]:
        """These claims (those that exist), in id order, a chunk at a time."""
        for chunk in chunks(sorted(set(claim_ids))):
            yield self._read(Claim.id.in_(padded(chunk)))


def _flags_text(values: StoredValues) -> str | None:
    named = [f"{flag} by {keys}" for flag, keys in zip(("disputed", "superseded", "fulfilled"), values[3:], strict=True) if keys]
    return "; ".join(named) if named else None


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
