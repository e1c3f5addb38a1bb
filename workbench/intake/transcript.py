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
from workbench.intake.header_labels import NOTE_LABEL
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
# A podcast's or an interview's labels in ordinary case, perhaps after a time code: "[00:00:03]
# Host (Nora Castellane): ", "Guest — Dr. Emil Varga: ", "Speaker 2: ", "Nora Castellane: ".
_MIXED_LABEL = re.compile(
    r"(?:\[\d{1,2}:\d{2}(?::\d{2})?\][ \t]*)?"
    r"(?P<name>(?:Host|Co-host|Presenter|Interviewer|Narrator|Moderator|Guest|Speaker[ \t]+\d{1,2}|Ad|Advert|Sponsor|Promo|Operator)"
    r"|(?!(?:The|Our|What|Why|How|Key|Main|Bottom|Editor|Update|Correction|Related|Read|Watch|Background|Analysis|Context)\b)"
    r"(?:Dr\.?[ \t]+)?[A-Z][a-z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]+){1,2})"  # a person: "Nora Castellane:", not "Our Verdict:"
    r"(?:[ \t]*\((?P<named>[^)\n]{2,60})\)|[ \t]*[—–][ \t]*(?P<dashed>[^:\n]{2,60}?)"
    # an earnings call's "Rafael Quintero - Thornbury Wind Systems - CEO": the firm, then the role
    r"|[ \t]+-[ \t]+(?P<firm>[^:\n]{2,60}?)[ \t]+-[ \t]+(?P<role>[^:\n]{2,40}?))?(?P<aside>)"
    r"[ \t]*:[ \t]+(?=\S)"
)
# A section heading between turns: "Questions and Answers", "Presentation", "Q&A".
_SECTION = re.compile(
    r"[ \t]*(?:Presentation|Introduction|Discussion|Transcript|Q&A|[A-Z][\w&'’\-]*(?:[ \t]+(?:and|&|of|the|[A-Z][\w&'’\-]*)){1,4})[ \t]*$"
)  # not one word alone: a guest's "Yes" is an answer
# Labels whose paragraph is no one's claim: an ad read, a sponsor's message.
_NO_CLAIMS = frozenset({"AD", "ADVERT", "SPONSOR", "PROMO", "OPERATOR"})
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
_AIRED = re.compile(
    r"^\s*(?:Aired|Released|Recorded|Published)\s+(?P<date>.+?)(?:\s+-\s+[\d:]+\s*(?:[AP]M\s*)?(?:ET|EST|EDT|PT|GMT|UTC|BST|CET)?)?"
    r"(?:\s*·\s*\d+\s*(?:min|mins|minutes|h)\b.*)?\s*$",  # "Released 22 July 2027 · 31 min"
    re.IGNORECASE,
)
_EPISODE = re.compile(r"^\s*(?:Episode|Ep\.?)\s*\d+\s*[—–:|-]\s*", re.IGNORECASE)  # "Episode 48 — Green Water": the title after it
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
    official_report: bool = False  # a parliament's verbatim record: its publisher is the house's Official Report


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
    first = next((start for start, _ in paragraphs if _label_at(text, start)), len(text))
    intro = text[:first]  # "Its chief executive, Declan Hartigan, spoke to ...": who "HARTIGAN:" is
    no_claims: list[Span] = []
    for index, (start, end) in enumerate(paragraphs):
        found = _label_at(text, start)
        if found is None or found.group("name").strip() in _NOT_SPEAKERS:
            continue
        if found.group("name").strip().upper() in _NO_CLAIMS:
            no_claims.append(Span(start, end))  # "Ad: Tributary is supported by ..."
            continue
        before = text[paragraphs[index - 1][0] : start] if index else intro
        label = _read_label(found, known, outlet_names, intro, before)
        known.setdefault(label.key, label)
        labelled.append((index, label))
    if len(labelled) < MIN_TURNS or len({label.key for _, label in labelled}) < 2:
        return None
    skipped: list[Span] = list(no_claims)
    first = labelled[0][0]
    aired = headline = None
    for start, end in paragraphs[:first]:
        skipped.append(Span(start, end))
    for line in (line.strip() for start, end in paragraphs[:first] for line in text[start:end].splitlines()):
        when = _AIRED.match(line)
        if when and aired is None:
            aired = date_line(when.group("date"))
        elif headline is None and not line.isupper() and not _NOTICE.search(line) and 4 <= len(line.split()) <= 40 and ". " not in line:
            headline = without_episode(line).rstrip(". ")  # one line, one sentence: no introduction of several
    turns: list[Turn] = []
    opening = {index: label for index, label in labelled}
    speaking: _Label | None = None
    for index, (start, end) in enumerate(paragraphs[first:], start=first):
        if _CUE.match(text, start, end) or any(span.start == start for span in no_claims):
            skipped.append(Span(start, end))
            speaking = None if any(span.start == start for span in no_claims) else speaking  # what follows is no one's turn
            continue
        if index not in opening and (_SECTION.match(text, start, end) or NOTE_LABEL.match(text, start)):
            speaking = None  # "Questions and Answers", "Editor's note: ...": the publisher's, no one's turn
            if _SECTION.match(text, start, end):
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


def without_episode(title: str) -> str:
    """"Episode 12 — Why the ferries stopped" -> "Why the ferries stopped"."""
    return _EPISODE.sub("", title)


def _label_at(text: str, start: int) -> re.Match[str] | None:
    return _LABEL.match(text, start) or _MIXED_LABEL.match(text, start)


def _read_label(
    found: re.Match[str], known: dict[str, _Label], outlet_names: tuple[str, ...], intro: str = "", before: str = ""
) -> _Label:
    name = found.group("name").strip()
    named, role, aside = (found.group(group) or None for group in ("named", "role", "aside"))
    named = named or found.groupdict().get("dashed")
    if role and (firm := found.groupdict().get("firm")):
        role = f"{role}, {firm.strip()}"  # "CEO, Thornbury Wind Systems"
    span = Span(found.start(), found.end())
    if named and (named.isupper() or _ROLE_WORD.match(name)):  # "ANCHOR (THERESA KWAN)", "Host (Nora Castellane)",
        name, role = _TITLE.sub("", named.strip()), name  # "Guest — Dr. Emil Varga": the person, the role before
        named = None
    if _UNMATCHED.match(name):  # "Speaker 2:", after "Ines Halvorsen covers the environment ... Ines, welcome."
        if name in known:
            return _Label(span, name, known[name].speaker, known[name].role, known[name].anonymous)
        introduced = _introduced(before)
        return _Label(span, name, introduced or "unidentified speaker", None, introduced is None)
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
    role = None if role and role.lower() == "guest" else role  # "Guest — Dr. Emil Varga": no role to give
    speaker = _capitalised(name) if name.isupper() else name
    if " " not in speaker and (full := re.search(rf"\b([A-Z][a-z'’\-]+\s+){re.escape(speaker)}\b", intro)):
        speaker = full.group(0)  # "HARTIGAN:" after "Its chief executive, Declan Hartigan, spoke to Niamh Gallagher"
    return _Label(span, key, speaker, _role(role), False)


_ROLE_WORD = re.compile(r"^(?:Host|Co-host|Presenter|Interviewer|Narrator|Moderator|Guest|Anchor)$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:Dr|Prof|Mr|Mrs|Ms|Miss)\.?\s+")
_UNMATCHED = re.compile(r"^Speaker\s+\d{1,2}$", re.IGNORECASE)
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][\w'’\-]+)\b")


def _introduced(before: str) -> str | None:
    """The person the host names in full and then greets by first name ("Ines Halvorsen covers
    the environment for the Courier. Ines, welcome."): who an unmatched label's speaker is."""
    for first, last in reversed(_FULL_NAME.findall(before)):
        greeted = rf"\b{first},\s+(?:welcome|thanks\s+for|good\s+(?:morning|evening|afternoon))|\b(?:welcome|hello|hi),?\s+{first}\b"
        if re.search(greeted, before, re.IGNORECASE):
            return f"{first} {last}"
    return None


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
