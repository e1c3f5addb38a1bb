"""The document picker: where an attribution was published, found by its title or its outlet.

The add-attribution dialog used to ask for a document key and, on a wrong one, closed and
lost everything typed. The picker offers only documents that exist, ranked by rapidfuzz over
"title — outlet" and the key; the newest come first while nothing is typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.message import Message
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.db.engine import Database
from workbench.matching import fuzzy as matching
from workbench.review.documents import DocumentChoice, document_choices
from workbench.tui.messages import LoadFailed
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.badges import palette
from workbench.tui.widgets.pickers import Picker

_SHOWN = 6


class DocumentPicker(Picker):
    """Pick a document by fuzzy title, outlet or key; nothing picked means "no document"."""

    NOTHING_PICKED = "No document. If the statement was published: ↑/↓ to it, then Enter."

    @dataclass
    class Loaded(Message, bubble=False):
        documents: list[DocumentChoice]

    @dataclass
    class Ranked(Message, bubble=False):
        query: str
        ids: list[int]

    @dataclass
    class Picked(Message):
        picker: DocumentPicker
        document: DocumentChoice

    def __init__(self, database: Database, **kwargs: Any) -> None:
        super().__init__("Document (optional): type words of its title or its outlet", **kwargs)
        self.database = database
        self.documents: dict[int, DocumentChoice] = {}
        self.names: list[tuple[int, str]] = []  # what is ranked: "title — outlet", and the key
        self.chosen: DocumentChoice | None = None

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exit_on_error=False, group="documents")
    def load(self) -> None:
        try:
            with self.database.reading() as session:
                documents = document_choices(session)
        except Exception as error:  # noqa: BLE001 - reported on screen, never lost
            self.post_message(LoadFailed("documents", str(error)))
            return
        self.post_message(self.Loaded(documents))

    def on_document_picker_loaded(self, message: DocumentPicker.Loaded) -> None:
        self.documents = {document.id: document for document in message.documents}
        self.names = [(d.id, f"{d.title} — {d.outlet_name}" if d.outlet_name else d.title) for d in message.documents]
        self.names += [(d.id, d.key) for d in message.documents]
        self._query_changed(self.query_text)

    def _query_changed(self, typed: str) -> None:
        if typed.strip():
            self.rank(typed, self.names)
        else:
            self._show([document.id for document in list(self.documents.values())[:_SHOWN]], typed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="document-rank")
    def rank(self, typed: str, names: list[tuple[int, str]]) -> None:
        """rapidfuzz over every title: off the UI thread, since a desk can hold many documents."""
        ranked = [i for i, _name, _score in matching.rank_names(typed, names, limit=_SHOWN)]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Ranked(typed, ranked))

    def on_document_picker_ranked(self, message: DocumentPicker.Ranked) -> None:
        if message.query == self.query_text:
            self._show(message.ids, message.query)

    def _show(self, ids: list[int], for_query: str) -> None:
        self._show_options([Option(self._describe(self.documents[i]), id=str(i)) for i in ids], for_query)

    def _describe(self, document: DocumentChoice) -> Text:
        muted = palette(self.app.current_theme.dark)["muted"]
        text = Text.assemble("“", (sanitize(document.title[:200]), "bold"), "”")
        details = [sanitize(document.outlet_name[:100])] if document.outlet_name else []
        if document.published_at is not None:
            details.append(document.published_at.strftime("%Y-%m-%d"))
        details.append(sanitize(document.key))
        text.append("  " + " · ".join(details), style=muted)
        text.truncate(200, overflow="ellipsis")
        return text

    @property
    def has_pick(self) -> bool:
        return self.chosen is not None

    def _drop_pick(self) -> None:
        self.chosen = None

    def _pick(self, option_id: str) -> None:
        self.chosen = chosen = self.documents[int(option_id)]
        label = Text.assemble(("✓ ", "bold"), self._describe(chosen))
        self._set_chosen_text(label)
        self.post_message(self.Picked(self, chosen))

    @property
    def value(self) -> DocumentChoice | None:
        """The document picked with Enter or a click (None until then, whatever is highlighted)."""
        return self.chosen
