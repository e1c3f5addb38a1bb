"""A press release as its publisher puts it out: the letterhead above, the contact block below.

A ministry's or a company's release is its own official statement: no outlet stands between
the reader and the publisher. Its top carries the publisher's letterhead ("REPUBLIC OF GHANA",
"MINISTRY OF WORKS AND HOUSING", the unit and its address), a "PRESS RELEASE" label, a
reference number, the date, "FOR IMMEDIATE RELEASE" and the headline; its foot, a "Media
contact" block of names, telephone numbers and addresses. Read as an article's header, the
country became the outlet and the ministry the title, and the story started at the address.

Here the publisher is the last line of the letterhead that names a body by its words (a
ministry, a department, an agency, a company), never the country above it nor the unit and
address below it; the headline is the first line after the labels; the release's own words are
then the publisher's official statement (``Article.kind`` is "release"). A release is known by
its label only: a story that merely reports a release is read as a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workbench.intake.dates import date_line
from workbench.intake.header_labels import is_label, piece_kind
from workbench.intake.sources import names_a_body

_LETTERHEAD_LINES = 14  # the release's label is looked for among the first lines only
_ADDRESS = re.compile(r"\b(?:P\.?\s?O\.?\s+Box|Tel|Fax|E-?mail|www\.|https?://|Unit|Office of|Floor|Street|Road|Avenue)\b|@|\+\d", re.IGNORECASE)
# "Media contact", "Press enquiries", "For further information, contact": the block that ends a release.
_CONTACT = re.compile(
    r"^[ \t*_#]*(?:media|press)\s+(?:contacts?|enquiries|inquiries|office)\b[^\n]*$"
    r"|^[ \t*_#]*for\s+(?:more|further)\s+(?:information|details)\b[^\n]*$"
    r"|^[ \t*_#]*contacts?\s*:[^\n]*$"
    r"|^[ \t*_#]*-?\s*(?:ends|end|###|-30-)\s*-?[ \t*_#]*$",
    re.IGNORECASE | re.MULTILINE,
)


_END_MARK = re.compile(r"^[ \t*_#]*-?\s*(?:ends|end|###|-30-)\s*-?[ \t*_#]*$", re.IGNORECASE)
_OFFICE_OF = re.compile(r"^\s*office\s+of\s+the\s+\w", re.IGNORECASE)  # a body's name, not an address line
_PLACE_LINE = re.compile(r"^\s*(?P<place>[A-Z][A-Za-z'’\-]*(?:\s+[A-Z][A-Za-z'’\-]*){0,3})\s*,\s*[A-Z][A-Za-z .'’\-]{1,30}$")
_RELEASED_ON = re.compile(r"^\s*for\s+immediate\s+release\s*[:\-–—,]\s*(?P<date>.+)$", re.IGNORECASE)
_ISSUED = re.compile(r"^\s*(?:issued|released|time)\s*:\s*\d{1,2}[:.]\d{2}\b.{0,20}$", re.IGNORECASE)


@dataclass(frozen=True)
class ReleaseHeader:
    body_start: int
    publisher: str | None
    title: str | None
    published: date | None


def read_release_header(text: str) -> ReleaseHeader | None:
    """The letterhead of a press release at the top of ``text``, or None when it is none."""
    lines = [(match.start(), match.end(), match.group(0).strip()) for match in re.finditer(r"[^\n]+", text)][:_LETTERHEAD_LINES]
    label_at = next((index for index, (_, _, line) in enumerate(lines) if piece_kind(line) == "release"), None)
    if label_at is None:
        return None
    above = [line for _, _, line in lines[:label_at]]
    at = next(
        (
            index for index in range(len(above) - 1, -1, -1)
            if names_a_body(above[index]) and (_OFFICE_OF.match(above[index]) or not _ADDRESS.search(above[index])) and len(above[index].split()) <= 10
        ),
        None,
    )
    publisher = above[at] if at is not None else None
    if at is not None and _OFFICE_OF.match(above[at]) and at + 1 < len(above) and (place := _PLACE_LINE.match(above[at + 1])):
        publisher = f"{publisher}, {place.group('place')}"  # "OFFICE OF THE DISTRICT ATTORNEY" / "TAMSETT COUNTY, PENNSYLVANIA"
    published = None
    label = lines[label_at][2]
    # "DAILY INCIDENT BULLETIN": a bulletin has no headline but its name
    title = label if re.search(r"bulletin", label, re.IGNORECASE) else None
    body_start = lines[label_at][1]
    for _, end, line in lines[label_at + 1 :]:
        if (dated := _RELEASED_ON.match(line)) and published is None and (found := date_line(dated.group("date"))) is not None:
            published, body_start = found, end  # "FOR IMMEDIATE RELEASE: Friday, March 3, 2028"
        elif is_label(line) or _ISSUED.match(line):
            body_start = end
        elif published is None and (found := date_line(line)) is not None:
            published, body_start = found, end
        elif title is None and len(line.split()) >= 4 and not _ADDRESS.search(line):  # the headline
            title, body_start = line, end
            break
        else:
            break
    return ReleaseHeader(body_start, publisher, title, published)


def contact_block_start(body: str) -> int | None:
    """Where the release's closing contact block begins in its body, if it has one: it is the
    publisher's address book, no claim (the notes to editors above it are kept)."""
    # The last one: a release may say "for more information" in its text too; but not the "###"
    # or "ENDS" under a "MEDIA CONTACT" block, which begins the block.
    matches = [match for match in _CONTACT.finditer(body) if match.start() >= len(body) // 2]
    headings = [match for match in matches if not _END_MARK.match(match.group())]
    found = headings[-1] if headings and matches[-1].start() - headings[-1].end() < 400 else matches[-1] if matches else None
    return found.start() if found is not None else None
