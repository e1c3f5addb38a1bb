"""Phrases around an attribution verb: the subject before it, the comma segments of a sentence,
the noun phrase a relative clause is about, and the subject a clause opens with.

``frames`` finds the formulas; the phrase shapes they share are read here, so "where does the
subject begin" is decided in one place.
"""

from __future__ import annotations

import re

from workbench.intake import formulas
from workbench.intake.quotes import MASK
from workbench.intake.sources import looks_like_source, opens_a_noun_phrase

_EMBEDDED = re.compile(
    r"(?P<pronoun>\b(?:that|which))\s+(?P<subject>[\w'’\-]+(?:\s+[\w'’\-]+){0,4}?)\s+$"
)
_NOT_ANTECEDENT = re.compile(rf"\b(?:{formulas.SAY}|{formulas.DENY}|so|now|such|given|except|provided)\s*,?\s*$", re.IGNORECASE)


def embedded_relative(pre: str) -> tuple[int, int, tuple[int, int]] | None:
    """"an exchange of fire that Armenia said wounded two soldiers": the source inside a relative
    clause. Returns where "that" is, where the source begins, and the noun phrase it is about;
    None for "the ministry said that Russia said" (a reported clause, not a relative one)."""
    found = _EMBEDDED.search(pre)
    subject = found.group("subject") if found else ""
    if found is None or not (looks_like_source(subject) and opens_a_noun_phrase(subject)) or _NOT_ANTECEDENT.search(pre, 0, found.start("pronoun")):
        return None
    antecedent = _antecedent(pre, found.start("pronoun"))
    if antecedent is None:
        return None
    start, stop = antecedent
    leading = _LEADING_PARTICIPLE.match(pre, start, stop)
    if leading and leading.end() < stop:  # "blaming new customs rules that it said...": the rules
        start = leading.end()
    return found.start("pronoun"), found.start("subject"), (start, stop)


_LEADING_PARTICIPLE = re.compile(
    r"(?:" + formulas.PARTICIPLE + r"|blaming|citing|accusing|criticising|criticizing|condemning|describing|"
    r"calling|welcoming|rejecting|questioning|praising)\s+",
    re.IGNORECASE,
)


_DETERMINERS = frozenset({"a", "an", "the", "its", "their", "his", "her", "this", "these", "those"})
_CLAUSE_WORDS = frozenset({"and", "but", "or", "that", "which", "who", "is", "was", "were", "are", "said", "says", "has", "have", "had"})


def _antecedent(text: str, end: int) -> tuple[int, int] | None:
    """The noun phrase a relative clause is about: from the earliest determiner among the ten words
    before it ("an exchange of fire along their shared border"), not across a comma or a clause."""
    segment_start = max(text.rfind(",", 0, end), text.rfind(";", 0, end)) + 1
    words = list(re.finditer(r"[\w'’\-]+", text[segment_start:end]))[-10:]
    start = None
    for word in reversed(words):
        value = word.group(0).lower()
        if value in _CLAUSE_WORDS:
            break
        if value in _DETERMINERS:
            start = segment_start + word.start()
    if start is None:
        return noun_phrase_before(text, end)
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop


def clause_subject(clause: str) -> tuple[int, int] | None:
    """The subject of a clause that opens with it: "The provincial health department" in "The
    provincial health department recorded 412 cases", when it names a possible source."""
    found = formulas.LEADING_SUBJECT.match(clause)
    if found is None or not looks_like_source(found.group("np")):
        return None
    return found.start("np"), found.end("np")


def subject_before(masked: str, end: int) -> tuple[int, int] | None:
    """The subject of the verb at ``end``: "Sudan's army" in "Sudan's army, which controls it, declined"."""
    segments = segments_of(masked, 0, end)
    last_start, last_end = segments[-1]
    last = masked[last_start:last_end]
    if last.strip():
        lead = formulas.SUBORDINATOR.match(last)
        start = last_start + (lead.end() if lead else 0)
    else:
        head = next((s for s, e in segments[:-1] if not formulas.LEADING_ADVERBIAL.match(masked[s:e])), None)
        if head is None:
            return None
        start, last_end = head, next(e for s, e in segments if s == head)
    while start < last_end and masked[start].isspace():
        start += 1
    while last_end > start and masked[last_end - 1].isspace():
        last_end -= 1
    if start >= last_end or MASK in masked[start:last_end] or not looks_like_source(masked[start:last_end]):
        return None
    return start, last_end


def segments_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` split at commas and dashes, as (start, end) pairs."""
    pieces = []
    position = start
    # Not the comma inside "100,000", nor one inside brackets ("Georgi Nikolov (coordinator, Red
    # Cross) says": one phrase); a semicolon parts clauses as a comma does.
    for separator in re.finditer(r",(?!\d{3}\b)|;|\s[—–]\s", text[start:end]):
        if text.count("(", start, start + separator.start()) > text.count(")", start, start + separator.start()):
            continue
        pieces.append((position, start + separator.start()))
        position = start + separator.end()
    pieces.append((position, end))
    return pieces


_NP_STOP = frozenset(
    {"by", "to", "from", "with", "at", "in", "on", "of", "for", "and", "or", "but", "as", "than", "into", "onto",
     "found", "saw", "met", "that", "which", "who", "is", "was", "were", "are", "said", "told", "it", "them"}
)


def noun_phrase_before(text: str, end: int) -> tuple[int, int] | None:
    """The noun phrase ending just before ``end`` ("SDF fighters" in "guarded by SDF fighters who")."""
    words = list(re.finditer(r"[\w'’\-]+", text[:end]))
    start = None
    for word in reversed(words[-5:]):
        value = word.group(0)
        if value.lower() in _NP_STOP or (value.islower() and value.endswith("ed")):
            break
        start = word.start()
        if value.lower() in ("the", "a", "an"):
            break
    if start is None:
        return None
    stop = end
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop
