"""Claims of this file that a later batch gave more attributions: their statuses recounted.

A rewording merged into a claim an earlier batch created adds its attributions to that claim,
so the claim's stored status, origin count and awaited parties must be counted again. These
were refreshed like any stored claim (``review.status.refresh_claims``): through the ORM, with
each claim's links and flag dependents, 0.7 s for 2,000 claims, and it held them all as ORM
objects at once: the 100k-claim benchmark's peak memory rose by 7 MB in that one batch.

A claim of this file has no links yet while its claims are written (the file's links are
written after them), so nothing hangs on it but its own attributions: here they are read with
one query a chunk, counted by the same rules through the import's cached facts
(``NewClaimStatuses.recount``), and only the claims whose values change are updated, with a
new version as ``refresh_claims`` gives them. Stored claims keep the general path
(``AffectedClaims``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update

from workbench.corroboration import AttributionFacts
from workbench.importing.claim_statuses import NewClaimStatuses
from workbench.importing.context import ImportContext
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS, REFRESH_CHUNK, chunks
from workbench.review.evidence import ATTRIBUTION_FACT_COLUMNS, gather_attributions
from workbench.vocabulary import ClaimKind

_STORE = (
    update(CLAIMS)
    .where(CLAIMS.c.id == bindparam("claim_id"))
    .values(
        status=bindparam("new_status"),
        origin_count=bindparam("new_origin_count"),
        awaiting=bindparam("new_awaiting"),
        version=CLAIMS.c.version + 1,
        updated_at=bindparam("new_updated_at"),
    )
)


class OwnClaimStatuses:
    """Recounts this file's claims given attributions by later batches (see the module docstring)."""

    def __init__(self, context: ImportContext, statuses: NewClaimStatuses) -> None:
        self.context = context
        self.statuses = statuses
        self._pending: set[int] = set()

    def given(self, claim_ids: Iterable[int]) -> None:
        """These claims of this file were given attributions: recounted with many others, once
        ``REFRESH_CHUNK`` are waiting (reading them waits for the background writes) or at
        ``flush``."""
        self._pending.update(claim_ids)
        if len(self._pending) >= REFRESH_CHUNK:
            self.flush()

    def flush(self) -> None:
        """Recount and store every waiting claim; call before the file's links are written."""
        pending, self._pending = self._pending, set()
        for chunk in chunks(sorted(pending)):
            self._recount(chunk)

    def _recount(self, claim_ids: Sequence[int]) -> None:
        connection = self.context.connection
        stored = {
            row.id: row
            for row in connection.execute(
                select(CLAIMS.c.id, CLAIMS.c.kind, CLAIMS.c.status, CLAIMS.c.origin_count, CLAIMS.c.awaiting).where(
                    CLAIMS.c.id.in_(claim_ids)
                )
            )
        }
        facts: dict[int, list[AttributionFacts]] = {claim_id: [] for claim_id in stored}
        source_ids: set[int] = set()
        document_ids: set[int] = set()
        given = connection.execute(select(*ATTRIBUTION_FACT_COLUMNS).where(ATTRIBUTIONS.c.claim_id.in_(claim_ids)))
        gather_attributions(given, facts, source_ids, document_ids)
        self.statuses.learn(source_ids, document_ids)
        changed: list[dict[str, Any]] = []
        for claim_id, row in stored.items():
            counted = self.statuses.recount(ClaimKind(row.kind), facts[claim_id])
            if counted != (row.status, row.origin_count, row.awaiting):
                status, origin_count, awaiting = counted
                changed.append({
                    "claim_id": claim_id,
                    "new_status": status,
                    "new_origin_count": origin_count,
                    "new_awaiting": awaiting,
                    "new_updated_at": self.context.now,
                })
        if changed:
            connection.execute(_STORE, changed)
