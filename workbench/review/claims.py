"""Use cases that change a claim: add one, set its verdict or its kind, annotate it.

Each runs as one ``audited_write``: a claim that changes is loaded under the write lock and
checked against the version the caller last saw (``StaleClaim`` if the database moved on
since), so nothing is silently overwritten, and every change leaves a review event.

This is also the claim use cases' front door: the listing (``claim_list``), its filters
(``claim_filters``) and the dossier (``dossier``) are importable from here, as
``workbench.review.claims.list_claims`` and friends, which is where callers look for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.models import Claim, ClaimTag
from workbench.errors import InvalidInput
from workbench.limits import MAX_KEY, MAX_TAG, MAX_TAGS
from workbench.records import ClaimSummary
from workbench.review.claim_filters import ClaimFilter, parse_status, parse_verdict
from workbench.review.claim_list import MAX_PAGE, SortOrder, count_claims, get_claim, list_claims, next_unreviewed
from workbench.review.dossier import get_dossier
from workbench.review.record_builders import claim_summaries
from workbench.review.references import find_claim, require_storable, unique_key
from workbench.review.writes import audited_write
from workbench.vocabulary import ClaimKind, EntityType, Status, Verdict, choices

__all__ = [
    "MAX_PAGE",
    "ClaimFilter",
    "SortOrder",
    "add_claim",
    "add_note",
    "claim_snapshot",
    "count_claims",
    "get_claim",
    "get_dossier",
    "list_claims",
    "next_unreviewed",
    "normalize_tags",
    "parse_claim_kind",
    "parse_status",
    "parse_verdict",
    "set_claim_kind",
    "set_verdict",
]


def add_claim(
    session: Session,
    reviewer: str,
    text: str,
    *,
    tags: Sequence[str] = (),
    place: str | None = None,
    event_date: date | None = None,
    key: str | None = None,
    reason: str | None = None,
    kind: str = ClaimKind.EVENT.value,
) -> ClaimSummary:
    """Add a claim in the desk's own words; it starts unsourced and unreviewed.

    ``kind`` is ``plan`` for a claim about something scheduled or expected (forecasts then
    confirm it), else ``event``.
    """
    if not text.strip():
        raise InvalidInput("a claim needs text")
    for field, value in (("claim text", text), ("place", place)):
        require_storable(value, field)
    for tag in tags:
        require_storable(tag, "tag", MAX_TAG)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"tags: too many ({len(tags):,}; the limit is {MAX_TAGS:,})")
    require_storable(key, "key", MAX_KEY)
    if key is not None and session.scalar(select(Claim.id).where(Claim.key == key)) is not None:
        raise InvalidInput(f"a claim with key {key!r} already exists")
    clean_tags = normalize_tags(tags)
    kind = parse_claim_kind(kind)
    with audited_write(session, reviewer) as write:
        claim = Claim(
            key=key or unique_key(session, Claim, "claim", text),
            text=text,
            kind=kind,
            place=place or None,
            event_date=event_date,
            verdict=Verdict.UNREVIEWED.value,
            status=Status.UNSOURCED.value,
            origin_count=0,
        )
        claim.tags = [ClaimTag(tag=tag) for tag in clean_tags]
        session.add(claim)
        write.flush()
        write.log(
            EntityType.CLAIM,
            claim.id,
            "claim_added",
            claim_id=claim.id,
            after=claim_snapshot(claim, clean_tags),
            reason=reason,
        )
    return claim_summaries(session, [claim])[0]


def set_verdict(
    session: Session,
    reviewer: str,
    reference: str | int,
    verdict: str,
    reason: str,
    expected_version: int | None = None,
) -> ClaimSummary:
    """Record the reviewer's verdict; a reason is required because verdicts get published."""
    if not reason or not reason.strip():
        raise InvalidInput("a verdict needs a reason (--reason)")
    require_storable(reason, "reason")
    with audited_write(session, reviewer) as write:
        claim = write.claim(reference, expected_version)
        new = parse_verdict(verdict)
        before = claim.verdict
        claim.verdict = new
        write.log(
            EntityType.CLAIM,
            claim.id,
            "verdict_set",
            claim_id=claim.id,
            before={"verdict": before},
            after={"verdict": new},
            reason=reason.strip(),
        )
    return claim_summaries(session, [claim])[0]


def set_claim_kind(
    session: Session,
    reviewer: str,
    reference: str | int,
    kind: str,
    reason: str | None = None,
    expected_version: int | None = None,
) -> ClaimSummary:
    """Say whether a claim is about an event or a plan; the status is recomputed at once.

    A plan is confirmed by forecasts ("is expected to visit"); an event only by stated
    attributions. Setting the kind it already has changes nothing and logs nothing.
    """
    require_storable(reason, "reason")
    new = parse_claim_kind(kind)
    claim = find_claim(session, reference)
    if claim.kind == new and (expected_version is None or claim.version == expected_version):
        return claim_summaries(session, [claim])[0]
    with audited_write(session, reviewer) as write:
        claim = write.claim(claim.id, expected_version)
        before = claim.kind
        claim.kind = new
        write.log(
            EntityType.CLAIM, claim.id, "claim_kind_set", claim_id=claim.id,
            before={"kind": before}, after={"kind": new}, reason=reason,
        )
        write.recompute([claim.id])
    return claim_summaries(session, [claim])[0]


def add_note(
    session: Session, reviewer: str, reference: str | int, note: str, expected_version: int | None = None
) -> ClaimSummary:
    """Add a reviewer's note to the claim's history (notes are review events: never edited)."""
    if not note.strip():
        raise InvalidInput("a note needs text")
    require_storable(note, "note")
    with audited_write(session, reviewer) as write:
        claim = write.claim(reference, expected_version)
        write.log(EntityType.CLAIM, claim.id, "note_added", claim_id=claim.id, reason=note)
    return claim_summaries(session, [claim])[0]


def claim_snapshot(claim: Claim, tags: Sequence[str]) -> dict[str, object]:
    """What the review log keeps of a claim added or merged away (enough to restore it)."""
    return {
        "key": claim.key,
        "text": claim.text,
        "kind": claim.kind,
        "place": claim.place,
        "event_date": claim.event_date,
        "verdict": claim.verdict,
        "tags": list(tags),
    }


def parse_claim_kind(value: str) -> str:
    try:
        return ClaimKind(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"unknown claim kind {value!r} (expected one of: {', '.join(choices(ClaimKind))})") from None


def normalize_tags(tags: Sequence[str]) -> list[str]:
    return sorted({tag.strip().lower() for tag in tags if tag and tag.strip()})
