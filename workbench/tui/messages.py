"""What the thread workers report back to the UI thread.

Every database call runs in a thread worker that ends by posting one of these; the handlers
run on the UI thread and are the only code that updates widgets. Names are in the past tense:
they say what happened, not what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from workbench.records import ClaimDossier, ClaimSummary, Counts, SourceRecord
from workbench.review.desk_news import DeskNews
from workbench.review.undo import LastAction


@dataclass(frozen=True)
class ClaimQuery:
    """What the claim list shows: the status/verdict/flag filters and the search text."""

    status: str | None = None
    verdict: str | None = None
    text: str = ""
    flag: str | None = None  # disputed, superseded or fulfilled

    @property
    def searching(self) -> bool:
        return bool(self.text.strip())


@dataclass
class ClaimsLoaded(Message, bubble=False):
    """A page of the claim list arrived (``append`` for the next page of the same query)."""

    generation: int
    query: ClaimQuery
    claims: list[ClaimSummary]
    append: bool
    exhausted: bool
    select_id: int | None = None


@dataclass
class CountsLoaded(Message, bubble=False):
    counts: Counts


@dataclass
class DossierLoaded(Message, bubble=False):
    """The selected claim's whole case (``dossier`` is None when the claim no longer exists)."""

    claim_id: int
    dossier: ClaimDossier | None


@dataclass
class NextUnreviewedFound(Message, bubble=False):
    claim: ClaimSummary | None


@dataclass
class LoadFailed(Message):
    what: str
    error: str


@dataclass
class SourcesLoaded(Message, bubble=False):
    """For the source pickers: details of some sources, and (once) every name and alias."""

    sources: list[SourceRecord]
    names: list[tuple[int, str]] | None


@dataclass
class ClaimMatchesLoaded(Message, bubble=False):
    """Claims matching what was typed in a claim picker."""

    query: str
    claims: list[ClaimSummary]


@dataclass
class ClaimChanged(Message, bubble=False):
    """A review action was saved. ``wide``: it may have changed claims other than ``claim_id``.

    ``undo_event_id``: the review event an undo would now take back, written by this save (so
    this session may undo it without asking).
    """

    description: str
    claim_id: int | None
    summary: ClaimSummary | None = None
    wide: bool = False
    undo_event_id: int | None = None


@dataclass
class VerdictSaved(ClaimChanged):
    pass


@dataclass
class NoteAdded(ClaimChanged):
    pass


@dataclass
class AttributionAdded(ClaimChanged):
    pass


@dataclass
class SilenceRecorded(ClaimChanged):
    pass


@dataclass
class SourceGraded(ClaimChanged):
    affected: frozenset[int] = field(default_factory=frozenset)


@dataclass
class ClaimsLinked(ClaimChanged):
    pass


@dataclass
class TakeChanged(ClaimChanged):
    """A claim was taken, released or taken over in this session."""


@dataclass
class ClaimsMerged(ClaimChanged):
    dropped_id: int | None = None


@dataclass
class QuoteWordingAccepted(ClaimChanged):
    pass


@dataclass
class ActionUndone(ClaimChanged):
    pass


@dataclass
class UndoNeedsConfirmation(Message, bubble=False):
    """Nothing was undone, ask first: the reviewer's last action was not made in this session
    (``made_here`` false), or newer changes that undo cannot take back stand after it."""

    last: LastAction
    made_here: bool = False


@dataclass
class SaveRefused(Message, bubble=False):
    """The claim changed in the database after it was loaded; nothing was saved."""

    claim_id: int
    error: str


@dataclass
class ActionFailed(Message, bubble=False):
    """A review action was refused (bad input, nothing to undo...); nothing was saved."""

    error: str


@dataclass
class DeskNewsArrived(Message, bubble=False):
    """Someone else changed the database: who changed what, since the last news."""

    news: DeskNews


@dataclass
class DeskRowsLoaded(Message, bubble=False):
    """The current rows of claims on screen that someone else changed (``gone``: no longer exist)."""

    claims: list[ClaimSummary]
    gone: set[int]
