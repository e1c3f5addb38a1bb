"""The one builder of each plain record from ORM rows: claims, sources, documents, attributions, links.

Listing, the dossier, the writes and the exports all hand out these records; building each in
one place keeps a source's record the same whether it comes from ``sources list`` or from an
attribution in a dossier.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from workbench.dates import as_given
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source
from workbench.records import (
    AttributionRecord,
    ClaimSummary,
    ClaimTakeRecord,
    DocumentRecord,
    LinkRecord,
    QuoteFlags,
    SourceRecord,
)
from workbench.review.quote_anchors import anchor_record, flags_by_claim
from workbench.review.take_reads import active_takes


def claim_summaries(session: Session, claims: Sequence[Claim]) -> list[ClaimSummary]:
    """Summaries of these claims, in the same order, with their tags, quote flags and running
    takes (one query each)."""
    ids = [claim.id for claim in claims]
    tags: dict[int, list[str]] = {}
    if ids:
        for claim_id, tag in session.execute(
            select(ClaimTag.claim_id, ClaimTag.tag).where(ClaimTag.claim_id.in_(ids)).order_by(ClaimTag.tag)
        ):
            tags.setdefault(claim_id, []).append(tag)
    flags = flags_by_claim(session.connection(), ids)
    takes = active_takes(session, ids) if ids else {}
    return [claim_summary(claim, tags.get(claim.id, ()), flags.get(claim.id), takes.get(claim.id)) for claim in claims]


def claim_summary(
    claim: Claim, tags: Sequence[str], quote_flags: QuoteFlags | None = None, take: ClaimTakeRecord | None = None
) -> ClaimSummary:
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
        quote_flags=quote_flags,
        kind=claim.kind,
        disputed_by=claim.disputed_by,
        superseded_by=claim.superseded_by,
        fulfilled_by=claim.fulfilled_by,
        take=take,
    )


def source_record(source: Source, affiliation_name: str | None = None, attribution_count: int = 0) -> SourceRecord:
    """A source's record; its aliases only when the caller loaded them (they are never lazy-loaded)."""
    return SourceRecord(
        id=source.id,
        key=source.key,
        name=source.name,
        kind=source.kind,
        role=source.role,
        reliability=source.reliability,
        affiliation_id=source.affiliation_id,
        affiliation_name=affiliation_name,
        aliases=tuple(a.alias for a in source.aliases) if "aliases" in source.__dict__ else (),
        attribution_count=attribution_count,
        affiliation_kind=source.affiliation_kind,
    )


def document_record(document: Document, outlet_name: str | None, original_title: str | None) -> DocumentRecord:
    return DocumentRecord(
        id=document.id,
        key=document.key,
        title=document.title,
        outlet_id=document.outlet_id,
        outlet_name=outlet_name,
        byline=document.byline,
        place=document.place,
        published_at=as_given(document.published_at, document.published_precision),
        url=document.url,
        derived_from_id=document.derived_from_id,
        derived_from_title=original_title,
    )


def attribution_records(session: Session, claim_ids: Sequence[int]) -> list[AttributionRecord]:
    """Every attribution of these claims, by claim then id, with its source, relayer and document."""
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
    return [
        AttributionRecord(
            id=attribution.id,
            key=attribution.key,
            claim_id=attribution.claim_id,
            stance=attribution.stance,
            mode=attribution.mode,
            source=source_record(source, affiliation_name),
            document=document_record(document, outlet_name, original_title) if document else None,
            quote=attribution.quote,
            span=(attribution.span_start, attribution.span_end)
            if attribution.span_start is not None and attribution.span_end is not None
            else None,
            relayed_via=source_record(relay) if relay else None,
            credibility=attribution.credibility,
            as_of=attribution.as_of,
            note=attribution.note,
            anchor=anchor_record(attribution),
            certainty=attribution.certainty,
            certainty_inferred=attribution.certainty_inferred,
        )
        for attribution, source, affiliation_name, relay, document, outlet_name, original_title in rows
    ]


def link_records(session: Session, claim_id: int) -> list[LinkRecord]:
    """The claim's links: those it makes first, then those made to it, each in the order made."""
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
