"""The CSV layout's columns, and what one row of them says (``docs/interchange-format.md``, "CSV").

A row is flat: one attribution, with its claim, its source and its document in columns. A
blank cell means "not given". Values are validated with the same rules as the JSON layout
(``interchange``), and errors name the column and the row's first line. How rows group into
claims is ``csv_format``'s.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from workbench.dates import Published
from workbench.errors import BadImportFile
from workbench.formats.interchange import (
    AttributionSpec,
    DocumentSpec,
    Invalid,
    SourceSpec,
    check_text,
    parse_date,
    parse_enum,
    parse_published_value,
)
from workbench.limits import MAX_KEY, MAX_TAG, MAX_TAGS, MAX_TEXT
from workbench.vocabulary import Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance, Verdict

CLAIM_COLUMNS = ("claim_key", "claim_text", "tags", "place", "event_date", "verdict", "claim_kind", "verdict_reason")
ATTRIBUTION_COLUMNS = (
    "attribution_key", "stance", "mode", "quote", "credibility", "as_of", "note", "relayed_via_key",
    "certainty", "certainty_inferred",
)
SOURCE_COLUMNS = ("source_key", "source_name", "source_kind", "source_reliability")
DOCUMENT_COLUMNS = ("document_key", "document_title", "document_url", "published_at")
COLUMNS = CLAIM_COLUMNS + ATTRIBUTION_COLUMNS + SOURCE_COLUMNS + DOCUMENT_COLUMNS
REQUIRED_COLUMNS = ("claim_key",)
# A CSV rejects file's own last column: ignored on import, so that a rejects file whose rows
# have been fixed imports as it is.
REJECT_REASON_COLUMN = "reject_reason"
TAG_SEPARATOR = ";"
# CSV column -> the stored attribution value it sets.
_ATTRIBUTION_VALUES = {
    "mode": "mode", "quote": "quote", "credibility": "credibility", "as_of": "as_of", "note": "note",
    "relayed_via_key": "relayed_via_id", "document_key": "document_id",
    "certainty": "certainty", "certainty_inferred": "certainty_inferred",
}
_ATTRIBUTION_OR_SOURCE = ATTRIBUTION_COLUMNS[:1] + ATTRIBUTION_COLUMNS[2:] + SOURCE_COLUMNS + ("document_key",)


class RowContent(NamedTuple):
    """What one row says: its claim's key and values, its attribution (None for a row of a
    claim without one), and the sources and documents it describes (with the values given)."""

    claim_key: str
    claim_fields: dict[str, Any]
    attribution: AttributionSpec | None
    definitions: list[tuple[SourceSpec | DocumentSpec, dict[str, Any]]]


def check_header(header: list[str], name: str, line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        column = raw.strip().lower()
        if column == REJECT_REASON_COLUMN:
            continue
        if column not in COLUMNS:
            guesses = _likely_meant(column)
            meant = f"did you mean {_either(guesses)}? " if guesses else ""
            raise BadImportFile(
                name, line, "(header)", f"unknown column {raw!r} ({meant}known columns: {', '.join(COLUMNS)})"
            )
        if column in columns:
            raise BadImportFile(name, line, "(header)", f"column {column!r} appears twice")
        columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise BadImportFile(name, line, "(header)", f"missing the {column!r} column (required)")
    return columns


def row_key(row: list[str], columns: dict[str, int]) -> str | None:
    index = columns["claim_key"]
    return row[index].strip() if index < len(row) else None


def parse_row(
    row: list[str], columns: dict[str, int], width: int, line: int, end: int, bad_lines: Mapping[int, str]
) -> RowContent:
    """The row read from lines ``line`` to ``end`` (``bad_lines``: line -> why its bytes are bad)."""
    for number in range(line, end + 1):
        if number in bad_lines:
            raise Invalid(number, "(encoding)", bad_lines[number])
    if len(row) != width:
        raise Invalid(line, "(row)", f"expected {width} fields as in the header, got {len(row)}")
    cells = Cells(row, columns, line)
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
    claim_fields: dict[str, Any] = {
        "claim_text": cells.text("claim_text", blank_ok=False),
        "tags": tags,
        "place": cells.text("place"),
        "event_date": cells.date("event_date"),
        "verdict": cells.enum("verdict", Verdict),
        "kind": cells.enum("claim_kind", ClaimKind),
        "verdict_reason": cells.text("verdict_reason", blank_ok=False),
    }

    definitions: list[tuple[SourceSpec | DocumentSpec, dict[str, Any]]] = []
    source_key = cells.key("source_key")
    source_name = cells.text("source_name", blank_ok=False)
    source_kind = cells.enum("source_kind", SourceKind)
    source_reliability = cells.enum("source_reliability", Reliability)
    if source_key is not None and (source_name or source_kind or source_reliability):
        values: dict[str, Any] = {"source_name": source_name, "source_kind": source_kind, "source_reliability": source_reliability}
        source = SourceSpec(
            line=line, key=source_key, name=source_name, kind=source_kind, role=None, affiliation=None,
            reliability=source_reliability, aliases=(), partial=True,
        )
        definitions.append((source, values))
    document_key = cells.key("document_key")
    document_title = cells.text("document_title", blank_ok=False)
    document_url = cells.text("document_url")
    published_at = cells.published("published_at")
    if document_key is None and (document_title or document_url or published_at):
        raise Invalid(line, "document_key", "missing (required when a row describes a document)")
    if document_key is not None and (document_title or document_url or published_at):
        values = {"document_title": document_title, "document_url": document_url, "published_at": published_at}
        document = DocumentSpec(
            line=line, key=document_key, title=document_title, outlet=None, byline=None, place=None,
            published_at=published_at, url=document_url, text=None, derived_from=None, partial=True,
        )
        definitions.append((document, values))

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
            **_certainty(cells),
        )
    return RowContent(claim_key, claim_fields, attribution, definitions)


def _certainty(cells: Cells) -> dict[str, Any]:
    """The certainty cells: given, or (a file with the column, a blank cell) inferred on import.

    A file without a ``certainty`` column predates it, and meant every attribution as stated.
    """
    certainty = cells.enum("certainty", Certainty)
    inferred = cells.boolean("certainty_inferred")
    if certainty is None:
        if inferred:
            raise Invalid(cells.line, "certainty_inferred", "given without certainty (say which certainty was inferred)")
        return {"infer": "certainty" in cells.columns}
    return {"certainty": certainty, "certainty_inferred": bool(inferred)}


class Cells:
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

    def enum(self, column: str, enum: type[StrEnum]) -> str | None:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_enum(value.strip(), enum, self.line, column)

    def date(self, column: str) -> date | None:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_date(value.strip(), self.line, column)

    def published(self, column: str) -> Published | None:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        return parse_published_value(value.strip(), self.line, column)

    def boolean(self, column: str) -> bool | None:
        value = self.raw(column)
        if value is None or not value.strip():
            return None
        text = value.strip().lower()
        if text not in ("true", "false"):
            raise Invalid(self.line, column, f"expected true or false, got {value!r}")
        return text == "true"

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


def _likely_meant(column: str) -> list[str]:
    """The known columns a spreadsheet's header most likely meant: "source" is "source_name"
    or "source_key", "text" is "claim_text"; else the closest spelling ("staance")."""
    words = [known for known in COLUMNS if column and column in known.split("_")]
    if words:
        return words[:3]
    return difflib.get_close_matches(column, COLUMNS, n=2, cutoff=0.75)


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
