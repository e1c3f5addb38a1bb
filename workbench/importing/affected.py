"""Stored claims whose status an import may change, recomputed once their evidence is written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy.orm import Session

from workbench.importing.tables import REFRESH_CHUNK
from workbench.review import status


class AffectedClaims:
    """Claims to recompute: given or changed attributions by this import, left by an
    attribution that moved to a claim of the file, or reached through a source or document
    whose facts (grade, name, affiliation, outlet, derivation) the file changed.

    New claims are stored with their status already computed (``claim_statuses``); only
    claims whose evidence changed after they were written are recomputed here.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
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
        self.session.expire_all()
        status.refresh_claims(self.session, given)

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
        if affected:
            self.session.expire_all()
            # A chunk at a time, so a large import's tens of thousands of affected claims are
            # never all held in memory at once (as ORM objects and assessments).
            chunk: list[int] = []
            for claim_id in affected.in_order():
                chunk.append(claim_id)
                if len(chunk) == REFRESH_CHUNK:
                    status.refresh_claims(self.session, chunk)
                    chunk = []
            if chunk:
                status.refresh_claims(self.session, chunk)


class ClaimMarks:
    """A set of claim ids held as one bit an id.

    Why: a file that changes many stored sources or documents reaches most stored claims. As
    a set of ints, the 250,000 stored claims a 1M-claim file reached were held at the end of
    the import, its peak; as bits they take 31 KB
    (measured: 17.4 MB for the set and its sorted list, 44 KB for the bits).
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
