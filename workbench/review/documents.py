"""Use cases on documents: list, show, add, update, and re-anchoring quotes after a correction.

A document is where statements were published; its text is what quotes are anchored in.
Adding or updating one is one ``audited_write``. Updating the text of a document (a corrected
or updated article) looks for every quote stored against it again (``quote_anchors``): a
quote found at the same place or elsewhere stays ``anchored``, a close passage makes it
``changed`` (with the words that differ), nothing close makes it ``orphaned``. Each quote
whose state changes gets a review event on its claim, so the claim's history says why it is
flagged. Changing the outlet or what a document is derived from changes how its
attributions count, so those claims are recomputed in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from workbench.dates import Published, as_given, to_stored
from workbench.db.models import Attribution, Claim, Document, Source
from workbench.errors import InvalidInput
from workbench.limits import MAX_DOCUMENT_TEXT, MAX_KEY
from workbench.records import DocumentRecord, QuoteAnchorRecord
from workbench.review import status
from workbench.review.quote_anchors import FLAGGED, QuoteReanchored, anchor_record, reanchor_document
from workbench.review.record_builders import document_record
from workbench.review.references import find_document, find_source, require_storable, unique_key
from workbench.review.writes import AuditedWrite, audited_write
from workbench.vocabulary import AnchorState, EntityType

MAX_PAGE = 1000
UNCHANGED: Any = object()  # "not given" for ``update_document``, where None means "clear it"
_METADATA = ("title", "byline", "place", "published_at", "published_precision", "url")


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list: the document and how its quotes stand."""

    id: int
    key: str
    title: str
    outlet_name: str | None
    published_at: Published | None  # as given: a date when only the day was
    url: str | None
    characters: int | None  # length of the stored text (None: no text)
    quotes: int
    changed: int
    orphaned: int


@dataclass(frozen=True)
class QuoteInDocument:
    """A quote stored against a document, with whose it is and where it stands."""

    attribution_id: int
    claim_id: int
    claim_text: str
    source_name: str
    stance: str
    quote: str
    span: tuple[int, int] | None
    anchor: QuoteAnchorRecord | None


@dataclass(frozen=True)
class DocumentDetail:
    """One document: its record, its text's hash and length, and every quote anchored in it."""

    document: DocumentRecord
    content_hash: str | None
    characters: int | None
    quotes: tuple[QuoteInDocument, ...]
    text: str | None = None  # only when asked for


@dataclass(frozen=True)
class DocumentUpdate:
    """What ``update_document`` did: the fields it changed and, for a new text, how each quote was found."""

    document: DocumentRecord
    changed: tuple[str, ...]
    found: dict[str, int]  # same / moved / changed / orphaned -> how many quotes
    flagged: tuple[QuoteInDocument, ...]  # the quotes changed or orphaned now


def list_documents(session: Session, *, limit: int = 100, after_id: int | None = None) -> list[DocumentSummary]:
    """Documents in id order (keyset paging with ``after_id``), each with its quotes' states."""
    outlet = aliased(Source)
    query = (
        select(Document, outlet.name, func.length(Document.full_text))
        .outerjoin(outlet, outlet.id == Document.outlet_id)
        .order_by(Document.id)
        .limit(max(1, min(limit, MAX_PAGE)))
    )
    if after_id is not None:
        query = query.where(Document.id > after_id)
    rows = session.execute(query).all()
    states = _quote_states(session, [document.id for document, _, _ in rows])
    return [
        DocumentSummary(
            id=document.id,
            key=document.key,
            title=document.title,
            outlet_name=outlet_name,
            published_at=as_given(document.published_at, document.published_precision),
            url=document.url,
            characters=characters,
            quotes=sum(states.get(document.id, {}).values()),
            changed=states.get(document.id, {}).get(AnchorState.CHANGED.value, 0),
            orphaned=states.get(document.id, {}).get(AnchorState.ORPHANED.value, 0),
        )
        for document, outlet_name, characters in rows
    ]


def _quote_states(session: Session, document_ids: list[int]) -> dict[int, dict[str, int]]:
    states: dict[int, dict[str, int]] = {}
    if not document_ids:
        return states
    for document_id, state, n in session.execute(
        select(Attribution.document_id, Attribution.anchor_state, func.count())
        .where(Attribution.document_id.in_(document_ids), Attribution.quote.is_not(None), Attribution.quote != "")
        .group_by(Attribution.document_id, Attribution.anchor_state)
    ):
        if document_id is not None:  # always, by the query: for the type checker
            states.setdefault(document_id, {})[state or ""] = n
    return states


def get_document(session: Session, reference: str | int, *, with_text: bool = False) -> DocumentDetail:
    """One document with every quote stored against it, in the order they appear in its text."""
    document = find_document(session, reference)
    return _detail(session, document, with_text=with_text)


def _detail(session: Session, document: Document, *, with_text: bool = False, only: set[int] | None = None) -> DocumentDetail:
    quotes = tuple(_quotes(session, document.id, only))
    return DocumentDetail(
        document=_record(session, document),
        content_hash=document.content_hash,
        characters=len(document.full_text) if document.full_text is not None else None,
        quotes=quotes,
        text=document.full_text if with_text else None,
    )


def _quotes(session: Session, document_id: int, only: set[int] | None = None) -> list[QuoteInDocument]:
    query = (
        select(Attribution, Claim.text, Source.name)
        .join(Claim, Claim.id == Attribution.claim_id)
        .join(Source, Source.id == Attribution.source_id)
        .where(Attribution.document_id == document_id, Attribution.quote.is_not(None), Attribution.quote != "")
        .order_by(Attribution.span_start.is_(None), Attribution.span_start, Attribution.id)
    )
    if only is not None:
        query = query.where(Attribution.id.in_(sorted(only)))
    return [
        QuoteInDocument(
            attribution_id=attribution.id,
            claim_id=attribution.claim_id,
            claim_text=claim_text,
            source_name=source_name,
            stance=attribution.stance,
            quote=attribution.quote or "",
            span=(attribution.span_start, attribution.span_end)
            if attribution.span_start is not None and attribution.span_end is not None
            else None,
            anchor=anchor_record(attribution),
        )
        for attribution, claim_text, source_name in session.execute(query)
    ]


def _record(session: Session, document: Document) -> DocumentRecord:
    outlet = session.get(Source, document.outlet_id) if document.outlet_id is not None else None
    original = session.get(Document, document.derived_from_id) if document.derived_from_id is not None else None
    return document_record(document, outlet.name if outlet else None, original.title if original else None)


def add_document(
    session: Session,
    reviewer: str,
    title: str,
    *,
    key: str | None = None,
    outlet: str | int | None = None,
    byline: str | None = None,
    place: str | None = None,
    published_at: Published | None = None,
    url: str | None = None,
    text: str | None = None,
    derived_from: str | int | None = None,
) -> DocumentRecord:
    """Store a document (with its text, if given: quotes added later are anchored in it).

    ``published_at`` is a date when only the day is known: it is kept as a date.
    """
    if not title.strip():
        raise InvalidInput("a document needs a title")
    for name, value in (("title", title), ("byline", byline), ("place", place), ("url", url)):
        require_storable(value, name)
    require_storable(text, "text", MAX_DOCUMENT_TEXT)
    require_storable(key, "key", MAX_KEY)
    if key is not None and session.scalar(select(Document.id).where(Document.key == key)) is not None:
        raise InvalidInput(f"a document with key {key!r} already exists")
    with audited_write(session, reviewer) as write:
        document = Document(
            key=key or unique_key(session, Document, "doc", title),
            title=title,
            outlet_id=find_source(session, outlet).id if outlet not in (None, "") else None,
            byline=byline or None,
            place=place or None,
            published_at=to_stored(published_at)[0],
            published_precision=to_stored(published_at)[1],
            url=url or None,
            full_text=text,
            content_hash=content_hash(text),
            derived_from_id=find_document(session, derived_from).id if derived_from not in (None, "") else None,
        )
        session.add(document)
        write.flush()
        write.log(EntityType.DOCUMENT, document.id, "document_added", after=snapshot(document))
    return _record(session, document)


def update_document(
    session: Session,
    reviewer: str,
    reference: str | int,
    *,
    title: Any = UNCHANGED,
    outlet: Any = UNCHANGED,
    byline: Any = UNCHANGED,
    place: Any = UNCHANGED,
    published_at: Any = UNCHANGED,
    url: Any = UNCHANGED,
    text: Any = UNCHANGED,
    derived_from: Any = UNCHANGED,
    reason: str | None = None,
) -> DocumentUpdate:
    """Change a document's details or text; a new text re-anchors every quote stored against it.

    Only the values given change (``None`` clears one). Returns what changed and, for a new
    text, how each quote was found again and which are now flagged.
    """
    document = find_document(session, reference)
    wanted: dict[str, Any] = {
        name: value
        for name, value in (("title", title), ("byline", byline), ("place", place), ("published_at", published_at), ("url", url))
        if value is not UNCHANGED
    }
    if "title" in wanted and not (wanted["title"] or "").strip():
        raise InvalidInput("a document needs a title")
    if "published_at" in wanted:
        wanted["published_at"], wanted["published_precision"] = to_stored(wanted["published_at"])
    for name in ("title", "byline", "place", "url"):
        if name in wanted:
            require_storable(wanted[name], name)
    if outlet is not UNCHANGED:
        wanted["outlet_id"] = find_source(session, outlet).id if outlet not in (None, "") else None
    if derived_from is not UNCHANGED:
        wanted["derived_from_id"] = _derivation(session, document, derived_from)
    if text is not UNCHANGED:
        require_storable(text, "text", MAX_DOCUMENT_TEXT)
        wanted["full_text"], wanted["content_hash"] = text, content_hash(text)
    changed = {name: value for name, value in wanted.items() if getattr(document, name) != value}
    found: Counter[str] = Counter()
    flagged: set[int] = set()
    with audited_write(session, reviewer) as write:
        if changed:
            before = {name: getattr(document, name) for name in changed}
            for name, value in changed.items():
                setattr(document, name, value)
            write.flush()
            write.log(
                EntityType.DOCUMENT, document.id, "document_updated", before=_loggable(before), after=_loggable(changed), reason=reason
            )
        if changed.keys() & {"outlet_id", "derived_from_id"}:
            write.recompute(status.claims_affected_by_document(session, document.id))
        if "full_text" in changed:
            results = reanchor_document(session.connection(), document.id, document.full_text)
            session.expire_all()  # the quotes' columns were written past the ORM
            _log_reanchored(write, results, reason)
            found.update(result.status.value for result in results)
            flagged = {result.attribution_id for result in results if result.after["anchor_state"] in FLAGGED}
    detail = _detail(session, document, only=flagged)
    return DocumentUpdate(detail.document, tuple(sorted(changed)), dict(found), detail.quotes if flagged else ())


def _log_reanchored(write: AuditedWrite, results: list[QuoteReanchored], reason: str | None) -> None:
    """One event on the claim's history for each quote whose state changed (a move is not news)."""
    for result in results:
        if result.state_changed:
            before, after = result.logged()
            write.log(
                EntityType.ATTRIBUTION,
                result.attribution_id,
                "quote_reanchored",
                claim_id=result.claim_id,
                before=before,
                after=after,
                reason=reason,
            )


def _derivation(session: Session, document: Document, reference: str | int | None) -> int | None:
    if reference in (None, ""):
        return None
    original = find_document(session, reference)
    walker: int | None = original.id
    seen: set[int] = set()
    while walker is not None and walker not in seen:
        if walker == document.id:
            raise InvalidInput(f"{document.key!r} -> {original.key!r} makes a derivation loop")
        seen.add(walker)
        walker = session.scalar(select(Document.derived_from_id).where(Document.id == walker))
    return original.id


def content_hash(text: str | None) -> str | None:
    """SHA-256 of the text, hex: the same text stored twice has the same hash (intake finds it by it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text is not None else None


def snapshot(document: Document) -> dict[str, object]:
    """A document's values for the review log (its text by hash and length, never copied)."""
    return _loggable({name: getattr(document, name) for name in (*_METADATA, "outlet_id", "derived_from_id", "full_text", "content_hash")})


def _loggable(values: dict[str, Any]) -> dict[str, Any]:
    out = {name: value for name, value in values.items() if name != "full_text"}
    if "full_text" in values:
        out["characters"] = len(values["full_text"]) if values["full_text"] is not None else None
    return out


def find_stored_document(session: Session, text_hash: str, url: str | None) -> Document | None:
    """The stored document with this text (by its hash), else the one at this URL, if any."""
    by_hash = session.scalars(select(Document).where(Document.content_hash == text_hash).order_by(Document.id).limit(1)).first()
    if by_hash is not None or not url:
        return by_hash
    return session.scalars(select(Document).where(Document.url == url).order_by(Document.id).limit(1)).first()


@dataclass(frozen=True)
class DocumentChoice:
    """A document as a picker lists it: enough to recognise it, never its full text."""

    id: int
    key: str
    title: str
    outlet_name: str | None
    published_at: Published | None


def document_choices(session: Session) -> list[DocumentChoice]:
    """Every document, newest published first (undated last), with its outlet's name.

    Only the columns a picker shows are read: a document's full text can be long.
    """
    outlet = aliased(Source)
    rows = session.execute(
        select(Document.id, Document.key, Document.title, outlet.name, Document.published_at, Document.published_precision)
        .outerjoin(outlet, outlet.id == Document.outlet_id)
        .order_by(Document.published_at.desc().nulls_last(), Document.id.desc())
    ).all()
    return [DocumentChoice(*row[:4], as_given(row[4], row[5])) for row in rows]
