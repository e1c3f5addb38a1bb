"""A newsletter or a statement received by email: its mail header and its footer.

Saved as text, an email opens with "From:", "To:", "Date:" and "Subject:" lines. Read as an
article's header they were its title ("From: First Light from the Halden Post <...>") and the
rest claims. Here the sender's display name gives the outlet ("First Light from the Halden
Post": the Halden Post; "Harbour Ledger Briefing": as written), the subject the title (without
"Fwd:" or "Re:"), the Date line the date; the masthead under the header (a block of short
lines: the newsletter's name, its date, "Written by NAME") is header too.

Its foot after the last rule ("---"), when it holds the mailing list's lines ("Unsubscribe",
"You are receiving this email because ..."), is no claim: the sponsor's message and the
outlet's postal address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

from workbench.intake.sentences import RULE_LINE

_FIELD = re.compile(r"^(?P<name>From|To|Cc|Bcc|Date|Sent|Subject|Reply-To)\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE)
_ADDRESS = re.compile(r"\s*<[^>]*>\s*$|\s*\[mailto:[^\]]*\]\s*$")
_FROM_OUTLET = re.compile(r"^(?:.+?\s+)?from\s+(?P<outlet>(?:the\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4})$", re.IGNORECASE)
_REPLY_PREFIX = re.compile(r"^(?:(?:fwd?|fw|re)\s*:\s*)+", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", '"', "”")
# The mailing list's own lines: what marks a foot as the list's, not the story's.
_LIST_LINES = re.compile(
    r"\bunsubscribe\b|\byou\s+are\s+receiving\s+this\b|\bmanage\s+(?:your\s+)?(?:preferences|subscription)\b|"
    r"\bview\s+(?:this\s+email\s+)?in\s+(?:your\s+)?browser\b|\bforwarded\s+this\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EmailHeader:
    outlet: str | None
    title: str | None
    sent: date | None
    masthead: tuple[str, ...]  # the short lines under the header: the newsletter's name, date, writer
    body_start: int


def read_email_header(text: str) -> EmailHeader | None:
    """The mail header ``text`` opens with, or None when it opens with none (a Subject and a
    From or a Date line, before the first blank line)."""
    fields: dict[str, str] = {}
    position = 0
    while position < len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        field = _FIELD.match(text[position:end].strip())
        if field is None:
            break
        fields.setdefault(field.group("name").lower(), field.group("value"))
        position = end + 1
    if "subject" not in fields or not ({"from", "date", "sent"} & fields.keys()) or text[position:].split("\n", 1)[0].strip():
        return None
    masthead, body_start = _masthead(text, position)
    return EmailHeader(
        _sender(fields.get("from", "")),
        _REPLY_PREFIX.sub("", fields["subject"]).strip() or None,
        _sent(fields.get("date") or fields.get("sent") or ""),
        masthead,
        body_start,
    )


def mailing_list_foot(text: str) -> int | None:
    """Where the mailing list's foot begins (its last rule), or None when it has none."""
    rules = list(RULE_LINE.finditer(text))
    if not rules or not _LIST_LINES.search(text, rules[-1].end()):
        return None
    return rules[-1].start()


def _sender(value: str) -> str | None:
    name = _ADDRESS.sub("", value).strip().strip('"')
    if not name or "@" in name:
        return None
    outlet = _FROM_OUTLET.match(name)
    found = outlet.group("outlet") if outlet else name
    return re.sub(r"^the\s+", "The ", found)  # "the Halden Post" -> "The Halden Post"


def _sent(value: str) -> date | None:
    try:
        # "Thu, 8 Jun 2028 at 08:47": how a mail client shows a forwarded message's date
        return parsedate_to_datetime(re.sub(r"\s+at\s+(?=\d)", " ", value)).date() if value else None
    except (TypeError, ValueError, IndexError):
        return None


def _masthead(text: str, position: int) -> tuple[tuple[str, ...], int]:
    """The block of short lines right under the header, if it is one; and where the body starts."""
    while position < len(text) and text[position] in " \t\n":
        position += 1
    block_end = text.find("\n\n", position)
    block_end = len(text) if block_end < 0 else block_end
    lines = tuple(line.strip() for line in text[position:block_end].split("\n") if line.strip())
    if lines and all(len(line.split()) <= 10 and not line.endswith(_SENTENCE_END) for line in lines):
        return lines, block_end
    return (), position
