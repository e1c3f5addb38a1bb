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
new version as ``refresh_claims`` gives them. Stored claims are recomputed with their links
and the claims whose flags hang on them (``AffectedClaims``).

They are recounted once, after the last batch (``ClaimWriter.finish``), not every 2,000
claims as stored ones are: reading a claim's attributions waits for the background writes
(``background``), and each wait stops the writer thread and this one from working side by
side (eleven times in a million-claim import). A claim counted then has every attribution the
file gives it, so once is enough. Which claims wait is one bit a claim of this file (125 KB
at a million claims), so memory stays flat however many there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update

from workbench.corroboration import AttributionFacts
from workbench.db.batches import IN_LIST_SIZE, in_wanted, wanted
from workbench.importing.claim_statuses import NewClaimStatuses
from workbench.importing.context import ImportContext
from workbench.importing.tables import ATTRIBUTIONS, CLAIMS
from workbench.review.evidence import ATTRIBUTION_FACT_COLUMNS, gather_attributions
from workbench.vocabulary import ClaimKind

RECOUNT_CHUNK = IN_LIST_SIZE  # claims recounted with one query

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

# The claims recounted together, and their attributions (``db.batches.wanted``: built once).
_STORED_STATUSES = select(CLAIMS.c.id, CLAIMS.c.kind, CLAIMS.c.status, CLAIMS.c.origin_count, CLAIMS.c.awaiting).where(
    CLAIMS.c.id.in_(wanted())
)
_GIVEN_ATTRIBUTIONS = select(*ATTRIBUTION_FACT_COLUMNS).where(ATTRIBUTIONS.c.claim_id.in_(wanted()))


class OwnClaimStatuses:
    """Recounts this file's claims given attributions by later batches (see the module docstring)."""

    def __init__(self, context: ImportContext, statuses: NewClaimStatuses) -> None:
        self.context = context
        self.statuses = statuses
        # Bit i: claim ``first_id + i`` waits. Ids of new claims count up from the largest one
        # stored before the import (PostgreSQL's sequence may skip some: a few more zero bits).
        self._first_id = context.baseline.claims + 1
        self._waiting = bytearray()

    def given(self, claim_ids: Iterable[int]) -> None:
        """These claims of this file were given attributions: recounted at ``flush``."""
        waiting, first_id = self._waiting, self._first_id
        for claim_id in claim_ids:
            offset = claim_id - first_id
            assert offset >= 0, f"claim {claim_id} was stored before this import"
            byte = offset >> 3
            if byte >= len(waiting):
                waiting.extend(bytes(byte + 1 - len(waiting)))
            waiting[byte] |= 1 << (offset & 7)

    def flush(self) -> None:
        """Recount and store every waiting claim; call after the last batch, before the file's
        links are written."""
        chunk: list[int] = []
        for claim_id in self._take_waiting():
            chunk.append(claim_id)
            if len(chunk) >= RECOUNT_CHUNK:
                self._recount(chunk)
                chunk = []
        if chunk:
            self._recount(chunk)

    def _take_waiting(self) -> Iterator[int]:
        """The waiting claims' ids in ascending order; none wait afterwards."""
        waiting, self._waiting = self._waiting, bytearray()
        for index, byte in enumerate(waiting):
            if byte:
                base = self._first_id + index * 8
                for bit in range(8):
                    if byte >> bit & 1:
                        yield base + bit

    def _recount(self, claim_ids: Sequence[int]) -> None:
        connection = self.context.connection
        stored = {
            row.id: row
            for row in connection.execute(_STORED_STATUSES, in_wanted(claim_ids))
        }
        facts: dict[int, list[AttributionFacts]] = {claim_id: [] for claim_id in stored}
        source_ids: set[int] = set()
        document_ids: set[int] = set()
        given = connection.execute(_GIVEN_ATTRIBUTIONS, in_wanted(claim_ids))
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
