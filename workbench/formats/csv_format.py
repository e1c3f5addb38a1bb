"""The CSV layout read as records: rows grouped into claims, with the sources and documents
their columns define (``docs/interchange-format.md``, "CSV"; one row's columns are
``csv_columns``'s).

Rows with the same ``claim_key`` are one claim, wherever they are in the file; adjacent rows
are grouped here, and a claim continued further down is joined while applying. Blank cells
mean "not given": a new record gets the default, an existing one keeps what it has.

The reader only reads: it yields each record, or each refused row with where and why, with
the text it was read from (for a rejects file), and the import decides where they go.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import BadImportFile
from workbench.formats.csv_columns import check_header, parse_row, row_key
from workbench.formats.interchange import AttributionSpec, ClaimSpec, DocumentSpec, Invalid, SourceSpec
from workbench.limits import MAX_TEXT
from workbench.progress import Progress

# The csv module's own limit on one field: above every text limit, so that an oversized
# value is refused by validation (naming its column), while a quote that is never closed
# still stops within a bounded amount of memory.
CSV_FIELD_LIMIT = 4 * MAX_TEXT
_BAD_BYTES = re.compile("[\udc80-\udcff]")


class CsvLines:
    """A CSV text's physical lines (CR, LF or CRLF kept as they are), counted, with bad bytes noted.

    ``text`` must be decoded with ``errors="surrogateescape"`` and ``newline=""``: an invalid
    byte then arrives as a lone surrogate and is reported on its own line, and the csv module
    sees every line ending as it is in the file.
    """

    def __init__(self, text: Iterable[str], progress: Progress, keep_raw: bool) -> None:
        self._text = text
        self._progress = progress
        self.keep_raw = keep_raw
        self.raw: list[str] = []
        self.bad: dict[int, str] = {}
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._text:
            self.count += 1
            self._progress.advance(len(line))
            if max(line, default="") >= "\udc80" and (bad := _BAD_BYTES.search(line)):
                self.bad[self.count] = f"invalid UTF-8 (byte 0x{ord(bad.group()) - 0xDC00:02x})"
            if self.keep_raw:
                self.raw.append(line)
            yield line

    def take_raw(self) -> str:
        text = "".join(self.raw)
        self.raw = []
        return text


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """A record read from the file, and the text of the rows it came from."""

    spec: ClaimSpec | SourceSpec | DocumentSpec
    raw: str


@dataclass(frozen=True, slots=True)
class CsvRejected:
    """Rows refused: the line and column to blame, why, and the rows' text."""

    line: int | None
    field: str
    reason: str
    raw: str


@dataclass
class _Group:
    """Adjacent rows of one claim."""

    key: str
    line: int
    fields: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    attributions: list[AttributionSpec] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    problem: Invalid | None = None

    def merge(self, name: str, value: Any, line: int) -> None:
        if value is None:
            return
        if name in self.fields and self.fields[name] != value:
            raise Invalid(
                line, name, f"{value!r} differs from {self.fields[name]!r} given for claim {self.key!r} on line {self.lines[name]}"
            )
        self.fields.setdefault(name, value)
        self.lines.setdefault(name, line)

    def emitted(self) -> CsvRecord | CsvRejected:
        """The claim these rows make, or their rejection if one of them was wrong."""
        raw = "".join(self.raw)
        if self.problem is not None:
            return CsvRejected(self.problem.line, self.problem.field, self.problem.reason, raw)
        return CsvRecord(self.spec(), raw)

    def spec(self) -> ClaimSpec:
        get = self.fields.get
        return ClaimSpec(
            line=self.line,
            key=self.key,
            text=get("claim_text"),
            tags=get("tags"),
            place=get("place"),
            event_date=get("event_date"),
            verdict=get("verdict"),
            attributions=tuple(self.attributions),
            grouped=True,
            kind=get("kind"),
            verdict_reason=get("verdict_reason"),
        )


class _Definitions:
    """Sources and documents defined in columns: each key once, and consistent on every row."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[dict[str, Any], dict[str, int]]] = {}

    def add(self, kind: str, key: str, values: dict[str, Any], line: int) -> bool:
        """Record a row's values; True when the row says something new about the record."""
        given = {name: value for name, value in values.items() if value is not None}
        known, lines = self.seen.setdefault((kind, key), ({}, {}))
        new = False
        for name, value in given.items():
            if name in known:
                if known[name] != value:
                    raise Invalid(
                        line, name, f"{value!r} differs from {known[name]!r} given for {kind} {key!r} on line {lines[name]}"
                    )
            else:
                known[name], lines[name] = value, line
                new = True
        return new


class CsvReader:
    """Reads a CSV file's records: ``read_header`` first, then ``records``.

    ``strict``: the first refused row ends the reading, and a claim is refused as soon as one
    of its rows is wrong; otherwise a claim's rows are all read first, so that its rejected
    record holds every one of them.
    """

    def __init__(self, lines: CsvLines, name: str, *, strict: bool) -> None:
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)
        self.lines = lines
        self.name = name
        self.strict = strict
        self.rows_read = 0  # rows that hold something, refused ones included
        self._reader = csv.reader(iter(lines), strict=True)
        self._columns: dict[str, int] = {}
        self._width = 0

    def read_header(self) -> list[str]:
        """The header row, checked: a file without a usable one cannot be read at all."""
        name, lines, reader = self.name, self.lines, self._reader
        try:
            header = next(reader)
        except StopIteration:
            raise BadImportFile(name, 1, "(header)", "empty file: expected a header row naming the columns") from None
        except csv.Error as error:
            raise BadImportFile(name, 1, "(header)", f"not valid CSV: {error}") from None
        if 1 in lines.bad:
            raise BadImportFile(name, 1, "(encoding)", lines.bad[1])
        self._columns = check_header(header, name, reader.line_num)
        self._width = len(header)
        lines.take_raw()
        return header

    def records(self) -> Iterator[CsvRecord | CsvRejected]:
        """Every record and every refused row, in file order (see the class docstring)."""
        lines, reader, columns = self.lines, self._reader, self._columns
        definitions = _Definitions()
        group: _Group | None = None
        end = reader.line_num
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                end = reader.line_num
                raw = lines.take_raw()
                self.rows_read += 1
                if group is not None:
                    yield group.emitted()
                    group = None
                yield CsvRejected(start, "(csv)", _csv_error(str(error), start, end), raw)
                if self.strict:
                    return
                continue
            end = reader.line_num
            raw = lines.take_raw() if lines.keep_raw else ""
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            self.rows_read += 1
            try:
                content = parse_row(row, columns, self._width, start, end, lines.bad)
            except Invalid as problem:
                key = row_key(row, columns)
                if group is not None and key == group.key:
                    group.raw.append(raw)
                    if group.problem is None:
                        group.problem = problem
                    if self.strict:
                        yield group.emitted()
                        return
                    continue
                if group is not None:
                    yield group.emitted()
                    group = None
                yield CsvRejected(problem.line, problem.field, problem.reason, raw)
                if self.strict:
                    return
                continue
            if group is None or group.key != content.claim_key:
                if group is not None:
                    yield group.emitted()
                group = _Group(content.claim_key, start)
            group.raw.append(raw)
            if group.problem is not None:
                continue
            try:
                for column, value in content.claim_fields.items():
                    group.merge(column, value, start)
                for spec, values in content.definitions:
                    kind = "source" if isinstance(spec, SourceSpec) else "document"
                    if definitions.add(kind, spec.key, values, start):
                        yield CsvRecord(spec, raw)
            except Invalid as problem:
                group.problem = problem
                if self.strict:
                    yield group.emitted()
                    return
                continue
            if content.attribution is not None:
                group.attributions.append(content.attribution)
        if group is not None:
            yield group.emitted()


def _csv_error(message: str, start: int, end: int) -> str:
    if "unexpected end of data" in message:
        return f"a quoted field opened on line {start} is never closed (the file ends inside it)"
    if "field larger than field limit" in message:
        return f"a field longer than {CSV_FIELD_LIMIT:,} characters (or a quote never closed) from line {start} to {end}"
    return f"not valid CSV: {message}"
