"""Paragraphs, sentences and tokens of the document text, with character offsets into it.

The splitter is syntok's. pysbd was measured against it on the intake corpus
(``benchmarks/intake_bench.py --splitters``): pysbd joined two quotations that follow each other
("...defamatory." "The Aegean Star...") into one sentence, and took three times as long (78 ms
against 25 ms for 5,700 words); syntok split both correctly, and it tokenises too, with offsets.
syntok does split inside a quotation that runs over several sentences ("We will rebuild.
Nobody will stop us," she added.); intake reads quotations per paragraph, so the speaker named
at the end is found for every sentence of the quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from syntok import segmenter

from workbench.intake.model import Sentence, Span, Token

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")


def paragraphs(text: str) -> Iterator[Span]:
    """Blocks of text separated by blank lines; and, within a block, a live blog's time stamp
    ("17:05 GMT", "2h ago") and each item of a list ("- INDECI says 23 killed") are blocks of
    their own, a list item without its marker. Without a full stop between them, a time stamp
    and its entry, or a list's items, were read as one sentence ("17:05 GMT Peru's civil
    defence ..." as the speaker)."""
    for match in _PARAGRAPH.finditer(text):
        yield from _blocks(text, *match.span())


def _blocks(text: str, start: int, end: int) -> Iterator[Span]:
    block_start = start
    position = start
    while position < end:
        line_end = text.find("\n", position, end)
        line_end = end if line_end < 0 else line_end
        line = text[position:line_end]
        item = LIST_MARKER.match(line)
        item = item if item and item.end() < len(line) else None
        if item:  # an item runs on over the lines under it that are indented ("• The NDMA estimates that 212,000 /   people ...")
            yield from _present(trimmed(text, block_start, position))
            item_end = line_end
            while item_end < end and (following := text[item_end + 1 : _line_end(text, item_end + 1, end)]) and following[:1] in " \t" and following.strip() and not LIST_MARKER.match(following):
                item_end = _line_end(text, item_end + 1, end)
            yield from _present(trimmed(text, position + item.end(), item_end))
            block_start = line_end = item_end
        elif TIME_STAMP_LINE.match(line) or PLACEHOLDER_LINE.match(line):
            yield from _present(trimmed(text, block_start, position), trimmed(text, position, line_end))
            block_start = line_end
        position = line_end + 1
    yield from _present(trimmed(text, block_start, end))


def _line_end(text: str, start: int, end: int) -> int:
    found = text.find("\n", start, end)
    return end if found < 0 else found


def trimmed(text: str, start: int, end: int) -> Span | None:
    """``start``-``end`` without the whitespace at either end; None when nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def _present(*spans: Span | None) -> Iterator[Span]:
    return (span for span in spans if span is not None)


# A line that is only a time: "17:05 GMT", "09:42", "2h ago", "45 minutes ago", "Updated 12:30 BST",
# "9:04 PM · Mar 14, 2027".
TIME_STAMP = (
    r"[ \t]*(?:(?:updated|posted)\s+)?(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}(?:[+-]\d{1,2})?)?"
    r"(?:\s*·\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})?"  # a post's time line: "9:04 PM · Mar 14, 2027"
    r"|\d{1,3}\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?)\s+ago|just\s+now)[ \t]*"
)
TIME_STAMP_LINE = re.compile(TIME_STAMP + r"\s*$", re.IGNORECASE)
# A line that only stands for media an export left out: "<photo>", "<video omitted>", "<Media omitted>".
PLACEHOLDER_LINE = re.compile(r"^[ \t]*<[^<>\n]{1,40}>[ \t]*$")
# A rule between parts of a text: "----", "***", "___", "====" on a line of its own.
RULE_LINE = re.compile(r"^[ \t]*(?:-{3,}|_{3,}|\*{3,}|={3,})[ \t]*$", re.MULTILINE)
# A list item's marker: "- ", "• ", "3. ".
LIST_MARKER = re.compile(r"[ \t]*(?:[-•*–]|\d{1,2}[.)])[ \t]+")


# A title syntok takes for a sentence's end: "Hon. Kwabena Mensah-Bonsu", "Rev. Ama Boateng", and
# a parliament's "the hon. Member", "the hon. Lady".
# Also the abbreviations no sentence ends with, whatever follows ("on ul. Rekata", a street;
# "approx. 300 m", "acc. to his figures", "vs. Dynamo"), where the segmenter saw an end before a capital.
_TITLE_BEFORE_A_NAME = re.compile(
    r"\b(?:[Hh]on|Rev|Sen|Rep|Gov|Amb|Maj|Brig|Gen|Col|Lt|Capt|Sgt|Supt|Insp|Cllr|Pres|Prof|Dr|Mr|Mrs|Ms"
    r"|(?<![\w.])(?:ul|str|approx|incl|acc|reg|vs|cf|esp))\.\s*$"
)


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Every sentence of ``text``, in order, each with its paragraph number and tokens."""
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(paragraphs(text)):
        chunk = paragraph.of(text)
        found: list[tuple[Token, ...]] = []
        for analysed in segmenter.analyze(chunk):
            for sentence_tokens in analysed:
                if not (tokens := _tokens(sentence_tokens, paragraph.start)):
                    continue
                if found and _TITLE_BEFORE_A_NAME.search(text, found[-1][0].start, tokens[0].start):
                    found[-1] = found[-1] + tokens  # "the Minister, Hon. Kwabena Mensah-Bonsu, said": one sentence
                else:
                    found.extend(_after_citations(tokens))
        for position, tokens in enumerate(found):
            # A sentence ends where the next begins (less whitespace), so closing quotation marks
            # stay inside it; syntok may rewrite a token (it joins a word hyphenated over a line
            # break), so a token's own length is not trusted for the end.
            end = found[position + 1][0].start if position + 1 < len(found) else paragraph.end
            while end > tokens[0].start and text[end - 1].isspace():
                end -= 1
            sentences.append(Sentence(len(sentences), number, Span(tokens[0].start, end), tokens))
    return tuple(sentences)


def _after_citations(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """A wiki's sentence ends before its citation marker, which the segmenter does not see:
    "gave way.[1] The water board said" is two sentences, each marker staying with its own."""
    parts: list[tuple[Token, ...]] = []
    start = 0
    for index in range(3, len(tokens) - 1):
        if (
            tokens[index].text == "]" and tokens[index - 2].text == "[" and tokens[index - 1].text.isdigit()
            and tokens[index - 3].text.endswith((".", "!", "?")) and tokens[index + 1].text[:1].isupper()
        ):
            parts.append(tokens[start : index + 1])
            start = index + 1
    parts.append(tokens[start:])
    return parts


def _tokens(sentence_tokens: list[Any], base: int) -> tuple[Token, ...]:
    return tuple(Token(token.value, base + token.offset, base + token.offset + len(token.value)) for token in sentence_tokens)
