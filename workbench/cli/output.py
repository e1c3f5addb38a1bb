"""Printing records for the CLI: a readable table by default, ``--json`` or ``--csv`` on demand.

Data goes to stdout and nothing else does. JSON and CSV are faithful (scripts get exactly
what is stored); the table is for eyes on a terminal, so untrusted text is made safe first.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.records import to_jsonable
from workbench.text_safety import safe_text


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
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_cell(row.get(column)) for column in columns])
    else:
        table = Table(title=title, show_lines=False, expand=False)
        for column in columns:
            table.add_column((headers or {}).get(column, column), overflow="fold")
        for row in rows:
            table.add_row(*(Text(safe_text(_cell(row.get(column)))) for column in columns))
        console(out).print(table)


def emit_json(value: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    json.dump(to_jsonable(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


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


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(_csv_cell(v) for v in value)
    return str(to_jsonable(value))
