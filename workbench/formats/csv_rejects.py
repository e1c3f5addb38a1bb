"""Rejected CSV rows written back as CSV, to be fixed in a spreadsheet and imported again."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO

from workbench.formats.csv_columns import COLUMNS, REJECT_REASON_COLUMN


def write_rejected_rows(out: IO[str], rejected: Iterable[tuple[str, str, str | None]], headers: dict[str, list[str]]) -> None:
    """Rejected CSV records as CSV: the input's columns, then ``reject_reason``.

    ``rejected`` holds ``(file, "file:line: field: reason", raw rows)``. Rows are re-read
    from their raw text and written under one header (the columns any input file had, in
    the documented order), so a reviewer can fix them in a spreadsheet and import the file
    again. Rows that cannot be read back as cells (a quote never closed, a wrong number of
    fields) keep their text in the reason instead, so nothing rejected is lost.
    """
    present = {cell.strip().lower() for header in headers.values() for cell in header}
    columns = [column for column in COLUMNS if column in present]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*columns, REJECT_REASON_COLUMN])
    for file, reason, raw in rejected:
        header = [cell.strip().lower() for cell in headers.get(file, [])]
        rows = _rows_of(raw)
        if rows is None or not rows or any(len(row) != len(header) for row in rows):
            shown = f"{reason} (as read: {raw!r})" if raw else reason
            writer.writerow([""] * len(columns) + [shown])
            continue
        for row in rows:
            cells = dict(zip(header, row, strict=True))
            writer.writerow([cells.get(column, "") for column in columns] + [reason])


def _rows_of(raw: str | None) -> list[list[str]] | None:
    if raw is None:
        return None
    try:
        return [row for row in csv.reader(io.StringIO(raw, newline=""), strict=True) if row]
    except csv.Error:
        return None
