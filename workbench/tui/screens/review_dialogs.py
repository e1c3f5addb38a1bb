"""Dialogs that act on the claim itself: set a verdict (with its reason), add a note, take it
over, accept a corrected document's new wording of a changed quote."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.records import AttributionView, ClaimSummary
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.base import FormDialog, field_label
from workbench.tui.widgets.badges import VERDICT_LABELS, verdict_text
from workbench.tui.widgets.inputs import SafeInput
from workbench.vocabulary import Verdict, choices

_NOTHING_CHOSEN = "No verdict chosen yet."


@dataclass(frozen=True)
class VerdictChoice:
    verdict: str
    reason: str


class VerdictDialog(FormDialog[VerdictChoice]):
    """Pick a verdict and say why: the reason is published with it, so it is required."""

    TITLE = "Set the verdict"

    def __init__(self, claim: ClaimSummary | None = None) -> None:
        super().__init__(claim)
        self.chosen: str | None = None  # set by Enter or a click on a verdict, never by the highlight

    def fields(self) -> ComposeResult:
        dark = self.app.current_theme.dark
        yield field_label("Verdict (↑/↓, Enter to choose)")
        yield OptionList(
            *[Option(verdict_text(value, dark), id=value) for value in choices(Verdict)],
            compact=True,
            id="verdict-options",
        )
        yield Static(Text(_NOTHING_CHOSEN, style="italic"), id="verdict-chosen", classes="picker-chosen")
        yield field_label("Reason (required; Enter saves)")
        yield SafeInput(placeholder="why this verdict", id="verdict-reason", classes="submits", compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#verdict-options", OptionList)
        current = self.claim.verdict if self.claim else Verdict.UNREVIEWED.value
        values = choices(Verdict)
        # Preselect the first verdict that differs from the current one: that is the likely change.
        suggestion = next((v for v in values if v != current and v != Verdict.UNREVIEWED.value), values[0])
        options.highlighted = values.index(suggestion)
        options.focus()

    @on(OptionList.OptionSelected, "#verdict-options")
    def _verdict_chosen(self, event: OptionList.OptionSelected) -> None:
        self.chosen = event.option.id
        label = Text.assemble(("✓ verdict: ", "bold"), verdict_text(str(self.chosen), self.app.current_theme.dark))
        self.query_one("#verdict-chosen", Static).update(label)
        self.query_one("#verdict-reason", Input).focus()

    def collect(self) -> VerdictChoice | None:
        reason = self.query_one("#verdict-reason", Input).value.strip()
        verdict = self.chosen
        if verdict is None:
            self.fail("Choose a verdict: ↑/↓ to it, then Enter (the highlight alone is not a choice).")
            self.query_one("#verdict-options", OptionList).focus()
            return None
        if not reason:
            self.fail(f"Say why the claim is {VERDICT_LABELS[verdict]}: a verdict needs a reason.")
            self.query_one("#verdict-reason", Input).focus()
            return None
        return VerdictChoice(verdict, reason)


class NoteDialog(FormDialog[str]):
    """A reviewer's note, kept in the claim's history."""

    TITLE = "Add a note"

    def fields(self) -> ComposeResult:
        yield field_label("Note (Enter saves)")
        yield SafeInput(placeholder="what you found, what to check next…", id="note-text", classes="submits", compact=True)

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def collect(self) -> str | None:
        note = self.query_one("#note-text", Input).value.strip()
        if not note:
            self.fail("Write the note first.")
            return None
        return note



class TakeOverDialog(FormDialog[str]):
    """Take over a claim another reviewer has: they will read why, so the reason is required."""

    TITLE = "Take over this claim"
    SAVE_LABEL = "Take over"

    def __init__(self, claim: ClaimSummary, holder: str) -> None:
        super().__init__(claim)
        self.holder = holder

    def fields(self) -> ComposeResult:
        take = self.claim.take if self.claim is not None else None
        held = f"It is {take.describe()}." if take is not None else f"It is in review by {self.holder}."
        yield Static(Text(sanitize(held)), id="take-holder")
        yield field_label("Reason (required; the review log keeps it; Enter takes over)")
        yield SafeInput(placeholder="why you take it over", id="take-reason", classes="submits", compact=True)

    def on_mount(self) -> None:
        self.query_one("#take-reason", Input).focus()

    def collect(self) -> str | None:
        reason = self.query_one("#take-reason", Input).value.strip()
        if not reason:
            self.fail(f"Say why you take it over: {self.holder} will read the reason.")
            return None
        return reason

class AcceptWordingDialog(FormDialog[int]):
    """Which changed quote takes its document's new wording (returns the attribution's id).

    The recorded words stay in the review log, and undo (u) puts them back.
    """

    TITLE = "Accept the document's new wording"
    SAVE_LABEL = "Accept"

    def __init__(self, claim: ClaimSummary, changed: list[AttributionView]) -> None:
        super().__init__(claim)
        self.changed = changed

    def fields(self) -> ComposeResult:
        yield field_label("Quotes that read differently in their document now (↑/↓, Enter to accept):")
        options = []
        for view in self.changed:
            prompt = Text.assemble((f"#{view.id} ", "bold"), sanitize(view.source_name), ": “", (sanitize((view.quote or "")[:200]), "italic"), "”")
            prompt.append("\n  " + sanitize(view.quote_flag or ""), style="bold")
            options.append(Option(prompt, id=str(view.id)))
        yield OptionList(*options, id="changed-quotes", compact=True)

    def on_mount(self) -> None:
        options = self.query_one("#changed-quotes", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#changed-quotes")
    def _chosen(self) -> None:
        self.action_submit()

    def collect(self) -> int | None:
        options = self.query_one("#changed-quotes", OptionList)
        if options.highlighted is None:
            self.fail("Choose a quote.")
            return None
        return int(str(options.get_option_at_index(options.highlighted).id))
