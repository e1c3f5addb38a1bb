"""Stored claims whose status an import may change, recomputed once their evidence is written.

They are recomputed by the same rules and from the same evidence as any stored claim
(``review.evidence.load_evidence``, with their links and the claims whose flags depend on
them), but read and stored as plain rows, not through the ORM as ``review.status.refresh_claims``
does for a reviewer's change. Why: an import that rewrites stored claims recomputes tens of
thousands of them, and the ORM's versioned UPDATE a claim plus its loaded objects took 3.5 s
of a 26 s import (100k claims onto 25k, py-spy) and 8-10 MB for each chunk of 2,000. The
import holds the write lock, so an UPDATE that bumps the version is what the ORM would do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from workbench.corroboration import assess
from workbench.db.batches import chunks, in_wanted, wanted
from workbench.importing.tables import CLAIMS, REFRESH_CHUNK
from workbench.review import status
from workbench.review.evidence import flag_dependents, load_evidence

_STORED_COLUMNS = (
    CLAIMS.c.status, CLAIMS.c.origin_count, CLAIMS.c.awaiting, CLAIMS.c.disputed_by, CLAIMS.c.superseded_by, CLAIMS.c.fulfilled_by,
)
_STORED_VALUES = select(CLAIMS.c.id, *_STORED_COLUMNS).where(CLAIMS.c.id.in_(wanted()))  # ``db.batches.wanted``
_STORE = (
    update(CLAIMS)
    .where(CLAIMS.c.id == bindparam("claim_id"))
    .values(
        **{column.name: bindparam(f"new_{column.name}") for column in _STORED_COLUMNS},
        version=CLAIMS.c.version + 1,
        updated_at=bindparam("new_updated_at"),
    )
)


class AffectedClaims:
    """Claims to recompute: given or changed attributions by this import, left by an
    attribution that moved to a claim of the file, or reached through a source or document
    whose facts (grade, name, affiliation, outlet, derivation) the file changed.

    New claims are stored with their status already computed (``claim_statuses``); only
    claims whose evidence changed after they were written are recomputed here.
    """

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now  # the import's time: every row it changes carries it
        self.sources: set[int] = set()  # stored sources whose facts changed
        self.documents: set[int] = set()  # stored documents whose facts changed
        self.moved_from: set[int] = set()  # claims that lost an attribution to a claim of this file
        self._given: set[int] = set()  # claims given or changed an attribution, not yet recomputed
        self._linked: set[int] = set()  # ends of a flag link this import added

    def given_attributions(self, claim_ids: set[int]) -> None:
        """These claims were given (or had changed) attributions in the batch just planned.

        Their statuses are recomputed later, many batches' worth at once: nothing reads them
        before, and a refresh at every batch would wait for that batch's background writes.
        """
        self._given |= claim_ids
        if len(self._given) >= REFRESH_CHUNK:
            self._refresh_given()

    def linked(self, claim_ids: Iterable[int]) -> None:
        """These claims are the ends of a ``contradicts``, ``supersedes`` or ``fulfils`` link
        the import added: the flags beside their statuses change, whether or not the file
        created them (its new claims were stored before their links were read)."""
        self._linked.update(claim_ids)

    def _refresh_given(self) -> None:
        given, self._given = self._given, set()
        self._recompute(given)

    def refresh(self, stored_before: int) -> None:
        """Recompute every affected claim. Of those left by a moved attribution or reached
        through a source or document, only the claims stored before the import (ids up to
        ``stored_before``) need it: the file's own were stored with statuses computed from
        its sources and documents as written."""
        affected = ClaimMarks()
        affected.add_all(claim_id for claim_id in self.moved_from if claim_id <= stored_before)
        for source_id in self.sources:
            affected.add_all(c for c in status.claims_affected_by_source(self.session, source_id) if c <= stored_before)
        for document_id in self.documents:
            affected.add_all(c for c in status.claims_affected_by_document(self.session, document_id) if c <= stored_before)
        affected.add_all(self._given)
        affected.add_all(self._linked)
        self._given, self._linked = set(), set()
        # A chunk at a time, so a large import's tens of thousands of affected claims are
        # never all held in memory at once (as evidence and assessments).
        chunk: list[int] = []
        for claim_id in affected.in_order():
            chunk.append(claim_id)
            if len(chunk) == REFRESH_CHUNK:
                self._recompute(chunk)
                chunk = []
        if chunk:
            self._recompute(chunk)

    def _recompute(self, claim_ids: Iterable[int]) -> None:
        """Recompute these claims and the claims whose flags hang on them (as
        ``status.refresh_claims`` does), storing the values that changed with a new version."""
        session = self.session
        wanted = set(claim_ids)
        wanted |= flag_dependents(session, wanted)
        changed: list[dict[str, Any]] = []
        for chunk in chunks(sorted(wanted)):
            stored = session.execute(_STORED_VALUES, in_wanted(chunk)).all()
            evidence = load_evidence(session, chunk)
            for row in stored:
                computed = status.stored_values(assess(evidence[row.id]))
                if computed != tuple(row[1:]):
                    changed.append({
                        "claim_id": row.id,
                        **{f"new_{column.name}": value for column, value in zip(_STORED_COLUMNS, computed, strict=True)},
                        "new_updated_at": self.now,
                    })
        if changed:
            session.connection().execute(_STORE, changed)
            # Any claim the session holds as an object now reads its new values.
            session.expire_all()


class ClaimMarks:
    """A set of claim ids held as one bit an id.

    Why: a file that changes many stored sources or documents reaches most stored claims. As
    a set of ints, the 250,000 stored claims a 1M-claim file reached were held at the end of
    the import, its peak; as bits they take 44 KB (tracemalloc: 17.4 MB for the set and its
    sorted list).
    """

    def __init__(self) -> None:
        self._bits = bytearray()
        self._count = 0

    def add_all(self, claim_ids: Iterable[int]) -> None:
        bits = self._bits
        for claim_id in claim_ids:
            byte, mask = claim_id >> 3, 1 << (claim_id & 7)
            if byte >= len(bits):
                bits.extend(bytes(byte + 1 - len(bits) + len(bits) // 2))  # room for more at once
            if not bits[byte] & mask:
                bits[byte] |= mask
                self._count += 1

    def __len__(self) -> int:
        return self._count

    def in_order(self) -> Iterator[int]:
        """The ids, smallest first."""
        for byte_index, byte in enumerate(self._bits):
            if byte:
                base = byte_index << 3
                for bit in _SET_BITS[byte]:
                    yield base + bit


_SET_BITS = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]  # by byte value
