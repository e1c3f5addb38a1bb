"""Dialogs relating this claim to another: link the two, or merge a duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, RadioSet, Select, Static

from workbench.db.engine import Database
from workbench.records import ClaimSummary
from workbench.tui.claim_comparison import ClaimComparison, compare_claims, describe_comparison
from workbench.tui.messages import LoadFailed
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.base import FormDialog, field_label
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.widgets.badges import RELATION_LABELS
from workbench.tui.widgets.inputs import SafeInput
from workbench.tui.widgets.pickers import ClaimPicker
from workbench.tui.widgets.toggles import ChoiceButton

T = TypeVar("T")


@dataclass(frozen=True)
class LinkChoice:
    other: ClaimSummary
    relation: str
    note: str | None


@dataclass(frozen=True)
class MergeChoice:
    """``keep`` absorbs ``drop``; each carries the version the reviewer saw."""

    keep: ClaimSummary
    drop: ClaimSummary
    reason: str | None
    comparison: ClaimComparison


class _ClaimDialog(FormDialog[T], Generic[T]):
    """A dialog about this claim and another one, picked from the database."""

    def __init__(self, claim: ClaimSummary, database: Database) -> None:
        super().__init__(claim)
        self.database = database  # the claim picker searches it

    def on_mount(self) -> None:
        self.query_one(ClaimPicker).focus_query()

    def _other(self) -> ClaimSummary | None:
        other = self.query_one(ClaimPicker).value
        if other is None:
            self.fail("Nothing picked: pick the other claim (type words from its text or #id, then Enter).")
            self.query_one(ClaimPicker).focus_query()
        return other


class LinkDialog(_ClaimDialog[LinkChoice]):
    """This claim <relation> the picked claim."""

    TITLE = "Link to another claim"

    def fields(self) -> ComposeResult:
        yield ClaimPicker(self.database, exclude=self.claim.id if self.claim else None, id="link-claim")
        with Horizontal(classes="field-row"):
            yield field_label("This claim")
            yield Select(
                [(Content(label), value) for value, label in RELATION_LABELS.items()],
                prompt="choose how they relate",
                id="relation",
                compact=True,
            )
            yield field_label("the picked claim.")
        with Horizontal(classes="field-row"):
            yield field_label("Note:")
            yield SafeInput(placeholder="why (optional)", id="link-note", classes="submits", compact=True)

    @on(ClaimPicker.Picked)
    def _picked(self) -> None:
        self.query_one("#relation", Select).focus()

    def collect(self) -> LinkChoice | None:
        other = self._other()
        if other is None:
            return None
        relation = self.query_one("#relation", Select)
        if relation.value == Select.NULL:
            self.fail("Choose how this claim relates to the picked one (Enter opens the list).")
            relation.focus()
            return None
        note = self.query_one("#link-note", Input).value.strip()
        return LinkChoice(other, str(relation.value), note or None)


class MergeDialog(_ClaimDialog[MergeChoice]):
    """Fold a duplicate into the claim kept: attributions, links and tags move; the duplicate goes.

    Once the other claim is picked, the dialog shows how alike the two are (wording similarity,
    conflicting details); the merge itself is asked once more, with that comparison, before it
    is saved (see ``merge_confirmation``).
    """

    TITLE = "Merge duplicates"
    SAVE_LABEL = "Merge…"

    @dataclass
    class Compared(Message):
        other_id: int
        comparison: ClaimComparison

    def __init__(self, claim: ClaimSummary, database: Database) -> None:
        super().__init__(claim, database)
        self.comparison: ClaimComparison | None = None  # of this claim and the picked one

    def fields(self) -> ComposeResult:
        yield ClaimPicker(self.database, exclude=self.claim.id if self.claim else None, id="merge-claim")
        yield Static(Text(""), id="merge-comparison")
        with RadioSet(id="merge-direction", compact=True):
            yield ChoiceButton(Content("this claim is the duplicate: fold it into the picked claim"),
                               id="drop-this", compact=True)
            yield ChoiceButton(Content("the picked claim is the duplicate: fold it into this claim"),
                               id="drop-other", compact=True)
        with Horizontal(classes="field-row"):
            yield field_label("Reason:")
            yield SafeInput(placeholder="why they are the same claim (optional)", id="merge-reason", classes="submits",
                        compact=True)

    @on(ClaimPicker.Picked)
    def _picked(self, event: ClaimPicker.Picked) -> None:
        self.comparison = None
        self.query_one("#merge-comparison", Static).update(Text("Comparing the two claims…", style="italic"))
        if self.claim is not None:
            self.compare(self.claim.text, event.claim)
        self.query_one("#merge-direction", RadioSet).focus()

    @on(ClaimPicker.PickChanged)
    def _dropped(self, event: ClaimPicker.PickChanged) -> None:
        if not event.picker.has_pick:
            self.comparison = None
            self.query_one("#merge-comparison", Static).update(Text(""))

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-comparison")
    def compare(self, text: str, other: ClaimSummary) -> None:
        """Pure text work, but slow on a very long claim: kept off the UI thread."""
        try:
            comparison = compare_claims(text, other.text)
        except Exception as error:  # noqa: BLE001 - reported on screen; the merge stays impossible
            self.post_message(LoadFailed("comparison of the two claims", str(error)))
            return
        self.post_message(self.Compared(other.id, comparison))

    def on_merge_dialog_compared(self, message: MergeDialog.Compared) -> None:
        picked = self.query_one(ClaimPicker).value
        if picked is None or picked.id != message.other_id:
            return  # the pick changed while the comparison ran
        self.comparison = message.comparison
        self.query_one("#merge-comparison", Static).update(describe_comparison(message.comparison))

    def collect(self) -> MergeChoice | None:
        other = self._other()
        if other is None or self.claim is None:
            return None
        direction = self.query_one("#merge-direction", RadioSet)
        if direction.pressed_button is None:
            self.fail("Choose which claim is the duplicate, the one that goes (↑/↓, then Enter or space).")
            direction.focus()
            return None
        if self.comparison is None:
            self.fail("Still comparing the two claims: a moment, then save again.")
            return None
        reason = self.query_one("#merge-reason", Input).value.strip() or None
        if direction.pressed_button.id == "drop-this":
            return MergeChoice(keep=other, drop=self.claim, reason=reason, comparison=self.comparison)
        return MergeChoice(keep=self.claim, drop=other, reason=reason, comparison=self.comparison)


def merge_confirmation(choice: MergeChoice) -> ConfirmDialog:
    """The last question before a merge: which claim goes, which stays, and how alike they are."""
    body = Text()
    if choice.comparison.worrying:
        body.append("Look twice: the matcher would not call these two duplicates.\n\n", style="bold red")
    body.append(f"#{choice.drop.id} goes: ", style="bold")
    body.append(_start(choice.drop.text))
    body.append(f"\n#{choice.keep.id} stays: ", style="bold")
    body.append(_start(choice.keep.text))
    body.append("\n\n")
    body.append_text(describe_comparison(choice.comparison))
    body.append(
        f"\n\nThe attributions, links and tags of #{choice.drop.id} move to #{choice.keep.id}, and "
        f"#{choice.drop.id} is removed from the list. u undoes the merge."
    )
    return ConfirmDialog(f"Merge #{choice.drop.id} into #{choice.keep.id}?", body, confirm_label="Merge")


def _start(text: str, limit: int = 300) -> str:
    """The start of a claim, sanitized, for a line of the confirmation."""
    shown = sanitize(text[:limit])
    return shown + "…" if len(text) > limit else shown
