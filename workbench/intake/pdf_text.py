"""Text copied out of a PDF (a situation report, a court filing): its page furniture undone.

Extracted text keeps each page's running header and footer ("IRCO | Situation Report No. 7 |
Page 2 of 4"), breaks words at line ends ("dis-" / "placed") and flattens tables into lines of
figures ("Kaltar 112 21 2") with a "Source: Ministry of Health" line under them. Read as it is,
the furniture became claims, broken words reached the claims' text, and a table's rows ran into
the sentence above them as one claim of the report's.

Here the page footers and the headers that repeat on each page leave the text, a word broken
at a line end is joined, and each table row becomes a paragraph of its own that the table's
"Source:" line gives to its source (``table_turns``). A text is taken for PDF text when it has
a "Page N of M" footer or at least two words broken at line ends.

A report that says who produced it ("This report is produced by the Inter-Agency Relief
Coordination Office (IRCO) in ...") is that organisation's (``report_producer``).
"""

from __future__ import annotations

import re
from collections import Counter

from workbench.intake.model import Span, Turn

# "IRCO | Situation Report No. 7 | Page 2 of 4": a short line, no sentence ("The memo, on page 3 of
# 10, says ..." is prose); or a page number alone.
_PAGE_LINE = re.compile(r"^(?![^\n]*[.!?][ \t]*$)[^\n]{0,80}\bpage[ \t]+\d{1,3}[ \t]+(?:of|/)[ \t]+\d{1,3}\b[^\n]{0,40}$", re.IGNORECASE | re.MULTILINE)
_PAGE_FOOTER = re.compile(rf"{_PAGE_LINE.pattern}|^[ \t]*[-–]?[ \t]*\d{{1,3}}[ \t]*[-–]?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_BROKEN_WORD = re.compile(r"(?<=[A-Za-z])-\n([ \t]*)([a-z][\w'’]*)[ \t]?")
# A flattened table row: a label, then two figures or more ("Collective centres (schools) 118 64,300",
# "Host families n/a 105,800", "Total 148.6 34.2 23").
_ROW = re.compile(r"^[ \t]*[^\n]{0,60}?(?:[ \t]+(?:n/a|[-–]|[$€£]?\d[\d,.]*%?)){2,}[ \t]*$", re.IGNORECASE)
_CAPITALS_HEADING = re.compile(r"^[ \t]*[A-Z][A-Z0-9&/,'’\- ]{2,60}[ \t]*$")  # "FOOD SECURITY" over its paragraph
_NO_SENTENCE_END = re.compile(r"^[ \t]*[^\n]*[^.!?;:,\s][ \t]*$")
_SOURCE_LINE = re.compile(r"^[ \t]*Sources?\s*:\s*(?P<source>[^\n]+?)\s*$", re.MULTILINE)
_PRODUCED_BY = re.compile(
    r"\b(?i:this|the)\s+(?i:report|document|update|bulletin|briefing|note)\s+(?:is|was|has\s+been)\s+"
    r"(?:produced|issued|published|prepared|compiled)\s+by\s+(?:the\s+)?"
    r"(?P<producer>[A-Z][\w&'’\-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w&'’\-]*))*)(?:\s*\((?P<short>[A-Z]{2,10})\))?",
)


def looks_like_pdf_text(text: str) -> bool:
    return bool(_PAGE_LINE.search(text)) or len(_BROKEN_WORD.findall(text)) >= 2


def clean_pdf_text(text: str) -> str:
    """The text without page furniture, with broken words joined and table rows set apart."""
    lines = text.split("\n")
    footers = {index for index, line in enumerate(lines) if _PAGE_FOOTER.match(line) and line.strip()}
    # A running header: a line that comes back after a page footer on more than one page, or set
    # out in columns ("KESSIA: Coastal Storm – Situation Report No. 3        4 October 2027").
    after_footer = Counter(_next_text_line(lines, index) for index in footers)
    headers = {line for line, count in after_footer.items() if line is not None and (count >= 2 or re.search(r"\S[ \t]{4,}\S", line))}
    kept = ["" if index in footers or line.strip() in headers else line for index, line in enumerate(lines)]
    joined = _BROKEN_WORD.sub(lambda found: f"{found.group(2)}\n{found.group(1)}", "\n".join(kept)).split("\n")
    apart = {index for index, line in enumerate(joined) if _ROW.match(line) or _SOURCE_LINE.match(line) or _CAPITALS_HEADING.match(line)}
    for index in sorted(apart):  # a table's caption and column heads above its first row
        above = index - 1
        while above >= 0 and above not in apart and _NO_SENTENCE_END.match(joined[above]) and len(joined[above].split()) <= 10:
            apart.add(above)
            above -= 1
    return "\n".join(f"\n{line}\n" if index in apart else line for index, line in enumerate(joined))


def table_turns(text: str) -> tuple[list[Turn], list[Span]]:
    """Each table row above a "Source:" line, given to that source; and the "Source:" lines, no claims."""
    turns: list[Turn] = []
    skipped: list[Span] = []
    for found in _SOURCE_LINE.finditer(text):
        skipped.append(Span(found.start(), found.end()))
        source = re.split(r"[;,]", found.group("source"))[0].strip()
        position = found.start()
        while True:
            row = _row_ending_before(text, position)
            if row is None:
                break
            turns.append(Turn(row, source))
            position = row.start
    return sorted(turns, key=lambda turn: turn.span.start), skipped


def report_producer(text: str) -> tuple[str, str | None, Span] | None:
    """Who a report says produced it, its short name, and where it says so."""
    found = _PRODUCED_BY.search(text[:3000])
    if found is None:
        return None
    producer = re.sub(r"\s+(?:in|on|and|of|for|the)$", "", found.group("producer").strip())
    start = text.rfind("\n\n", 0, found.start()) + 2 if "\n\n" in text[: found.start()] else 0
    end = text.find("\n\n", found.end())
    return producer, found.group("short"), Span(start, len(text) if end < 0 else end)


def _next_text_line(lines: list[str], index: int) -> str | None:
    return next((line.strip() for line in lines[index + 1 :] if line.strip()), None)


def _row_ending_before(text: str, position: int) -> Span | None:
    """The table row whose paragraph ends just before ``position`` (blank lines between)."""
    end = len(text[:position].rstrip())
    start = text.rfind("\n", 0, end) + 1
    line = text[start:end]
    if not line.strip() or not _ROW.match(line) or text[max(start - 2, 0) : start] != "\n\n":
        return None
    return Span(start + len(line) - len(line.lstrip()), end)
