"""A messaging app's export as a desk saves it: a channel's posts, or a group chat's messages.

An export carries no "she said": each message opens with a stamp and its sender
("14.03.2027 17:02 — Dravsk Live:", "[14/03/2027, 21:04] Ana Ruiz: ..."), a forwarded post
names its origin on its first line ("Forwarded from Governor of Velmora Region | Official
(@velmora_gov)"), and media are placeholders ("<photo>", "<video omitted>"). Read as prose, the
stamps and names were parts of claims and every forwarded post the channel's own reporting.

Here:

- a channel's own posts (the channel the export's header names, else the sender of most
  messages, when the header calls it a channel) are its own voice, as an outlet's reporting;
- a forwarded post is its origin's, in its own words (a body's post its official statement),
  and a post signed "— Arkady Solvin" is the signer's, speaking for the account;
- in a group chat every message is its sender's;
- stamps, sender lines and "Forwarded from" lines are cut from the sentence they open;
  placeholders and the export's header are no claims; the channel's name is read from "Channel: Dravsk Live (@dravsk_live)", the date from
  the first message when its order is certain (14.03.2027; not 03.04.2027).

A text is an export when at least ``MIN_MESSAGES`` lines open with a stamp and a sender.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from workbench.intake.model import Span, Turn
from workbench.intake.sentences import PLACEHOLDER_LINE
from workbench.intake.sources import guess_kind
from workbench.vocabulary import SourceKind

MIN_MESSAGES = 3

_STAMP = r"\[?(?P<day>\d{1,2})(?P<separator>[./-])(?P<month>\d{1,2})[./-](?P<year>\d{2,4}),?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]?"
_MESSAGE = re.compile(rf"^[ \t]*{_STAMP}\s*[—–-]?\s*(?P<sender>[^:\n]{{1,80}}?):[ \t]*(?P<rest>[^\n]*)$", re.MULTILINE)
_FORWARDED = re.compile(r"^[ \t]*Forwarded\s+from\s+(?P<origin>[^\n]+?)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_HANDLE = re.compile(r"\s*\(@\w+\)\s*$")
_PLACEHOLDER = re.compile(PLACEHOLDER_LINE.pattern, re.MULTILINE)  # "<photo>", "<video omitted>", "<Media omitted>"
_CHANNEL_LINE = re.compile(r"^[ \t]*Channel\s*:\s*(?P<name>[^\n(]+?)\s*(?:\(@\w+\))?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_PLACEHOLDERS_AT_THE_END = re.compile(r"(?:\n[ \t]*<[^<>\n]{1,40}>[ \t]*)+\s*$")
# "... — Arkady Solvin" closing a post (perhaps "(edited)" after it): the one who signed it.
_SIGNATURE = re.compile(r"\s[—–]\s*(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3})\s*(?:\(edited\))?\s*$")


@dataclass(frozen=True)
class MessageExport:
    channel: str | None  # whose own voice the posts not forwarded are; None: a group chat
    sent: date | None
    turns: tuple[Turn, ...]
    labels: tuple[Span, ...]  # stamps, senders, "Forwarded from" lines: cut from the sentence they open
    skipped: tuple[Span, ...]


def find_message_export(text: str, header_seen: str = "") -> MessageExport | None:
    """The export ``text`` is, or None when it is not one; ``header_seen``: header lines the
    reader already took off the text (where "Channel: Dravsk Live" may be)."""
    messages = list(_MESSAGE.finditer(text))
    if len(messages) < MIN_MESSAGES:
        return None
    header = f"{header_seen}\n{text[: messages[0].start()]}"
    named = _CHANNEL_LINE.search(header)
    senders = Counter(_HANDLE.sub("", message.group("sender")).strip() for message in messages)
    channel = named.group("name").strip() if named else None
    if channel is None and re.search(r"\bchannel\b", header, re.IGNORECASE):
        channel = senders.most_common(1)[0][0]
    skipped = [Span(0, messages[0].start())] if text[: messages[0].start()].strip() else []
    skipped += [Span(found.start(), found.end()) for found in _PLACEHOLDER.finditer(text, messages[0].start())]
    turns: list[Turn] = []
    labels: list[Span] = []
    for number, message in enumerate(messages):
        end = messages[number + 1].start() if number + 1 < len(messages) else len(text)
        sender = _HANDLE.sub("", message.group("sender")).strip()
        body_start = message.start("rest") if message.group("rest").strip() else message.end()
        forwarded = _FORWARDED.match(text, _line_after(text, body_start), end) if not message.group("rest").strip() else None
        if forwarded is not None:
            sender, body_start = _origin(forwarded.group("origin")), forwarded.end()
        body_start = _line_after(text, body_start)
        labels.append(Span(message.start(), body_start))
        if sender == channel and forwarded is None:
            continue  # the channel's own post: its own voice, read as prose
        body_end = len(_PLACEHOLDERS_AT_THE_END.sub("", text[body_start:end]).rstrip()) + body_start
        if body_start >= body_end:
            continue
        speaker, role = sender, None
        if (signed := _SIGNATURE.search(text, body_start, body_end)) is not None:
            speaker, role = signed.group("name"), sender  # "— Arkady Solvin": the governor's own post
            skipped.append(Span(signed.start(), body_end))
        official = speaker == sender and guess_kind(sender) in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY, SourceKind.MEDIA_OUTLET)
        turns.append(Turn(Span(body_start, body_end), speaker, role, False, official or role is not None))
    first = messages[0]
    return MessageExport(channel, _certain_date(first), tuple(turns), tuple(labels), tuple(sorted(skipped, key=lambda span: span.start)))


def _line_after(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n":
        position += 1
    return position


def _origin(origin: str) -> str:
    """"Governor of Velmora Region | Official (@velmora_gov)" -> "Governor of Velmora Region"."""
    name = _HANDLE.sub("", origin).strip()
    return re.split(r"\s+\|\s+", name)[0].strip()


def _certain_date(stamp: re.Match[str]) -> date | None:
    """The stamp's date when its order is certain: dots are day first (14.03.2027, 02.05.2027);
    else a first number over 12 is a day, a second over 12 a day too (a US stamp); else None."""
    first, second, year = int(stamp.group("day")), int(stamp.group("month")), int(stamp.group("year"))
    year += 2000 if year < 100 else 0
    day_first = stamp.group("separator") == "." or first > 12
    day, month = (first, second) if day_first else (second, first) if second > 12 else (0, 0)
    try:
        return date(year, month, day) if day else None
    except ValueError:
        return None
