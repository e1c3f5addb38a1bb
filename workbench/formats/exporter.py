"""Writing the database out in the interchange formats (docs/interchange-format.md).

Three layouts of the same records:

- ``write_json``: one JSON document (``format``, ``version``, ``sources``, ``documents``,
  ``claims`` with their attributions, ``links``);
- ``write_jsonl``: a header line ``{"format": "workbench", "version": 2, "exact_copy": true}``, then one record a
  line, each with its ``type`` (``source``, ``document``, ``claim``, ``link``), in that order
  so every key is defined before it is referred to;
- ``write_csv``: the spreadsheet layout (``workbench.formats.csv_columns.COLUMNS``): one row per
  attribution with its claim, source and document in columns, and one row for a claim with
  no attribution. A spreadsheet cannot nest, so CSV carries less than the other two: no
  links, no source roles, affiliations (nor their kinds), aliases or possibly-same marks, no
  claim notes, no document outlet, byline, place, text or ``derived_from``, no span, and no
  source or document that no attribution names. A source
  that only relays a statement gets a row of its own (the claim's key and the source's
  columns, no stance), so every key a row names is defined in the file.

JSON and JSONL stream claims page by page so memory stays flat on large databases, and
they are the exact inverse of the importer: importing an export into an empty database
reproduces every source (with its affiliation kind and possibly-same marks), document,
claim (with its kind, verdict, verdict reason and notes), attribution (with its certainty),
and link, and the statuses recomputed from them come out the same. The rest of the review
log is not in an export: ``workbench backup`` copies the whole database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from workbench.dates import as_given, published_text
from workbench.db.models import (
    Attribution,
    Claim,
    ClaimLink,
    ClaimTag,
    Document,
    PossiblySameSource,
    ReviewEvent,
    Source,
)
from workbench.formats.csv_columns import COLUMNS, TAG_SEPARATOR
from workbench.formats.interchange import FORMAT_NAME, FORMAT_VERSION
from workbench.vocabulary import AffiliationKind, ClaimKind, Verdict

PAGE = 500


def write_jsonl(session: Session, out: TextIO) -> dict[str, int]:
    """Write the whole database as JSON Lines (header, then one typed record a line)."""
    counts = {"sources": 0, "documents": 0, "claims": 0, "attributions": 0, "links": 0}
    out.write(json.dumps({"format": FORMAT_NAME, "version": FORMAT_VERSION, "exact_copy": True}) + "\n")
    for kind, plural, records in (
        ("source", "sources", _sources(session)),
        ("document", "documents", _documents(session)),
        ("claim", "claims", _claims(session, counts)),
        ("link", "links", _links(session)),
    ):
        for record in records:
            out.write(json.dumps({"type": kind} | record, ensure_ascii=False))
            out.write("\n")
            counts[plural] += 1
    return counts


def write_csv(session: Session, out: TextIO) -> dict[str, int]:
    """Write claims and attributions in the CSV layout (see the module docs for what it omits)."""
    counts = {"claims": 0, "attributions": 0, "rows": 0}
    sources = {record["key"]: record for record in _sources(session)}
    documents = {record["key"]: record for record in _documents(session)}
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    described: set[str] = set()  # sources a row has named so far, with their values
    for claim in _claims(session, counts):
        counts["claims"] += 1
        base = {
            "claim_key": claim["key"],
            "claim_text": claim["text"],
            "tags": TAG_SEPARATOR.join(claim.get("tags") or ()),
            "place": claim.get("place"),
            "event_date": claim.get("event_date"),
            "verdict": claim.get("verdict"),
            "claim_kind": claim.get("kind"),
            "verdict_reason": claim.get("verdict_reason"),
        }
        rows = []
        for attribution in claim.get("attributions") or ():
            source = sources.get(attribution["source"], {})
            document = documents.get(attribution.get("document") or "", {})
            rows.append(
                base
                | {
                    "attribution_key": attribution.get("key"),
                    "stance": attribution["stance"],
                    "mode": attribution.get("mode"),
                    "quote": attribution.get("quote"),
                    "credibility": attribution.get("credibility"),
                    "as_of": attribution.get("as_of"),
                    "note": attribution.get("note"),
                    "relayed_via_key": attribution.get("relayed_via"),
                    "certainty": attribution.get("certainty"),
                    "certainty_inferred": "true" if attribution.get("certainty_inferred") else None,
                    "source_key": attribution["source"],
                    "source_name": source.get("name"),
                    "source_kind": source.get("kind"),
                    "source_reliability": source.get("reliability"),
                    "document_key": attribution.get("document"),
                    "document_title": document.get("title"),
                    "document_url": document.get("url"),
                    "published_at": document.get("published_at"),
                }
            )
            described.add(attribution["source"])
        for attribution in claim.get("attributions") or ():
            # A source that only relays (the agency three local sources told) has no row of
            # its own: a row of the claim describes it, or re-import fails on its key.
            relay = attribution.get("relayed_via")
            if relay is not None and relay not in described:
                source = sources.get(relay, {})
                rows.append(
                    {
                        "claim_key": claim["key"],
                        "source_key": relay,
                        "source_name": source.get("name"),
                        "source_kind": source.get("kind"),
                        "source_reliability": source.get("reliability"),
                    }
                )
                described.add(relay)
        for row in rows or [base]:
            writer.writerow(["" if row.get(column) is None else str(row[column]) for column in COLUMNS])
            counts["rows"] += 1
    return counts


def csv_writer(out: TextIO) -> Any:
    """A CSV writer whose rows end in CRLF (RFC 4180).

    Python's writer quotes a field only for the characters of its own line terminator: with
    ``"\n"`` a field holding a bare CR was written unquoted and a reader split the row there.
    With CRLF, every field holding a CR or an LF is quoted, so text comes back byte-exact.
    """
    return csv.writer(out, lineterminator="\r\n")


def write_json(session: Session, out: TextIO) -> dict[str, int]:
    """Write the whole database as one interchange document; returns counts per kind."""
    counts = {"sources": 0, "documents": 0, "claims": 0, "attributions": 0, "links": 0}
    out.write(f'{{\n  "format": {json.dumps(FORMAT_NAME)},\n  "version": {FORMAT_VERSION:d},\n  "exact_copy": true')
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
    other = aliased(Source)
    # The desk's possibly-same marks are a short hand-made list: each is written on the
    # source of the pair with the lower id.
    marks: dict[int, list[dict[str, Any]]] = {}
    for mark, other_key in session.execute(
        select(PossiblySameSource, other.key)
        .join(other, other.id == PossiblySameSource.other_source_id)
        .order_by(PossiblySameSource.id)
    ):
        marks.setdefault(mark.source_id, []).append(_compact({"source": other_key, "note": mark.note}))
    rows = session.execute(
        select(Source, parent.key)
        .outerjoin(parent, parent.id == Source.affiliation_id)
        .options(selectinload(Source.aliases))
        .order_by(Source.id)
    )
    for source, affiliation_key in rows:
        kind = source.affiliation_kind
        yield _compact(
            {
                "key": source.key,
                "name": source.name,
                "kind": source.kind,
                "role": source.role,
                "affiliation": affiliation_key,
                "affiliation_kind": kind if affiliation_key is not None or kind != AffiliationKind.MEMBER_OF.value else None,
                "reliability": source.reliability,
                "aliases": [a.alias for a in source.aliases] or None,
                "possibly_same": marks.get(source.id),
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
                "published_at": published_text(as_given(document.published_at, document.published_precision)),
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
                        # A quote changed or orphaned in its document is not at its span: the
                        # import anchors it again from its words (and flags it the same way).
                        "span": [attribution.span_start, attribution.span_end]
                        if attribution.span_start is not None
                        and attribution.span_end is not None
                        and attribution.anchor_state in (None, "anchored")
                        else None,
                        "relayed_via": relay_key,
                        "credibility": attribution.credibility,
                        "as_of": attribution.as_of.isoformat() if attribution.as_of else None,
                        "note": attribution.note,
                        # Always written: left out, an import would infer it from the wording.
                        "certainty": attribution.certainty,
                        "certainty_inferred": True if attribution.certainty_inferred else None,
                    }
                )
            )
        reasons, notes = _review_notes(session, ids)
        for claim in claims:
            yield _compact(
                {
                    "key": claim.key,
                    "text": claim.text,
                    "kind": claim.kind if claim.kind != ClaimKind.EVENT.value else None,
                    "tags": tags.get(claim.id) or None,
                    "place": claim.place,
                    "event_date": claim.event_date.isoformat() if claim.event_date else None,
                    "verdict": claim.verdict,
                    "verdict_reason": reasons.get(claim.id) if claim.verdict != Verdict.UNREVIEWED.value else None,
                    "notes": notes.get(claim.id),
                    "attributions": attributions.get(claim.id) or None,
                }
            )
        session.expunge_all()


def _review_notes(session: Session, claim_ids: list[int]) -> tuple[dict[int, str], dict[int, list[dict[str, Any]]]]:
    """The latest verdict reason and every note (words, author, time) of these claims, from the review log."""
    reasons: dict[int, str] = {}
    notes: dict[int, list[dict[str, Any]]] = {}
    rows = session.execute(
        select(ReviewEvent.claim_id, ReviewEvent.action, ReviewEvent.reason, ReviewEvent.reviewer, ReviewEvent.at)
        .where(ReviewEvent.claim_id.in_(claim_ids), ReviewEvent.action.in_(("verdict_set", "note_added")))
        .order_by(ReviewEvent.at, ReviewEvent.id)
    )
    for claim_id, action, reason, reviewer, at in rows:
        if reason is None or claim_id is None:
            continue
        if action == "verdict_set":
            reasons[claim_id] = reason
        else:
            notes.setdefault(claim_id, []).append({"text": reason, "by": reviewer, "at": at.isoformat()})
    return reasons, notes


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
