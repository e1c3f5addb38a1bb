"""Hedges and forecasts: the words that make a statement less than a plain assertion.

"Russian forces may have left", "Russian forces reportedly left" and "Russian forces will
leave" are not confirmation that Russian forces left. The corroboration rules count only
``stated`` attributions for a claim about an event (forecasts count for a claim about a plan),
so intake marks each attribution's certainty, and the reviewer is shown the cue that decided
it ("hedged: 'reportedly'").

``certainty_cues`` finds every cue with its span; ``certainty_of`` reduces them to one value.
A hedge outweighs a forecast: "talks could resume next week" is hedged, because a hedged plan
is no more confirmation of the plan than a hedged event is of the event.

Pure and offline: regular expressions over the text, no third-party imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.text.normalize import ignorecase_fold
from workbench.vocabulary import Certainty


@dataclass(frozen=True)
class CertaintyCue:
    """One hedge or forecast found in a text: which, the words as written, and where."""

    certainty: Certainty
    cue: str
    start: int
    end: int


_BE = r"(?:is|are|was|were|be|been|being|'s|’s|'re|’re)"
_HEDGES = [
    r"might", r"could", r"may(?:be)?",
    r"reportedly", r"allegedly", r"purportedly", r"apparently", r"possibly", r"probably", r"perhaps",
    r"unconfirmed", r"unverified", r"alleged", r"rumou?red",
    r"(?:un)?likely",
    rf"{_BE}\s+(?:believed|thought|said|understood|rumou?red)\s+to",
    r"(?:appears?|appeared|seems?|seemed)\s+to",
]
_FORECASTS = [
    r"will", r"won[’']t", r"shall", r"would",
    rf"{_BE}\s+(?:widely\s+|also\s+)?expected\s+to",
    rf"{_BE}\s+due\s+to(?=\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|their\b|this\b|that\b)[a-z]+\b)",
    r"(?:plans?|planned|planning)\s+to", r"(?:intends?|intended|intending)\s+to", r"aims?\s+to",
    rf"{_BE}\s+(?:set|scheduled|slated|poised|about|going)\s+to",
]
_CUE = re.compile(
    r"(?<![\w’'-])(?:(?P<hedge>" + "|".join(_HEDGES) + r")|(?P<forecast>" + "|".join(_FORECASTS) + r"))(?![\w-])",
    re.IGNORECASE,
)
# A necessary condition for ``_CUE``, cheap to test: every cue holds one of these, in
# lowercase, once its text is put through ``ignorecase_fold`` ("said to" for "is said to", "set to"
# for "is set to"...). Most claims hold none, and then ``_CUE``'s forty alternatives, tried at
# every word, need not run. Each alternative starts with a letter, so the engine skips quickly
# to where one can start; keep it covering every alternative above when one is added.
_CUE_WORDS = re.compile(
    r"m(?:ight|ay)|could|reportedly|a(?:llegedly|pparently|ppear|ims?\s+to|bout\s+to)"
    r"|p(?:urportedly|ossibly|robably|erhaps|oised|lan)|un(?:confirmed|verified|derstood)|alleged"
    r"|rumou?red|likely|believed|thought|s(?:aid\s+to|eem|hall|cheduled|lated|et\s+to)"
    r"|w(?:ill|on['’]t|ould)|expected|due\s+to|intend|going\s+to"
)
# "the will of the people", "political will": the noun, not the future.
_WILL_AS_NOUN_BEFORE = re.compile(r"(?:\b(?:the|a|political|good|free|his|her|their|its|own)\s+)$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+(?:\d|of\b|and\b|to\b|or\b|\d{4})")


def certainty_cues(text: str, start: int = 0, end: int | None = None) -> tuple[CertaintyCue, ...]:
    """Every hedge and forecast cue in ``text[start:end]``, with spans into ``text``."""
    stop = len(text) if end is None else end
    if not _CUE_WORDS.search(ignorecase_fold(text[start:stop])):
        return ()
    cues = []
    for match in _CUE.finditer(text, start, stop):
        word = match.group(0)
        if _not_a_cue(text, match, word):
            continue
        certainty = Certainty.HEDGED if match.group("hedge") else Certainty.FORECAST
        cues.append(CertaintyCue(certainty, word, match.start(), match.end()))
    return tuple(cues)


def certainty_of(cues: Iterable[CertaintyCue]) -> Certainty:
    """One certainty for a statement: hedged if any hedge, else forecast if any forecast, else stated."""
    found = {cue.certainty for cue in cues}
    if Certainty.HEDGED in found:
        return Certainty.HEDGED
    if Certainty.FORECAST in found:
        return Certainty.FORECAST
    return Certainty.STATED


def assess_certainty(text: str, start: int = 0, end: int | None = None) -> tuple[Certainty, tuple[CertaintyCue, ...]]:
    """The certainty of ``text[start:end]`` and the cues behind it (for the "why" in the UI)."""
    cues = certainty_cues(text, start, end)
    return certainty_of(cues), cues


def _not_a_cue(text: str, match: re.Match[str], word: str) -> bool:
    lowered = word.lower()
    if lowered == "may" and word[0] == "M":
        # "in May", "May 3": the month. Only a sentence-initial "May" followed by a verb hedges.
        at_start = not text[: match.start()].strip() or text[: match.start()].rstrip().endswith((".", "!", "?", "\n"))
        if not at_start or _MONTH_AFTER.match(text, match.end()):
            return True
    return lowered == "will" and bool(_WILL_AS_NOUN_BEFORE.search(text, 0, match.start()) or text.startswith(" of ", match.end()))
