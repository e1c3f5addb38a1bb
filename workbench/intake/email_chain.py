"""An email chain forwarded to the desk: the forwarder's note, the message forwarded, the one it quotes.

A source's email reaches a newsroom forwarded: the reporter's note on top ("Forwarding below with
the sender's permission ...") and her signature, then "---------- Forwarded message ---------"
with the source's From / Date / Subject / To lines and their message, and under it, after
"On Fri, 19 May 2028 at 16:02, Per Holmgren <...> wrote:", the earlier message they answer,
each of its lines opened with ">". Read as one article, every sentence was the reporter's (her
name the outlet), the quoted lines kept their ">" marks, and signatures and the
confidentiality notice were claims.

Here each message is its writer's turn, in their own words: the forwarded message its sender's,
the quoted one its writer's (the ">" marks leave the text); the forwarder's note is the outlet's,
which her signature names ("Investigations Reporter | The Baltic Courier"), and she the byline;
the subject is the title (without "Fwd:"), her Date line the date. Header lines, salutations,
closings, signatures and confidentiality notices are no claims.
"""

from __future__ import annotations

import re

from workbench.intake.email_header import read_email_header
from workbench.intake.model import Span, Turn
from workbench.intake.plain_reading import PlainReading

_FORWARDED = re.compile(r"^[ \t]*-{3,}[ \t]*(?:Forwarded|Original)[ \t]+message[ \t]*-{3,}[ \t]*$", re.MULTILINE | re.IGNORECASE)
_WROTE = re.compile(r"^[ \t]*On[ \t][^\n]{4,120}?,[ \t]*(?P<name>[^,<\n]{2,60}?)[ \t]*(?:<[^>\n]*>)?[ \t]*wrote:[ \t]*$", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^(?:[ \t]*>)+[ \t]?", re.MULTILINE)
_FIELD = re.compile(r"^[ \t]*(?P<name>From|To|Cc|Date|Sent|Subject)[ \t]*:[ \t]*(?P<value>[^\n]*)$", re.MULTILINE | re.IGNORECASE)
_SIGNATURE_RULE = re.compile(r"^--[ \t]*$", re.MULTILINE)
_SALUTATION = re.compile(r"^[ \t]*(?:Dear|Hi|Hello|Hey)\b[^\n]{0,60},[ \t]*$", re.MULTILINE | re.IGNORECASE)
_CLOSING = re.compile(
    r"^[ \t]*(?:(?:Best|Kind|Warm|With)?[ \t]*regards|Best(?:[ \t]+wishes)?|Thanks|Thank[ \t]+you|Cheers|(?:Yours[ \t]+)?sincerely|Yours[ \t]+(?:faithfully|truly))[ \t]*,?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_NOTICE = re.compile(r"^[ \t]*(?:CONFIDENTIALITY|DISCLAIMER|PRIVILEGED)[^\n]*(?:\n[^\n]+)*", re.MULTILINE | re.IGNORECASE)
_ADDRESS = re.compile(r"\s*<[^>]*>\s*$")
_OUTLET_WORDS = re.compile(
    r"\b(?:news|times|post|journal|daily|herald|press|agency|gazette|tribune|chronicle|courier|observer|guardian|"
    r"telegraph|standard|radio|television|tv|media|wire|monitor|review|magazine|ledger|reporter)\b",
    re.IGNORECASE,
)


def looks_like_email_chain(text: str) -> bool:
    """A mail header on top and a message forwarded or quoted under it."""
    return read_email_header(text) is not None and bool(_FORWARDED.search(text) or _WROTE.search(text))


def read_email_chain(text: str) -> PlainReading:
    header = read_email_header(text)
    assert header is not None
    body = _QUOTE_MARK.sub("", text[header.body_start :]).strip("\n")
    top = _FIELD.search(text)
    forwarder = _ADDRESS.sub("", top.group("value")).strip().strip('"') if top and top.group("name").lower() == "from" else None
    reading = PlainReading(text=body, title=header.title, published=header.sent, byline=forwarder or None)
    # Where each message begins: the forwarded one (after its header lines) and each quoted one.
    starts: list[tuple[int, int, str | None]] = []  # (where its lead-in begins, where its words begin, writer)
    for marker in _FORWARDED.finditer(body):
        fields_end, sender = _fields_after(body, marker.end())
        starts.append((marker.start(), fields_end, sender))
    for wrote in _WROTE.finditer(body):
        starts.append((wrote.start(), wrote.end(), wrote.group("name").strip()))
    starts.sort()
    note_end = starts[0][0] if starts else len(body)
    rule = _SIGNATURE_RULE.search(body, 0, note_end)
    if rule is not None:  # the forwarder's signature: her outlet, no claims
        reading.outlet = _outlet_in(body[rule.end() : note_end])
        reading.skipped.append(Span(rule.start(), note_end))
    for number, (lead_in, words_start, writer) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(body)
        reading.skipped.append(Span(lead_in, words_start))
        _read_message(body, words_start, end, writer, reading)
    reading.skipped.sort(key=lambda span: span.start)
    return reading


def _fields_after(body: str, position: int) -> tuple[int, str | None]:
    """The header lines under a "Forwarded message" line: where they end, and the sender they name."""
    sender = None
    while (field := _FIELD.match(body, position + 1 if body[position : position + 1] == "\n" else position)) is not None:
        if field.group("name").lower() == "from":
            sender = _ADDRESS.sub("", field.group("value")).strip().strip('"') or None
        position = field.end()
    return position, sender


def _read_message(body: str, start: int, end: int, writer: str | None, reading: PlainReading) -> None:
    """One message: its salutation, closing, signature and notice skipped, its words its writer's."""
    words_end = end
    closing = None
    for found in _CLOSING.finditer(body, start, end):
        closing = found  # the last closing: a "Thanks," inside the message is no closing
    if closing is not None:
        words_end = closing.start()
        reading.skipped.append(Span(closing.start(), end))  # the closing, the signature, the notice
    else:
        for notice in _NOTICE.finditer(body, start, end):
            reading.skipped.append(Span(notice.start(), end))
            words_end = min(words_end, notice.start())
    if (salutation := _SALUTATION.search(body, start, words_end)) is not None and not body[start : salutation.start()].strip():
        reading.skipped.append(Span(salutation.start(), salutation.end()))
    if writer and words_end > start:
        reading.turns.append(Turn(Span(start, words_end), writer))


def _outlet_in(signature: str) -> str | None:
    """The outlet a signature names: "Investigations Reporter | The Baltic Courier"."""
    for line in signature.split("\n"):
        for part in re.split(r"\s*[|,·]\s*", line.strip()):
            if _OUTLET_WORDS.search(part) and part[:1].isupper() and not re.search(r"\b(?:reporter|editor|correspondent)\s*$", part, re.IGNORECASE):
                return part
    return None
