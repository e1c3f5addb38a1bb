"""What an import asks of duplicate matching, and what matching answers (``Suggestion``).

The writers only ever call a ``ClaimMatcher``. This base class matches nothing (an import
by keys only, or an exact copy); ``importing.matching.DuplicateMatcher`` matches, with the
scoring of ``workbench.matching``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from workbench.formats.interchange import ClaimSpec
from workbench.immutable import immutable_record

if TYPE_CHECKING:  # the worker process that matches ahead loads no SQLAlchemy (``matching_ahead``)
    from sqlalchemy.orm import Session

# Work for the import's worker process (``importing.analysis``): a function of one picklable
# argument, and that argument.
AheadJob = tuple[Callable[[Any], Any], Any]


@immutable_record
class Suggestion:
    """An incoming claim that reads like a known one: merged into it, linked, or in conflict.

    ``decision`` is ``matching.classify_claim_match``'s: ``same`` or ``auto`` (merged),
    ``suggest`` (a new claim linked for a reviewer) or ``conflict`` (a new claim; the
    ``conflicts`` name the details that differ).
    """

    line: int | None
    claim_key: str
    existing_key: str
    existing_id: int
    score: float
    merged: bool
    conflicts: tuple[str, ...] = ()
    decision: str = "suggest"


class ClaimMatcher:
    """Decides whether a new claim duplicates a stored one (see ``workbench.importing.matching``).

    This base class never matches: it is what an import uses when matching is off.
    """

    def prepare(self, session: Session, new_claims: int = 0) -> None:
        """Called before a file's claims are applied (``new_claims``: how many it holds)."""

    works_ahead = False  # whether ``work_ahead`` gives work worth a worker process

    def work_ahead(self, claims: Sequence[ClaimSpec]) -> AheadJob | None:
        """The job a worker process can do on a batch's claims one batch ahead, without a
        database (``importing.analysis``); None: nothing."""
        return None

    def next_batch(self, claims: Sequence[ClaimSpec], answer: object = None) -> None:
        """The claims of the batch about to be matched, with what the worker answered for
        ``work_ahead``'s job on them (None: no job, or the worker failed)."""

    def match(self, spec: ClaimSpec) -> Suggestion | None:
        return None

    def added(self, claim_id: int, key: str, text: str) -> None:
        """A claim was created by this import (later records may match it)."""

    def claims_done(self) -> None:
        """The file's last claim is matched: what only matching claims needed can go (the
        import's peak memory comes after, while stored claims are recomputed)."""

    def resolve_source(self, session: Session, name: str) -> tuple[int | None, list[tuple[int, str]]]:
        """A typed source name -> (id, []) when it names one source, (None, candidates) if not."""
        return None, []

    def source_added(self, source_id: int, name: str) -> None:
        """A source was created by this import from a name."""
