"""Rejected records: strict imports stop at the first, lenient ones set each aside with its reason."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from workbench.errors import BadImportFile
from workbench.formats.csv_rejects import write_rejected_rows
from workbench.output_files import written_whole


@dataclass(frozen=True)
class Problem:
    """A rejected record: where, which field, why, and the record's text when known."""

    file: str
    line: int | None
    field: str
    reason: str
    record: str | None = None

    def describe(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.reason}"


class Rejects:
    """Rejected records. Strict (the default) stops at the first; lenient collects them.

    Collected problems are kept in a temporary file, not in memory, and copied to the
    rejects file at the end (a dry run writes no rejects file).
    """

    def __init__(self, lenient: bool) -> None:
        self.lenient = lenient
        self.count = 0
        self.first: list[Problem] = []
        self.csv_headers: dict[str, list[str]] = {}  # CSV file -> its header row
        self._file: IO[str] | None = None

    def note_csv_header(self, file: str, header: list[str]) -> None:
        """Remember a CSV file's columns, to write its rejected rows back as CSV."""
        self.csv_headers[file] = list(header)

    def add(self, problem: Problem) -> None:
        if not self.lenient:
            raise BadImportFile(problem.file, problem.line, problem.field, problem.reason)
        self.count += 1
        if len(self.first) < 20:
            self.first.append(problem)
        if self._file is None:
            self._file = tempfile.TemporaryFile("w+", encoding="utf-8", prefix="workbench-rejects-")  # noqa: SIM115 - kept until the rejects are written
        entry = {"file": problem.file, "line": problem.line, "field": problem.field, "reason": problem.reason}
        if problem.record is not None:
            entry["record"] = problem.record
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def save(self, path: str | Path, *, as_csv: bool = False) -> None:
        """Write every rejected record to ``path`` (replacing it): one JSON object a line, or
        with ``as_csv`` (every input was CSV) the rejected rows as CSV with their reasons."""
        with written_whole(Path(path), newline="" if as_csv else None) as out:
            if as_csv:
                write_rejected_rows(out, self._entries(), self.csv_headers)
            elif self._file is not None:
                self._file.seek(0)
                shutil.copyfileobj(self._file, out)

    def _entries(self) -> Iterator[tuple[str, str, str | None]]:
        if self._file is None:
            return
        self._file.seek(0)
        for line in self._file:
            entry = json.loads(line)
            problem = Problem(entry["file"], entry["line"], entry["field"], entry["reason"])
            yield entry["file"], problem.describe(), entry.get("record")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
