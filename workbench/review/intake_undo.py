"""An intake commit as one reviewer action: recorded once, undone whole.

An intake is stored through the import (``importing.intake_commit``), which logs one event per
record it creates, with the import's reason, so ``undo`` never offers them one by one. After
the import, ``record_intake`` appends one ``intake_committed`` event that lists what the
intake created (document, sources, claims, attributions, links) and the stored claims it added
attributions to. ``undo`` offers that event ("intake of 'Title': 5 claims, 9 attributions") and
``undo_intake`` takes everything it lists away in one transaction, recomputing the stored
claims it touched.

It refuses, and changes nothing, when anything later depends on the intake: a later change to
one of its claims, attributions, sources or document (or to a stored claim it added to) that
was not itself undone, or a record stored since that refers to one of its sources or its
document. It also refuses an intake that changed stored records (a document's text updated
from the article): deleting what it created would not give back what it changed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from workbench.db.models import (
    Attribution,
    ClaimLink,
    ClaimTag,
    Document,
    PossiblySameSource,
    ReviewEvent,
    Source,
    SourceAlias,
)
from workbench.db.models import Claim as ClaimRow
from workbench.errors import InvalidInput
from workbench.review.audit import record
from workbench.review.writes import audited_write
from workbench.vocabulary import EntityType

INTAKE_COMMITTED = "intake_committed"
INTAKE_UNDONE = "intake_undone"
_CREATED = {
    "claim_added": "claims",
    "attribution_added": "attributions",
    "source_added": "sources",
    "document_added": "documents",
    "link_added": "links",
}
_KINDS = {"claims": "claim", "attributions": "attribution", "sources": "source", "documents": "document", "links": "link"}


def record_intake(session: Session, reviewer: str, *, title: str, name: str, document_id: int, since_event_id: int) -> ReviewEvent:
    """Log the intake just stored (every event after ``since_event_id``) as one undoable action."""
    events = session.execute(
        select(ReviewEvent.id, ReviewEvent.entity_type, ReviewEvent.entity_id, ReviewEvent.claim_id, ReviewEvent.action, ReviewEvent.after)
        .where(ReviewEvent.id > since_event_id)
        .order_by(ReviewEvent.id)
    ).all()
    created: dict[str, list[int]] = {kind: [] for kind in _KINDS}
    joined: set[int] = set()
    updated: set[str] = set()
    for event in events:
        kind = _CREATED.get(event.action)
        if kind is None:
            updated.add(event.action)
            continue
        created[kind].append(event.entity_id)
        if event.action == "claim_added":  # a new claim's attributions are listed in its own event
            created["attributions"].extend(int(i) for i in (event.after or {}).get("attributions", []))
    for event in events:
        if event.action == "attribution_added" and event.claim_id is not None and event.claim_id not in created["claims"]:
            joined.add(event.claim_id)
    after = {
        "title": title,
        "file": name,
        "document_id": document_id,
        "created": created,
        "joined_claims": sorted(joined),
        "updated": sorted(updated),
        "events": [events[0].id, events[-1].id] if events else [],
    }
    return record(
        session,
        reviewer=reviewer,
        entity_type=EntityType.DOCUMENT,
        entity_id=document_id,
        action=INTAKE_COMMITTED,
        after=after,
        reason=f"intake of {name}",
    )


def describe_intake(after: dict[str, Any]) -> str:
    """"intake of 'Title': 5 claims, 9 attributions" (and the new sources and document)."""
    created = after.get("created") or {}
    parts = [f"{len(created.get('claims', []))} claims", f"{len(created.get('attributions', []))} attributions"]
    if created.get("sources"):
        parts.append(f"{len(created['sources'])} new sources")
    if created.get("documents"):
        parts.append("the document")
    return f"intake of {after.get('title')!r}: " + ", ".join(parts)


def undo_intake(session: Session, reviewer: str, event: ReviewEvent, reason: str) -> str:
    """Delete what the intake created (see the module docstring); returns what was undone."""
    after = event.after or {}
    what = describe_intake(after)
    if after.get("updated"):
        raise InvalidInput(
            f"the {what} also changed stored records ({', '.join(after['updated'])}), which undo cannot give back; nothing was undone"
        )
    created = {kind: [int(i) for i in ids] for kind, ids in (after.get("created") or {}).items()}
    claims, attributions = created.get("claims", []), created.get("attributions", [])
    sources, documents, links = created.get("sources", []), created.get("documents", []), created.get("links", [])
    joined = [int(i) for i in after.get("joined_claims", [])]
    problem = _later_change(session, event.id, created, joined) or _reference_from_outside(session, created)
    if problem:
        raise InvalidInput(f"cannot undo the {what}: {problem}; undo or remove that first — nothing was undone")
    with audited_write(session, reviewer) as write:
        for claim_id in joined:
            if session.get(ClaimRow, claim_id) is not None:
                write.claim(claim_id)  # it loses the attributions the intake added
        session.flush()
        _delete(session, ClaimLink, links)
        _delete(session, Attribution, attributions)
        if claims:
            session.execute(delete(ClaimTag).where(ClaimTag.claim_id.in_(claims)))
        _delete(session, ClaimRow, claims)
        _delete(session, Document, documents)
        if sources:
            session.execute(delete(SourceAlias).where(SourceAlias.source_id.in_(sources)))
            session.execute(update(Source).where(Source.id.in_(sources)).values(affiliation_id=None).execution_options(synchronize_session=False))
        _delete(session, Source, sources)
        session.expire_all()
        write.log(EntityType.DOCUMENT, event.entity_id, INTAKE_UNDONE, before=after, reason=reason)
        write.recompute([claim_id for claim_id in joined if session.get(ClaimRow, claim_id) is not None])
    return f"{what} taken back"


def _delete(session: Session, model: Any, ids: Collection[int]) -> None:
    if ids:
        session.execute(delete(model).where(model.id.in_(list(ids))).execution_options(synchronize_session=False))


def _later_change(session: Session, event_id: int, created: dict[str, list[int]], joined: list[int]) -> str | None:
    """A change made after the intake (and not undone since) to something it created or added to."""
    later = session.execute(
        select(ReviewEvent.id, ReviewEvent.entity_type, ReviewEvent.entity_id, ReviewEvent.claim_id, ReviewEvent.action,
               ReviewEvent.reviewer, ReviewEvent.after)
        .where(ReviewEvent.id > event_id)
        .order_by(ReviewEvent.id)
    ).all()
    consumed: set[int] = set()
    for row in later:
        if row.action == "undo" and row.after:
            consumed.add(int(row.after.get("undid", 0)))
            consumed.update(int(i) for i in row.after.get("compensating", []))
    claims = set(created.get("claims", [])) | set(joined)
    owned = {(_KINDS[kind], i) for kind, ids in created.items() if kind in _KINDS for i in ids}
    for row in later:
        if row.id in consumed or row.action == "undo":
            continue
        if row.claim_id in claims or (row.entity_type, row.entity_id) in owned:
            target = f"claim {row.claim_id}" if row.claim_id is not None else f"{row.entity_type} {row.entity_id}"
            return f"{target} changed since ({row.action.replace('_', ' ')} by {row.reviewer}, review event #{row.id})"
    return None


def _reference_from_outside(session: Session, created: dict[str, list[int]]) -> str | None:
    """A record stored since that refers to one of the intake's sources or its document."""
    sources, documents = created.get("sources", []), created.get("documents", [])
    attributions, links, claims = created.get("attributions", []), created.get("links", []), created.get("claims", [])
    checks: list[tuple[str, Any]] = []
    if sources or documents:
        checks.append((
            "attribution #{} (not the intake's) cites one of its sources or its document",
            select(Attribution.id).where(
                or_(Attribution.source_id.in_(sources), Attribution.relayed_via_id.in_(sources), Attribution.document_id.in_(documents)),
                Attribution.id.not_in(attributions),
            ),
        ))
        checks.append((
            "document #{} names one of its sources as outlet or derives from its document",
            select(Document.id).where(or_(Document.outlet_id.in_(sources), Document.derived_from_id.in_(documents)), Document.id.not_in(documents)),
        ))
    if sources:
        checks.append(("source #{} is affiliated with one of its sources", select(Source.id).where(Source.affiliation_id.in_(sources), Source.id.not_in(sources))))
        checks.append((
            "one of its sources is marked possibly the same as another (mark #{})",
            select(PossiblySameSource.id).where(or_(PossiblySameSource.source_id.in_(sources), PossiblySameSource.other_source_id.in_(sources))),
        ))
    if claims:
        checks.append((
            "link #{} (not the intake's) joins one of its claims",
            select(ClaimLink.id).where(or_(ClaimLink.from_claim_id.in_(claims), ClaimLink.to_claim_id.in_(claims)), ClaimLink.id.not_in(links)),
        ))
    for message, statement in checks:
        found = session.scalar(statement.limit(1))
        if found is not None:
            return message.format(found)
    return None
