"""A broadcast transcript: who is speaking in each turn, and what is the channel's own voice.

A network's transcript carries no "she said": each turn opens with a label in capitals
("CARLA JIMENEZ, TIME CHECK RESIDENT:", "STRAND:", "ANCHOR (THERESA KWAN):") and runs until the
next. Read as prose, every guest's words were the channel's own reporting and every label part
of a claim ("CARLA JIMENEZ, TIME CHECK RESIDENT: Nobody came and knocked on our door.").

Here the labels are cut from the sentences they open, and each turn goes to its speaker:

- the channel's own people (an anchor, a host, a correspondent or reporter, a voice-over, or
  anyone whose label names the channel: "CNC CORRESPONDENT") speak in the channel's voice, so
  their turns stay prose, read like any article ("according to the city", "we watched");
- everyone else's turn is theirs, in their own words; an "UNIDENTIFIED MALE" is an anonymous
  source;
- a later label by surname only ("STRAND:") is the person the first full label named;
- cues ("(BEGIN VIDEOTAPE)", "(COMMERCIAL BREAK)", "[18:00:09]", "END") are no claims, nor is
  the programme's header above the first turn (the show's name, the "Aired" line, the "rush
  transcript" notice), from which the air date and the segment's headline are read.

A text is a transcript when at least ``MIN_TURNS`` paragraphs open with a label and two
speakers are labelled: one "UPDATE:" or "WASHINGTON:" does not make one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workbench.intake.dates import date_line
from workbench.intake.model import Span, Turn

MIN_TURNS = 3

# "ANCHOR (THERESA KWAN): ", "DEREK OSEI, CNC CORRESPONDENT, reporting from Cedar Rapids, Iowa: ",
# "PAUL STRAND, LINN COUNTY EMERGENCY MANAGEMENT COORDINATOR (via telephone): ", "OSEI (voice-over): "
_LABEL = re.compile(
    r"(?P<name>[A-Z][A-Z.'’\-]*[A-Z.](?:\s+[A-Z][A-Z.'’\-]*){0,3})"
    r"(?:\s*\((?P<named>[^)\n]{1,60})\))?"
    r"(?:,\s*(?P<role>[^:\n()]{2,120}?))?"
    r"(?:\s*\((?P<aside>[^)\n]{1,40})\))?"
    r"\s*:[ \t]+(?=\S)"
)
_NOT_SPEAKERS = frozenset(
    {"UPDATE", "UPDATED", "BREAKING", "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "CORRECTION", "CLARIFICATION", "WATCH", "READ",
     "RELATED", "UNVERIFIED", "ANALYSIS", "OPINION", "PHOTO", "VIDEO", "SOURCE", "SOURCES", "WARNING", "ADVERTISEMENT", "LIVE"}
)
# The channel's own voice: its presenters and reporters, and what they read over pictures.
_STAFF = re.compile(
    r"\b(?:ANCHOR|CO-ANCHOR|HOST|CO-HOST|PRESENTER|NEWSREADER|CORRESPONDENT|REPORTER|NARRATOR|voice-over|V\.?O\.?|"
    r"(?:chief|senior|national|political|foreign|white\s+house)\s+(?:correspondent|reporter))\b",
    re.IGNORECASE,
)
_UNIDENTIFIED = re.compile(r"^UNIDENTIFIED\s+(?P<who>MALE|FEMALE|MAN|WOMAN|SPEAKER|VOICE|PERSON|CHILD|OFFICIAL)\b")
# A line of the programme, not of the story: "(BEGIN VIDEOTAPE)", "[18:00:09]", "END", "(COMMERCIAL BREAK)".
_CUE = re.compile(r"^\s*(?:\([A-Z][A-Z ,.'\-]*\)|\[[\d:]+\]|END|\(?(?:BEGIN|END)\s+[A-Z ]+\)?)\s*$")
_AIRED = re.compile(r"^\s*Aired\s+(?P<date>.+?)(?:\s+-\s+[\d:]+\s*(?:[AP]M\s*)?(?:ET|EST|EDT|PT|GMT|UTC|BST|CET)?)?\s*$", re.IGNORECASE)
_NOTICE = re.compile(r"\b(?:RUSH TRANSCRIPT|FINAL FORM|MAY BE UPDATED|TRANSCRIPTS?)\b")

# A sentence that asks: it ends in a question mark, perhaps inside a closing quotation mark.
A_QUESTION = re.compile(r"\?[\s\"”’')]*$")
# What an anchor says to run the programme, not to report: thanks, hand-overs, sign-offs.
PRESENTERS_TALK = re.compile(
    r"^\s*(?:[^.!?]{0,60}\bthank\s+you\b|thanks\b|stay\s+with\s+us\b|we(?:'|’)ll\s+(?:stay\s+on|be\s+(?:right\s+)?back|have\s+more)\b"
    r"|joining\s+(?:me|us)\b|[^.!?]{0,40}\bgood\s+(?:evening|morning|afternoon|night)\b[^.!?]{0,30}[.!]?\s*$|[\w'’\s]{2,40}\bis\s+(?:in|at|live\s+in)\s+[A-Z][\w\s]{1,30}\.\s*$)",
    re.IGNORECASE,
)
# In a speaker's turn, "What I can tell you is C" and "we believe C" are the speaker's own words.
FIRST_PERSON_SUBJECT = re.compile(r"^(?:what\s+)?(?:I|we)$", re.IGNORECASE)


@dataclass(frozen=True)
class Transcript:
    turns: tuple[Turn, ...]  # the guests' turns; the channel's own are prose
    labels: tuple[Span, ...]  # every speaker label, cut from the sentence it opens
    skipped: tuple[Span, ...]  # the header above the first turn, and the cues
    aired: date | None
    headline: str | None


@dataclass(frozen=True)
class _Label:
    span: Span  # the label with its colon and the space after it
    key: str  # who it is, across labels: the surname in capitals
    speaker: str | None  # None: the channel's own voice
    role: str | None
    anonymous: bool


def find_transcript(text: str, outlet_names: tuple[str, ...] = ()) -> Transcript | None:
    """The transcript ``text`` is, or None when it is not one."""
    paragraphs = [(match.start(), match.end()) for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
    labelled: list[tuple[int, _Label]] = []
    known: dict[str, _Label] = {}
    first = next((start for start, _ in paragraphs if _LABEL.match(text, start)), len(text))
    intro = text[:first]  # "Its chief executive, Declan Hartigan, spoke to ...": who "HARTIGAN:" is
    for index, (start, _) in enumerate(paragraphs):
        found = _LABEL.match(text, start)
        if found is None or found.group("name").strip() in _NOT_SPEAKERS:
            continue
        label = _read_label(found, known, outlet_names, intro)
        known.setdefault(label.key, label)
        labelled.append((index, label))
    if len(labelled) < MIN_TURNS or len({label.key for _, label in labelled}) < 2:
        return None
    skipped: list[Span] = []
    first = labelled[0][0]
    aired = headline = None
    for start, end in paragraphs[:first]:
        line = text[start:end].strip()
        skipped.append(Span(start, end))
        when = _AIRED.match(line)
        if when and aired is None:
            aired = date_line(when.group("date"))
        elif headline is None and not line.isupper() and not _NOTICE.search(line) and 4 <= len(line.split()) <= 40 and ". " not in line:
            headline = line.rstrip(". ")  # one line, one sentence: no introduction of several
    turns: list[Turn] = []
    opening = {index: label for index, label in labelled}
    speaking: _Label | None = None
    for index, (start, end) in enumerate(paragraphs[first:], start=first):
        if _CUE.match(text, start, end):
            skipped.append(Span(start, end))
            continue
        speaking = opening.get(index, speaking)
        if speaking is None or speaking.speaker is None:
            continue
        begin = speaking.span.end if index in opening else start
        if turns and turns[-1].speaker == speaking.speaker and index not in opening:
            turns[-1] = Turn(Span(turns[-1].span.start, end), speaking.speaker, speaking.role, speaking.anonymous)
        else:
            turns.append(Turn(Span(begin, end), speaking.speaker, speaking.role, speaking.anonymous))
    return Transcript(tuple(turns), tuple(label.span for _, label in labelled), tuple(skipped), aired, headline)


def _read_label(found: re.Match[str], known: dict[str, _Label], outlet_names: tuple[str, ...], intro: str = "") -> _Label:
    name = found.group("name").strip()
    named, role, aside = (found.group(group) for group in ("named", "role", "aside"))
    span = Span(found.start(), found.end())
    if named and named.isupper():  # "ANCHOR (THERESA KWAN)": the person in brackets, the role before
        name, role = named.strip(), name
    key = name.split()[-1]
    if key in known and not role:
        earlier = known[key]
        return _Label(span, key, earlier.speaker, earlier.role, earlier.anonymous)
    described = " ".join(part for part in (name, role or "", named or "", aside or "") if part)
    outlet_words = "|".join(re.escape(outlet.upper()) for outlet in outlet_names if outlet)
    if _STAFF.search(described) or (outlet_words and re.search(rf"\b(?:{outlet_words})\b", (role or "").upper())):
        return _Label(span, key, None, None, False)
    unidentified = _UNIDENTIFIED.match(name)
    if unidentified:
        return _Label(span, name, f"unidentified {unidentified.group('who').lower()}", None, True)
    speaker = _capitalised(name)
    if " " not in speaker and (full := re.search(rf"\b([A-Z][a-z'’\-]+\s+){re.escape(speaker)}\b", intro)):
        speaker = full.group(0)  # "HARTIGAN:" after "Its chief executive, Declan Hartigan, spoke to Niamh Gallagher"
    return _Label(span, key, speaker, _role(role), False)


def _capitalised(name: str) -> str:
    """"CARLA JIMENEZ" -> "Carla Jimenez"; "O'NEILL" -> "O'Neill"."""
    return re.sub(r"[A-Za-z]+", lambda word: word.group(0).capitalize(), name.lower())


def _role(role: str | None) -> str | None:
    """A label's role as prose: "LINN COUNTY EMERGENCY MANAGEMENT COORDINATOR" -> "Linn County
    emergency management coordinator" cannot be cased right without knowing the names in it, so
    it is kept as the label has it unless it is in capitals, then in lower case."""
    if not role:
        return None
    role = " ".join(role.split()).strip(" ,")
    return role.lower() if role.isupper() else role
