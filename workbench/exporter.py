"""Writing the database out in the interchange format (docs/interchange-format.md).

The export streams claims page by page so memory stays flat on large databases, and it is
the exact inverse of the importer: importing an export into an empty database reproduces
every source, document, claim, attribution, link and verdict (statuses are recomputed and
come out the same because they depend on nothing else).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source
from workbench.interchange import FORMAT_NAME, FORMAT_VERSION

PAGE = 500


def write_json(session: Session, out: TextIO) -> dict[str, int]:
    """Write the whole database as one interchange document; returns counts per kind."""
    counts = {"sources": 0, "documents": 0, "claims": 0, "attributions": 0, "links": 0}
    out.write('{\n  "format": %s,\n  "version": %d' % (json.dumps(FORMAT_NAME), FORMAT_VERSION))
    for name, records in (
        ("sources", _sources(session)),
        ("documents", _documents(session)),
        ("claims", _claims(session, counts)),
        ("links", _links(session)),
    ):
        out.write(f',\n  "{name}": [')
        first = True
        for record in records:
            out.write("\n    " if first else ",\n    ")
            out.write(json.dumps(record, ensure_ascii=False))
            first = False
            if name != "claims":
                counts[name] += 1
            else:
                counts["claims"] += 1
        out.write("\n  ]" if not first else "]")
    out.write("\n}\n")
    return counts


def _sources(session: Session) -> Iterator[dict[str, Any]]:
    parent = aliased(Source)
    rows = session.execute(
        select(Source, parent.key)
        .outerjoin(parent, parent.id == Source.affiliation_id)
        .options(selectinload(Source.aliases))
        .order_by(Source.id)
    )
    for source, affiliation_key in rows:
        yield _compact(
            {
                "key": source.key,
                "name": source.name,
                "kind": source.kind,
                "role": source.role,
                "affiliation": affiliation_key,
                "reliability": source.reliability,
                "aliases": [a.alias for a in source.aliases] or None,
            }
        )


def _documents(session: Session) -> Iterator[dict[str, Any]]:
    outlet = aliased(Source)
    original = aliased(Document)
    rows = session.execute(
        select(Document, outlet.key, original.key)
        .outerjoin(outlet, outlet.id == Document.outlet_id)
        .outerjoin(original, original.id == Document.derived_from_id)
        .order_by(Document.id)
    )
    for document, outlet_key, original_key in rows:
        yield _compact(
            {
                "key": document.key,
                "title": document.title,
                "outlet": outlet_key,
                "byline": document.byline,
                "place": document.place,
                "published_at": document.published_at.isoformat() if document.published_at else None,
                "url": document.url,
                "text": document.full_text,
                "derived_from": original_key,
            }
        )


def _claims(session: Session, counts: dict[str, int]) -> Iterator[dict[str, Any]]:
    speaker = aliased(Source)
    relay = aliased(Source)
    last_id = 0
    while True:
        claims = session.scalars(select(Claim).where(Claim.id > last_id).order_by(Claim.id).limit(PAGE)).all()
        if not claims:
            return
        last_id = claims[-1].id
        ids = [c.id for c in claims]
        tags: dict[int, list[str]] = {}
        for claim_id, tag in session.execute(
            select(ClaimTag.claim_id, ClaimTag.tag).where(ClaimTag.claim_id.in_(ids)).order_by(ClaimTag.tag)
        ):
            tags.setdefault(claim_id, []).append(tag)
        attributions: dict[int, list[dict[str, Any]]] = {}
        rows = session.execute(
            select(Attribution, speaker.key, Document.key, relay.key)
            .join(speaker, speaker.id == Attribution.source_id)
            .outerjoin(Document, Document.id == Attribution.document_id)
            .outerjoin(relay, relay.id == Attribution.relayed_via_id)
            .where(Attribution.claim_id.in_(ids))
            .order_by(Attribution.id)
        )
        for attribution, source_key, document_key, relay_key in rows:
            counts["attributions"] += 1
            attributions.setdefault(attribution.claim_id, []).append(
                _compact(
                    {
                        "key": attribution.key,
                        "source": source_key,
                        "stance": attribution.stance,
                        "mode": attribution.mode,
                        "document": document_key,
                        "quote": attribution.quote,
                        "span": [attribution.span_start, attribution.span_end]
                        if attribution.span_start is not None and attribution.span_end is not None
                        else None,
                        "relayed_via": relay_key,
                        "credibility": attribution.credibility,
                        "as_of": attribution.as_of.isoformat() if attribution.as_of else None,
                        "note": attribution.note,
                    }
                )
            )
        for claim in claims:
            yield _compact(
                {
                    "key": claim.key,
                    "text": claim.text,
                    "tags": tags.get(claim.id) or None,
                    "place": claim.place,
                    "event_date": claim.event_date.isoformat() if claim.event_date else None,
                    "verdict": claim.verdict,
                    "attributions": attributions.get(claim.id) or None,
                }
            )
        session.expunge_all()


def _links(session: Session) -> Iterator[dict[str, Any]]:
    source = aliased(Claim)
    target = aliased(Claim)
    rows = session.execute(
        select(ClaimLink, source.key, target.key)
        .join(source, source.id == ClaimLink.from_claim_id)
        .join(target, target.id == ClaimLink.to_claim_id)
        .order_by(ClaimLink.id)
    )
    for link, from_key, to_key in rows:
        yield _compact({"from": from_key, "to": to_key, "relation": link.relation, "note": link.note})


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}
