"""A fact-checker's claim review card: the claim checked, who made it, the rating, the check.

A fact-checking site sets out each check as a card: its headline, a "CLAIM REVIEW" block of
fields ("Claim: "..."", "Claimed by: Álvaro Restrepo Camacho, senator", "Rating: False",
"Fact-checked by:", "Published:"), then "What we found" and "Why we rated it", and a numbered
list of sources. Read as an article, the site's tagline was the title, the fields ran together
into one claim of the site's, the checked claim was the site's own, and each source a claim.

Here the headline above the block is the title, "Fact-checked by" the byline, "Published" the
date; the claim checked is its claimant's, in the words quoted; the other fields, the share line
and the sources listed at the foot are no claims. What the check says is the site's, as any
article's own words are.
"""

from __future__ import annotations

import re

from workbench.intake.dates import date_line
from workbench.intake.model import Span, Turn
from workbench.intake.plain_reading import PlainReading

_FIELD = re.compile(r"^[ \t]*(?P<name>[A-Z][\w \-]{1,24}?)[ \t]*:[ \t]*(?P<value>[^\n]*?)[ \t]*$", re.MULTILINE)
_CLAIM = re.compile(r"^[ \t]*Claim[ \t]*:[ \t]*", re.MULTILINE | re.IGNORECASE)
_CLAIMANT = re.compile(r"^[ \t]*Claimed[ \t]+by[ \t]*:", re.MULTILINE | re.IGNORECASE)
_RATING = re.compile(r"^[ \t]*(?:Rating|Verdict)[ \t]*:", re.MULTILINE | re.IGNORECASE)
_REVIEW_LABEL = re.compile(r"^[ \t]*(?:CLAIM[ \t]+REVIEW|FACT[ \t-]*CHECK)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_SHARE = re.compile(r"^[ \t]*Share[ \t]*:[^\n]*$", re.MULTILINE | re.IGNORECASE)
_SOURCES = re.compile(r"^[ \t]*(?:Sources|References)[ \t]*\n(?:[ \t]*(?:\d{1,2}[.)]|[-*•])[ \t]+[^\n]+\n?)+", re.MULTILINE | re.IGNORECASE)
_SUMMARY_LABEL = re.compile(r"^[ \t]*(?:In[ \t]+short|Bottom[ \t]+line|Our[ \t]+ruling|The[ \t]+verdict|Summary)[ \t]*:[ \t]*", re.MULTILINE | re.IGNORECASE)
_CRUMBS = re.compile(r"[›»]|·")


def looks_like_factcheck_card(text: str) -> bool:
    """A "Claim:", a "Claimed by:" and a "Rating:" line near the top."""
    top = text[:4000]
    return bool(_CLAIM.search(top) and _CLAIMANT.search(top) and _RATING.search(top))


def read_factcheck_card(reading: PlainReading) -> None:
    """Read a card's header and fields into ``reading`` (its text is the card, as written); nothing
    when the text is no card."""
    text = reading.text
    claim = _CLAIM.search(text)
    if claim is None or not looks_like_factcheck_card(text):
        return
    block_start = text.rfind("\n\n", 0, claim.start()) + 2 if "\n\n" in text[: claim.start()] else 0
    block_end = text.find("\n\n", claim.start())
    block_end = len(text) if block_end < 0 else block_end
    fields = {found.group("name").strip().lower(): found.group("value") for found in _FIELD.finditer(text, block_start, block_end)}
    reading.byline = fields.get("fact-checked by") or fields.get("checked by") or fields.get("author") or reading.byline
    reading.published = date_line(fields.get("published", "")) or reading.published
    headline = _headline(text, block_start)
    if headline is not None:
        reading.title = headline[0]
        reading.skipped.append(headline[1])
    claim_line_end = text.find("\n", claim.end())
    claim_line_end = len(text) if claim_line_end < 0 else claim_line_end
    claimant = re.split(r",|\(", fields.get("claimed by", ""))[0].strip()
    if claimant:  # the claim checked, in the words quoted: its claimant's
        reading.labels.append(Span(claim.start(), claim.end()))
        reading.turns.append(Turn(Span(claim.start(), claim_line_end), claimant))
    reading.skipped.append(Span(claim_line_end, block_end))  # the other fields
    reading.skipped += [Span(found.start(), found.end()) for found in (*_SHARE.finditer(text), *_SOURCES.finditer(text))]
    reading.labels += [Span(found.start(), found.end()) for found in _SUMMARY_LABEL.finditer(text)]  # "In short:"
    if (label := _REVIEW_LABEL.search(text, 0, claim.start())) is not None:
        reading.skipped.append(Span(label.start(), label.end()))
    reading.skipped.sort(key=lambda span: span.start)
    reading.labels.sort(key=lambda span: span.start)


def _headline(text: str, block_start: int) -> tuple[str, Span] | None:
    """The last line above the fields that is no label, breadcrumb or tagline: the check's headline."""
    lines = [(found.start(), found.end(), found.group().strip()) for found in re.finditer(r"[^\n]+", text[:block_start])]
    for start, end, line in reversed(lines):
        if _REVIEW_LABEL.match(line) or _CRUMBS.search(line) or len(line.split()) < 4:
            continue
        return line, Span(start, end)
    return None
