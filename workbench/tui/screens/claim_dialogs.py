"""Dialogs relating this claim to another: link the two, or merge a duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, RadioButton, RadioSet, Select

from workbench.db.engine import Database
from workbench.records import ClaimSummary
from workbench.tui.screens.base import FormDialog, field_label
from workbench.tui.widgets.badges import RELATION_LABELS
from workbench.tui.widgets.inputs import SafeInput
from workbench.tui.widgets.pickers import ClaimPicker
from workbench.vocabulary import LinkRelation

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


class _ClaimDialog(FormDialog[T], Generic[T]):
    """A dialog about this claim and another one, picked from the database."""

    def __init__(self, claim: ClaimSummary, database: Database) -> None:
        super().__init__(claim)
        self.database = database  # the claim picker searches it

    def on_mount(self) -> None:
        self.query_one(ClaimPicker).query_one(Input).focus()

    def _other(self) -> ClaimSummary | None:
        other = self.query_one(ClaimPicker).value
        if other is None:
            self.fail("Pick the other claim: type words from its text, or #id.")
            self.query_one(ClaimPicker).query_one(Input).focus()
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
                value=LinkRelation.DUPLICATE_OF.value,
                allow_blank=False,
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
        note = self.query_one("#link-note", Input).value.strip()
        return LinkChoice(other, str(self.query_one("#relation", Select).value), note or None)


class MergeDialog(_ClaimDialog[MergeChoice]):
    """Fold a duplicate into the claim kept: attributions, links and tags move; the duplicate goes."""

    TITLE = "Merge duplicates"
    SAVE_LABEL = "Merge"

    def fields(self) -> ComposeResult:
        yield ClaimPicker(self.database, exclude=self.claim.id if self.claim else None, id="merge-claim")
        with RadioSet(id="merge-direction", compact=True):
            yield RadioButton(Content("this claim is the duplicate: fold it into the picked claim"), value=True,
                              id="drop-this", compact=True)
            yield RadioButton(Content("the picked claim is the duplicate: fold it into this claim"),
                              id="drop-other", compact=True)
        with Horizontal(classes="field-row"):
            yield field_label("Reason:")
            yield SafeInput(placeholder="why they are the same claim (optional)", id="merge-reason", classes="submits",
                        compact=True)

    @on(ClaimPicker.Picked)
    def _picked(self) -> None:
        self.query_one("#merge-direction", RadioSet).focus()

    def collect(self) -> MergeChoice | None:
        other = self._other()
        if other is None or self.claim is None:
            return None
        reason = self.query_one("#merge-reason", Input).value.strip() or None
        if self.query_one("#drop-this", RadioButton).value:
            return MergeChoice(keep=other, drop=self.claim, reason=reason)
        return MergeChoice(keep=self.claim, drop=other, reason=reason)
