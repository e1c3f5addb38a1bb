"""A Markdown table that says where each row comes from: each row's event is its source's.

An incident log or a report lists events in a table with a column naming the source of each
("| 2 | 26 Jan, 22:31 | ... | Operator records traffic dropping to zero | Nordbalt Fibre |").
Left as it is, a row reads as one sentence of cells, and "14:00 | see note 5 | Navy" became a
source. Here a table whose header has a source column is rewritten as one line per row, the
event alone, as a sentence (the row's time and position are no claim), and each line is given to its source:
a party named there speaks it (as the writers report it: a paraphrase); a source that is data
the writers read themselves ("AIS, two providers", "satellite imagery") leaves the line theirs.
Other tables are left as they are.
"""

from __future__ import annotations

import re

from workbench.intake.model import Span, Turn

_ROW = re.compile(r"^\s{0,3}\|(?P<cells>.*)\|\s*$")
_SEPARATOR = re.compile(r"^\s{0,3}\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_SOURCE_COLUMN = re.compile(r"^(?:sources?|via|reported\s+by|according\s+to|origin|attributed\s+to)$", re.IGNORECASE)
_EVENT_COLUMN = re.compile(r"^(?:events?|claims?|descriptions?|what(?:\s+happened)?|details?|reports?|incidents?|summary)$", re.IGNORECASE)
# A source that is data the writers analysed themselves, not a party that said something.
_OWN_DATA = re.compile(
    r"\b(?:AIS|ADS-B|satellite|imagery|ship[- ]tracking|flight[- ]tracking|geolocat\w*|our\s+(?:analysis|research|review)|open[- ]source|sensor|data)\b",
    re.IGNORECASE,
)
_ACCOUNT_ON = re.compile(r"^(?P<account>@\w+)\s+on\s+\S+$")


def sourced_rows(lines: list[str], cleaned: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """``cleaned`` (the lines as the text will have them) with each sourced table rewritten, and
    the rows found: (the line that stands for the row, its source)."""
    out: list[str] = []
    rows: list[tuple[str, str]] = []
    index = 0
    while index < len(lines):
        header = _cells(lines[index])
        if header is None or index + 1 >= len(lines) or not _SEPARATOR.match(lines[index + 1]):
            out.append(cleaned[index])
            index += 1
            continue
        source_at = next((n for n, cell in enumerate(header) if _SOURCE_COLUMN.match(cell)), None)
        event_at = next((n for n, cell in enumerate(header) if _EVENT_COLUMN.match(cell)), None)
        end = index + 2
        while end < len(lines) and _cells(lines[end]) is not None:
            end += 1
        if source_at is None or event_at is None:
            out.extend(cleaned[index:end])
            index = end
            continue
        for line in cleaned[index + 2 : end]:  # Markdown's own reading of each row: its emphasis gone
            cells = _cells(line) or []
            if len(cells) != len(header) or not cells[event_at]:
                continue
            event = cells[event_at]
            event += "" if event.endswith((".", "!", "?")) else "."  # a sentence, not a heading
            out += ["", event, ""]
            rows.append((event, cells[source_at]))
        index = end
    return out, rows


def row_turns(text: str, rows: list[tuple[str, str]]) -> list[Turn]:
    """Each row's line in ``text`` given to its source (none where the source is the writers' own data)."""
    turns: list[Turn] = []
    position = 0
    for event, source in rows:
        found = text.find(f"\n{event}\n", position)
        if found < 0:
            continue
        position = found + len(event) + 1
        if _OWN_DATA.search(source):
            continue
        account = _ACCOUNT_ON.match(source)
        turns.append(Turn(Span(found + 1, found + 1 + len(event)), account.group("account") if account else source, reported=True))
    return turns


def _cells(line: str) -> list[str] | None:
    row = _ROW.match(line)
    if row is None or _SEPARATOR.match(line):
        return None
    return [cell.strip() for cell in row.group("cells").split("|")]

