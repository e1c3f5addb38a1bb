"""Reading the CSV layout into an import's spool (the layout itself is ``formats.csv_format``'s)."""

from __future__ import annotations

import io
from typing import IO

from workbench.formats.csv_format import CsvLines, CsvReader, CsvRejected
from workbench.importing.prepared import PreparedFile
from workbench.progress import Progress


def read_csv(stream: IO[bytes], prepared: PreparedFile, progress: Progress) -> None:
    """Validate a CSV file's rows into the spool; refused rows go to the file's rejects."""
    text = text_stream(stream)
    try:
        lines = CsvLines(text, progress, keep_raw=prepared.spool.keep_raw)
        reader = CsvReader(lines, prepared.name, strict=not prepared.rejects.lenient)
        prepared.rejects.note_csv_header(prepared.name, reader.read_header())
        for item in reader.records():
            if isinstance(item, CsvRejected):
                prepared.reject(item.line, item.field, item.reason, item.raw)
            else:
                prepared.spool.add(item.spec, item.raw)
        prepared.records_read += reader.rows_read
    finally:
        text.detach()  # the caller closes the binary stream


def text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    """Text over a binary stream for CSV: BOM dropped, newlines untouched, bad bytes kept visible."""
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
