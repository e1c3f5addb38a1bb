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
    publisher = next(
        (line for _, _, line in reversed(lines[:label_at]) if names_a_body(line) and not _ADDRESS.search(line) and len(line.split()) <= 10),
        None,
    )
    published = None
    label = lines[label_at][2]
    # "DAILY INCIDENT BULLETIN": a bulletin has no headline but its name
    title = label if re.search(r"bulletin", label, re.IGNORECASE) else None
    body_start = lines[label_at][1]
    for _, end, line in lines[label_at + 1 :]:
        if is_label(line) or _ISSUED.match(line):
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
    matches = list(_CONTACT.finditer(body))  # the last one: a release may say "for more information" in its text too
    found = matches[-1] if matches else None
    if found is None or found.start() < len(body) // 2:
        return None
    return found.start()
