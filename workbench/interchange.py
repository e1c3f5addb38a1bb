"""Validating interchange-format records (docs/interchange-format.md) into typed specs.

Validation is pure and happens before anything touches the database, so a bad file is
rejected whole with one line naming file, line and field, and nothing is half-written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from workbench.jsonlines import LinedDict
from workbench.vocabulary import LinkRelation, Mode, Reliability, SourceKind, Stance, Verdict, choices

FORMAT_NAME = "workbench"
FORMAT_VERSION = 1
MAX_TEXT = 100_000  # characters in any one text field (a claim, a quote, a note)
MAX_DOCUMENT_TEXT = 5_000_000  # characters of a document's full text
MAX_KEY = 200


class Invalid(ValueError):
    """A record breaks the format; ``line`` and ``field`` say where."""

    def __init__(self, line: int | None, field: str, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class SourceSpec:
    line: int | None
    key: str
    name: str
    kind: str
    role: str | None
    affiliation: str | None
    reliability: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class DocumentSpec:
    line: int | None
    key: str
    title: str
    outlet: str | None
    byline: str | None
    place: str | None
    published_at: datetime | None
    url: str | None
    text: str | None
    derived_from: str | None


@dataclass(frozen=True)
class AttributionSpec:
    line: int | None
    path: str
    key: str | None
    source: str
    stance: str
    mode: str
    document: str | None
    quote: str | None
    span: tuple[int, int] | None
    relayed_via: str | None
    credibility: int
    as_of: date | None
    note: str | None


@dataclass(frozen=True)
class ClaimSpec:
    line: int | None
    key: str
    text: str
    tags: tuple[str, ...]
    place: str | None
    event_date: date | None
    verdict: str
    attributions: tuple[AttributionSpec, ...]


@dataclass(frozen=True)
class LinkSpec:
    line: int | None
    path: str
    from_key: str
    to_key: str
    relation: str
    note: str | None


@dataclass
class Bundle:
    """Everything one file holds, validated."""

    sources: list[SourceSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    links: list[LinkSpec] = field(default_factory=list)


class _Record:
    """Typed access to one JSON object's fields, with errors that name line and field path."""

    def __init__(self, value: Any, path: str, allowed: set[str], parent_line: int | None = None) -> None:
        self.line = getattr(value, "line", parent_line)
        self.path = path
        if not isinstance(value, dict):
            raise Invalid(self.line, path, f"expected an object, got {_type_name(value)}")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise Invalid(self.line, f"{path}.{unknown[0]}", f"unknown field (allowed: {', '.join(sorted(allowed))})")
        self.value = value

    def fail(self, name: str, reason: str) -> Invalid:
        return Invalid(self.line, f"{self.path}.{name}", reason)

    def text(self, name: str, *, required: bool = False, limit: int = MAX_TEXT, blank_ok: bool = True) -> str | None:
        if name not in self.value or self.value[name] is None:
            if required:
                raise self.fail(name, "missing (required)")
            return None
        raw = self.value[name]
        if not isinstance(raw, str):
            raise self.fail(name, f"expected a string, got {_type_name(raw)}")
        if len(raw) > limit:
            raise self.fail(name, f"too long ({len(raw):,} characters; the limit is {limit:,})")
        if not blank_ok and not raw.strip():
            raise self.fail(name, "must not be blank")
        return raw

    def required_text(self, name: str, limit: int = MAX_TEXT) -> str:
        value = self.text(name, required=True, limit=limit, blank_ok=False)
        assert value is not None
        return value

    def key(self, name: str, required: bool = False) -> str | None:
        value = self.text(name, required=required, limit=MAX_KEY, blank_ok=False)
        return value.strip() if value is not None else None

    def enum(self, name: str, enum: type[StrEnum], default: StrEnum | None = None) -> str:
        if name not in self.value or self.value[name] is None:
            if default is None:
                raise self.fail(name, "missing (required)")
            return default.value
        raw = self.value[name]
        if not isinstance(raw, str):
            raise self.fail(name, f"expected a string, got {_type_name(raw)}")
        try:
            return enum(raw).value
        except ValueError:
            raise self.fail(name, f"unknown value {raw!r} (expected one of: {', '.join(choices(enum))})") from None

    def integer(self, name: str, low: int, high: int, default: int) -> int:
        if name not in self.value or self.value[name] is None:
            return default
        raw = self.value[name]
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(name, f"expected a whole number from {low} to {high}, got {_describe(raw)}")
        if not low <= raw <= high:
            raise self.fail(name, f"must be from {low} to {high}, got {raw}")
        return raw

    def date(self, name: str) -> date | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise self.fail(name, f"expected an ISO date like 2026-01-27, got {raw!r}") from None

    def datetime(self, name: str) -> datetime | None:
        raw = self.text(name)
        if raw is None:
            return None
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(name, f"expected an ISO date or date-time like 2026-01-27T09:30:00, got {raw!r}") from None
        if parsed.tzinfo is not None:
            from datetime import UTC

            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        return parsed

    def strings(self, name: str, limit: int = MAX_TEXT) -> tuple[str, ...]:
        raw = self.value.get(name)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(name, f"expected a list of strings, got {_type_name(raw)}")
        for index, item in enumerate(raw):
            if not isinstance(item, str):
                raise self.fail(f"{name}[{index}]", f"expected a string, got {_type_name(item)}")
            if len(item) > limit:
                raise self.fail(f"{name}[{index}]", f"too long ({len(item):,} characters; the limit is {limit:,})")
        return tuple(raw)

    def records(self, name: str) -> list[Any]:
        raw = self.value.get(name)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail(name, f"expected a list, got {_type_name(raw)}")
        return raw


_SOURCE_FIELDS = {"key", "name", "kind", "role", "affiliation", "reliability", "aliases"}
_DOCUMENT_FIELDS = {"key", "title", "outlet", "byline", "place", "published_at", "url", "text", "derived_from"}
_CLAIM_FIELDS = {"key", "text", "tags", "place", "event_date", "verdict", "attributions"}
_ATTRIBUTION_FIELDS = {
    "key", "source", "stance", "mode", "document", "quote", "span", "relayed_via", "credibility", "as_of", "note",
}
_LINK_FIELDS = {"from", "to", "relation", "note"}
_TOP_FIELDS = {"format", "version", "sources", "documents", "claims", "links"}


def parse_bundle(data: Any) -> Bundle:
    """Validate a whole interchange document (already parsed JSON)."""
    top = _Record(data, "(top)", _TOP_FIELDS, parent_line=1)
    if data.get("format") != FORMAT_NAME:
        raise Invalid(top.line, "format", f"expected \"{FORMAT_NAME}\", got {_describe(data.get('format'))}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid(top.line, "version", f"expected a whole number, got {_describe(version)}")
    if version > FORMAT_VERSION:
        raise Invalid(top.line, "version", f"version {version} is newer than this workbench reads ({FORMAT_VERSION})")
    if version < 1:
        raise Invalid(top.line, "version", f"unknown version {version}")
    bundle = Bundle(
        sources=[parse_source(v, f"sources[{i}]") for i, v in enumerate(top.records("sources"))],
        documents=[parse_document(v, f"documents[{i}]") for i, v in enumerate(top.records("documents"))],
        claims=[parse_claim(v, f"claims[{i}]") for i, v in enumerate(top.records("claims"))],
        links=[parse_link(v, f"links[{i}]") for i, v in enumerate(top.records("links"))],
    )
    _check_unique(bundle)
    return bundle


def parse_source(value: Any, path: str) -> SourceSpec:
    record = _Record(value, path, _SOURCE_FIELDS)
    return SourceSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        name=record.required_text("name"),
        kind=record.enum("kind", SourceKind, SourceKind.PERSON),
        role=record.text("role"),
        affiliation=record.key("affiliation"),
        reliability=record.enum("reliability", Reliability, Reliability.F),
        aliases=record.strings("aliases"),
    )


def parse_document(value: Any, path: str) -> DocumentSpec:
    record = _Record(value, path, _DOCUMENT_FIELDS)
    return DocumentSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        title=record.required_text("title"),
        outlet=record.key("outlet"),
        byline=record.text("byline"),
        place=record.text("place"),
        published_at=record.datetime("published_at"),
        url=record.text("url"),
        text=record.text("text", limit=MAX_DOCUMENT_TEXT),
        derived_from=record.key("derived_from"),
    )


def parse_claim(value: Any, path: str) -> ClaimSpec:
    record = _Record(value, path, _CLAIM_FIELDS)
    return ClaimSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        text=record.required_text("text"),
        tags=record.strings("tags", limit=100),
        place=record.text("place"),
        event_date=record.date("event_date"),
        verdict=record.enum("verdict", Verdict, Verdict.UNREVIEWED),
        attributions=tuple(
            parse_attribution(v, f"{path}.attributions[{i}]", record.line)
            for i, v in enumerate(record.records("attributions"))
        ),
    )


def parse_attribution(value: Any, path: str, claim_line: int | None = None) -> AttributionSpec:
    record = _Record(value, path, _ATTRIBUTION_FIELDS, parent_line=claim_line)
    return AttributionSpec(
        line=record.line,
        path=path,
        key=record.key("key"),
        source=record.key("source", required=True) or "",
        stance=record.enum("stance", Stance),
        mode=record.enum("mode", Mode, Mode.PARAPHRASE),
        document=record.key("document"),
        quote=record.text("quote"),
        span=_span(record),
        relayed_via=record.key("relayed_via"),
        credibility=record.integer("credibility", 1, 6, 6),
        as_of=record.date("as_of"),
        note=record.text("note"),
    )


def parse_link(value: Any, path: str) -> LinkSpec:
    record = _Record(value, path, _LINK_FIELDS)
    from_key = record.key("from", required=True) or ""
    to_key = record.key("to", required=True) or ""
    if from_key == to_key:
        raise record.fail("to", "a claim cannot be linked to itself")
    return LinkSpec(record.line, path, from_key, to_key, record.enum("relation", LinkRelation), record.text("note"))


def _span(record: _Record) -> tuple[int, int] | None:
    raw = record.value.get("span")
    if raw is None:
        return None
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or any(isinstance(x, bool) or not isinstance(x, int) for x in raw)
    ):
        raise record.fail("span", f"expected [start, end] as two whole numbers, got {_describe(raw)}")
    start, end = raw
    if start < 0 or end < start:
        raise record.fail("span", f"expected 0 <= start <= end, got [{start}, {end}]")
    return (start, end)


def _check_unique(bundle: Bundle) -> None:
    for kind, items in (("sources", bundle.sources), ("documents", bundle.documents), ("claims", bundle.claims)):
        seen: dict[str, int | None] = {}
        for index, item in enumerate(items):
            if item.key in seen:
                raise Invalid(
                    item.line, f"{kind}[{index}].key", f"duplicate key {item.key!r} (first used on line {seen[item.key]})"
                )
            seen[item.key] = item.line
    seen_attributions: dict[str, int | None] = {}
    for claim in bundle.claims:
        for attribution in claim.attributions:
            if attribution.key is None:
                continue
            if attribution.key in seen_attributions:
                raise Invalid(
                    attribution.line,
                    f"{attribution.path}.key",
                    f"duplicate key {attribution.key!r} (first used on line {seen_attributions[attribution.key]})",
                )
            seen_attributions[attribution.key] = attribution.line


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _describe(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return f"{_type_name(value)} ({value!r})" if value is not None else "null"
    return _type_name(value)
