"""The review actions of the main screen: each opens a dialog, then saves in one write session.

Every claim-changing call carries the version of the claim the reviewer was looking at
(``expected_version``); if the claim moved on since (an import, another reviewer), the use
case refuses with ``StaleClaim``, nothing is saved, and the claim is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from textual import on, work
from textual.screen import Screen

from workbench.errors import StaleClaim, WorkbenchError
from workbench.records import ClaimDossier, ClaimSummary
from workbench.review import attributions, claims, links, sources, undo
from workbench.tui.messages import (
    ActionFailed,
    ActionUndone,
    AttributionAdded,
    ClaimChanged,
    ClaimsLinked,
    ClaimsMerged,
    NoteAdded,
    SaveRefused,
    SilenceRecorded,
    SourceGraded,
    VerdictSaved,
)
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.claim_dialogs import LinkChoice, LinkDialog, MergeChoice, MergeDialog
from workbench.tui.screens.review_dialogs import NoteDialog, VerdictChoice, VerdictDialog
from workbench.tui.screens.source_dialogs import (
    AttributionChoice,
    AttributionDialog,
    GradeChoice,
    GradeDialog,
    NewSource,
    SilenceChoice,
    SilenceDialog,
)
from workbench.tui.widgets.badges import RELATION_LABELS, STANCE_LABELS, VERDICT_LABELS
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.pickers import SourceChoice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.tui.app import WorkbenchApp

_CLAIM_ACTIONS = {"verdict", "note", "attribution", "silence", "grade", "link", "merge"}


class ReviewActions(Screen[None]):
    """The base of ``MainScreen``: key actions, their dialogs, and the write worker."""

    app: WorkbenchApp  # type: ignore[assignment]
    dossier: ClaimDossier | None

    def refresh_list(self, select_id: int | None = None) -> None:
        """Reload the claim list (implemented by MainScreen)."""
        raise NotImplementedError

    def reload_claim(self, claim_id: int | None = None) -> None:
        """Reload the detail pane (implemented by MainScreen)."""
        raise NotImplementedError

    def show_claim(self, claim_id: int) -> None:
        """Show this claim in the detail pane (implemented by MainScreen)."""
        raise NotImplementedError

    def load_counts(self) -> None:
        """Reload the status and verdict counts (implemented by MainScreen)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _CLAIM_ACTIONS and self.dossier is None:
            return None  # shown, but dimmed: there is no claim to act on yet
        return True

    @property
    def _claim(self) -> ClaimSummary | None:
        return self.dossier.claim if self.dossier is not None else None

    def _claim_source_ids(self) -> tuple[int, ...]:
        if self.dossier is None:
            return ()
        return tuple(dict.fromkeys(a.source.id for a in self.dossier.attributions))

    # -- the actions ---------------------------------------------------------------------------

    def action_verdict(self) -> None:
        if (claim := self._claim) is not None:
            self.app.push_screen(VerdictDialog(claim), lambda choice: self._save_verdict(claim, choice))

    def action_note(self) -> None:
        if (claim := self._claim) is not None:
            self.app.push_screen(NoteDialog(claim), lambda note: self._save_note(claim, note))

    def action_attribution(self) -> None:
        if (claim := self._claim) is not None:
            dialog = AttributionDialog(claim, self._claim_source_ids())
            self.app.push_screen(dialog, lambda choice: self._save_attribution(claim, choice))

    def action_silence(self) -> None:
        if (claim := self._claim) is not None:
            dialog = SilenceDialog(claim, self._claim_source_ids())
            self.app.push_screen(dialog, lambda choice: self._save_silence(claim, choice))

    def action_grade(self) -> None:
        if (claim := self._claim) is not None:
            dialog = GradeDialog(claim, self._claim_source_ids())
            self.app.push_screen(dialog, lambda choice: self._save_grade(claim, choice))

    def action_link(self) -> None:
        if (claim := self._claim) is not None:
            self.app.push_screen(LinkDialog(claim), lambda choice: self._save_link(claim, choice))

    def action_merge(self) -> None:
        if (claim := self._claim) is not None:
            self.app.push_screen(MergeDialog(claim), lambda choice: self._save_merge(choice))

    def action_undo(self) -> None:
        reviewer = self.app.reviewer
        self.save(lambda s: ActionUndone(f"Undone: {undo.undo_last(s, reviewer)}", None, wide=True))

    # -- what each dialog's answer saves ----------------------------------------------------------

    def _save_verdict(self, claim: ClaimSummary, choice: VerdictChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer
        self.save(lambda s: VerdictSaved(
            f"Verdict on #{claim.id}: {VERDICT_LABELS[choice.verdict]}.",
            claim.id,
            claims.set_verdict(s, reviewer, claim.id, choice.verdict, choice.reason, expected_version=claim.version),
        ))

    def _save_note(self, claim: ClaimSummary, note: str | None) -> None:
        if note is None:
            return
        reviewer = self.app.reviewer
        self.save(lambda s: NoteAdded(
            f"Note added to #{claim.id}.",
            claim.id,
            claims.add_note(s, reviewer, claim.id, note, expected_version=claim.version),
        ))

    def _save_attribution(self, claim: ClaimSummary, choice: AttributionChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer

        def change(session: Session) -> ClaimChanged:
            source_id = _source_id(session, reviewer, choice.source, choice.new_source)
            record = attributions.add_attribution(
                session, reviewer, claim.id, source_id, choice.stance,
                mode=choice.mode, credibility=choice.credibility, quote=choice.quote, document=choice.document,
                expected_version=claim.version,
            )
            return AttributionAdded(
                f"{record.source.name} {STANCE_LABELS[record.stance].lower()} #{claim.id}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        self.save(change)

    def _save_silence(self, claim: ClaimSummary, choice: SilenceChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer

        def change(session: Session) -> ClaimChanged:
            source_id = _source_id(session, reviewer, choice.source, choice.new_source)
            record = attributions.record_silence(
                session, reviewer, claim.id, source_id, declined=choice.declined, note=choice.note,
                expected_version=claim.version,
            )
            what = "declined to comment" if choice.declined else "no statement"
            return SilenceRecorded(
                f"Recorded: {what} from {record.source.name} as of {record.as_of}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        self.save(change)

    def _save_grade(self, claim: ClaimSummary, choice: GradeChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer

        def change(session: Session) -> ClaimChanged:
            record, affected = sources.grade_source(session, reviewer, choice.source_id, choice.grade, choice.reason)
            return SourceGraded(
                f"{record.name} graded {record.reliability}; {len(affected)} claim(s) recomputed.",
                claim.id,
                wide=True,
                affected=frozenset(affected),
            )

        self.save(change)

    def _save_link(self, claim: ClaimSummary, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer

        def change(session: Session) -> ClaimChanged:
            links.link_claims(
                session, reviewer, claim.id, choice.other.id, choice.relation, choice.note,
                expected_version=claim.version,
            )
            return ClaimsLinked(
                f"#{claim.id} {RELATION_LABELS[choice.relation]} #{choice.other.id}.",
                claim.id,
                claims.get_claim(session, claim.id),
            )

        self.save(change)

    def _save_merge(self, choice: MergeChoice | None) -> None:
        if choice is None:
            return
        reviewer = self.app.reviewer

        def change(session: Session) -> ClaimChanged:
            # Both claims are checked against the versions on screen, so neither can have moved on unseen.
            kept = links.merge_claims(
                session,
                reviewer,
                choice.keep.id,
                choice.drop.id,
                choice.reason,
                expected_version=choice.keep.version,
                expected_drop_version=choice.drop.version,
            )
            return ClaimsMerged(
                f"#{choice.drop.id} merged into #{kept.id}.", kept.id, kept, wide=True, dropped_id=choice.drop.id
            )

        self.save(change)

    # -- the write worker and what happens after ------------------------------------------------

    @work(thread=True, exit_on_error=False, group="write")
    def save(self, change: Callable[[Session], ClaimChanged]) -> None:
        """Run one review action in one write transaction; report what happened."""
        try:
            with self.app.database.writing() as session:
                message = change(session)
        except StaleClaim as error:
            self.post_message(SaveRefused(error.claim_id, str(error)))
        except WorkbenchError as error:
            self.post_message(ActionFailed(str(error)))
        except IntegrityError:
            self.post_message(ActionFailed("Nothing saved: that would duplicate a record that already exists."))
        except SQLAlchemyError as error:
            detail = getattr(error, "orig", None) or error
            self.post_message(ActionFailed(f"Nothing saved: the database refused the change ({detail})."))
        except Exception as error:
            self.post_message(ActionFailed(f"Nothing saved: unexpected error ({type(error).__name__}: {error})."))
            raise
        else:
            self.post_message(message)

    @on(ClaimChanged)
    def _claim_changed(self, message: ClaimChanged) -> None:
        self.app.notify(sanitize(message.description), markup=False)
        table = self.query_one(ClaimTable)
        merged_away = isinstance(message, ClaimsMerged) and message.dropped_id is not None
        if merged_away:
            table.remove_claim(message.dropped_id)  # type: ignore[attr-defined]
        if message.summary is not None:
            table.update_claim(message.summary)
        self.load_counts()
        if message.wide:
            self.refresh_list(select_id=message.claim_id)
        if merged_away and message.claim_id is not None:
            self.show_claim(message.claim_id)  # the claim that absorbed the duplicate
        else:
            self.reload_claim()

    def on_save_refused(self, message: SaveRefused) -> None:
        self.app.notify(
            sanitize(f"{message.error[:1].upper()}{message.error[1:]}. It has been reloaded for you."),
            title="Claim changed",
            severity="warning",
            timeout=10,
            markup=False,
        )
        self.load_counts()
        self.reload_claim(message.claim_id)

    def on_action_failed(self, message: ActionFailed) -> None:
        self.app.notify(sanitize(message.error), severity="error", timeout=8, markup=False)


def _source_id(session: Session, reviewer: str, choice: SourceChoice, new: NewSource | None) -> int:
    """The picked source's id, creating the new source first (in the same transaction) if asked."""
    if choice.source_id is not None:
        return choice.source_id
    assert new is not None
    return sources.add_source(session, reviewer, new.name, kind=new.kind, reliability=new.reliability).id
