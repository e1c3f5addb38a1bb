"""Accepting a document's new wording of a changed quote, and taking that back.

When a corrected text no longer holds a quote's recorded words but a close passage
(``anchor_state`` ``changed``), the attribution keeps the words it recorded: the evidence as it
was captured. A reviewer who reads the correction and agrees that the source's statement is
now the new passage accepts it: the quote becomes the passage at its position, anchored there,
and the recorded words, selectors and difference go into the review event, so ``undo`` puts
them back exactly.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.models import Attribution, Document
from workbench.errors import InvalidInput, NotFound
from workbench.records import AttributionRecord
from workbench.review.attributions import attribution_record
from workbench.review.quote_anchors import ANCHOR_COLUMNS, anchor_columns
from workbench.review.references import require_storable
from workbench.review.writes import audited_write
from workbench.vocabulary import AnchorState, EntityType

QUOTE_COLUMNS = ("quote", *ANCHOR_COLUMNS)
ACCEPTED = "quote_wording_accepted"
RESTORED = "quote_wording_restored"


def accept_new_wording(
    session: Session,
    reviewer: str,
    attribution_id: int,
    reason: str | None = None,
    *,
    expected_version: int | None = None,
) -> AttributionRecord:
    """Make a changed quote's new passage its recorded words (one review event, undoable)."""
    require_storable(reason, "reason")
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise NotFound(f"no attribution #{attribution_id}")
    if attribution.anchor_state != AnchorState.CHANGED.value:
        state = attribution.anchor_state or "not anchored in a document text"
        raise InvalidInput(
            f"the quote of attribution #{attribution_id} is {state}, not changed: there is no new wording to accept"
        )
    text = session.scalar(select(Document.full_text).where(Document.id == attribution.document_id))
    start, end = attribution.span_start, attribution.span_end
    if not text or start is None or end is None or not 0 <= start < end <= len(text):
        raise InvalidInput(f"the quote of attribution #{attribution_id} points at no passage of its document's text")
    wording = text[start:end]
    with audited_write(session, reviewer) as write:
        claim = write.claim(attribution.claim_id, expected_version)
        before = _columns(attribution)
        for name, value in ({"quote": wording} | anchor_columns(text, wording, (start, end))).items():
            setattr(attribution, name, value)
        write.log(EntityType.ATTRIBUTION, attribution.id, ACCEPTED, claim_id=claim.id, before=before, after=_columns(attribution), reason=reason)
        write.recompute([claim.id])
    return attribution_record(session, attribution_id)


def restore_recorded_wording(session: Session, reviewer: str, attribution_id: int, logged: dict[str, Any], accepted: dict[str, Any], reason: str) -> None:
    """Undo ``accept_new_wording``: the recorded words and where they stood, as logged before.

    Refused when the quote is no longer the wording that was accepted (edited, or re-anchored
    by a later correction): putting the old columns back would undo that later change too.
    """
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise InvalidInput("that attribution no longer exists; nothing to undo")
    if _columns(attribution) != accepted:
        raise InvalidInput(
            f"the quote of attribution #{attribution_id} changed after its new wording was accepted "
            "(a later correction or edit); nothing was undone"
        )
    with audited_write(session, reviewer) as write:
        claim = write.claim(attribution.claim_id)
        for name in QUOTE_COLUMNS:
            setattr(attribution, name, logged[name])
        write.log(EntityType.ATTRIBUTION, attribution.id, RESTORED, claim_id=claim.id, before=accepted, after=logged, reason=reason)
        write.recompute([claim.id])


def _columns(attribution: Attribution) -> dict[str, Any]:
    return {name: getattr(attribution, name) for name in QUOTE_COLUMNS}
