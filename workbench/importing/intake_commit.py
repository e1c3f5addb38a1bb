"""Storing a reviewed intake: the accepted candidates in one transaction, with review events.

The plan and the decisions become an interchange document (``intake_bundle``), which is
validated and applied by the import pipeline in the caller's transaction, so an intake stores
exactly what ``workbench intake --json | workbench import -`` would, logs every record it
creates, and is all or nothing. One more event names the whole intake, so ``workbench undo``
takes it back as one action (``review.intake_undo``). Candidates the reviewer merged into a stored claim (or that
intake stored before) only add attributions to it: the stored claim's wording, verdict and
tags are left as they are, even if someone changed them while the review was open.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.models import Document, ReviewEvent
from workbench.errors import BadImportFile
from workbench.formats.interchange import ClaimSpec, Invalid
from workbench.formats.json_format import parse_bundle
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.intake_bundle import Bundle, Decisions, build_bundle
from workbench.importing.intake_plan import IntakePlan
from workbench.importing.pipeline import apply_bundle
from workbench.importing.summary import ImportSummary
from workbench.review.intake_undo import record_intake


@dataclass(frozen=True)
class IntakeCommitted:
    """What was stored (None when nothing was accepted) and what had to be left out."""

    summary: ImportSummary | None
    bundle: Bundle
    event_id: int | None = None  # the review event that names the whole intake (what undo takes back)


def commit_intake(
    session: Session, reviewer: str, plan: IntakePlan, decisions: Decisions, *, match_claims: bool = True
) -> IntakeCommitted:
    """Store the accepted candidates in the caller's transaction.

    ``match_claims``: new claims are matched against the stored ones as an import matches them
    (a near-certain duplicate joins the stored claim, a likely one is linked). The review
    screen passes False: its reviewer has already decided every merge.
    """
    bundle = build_bundle(plan, decisions)
    if bundle.is_empty:
        return IntakeCommitted(None, bundle)
    name = f"{plan.name} (intake)"
    try:
        parsed = parse_bundle(bundle.data)
    except Invalid as problem:  # a candidate the format refuses (too long, say): named, nothing stored
        raise BadImportFile(name, problem.line, problem.field, problem.reason) from None
    parsed.claims = [
        replace(spec, text=None, tags=None, verdict=None, place=None, event_date=None, grouped=True) if spec.key in bundle.joins else spec
        for spec in parsed.claims
    ]
    parsed.claims = [_with_certainty(spec, bundle) for spec in parsed.claims]
    since = session.scalar(select(func.max(ReviewEvent.id))) or 0
    summary = apply_bundle(session, parsed, reviewer, name, matcher=None if match_claims else ClaimMatcher())
    document_id = session.scalar(select(Document.id).where(Document.key == plan.document.key))
    assert document_id is not None  # stored before, or by this import
    article = plan.intake.article
    event = record_intake(session, reviewer, title=article.title or plan.name, name=plan.name, document_id=document_id, since_event_id=since)
    return IntakeCommitted(summary, bundle, event.id)


def _with_certainty(spec: ClaimSpec, bundle: Bundle) -> ClaimSpec:
    """The claim with its kind and each attribution's certainty, as the reviewer left them."""
    attributions = tuple(
        replace(a, certainty=chosen[0], certainty_inferred=chosen[1])
        if (chosen := bundle.certainties.get((spec.key, a.source or "", a.stance, a.quote))) is not None
        else a
        for a in spec.attributions
    )
    return replace(spec, attributions=attributions, kind=bundle.kinds.get(spec.key, spec.kind))
