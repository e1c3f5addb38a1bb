"""The CSV layout: one attribution a row, with its claim, source and document in columns.

A spreadsheet cannot nest, so each row is flat (``docs/interchange-format.md``, "CSV").
Rows with the same ``claim_key`` are one claim, wherever they are in the file; adjacent rows
are grouped here, and a claim continued further down is joined while applying. Blank cells
mean "not given": a new record gets the default, an existing one keeps what it has.

Values are validated with the same rules as the JSON formats (``interchange``); errors name
the column and the line on which the record starts.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from workbench.errors import BadImportFile
from workbench.formats.interchange import (
    MAX_KEY,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
    AttributionSpec,
    ClaimSpec,
    DocumentSpec,
    Invalid,
    SourceSpec,
    check_text,
    parse_date,
    parse_datetime,
    parse_enum,
)
from workbench.progress import Progress
from workbench.vocabulary import Mode, Reliability, SourceKind, Stance, Verdict

if TYPE_CHECKING:
    from workbench.importing.reading import PreparedFile

CLAIM_COLUMNS = ("claim_key", "claim_text", "tags", "place", "event_date", "verdict")
ATTRIBUTION_COLUMNS = (
    "attribution_key", "stance", "mode", "quote", "credibility", "as_of", "note", "relayed_via_key",
)
SOURCE_COLUMNS = ("source_key", "source_name", "source_kind", "source_reliability")
DOCUMENT_COLUMNS = ("document_key", "document_title", "document_url", "published_at")
COLUMNS = CLAIM_COLUMNS + ATTRIBUTION_COLUMNS + SOURCE_COLUMNS + DOCUMENT_COLUMNS
REQUIRED_COLUMNS = ("claim_key",)
# A CSV rejects file's own last column: ignored on import, so that a rejects file whose rows
# have been fixed imports as it is.
REJECT_REASON_COLUMN = "reject_reason"
TAG_SEPARATOR = ";"
# The csv module's own limit on one field: above every text limit, so that an oversized
# value is refused by validation (naming its column), while a quote that is never closed
# still stops within a bounded amount of memory.
CSV_FIELD_LIMIT = 4 * MAX_TEXT
_BAD_BYTES = re.compile("[\udc80-\udcff]")
# CSV column -> the stored attribution value it sets.
_ATTRIBUTION_VALUES = {
    "mode": "mode", "quote": "quote", "credibility": "credibility", "as_of": "as_of", "note": "note",
    "relayed_via_key": "relayed_via_id", "document_key": "document_id",
}
_ATTRIBUTION_OR_SOURCE = ATTRIBUTION_COLUMNS[:1] + ATTRIBUTION_COLUMNS[2:] + SOURCE_COLUMNS + ("document_key",)


class _Lines:
    """The text's physical lines (CR, LF or CRLF kept as they are), counted, with bad bytes noted."""

    def __init__(self, stream: IO[bytes], progress: Progress, keep_raw: bool) -> None:
        from workbench.importing.reading import text_stream

        self._text = text_stream(stream)
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

    def detach(self) -> None:
        self._text.detach()


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


def read_csv(stream: IO[bytes], prepared: PreparedFile, progress: Progress) -> None:
    """Validate a CSV file's rows into the spool (see the module docstring for the layout)."""
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    lines = _Lines(stream, progress, keep_raw=prepared.spool.keep_raw)
    try:
        _read_rows(lines, prepared)
    finally:
        lines.detach()


def _read_rows(lines: _Lines, prepared: PreparedFile) -> None:
    name = prepared.name
    reader = csv.reader(iter(lines), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise BadImportFile(name, 1, "(header)", "empty file: expected a header row naming the columns") from None
    except csv.Error as error:
        raise BadImportFile(name, 1, "(header)", f"not valid CSV: {error}") from None
    if 1 in lines.bad:
        raise BadImportFile(name, 1, "(encoding)", lines.bad[1])
    columns = _check_header(header, name, reader.line_num)
    prepared.rejects.note_csv_header(name, header)
    width = len(header)
    lines.take_raw()
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
            prepared.records_read += 1
            if group is not None:
                _emit(group, prepared)
                group = None
            reason = _csv_error(str(error), start, end)
            prepared.reject(start, "(csv)", reason, raw)
            continue
        end = reader.line_num
        raw = lines.take_raw() if lines.keep_raw else ""
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        prepared.records_read += 1
        try:
            parts = _parse_row(row, columns, width, start, end, lines)
        except Invalid as problem:
            key = _row_key(row, columns)
            if group is not None and key == group.key:
                group.raw.append(raw)
                if group.problem is None:
                    group.problem = problem
                if not prepared.rejects.lenient:
                    _emit(group, prepared)
                continue
            if group is not None:
                _emit(group, prepared)
                group = None
            prepared.reject(problem.line, problem.field, problem.reason, raw)
            continue
        claim_key, claim_fields, attribution, definitions_in_row = parts
        if group is None or group.key != claim_key:
            if group is not None:
                _emit(group, prepared)
            group = _Group(claim_key, start)
        group.raw.append(raw)
        if group.problem is not None:
            continue
        try:
            for column, value in claim_fields.items():
                group.merge(column, value, start)
            for spec, values in definitions_in_row:
                kind = "source" if isinstance(spec, SourceSpec) else "document"
                if definitions.add(kind, spec.key, values, start):
                    prepared.spool.add(spec, raw)
        except Invalid as problem:
            group.problem = problem
            if not prepared.rejects.lenient:
                _emit(group, prepared)
            continue
        if attribution is not None:
            group.attributions.append(attribution)
    if group is not None:
        _emit(group, prepared)


def _emit(group: _Group, prepared: PreparedFile) -> None:
    raw = "".join(group.raw)
    if group.problem is not None:
        prepared.reject(group.problem.line, group.problem.field, group.problem.reason, raw)
        return
    prepared.spool.add(group.spec(), raw)


def _csv_error(message: str, start: int, end: int) -> str:
    if "unexpected end of data" in message:
        return f"a quoted field opened on line {start} is never closed (the file ends inside it)"
    if "field larger than field limit" in message:
        return f"a field longer than {CSV_FIELD_LIMIT:,} characters (or a quote never closed) from line {start} to {end}"
    return f"not valid CSV: {message}"


def _check_header(header: list[str], name: str, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        column = raw.strip().lower()
        if column == REJECT_REASON_COLUMN:
            continue
        if column not in COLUMNS:
            raise BadImportFile(
                name, line, "(header)", f"unknown column {raw!r} (known columns: {', '.join(COLUMNS)})"
            )
        if column in columns:
            raise BadImportFile(name, line, "(header)", f"column {column!r} appears twice")
        columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise BadImportFile(name, line, "(header)", f"missing the {column!r} column (required)")
    return columns


def _row_key(row: list[str], columns: dict[str, int]) -> str | None:
    index = columns["claim_key"]
    return row[index].strip() if index < len(row) else None


def _parse_row(
    row: list[str], columns: dict[str, int], width: int, line: int, end: int, lines: _Lines
) -> tuple[str, dict[str, Any], AttributionSpec | None, list[tuple[SourceSpec | DocumentSpec, dict[str, Any]]]]:
    for number in range(line, end + 1):
        if number in lines.bad:
            raise Invalid(number, "(encoding)", lines.bad[number])
    if len(row) != width:
        raise Invalid(line, "(row)", f"expected {width} fields as in the header, got {len(row)}")
    cells = _Cells(row, columns, line)
    claim_key = cells.key("claim_key", required=True)
    assert claim_key is not None
    tags_cell = cells.text("tags", limit=MAX_TAGS * (MAX_TAG + 1))
    tags = None
    if tags_cell is not None:
        items = [t.strip() for t in tags_cell.split(TAG_SEPARATOR)]
        tags = tuple(sorted({t.lower() for t in items if t}))
        if len(tags) > MAX_TAGS:
            raise Invalid(line, "tags", f"too many ({len(tags)}; the limit is {MAX_TAGS})")
        for tag in tags:
            check_text(tag, line, "tags", MAX_TAG)
    claim_fields = {
        "claim_text": cells.text("claim_text", blank_ok=False),
        "tags": tags,
        "place": cells.text("place"),
        "event_date": cells.date("event_date"),
        "verdict": cells.enum("verdict", Verdict),
    }

    definitions: list[tuple[SourceSpec | DocumentSpec, dict[str, Any]]] = []
    source_key = cells.key("source_key")
    source_name = cells.text("source_name", blank_ok=False)
    source_kind = cells.enum("source_kind", SourceKind)
    source_reliability = cells.enum("source_reliability", Reliability)
    if source_key is not None and (source_name or source_kind or source_reliability):
        values = {"source_name": source_name, "source_kind": source_kind, "source_reliability": source_reliability}
        spec = SourceSpec(
            line=line, key=source_key, name=source_name, kind=source_kind, role=None, affiliation=None,
            reliability=source_reliability, aliases=(), partial=True,
        )
        definitions.append((spec, values))
    document_key = cells.key("document_key")
    document_title = cells.text("document_title", blank_ok=False)
    document_url = cells.text("document_url")
    published_at = cells.datetime("published_at")
    if document_key is None and (document_title or document_url or published_at):
        raise Invalid(line, "document_key", "missing (required when a row describes a document)")
    if document_key is not None and (document_title or document_url or published_at):
        values = {"document_title": document_title, "document_url": document_url, "published_at": published_at}
        spec = DocumentSpec(
            line=line, key=document_key, title=document_title, outlet=None, byline=None, place=None,
            published_at=published_at, url=document_url, text=None, derived_from=None, partial=True,
        )
        definitions.append((spec, values))

    stance = cells.enum("stance", Stance)
    attribution = None
    if stance is None:
        given = [c for c in _ATTRIBUTION_OR_SOURCE if cells.given(c)]
        if given and not all(c in SOURCE_COLUMNS for c in given):
            raise Invalid(line, "stance", f"missing (required when the row gives {given[0]})")
        if source_name and not source_key:
            raise Invalid(line, "stance", "missing (required when the row names a source without a key)")
    else:
        if source_key is None and source_name is None:
            raise Invalid(line, "source_key", "missing (give source_key or source_name for the attribution)")
        attribution = AttributionSpec(
            line=line,
            path="",
            key=cells.key("attribution_key"),
            source=source_key,
            stance=stance,
            mode=cells.enum("mode", Mode) or Mode.PARAPHRASE.value,
            document=document_key,
            quote=cells.text("quote"),
            span=None,
            relayed_via=cells.key("relayed_via_key"),
            credibility=cells.integer("credibility", 1, 6, 6),
            as_of=cells.date("as_of"),
            note=cells.text("note"),
            source_name=source_name if source_key is None else None,
            source_kind=source_kind if source_key is None else None,
            source_reliability=source_reliability if source_key is None else None,
            given=frozenset(
                {"claim_id", "source_id", "stance"}
                | {stored for column, stored in _ATTRIBUTION_VALUES.items() if cells.given(column)}
            ),
        )
    return claim_key, claim_fields, attribution, definitions


class _Cells:
    """Typed access to one row's cells; a blank cell is "not given"."""

    def __init__(self, row: list[str], columns: dict[str, int], line: int) -> None:
        self.row = row
        self.columns = columns
        self.line = line

    def raw(self, column: str) -> str | None:
        index = self.columns.get(column)
        if index is None:
            return None
        value = self.row[index]
        return value if value != "" else None

    def given(self, column: str) -> bool:
        value = self.raw(column)
        return value is not None and value.strip() != ""

    def text(self, column: str, *, limit: int = MAX_TEXT, blank_ok: bool = True) -> str | None:
        value = self.raw(column)
        if value is None:
            return None
        check_text(value, self.line, column, limit)
        if not value.strip():
            if blank_ok:
                return value
            return None
        return value

    def key(self, column: str, required: bool = False) -> str | None:
        value = self.raw(column)
        if value is None or not value.strip():
            if required:
                raise Invalid(self.line, column, "missing (required)")
            return None
        check_text(value, self.line, column, MAX_KEY)
        return value.strip()

    def enum(self, column: str, enum: Any) -> str | None:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_enum(value.strip(), enum, self.line, column)

    def date(self, column: str) -> Any:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_date(value.strip(), self.line, column)

    def datetime(self, column: str) -> Any:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_datetime(value.strip(), self.line, column)

    def integer(self, column: str, low: int, high: int, default: int) -> int:
        value = self.raw(column)
        if value is None or not value.strip():
            return default
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise Invalid(self.line, column, f"expected a whole number from {low} to {high}, got {value!r}")
        number = int(text)
        if not low <= number <= high:
            raise Invalid(self.line, column, f"must be from {low} to {high}, got {number}")
        return number


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
