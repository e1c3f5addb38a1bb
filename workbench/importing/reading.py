"""The first phase of an import: read a file, validate every record, spool the valid ones.

Nothing here touches a database. A file is read as a stream (a JSON document is the one
exception: it is parsed whole) by the reader of its layout (``json_reading``,
``csv_reading``); each record is validated into a spec and the valid ones go to the file's
spool (``prepared``), the bad ones to its rejects (``rejects``). This module picks the
format and opens the file (stdin included).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO

from workbench.errors import BadImportFile
from workbench.formats.json_format import is_header
from workbench.formats.jsonlines import JsonProblem, loads_line
from workbench.importing.csv_reading import read_csv
from workbench.importing.json_reading import BOM, read_json, read_jsonl
from workbench.importing.prepared import PreparedFile, Spool
from workbench.importing.rejects import Rejects
from workbench.progress import NoProgress, Progress

FORMATS = ("json", "jsonl", "csv")
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
STDIN = "<stdin>"


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
        if file_format is None and fmt == "csv" and looks_like_an_article(path, stream):
            shown = "-" if name == STDIN else shlex.quote(str(path))
            raise BadImportFile(
                name, None, "(format)", f"an article, not a data file (JSON, JSONL or CSV): take it in with `workbench intake {shown}`"
            )
        if fmt not in FORMATS:
            raise BadImportFile(name, None, "(format)", f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
        prepared = PreparedFile(name, fmt, Spool(keep_raw=rejects.lenient), rejects)
        size = _size(stream)
        progress.start(f"checking {name}", size)
        try:
            if fmt == "json":
                read_json(stream, prepared)
            elif fmt == "jsonl":
                read_jsonl(stream, prepared, progress)
            else:
                read_csv(stream, prepared, progress)
        except BaseException:
            prepared.close()
            raise
        finally:
            progress.finish()
        prepared.spool.repeats.done_reading()  # its filter is not needed again (``keyfilter``)
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


ARTICLE_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


def looks_like_an_article(path: str | Path, stream: IO[bytes]) -> bool:
    """A desk's work starts from articles, and ``import`` is the first command a new user
    tries on one: read as CSV, its headline was "unknown column 'KHARTOUM (AP) — Heavy ...'".
    An article's extension, or a first line that is prose (words, no separator), says so."""
    if str(path) != "-" and Path(str(path)).suffix.lower() in ARTICLE_EXTENSIONS:
        return True
    start = stream.tell()
    first = b""
    while not first.strip():
        line = stream.readline(64 * 1024)
        if not line:
            break
        first = line
    stream.seek(start)
    text = first.removeprefix(BOM).decode("utf-8", "replace").strip()
    # A header names columns (claim_key,claim_text); a sentence's commas part phrases of words.
    fields = [field for field in re.split(r"[,;\t|]", text) if field.strip()]
    phrases = sum(1 for field in fields if len(field.split()) >= 2)
    return len(text.split()) >= 6 and phrases * 2 > len(fields)


def detect_format(path: str | Path, stream: IO[bytes]) -> str:
    """By extension (.json, .jsonl/.ndjson, .csv); otherwise by the first line's content."""
    suffix = Path(str(path)).suffix.lower() if str(path) != "-" else ""
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    start = stream.tell()
    first = stream.readline(1024 * 1024)
    stream.seek(start)
    text = first.removeprefix(BOM).decode("utf-8", "replace").strip()
    if not text.startswith(("{", "[")):
        return "csv"
    try:
        value = loads_line(text, 1)
    except JsonProblem:
        return "json"  # an opening brace alone: a pretty-printed document
    if isinstance(value, dict) and "format" in value and not is_header(value):
        return "json"
    return "jsonl"
