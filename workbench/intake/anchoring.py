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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz

CONTEXT = 32
THRESHOLD = 80.0
_MIN_FUZZY_LENGTH = 12  # shorter quotes are matched exactly or not at all: a few letters align anywhere
_WINDOW = 2000
_MAX_OCCURRENCES = 200
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


def reanchor(old: Anchor, text: str, *, threshold: float = THRESHOLD, expected_start: int | None = None) -> Reanchored:
    """Find a quote again in a changed text: same place, moved, changed (flagged) or orphaned."""
    exact = old.quote.exact
    start, end = old.position.start, old.position.end
    if text[start:end] == exact:
        return Reanchored(AnchorStatus.SAME, anchor(text, start, end), 100.0)
    expected = start if expected_start is None else expected_start
    occurrences = _occurrences(text, exact)
    if occurrences:
        best = max(occurrences, key=lambda at: (_context_agreement(old, text, at), -abs(at - expected)))
        return Reanchored(AnchorStatus.MOVED, anchor(text, best, best + len(exact)), 100.0)
    if len(exact) < _MIN_FUZZY_LENGTH:
        return Reanchored(AnchorStatus.ORPHANED, None, 0.0)
    found = _fuzzy(old, text, expected, threshold)
    if found is None:
        return Reanchored(AnchorStatus.ORPHANED, None, 0.0)
    new_start, new_end, score = found
    return Reanchored(AnchorStatus.CHANGED, anchor(text, new_start, new_end), score, _difference(exact, text[new_start:new_end]))


def reanchor_all(anchors: Sequence[Anchor], text: str, *, threshold: float = THRESHOLD) -> list[Reanchored]:
    """Re-anchor many quotes of one document; results in the order given.

    Quotes are visited in document order, and each is expected where the last one found
    suggests (an insertion shifts everything after it by the same amount).
    """
    results: list[Reanchored | None] = [None] * len(anchors)
    shift = 0
    for index in sorted(range(len(anchors)), key=lambda i: anchors[i].position.start):
        old = anchors[index]
        found = reanchor(old, text, threshold=threshold, expected_start=old.position.start + shift)
        if found.anchor is not None:
            shift = found.anchor.position.start - old.position.start
        results[index] = found
    return [result for result in results if result is not None]


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
    """The best word-aligned passage scoring ``threshold`` or more: near ``expected`` first, then anywhere."""
    margin = max(_WINDOW, 2 * len(old.quote.exact))
    window_start = max(0, expected - margin)
    window_end = min(len(text), expected + len(old.quote.exact) + margin)
    found = _align(old, text, window_start, window_end, threshold)
    if found is None and (window_start > 0 or window_end < len(text)):
        found = _align(old, text, 0, len(text), threshold)
    return found


def _align(old: Anchor, text: str, start: int, end: int, threshold: float) -> tuple[int, int, float] | None:
    # rapidfuzz aligns a passage of the quote's own length; the edit may have made it longer or
    # shorter, so the ends are then moved word by word. The passage chosen is the one that, with
    # the text around it, best matches the stored prefix, quote and suffix: an edited first or
    # last word stays in the quote instead of being dropped for a higher score.
    exact, prefix, suffix = old.quote.exact, old.quote.prefix, old.quote.suffix
    alignment = fuzz.partial_ratio_alignment(exact, text[start:end], score_cutoff=threshold - 10)
    if alignment is None:
        return None
    rough_start, rough_end = start + alignment.dest_start, start + alignment.dest_end
    whole = prefix + exact + suffix
    best: tuple[float, int, int] | None = None
    for candidate_start in _word_edges(text, rough_start, before=True):
        for candidate_end in _word_edges(text, rough_end, before=False):
            if candidate_end <= candidate_start:
                continue
            around = text[max(0, candidate_start - len(prefix)) : candidate_start] + text[candidate_start:candidate_end] + text[candidate_end : candidate_end + len(suffix)]
            fit = fuzz.ratio(whole, around)
            if best is None or fit > best[0]:
                best = (fit, candidate_start, candidate_end)
    if best is None:
        return None
    score = fuzz.ratio(exact, text[best[1] : best[2]])
    if score < threshold:
        return None
    return best[1], best[2], round(score, 1)


def _word_edges(text: str, position: int, *, before: bool, words: int = 3) -> list[int]:
    """Word boundaries around ``position``: up to ``words`` words either way (starts or ends)."""
    low, high = max(0, position - 80), min(len(text), position + 80)
    edges = [match.start() if before else match.end() for match in _WORD.finditer(text, low, high)]
    if not edges:
        return [position]
    nearest = min(range(len(edges)), key=lambda i: abs(edges[i] - position))
    return edges[max(0, nearest - words) : nearest + words + 1]


def _difference(before: str, after: str) -> tuple[tuple[str, str], ...]:
    old_words, new_words = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    return tuple(
        (" ".join(old_words[i1:i2]), " ".join(new_words[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )
