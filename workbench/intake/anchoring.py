"""Quotes anchored in their document, W3C Web Annotation style, and found again after an edit.

A quote is stored with two selectors (https://www.w3.org/TR/annotation-model/#selectors):
a ``TextQuoteSelector`` (the exact words, with up to 32 characters before and after them) and a
``TextPositionSelector`` (its character offsets). When the document is corrected or updated,
each quote is looked for again, in this order:

1. ``same``: the exact words are still at the same offsets;
2. ``moved``: the exact words are elsewhere (the nearest occurrence whose surroundings match
   the stored prefix and suffix best, so a repeated phrase keeps its own place);
3. ``changed``: no exact match, but a passage close enough (rapidfuzz's alignment, then the
   best word-aligned passage around it, scoring ``threshold`` or more out of 100): the quote
   is re-anchored and flagged, with the words that differ, because a changed quote may no
   longer say what the attribution records ("15 days" became "14 days");
4. ``orphaned``: nothing close enough; the quote keeps its old text and is flagged.

Pure: no database. Re-anchoring many quotes at once (``reanchor_all``) predicts where each
should be from the quotes before it, so the fuzzy search looks in a window, not the whole text.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

CONTEXT = 32
THRESHOLD = 80.0
_MIN_FUZZY_LENGTH = 12  # shorter quotes are matched exactly or not at all: a few letters align anywhere
_WINDOW = 2000
_MAX_OCCURRENCES = 200
_CONTEXT_WEIGHT = 0.1
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_w3c(self) -> dict[str, str]:
        return {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix}


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int

    def to_w3c(self) -> dict[str, Any]:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Anchor:
    """Where a quote is in its document: both selectors, as the W3C model keeps them."""

    quote: TextQuoteSelector
    position: TextPositionSelector

    def to_w3c(self) -> list[dict[str, Any]]:
        return [self.quote.to_w3c(), self.position.to_w3c()]

    @classmethod
    def from_w3c(cls, selectors: Iterable[dict[str, Any]]) -> Anchor:
        by_type = {selector.get("type"): selector for selector in selectors}
        quote, position = by_type["TextQuoteSelector"], by_type["TextPositionSelector"]
        return cls(
            TextQuoteSelector(str(quote["exact"]), str(quote.get("prefix", "")), str(quote.get("suffix", ""))),
            TextPositionSelector(int(position["start"]), int(position["end"])),
        )


class AnchorStatus(StrEnum):
    SAME = "same"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Reanchored:
    """A quote looked for again: how it was found, its new anchor, and what changed in its words."""

    status: AnchorStatus
    anchor: Anchor | None  # None when orphaned
    score: float  # 100 for an exact match
    difference: tuple[tuple[str, str], ...] = ()  # (words before, words now) for each change

    def describe(self) -> str:
        """One line for a list or a log: "changed (91): 'five or six' -> 'six or seven'"."""
        if self.status is not AnchorStatus.CHANGED:
            return self.status.value
        changes = "; ".join(f"{before!r} -> {after!r}" for before, after in self.difference)
        return f"changed ({self.score:.0f}): {changes}"


def anchor(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """Both selectors for ``text[start:end]``."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is outside the text (length {len(text)})")
    return Anchor(
        TextQuoteSelector(text[start:end], text[max(0, start - context) : start], text[end : end + context]),
        TextPositionSelector(start, end),
    )


def anchor_exact(text: str, exact: str, near: int | None = None) -> Anchor | None:
    """Anchor a quote known only by its words (an import with a quote and no span): the occurrence nearest ``near``."""
    occurrences = _occurrences(text, exact)
    if not occurrences:
        return None
    start = min(occurrences, key=lambda at: abs(at - near)) if near is not None else occurrences[0]
    return anchor(text, start, start + len(exact))


def locate(text: str, exact: str, span: tuple[int, int] | None = None, *, threshold: float = THRESHOLD) -> Reanchored:
    """Anchor a quote given by its words and perhaps a position (an import, a typed attribution).

    The same search as after an edit, with no context known: ``same`` when the words are at
    ``span``, ``moved`` when they are elsewhere (the occurrence nearest ``span``), ``changed``
    when only a close passage is found (curly quotes for straight ones, a word changed), else
    ``orphaned``.
    """
    start = span[0] if span is not None else 0
    end = span[1] if span is not None else start + len(exact)
    return reanchor(Anchor(TextQuoteSelector(exact), TextPositionSelector(start, end)), text, threshold=threshold)


def reanchor(old: Anchor, text: str, *, threshold: float = THRESHOLD, expected_start: int | None = None) -> Reanchored:
    """Find a quote again in a changed text: same place, moved, changed (flagged) or orphaned."""
    exact = _exactly(old, text, old.position.start if expected_start is None else expected_start)
    if exact is not None:
        return exact
    return _approximately(old, text, old.position.start if expected_start is None else expected_start, threshold)


def reanchor_all(anchors: Sequence[Anchor], text: str, *, threshold: float = THRESHOLD) -> list[Reanchored]:
    """Re-anchor many quotes of one document; results in the order given.

    Exact matches come first, in document order, each quote expected where the one before it
    moved to (an insertion shifts everything after it alike). Then the rest are looked for
    approximately, expected where their nearest exactly-found neighbour suggests; a passage that
    another quote was found at exactly is not taken by an approximate match (a deleted
    "official number 200" must not land on the untouched "official number 201").
    """
    order = sorted(range(len(anchors)), key=lambda i: anchors[i].position.start)
    results: dict[int, Reanchored] = {}
    shifts: list[tuple[int, int]] = []  # (old start, shift) of the quotes found exactly, in order
    shift = 0
    for index in order:
        old = anchors[index]
        found = _exactly(old, text, old.position.start + shift)
        if found is not None and found.anchor is not None:
            shift = found.anchor.position.start - old.position.start
            shifts.append((old.position.start, shift))
            results[index] = found
    taken = {(r.anchor.position.start, r.anchor.position.end) for r in results.values() if r.anchor is not None}
    starts = [start for start, _ in shifts]
    for index in order:
        if index in results:
            continue
        old = anchors[index]
        before = bisect_right(starts, old.position.start) - 1
        expected = old.position.start + (shifts[before][1] if before >= 0 else 0)
        found = _approximately(old, text, expected, threshold)
        if found.anchor is not None and (found.anchor.position.start, found.anchor.position.end) in taken:
            found = Reanchored(AnchorStatus.ORPHANED, None, 0.0)
        results[index] = found
    return [results[index] for index in range(len(anchors))]


def _exactly(old: Anchor, text: str, expected: int) -> Reanchored | None:
    exact = old.quote.exact
    start, end = old.position.start, old.position.end
    if text[start:end] == exact:
        return Reanchored(AnchorStatus.SAME, anchor(text, start, end), 100.0)
    occurrences = _occurrences(text, exact)
    if not occurrences:
        return None
    best = max(occurrences, key=lambda at: (_context_agreement(old, text, at), -abs(at - expected)))
    return Reanchored(AnchorStatus.MOVED, anchor(text, best, best + len(exact)), 100.0)


def _approximately(old: Anchor, text: str, expected: int, threshold: float) -> Reanchored:
    exact = old.quote.exact
    if len(exact) < _MIN_FUZZY_LENGTH:
        return Reanchored(AnchorStatus.ORPHANED, None, 0.0)
    found = _fuzzy(old, text, expected, threshold)
    if found is None:
        return Reanchored(AnchorStatus.ORPHANED, None, 0.0)
    new_start, new_end, score = found
    return Reanchored(AnchorStatus.CHANGED, anchor(text, new_start, new_end), score, _difference(exact, text[new_start:new_end]))


# -- searching --------------------------------------------------------------------------------


def _occurrences(text: str, exact: str) -> list[int]:
    if not exact:
        return []
    found: list[int] = []
    at = text.find(exact)
    while at >= 0 and len(found) < _MAX_OCCURRENCES:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _context_agreement(old: Anchor, text: str, at: int) -> int:
    """How many characters of the stored prefix and suffix still surround the occurrence at ``at``."""
    prefix = text[max(0, at - len(old.quote.prefix)) : at]
    suffix = text[at + len(old.quote.exact) : at + len(old.quote.exact) + len(old.quote.suffix)]
    same_prefix = 0
    for mine, theirs in zip(reversed(old.quote.prefix), reversed(prefix), strict=False):
        if mine != theirs:
            break
        same_prefix += 1
    same_suffix = 0
    for mine, theirs in zip(old.quote.suffix, suffix, strict=False):
        if mine != theirs:
            break
        same_suffix += 1
    return same_prefix + same_suffix


def _fuzzy(old: Anchor, text: str, expected: int, threshold: float) -> tuple[int, int, float] | None:
    """The best word-aligned passage scoring ``threshold`` or more: where the quote is expected
    first (a near-identical passage elsewhere, "official number 151", must not win over the
    edited quote in its own place), then in a wider window, then anywhere."""
    length = len(old.quote.exact)
    tried: list[tuple[int, int]] = []
    for margin in (16 + length // 4, max(_WINDOW, 2 * length), len(text)):
        window = (max(0, expected - margin), min(len(text), expected + length + margin))
        if window in tried:
            continue
        tried.append(window)
        found = _align(old, text, *window, threshold)
        if found is not None:
            return found
    return None


def _align(old: Anchor, text: str, start: int, end: int, threshold: float) -> tuple[int, int, float] | None:
    # rapidfuzz aligns a passage of the quote's own length; the edit may have made it longer or
    # shorter, so the ends are then moved word by word to where the quote matches best; the stored
    # prefix and suffix break near-ties, so an edited first or last word stays in the quote
    # instead of being dropped or swapped for a word of the context.
    from rapidfuzz import fuzz  # only a changed text needs it; the claim list loads this module (start-up speed)

    exact, prefix, suffix = old.quote.exact, old.quote.prefix[-16:], old.quote.suffix[:16]
    alignment = fuzz.partial_ratio_alignment(exact, text[start:end], score_cutoff=threshold - 10)
    if alignment is None:
        return None
    rough_start, rough_end = start + alignment.dest_start, start + alignment.dest_end
    starts = _word_edges(text, rough_start, before=True)
    ends = _word_edges(text, rough_end, before=False)
    before = {at: fuzz.ratio(prefix, text[max(0, at - len(prefix)) : at]) if prefix else 100.0 for at in starts}
    after = {at: fuzz.ratio(suffix, text[at : at + len(suffix)]) if suffix else 100.0 for at in ends}
    best: tuple[float, float, int, int] | None = None
    for candidate_start in starts:
        for candidate_end in ends:
            if candidate_end <= candidate_start:
                continue
            score = fuzz.ratio(exact, text[candidate_start:candidate_end])
            fit = score + _CONTEXT_WEIGHT * (before[candidate_start] + after[candidate_end])
            if best is None or fit > best[0]:
                best = (fit, score, candidate_start, candidate_end)
    if best is None or best[1] < threshold:
        return None
    start, end = _without_added_punctuation(exact, text, best[2], best[3])
    return start, end, round(fuzz.ratio(exact, text[start:end]), 1)


_CLOSING = ".,;:!?”\"’)]"
_OPENING = "“\"‘([-—–"


def _without_added_punctuation(exact: str, text: str, start: int, end: int) -> tuple[int, int]:
    """Word edges take a word's punctuation with it ("plane."); a quote that did not end (or
    begin) with punctuation is not made to, so the difference lists only the words changed."""
    while end > start + 1 and text[end - 1] in _CLOSING and exact[-1:] not in _CLOSING:
        end -= 1
    while start < end - 1 and text[start] in _OPENING and exact[:1] not in _OPENING:
        start += 1
    return start, end


def _word_edges(text: str, position: int, *, before: bool, words: int = 3) -> list[int]:
    """Word boundaries around ``position``: up to ``words`` words either way (starts or ends)."""
    low, high = max(0, position - 80), min(len(text), position + 80)
    edges = [match.start() if before else match.end() for match in _WORD.finditer(text, low, high)]
    if not edges:
        return [position]
    nearest = bisect_left(edges, position)
    if nearest == len(edges) or (nearest > 0 and position - edges[nearest - 1] < edges[nearest] - position):
        nearest -= 1
    return edges[max(0, nearest - words) : nearest + words + 1]


def _difference(before: str, after: str) -> tuple[tuple[str, str], ...]:
    old_words, new_words = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    return tuple(
        (" ".join(old_words[i1:i2]), " ".join(new_words[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )
