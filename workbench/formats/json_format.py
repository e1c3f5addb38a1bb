"""The JSON layout of the interchange format: a whole document, or one JSONL line a record.

Each JSON object (already parsed by ``jsonlines``, which tags it with its line) is checked
field by field and becomes one of ``interchange``'s specs; errors name the line and the
field's path (``claims[3].attributions[0].stance``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from workbench.formats.interchange import (
    FORMAT_NAME,
    FORMAT_VERSION,
    AttributionSpec,
    Bundle,
    ClaimSpec,
    DocumentSpec,
    Invalid,
    LinkSpec,
    NoteSpec,
    SourceSpec,
    Spec,
)
from workbench.formats.json_record import JsonRecord, describe, type_name
from workbench.limits import MAX_ALIASES, MAX_ATTRIBUTIONS, MAX_DOCUMENT_TEXT, MAX_REVIEWER, MAX_TAG, MAX_TAGS
from workbench.vocabulary import (
    AffiliationKind,
    Certainty,
    ClaimKind,
    LinkRelation,
    Mode,
    Reliability,
    SourceKind,
    Stance,
    Verdict,
)

RECORD_TYPES = ("source", "document", "claim", "link")


_SOURCE_FIELDS = frozenset({"key", "name", "kind", "role", "affiliation", "reliability", "aliases"})
_DOCUMENT_FIELDS = frozenset({"key", "title", "outlet", "byline", "place", "published_at", "url", "text", "derived_from"})
_CLAIM_FIELDS = frozenset({"key", "text", "tags", "place", "event_date", "verdict", "attributions"})
_ATTRIBUTION_FIELDS = frozenset({
    "key", "source", "source_name", "stance", "mode", "document", "quote", "span", "relayed_via", "credibility",
    "as_of", "note",
})
# Version 2 adds these (docs/interchange-format.md, "What changed from version 1"); a
# version-1 file that has one is refused as an unknown field, as before.
_SOURCE_FIELDS_V2 = _SOURCE_FIELDS | {"affiliation_kind", "possibly_same"}
_CLAIM_FIELDS_V2 = _CLAIM_FIELDS | {"kind", "verdict_reason", "notes"}
_ATTRIBUTION_FIELDS_V2 = _ATTRIBUTION_FIELDS | {"certainty", "certainty_inferred"}
_NOTE_FIELDS = frozenset({"text", "by", "at"})
_POSSIBLY_SAME_FIELDS = frozenset({"source", "note"})
_LINK_FIELDS = frozenset({"from", "to", "relation", "note"})
_TOP_FIELDS = frozenset({"format", "version", "exact_copy", "sources", "documents", "claims", "links"})
_HEADER_FIELDS = frozenset({"format", "version", "exact_copy"})


def check_format(data: Any, line: int | None, allowed: frozenset[str] = _TOP_FIELDS, path: str = "(top)") -> JsonRecord:
    """The ``format`` and ``version`` fields of a JSON document or of a JSONL header line."""
    top = JsonRecord(data, path, allowed, parent_line=line)
    if data.get("format") != FORMAT_NAME:
        raise Invalid(top.line, "format", f"expected \"{FORMAT_NAME}\", got {describe(data.get('format'))}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid(top.line, "version", f"expected a whole number, got {describe(version)}")
    if version > FORMAT_VERSION:
        raise Invalid(top.line, "version", f"version {version} is newer than this workbench reads ({FORMAT_VERSION})")
    if version < 1:
        raise Invalid(top.line, "version", f"unknown version {version}")
    if "exact_copy" in data and not isinstance(data["exact_copy"], bool):
        raise Invalid(top.line, "exact_copy", f"expected true or false, got {describe(data['exact_copy'])}")
    return top


def version_of(data: Any) -> int:
    """The version of a document or header already passed by ``check_format``."""
    return int(data["version"])


def is_exact_copy(data: Any) -> bool:
    """A file marked ``"exact_copy": true`` (as ``workbench export`` writes) is restored by key:
    its claims are never matched against, or merged with, other claims."""
    return isinstance(data, dict) and data.get("exact_copy") is True


def parse_bundle(data: Any) -> Bundle:
    """Validate a whole interchange document (already parsed JSON)."""
    top = check_format(data, 1)
    version = version_of(data)
    bundle = Bundle(
        sources=[parse_source(v, f"sources[{i}]", version=version) for i, v in enumerate(top.records("sources"))],
        documents=[parse_document(v, f"documents[{i}]") for i, v in enumerate(top.records("documents"))],
        claims=[parse_claim(v, f"claims[{i}]", version=version) for i, v in enumerate(top.records("claims"))],
        links=[parse_link(v, f"links[{i}]") for i, v in enumerate(top.records("links"))],
    )
    check_unique(bundle)
    return bundle


def is_header(value: Any) -> bool:
    """A JSONL header line: ``{"format": "workbench", "version": 1}`` and nothing else."""
    return isinstance(value, dict) and "format" in value and "type" not in value and set(value) <= _HEADER_FIELDS


def parse_line(value: Any, line: int, version: int = 1) -> Spec:
    """One JSONL line: a record whose ``type`` is source, document, claim (the default) or link.

    ``version`` is the header's; a file without a header line is version 1.
    """
    if not isinstance(value, dict):
        raise Invalid(line, "(record)", f"expected an object, got {type_name(value)}")
    kind = value.get("type", "claim")
    if kind not in RECORD_TYPES:
        raise Invalid(line, "type", f"unknown value {describe(kind)} (expected one of: {', '.join(RECORD_TYPES)})")
    record = {k: v for k, v in value.items() if k != "type"} if "type" in value else value
    if kind == "claim":
        return parse_claim(record, "", line, version)
    if kind == "source":
        return parse_source(record, "", line, version)
    if kind == "document":
        return parse_document(record, "", line)
    return parse_link(record, "", line)


def parse_source(value: Any, path: str, line: int | None = None, version: int = FORMAT_VERSION) -> SourceSpec:
    record = JsonRecord(value, path, _SOURCE_FIELDS_V2 if version >= 2 else _SOURCE_FIELDS, line)
    affiliation_kind = None
    if version >= 2:
        affiliation_kind = record.enum("affiliation_kind", AffiliationKind, AffiliationKind.MEMBER_OF)
    return SourceSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        name=record.required_text("name"),
        kind=record.enum("kind", SourceKind, SourceKind.PERSON),
        role=record.text("role"),
        affiliation=record.key("affiliation"),
        reliability=record.enum("reliability", Reliability, Reliability.F),
        aliases=record.strings("aliases"),
        path=path,
        affiliation_kind=affiliation_kind,
        possibly_same=_possibly_same(record),
    )


def _possibly_same(record: JsonRecord) -> tuple[tuple[str, str | None], ...]:
    marks: list[tuple[str, str | None]] = []
    for index, value in enumerate(record.records("possibly_same", MAX_ALIASES)):
        mark = JsonRecord(value, record.where(f"possibly_same[{index}]"), _POSSIBLY_SAME_FIELDS, record.line)
        other = mark.key("source", required=True) or ""
        if other == record.value.get("key"):
            raise mark.fail("source", "a source cannot be possibly the same as itself")
        marks.append((other, mark.text("note")))
    return tuple(marks)


def _notes(record: JsonRecord) -> tuple[NoteSpec, ...]:
    notes: list[NoteSpec] = []
    for index, value in enumerate(record.records("notes", MAX_ALIASES)):
        note = JsonRecord(value, record.where(f"notes[{index}]"), _NOTE_FIELDS, record.line)
        at = note.published("at")
        if at is None:
            raise note.fail("at", "missing (required)")
        if not isinstance(at, datetime):
            raise note.fail("at", f"expected a date-time like 2026-01-27T09:30:00, got {note.value['at']!r}")
        notes.append(NoteSpec(text=note.required_text("text"), by=note.required_text("by", limit=MAX_REVIEWER), at=at))
    return tuple(notes)


def parse_document(value: Any, path: str, line: int | None = None) -> DocumentSpec:
    record = JsonRecord(value, path, _DOCUMENT_FIELDS, line)
    return DocumentSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        title=record.required_text("title"),
        outlet=record.key("outlet"),
        byline=record.text("byline"),
        place=record.text("place"),
        published_at=record.published("published_at"),
        url=record.text("url"),
        text=record.text("text", limit=MAX_DOCUMENT_TEXT),
        derived_from=record.key("derived_from"),
        path=path,
    )


def parse_claim(value: Any, path: str, line: int | None = None, version: int = FORMAT_VERSION) -> ClaimSpec:
    record = JsonRecord(value, path, _CLAIM_FIELDS_V2 if version >= 2 else _CLAIM_FIELDS, line)
    verdict = record.enum("verdict", Verdict, Verdict.UNREVIEWED)
    reason = record.text("verdict_reason", blank_ok=False)
    if reason is not None and verdict == Verdict.UNREVIEWED.value:
        raise record.fail("verdict_reason", "given without a verdict (an unreviewed claim has no reason)")
    return ClaimSpec(
        line=record.line,
        key=record.key("key", required=True) or "",
        text=record.required_text("text"),
        tags=record.strings("tags", limit=MAX_TAG, most=MAX_TAGS),
        place=record.text("place"),
        event_date=record.date("event_date"),
        verdict=verdict,
        attributions=tuple(
            parse_attribution(v, record.where(f"attributions[{i}]"), record.line, version)
            for i, v in enumerate(record.records("attributions", MAX_ATTRIBUTIONS))
        ),
        path=path,
        kind=record.enum("kind", ClaimKind, ClaimKind.EVENT) if version >= 2 else None,
        verdict_reason=reason,
        notes=_notes(record),
    )


def parse_attribution(value: Any, path: str, claim_line: int | None = None, version: int = FORMAT_VERSION) -> AttributionSpec:
    record = JsonRecord(value, path, _ATTRIBUTION_FIELDS_V2 if version >= 2 else _ATTRIBUTION_FIELDS, parent_line=claim_line)
    source = record.key("source")
    source_name = record.text("source_name", blank_ok=False)
    if source is None and source_name is None:
        raise record.fail("source", "missing (required)")
    if source is not None and source_name is not None:
        raise record.fail("source_name", "give either source (a key) or source_name (a name), not both")
    return AttributionSpec(
        line=record.line,
        path=path,
        key=record.key("key"),
        source=source,
        stance=record.enum("stance", Stance),
        mode=record.enum("mode", Mode, Mode.PARAPHRASE),
        document=record.key("document"),
        quote=record.text("quote"),
        span=_span(record),
        relayed_via=record.key("relayed_via"),
        credibility=record.integer("credibility", 1, 6, 6),
        as_of=record.date("as_of"),
        note=record.text("note"),
        source_name=source_name.strip() if source_name is not None else None,
        **_certainty(record, version),
    )


def _certainty(record: JsonRecord, version: int) -> dict[str, Any]:
    """Version 2: the certainty given (and whether it was inferred), else inferred on import."""
    if version < 2:
        return {}
    certainty = record.value.get("certainty")
    inferred = record.value.get("certainty_inferred", False)
    if not isinstance(inferred, bool):
        raise record.fail("certainty_inferred", f"expected true or false, got {describe(inferred)}")
    if certainty is None:
        if inferred:
            raise record.fail("certainty_inferred", "given without certainty (say which certainty was inferred)")
        return {"infer": True}
    return {"certainty": record.enum("certainty", Certainty), "certainty_inferred": inferred}


def parse_link(value: Any, path: str, line: int | None = None) -> LinkSpec:
    record = JsonRecord(value, path, _LINK_FIELDS, line)
    from_key = record.key("from", required=True) or ""
    to_key = record.key("to", required=True) or ""
    if from_key == to_key:
        raise record.fail("to", "a claim cannot be linked to itself")
    return LinkSpec(record.line, path, from_key, to_key, record.enum("relation", LinkRelation), record.text("note"))


def _span(record: JsonRecord) -> tuple[int, int] | None:
    raw = record.value.get("span")
    if raw is None:
        return None
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or any(isinstance(x, bool) or not isinstance(x, int) for x in raw)
    ):
        raise record.fail("span", f"expected [start, end] as two whole numbers, got {describe(raw)}")
    start, end = raw
    if start < 0 or end < start:
        raise record.fail("span", f"expected 0 <= start <= end, got [{start}, {end}]")
    return (start, end)


def check_unique(bundle: Bundle) -> None:
    """Keys used twice in one JSON document (JSONL and CSV files are checked while applying)."""
    keyed: tuple[tuple[str, Sequence[SourceSpec | DocumentSpec | ClaimSpec]], ...] = (
        ("sources", bundle.sources),
        ("documents", bundle.documents),
        ("claims", bundle.claims),
    )
    for kind, items in keyed:
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
