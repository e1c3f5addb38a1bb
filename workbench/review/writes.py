"""One reviewer action as one audited write: lock, check, apply, flush, log, recompute.

Every use case that changes data runs inside ``audited_write``, so the steps that keep the
desk honest happen the same way everywhere and cannot drift apart:

1. a claim about to change is loaded under a row lock (``SELECT ... FOR UPDATE`` on
   PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already holds the write lock) and checked against
   the version the caller saw, so nothing is silently overwritten;
2. the change is flushed before its review event is written, so the event can name new ids;
3. when the block ends, the stored status of every claim whose evidence changed is
   recomputed in the same transaction.

The caller still owns the session and its transaction (one per user action).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.db.base import utcnow
from workbench.db.models import Claim, ReviewEvent
from workbench.errors import CHANGED_MEANWHILE, ChangedMeanwhile, NotFound, StaleClaim

__all__ = ["AuditedWrite", "ChangedMeanwhile", "audited_write"]
from workbench.review import audit, status
from workbench.review.references import find_claim
from workbench.vocabulary import EntityType


class AuditedWrite:
    """A change in progress: who makes it, in which session, and which claims to recompute at the end."""

    def __init__(self, session: Session, reviewer: str) -> None:
        self.session = session
        self.reviewer = reviewer
        self._recompute: set[int] = set()

    def claim(self, reference: str | int, expected_version: int | None = None, *, touch: bool = True) -> Claim:
        """Load a claim for change under the write lock, refusing if it moved on since the caller read it.

        ``touch`` marks it changed now (``updated_at``), which gives it a new version when the
        change is flushed: a reviewer still holding the old version is then refused. A claim
        that is only referred to (the target of a link, a duplicate about to be deleted)
        is loaded with ``touch=False``.
        """
        claim_id = find_claim(self.session, reference).id
        self.flush()  # nothing pending is lost when the row is re-read under the lock
        claim = self.session.get(Claim, claim_id, with_for_update=True, populate_existing=True)
        if claim is None:  # deleted by a transaction that committed while this one waited for the lock
            raise NotFound(f"no claim {claim_id} (it was deleted meanwhile)")
        if expected_version is not None and claim.version != expected_version:
            raise StaleClaim(claim.id, expected_version, claim.version)
        if touch:
            claim.updated_at = utcnow()
        return claim

    def recompute(self, claim_ids: Iterable[int]) -> None:
        """Recompute these claims' stored statuses when the write ends (their evidence changed)."""
        self._recompute.update(claim_ids)

    def log(
        self,
        entity_type: EntityType,
        entity_id: int,
        action: str,
        *,
        claim_id: int | None = None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        reason: str | None = None,
    ) -> ReviewEvent:
        """Flush the change so far, then append its review event (in the same transaction)."""
        self.flush()
        return audit.record(
            self.session,
            reviewer=self.reviewer,
            entity_type=entity_type,
            entity_id=entity_id,
            claim_id=claim_id,
            action=action,
            before=before,
            after=after,
            reason=reason,
        )

    def flush(self) -> None:
        """Flush, turning a lost race on a row's version into an answer the user can act on."""
        try:
            self.session.flush()
        except StaleDataError as error:
            raise ChangedMeanwhile(CHANGED_MEANWHILE) from error

    def finish(self) -> None:
        """Flush what is left and recompute the claims whose evidence changed.

        The claims are recomputed under the same row lock as ``claim`` takes, so a reviewer
        saving one of them meanwhile waits for this write instead of racing it.
        """
        self.flush()
        if self._recompute:
            claim_ids, self._recompute = self._recompute, set()
            status.refresh_claims(self.session, claim_ids, lock=True)


@contextmanager
def audited_write(session: Session, reviewer: str) -> Iterator[AuditedWrite]:
    """Run one use case's change; when the block ends without error, flush and recompute.

    On an error nothing more happens here: the caller's transaction rolls the change back.
    """
    write = AuditedWrite(session, reviewer)
    yield write
    write.finish()
