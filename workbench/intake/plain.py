"""What a plain-text or Markdown article says about itself, and where its reporting starts.

Desks paste articles as they come: an outlet line, a date line, a headline and a byline above
the story; a wire dateline opening it ("QAMISHLI, Syria (AP) —"); a byline, an outlet or a
"Reporting by" credit below it. The lines above the story become metadata and leave the text;
the lines below stay in the text (they are part of the article as published) and are marked
``skipped`` so that no claim is looked for in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from workbench.intake.dates import date_line, parse_date
from workbench.intake.model import Span

_HEADER_LINES = 10
_SENTENCE_END = ("." , "!", "?", "”", '"', "’", "…", ":")
_DATE_PREFIX = re.compile(r"\s*date[:\s]\s*(?P<date>\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+(?P<name>[^\n,;]{2,60}?)(?:\s+in\s+(?P<place>[A-Z][^\n]{1,40}))?\s*$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^\s*\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|translated)\s+by\b.*$", re.IGNORECASE
)
_CREDIT_STAFF = re.compile(r"\bby\s+(?P<outlet>(?:[A-Z][\w&'’.-]*\s+){0,5}?[A-Z][\w&'’.-]*)\s+staff\b")
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# "QAMISHLI, Syria (AP) —": the place in capitals, an optional country, an optional agency.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'.\-]*(?:\s+[A-Z][A-Z’'.\-]*){0,3}(?:,\s*[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2})?)"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?\s*[—–-]{1,2}\s+"
)
_OUTLET_AND_DATE = re.compile(r"^\s*(?P<outlet>[^\n,|—–]{2,40}?)\s*[,|—–]\s*(?P<date>.+?)\s*$")


@dataclass
class PlainReading:
    """The document text and the metadata found around it (before overrides)."""

    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_aliases: list[str] = field(default_factory=list)
    byline: str | None = None
    published: date | None = None
    dateline: str | None = None
    dateline_span: Span | None = None
    url: str | None = None
    skipped: list[Span] = field(default_factory=list)


def read_plain(text: str, *, markdown: bool = False) -> PlainReading:
    """Split a plain-text (or Markdown) article into its metadata and its document text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reading = PlainReading(text="")
    if markdown:
        text = _markdown_to_text(text, reading)
    body_start = _read_header(text, reading)
    body = text[body_start:].strip()
    reading.text = body
    _read_dateline(reading)
    _read_footer(reading)
    return reading


# "the Agency" or "the Press" in a story usually means another agency, never the outlet itself.
_GENERIC_OUTLET_WORDS = frozenset(
    {"press", "agency", "news", "daily", "wire", "service", "network", "radio", "television", "tv", "media", "online", "group"}
)


def with_outlet_aliases(reading: PlainReading) -> PlainReading:
    """Add the forms an outlet's name takes in its text: "TNA", "the Ledger" for "Harbour Ledger"."""
    aliases = list(reading.outlet_aliases)
    if reading.outlet:
        words = reading.outlet.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) >= 2:
            initials = "".join(word[0] for word in words if word[0].isupper())
            if re.search(rf"\b{re.escape(initials)}\b", reading.text):
                aliases.append(initials)
            if words[-1].lower() not in _GENERIC_OUTLET_WORDS:
                aliases.append(f"the {words[-1]}")
            aliases.append(" ".join(words))
    seen: list[str] = []
    for alias in aliases:
        if alias and alias != reading.outlet and alias not in seen and len(alias) >= 2:
            seen.append(alias)
    return replace(reading, outlet_aliases=seen)


def title_case(words: str) -> str:
    """"HOGIR AL ABDO" -> "Hogir Al Abdo": bylines and datelines are set in capitals."""
    if words.upper() != words:
        return words
    return re.sub(r"[A-Za-z][A-Za-z’']*", lambda match: match.group(0).capitalize(), words)


# -- header ---------------------------------------------------------------------------------


def _read_header(text: str, reading: PlainReading) -> int:
    """Take metadata lines off the top; return where the reporting starts."""
    position = 0
    for _ in range(_HEADER_LINES):
        while position < len(text) and text[position] in " \t\n":
            position += 1
        if position >= len(text):
            break
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        line = text[position:line_end].strip()
        prefix = _DATE_PREFIX.match(text, position)
        if prefix and reading.published is None and (published := parse_date(prefix.group("date"))) is not None:
            reading.published = published  # "date 2026-13-45" is no date: the line stays text
            position = prefix.end()
            continue
        if not _header_line(line, reading):
            break
        position = line_end
    return position


def _header_line(line: str, reading: PlainReading) -> bool:
    """Record ``line`` if it is metadata; False once the story begins."""
    if _DATELINE.match(line) or len(line.split()) > 20:
        return False
    if reading.published is None and (published := date_line(line)) is not None:
        reading.published = published
        return True
    if (byline := _BYLINE.match(line)) and reading.byline is None and len(byline.group("name").split()) <= 6:
        reading.byline = title_case(byline.group("name").strip())
        return True
    pair = _OUTLET_AND_DATE.match(line)
    if pair and reading.published is None and (published := date_line(pair.group("date"))) is not None:
        reading.published = published
        if reading.outlet is None:
            reading.outlet = pair.group("outlet").strip()
        return True
    if line.endswith(_SENTENCE_END):
        return False
    words = line.split()
    if reading.outlet is None and reading.title is None and len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha()):
        reading.outlet = line
        return True
    if reading.title is None and len(words) >= 3:
        reading.title = line
        return True
    return False


# -- dateline and footer ---------------------------------------------------------------------


def _read_dateline(reading: PlainReading) -> None:
    match = _DATELINE.match(reading.text)
    if match is None:
        return
    reading.dateline = ", ".join(title_case(part.strip()) for part in match.group("place").split(","))
    reading.dateline_span = Span(0, match.end())
    agency = match.group("agency")
    if agency:
        agency = agency.strip()
        if reading.outlet is None:
            reading.outlet = agency
        elif agency != reading.outlet:
            reading.outlet_aliases.append(agency)


def _read_footer(reading: PlainReading) -> None:
    """Mark the byline, outlet and credit lines at the end; take their metadata if still missing."""
    text = reading.text
    end = len(text)
    after_byline = False
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line:
            end = start - 1
            continue
        if _CREDIT.match(line) or _COPYRIGHT.match(line):
            staff = _CREDIT_STAFF.search(line)
            if staff:
                _note_outlet(reading, staff.group("outlet"))
        elif (byline := _BYLINE.match(line)) and len(byline.group("name").split()) <= 6:
            if reading.byline is None:
                reading.byline = title_case(byline.group("name").strip())
            after_byline = True
        elif not after_byline and _looks_like_outlet_line(line) and _next_line_is_byline(text, start):
            _note_outlet(reading, line)
        else:
            break
        reading.skipped.insert(0, Span(start, start + len(text[start:end].rstrip())))
        end = start - 1


def _looks_like_outlet_line(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 4 and not line.endswith(_SENTENCE_END) and all(w[0].isupper() for w in words)


def _next_line_is_byline(text: str, start: int) -> bool:
    """An outlet sign-off sits under the byline ("By HOGIR AL ABDO" / "Associated Press")."""
    before = text[:start].rstrip().rsplit("\n", 1)[-1]
    return bool(_BYLINE.match(before))


def _note_outlet(reading: PlainReading, name: str) -> None:
    name = name.strip()
    if reading.outlet is None:
        reading.outlet = name
        return
    if name == reading.outlet or name in reading.outlet_aliases:
        return
    # The sign-off spells out what the dateline abbreviates: keep the full name, alias the short.
    initials = "".join(word[0] for word in name.split() if word[0].isupper())
    if reading.outlet in (initials, name.split()[-1]):
        reading.outlet_aliases.append(reading.outlet)
        reading.outlet = name
    else:
        reading.outlet_aliases.append(name)


# -- markdown --------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _markdown_to_text(text: str, reading: PlainReading) -> str:
    """Markdown to the plain text a reader sees; the first level-one heading is the title."""
    text = _MD_COMMENT.sub("", text)
    lines = []
    for line in text.split("\n"):
        if _MD_RULE.match(line) or line.strip().startswith("```"):
            lines.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            words = _inline(heading.group(2))
            if heading.group(1) == "#" and reading.title is None:
                reading.title = words
                lines.append("")
                continue
            line = words
        else:
            line = _inline(_MD_LIST.sub("", _MD_QUOTE.sub("", line)))
        lines.append(line.rstrip())
    return "\n".join(lines)


def _inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EMPHASIS.sub(r"\2", text)
