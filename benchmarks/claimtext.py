"""A claim as ``claimgen`` models it (what it asserts, how it is written) and its rendering.

``Details`` are what a claim asserts: two claims of one lineage with equal details are the
same claim. ``Wording`` is how it is written: any change to it keeps the claim the same.
``render`` writes the text from the two, with the words and templates of ``claimwords``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import claimwords as w

CONCEPTS = [("V", name) for name in w.VERBS] + [("N", name) for name in w.NOUNS]
CONCEPT_INDEX = {name: i for i, (_, name) in enumerate(CONCEPTS)}
SLOT = re.compile(r"\{(\w+?)(!?)(?::(\w+))?\}")
# A typo in a unit or a scale word changes the detail itself ("316 mililon dollars" is no
# longer a number a reader can check), so typos go elsewhere.
_NOT_MISSPELT = frozenset({"million", "dollars", "euros", "tonnes", "kilograms", "kilometres", "percent"}
                          | set(w.DURATION_UNITS))
_LOWER_AFTER_SPEAKER = ("The ", "A ", "In ", "For ", "After ", "As ", "On ", "Envoys ", "Repairs ")


@dataclass(frozen=True, slots=True)
class Details:
    """What a claim asserts; two claims of one lineage are duplicates iff these are equal."""

    actor: str
    actor2: str
    place: str
    place2: str
    count: int
    date: tuple[int, int, int] | None  # None: the claim names a weekday instead
    weekday: int
    duration: tuple[int, str]
    amount: tuple[int, str]
    percent: int
    negated: bool
    hedged: bool


@dataclass(frozen=True, slots=True)
class Wording:
    """How a claim is written; changing any of it keeps the claim the same."""

    template: int
    variants: tuple[int, ...]  # per CONCEPTS entry, which synonym
    date_style: int = 0
    speaker: int = -1  # index in claimwords.SPEAKERS, -1 for none
    speaker_position: int = 0  # 0 front, 1 back, 2 "according to"
    approximator: int = -1
    hedge: int = 0
    thousands: bool = True
    equivalent_duration: bool = False
    typo: int = -1
    qualifier: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    lineage: int
    kind: int
    details: Details
    wording: Wording
    change: str | None = None  # the detail change this claim carries, if any


def forms(concept: tuple[str, str]) -> Sequence[tuple[str, ...]]:
    kind, name = concept
    return w.VERBS[name] if kind == "V" else w.NOUNS[name]



# -- rendering ------------------------------------------------------------------------------


def render(claim: Claim) -> str:
    """The claim's text, as a desk would receive it."""
    d, wd = claim.details, claim.wording
    template = w.KINDS[claim.kind].templates[wd.template]
    text = SLOT.sub(lambda m: _slot(m.group(1), bool(m.group(2)), m.group(3), d, wd), template)
    if wd.qualifier:
        text += " " + wd.qualifier
    if wd.speaker >= 0:
        speaker = _speaker(wd)
        lowered = text[0].lower() + text[1:] if text.startswith(_LOWER_AFTER_SPEAKER) else text
        if wd.speaker_position == 0:
            text = f"{speaker[0].upper()}{speaker[1:]} said {lowered}"
        elif wd.speaker_position == 1:
            text = f"{text}, {speaker} said"
        else:
            text = f"According to {speaker}, {lowered}"
    if wd.typo >= 0:
        text = _typo(text, wd.typo)
    return text[0].upper() + text[1:] + "."


def _speaker(wd: Wording) -> str:
    template = w.SPEAKERS[wd.speaker]
    for name in ("official", "resident"):
        index = CONCEPT_INDEX[name]
        template = template.replace("{" + name + "}", w.NOUNS[name][wd.variants[index]][1])
    return template


def _slot(name: str, main: bool, concept: str | None, d: Details, wd: Wording) -> str:
    if concept is not None:
        variants = forms(("V", concept) if name in ("V", "PASS_S", "PASS_P") else ("N", concept))
        form = variants[wd.variants[CONCEPT_INDEX[concept]]]
        if name == "THING":
            return form[1]
        if name == "NOUN":
            return form[0]
        return _verb(form, name, d if main else None, w.HEDGES[wd.hedge])
    if name == "ACTOR":
        return d.actor
    if name == "ACTOR2":
        return d.actor2
    if name == "PLACE":
        return d.place
    if name == "PLACE2":
        return d.place2
    if name == "N":
        number = f"{d.count:,}" if wd.thousands else str(d.count)
        return f"{w.APPROXIMATORS[wd.approximator]} {number}" if wd.approximator >= 0 else number
    if name in ("WHEN", "WHEN_CAP"):
        return ("On " if name == "WHEN_CAP" else "on ") + _when(d, wd.date_style)
    if name == "DUR":
        value, unit = d.duration
        if wd.equivalent_duration and (value, unit) in w.DURATION_EQUIVALENTS:
            return w.DURATION_EQUIVALENTS[(value, unit)]
        return f"{value} {unit}"
    if name == "AMOUNT":
        value, unit = d.amount
        return f"{value} million {unit}" if unit in ("dollars", "euros") else f"{value} {unit}"
    if name == "PCT":
        return f"{d.percent} percent"
    raise KeyError(name)


def _verb(form: tuple[str, ...], slot: str, d: Details | None, hedge: str) -> str:
    base, past, participle = form
    negated, hedged = (d.negated, d.hedged) if d is not None else (False, False)
    if slot == "V":
        if hedged:
            return f"{hedge} {'not ' if negated else ''}have {participle}"
        return f"did not {base}" if negated else past
    be = "was" if slot == "PASS_S" else "were"
    if hedged:
        return f"{hedge} {'not ' if negated else ''}have been {participle}"
    return f"{be} not {participle}" if negated else f"{be} {participle}"


def _when(d: Details, style: int) -> str:
    if d.date is None:
        return w.WEEKDAYS[d.weekday]
    year, month, day = d.date
    if style == 0:
        return f"{day} {w.MONTHS[month - 1]} {year}"
    if style == 1:
        return f"{w.MONTHS[month - 1]} {day}, {year}"
    if style == 2:
        return f"{w.MONTH_ABBREVIATIONS[month - 1]} {day}, {year}"
    return f"{year}-{month:02d}-{day:02d}"


def _typo(text: str, seed: int) -> str:
    words = text.split(" ")
    long_words = [i for i, word in enumerate(words)
                  if len(word) >= 7 and word.isalpha() and word.islower() and word not in _NOT_MISSPELT]
    if not long_words:
        return text
    i = long_words[seed % len(long_words)]
    word = words[i]
    k = 1 + seed % (len(word) - 3)
    words[i] = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    return " ".join(words)
