"""A parliament's official record (a Hansard): who speaks in each turn; the record says nothing.

A verbatim record carries no "she said": each contribution opens with a label in ordinary
case, "Ms Orla Devane (Brennock) (Union):", "The Minister for Water and the Environment (Mr
Tobias Renn):", then the surname alone, "Mr Renn:". Read as prose, every member's words were the
record's own claims and the labels part of them ("Mr Renn: Every household will receive ...").

Here the labels are cut from the sentences they open and each turn goes to its member, in their
own words (the record is verbatim: a direct quotation):

- a later label by title and surname ("Mr Renn:") is the member the first full label named,
  with the office or seat that label gave;
- the chair's turns ("Mr Speaker:", "The Deputy Speaker:") are procedure, and the floor's
  ("Hon. Members: Hear, hear.", "An Hon. Member: Resign!") are no one's claims;
- the header above the first turn (the house, "OFFICIAL REPORT", volume, sitting date, "The
  Assembly met at ...", "PRAYERS", the department and question headings) is no claim, and its
  last heading is the record's title; a heading between turns ends the turn before it.

A text is such a record when at least ``MIN_TURNS`` paragraphs open with a member's label,
two members speak, and one label gives an office or a seat, or one is the chair's: "Mr Smith:"
opening a paragraph now and then does not make one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.intake.dates import date_line
from workbench.intake.model import Span, Turn
from workbench.intake.transcript import Transcript

MIN_TURNS = 3

_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Prof|Hon)\.?"
_NAME = r"[A-Z][\w'’\-]+(?:[ \t]+(?:[A-Z][\w'’\-]+|de|van|von|da|di|le|la|ter|bin|al))*"
_OFFICE_WORD = r"(?:[A-Z][\w'’\-]*|of|for|and|the|to|in|on|&)"
_LABEL = re.compile(
    r"(?:\d{1,3}\.\s+)?"  # a question's number: "1. Ms Orla Devane ..."
    r"(?:(?P<chair>(?:Mr\.?|Madam)\s+(?:Deputy\s+)?(?:Speaker|Chair(?:man)?|President)"
    r"|The\s+(?:Deputy\s+|Acting\s+)?(?:Speaker|Chair(?:man|woman|person)?|President|Presiding\s+Officer))"
    r"|(?P<floor>(?:An?|Several|Some)\s+[Hh]on\.?\s+Members?|[Hh]on\.?\s+Members|Members)"
    rf"|(?P<office>The[ \t]+{_OFFICE_WORD}(?:[ \t]+{_OFFICE_WORD}){{0,12}})[ \t]*\((?P<holder>(?:{_TITLE}[ \t]+)?{_NAME})\)"
    rf"|(?P<member>{_TITLE}[ \t]+{_NAME})(?:[ \t]*\((?P<seat>[^()\n:]{{2,60}})\))?(?:[ \t]*\((?P<party>[^()\n:]{{2,40}})\))?)"
    r"\s*:[ \t]+(?=\S)"
)
# A member's courtesy or procedure, no claim: "On a point of order, Mr Speaker.", "I welcome that.",
# "I thank the Minister for that answer." ("I thank the Minister, but C" goes on to say C).
FORMALITIES = re.compile(
    r"^\s*(?:on\s+a\s+point\s+of\s+order\b[^.!?]{0,30}|I\s+(?:welcome|thank)\s+(?:that|him|her|them|the\s+(?:right\s+)?(?:hon\.?\s+)?"
    r"(?:Minister|Member|Lady|Gentleman|Secretary|Friend)\b[^.!?,]{0,40}))[.!]?\s*$",
    re.IGNORECASE,
)
_TITLE_WORD = re.compile(rf"^{_TITLE}\s+")
# A heading between turns: a short line with no full stop ("Brennock Water Contamination",
# "Oral Answers to Questions"), or a procedural line ("The Minister ... was asked-", "PRAYERS").
_HEADING = re.compile(r"^[^\n.!?:;]{2,80}[-–—]?$")


@dataclass(frozen=True)
class _Label:
    span: Span  # the label with its colon and the space after it
    key: str  # who it is across labels: the surname
    speaker: str | None  # None: the chair or the floor, whose turns are no claims
    role: str | None


def find_parliament_record(text: str) -> Transcript | None:
    """The parliament record ``text`` is, or None when it is not one."""
    paragraphs = [(match.start(), match.end()) for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
    labelled: dict[int, _Label] = {}
    known: dict[str, _Label] = {}
    formal = False  # an office, a seat or the chair: a parliament's labels, not an interview's
    for index, (start, _) in enumerate(paragraphs):
        found = _LABEL.match(text, start)
        if found is None:
            continue
        formal = formal or bool(found.group("chair") or found.group("office") or found.group("seat"))
        label = _read_label(found, known)
        if label.speaker is not None:
            known.setdefault(label.key, label)
        labelled[index] = label
    speakers = {label.key for label in labelled.values() if label.speaker is not None}
    if not formal or len(speakers) < 2 or sum(label.speaker is not None for label in labelled.values()) < MIN_TURNS:
        return None
    first = min(labelled)
    skipped = [Span(start, end) for start, end in paragraphs[:first]]
    headings = [text[start:end].strip() for start, end in paragraphs[:first] if _HEADING.match(text[start:end].strip())]
    title = next((line for line in reversed(headings) if _titled(line)), None)
    lines = (line.strip() for start, end in paragraphs[:first] for line in text[start:end].splitlines())
    sitting = next((day for line in lines if (day := date_line(line))), None)
    turns: list[Turn] = []
    speaking: _Label | None = None
    for index, (start, end) in enumerate(paragraphs[first:], start=first):
        if index in labelled:
            speaking = labelled[index]
            if speaking.speaker is None:
                skipped.append(Span(start, end))
            else:
                turns.append(Turn(Span(speaking.span.end, end), speaking.speaker, speaking.role))
            continue
        if speaking is None or speaking.speaker is None or _HEADING.match(text[start:end].strip()):
            speaking = None  # a heading, or what follows the chair: no member's words
            skipped.append(Span(start, end))
            continue
        turns[-1] = Turn(Span(turns[-1].span.start, end), speaking.speaker, speaking.role)
    labels = tuple(label.span for label in labelled.values() if label.speaker is not None)
    official = bool(re.search(r"\bofficial\s+report\b|\bhansard\b", text[: paragraphs[first][0]], re.IGNORECASE))
    return Transcript(tuple(turns), labels, tuple(sorted(skipped, key=lambda span: span.start)), sitting, title, official)


def _titled(line: str) -> bool:
    """A heading that can title the record: not the house's name in capitals, not "The Minister
    ... was asked-", not "[Mr Speaker in the Chair]", not the sitting's date."""
    return not (line.isupper() or line.endswith(("-", "–", "—")) or line.startswith(("[", "(")) or date_line(line))


def _read_label(found: re.Match[str], known: dict[str, _Label]) -> _Label:
    span = Span(found.start(), found.end())
    if found.group("chair") or found.group("floor"):
        return _Label(span, (found.group("chair") or found.group("floor")).lower(), None, None)
    if found.group("office"):
        name = _TITLE_WORD.sub("", found.group("holder").strip())
        return _Label(span, name.split()[-1], name, found.group("office").removeprefix("The ").strip())
    name = _TITLE_WORD.sub("", found.group("member").strip())
    key = name.split()[-1]
    seat, party = found.group("seat"), found.group("party")
    if key in known and not seat:
        return _Label(span, key, known[key].speaker, known[key].role)
    role = None
    if seat:
        role = f"{party.strip()} member for {seat.strip()}" if party else f"member for {seat.strip()}"
    return _Label(span, key, name, role)
