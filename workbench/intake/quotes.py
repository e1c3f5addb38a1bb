"""Quotations in a paragraph, and the paragraph with their words hidden.

Attribution formulas are looked for outside quotations only: "They said we must leave," she
said has one speaker, not two. Masking keeps every offset (each quoted character becomes a
placeholder that no word pattern matches), so a match in the masked text is a span in the
document.

Curly quotation marks pair by shape; straight ones alternate. A quotation still open at the
end of the paragraph runs to its end (the newspaper convention for a quotation continued in
the next paragraph, which reopens it).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.intake.model import Span

MASK = "\ue000"  # a private-use character: not a word character, never in real text
_OPENING = {"“": "”", "«": "»", "„": "“"}
_STRAIGHT = '"'


@dataclass(frozen=True)
class Quotation:
    """A quotation: ``outer`` includes the marks, ``inner`` is the quoted words."""

    outer: Span
    inner: Span


def find_quotations(text: str, span: Span) -> list[Quotation]:
    """The quotations in ``text[span.start:span.end]``, with offsets into ``text``."""
    found: list[Quotation] = []
    open_at: int | None = None
    closing = ""
    for position in range(span.start, span.end):
        char = text[position]
        if open_at is None:
            if char in _OPENING:
                open_at, closing = position, _OPENING[char]
            elif char == _STRAIGHT:
                open_at, closing = position, _STRAIGHT
        elif char == closing or (closing != _STRAIGHT and char == _STRAIGHT):
            found.append(Quotation(Span(open_at, position + 1), Span(open_at + 1, position)))
            open_at = None
    if open_at is not None and span.end - open_at > 1:
        found.append(Quotation(Span(open_at, span.end), Span(open_at + 1, span.end)))
    return found


def mask_quotations(text: str, quotations: list[Quotation]) -> str:
    """``text`` with the quoted words replaced, character for character, by ``MASK``."""
    if not quotations:
        return text
    pieces = []
    position = 0
    for quotation in quotations:
        pieces.append(text[position : quotation.inner.start])
        pieces.append(MASK * (quotation.inner.end - quotation.inner.start))
        position = quotation.inner.end
    pieces.append(text[position:])
    return "".join(pieces)


def quotation_covering(text: str, quotations: list[Quotation], start: int, end: int) -> Quotation | None:
    """The quotation that ``text[start:end]`` consists of, punctuation and spaces aside, if any.

    The quotation may begin before ``start``: a quotation running over two sentences is
    attributed by the formula after its end ("... Enough is enough," said Marek Nowak).
    """
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
        end -= 1
    for quotation in quotations:
        if quotation.outer.start <= start + 1 and abs(quotation.outer.end - end) <= 1 and quotation.outer.end > start:
            return quotation
    return None


_EDGE_PUNCTUATION = ",;:—–-"
