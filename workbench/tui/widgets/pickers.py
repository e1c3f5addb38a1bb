"""Fuzzy pickers: a source picker (names and aliases, or a new source) and a claim picker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.db.engine import Database
from workbench.matching import fuzzy as matching
from workbench.records import ClaimSummary, SourceRecord
from workbench.review import claims, sources
from workbench.review.claims import ClaimFilter
from workbench.tui.messages import ClaimMatchesLoaded, LoadFailed, SourcesLoaded
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.badges import grade_label, palette, status_badge
from workbench.tui.widgets.inputs import SafeInput

NEW_SOURCE = "new"
_SHOWN = 8


@dataclass(frozen=True)
class SourceChoice:
    """A picked source: an existing one (``source_id``) or a name for a new one (``new_name``).

    ``record`` carries the source's details (grade, role) when they have been loaded.
    """

    source_id: int | None = None
    name: str = ""
    record: SourceRecord | None = None
    new_name: str | None = None

    def describe(self) -> str:
        if self.source_id is not None:
            return sanitize(self.name)
        return f"new source “{sanitize(self.new_name)}”"


class Picker(Vertical):
    """An input that filters an option list; ↑/↓ move through the matches, Enter picks one.

    Only Enter (or a click) on a match picks it. The highlighted match is a suggestion, never a
    choice: a dialog saved before anything was picked is told what is missing, so the top match
    is never acted on by accident. Editing the text after a pick drops the pick, so what the
    box shows is always what would be saved.
    """

    DEFAULT_CSS = """
    Picker {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("down", "cursor(1)", "Next match", show=False),
        Binding("up", "cursor(-1)", "Previous match", show=False),
    ]
    NOTHING_PICKED = "Nothing picked yet: ↑/↓ move through the matches, Enter picks one."

    @dataclass
    class PickChanged(Message):
        """Something was picked, or the pick was dropped (``picker.has_pick`` says which).

        Each picker also posts its own ``Picked`` with what was picked; this one is for a
        dialog that only needs to know that the choice changed.
        """

        picker: Picker

    def __init__(self, placeholder: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._placeholder = placeholder
        self._options_for: str | None = None  # the text the matches on screen were ranked for
        self._pick_pending = False  # Enter was pressed before the matches of the text arrived

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder=self._placeholder, compact=True, classes="picker-query")
        options = OptionList(compact=True, classes="picker-options")
        options.can_focus = False  # the query box keeps the focus: ↑/↓ there move the highlight
        yield options
        yield Static(Text(self.NOTHING_PICKED, style="italic"), classes="picker-chosen")

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    @property
    def has_pick(self) -> bool:
        raise NotImplementedError

    def focus_query(self) -> None:
        self.query_one(Input).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            if options.highlighted is None:
                options.highlighted = 0
            else:
                options.highlighted = max(0, min(options.option_count - 1, options.highlighted + step))

    def _show_options(self, options: list[Option], for_query: str) -> None:
        """Show the matches ranked for ``for_query``; an Enter that waited for them picks the best now."""
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if options:
            option_list.highlighted = 0
        self._options_for = for_query
        if self._pick_pending and for_query == self.query_text:
            self._pick_pending = False
            self._pick_highlighted()

    def _highlighted_id(self) -> str | None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None or not option_list.option_count:
            return None
        return option_list.get_option_at_index(option_list.highlighted).id

    def _set_chosen_text(self, text: Text) -> None:
        self.query_one(".picker-chosen", Static).update(text)

    def on_descendant_focus(self) -> None:
        self.add_class("-open")  # the stylesheet lists the matches only while the picker has the focus

    def on_descendant_blur(self) -> None:
        self.remove_class("-open")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._pick_pending = False  # an Enter before this keystroke was for another text
        if self.has_pick:
            self._drop_pick()
            self._set_chosen_text(Text(self.NOTHING_PICKED, style="italic"))
            self.post_message(self.PickChanged(self))
        self._query_changed(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._options_for != self.query_text:
            # The matches on screen were ranked for an earlier text ("#" while "#5" is being
            # looked up): Enter picks the best match of what was typed, once it is known.
            self._pick_pending = True
            return
        self._pick_highlighted()

    def _pick_highlighted(self) -> None:
        option_id = self._highlighted_id()
        if option_id is not None:
            self._pick(option_id)
            self.post_message(self.PickChanged(self))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._pick(event.option.id)
            self.post_message(self.PickChanged(self))

    def _query_changed(self, typed: str) -> None:
        raise NotImplementedError

    def _pick(self, option_id: str) -> None:
        raise NotImplementedError

    def _drop_pick(self) -> None:
        raise NotImplementedError


class SourcePicker(Picker):
    """Pick a source by fuzzy name or alias (rapidfuzz), or name a new one.

    Every name and alias is loaded once (cheap); the details shown beside a match (grade,
    role) are loaded only for the matches on screen, so the picker opens at once however many
    claims cite the sources.
    """

    @dataclass
    class Picked(Message):
        picker: SourcePicker
        choice: SourceChoice

    def __init__(
        self, database: Database, *, allow_new: bool = True, preferred: tuple[int, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__("Source: type a name or alias", **kwargs)
        self.database = database
        self.allow_new = allow_new
        self.preferred = preferred
        self.names: list[tuple[int, str]] = []
        self.primary: dict[int, str] = {}
        self.records: dict[int, SourceRecord] = {}
        self.shown: list[tuple[int, str]] = []  # (id, the name or alias that matched)
        self.chosen: SourceChoice | None = None

    def on_mount(self) -> None:
        self.load_names()

    @work(thread=True, exit_on_error=False, group="source-names")
    def load_names(self) -> None:
        try:
            with self.database.reading() as session:
                names = sources.source_names(session)
                records = sources.list_sources_by_ids(session, list(self.preferred)) if self.preferred else []
        except Exception as error:  # noqa: BLE001 - reported on screen, never lost
            self.post_message(LoadFailed("sources", str(error)))
            return
        self.post_message(SourcesLoaded(records, names))

    @work(thread=True, exclusive=True, exit_on_error=False, group="source-details")
    def load_details(self, ids: list[int]) -> None:
        try:
            with self.database.reading() as session:
                records = sources.list_sources_by_ids(session, ids)
        except Exception as error:  # noqa: BLE001 - reported on screen, never lost
            self.post_message(LoadFailed("sources", str(error)))
            return
        self.post_message(SourcesLoaded(records, None))

    def on_sources_loaded(self, message: SourcesLoaded) -> None:
        message.stop()
        if message.names is not None:
            self.names = message.names
            self.primary = {}
            for source_id, name in message.names:
                self.primary.setdefault(source_id, name)  # source_names lists names before aliases
        self.records.update({record.id: record for record in message.sources})
        self._refresh_options()

    def _query_changed(self, typed: str) -> None:
        self._refresh_options()

    def _refresh_options(self) -> None:
        typed = self.query_text.strip()
        if typed:
            self.shown = [(i, name) for i, name, _score in matching.rank_names(typed, self.names, limit=_SHOWN)]
        else:
            first = [i for i in self.preferred if i in self.primary]
            rest = sorted((i for i in self.primary if i not in first), key=lambda i: self.primary[i].casefold())
            self.shown = [(i, self.primary[i]) for i in (first + rest)[:_SHOWN]]
        missing = [i for i, _name in self.shown if i not in self.records]
        if missing:
            self.load_details(missing)
        options = [Option(self._describe(i, matched), id=str(i)) for i, matched in self.shown]
        exact = any(typed.casefold() == name.casefold() for _id, name in self.names)
        if self.allow_new and typed and not exact:
            options.append(Option(Text.assemble(("+ New source: ", "bold"), sanitize(typed)), id=NEW_SOURCE))
        # Details arriving redraw the same matches: the highlight stays where the reviewer put it.
        # A new query starts again from its best match.
        highlighted = self._highlighted_id() if self.query_text == self._options_for else None
        self._show_options(options, self.query_text)
        if highlighted is not None and not missing:
            self._highlight(highlighted)

    def _highlight(self, option_id: str) -> None:
        option_list = self.query_one(OptionList)
        for index in range(option_list.option_count):
            if option_list.get_option_at_index(index).id == option_id:
                option_list.highlighted = index
                return

    def _describe(self, source_id: int, matched: str) -> Text:
        muted = palette(self.app.current_theme.dark)["muted"]
        name = self.primary.get(source_id, matched)
        text = Text.assemble((sanitize(name), "bold"))
        if matched != name:
            text.append(f" (“{sanitize(matched)}”)", style=muted)
        record = self.records.get(source_id)
        if record is not None:
            details = [f"grade {grade_label(record.reliability)}"]
            if record.role:
                details.append(sanitize(record.role))
            elif record.affiliation_name:
                details.append(sanitize(record.affiliation_name))
            text.append("  " + " · ".join(details), style=muted)
        text.truncate(200, overflow="ellipsis")
        return text

    def _choice(self, option_id: str) -> SourceChoice:
        if option_id == NEW_SOURCE:
            return SourceChoice(new_name=self.query_text.strip())
        source_id = int(option_id)
        return SourceChoice(source_id, self.primary.get(source_id, ""), self.records.get(source_id))

    def _pick(self, option_id: str) -> None:
        self.chosen = chosen = self._choice(option_id)
        label = Text.assemble(("✓ ", "bold"), chosen.describe())
        if chosen.record is not None:
            label.append(f"  grade {grade_label(chosen.record.reliability)}")
        self._set_chosen_text(label)
        self.post_message(self.Picked(self, chosen))

    @property
    def has_pick(self) -> bool:
        return self.chosen is not None

    def _drop_pick(self) -> None:
        self.chosen = None

    @property
    def value(self) -> SourceChoice | None:
        """The source picked with Enter or a click (None until then, whatever is highlighted)."""
        return self.chosen


class ClaimPicker(Picker):
    """Pick another claim by what its text (or its sources' names) says, ranked by the search use case."""

    @dataclass
    class Picked(Message):
        picker: ClaimPicker
        claim: ClaimSummary

    def __init__(self, database: Database, *, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__("Claim: type words from its text, a source name, or #id", **kwargs)
        self.database = database
        self.exclude = exclude
        self.matches: dict[int, ClaimSummary] = {}
        self.chosen: ClaimSummary | None = None

    def on_mount(self) -> None:
        self.search("")

    def _query_changed(self, typed: str) -> None:
        self.search(typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="claim-picker")
    def search(self, typed: str) -> None:
        worker = get_current_worker()
        text = typed.strip()
        try:
            with self.database.reading() as session:
                if text.lstrip("#").isdigit():
                    found = [claims.get_claim(session, int(text.lstrip("#")))]
                else:
                    found = claims.list_claims(session, ClaimFilter(text=text or None), limit=_SHOWN + 1)
        except Exception as error:  # noqa: BLE001 - "no claim #12" is an answer, not a crash
            found = []
            if not text.lstrip("#").isdigit():
                self.post_message(LoadFailed("claims", str(error)))
        if not worker.is_cancelled:
            self.post_message(ClaimMatchesLoaded(typed, found))

    def on_claim_matches_loaded(self, message: ClaimMatchesLoaded) -> None:
        message.stop()
        if message.query != self.query_text:
            return
        found = [claim for claim in message.claims if claim.id != self.exclude][:_SHOWN]
        self.matches = {claim.id: claim for claim in found}
        dark = self.app.current_theme.dark
        options = [
            Option(
                Text.assemble((f"#{claim.id} ", "bold"), status_badge(claim.status, dark, short=True), " ",
                              _clip(claim.text, 160)),
                id=str(claim.id),
            )
            for claim in found
        ]
        self._show_options(options, message.query)

    def _pick(self, option_id: str) -> None:
        self.chosen = self.matches[int(option_id)]
        self._set_chosen_text(Text.assemble(("✓ ", "bold"), f"#{self.chosen.id} ", _clip(self.chosen.text, 160)))
        self.post_message(self.Picked(self, self.chosen))

    @property
    def has_pick(self) -> bool:
        return self.chosen is not None

    def _drop_pick(self) -> None:
        self.chosen = None

    @property
    def value(self) -> ClaimSummary | None:
        """The claim picked with Enter or a click (None until then, whatever is highlighted)."""
        return self.chosen


def _clip(text: str, width: int) -> Text:
    """The start of an untrusted text, sanitized: only what can show is sanitized (a text can be megabytes)."""
    clipped = Text(sanitize(text[: width + 1]))
    clipped.truncate(width, overflow="ellipsis")
    return clipped
