"""Printing records for the CLI: a readable table by default, ``--json`` or ``--csv`` on demand.

Data goes to stdout and nothing else does. JSON and CSV written to a file or a pipe are
faithful (scripts get exactly what is stored). On a terminal they are for eyes, like the
table: CSV cells show control characters as visible symbols, exactly as the table does, and
JSON spells the characters a terminal would obey as ``\\u`` escapes (the same JSON value).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.records import to_jsonable
from workbench.text_safety import safe_text, sanitize


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def emit_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: Format,
    *,
    headers: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    title: str | None = None,
) -> None:
    out = out or sys.stdout
    if fmt is Format.JSON:
        emit_json(list(rows), out)
    elif fmt is Format.CSV:
        shown = _is_terminal(out)
        _write_csv_row(out, columns)
        for row in rows:
            cells = [_csv_cell(row.get(column)) for column in columns]
            _write_csv_row(out, [safe_text(cell) for cell in cells] if shown else cells)
    else:
        texts = [{column: safe_text(_cell(row.get(column))) for column in columns} for row in rows]
        terminal = console(out)
        kept = [column for column in columns if any(text[column] for text in texts)] if texts else list(columns)
        names = {column: (headers or {}).get(column, column) for column in kept}
        longest = {column: max([cell_len(names[column]), *(cell_len(text[column]) for text in texts)]) for column in kept}
        short = [column for column in kept if longest[column] <= SHORT_CELL]
        room = terminal.width - sum(longest[column] for column in short) - 3 * len(kept) - 1
        if texts and len(short) < len(kept) and room < LONG_CELLS_ROOM:
            _print_cards(terminal, texts, kept, short, names, title)
            return
        table = _table(texts, columns, headers or {}, title)
        unbounded = terminal.options.update_width(1_000_000)
        if not texts and terminal.measure(table, options=unbounded).maximum > terminal.width:
            terminal.print(Text(f"{title}: (none)" if title else "(none)"))  # cut headers say less
            return
        if texts and terminal.measure(table, options=unbounded).maximum > terminal.width:
            # Too wide for the terminal: columns empty on every row go, and the longest column
            # (a claim's text) keeps the room the other long ones would have taken from it.
            table = _table(texts, kept, headers or {}, title, narrow=max(SHORT_CELL, terminal.width // 5))
        terminal.print(table)


SHORT_CELL = 20
"""A column whose cells are all this short (an id, a status, a verdict, a date) never wraps: in
an 80-column terminal `claims list` had wrapped them to "corrobora/ted" and "unreviewe/d"
and left the claim's text nine characters a line. The longer columns share what is left."""
LONG_CELLS_ROOM = 40
"""Below this many characters a line for the long columns (a claim's text) beside the short
ones, a listing is printed as one block a row instead of a table."""


MAIN_COLUMNS = ("text", "name", "title", "quote")
"""What a block shows first and unlabelled, the first of these a listing has (else its longest
column): a claim's text, a source's name, a document's title."""


def _print_cards(
    terminal: Console,
    cells: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    short: Sequence[str],
    names: Mapping[str, str],
    title: str | None,
) -> None:
    """One block a row, for a terminal too narrow for the table: the short values on the first
    line ("1 · status corroborated · origins 2"), then indented the main one (a claim's text,
    unlabelled: ``MAIN_COLUMNS``) and each other long one ("awaiting: ..."). Empty values are
    left out."""
    if title:
        terminal.print(Text(title, style="bold"))
    named = [column for column in MAIN_COLUMNS if column in columns]
    long = [column for column in columns if column not in short]
    main = named[0] if named else max(long, key=lambda column: max(cell_len(cell[column]) for cell in cells))
    short = [column for column in short if column != main]
    for index, cell in enumerate(cells):
        first = [
            cell[column] if position == 0 else f"{names[column]} {cell[column]}"
            for position, column in enumerate(short)
            if cell[column]
        ]
        if index:
            terminal.print()
        terminal.print(Text(" · ".join(first), style="bold"))
        if cell[main]:
            _print_indented(terminal, cell[main])
        for column in long:
            if cell[column] and column != main:
                _print_indented(terminal, f"{names[column]}: {cell[column]}")


def _print_indented(terminal: Console, value: str) -> None:
    """``value`` wrapped to the terminal, two spaces in, no trailing blanks (Rich's padding
    fills each line to the width, which a copy from the terminal then carries)."""
    for line in Text(value).wrap(terminal, max(terminal.width - 2, 10)):
        line.rstrip()
        terminal.print(Text("  ") + line)


def _table(
    cells: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    headers: Mapping[str, str],
    title: str | None,
    *,
    narrow: int | None = None,
) -> Table:
    """The table of ``cells``; ``narrow``: the width every long column but the longest may take."""
    # An empty table's bare header read as "something went wrong" (`claims list --flag
    # superseded` on the sample): it says so in words.
    table = Table(title=title, show_lines=False, expand=False, caption=None if cells else "(none)")
    longest = {column: max([cell_len(headers.get(column, column)), *(cell_len(cell[column]) for cell in cells)]) for column in columns}
    main = max(columns, key=lambda column: longest[column]) if columns else None
    for column in columns:
        header = headers.get(column, column)
        if longest[column] <= SHORT_CELL:
            table.add_column(header, no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(header, overflow="fold", max_width=narrow if narrow is not None and column != main else None)
    for cell in cells:
        table.add_row(*(Text(cell[column]) for column in columns))
    return table


def emit_json(value: Any, out: TextIO | None = None, *, jsonable: bool = False) -> None:
    """Print ``value`` as indented JSON; ``jsonable``: it is made of JSON's own types already
    (dicts, lists, tuples, strings, numbers, None), so ``to_jsonable`` need not walk it again."""
    out = out or sys.stdout
    text = json.dumps(value if jsonable else to_jsonable(value), ensure_ascii=False, indent=2)
    if _is_terminal(out):
        text = "".join(char if sanitize(char) == char or char == "\n" else _json_escape(char) for char in text)
    out.write(text + "\n")


def _json_escape(char: str) -> str:
    """``char`` as a JSON ``\\u`` escape (a surrogate pair beyond the Basic Multilingual Plane)."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class TerminalSafeWriter:
    """A text stream for a terminal: everything written shows its control characters as
    visible symbols (newlines kept). For exports printed to a terminal rather than saved."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(sanitize(text, multiline=True))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream is not a terminal
        return False


def console(out: TextIO | None = None) -> Console:
    out = out or sys.stdout
    width = None if out.isatty() else 160
    return Console(file=out, width=width, highlight=False, markup=False, emoji=False, soft_wrap=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    jsonable = to_jsonable(value)
    return str(jsonable)


def _write_csv_row(out: TextIO, cells: Sequence[str]) -> None:
    """One CSV row ending in LF, with every field that holds a CR or an LF quoted.

    Python's writer quotes only the characters of its own line terminator: with "\n" a bare
    CR would go out unquoted and split the row when read back. Written with "\r\n", both are
    quoted; the row's own terminator is then put back to "\n".
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    out.write(buffer.getvalue()[:-2] + "\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(_csv_cell(v) for v in value)
    return str(to_jsonable(value))


def counted(number: int, plural: str) -> str:
    """'1 claim', '2 claims': for the summary lines a script may log ("1 documents created"
    read as a slip). ``plural`` is the English plural made with a final s."""
    return f"{number} {plural.removesuffix('s') if number == 1 else plural}"
