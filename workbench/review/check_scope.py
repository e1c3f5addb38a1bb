"""What ``db check`` must recompute: every claim, or only what changed since the last clean check.

Recomputing a million statuses takes many minutes; a desk that checks every night changed a
few hundred claims since the night before. Every change the workbench makes writes a review
event in the same transaction, so the claims a change can have affected are named by the
events after the last check: the claim an event is about, every claim whose evidence involves
a source or document an event is about (its affiliation and ``derived_from`` families
included), both ends of a link, and the claims whose flags follow from any of those. Claims
added since (ids above the last one checked) are always in.

A check starts from the newest *clean* check (nothing found, or everything found was fixed)
made under the same rules. ``rules_fingerprint`` digests the code that computes a stored
status, so a workbench whose rules changed checks everything once. What the review log cannot
see, rows edited with plain SQL outside the workbench, only a full check (``--full``) finds.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.batches import chunks, padded
from workbench.db.models import Claim, ReviewEvent, StatusCheck
from workbench.review import status
from workbench.review.evidence import flag_dependents
from workbench.vocabulary import EntityType

FULL = "full"
CHANGES = "changes"
WHOLE_BELOW = 5_000  # claims: a desk this small is checked whole every time (a second or two)
SAMPLE = 1_000  # claims picked at random beside the changed ones: drift the log cannot name shows up

# The code whose output is a stored status: the rules, and how their inputs are read and stored.
_RULES_PACKAGE = "workbench.corroboration"
_RULES_MODULES = (("workbench.review", "evidence.py"), ("workbench.review", "status.py"))

# Keys of a review event's before/after snapshots that name other rows (see the snapshots in
# review/links.py, review/possibly_same.py, review/sources.py, importing/write_*.py).
_CLAIM_KEYS = ("from_claim_id", "to_claim_id")
_SOURCE_KEYS = ("source_id", "other_source_id", "affiliation_id")
_DOCUMENT_KEYS = ("derived_from_id",)


@dataclass(frozen=True)
class CheckScope:
    """One check's plan: which claims, and the marks the check will record when it is done."""

    scope: str  # FULL or CHANGES
    rules: str
    through_event_id: int  # the newest review event when the check began
    through_claim_id: int  # the newest claim when the check began
    claim_ids: frozenset[int] | None  # None: every claim
    sampled: int  # of ``claim_ids``, how many were picked at random rather than named by the log
    since: datetime | None  # when the check this one continues from finished
    why_full: str | None  # why every claim is checked ("--full", "no earlier check", ...)

    @property
    def full(self) -> bool:
        return self.claim_ids is None

    def describe(self, total_claims: int) -> str:
        """One line for the user: what was checked, and from where."""
        if self.claim_ids is None:
            return f"checked all {total_claims:,} claims ({self.why_full})"
        since = f"{self.since:%Y-%m-%d %H:%M} UTC" if self.since else "the last check"
        changed = len(self.claim_ids) - self.sampled
        return (
            f"checked {changed:,} claim(s) changed since the check of {since} and {self.sampled:,} of the other "
            f"{total_claims - changed:,} at random (workbench db check --full rechecks every claim)"
        )


def rules_fingerprint() -> str:
    """A digest of the source of the code that computes a stored status.

    Read from the installed files rather than kept as a version number someone must remember
    to raise: any edit to the rules makes the next check a full one.
    """
    digest = hashlib.sha256()
    files = sorted(
        (entry for entry in resources.files(_RULES_PACKAGE).iterdir() if entry.name.endswith(".py")),
        key=lambda entry: entry.name,
    )
    for entry in files:
        digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    for package, name in _RULES_MODULES:
        digest.update(name.encode() + b"\0" + resources.files(package).joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def plan_check(session: Session, total_claims: int, *, full: bool = False) -> CheckScope:
    """The claims this check must recompute, read in the caller's (read) transaction."""
    rules = rules_fingerprint()
    through_event_id = session.scalar(select(func.max(ReviewEvent.id))) or 0
    through_claim_id = session.scalar(select(func.max(Claim.id))) or 0

    def whole(why: str) -> CheckScope:
        return CheckScope(FULL, rules, through_event_id, through_claim_id, None, 0, None, why)

    if full:
        return whole("--full")
    if total_claims < WHOLE_BELOW:
        return whole(f"a desk of under {WHOLE_BELOW:,} claims is checked whole every time")
    last = session.scalars(select(StatusCheck).where(StatusCheck.clean).order_by(StatusCheck.id.desc()).limit(1)).first()
    if last is None:
        return whole("no earlier clean check")
    if last.rules != rules:
        return whole("the rules changed since the last check")
    changed = changed_claims(session, last.through_event_id, through_event_id)
    changed.update(session.scalars(select(Claim.id).where(Claim.id > last.through_claim_id)))
    changed |= flag_dependents(session, changed)
    named = set(_existing(session, changed))  # events also name claims merged away or deleted since
    picks = random.sample(range(1, through_claim_id + 1), min(SAMPLE * 2, through_claim_id))
    sample = list(_existing(session, set(picks) - named))[:SAMPLE]
    claim_ids = frozenset(named | set(sample))
    return CheckScope(CHANGES, rules, through_event_id, through_claim_id, claim_ids, len(sample), last.finished_at, None)


def changed_claims(session: Session, after_event_id: int, up_to_event_id: int) -> set[int]:
    """Every claim the review events in (``after_event_id``, ``up_to_event_id``] can have affected."""
    window = (ReviewEvent.id > after_event_id, ReviewEvent.id <= up_to_event_id)
    claims: set[int] = {
        claim_id
        for claim_id in session.scalars(select(ReviewEvent.claim_id).where(*window).distinct())
        if claim_id is not None
    }
    sources: set[int] = set()
    documents: set[int] = set()
    rows = session.execute(
        select(ReviewEvent.entity_type, ReviewEvent.entity_id, ReviewEvent.before, ReviewEvent.after).where(
            *window,
            ReviewEvent.entity_type.in_([EntityType.SOURCE.value, EntityType.DOCUMENT.value, EntityType.LINK.value]),
        )
    )
    for entity_type, entity_id, before, after in rows:
        if entity_type == EntityType.SOURCE.value:
            sources.add(entity_id)
        elif entity_type == EntityType.DOCUMENT.value:
            documents.add(entity_id)
        for snapshot in (before, after):
            claims.update(_ids(snapshot, _CLAIM_KEYS))
            sources.update(_ids(snapshot, _SOURCE_KEYS))
            documents.update(_ids(snapshot, _DOCUMENT_KEYS))
    for source_id in sources:
        claims |= status.claims_affected_by_source(session, source_id)
    for document_id in documents:
        claims |= status.claims_affected_by_document(session, document_id)
    return claims


def record_check(
    session: Session, reviewer: str, plan: CheckScope, *, checked: int, mismatches: int, fixed: bool
) -> None:
    """Store the check's marks, in the caller's write transaction. A check that found
    mismatches and left them is recorded too, but the next check does not start from it."""
    session.add(
        StatusCheck(
            reviewer=reviewer,
            scope=plan.scope,
            rules=plan.rules,
            through_event_id=plan.through_event_id,
            through_claim_id=plan.through_claim_id,
            claims_checked=checked,
            mismatches=mismatches,
            clean=mismatches == 0 or fixed,
        )
    )
    session.flush()


def _existing(session: Session, claim_ids: set[int]) -> Iterator[int]:
    for chunk in chunks(sorted(claim_ids)):
        yield from session.scalars(select(Claim.id).where(Claim.id.in_(padded(chunk))))


def _ids(snapshot: Mapping[str, Any] | None, keys: Iterable[str]) -> Iterator[int]:
    if not snapshot:
        return
    for key in keys:
        value = snapshot.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            yield value
