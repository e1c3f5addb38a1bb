"""An encyclopedia entry copied from a wiki: whose page it is, when it was edited, and its apparatus.

Copied as text, a wiki article keeps "From Civipedia, the free encyclopedia" under its title,
an infobox of "Key: value" lines, a table of contents, a References list of numbered sources
and a foot ("Categories: ...", "This page was last edited on 2 February 2028",
"Text is available under ... License"). Read as an article, the wiki was no outlet, its date
unknown, and every reference, contents line and licence line a claim of the page's own.

Here the "From X" line names the publisher, the last edit gives the date, and the infobox,
the contents, the References section and the foot are no claims. The article's own sentences
stay the wiki's (each "[5]" marker only says where it found them); what it reports that
others said is read as in any article ("According to the regional daily El Austral del Sur").
"""

from __future__ import annotations

import re

from workbench.intake.dates import date_line
from workbench.intake.model import Span
from workbench.intake.plain_reading import PlainReading

_FROM_THE_WIKI = re.compile(r"^[ \t]*From[ \t]+(?P<site>[A-Z][\w'’.\-]*(?:[ \t]+[A-Z][\w'’.\-]*){0,3}),[ \t]+the[ \t]+free[ \t]+encyclopa?edia\.?[ \t]*$", re.MULTILINE)
_LAST_EDITED = re.compile(r"^[ \t]*This[ \t]+page[ \t]+was[ \t]+last[ \t]+edited[ \t]+on[ \t]+(?P<date>[^,\n]+?)(?:,[ \t]+at[^\n]*)?\.?[ \t]*$", re.MULTILINE)
_FOOT_LINE = re.compile(r"^[ \t]*(?:Categories?:|This[ \t]+page[ \t]+was[ \t]+last[ \t]+edited\b|Text[ \t]+is[ \t]+available[ \t]+under\b|Retrieved[ \t]+from\b)[^\n]*$", re.MULTILINE)
_SECTION_LIST = re.compile(r"^[ \t]*(?:Contents|References|Notes|Sources|Further[ \t]+reading|External[ \t]+links|See[ \t]+also)[ \t]*$", re.MULTILINE)
_INFOBOX_LINE = re.compile(r"^[ \t]*[A-Z][\w'’ \-]{1,30}:[ \t]+\S[^\n]*$")


def read_wiki_page(reading: PlainReading) -> bool:
    """Read a wiki page's publisher, date and apparatus into ``reading``; False if it is none."""
    text = reading.text
    origin = _FROM_THE_WIKI.search(text)
    if origin is None:
        return False
    reading.outlet = reading.outlet or origin.group("site")
    if reading.published is None and (edited := _LAST_EDITED.search(text)):
        reading.published = date_line(edited.group("date"))
    skipped = [Span(origin.start(), origin.end()), *_infobox(text, origin.end())]
    skipped += [Span(line.start(), line.end()) for line in _FOOT_LINE.finditer(text)]
    for heading in _SECTION_LIST.finditer(text):
        if heading.group().strip() == "Contents":
            end = text.find("\n\n", heading.end())  # the numbered section titles under it
        else:  # the references, notes and links run to the foot or the end
            foot = _FOOT_LINE.search(text, heading.end())
            end = foot.start() if foot else len(text)
        skipped.append(Span(heading.start(), len(text) if end < 0 else end))
    reading.skipped = sorted([*reading.skipped, *skipped], key=lambda span: span.start)
    return True


def _infobox(text: str, start: int) -> list[Span]:
    """The block of "Key: value" lines after the "From X" line (a title line above them allowed)."""
    block_start = text.find("\n\n", start)
    if block_start < 0:
        return []
    block_start += 2
    block_end = text.find("\n\n", block_start)
    block_end = len(text) if block_end < 0 else block_end
    lines = text[block_start:block_end].split("\n")
    fields = sum(1 for line in lines if _INFOBOX_LINE.match(line))
    return [Span(block_start, block_end)] if fields >= 3 and fields >= len(lines) - 1 else []
