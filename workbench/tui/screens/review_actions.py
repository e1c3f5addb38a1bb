"""The review actions of the main screen, as an object the screen holds: ask, then save.

Each action opens its dialog on the claim shown and, when the reviewer answers (rather than
cancels), hands the answer's change (``workbench.tui.review_changes``) to ``save``. The object
holds no widget and starts no worker: the screen gives it ``ask`` (open a dialog over the
screen) and ``save`` (the screen's write worker), and handles what the worker reports.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, TypeVar

from rich.text import Text
from textual.screen import ModalScreen

from workbench.db.engine import Database
from workbench.records import ClaimDossier
from workbench.review.undo import LastAction
from workbench.tui.review_changes import Change, ReviewChanges, when_made
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.claim_dialogs import LinkDialog, MergeChoice, MergeDialog, merge_confirmation
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.screens.review_dialogs import AcceptWordingDialog, NoteDialog, TakeOverDialog, VerdictDialog
from workbench.tui.screens.source_dialogs import AttributionDialog, GradeDialog, SilenceDialog

T = TypeVar("T")

CLAIM_ACTIONS = frozenset({"verdict", "note", "attribution", "silence", "grade", "link", "merge", "take", "accept_wording"})
"""The actions that act on the claim shown: without one, their keys are dimmed."""


class AskDialog(Protocol):
    """Opens ``dialog`` over the screen; ``answered`` gets its result (None when cancelled)."""

    def __call__(self, dialog: ModalScreen[T], answered: Callable[[T | None], None]) -> object: ...


class ReviewActions:
    """What each review key does. Every action does nothing when no claim is shown."""

    def __init__(
        self, database: Database, changes: ReviewChanges, *, ask: AskDialog, save: Callable[[Change], object]
    ) -> None:
        self.database = database  # the source and claim pickers in the dialogs search it
        self.changes = changes
        self._ask = ask
        self._save = save

    def verdict(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            claim = dossier.claim
            self._ask_then_save(VerdictDialog(claim), partial(self.changes.verdict, claim))

    def note(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            claim = dossier.claim
            self._ask_then_save(NoteDialog(claim), partial(self.changes.note, claim))

    def attribution(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            dialog = AttributionDialog(dossier.claim, self.database, preferred=_source_ids(dossier))
            self._ask_then_save(dialog, partial(self.changes.attribution, dossier.claim))

    def silence(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            dialog = SilenceDialog(dossier.claim, self.database, preferred=_source_ids(dossier))
            self._ask_then_save(dialog, partial(self.changes.silence, dossier.claim))

    def grade(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            dialog = GradeDialog(dossier.claim, self.database, preferred=_source_ids(dossier))
            self._ask_then_save(dialog, partial(self.changes.grade, dossier.claim))

    def link(self, dossier: ClaimDossier | None) -> None:
        if dossier is not None:
            dialog = LinkDialog(dossier.claim, self.database)
            self._ask_then_save(dialog, partial(self.changes.link, dossier.claim))

    def merge(self, dossier: ClaimDossier | None) -> None:
        """Pick the other claim and the direction, then confirm with the two claims compared."""
        if dossier is None:
            return

        def chosen(choice: MergeChoice | None) -> None:
            if choice is not None:
                self._ask_then_save(merge_confirmation(choice), lambda confirmed: self.changes.merge(choice))

        self._ask(MergeDialog(dossier.claim, self.database), chosen)

    def take(self, dossier: ClaimDossier | None) -> None:
        """Take the claim; release it when it is yours; someone else's: take it over, with a reason."""
        if dossier is None:
            return
        claim, take = dossier.claim, dossier.claim.take
        if take is None or not take.running():
            self._save(self.changes.take(claim))
        elif take.reviewer == self.changes.reviewer:
            self._save(self.changes.release(claim))
        else:
            self._ask_then_save(TakeOverDialog(claim, take.reviewer), partial(self.changes.take_over, claim))

    def accept_wording(self, dossier: ClaimDossier | None) -> bool:
        """Pick a changed quote of the claim and accept its document's new wording; False when it has none."""
        if dossier is None:
            return False
        changed = [a for group in dossier.by_stance for a in group.attributions if a.anchor_state == "changed"]
        if not changed:
            return False
        self._ask_then_save(AcceptWordingDialog(dossier.claim, changed), partial(self.changes.accept_wording, dossier.claim))
        return True

    def undo(self) -> None:
        """Undo the reviewer's last action at once if this session made it (else ``confirm_undo`` follows)."""
        self._save(self.changes.undo())

    def confirm_undo(self, last: LastAction, made_here: bool) -> None:
        """Say what the undo would take back, and when and where it was done; undo only on yes."""
        self._ask_then_save(undo_confirmation(last, made_here), lambda confirmed: self.changes.undo_confirmed(last, made_here))

    def _ask_then_save(self, dialog: ModalScreen[T], change_for: Callable[[T], Change]) -> None:
        def answered(answer: T | None) -> None:
            # None: the reviewer cancelled; False: they said no to a confirmation. Nothing is saved.
            if answer is not None and answer is not False:
                self._save(change_for(answer))

        self._ask(dialog, answered)


def undo_confirmation(last: LastAction, made_here: bool = False) -> ConfirmDialog:
    """The question before undoing an action this session did not make, or one that newer
    changes undo cannot take back stand after (they stay: the reviewer must know)."""
    body = Text()
    body.append("Undo: ", style="bold")
    body.append(_bounded(last.undo, 400))
    body.append("\nThe action: ", style="bold")
    body.append(_bounded(last.done, 400))
    if last.claim_id is not None:
        body.append(f"\nClaim #{last.claim_id}: ", style="bold")
        body.append(_bounded(last.claim_text or "(no longer exists)", 300))
    body.append("\nMade: ", style="bold")
    body.append(f"{when_made(last.at)}, by {sanitize(last.reviewer)}")
    if made_here:
        body.append(", in this session.")
    else:
        body.append(", ")
        body.append("not in this session", style="bold")
        body.append(": in another terminal, from the command line, or in an earlier session.")
    if last.kept_newer:
        body.append("\nNewer, and not taken back: ", style="bold")
        body.append(_bounded(", ".join(last.kept_newer), 400))
    title = "Undo an action made elsewhere?" if not made_here else "Undo past newer changes that stay?"
    return ConfirmDialog(title, body, confirm_label="Undo it")


def _bounded(text: str, limit: int) -> str:
    """The start of an untrusted text, sanitized (only what is shown: a text may be megabytes)."""
    shown = sanitize(text[:limit])
    return shown + "…" if len(text) > limit else shown


def _source_ids(dossier: ClaimDossier) -> tuple[int, ...]:
    """The sources already on this claim, in order: the source pickers offer them first."""
    return tuple(dict.fromkeys(attribution.source.id for attribution in dossier.attributions))
