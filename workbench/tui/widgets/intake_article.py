"""The article under review, paragraph by paragraph, with the detected spans highlighted.

Every quote and attribution formula intake found is underlined; those of the candidate under
the cursor are shown reversed (its quotes) and bold (its formulas), and the view scrolls to
them. Parts of the text that are not reporting (a byline, a sign-off) are dimmed. The text is
sanitised piece by piece between span edges, so a span still covers the same words after
control characters are made visible, and it is only ever rendered as ``Text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.intake.model import Article, Span
from workbench.tui.sanitize import sanitize

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", re.DOTALL)
_DETECTED = "underline"
_CURRENT_QUOTE = "reverse"
_CURRENT_FRAME = "bold underline"
_SKIPPED = "dim italic"


class ArticleView(VerticalScroll):
    """The article as paragraphs; ``focus_on`` highlights one candidate's spans and scrolls to them."""

    def __init__(self, article: Article, detected: Iterable[Span], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.article = article
        self.detected = sorted(set(detected))
        self.paragraphs = [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(article.text)]
        self.current: tuple[tuple[Span, ...], tuple[Span, ...]] = ((), ())

    def compose(self) -> ComposeResult:
        for number, paragraph in enumerate(self.paragraphs):
            yield Static(self._paragraph_text(paragraph), classes="article-paragraph", id=f"paragraph-{number}")

    def focus_on(self, quotes: tuple[Span, ...], frames: tuple[Span, ...]) -> None:
        """Highlight these spans (the candidate under the cursor) and bring the first into view."""
        touched = {n for n, p in enumerate(self.paragraphs) for span in (*self.current[0], *self.current[1], *quotes, *frames) if _overlaps(p, span)}
        self.current = (quotes, frames)
        for number in sorted(touched):
            self.query_one(f"#paragraph-{number}", Static).update(self._paragraph_text(self.paragraphs[number]))
        first = min((*quotes, *frames), default=None)
        if first is not None:
            for number, paragraph in enumerate(self.paragraphs):
                if _overlaps(paragraph, first):
                    self.scroll_to_widget(self.query_one(f"#paragraph-{number}", Static), animate=False, top=False)
                    break

    def _paragraph_text(self, paragraph: Span) -> Text:
        text = self.article.text
        styles: list[tuple[Span, str]] = [(span, _SKIPPED) for span in self.article.skipped]
        styles += [(span, _DETECTED) for span in self.detected]
        styles += [(span, _CURRENT_FRAME) for span in self.current[1]]
        styles += [(span, _CURRENT_QUOTE) for span in self.current[0]]
        edges = {paragraph.start, paragraph.end}
        for span, _style in styles:
            if _overlaps(paragraph, span):
                edges.update(edge for edge in (span.start, span.end) if paragraph.start < edge < paragraph.end)
        out = Text(end="")
        points = sorted(edges)
        for start, end in pairwise(points):
            piece_styles = [style for span, style in styles if span.start <= start and end <= span.end]
            out.append(sanitize(text[start:end], multiline=True), style=" ".join(piece_styles) or None)
        return out


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
