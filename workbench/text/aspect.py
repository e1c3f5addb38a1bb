"""Aspect: the words that say an action has only begun, or has been carried through.

"Russia began withdrawing its forces" and "Russia completed the withdrawal of its forces" are
two different claims about one withdrawal: the first is true on the first day, the second only
on the last. Matching reads the phase a claim puts its event in (``aspect_of``) and lists a pair
that differs in it as conflicting details, never as a duplicate.

Only the two phases a desk checks separately are read: ``begun`` (began, started, commenced,
or a verb under way: "troops are withdrawing") and ``completed`` (completed, finished, concluded). A plain verb ("withdrew") says nothing about
the phase; a claim that the action was completed adds to it without contradicting it, while a
claim that it only began does contradict it. Continuation ("continues to") is left out: a
rewording adds and drops it freely ("would run" / "would continue").

Pure and offline: one regular expression over the text (after a cheaper one that rules most texts
out), no third-party imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from workbench.text.normalize import ignorecase_fold


class Aspect(StrEnum):
    """The phase of its event that a claim asserts."""

    BEGUN = "begun"
    COMPLETED = "completed"


@dataclass(frozen=True)
class AspectCue:
    """One phase word found in a text: which phase, the word as written, and where."""

    aspect: Aspect
    cue: str
    start: int
    end: int


_BEGUN = r"beg[iau]n(?:s|ning)?|start(?:s|ed|ing)?|commenc(?:e|es|ed|ing|ement)|initiat(?:e|es|ed|ing)"
_COMPLETED = (
    r"complet(?:e|es|ed|ing|ion)|finish(?:es|ed|ing)?|conclud(?:e|es|ed|ing)|"
    r"wrap(?:s|ped|ping)?\s+up|carried\s+out\s+in\s+full"
)
# "troops are withdrawing": under way, so begun and not completed. "is going to" is a
# forecast (``workbench.text.certainty``) and "is being" a passive, not a phase.
_UNDER_WAY = r"(?:is|are|was|were|'re|’re)\s+(?:still\s+|now\s+|already\s+)?(?!being\b|going\b|(?:no|some|any|every)thing\b|morning\b|evening\b|during\b)[a-z]{3,}ing"
_CUE = re.compile(
    rf"(?<![\w'-])(?:(?P<begun>{_BEGUN}|{_UNDER_WAY})|(?P<completed>{_COMPLETED}))(?![\w-])", re.IGNORECASE
)
# A necessary condition for ``_CUE``, cheap to test: every phase word holds one of these, in
# lowercase, once its text is put through ``ignorecase_fold`` ("re" and "is" or "was" before an
# "-ing" word for one under way: "are" and "were" hold "re"). Most claims hold none, and then
# ``_CUE`` need not be tried at every word. Keep it covering every alternative above.
_UNDER_WAY_TAIL = r"\s+(?:still\s+|now\s+|already\s+)?[a-z]{3,}ing"
_PHASE_WORDS = re.compile(
    r"beg[iau]n|start|c(?:ommenc|omplet|onclud|arried)|initiat|finish|wrap"
    rf"|is{_UNDER_WAY_TAIL}|re{_UNDER_WAY_TAIL}|was{_UNDER_WAY_TAIL}"
)
# "the start of talks" is the phase; "a starting point", "completion date" as nouns before a
# noun are not, and neither is "start-up". The patterns above already refuse hyphenated forms.
_NOT_A_PHASE_AFTER = re.compile(r"\s+(?:point|line|gun|date|time)\b", re.IGNORECASE)


def aspect_cues(text: str) -> tuple[AspectCue, ...]:
    """Every phase word in ``text``, with its span."""
    if not _PHASE_WORDS.search(ignorecase_fold(text)):
        return ()
    cues = []
    for match in _CUE.finditer(text):
        if _NOT_A_PHASE_AFTER.match(text, match.end()):
            continue
        aspect = Aspect.BEGUN if match.group("begun") else Aspect.COMPLETED
        cues.append(AspectCue(aspect, match.group(0), match.start(), match.end()))
    return tuple(cues)


def aspect_of(cues: tuple[AspectCue, ...]) -> Aspect | None:
    """One phase for a claim: begun if any word says so (the weaker claim), else completed if
    any does, else ``None`` (the claim does not say)."""
    found = {cue.aspect for cue in cues}
    if Aspect.BEGUN in found:
        return Aspect.BEGUN
    if Aspect.COMPLETED in found:
        return Aspect.COMPLETED
    return None
