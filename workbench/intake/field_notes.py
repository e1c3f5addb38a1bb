"""A reporter's raw field notes as filed to the desk: a header of fields, then timestamped entries.

Notes are written fast: "Reporter: Petra Koleva (Danubia Press Agency, Sofia bureau)", "Date:",
"Story:", then "10:15 - spoke to Col. Hristo Danev (head, fire directorate). Says 3 confirmed
dead. Quote: "We are still in a rescue phase."". Read as an article, the header was its title
and byline at best, and "Says 3 confirmed dead" had no subject: every such line went to the
outlet, or to nobody.

Here the header's fields give the writer and her outlet (in brackets after her name), the
story's title, its date and place; the time stamps are no part of any claim; and a sentence
with no subject ("Says ...", "Said ...", "Adds ...", "Quote: ...") is the words of the person
the entry last named with a role in brackets ("Yordanka Petrova (68, retired teacher)"), or
of the unnamed one it opens with ("man at the gym shelter, ... would not give name"): a
paraphrase, or a direct quotation after "Quote:". Everything else is read as any article's
sentences: "I counted at least 11 roofs" is the reporter's own observation, "local news site
Kremenets Dnes now saying 4 dead" that site's.
"""

from __future__ import annotations

import re

from workbench.intake.dates import date_line
from workbench.intake.model import Span, Turn
from workbench.intake.plain_reading import PlainReading
from workbench.intake.sentences import split_sentences

_FIELD = re.compile(r"^[ \t]*(?P<name>[A-Z][A-Za-z ]{1,20}?)[ \t]*:[ \t]*(?P<value>\S.*?)[ \t]*$")
_ENTRY = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?\d{1,2}[:.]\d{2}(?:[ \t]*(?:local|GMT|UTC|[A-Z]{3,4}))?[ \t]*[-–—:][ \t]+", re.MULTILINE)
_WRITER_AND_OUTLET = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<outlet>[^,)]+)(?:,[^)]*)?\)\s*$")
# A person the entry names with a role in brackets: "Col. Hristo Danev (head, regional fire &
# rescue directorate)", "Mayor Dimitar Ranchev (Kremenets municipality)", "Site manager Boyan Iliev (Zlatokam)".
_NAMED = re.compile(
    r"(?:[A-Z][a-z]{1,5}\.[ \t]+)?(?P<name>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,3})[ \t]*\((?P<role>[^()\n]{2,120})\)"
)
_ONLY_NAMED = re.compile(_NAMED.pattern + r"\.?")
# An entry that opens on someone unnamed: "man at the gym shelter, works at the quarry, would not give name".
_UNNAMED = re.compile(
    r"(?:spoke\s+to\s+|talked\s+to\s+)?(?:an?\s+|the\s+)?(?P<who>(?:man|woman|resident|worker|driver|nurse|doctor|soldier|officer|volunteer|farmer|teacher|shopkeeper|witness)"
    r"\b[^,.;()]{0,40})[^.]*?\b(?:would\s+not|wouldn['’]t|did\s+not\s+want\s+to|declined\s+to|asked\s+not\s+to)\s+(?:give|be)\s+(?:(?:his|her|their)\s+)?(?:name|named)\b",
    re.IGNORECASE,
)
# The subjectless opening of a person's words in notes, cut from the claim.
_SUBJECTLESS = re.compile(r"(?:Says|Said|Adds|Added|Claims|Claimed|Insists|Insisted|Thinks|Believes|Quote)\b:?[ \t]*")
# An entry's note of whom the reporter met, which claims nothing: "spoke to Col. Hristo Danev (head, ...)."
_MET_SOMEONE = re.compile(r"(?:(?:spoke|talked|chatted)\s+(?:to|with)|phoned|rang|met)\s+[^,;()]+?(?:\s*\([^()]*\))?\.?", re.IGNORECASE)
# The reporter's notes to herself and the desk: "TO CHECK: ...", "NB: ...", "Photos to follow".
_NOTE_TO_SELF = re.compile(r"(?:TO\s+CHECK|TODO|NB|N\.B\.|FOLLOW[- ]UP)\s*:|Photos?\s+(?:to\s+follow|attached|sent)\b")
# A subjectless refusal: the person's silence ("Would not say whether staff had inspected the pond").
_SUBJECTLESS_SILENCE = re.compile(r"(?:Would\s+not|Wouldn['’]t|Declined\s+to|Refused\s+to|Did\s+not|Didn['’]t)\s")
_HEADER_NAMES = frozenset({"reporter", "story", "slug", "place", "location", "dateline", "date", "filed", "filed by", "by", "desk", "subject"})


def looks_like_field_notes(text: str) -> bool:
    """A header naming the reporter, and entries opening with a time stamp."""
    header = _header_fields(text)[0]
    return ("reporter" in header or "filed by" in header) and len(_ENTRY.findall(text)) >= 3


def read_field_notes(text: str) -> PlainReading:
    fields, body_start = _header_fields(text)
    body = text[body_start:].strip("\n")
    reading = PlainReading(text=body)
    writer = fields.get("reporter") or fields.get("filed by") or ""
    if found := _WRITER_AND_OUTLET.match(writer):
        reading.byline, reading.outlet = found.group("name").strip(), found.group("outlet").strip()
    else:
        reading.byline = writer or None
    reading.title = fields.get("story") or fields.get("slug") or fields.get("subject")
    reading.published = date_line(fields.get("date", ""))
    place = fields.get("place") or fields.get("location") or fields.get("dateline")
    reading.dateline = _dateline(place) if place else None
    _read_entries(body, reading)
    return reading


def _dateline(place: str) -> str:
    """"Dolno Orlevo, Kremenets municipality, NW Bulgaria" as a dateline gives it: "Dolno Orlevo, Bulgaria"."""
    parts = [part.strip() for part in place.split(",") if part.strip()]
    if len(parts) < 2:
        return place.strip()
    return f"{parts[0]}, {_DIRECTION.sub('', parts[-1])}"


_DIRECTION = re.compile(r"^(?:(?:N|S|E|W|NE|NW|SE|SW)\b\.?|(?:north|south|east|west)(?:ern|-east|-west|eastern|western)?\b)\s*", re.IGNORECASE)


def _header_fields(text: str) -> tuple[dict[str, str], int]:
    """The "Name: value" lines the notes open with (a title line above them allowed), and where
    the body begins."""
    fields: dict[str, str] = {}
    position = 0
    for line in text.split("\n")[:12]:
        found = _FIELD.match(line)
        if found and found.group("name").lower() in _HEADER_NAMES:
            fields.setdefault(found.group("name").lower(), found.group("value"))
        elif (fields and line.strip()) or (line.strip() and not line.strip().isupper()):
            break
        position += len(line) + 1
    return fields, min(position, len(text))


def _read_entries(body: str, reading: PlainReading) -> None:
    """Each entry's time stamp is a label; each subjectless sentence a turn of the person named."""
    entries = [match.start() for match in _ENTRY.finditer(body)]
    if entries and entries[0] > 0 and "\n\n" not in body[: entries[0]].strip():
        reading.skipped.append(Span(0, entries[0]))  # a word to the desk: "raw notes below, all times local"
    sentences = split_sentences(body)
    for number, start in enumerate(entries):
        end = entries[number + 1] if number + 1 < len(entries) else len(body)
        stamp = _ENTRY.match(body, start)
        assert stamp is not None
        reading.labels.append(Span(start, stamp.end()))
        unnamed = _UNNAMED.match(body, stamp.end(), body.find("\n", stamp.end()) if "\n" in body[stamp.end() : end] else end)
        person: tuple[str, str | None, bool] | None = (unnamed.group("who").strip(), None, True) if unnamed else None
        for sentence in sentences:
            span = sentence.span
            if not start <= span.start < end:
                continue
            begin = stamp.end() if span.start < stamp.end() else span.start
            opening = _SUBJECTLESS.match(body, begin)
            if opening is not None and person is not None and opening.end() < span.end:
                speaker, role, anonymous = person
                reading.labels.append(Span(begin, opening.end()))
                quoted = opening.group().lower().startswith("quote")
                reading.turns.append(Turn(Span(begin, span.end), speaker, role, anonymous=anonymous, reported=not quoted))
            elif person is not None and _SUBJECTLESS_SILENCE.match(body, begin):
                reading.turns.append(Turn(Span(begin, span.end), person[0], person[1], anonymous=person[2], reported=True))
            introduced = unnamed is not None and span.start <= unnamed.end() <= span.end
            only_named = _ONLY_NAMED.fullmatch(body, begin, span.end)  # "Yordanka Petrova (68, retired teacher)."
            if _MET_SOMEONE.fullmatch(body, begin, span.end) or only_named or introduced or _NOTE_TO_SELF.match(body, begin):
                reading.skipped.append(Span(span.start, span.end))  # "spoke to NAME (role).": how, not what
            for named in _NAMED.finditer(body, begin, span.end):
                person = (named.group("name"), named.group("role").strip(), False)
    reading.labels.sort(key=lambda label: label.start)
