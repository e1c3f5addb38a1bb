"""What each review action saves, and how one change is saved: in one write transaction.

A ``Change`` is what a dialog's answer amounts to: a function that applies it through the use
cases in ``workbench.review`` and describes what happened as a ``ClaimChanged`` message. It
holds no widget and reads no screen, so it can run in a thread worker and be tested alone.

Every claim-changing call carries the version of the claim the reviewer was looking at
(``expected_version``); if the claim moved on since (an import, another reviewer), the use
case refuses with ``StaleClaim``, nothing is saved, and the claim is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeAlias

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from textual.message import Message

from workbench.db.engine import Database
from workbench.db.faults import database_fault
from workbench.errors import NotFound, StaleClaim, WorkbenchError
from workbench.records import ClaimSummary
from workbench.review import attributions, claim_takes, claims, links, sources, undo
from workbench.review.quote_wording import accept_new_wording
from workbench.review.undo import LastAction
from workbench.tui.messages import (
    ActionFailed,
    ActionUndone,
    AttributionAdded,
    ClaimChanged,
    ClaimsLinked,
    ClaimsMerged,
    NoteAdded,
    QuoteWordingAccepted,
    SaveRefused,
    SilenceRecorded,
    SourceGraded,
    TakeChanged,
    UndoNeedsConfirmation,
    VerdictSaved,
)
from workbench.tui.screens.claim_dialogs import LinkChoice, MergeChoice
from workbench.tui.screens.review_dialogs import VerdictChoice
from workbench.tui.screens.source_dialogs import AttributionChoice, GradeChoice, NewSource, SilenceChoice
from workbench.tui.widgets.badges import RELATION_LABELS, STANCE_LABELS, VERDICT_LABELS, grade_label
from workbench.tui.widgets.pickers import SourceChoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def when_made(at: datetime, now: datetime | None = None) -> str:
    """When an action was made, for a reviewer: "2026-12-04 15:03 UTC, 12 minutes ago".

    The review log stores naive UTC, and so does ``now`` when given.
    """
    now = now or datetime.now(UTC).replace(tzinfo=None)
    minutes = int((now - at).total_seconds() // 60)
    if minutes < 1:
        ago = "just now"
    elif minutes < 120:
        ago = f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    elif minutes < 48 * 60:
        ago = f"{minutes // 60} hours ago"
    else:
        ago = f"{minutes // (24 * 60)} days ago"
    return f"{at:%Y-%m-%d %H:%M} UTC, {ago}"

# A string, so the TUI imports no SQLAlchemy at run time beyond its exception types.
Change: TypeAlias = "Callable[[Session], Message]"


class ReviewChanges:
    """The change behind each review action, made in one reviewer's name (the review log's "who").

    It also remembers which review events this session wrote (``made_here``), so that undo
    takes back at once what was done here and asks first about anything else: a note made
    from another terminal under the same name, a change from the command line, yesterday's
    session.
    """

    def __init__(self, reviewer: str) -> None:
        self.reviewer = reviewer
        self.made_here: set[int] = set()

    def saved(self, message: ClaimChanged) -> None:
        """Note what a save wrote (on the UI thread, from the message that reported it)."""
        if message.undo_event_id is not None:
            self.made_here.add(message.undo_event_id)

    def verdict(self, claim: ClaimSummary, choice: VerdictChoice) -> Change:
        def change(session: Session) -> ClaimChanged:
            summary = claims.set_verdict(
                session, self.reviewer, claim.id, choice.verdict, choice.reason, expected_version=claim.version
            )
            return VerdictSaved(f"Verdict on #{claim.id}: {VERDICT_LABELS[choice.verdict]}.", claim.id, summary)

        return self._remembered(change)

    def note(self, claim: ClaimSummary, note: str) -> Change:
        def change(session: Session) -> ClaimChanged:
            summary = claims.add_note(session, self.reviewer, claim.id, note, expected_version=claim.version)
            return NoteAdded(f"Note added to #{claim.id}.", claim.id, summary)

        return self._remembered(change)

    def attribution(self, claim: ClaimSummary, choice: AttributionChoice) -> Change:
        def change(session: Session) -> ClaimChanged:
            source_id = self._source_id(session, choice.source, choice.new_source)
            record = attributions.add_attribution(
                session, self.reviewer, claim.id, source_id, choice.stance,
                mode=choice.mode, credibility=choice.credibility, quote=choice.quote, document=choice.document,
                expected_version=claim.version,
            )
            return AttributionAdded(
                f"{record.source.name} {STANCE_LABELS[record.stance].lower()} #{claim.id}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        return self._remembered(change)

    def silence(self, claim: ClaimSummary, choice: SilenceChoice) -> Change:
        def change(session: Session) -> ClaimChanged:
            source_id = self._source_id(session, choice.source, choice.new_source)
            record = attributions.record_silence(
                session, self.reviewer, claim.id, source_id, declined=choice.declined, note=choice.note,
                expected_version=claim.version,
            )
            what = "declined to comment" if choice.declined else "no statement"
            return SilenceRecorded(
                f"Recorded: {what} from {record.source.name} as of {record.as_of}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        return self._remembered(change)

    def grade(self, claim: ClaimSummary, choice: GradeChoice) -> Change:
        """A grade changes every claim the source touches, so the whole list is read again (``wide``)."""

        def change(session: Session) -> ClaimChanged:
            record, affected = sources.grade_source(session, self.reviewer, choice.source_id, choice.grade, choice.reason)
            return SourceGraded(
                f"{record.name} graded {grade_label(record.reliability)}; {len(affected)} claim(s) recomputed.",
                claim.id,
                wide=True,
                affected=frozenset(affected),
            )

        return self._remembered(change)

    def link(self, claim: ClaimSummary, choice: LinkChoice) -> Change:
        def change(session: Session) -> ClaimChanged:
            links.link_claims(
                session, self.reviewer, claim.id, choice.other.id, choice.relation, choice.note,
                expected_version=claim.version,
            )
            return ClaimsLinked(
                f"#{claim.id} {RELATION_LABELS[choice.relation]} #{choice.other.id}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        return self._remembered(change)

    def merge(self, choice: MergeChoice) -> Change:
        def change(session: Session) -> ClaimChanged:
            # Both claims are checked against the versions on screen, so neither can have moved on unseen.
            kept = links.merge_claims(
                session,
                self.reviewer,
                choice.keep.id,
                choice.drop.id,
                choice.reason,
                expected_version=choice.keep.version,
                expected_drop_version=choice.drop.version,
            )
            return ClaimsMerged(
                f"#{choice.drop.id} merged into #{kept.id}.", kept.id, kept, wide=True, dropped_id=choice.drop.id
            )

        return self._remembered(change)

    def take(self, claim: ClaimSummary) -> Change:
        """Take the claim (yours already: its time starts anew). Takes are never undone: release it."""

        def change(session: Session) -> ClaimChanged:
            take = claim_takes.take_claim(session, self.reviewer, claim.id)
            return TakeChanged(f"#{claim.id} is {take.describe()}.", claim.id, claims.get_claim(session, claim.id))

        return change

    def release(self, claim: ClaimSummary) -> Change:
        def change(session: Session) -> ClaimChanged:
            claim_takes.release_claim(session, self.reviewer, claim.id)
            return TakeChanged(f"#{claim.id} released.", claim.id, claims.get_claim(session, claim.id))

        return change

    def take_over(self, claim: ClaimSummary, reason: str) -> Change:
        def change(session: Session) -> ClaimChanged:
            take = claim_takes.take_over_claim(session, self.reviewer, claim.id, reason)
            before = f" from {take.taken_over_from}" if take.taken_over_from else ""
            return TakeChanged(f"#{claim.id} taken over{before}.", claim.id, claims.get_claim(session, claim.id))

        return change

    def accept_wording(self, claim: ClaimSummary, attribution_id: int) -> Change:
        def change(session: Session) -> ClaimChanged:
            accept_new_wording(session, self.reviewer, attribution_id, expected_version=claim.version)
            return QuoteWordingAccepted(
                f"The quote of #{attribution_id} now reads as its document does (u puts the recorded words back).",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        return self._remembered(change)

    def undo(self) -> Change:
        """Undo the reviewer's last action if this session made it and nothing newer stays in
        the way; otherwise only describe it.

        An action made elsewhere, or one older than a change undo cannot take back (an import,
        re-anchored quotes), comes back as ``UndoNeedsConfirmation`` with nothing written;
        ``undo_confirmed`` undoes it once the reviewer has said yes.
        """
        made_here = frozenset(self.made_here)  # read now, on the UI thread

        def change(session: Session) -> Message:
            last = undo.describe_last_action(session, self.reviewer)
            if last is None:
                raise NotFound("nothing to undo")
            if last.event_id not in made_here or last.kept_newer:
                return UndoNeedsConfirmation(last, made_here=last.event_id in made_here)
            return self._undo(session, last, "in this session")

        return change

    def undo_confirmed(self, last: LastAction, made_here: bool) -> Change:
        """Undo ``last``, which the reviewer was shown and confirmed, if it is still the last action."""

        def change(session: Session) -> Message:
            now = undo.describe_last_action(session, self.reviewer)
            if now is None or now.event_id != last.event_id:
                raise WorkbenchError(
                    "Nothing undone: your last action changed after you were asked (another terminal?). "
                    "Press u again to see it."
                )
            return self._undo(session, now, "in this session" if made_here else "elsewhere")

        return change

    def _undo(self, session: Session, last: LastAction, where: str) -> ClaimChanged:
        event = undo.last_undoable(session, self.reviewer)
        assert event is not None and event.id == last.event_id  # described in this same transaction
        done = undo.undo_event(session, self.reviewer, event)
        return ActionUndone(f"Undone: {done} (made {when_made(last.at)}, {where}).", None, wide=True)

    def _remembered(self, change: Callable[[Session], ClaimChanged]) -> Change:
        """``change``, reporting also the review event an undo would now take back: the one it wrote.

        Read in the change's own write transaction. On SQLite that transaction holds the write
        lock, so the newest undoable event of this reviewer is this change's; on PostgreSQL
        another terminal under the same name committing in the same instant could come later.
        """

        def remembered(session: Session) -> ClaimChanged:
            message = change(session)
            last = undo.describe_last_action(session, self.reviewer)
            message.undo_event_id = last.event_id if last is not None else None
            return message

        return remembered

    def _source_id(self, session: Session, choice: SourceChoice, new: NewSource | None) -> int:
        """The picked source's id, creating the new source first (in the same transaction) if asked."""
        if choice.source_id is not None:
            return choice.source_id
        if new is None:
            raise WorkbenchError("Nothing saved: pick a source, or name the new one.")
        return sources.add_source(session, self.reviewer, new.name, kind=new.kind, reliability=new.reliability).id


def save_change(database: Database, change: Change, report: Callable[[Message], object]) -> None:
    """Run ``change`` in one write transaction and ``report`` what happened, as one message.

    Meant for a thread worker (``report`` is its ``post_message``). Refusals the reviewer can
    act on are reported and end there; anything unexpected is reported too, then raised again,
    so the worker ends in error and the traceback reaches Textual's log rather than vanishing.
    """
    try:
        message = database.write(change)  # again, on PostgreSQL, after another writer's transient conflict
    except StaleClaim as error:
        report(SaveRefused(error.claim_id, str(error)))
    except WorkbenchError as error:
        report(ActionFailed(str(error)))
    except IntegrityError:
        report(ActionFailed("Nothing saved: that would duplicate a record that already exists."))
    except (SQLAlchemyError, OSError) as error:
        # Busy past the timeout, still colliding after the retries, disk full: the same one line
        # the CLI prints for it; anything else the database refused, in its own words.
        fault = database_fault(error)
        detail = getattr(error, "orig", None) or error
        report(ActionFailed(str(fault) if fault is not None else f"Nothing saved: the database refused the change ({detail})."))
    except Exception as error:
        report(ActionFailed(f"Nothing saved: unexpected error ({type(error).__name__}: {error})."))
        raise
    else:
        report(message)
