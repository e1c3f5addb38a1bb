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
        # An empty table's bare header read as "something went wrong" (`claims list --flag
        # superseded` on the sample): it says so in words.
        table = Table(title=title, show_lines=False, expand=False, caption=None if rows else "(none)")
        for column in columns:
            table.add_column((headers or {}).get(column, column), overflow="fold")
        for row in rows:
            table.add_row(*(Text(safe_text(_cell(row.get(column)))) for column in columns))
        console(out).print(table)


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
