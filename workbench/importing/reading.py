"""The first phase of an import: read a file, validate every record, spool the valid ones.

Nothing here touches a database. A file is read as a stream (a JSON document is the one
exception: it is parsed whole), each record is validated by ``interchange`` and the valid
ones are written to a spool: pickled batches in unnamed temporary files, one per kind of
record, so memory stays flat whatever the file's size, stdin can be applied after it has
been read, and the second phase can apply sources and documents before the claims that
name them, wherever they appear in the file. An unnamed temporary file disappears when the
process dies, even by ``kill -9``.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from workbench.errors import BadImportFile
from workbench.formats import csv_format
from workbench.formats.interchange import (
    ClaimSpec,
    DocumentSpec,
    Invalid,
    LinkSpec,
    SourceSpec,
    Spec,
    check_format,
    is_exact_copy,
    is_header,
    parse_claim,
    parse_document,
    parse_line,
    parse_link,
    parse_source,
)
from workbench.formats.jsonlines import JsonProblem, loads_line, loads_with_lines
from workbench.progress import NoProgress, Progress

FORMATS = ("json", "jsonl", "csv")
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
MAX_LINE_BYTES = 32 * 1024 * 1024  # one JSONL line (a document's full text may be 5M characters)
MAX_JSON_BYTES = 256 * 1024 * 1024  # a JSON document is parsed whole: larger files should be JSONL
STDIN = "<stdin>"
_BOM = b"\xef\xbb\xbf"
KINDS = ("source", "document", "claim", "link")
_SPOOL_BATCH = 1000


def kind_of(spec: Spec) -> str:
    if isinstance(spec, ClaimSpec):
        return "claim"
    if isinstance(spec, SourceSpec):
        return "source"
    if isinstance(spec, DocumentSpec):
        return "document"
    return "link"


class Spool:
    """Validated records by kind, in file order; in memory while small, then in temp files.

    Each item is ``(spec, raw)``: ``raw`` is the record's text as read (kept only when
    rejected records are written out, so they can be fixed and imported again).
    """

    def __init__(self, keep_raw: bool = False) -> None:
        self.keep_raw = keep_raw
        self.counts = dict.fromkeys(KINDS, 0)
        self.attribution_keys = 0  # given in the spooled claims (sizes the import's ``KeyFilter``)
        self._buffers: dict[str, list[tuple[Spec, str | None]]] = {kind: [] for kind in KINDS}
        self._files: dict[str, IO[bytes]] = {}

    def add(self, spec: Spec, raw: str | None = None) -> None:
        kind = kind_of(spec)
        buffer = self._buffers[kind]
        buffer.append((spec, raw if self.keep_raw else None))
        self.counts[kind] += 1
        if kind == "claim":
            self.attribution_keys += sum(1 for a in spec.attributions if a.key is not None)  # type: ignore[union-attr]
        if len(buffer) >= _SPOOL_BATCH:
            self._flush(kind)

    def _flush(self, kind: str) -> None:
        buffer = self._buffers[kind]
        if not buffer:
            return
        if kind not in self._files:
            self._files[kind] = tempfile.TemporaryFile(prefix="workbench-import-")  # noqa: SIM115 - the spool outlives this call; close() ends it
        pickle.dump(buffer, self._files[kind], protocol=pickle.HIGHEST_PROTOCOL)
        self._buffers[kind] = []

    def batches(self, kind: str) -> Iterator[list[tuple[Spec, str | None]]]:
        """The records of one kind in file order, in batches (re-entrant: a scan may nest)."""
        spool = self._files.get(kind)
        if spool is not None:
            spool.flush()
            with open(os.dup(spool.fileno()), "rb", closefd=True) as reader:
                # A dup shares the file position: keep our own and seek before each read.
                position = 0
                while True:
                    reader.seek(position)
                    try:
                        batch = pickle.load(reader)
                    except EOFError:
                        break
                    position = reader.tell()
                    yield batch
        if self._buffers[kind]:
            yield list(self._buffers[kind])

    def close(self) -> None:
        for spool in self._files.values():
            spool.close()
        self._files.clear()
        self._buffers = {kind: [] for kind in KINDS}


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
        target = Path(path)
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8", newline="" if as_csv else None) as out:
            if as_csv:
                csv_format.write_rejected_rows(out, self._entries(), self.csv_headers)
            elif self._file is not None:
                self._file.seek(0)
                shutil.copyfileobj(self._file, out)
        partial.replace(target)

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


@dataclass
class PreparedFile:
    """A file read and validated, ready to apply: its valid records are in the spool."""

    name: str
    format: str
    spool: Spool
    rejects: Rejects
    records_read: int = 0
    rejected: int = 0
    header_seen: bool = False
    exact_copy: bool = False  # "exact_copy": true in the file: restore by key, never match

    def reject(self, line: int | None, field_name: str, reason: str, record: str | None = None) -> None:
        self.rejects.add(Problem(self.name, line, field_name, reason, record))
        self.rejected += 1

    def close(self) -> None:
        self.spool.close()


def display_name(path: str | Path) -> str:
    return STDIN if str(path) == "-" else str(path)


def prepare(
    path: str | Path,
    *,
    lenient: bool = False,
    file_format: str | None = None,
    rejects: Rejects | None = None,
    progress: Progress | None = None,
) -> PreparedFile:
    """Read and validate ``path`` (``-`` for stdin) into a spool; no database is involved.

    Strict (the default) raises ``BadImportFile`` at the first bad record. ``lenient`` sends
    bad records to ``rejects`` and keeps the rest; a file that cannot be read at all (a JSON
    document that does not parse, a CSV header that is wrong) still raises.
    """
    name = display_name(path)
    progress = progress or NoProgress()
    rejects = rejects or Rejects(lenient)
    stream = _open(path, name)
    try:
        fmt = file_format or detect_format(path, stream)
        if fmt not in FORMATS:
            raise BadImportFile(name, None, "(format)", f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        prepared = PreparedFile(name, fmt, Spool(keep_raw=rejects.lenient), rejects)
        size = _size(stream)
        progress.start(f"checking {name}", size)
        try:
            if fmt == "json":
                _read_json(stream, prepared, size)
            elif fmt == "jsonl":
                _read_jsonl(stream, prepared, progress)
            else:
                csv_format.read_csv(stream, prepared, progress)
        except BaseException:
            prepared.close()
            raise
        finally:
            progress.finish()
        return prepared
    finally:
        stream.close()


def _open(path: str | Path, name: str) -> IO[bytes]:
    if name == STDIN:
        # Copied to an unnamed temporary file: the format can be sniffed, the records
        # re-read for the rejects file, and nothing is left behind if the process dies.
        copy = tempfile.TemporaryFile(prefix="workbench-stdin-")  # noqa: SIM115 - returned to the caller, who closes it
        shutil.copyfileobj(sys.stdin.buffer, copy, 1024 * 1024)
        copy.seek(0)
        return copy
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by prepare()
    except OSError as error:
        raise BadImportFile(name, None, "(file)", error.strerror or str(error)) from None
    if not os.path.isfile(path):
        stream.close()
        raise BadImportFile(name, None, "(file)", "not a regular file")
    return stream


def _size(stream: IO[bytes]) -> int | None:
    try:
        return os.fstat(stream.fileno()).st_size
    except OSError:
        return None


def detect_format(path: str | Path, stream: IO[bytes]) -> str:
    """By extension (.json, .jsonl/.ndjson, .csv); otherwise by the first line's content."""
    suffix = Path(str(path)).suffix.lower() if str(path) != "-" else ""
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    start = stream.tell()
    first = stream.readline(1024 * 1024)
    stream.seek(start)
    text = first.removeprefix(_BOM).decode("utf-8", "replace").strip()
    if not text.startswith(("{", "[")):
        return "csv"
    try:
        value = loads_line(text, 1)
    except JsonProblem:
        return "json"  # an opening brace alone: a pretty-printed document
    if isinstance(value, dict) and "format" in value and not is_header(value):
        return "json"
    return "jsonl"


# -- JSON: one document, parsed whole -------------------------------------------------------


def _read_json(stream: IO[bytes], prepared: PreparedFile, size: int | None) -> None:
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
        prepared.exact_copy = is_exact_copy(parsed)
        lists = {kind: top.records(kind) for kind in ("sources", "documents", "claims", "links")}
    except (JsonProblem, Invalid) as problem:
        raise BadImportFile(name, problem.line, problem.field, problem.reason) from None
    del text
    parsers = {"sources": parse_source, "documents": parse_document, "claims": parse_claim, "links": parse_link}
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


# -- JSONL: one record a line, streamed ------------------------------------------------------


def _read_jsonl(stream: IO[bytes], prepared: PreparedFile, progress: Progress) -> None:
    line = 0
    offset = 0
    header_allowed = True
    readline = stream.readline
    keep_raw = prepared.spool.keep_raw
    while True:
        raw = readline(MAX_LINE_BYTES + 1)
        if not raw:
            break
        line += 1
        start = offset
        offset += len(raw)
        progress.advance(len(raw))
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = readline(MAX_LINE_BYTES)
                offset += len(raw)
                progress.advance(len(raw))
            prepared.records_read += 1
            prepared.reject(line, "(line)", f"longer than the limit of {MAX_LINE_BYTES:,} bytes")
            continue
        if line == 1 and raw.startswith(_BOM):
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
            if header_allowed and is_header(value):
                check_format(value, line, frozenset({"format", "version", "exact_copy"}), "(header)")
                prepared.header_seen = True
                prepared.exact_copy = is_exact_copy(value)
                header_allowed = False
                prepared.records_read -= 1
                continue
            header_allowed = False
            spec = parse_line(value, line)
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


def text_stream(stream: IO[bytes]) -> io.TextIOWrapper:
    """Text over a binary stream for CSV: BOM dropped, newlines untouched, bad bytes kept visible."""
    return io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
