"""What a plain-text, Markdown or HTML article says about itself, as the readers find it.

A record of its own so that the readers of the header (``plain``), of a page (``html``) and of
who speaks where (``speakers``) can each fill it in without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workbench.intake.model import Span, Turn


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
    bold_lines: list[str] = field(default_factory=list)  # Markdown lines set in bold on their own
    lead_ins: list[str] = field(default_factory=list)  # Markdown's bold lead-ins: headings run into their paragraphs
    turns: list[Turn] = field(default_factory=list)  # who speaks where, in their own words (``speakers``)
    labels: list[Span] = field(default_factory=list)  # speaker labels, lead-ins, "Correction:": cut from their sentence
    interviewee: str | None = None
    kind: str | None = None  # "opinion": the author's voice; "release": the publisher's official statement
