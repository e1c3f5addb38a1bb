"""Stored claims whose status an import may change, recomputed once their evidence is written."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from workbench.importing.tables import REFRESH_CHUNK, chunks
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
        affected: set[int] = set(self.moved_from)
        for source_id in self.sources:
            affected |= status.claims_affected_by_source(self.session, source_id)
        for document_id in self.documents:
            affected |= status.claims_affected_by_document(self.session, document_id)
        affected = {claim_id for claim_id in affected if claim_id <= stored_before} | self._given | self._linked
        self._given, self._linked = set(), set()
        if affected:
            self.session.expire_all()
            # A chunk at a time, so a large import's tens of thousands of merged claims are
            # never all held in memory at once (as ORM objects and assessments).
            for chunk in chunks(sorted(affected), REFRESH_CHUNK):
                status.refresh_claims(self.session, chunk)
