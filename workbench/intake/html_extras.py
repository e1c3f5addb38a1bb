"""What a page's article holds beside its body, which trafilatura leaves out: the standfirst
and the photo captions.

Both carry claims a desk records: a standfirst often states the story's claim in a line of its
own ("Campaigners say a one-off influx of pupils makes the decline look twice as steep"), and a
caption can give a figure the body does not ("where the council says 9 pupils are now
enrolled"). trafilatura keeps the article's body element and drops both, as it drops the page's
navigation. They are found here in the article element only (``<article>``, else ``<main>``),
never in a sidebar's teasers, and each goes where the page has it: the standfirst first, a
caption after the paragraph before its figure. A caption's credit ("Picture: Calum Reid /
Strathtay Gazette") is no claim and is left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from workbench.intake.model import Span
from workbench.intake.plain_reading import PlainReading

# The class names pages give a standfirst: "standfirst", "dek", "strapline", "sub-headline",
# "article-summary", "lede", "intro" (as a word of the class attribute).
_STANDFIRST_CLASS = re.compile(
    r"(?:^|[\s_-])(?:standfirst|dek|strapline|sub-?headline|subtitle|summary|lede|intro|deck|kicker-summary)(?:$|[\s_-])", re.IGNORECASE
)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source", re.IGNORECASE)
_CREDIT_TEXT = re.compile(r"\s*(?:(?:Picture|Photo|Photograph|Image|Credit)s?\s*:|©|\(c\)).*$", re.IGNORECASE)


def standfirst_and_captions(tree: Any) -> list[tuple[str, str | None]]:
    """The article's standfirst and photo captions in a page's parsed tree (the one trafilatura
    reads: the page is parsed once), each with the text of the paragraph the page has before it
    (None: before the body); empty when the page has neither. The tree is only read."""
    article = next(iter(tree.xpath("//article") or tree.xpath("//main")), None)
    if article is None:
        return []
    standfirst = _standfirst(article)
    return ([(standfirst, None)] if standfirst else []) + _captions(article)


def insert_paragraphs(reading: PlainReading, extras: list[tuple[str, str | None]]) -> None:
    """Put each extra paragraph into ``reading.text`` after the paragraph it follows on the page
    (at the start when that is None or not in the text; never twice), moving the reading's
    spans along with the text they mark."""
    for paragraph, after in extras:
        text = reading.text
        if paragraph in text:
            continue  # the body has it already (a caption repeated, a standfirst that is the lede)
        end = text.find(after) + len(after) if after and after in text else -1
        at = end + 2 if end >= 2 and text.startswith("\n\n", end) else 0 if end < 0 else len(text) + 2
        if at > len(text):
            reading.text = f"{text}\n\n{paragraph}"
            continue
        reading.text = f"{text[:at]}{paragraph}\n\n{text[at:]}"
        shift = len(paragraph) + 2
        reading.skipped = [_moved(span, at, shift) for span in reading.skipped]
        reading.turns = [replace(turn, span=_moved(turn.span, at, shift)) for turn in reading.turns]
        reading.labels = [_moved(span, at, shift) for span in reading.labels]
        if reading.dateline_span is not None:
            reading.dateline_span = _moved(reading.dateline_span, at, shift)


def _moved(span: Span, at: int, shift: int) -> Span:
    return Span(span.start + shift, span.end + shift) if span.start >= at else span


def _standfirst(article: Any) -> str | None:
    for element in article.iter("p", "div", "h2"):
        if _STANDFIRST_CLASS.search(element.get("class") or ""):
            text = _text(element)
            if len(text.split()) >= 5:
                return text
    return None


def _captions(article: Any) -> list[tuple[str, str | None]]:
    """Each caption (its credit left out), with the text of the paragraph before its figure."""
    found: list[tuple[str, str | None]] = []
    paragraph_before: str | None = None
    for element in article.iter("p", "figcaption"):
        if element.tag == "p":
            paragraph_before = _text(element)
            continue
        caption = _text(element)
        for credit in element.xpath(".//*[@class]"):
            if _CREDIT_CLASS.search(credit.get("class") or ""):
                caption = caption.replace(_text(credit), "")
        caption = _CREDIT_TEXT.sub("", " ".join(caption.split())).strip()
        if len(caption.split()) >= 4:
            found.append((caption, paragraph_before))
    return found


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())
