"""Reading the JSON layouts: a JSON document (parsed whole) and JSONL (streamed a line at a time).

Each record is validated by ``formats.json_format`` and spooled; a bad one is rejected with
its line and field (and its text, for a rejects file).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from workbench.errors import BadImportFile
from workbench.formats.interchange import ClaimSpec, Invalid, LinkSpec, Spec
from workbench.formats.json_format import (
    check_format,
    is_exact_copy,
    is_header,
    parse_claim,
    parse_document,
    parse_line,
    parse_link,
    parse_source,
    version_of,
)
from workbench.formats.jsonlines import JsonProblem, loads_line, loads_with_lines
from workbench.importing.prepared import PreparedFile
from workbench.progress import Progress

MAX_LINE_BYTES = 32 * 1024 * 1024  # one JSONL line (a document's full text may be 5M characters)
MAX_JSON_BYTES = 256 * 1024 * 1024  # a JSON document is parsed whole: larger files should be JSONL
BOM = b"\xef\xbb\xbf"


def read_json(stream: IO[bytes], prepared: PreparedFile) -> None:
    """Validate a JSON document (read whole) into the spool; keys used twice are refused here."""
    name = prepared.name
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise BadImportFile(
            name, None, "(file)", f"a JSON document larger than {MAX_JSON_BYTES // 2**20} MiB: use JSONL for large imports"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadImportFile(name, line, "(encoding)", f"invalid UTF-8 at byte {error.start}") from None
    del data
    try:
        parsed = loads_with_lines(text)
        top = check_format(parsed, 1)
        version = version_of(parsed)
        prepared.exact_copy = is_exact_copy(parsed)
        lists = {kind: top.records(kind) for kind in ("sources", "documents", "claims", "links")}
    except (JsonProblem, Invalid) as problem:
        raise BadImportFile(name, problem.line, problem.field, problem.reason) from None
    del text
    parsers: dict[str, Callable[[Any, str], Spec]] = {
        "sources": lambda value, path: parse_source(value, path, version=version),
        "documents": parse_document,
        "claims": lambda value, path: parse_claim(value, path, version=version),
        "links": parse_link,
    }
    seen: dict[str, dict[str, int | None]] = {"sources": {}, "documents": {}, "claims": {}, "attributions": {}}
    for kind, parser in parsers.items():
        for index, value in enumerate(lists[kind]):
            path = f"{kind}[{index}]"
            prepared.records_read += 1
            try:
                spec = parser(value, path)
                _check_unique_in_document(kind, spec, seen)
            except Invalid as problem:
                raw = json.dumps(value, ensure_ascii=False) if prepared.rejects.lenient else None
                prepared.reject(problem.line, problem.field, problem.reason, raw)
                continue
            prepared.spool.add(spec, json.dumps(value, ensure_ascii=False) if prepared.spool.keep_raw else None)


def _check_unique_in_document(kind: str, spec: Spec, seen: dict[str, dict[str, int | None]]) -> None:
    if isinstance(spec, LinkSpec):
        return
    keys = seen[kind]
    if spec.key in keys:
        raise Invalid(spec.line, f"{spec.path}.key", f"duplicate key {spec.key!r} (first used on line {keys[spec.key]})")
    if isinstance(spec, ClaimSpec):
        attribution_keys = seen["attributions"]
        for attribution in spec.attributions:
            if attribution.key is None:
                continue
            if attribution.key in attribution_keys:
                first = attribution_keys[attribution.key]
                raise Invalid(
                    attribution.line, f"{attribution.path}.key", f"duplicate key {attribution.key!r} (first used on line {first})"
                )
        for attribution in spec.attributions:
            if attribution.key is not None:
                attribution_keys[attribution.key] = attribution.line
    keys[spec.key] = spec.line


@dataclass
class LinesRead:
    """Where a JSONL reader stands: the lines read so far, the byte offset after them, and
    what the header line said (a header is read only before the first record)."""

    line: int = 0  # lines read so far
    offset: int = 0
    header_allowed: bool = True
    version: int = 1  # a file without a header line is version 1


def read_jsonl(stream: IO[bytes], prepared: PreparedFile, progress: Progress) -> None:
    """Validate a JSONL file into the spool, a line at a time (an optional header line first).

    A large file is read on two cores (``parallel_reading``), with the same result."""
    from workbench.importing.parallel_reading import read_jsonl_in_stretches  # lazy: it imports this module

    read_jsonl_in_stretches(stream, prepared, progress)


def read_lines(stream: IO[bytes], prepared: PreparedFile, progress: Progress, at: LinesRead, end: int | None = None) -> None:
    """Validate lines from ``at`` (the stream positioned there) until the line that reaches
    ``end`` (a line end) or the end of the file, updating ``at``."""
    readline = stream.readline
    keep_raw = prepared.spool.keep_raw
    while end is None or at.offset < end:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            break
        at.line += 1
        line = at.line
        start = at.offset
        at.offset += len(raw)
        progress.advance(len(raw))
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = readline(MAX_LINE_BYTES)
                at.offset += len(raw)
                progress.advance(len(raw))
            prepared.records_read += 1
            prepared.reject(line, "(line)", f"longer than the limit of {MAX_LINE_BYTES:,} bytes")
            continue
        if line == 1 and raw.startswith(BOM):
            raw = raw[3:]
            start += 3
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            prepared.records_read += 1
            prepared.reject(line, "(encoding)", f"invalid UTF-8 at byte {start + error.start}", raw.decode("utf-8", "replace"))
            continue
        if not text or text.isspace():
            continue
        prepared.records_read += 1
        try:
            value = loads_line(text, line)
            if at.header_allowed and is_header(value):
                check_format(value, line, frozenset({"format", "version", "exact_copy"}), "(header)")
                prepared.header_seen = True
                prepared.exact_copy = is_exact_copy(value)
                at.version = version_of(value)
                at.header_allowed = False
                prepared.records_read -= 1
                continue
            at.header_allowed = False
            spec = parse_line(value, line, at.version)
        except JsonProblem as problem:
            reason = problem.reason
            if not raw.endswith(b"\n"):
                reason = f"truncated last line (no newline at the end): {reason}"
            prepared.reject(problem.line, problem.field, reason, text.rstrip("\r\n"))
            continue
        except Invalid as problem:
            prepared.reject(problem.line, problem.field, problem.reason, text.rstrip("\r\n"))
            continue
        prepared.spool.add(spec, text.rstrip("\r\n") if keep_raw else None)
