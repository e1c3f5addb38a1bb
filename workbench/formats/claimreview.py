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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import Any, NamedTuple, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.corroboration import Evidence, SourceFacts, assess
from workbench.db.batches import chunks, padded
from workbench.db.models import Claim, Document, ReviewEvent
from workbench.review import status
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


class Appearance(NamedTuple):
    """A document that carries one of the claim's attributions, as a ClaimReview names it."""

    title: str
    url: str | None
    published_on: date | None
    outlet_name: str | None


def resolve_publisher(option: str | None) -> str:
    return option or os.environ.get(PUBLISHER_ENV) or DEFAULT_PUBLISHER


def resolve_base_url(option: str | None) -> str | None:
    return option or os.environ.get(BASE_URL_ENV) or None


def claim_reviews(
    session: Session, publisher: str, base_url: str | None = None, claim_ids: Sequence[int] | None = None
) -> Iterator[dict[str, Any]]:
    """ClaimReview objects for every claim with a verdict (or only ``claim_ids``), by id.

    Everything a review shows but the documents' URLs comes from the evidence the rules
    assess (speakers and outlets with their names and kinds, documents with their titles and
    days), read a page of claims at a time. Reading each page's attributions again as full
    records, for their documents, took a third of an export (2.1 of 5.9 s for 20,000 reviews).
    """
    last_id = 0
    columns = (Claim.id, Claim.key, Claim.text, Claim.verdict, Claim.updated_at)
    while True:
        query = (
            select(*columns)
            .where(Claim.verdict != Verdict.UNREVIEWED.value, Claim.id > last_id)
            .order_by(Claim.id)
            .limit(_PAGE)
        )
        if claim_ids is not None:
            query = query.where(Claim.id.in_(list(claim_ids)))
        claims = session.execute(query).all()
        if not claims:
            return
        last_id = claims[-1].id
        ids = [c.id for c in claims]
        verdict_dates = _verdict_dates(session, ids)
        evidence = status.load_evidence(session, ids)
        urls = _document_urls(session, {a.document_id for c in ids for a in evidence[c].attributions if a.document_id is not None})
        for claim in claims:
            claim_evidence = evidence[claim.id]
            assessment = assess(claim_evidence)
            # The evidence holds every source its origins name, kind included: one query a
            # claim for them was a third of the export (116 s for 200,000 reviews).
            kinds = _source_kinds(claim_evidence.sources, [o.source_id for o in assessment.asserting])
            yield claim_review(
                claim_key=claim.key,
                text=claim.text,
                verdict=claim.verdict,
                reviewed_on=verdict_dates.get(claim.id) or claim.updated_at,
                publisher=publisher,
                base_url=base_url,
                origin_authors=[(o.name, kinds.get(o.source_id)) for o in assessment.asserting],
                speakers=_asserting_speakers(claim_evidence),
                appearances=_appearances(claim_evidence, urls),
            )


def claim_review(
    *,
    claim_key: str,
    text: str,
    verdict: str,
    reviewed_on: datetime | date | None,
    publisher: str,
    base_url: str | None,
    origin_authors: Sequence[tuple[str, str | None]],
    speakers: Sequence[tuple[str, str | None]] = (),
    appearances: Sequence[Appearance] = (),
) -> dict[str, Any]:
    """One ClaimReview; pure, so tests can check every field.

    ``origin_authors``: the independent origins asserting the claim (name, source kind);
    ``speakers``: the sources asserting it, each once, in the order they did, the authors
    when no origin is counted; ``appearances``: the documents carrying its attributions.
    """
    value, label = RATINGS[verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    authors = [_party(name, kind) for name, kind in origin_authors or speakers]
    works = [_creative_work(appearance) for appearance in appearances]
    item: dict[str, Any] = {"@type": "Claim"}
    if authors:
        item["author"] = authors if len(authors) > 1 else authors[0]
    if works:
        item["appearance"] = works
        dated = [work for work in works if "datePublished" in work]
        first = min(dated, key=lambda work: work["datePublished"]) if dated else works[0]
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


def _asserting_speakers(evidence: Evidence) -> list[tuple[str, str | None]]:
    """The sources asserting the claim (name, kind), each name once, in attribution order."""
    speakers: dict[str, str | None] = {}
    for attribution in sorted(evidence.attributions, key=attrgetter("id")):
        source = evidence.sources.get(attribution.source_id)
        if attribution.stance is Stance.ASSERTS and source is not None and source.name not in speakers:
            speakers[source.name] = source.kind.value if source.kind is not None else None
    return list(speakers.items())


def _appearances(evidence: Evidence, urls: Mapping[int, str | None]) -> list[Appearance]:
    """The documents carrying the claim's attributions, in the order of their first attribution."""
    seen: set[int] = set()
    out: list[Appearance] = []
    for attribution in sorted(evidence.attributions, key=attrgetter("id")):
        document_id = attribution.document_id
        if document_id is None or document_id in seen:
            continue
        seen.add(document_id)
        document = evidence.documents.get(document_id)
        if document is None:
            continue
        outlet = evidence.sources.get(document.outlet_id) if document.outlet_id is not None else None
        out.append(Appearance(document.title, urls.get(document_id), document.published_on, outlet.name if outlet else None))
    return out


def _creative_work(appearance: Appearance) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "headline": appearance.title}
    if appearance.url:
        work["url"] = appearance.url
    if appearance.published_on:
        work["datePublished"] = appearance.published_on.isoformat()
    if appearance.outlet_name:
        work["publisher"] = {"@type": "Organization", "name": appearance.outlet_name}
    return work


def _document_urls(session: Session, document_ids: Iterable[int]) -> dict[int, str | None]:
    """The URL of each of these documents (the one thing a review shows that the rules never read)."""
    urls: dict[int, str | None] = {}
    for chunk in chunks(sorted(document_ids)):
        for document_id, url in session.execute(select(Document.id, Document.url).where(Document.id.in_(padded(chunk)))):
            urls[document_id] = url
    return urls


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

