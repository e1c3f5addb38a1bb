"""A news agency's run of alerts as a desk copies it off the wire screen.

Each item comes with a priority tag ("FLASH", "URGENT", "BULLETIN", "ADVISORY"), a slug line
("VELMORA-FERRY/ (UPDATE 2, raises death toll to 23)"), a time ("0922 GMT") and its dateline
("PORT CADDON, Nov 18 (NPA) - "), items apart by rules, "MORE TO FOLLOW" under some; a write-
through closes the run with its headline and byline. Read as one article, the tags, slugs and
times ran into the items' first sentences ("URGENT VELMORA-FERRY/OPERATOR 1134 GMT PORT CADDON"
was a source) and only the first dateline was cut.

Here each of those lines is set apart and is no claim; every item's dateline is cut from its
first sentence; a flash in capitals that names its source after two dashes ("FERRY ... CAPSIZES
OFF PORT CADDON -- COAST GUARD") is that source's; the agency is the outlet ("NORTHGATE PRESS
AGENCY (NPA)"), the write-through's headline, byline and dateline are the article's, the date
the screen's. A text is a wire screen when at least ``MIN_ITEMS`` lines are priority tags.
"""

from __future__ import annotations

import re

from workbench.intake.dates import find_date
from workbench.intake.model import Span, Turn
from workbench.intake.outlet_names import outlet_case
from workbench.intake.plain_reading import PlainReading

MIN_ITEMS = 3

_TAG = re.compile(r"^[ \t]*(?:FLASH|URGENT|BULLETIN|ADVISORY|SNAP|ALERT|NEWSALERT|PRIORITY|ROUTINE)[ \t]*$")
_FURNITURE = re.compile(
    r"^[ \t]*(?:-{4,}|={4,}|_{4,}"  # rules between items
    r"|(?:FLASH|URGENT|BULLETIN|ADVISORY|SNAP|ALERT|NEWSALERT|PRIORITY|ROUTINE)"
    r"|[A-Z][A-Z0-9\-]*/[A-Z0-9\-/]*(?:[ \t]*(?:--[ \t]*[A-Z]+|\([^)\n]*\)))*"  # slugs: "VELMORA-FERRY/CAPTAIN -- KILL"
    r"|\d{4}[ \t]*(?:GMT|UTC|ET|EST|CET)|\d{1,2}:\d{2}[ \t]*(?:GMT|UTC|ET|EST|CET)?"  # "0922 GMT"
    r"|MORE(?:[ \t]+TO[ \t]+FOLLOW)?|ENDS?|-30-|\(Reporting\s+by[^\n]*\))[ \t]*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’\-]{2,40}(?:,[ \t]+[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+)?)?,[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}[ \t]+\([A-Z]{2,10}\)[ \t]+[-–—]+[ \t]+", re.MULTILINE)
_AGENCY = re.compile(r"^[ \t]*(?P<agency>[A-Z][A-Z .&'’\-]{3,60}?)[ \t]*\((?P<short>[A-Z]{2,8})\)")
_SOURCED_FLASH = re.compile(r"^(?P<claim>[A-Z0-9][A-Z0-9 ,.'’%\-]{10,200}?)[ \t]+--[ \t]+(?P<source>[A-Z][A-Z .'’\-]{2,40})[ \t]*$")
_BYLINE = re.compile(r"^[ \t]*By[ \t]+(?P<name>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,3})[ \t]*$")


def looks_like_wire_screen(text: str) -> bool:
    return sum(1 for line in text.split("\n") if _TAG.match(line)) >= MIN_ITEMS


def read_wire_screen(text: str) -> PlainReading:
    """The screen's items as paragraphs, their furniture and datelines marked."""
    lines = text.replace("\r\n", "\n").split("\n")
    first_tag = next(index for index, line in enumerate(lines) if _TAG.match(line))
    header = "\n".join(lines[:first_tag])
    body = "\n".join(f"\n{line}\n" if _FURNITURE.match(line) or _BYLINE.match(line) else line for line in lines[first_tag:])
    screen = PlainReading(text=re.sub(r"\n{3,}", "\n\n", body).strip())
    if (agency := _AGENCY.match(header)) is not None:
        screen.outlet = outlet_case(agency.group("agency").strip())
        screen.outlet_aliases.append(agency.group("short"))
    found = find_date(header)
    screen.published = found[0] if found else None
    _mark(screen)
    return screen


def _mark(screen: PlainReading) -> None:
    text = screen.text
    after_slug = False
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        words = paragraph.group(0)
        span = Span(paragraph.start(), paragraph.end())
        if _FURNITURE.match(words):
            screen.skipped.append(span)
            after_slug = after_slug or bool(re.search(r"WRITE-?THRU|WRITETHROUGH", words, re.IGNORECASE))
            continue
        if (byline := _BYLINE.match(words)) is not None:
            screen.byline = byline.group("name")
            screen.skipped.append(span)
            continue
        if after_slug and screen.title is None and not words.rstrip().endswith(".") and len(words.split()) <= 20:
            screen.title = words.strip()  # the write-through's headline
            screen.skipped.append(span)
            continue
        if (dateline := _DATELINE.match(words)) is not None:
            screen.labels.append(Span(span.start, span.start + dateline.end()))
            if after_slug and screen.dateline is None:
                place = dateline.group(0).split(",")[:-1]
                screen.dateline = ", ".join(part.strip().title() if part.strip().isupper() else part.strip() for part in place[:2])
        elif (flash := _SOURCED_FLASH.match(words)) is not None:
            source = flash.group("source").strip().capitalize()
            screen.turns.append(Turn(Span(span.start, span.end), source))
