"""schema.org ClaimReview (JSON-LD) for the claims the desk has given a verdict.

One ``ClaimReview`` per reviewed claim, in the shape search engines and fact-check
aggregators read (https://schema.org/ClaimReview):

- ``claimReviewed``: the claim's text; ``url``: ``{base_url}/{claim key}`` (or a
  ``urn:workbench:claim:{key}`` when no base URL is configured); ``datePublished``: the day the
  current verdict was recorded; ``author``: the publishing organization (``--publisher`` or
  ``$WORKBENCH_PUBLISHER``).
- ``reviewRating``: the verdict on a 1-5 scale, with ``alternateName`` the verdict in words:

  ===================  ===========  ====================
  verdict              ratingValue  alternateName
  ===================  ===========  ====================
  ``accurate``         5            Accurate
  ``mostly_accurate``  4            Mostly accurate
  ``misleading``       2            Misleading
  ``false``            1            False
  ``unproven``         (none)       Unproven
  ===================  ===========  ====================

  ``unproven`` has no numeric value on purpose: a 3 would read as "half true", which is a
  judgement the desk did not make. ``alternateName`` alone is a valid Rating. Unreviewed
  claims are not exported.
- ``itemReviewed``: a ``Claim`` whose ``author`` is every independent origin that asserts it
  (as the corroboration rules count them, so an SDF fighter appears as the SDF), falling back
  to the asserting sources when no origin is counted, and whose ``appearance`` is every
  document that carries one of its attributions (url, headline, datePublished, publisher);
  ``firstAppearance`` is the earliest of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.corroboration import SourceFacts, assess
from workbench.db.models import Claim, ReviewEvent
from workbench.records import AttributionRecord, DocumentRecord
from workbench.review import status
from workbench.review.record_builders import attribution_records
from workbench.vocabulary import SourceKind, Stance, Verdict

PUBLISHER_ENV = "WORKBENCH_PUBLISHER"
BASE_URL_ENV = "WORKBENCH_CLAIMREVIEW_URL"
DEFAULT_PUBLISHER = "Verification desk"

RATINGS: dict[str, tuple[int | None, str]] = {
    Verdict.ACCURATE.value: (5, "Accurate"),
    Verdict.MOSTLY_ACCURATE.value: (4, "Mostly accurate"),
    Verdict.MISLEADING.value: (2, "Misleading"),
    Verdict.FALSE.value: (1, "False"),
    Verdict.UNPROVEN.value: (None, "Unproven"),
}
BEST_RATING = 5
WORST_RATING = 1

_PAGE = 200


def resolve_publisher(option: str | None) -> str:
    return option or os.environ.get(PUBLISHER_ENV) or DEFAULT_PUBLISHER


def resolve_base_url(option: str | None) -> str | None:
    return option or os.environ.get(BASE_URL_ENV) or None


def claim_reviews(
    session: Session, publisher: str, base_url: str | None = None, claim_ids: Sequence[int] | None = None
) -> Iterator[dict[str, Any]]:
    """ClaimReview objects for every claim with a verdict (or only ``claim_ids``), by id."""
    last_id = 0
    while True:
        query = (
            select(Claim)
            .where(Claim.verdict != Verdict.UNREVIEWED.value, Claim.id > last_id)
            .order_by(Claim.id)
            .limit(_PAGE)
        )
        if claim_ids is not None:
            query = query.where(Claim.id.in_(list(claim_ids)))
        claims = session.scalars(query).all()
        if not claims:
            return
        last_id = claims[-1].id
        ids = [c.id for c in claims]
        by_claim: dict[int, list[AttributionRecord]] = {}
        for record in attribution_records(session, ids):
            by_claim.setdefault(record.claim_id, []).append(record)
        verdict_dates = _verdict_dates(session, ids)
        evidence = status.load_evidence(session, ids)
        for claim in claims:
            assessment = assess(evidence[claim.id])
            # The evidence holds every source its origins name, kind included: one query a
            # claim for them was a third of the export (116 s for 200,000 reviews).
            kinds = _source_kinds(evidence[claim.id].sources, [o.source_id for o in assessment.asserting])
            yield claim_review(
                claim_key=claim.key,
                text=claim.text,
                verdict=claim.verdict,
                reviewed_on=verdict_dates.get(claim.id) or claim.updated_at,
                publisher=publisher,
                base_url=base_url,
                origin_authors=[(o.name, kinds.get(o.source_id)) for o in assessment.asserting],
                attributions=by_claim.get(claim.id, []),
            )
        session.expunge_all()


def claim_review(
    *,
    claim_key: str,
    text: str,
    verdict: str,
    reviewed_on: datetime | date | None,
    publisher: str,
    base_url: str | None,
    origin_authors: Sequence[tuple[str, str | None]],
    attributions: Sequence[AttributionRecord],
) -> dict[str, Any]:
    """One ClaimReview; pure, so tests can check every field."""
    value, label = RATINGS[verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    authors = [_party(name, kind) for name, kind in origin_authors]
    if not authors:
        seen: set[str] = set()
        for a in attributions:
            if a.stance == Stance.ASSERTS.value and a.source.name not in seen:
                seen.add(a.source.name)
                authors.append(_party(a.source.name, a.source.kind))
    appearances = _appearances(attributions)
    item: dict[str, Any] = {"@type": "Claim"}
    if authors:
        item["author"] = authors if len(authors) > 1 else authors[0]
    if appearances:
        item["appearance"] = appearances
        dated = [a for a in appearances if "datePublished" in a]
        first = min(dated, key=lambda a: a["datePublished"]) if dated else appearances[0]
        item["firstAppearance"] = first
        if "datePublished" in first:
            item["datePublished"] = first["datePublished"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{base_url.rstrip('/')}/{claim_key}" if base_url else f"urn:workbench:claim:{claim_key}",
        "claimReviewed": text,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": rating,
        "itemReviewed": item,
    }
    if reviewed_on is not None:
        review["datePublished"] = _day(reviewed_on)
    return review


def write_claimreview(
    session: Session,
    out: TextIO,
    publisher: str,
    base_url: str | None = None,
    claim_ids: Sequence[int] | None = None,
) -> dict[str, int]:
    """A JSON array of ClaimReview objects; returns how many were written."""
    count = 0
    out.write("[")
    for review in claim_reviews(session, publisher, base_url, claim_ids):
        out.write("\n  " if count == 0 else ",\n  ")
        out.write(json.dumps(review, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return {"claim reviews": count}


def _party(name: str, kind: str | None) -> dict[str, str]:
    return {"@type": "Person" if kind == SourceKind.PERSON.value else "Organization", "name": name}


def _appearances(attributions: Sequence[AttributionRecord]) -> list[dict[str, Any]]:
    documents: dict[int, DocumentRecord] = {}
    for attribution in attributions:
        if attribution.document is not None:
            documents.setdefault(attribution.document.id, attribution.document)
    out = []
    for document in documents.values():
        work: dict[str, Any] = {"@type": "CreativeWork", "headline": document.title}
        if document.url:
            work["url"] = document.url
        if document.published_at:
            work["datePublished"] = _day(document.published_at)
        if document.outlet_name:
            work["publisher"] = {"@type": "Organization", "name": document.outlet_name}
        out.append(work)
    return out


def _verdict_dates(session: Session, claim_ids: list[int]) -> dict[int, datetime]:
    rows = session.execute(
        select(ReviewEvent.claim_id, ReviewEvent.at)
        .where(ReviewEvent.claim_id.in_(claim_ids), ReviewEvent.action == "verdict_set")
        .order_by(ReviewEvent.id)
    ).all()
    # The last one wins: the current verdict. (Every row has a claim id: the query asks for them.)
    return {claim_id: at for claim_id, at in rows if claim_id is not None}


def _source_kinds(sources: Mapping[int, SourceFacts], source_ids: list[int]) -> dict[int, str]:
    """The kind of each of these sources that the claim's evidence knows."""
    return {
        source_id: facts.kind.value
        for source_id in source_ids
        if (facts := sources.get(source_id)) is not None and facts.kind is not None
    }


def _day(value: datetime | date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()

