"""Importing files: JSON documents, JSONL and CSV (docs/interchange-format.md).

An import runs in two phases. ``reading.prepare`` reads each file as a stream and
validates every record, keeping the valid ones in a spool on disk; nothing touches the
database. ``writing.apply`` then writes them in bulk inside the caller's single
transaction. A bad record stops the import before the first write when the record itself
is wrong, or rolls the transaction back when it only shows while applying (a key that names
nothing); either way the database is left exactly as it was. ``skip_invalid`` instead sets
bad records aside, each with its reason, and imports the rest.

Records are matched by their stable keys: importing the same file twice changes nothing the
second time; importing an updated record updates it and logs the change. New claims are
compared with the stored ones (``importing.matching``): a near-certain duplicate joins the
existing claim, a likely one is created and linked for a reviewer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from workbench.config import sqlite_file
from workbench.db.engine import Database
from workbench.errors import BadImportFile
from workbench.formats.interchange import Bundle, Invalid
from workbench.formats.json_format import parse_bundle
from workbench.formats.jsonlines import JsonProblem, loads_with_lines
from workbench.importing.claim_matcher import ClaimMatcher, Suggestion
from workbench.importing.collector import collect_less_often
from workbench.importing.heap import map_large_blocks_apart
from workbench.importing.prepared import PreparedFile, Spool
from workbench.importing.reading import STDIN, display_name, prepare
from workbench.importing.rejects import Rejects
from workbench.importing.summary import ImportSummary, KindTally
from workbench.importing.writing import apply
from workbench.output_files import check_output_file
from workbench.progress import NoProgress, Progress

__all__ = [
    "ImportOptions",
    "ImportResult",
    "ImportSummary",
    "KindTally",
    "Suggestion",
    "apply_bundle",
    "import_file",
    "import_files",
    "read_bundle",
]


@dataclass
class ImportOptions:
    """How to import: what to do with bad records, which format, how to match duplicates."""

    skip_invalid: bool = False
    file_format: str | None = None  # json, jsonl or csv; None: by extension, else by content
    matcher: ClaimMatcher | None = None  # None: the default matching (see importing.matching)
    progress: Progress = field(default_factory=NoProgress)
    # SQLite: build indexes once at the end (``importing.bulk``); None: when the sizes say so.
    bulk: bool | None = None


def default_matcher() -> ClaimMatcher:
    """Duplicate matching (``importing.matching``), or keys only where it cannot be loaded."""
    try:
        # Lazy for start-up speed: matching loads rapidfuzz and the text toolkit, which only
        # an import that matches needs (no import cycle is involved).
        from workbench.importing.matching import DuplicateMatcher
    except ImportError:  # matching not available: keys only
        return ClaimMatcher()
    return DuplicateMatcher()


def read_bundle(path: str | Path) -> Bundle:
    """Read and validate a JSON document (``-`` for stdin) without touching any database."""
    name = display_name(path)
    try:
        data = sys.stdin.buffer.read() if name == STDIN else Path(path).read_bytes()
    except OSError as error:
        raise BadImportFile(name, None, "(file)", error.strerror or str(error)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadImportFile(name, line, "(encoding)", f"invalid UTF-8 at byte {error.start}") from None
    try:
        return parse_bundle(loads_with_lines(text))
    except (JsonProblem, Invalid) as problem:
        raise BadImportFile(name, problem.line, problem.field, problem.reason) from None


def import_file(
    session: Session, path: str | Path, reviewer: str, options: ImportOptions | None = None
) -> ImportSummary:
    """Validate ``path`` (any format) and apply it in the caller's transaction."""
    options = options or ImportOptions()
    map_large_blocks_apart()  # for the rest of this process (``heap``; its worker does the same)
    with fewer_collections():
        prepared = prepare(
            path, lenient=options.skip_invalid, file_format=options.file_format, progress=options.progress
        )
        try:
            return apply(session, prepared, reviewer, progress=options.progress, matcher=_matcher(options), bulk=options.bulk)
        finally:
            prepared.close()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while importing, then as before (see
    ``collector``).

    Measured when the threshold went from 700 to 10,000: the collector ran 121 times on 100k
    claims instead of 5,570 (1 s instead of 4 s), the import took 31 s instead of 36, and peak
    memory was the same (113 MB). Raised to 50,000 later: collecting then took 0.06 s of a
    20k-claim import instead of 0.15 s, and 0.11 s instead of 0.53 s at 100k; peak memory at
    100k was the same (125 MB). Lookups therefore run statements built once
    (``db.batches.wanted``), not one built around each list of keys, which made cycles.
    """
    restore = collect_less_often()
    try:
        yield
    finally:
        restore()


def apply_bundle(
    session: Session, bundle: Bundle, reviewer: str, file: str, *, matcher: ClaimMatcher | None = None
) -> ImportSummary:
    """Apply an already validated JSON document in the caller's transaction (all or nothing).

    ``matcher`` None: the default duplicate matching; ``ClaimMatcher()``: keys only.
    """
    prepared = PreparedFile(file, "json", Spool(), Rejects(lenient=False))
    for specs in (bundle.sources, bundle.documents, bundle.claims, bundle.links):
        for spec in specs:
            prepared.spool.add(spec)
    try:
        return apply(session, prepared, reviewer, matcher=matcher if matcher is not None else default_matcher())
    finally:
        prepared.close()


def _matcher(options: ImportOptions) -> ClaimMatcher:
    return options.matcher if options.matcher is not None else default_matcher()


@dataclass
class ImportResult:
    """What ``import_files`` did: one summary per file, and where rejected records went."""

    summaries: list[ImportSummary]
    dry_run: bool
    rejected: int = 0
    rejects_path: Path | None = None
    # Set when the import committed but its rejects file could not be written after all (the
    # folder is checked first): the caller must say so, and must not undo the import.
    rejects_error: str | None = None


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def default_rejects_path(files: Sequence[str], as_csv: bool = False) -> Path:
    """``FILE.rejects.jsonl`` beside the first file (``stdin.rejects.jsonl`` for stdin);
    ``.rejects.csv`` when every file is CSV."""
    suffix = ".rejects.csv" if as_csv else ".rejects.jsonl"
    first = files[0]
    if first == "-":
        return Path("stdin" + suffix)
    return Path(first).with_name(Path(first).name + suffix)


def import_files(
    database: Database | Callable[[], Database],
    files: Sequence[str],
    reviewer: str,
    options: ImportOptions | None = None,
    *,
    dry_run: bool = False,
    rejects_path: str | Path | None = None,
) -> ImportResult:
    """The ``workbench import`` unit of work: every file read and validated, then all applied
    in one write transaction (rolled back for a dry run).

    ``database`` may be a function that opens it: it is then called only once every file
    has been read and validated, so a bad file never creates or upgrades a database.

    Without ``skip_invalid`` the first bad record raises ``BadImportFile`` and nothing is
    written. With it, bad records go to ``rejects_path`` (default: beside the first file)
    once the import has committed; a dry run writes no file at all.
    """
    options = options or ImportOptions()
    map_large_blocks_apart()  # for the rest of this process (``heap``; its worker does the same)
    with fewer_collections():
        return _import_files(database, files, reviewer, options, dry_run, rejects_path)


def _import_files(
    database: Database | Callable[[], Database],
    files: Sequence[str],
    reviewer: str,
    options: ImportOptions,
    dry_run: bool,
    rejects_path: str | Path | None,
) -> ImportResult:
    if options.skip_invalid and not dry_run:
        # Written once the import has committed: a folder that is not there must stop it now.
        # (The database a caller opens only when needed is checked by the caller: the CLI.)
        in_use = sqlite_file(database.url) if isinstance(database, Database) else None
        check_output_file(Path(rejects_path) if rejects_path else default_rejects_path(files), database=in_use)
    rejects = Rejects(lenient=options.skip_invalid)
    prepared: list[PreparedFile] = []
    summaries: list[ImportSummary] = []
    try:
        for name in files:
            prepared.append(
                prepare(name, lenient=options.skip_invalid, file_format=options.file_format, rejects=rejects, progress=options.progress)
            )
        if not isinstance(database, Database):
            database = database()
        try:
            with database.writing() as session:
                for item in prepared:
                    summaries.append(
                        apply(session, item, reviewer, progress=options.progress, matcher=_matcher(options), bulk=options.bulk)
                    )
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        result = ImportResult(summaries, dry_run, rejects.count)
        if options.skip_invalid and not dry_run:
            # A spreadsheet's rejects go back as a spreadsheet, to be fixed and imported again.
            as_csv = all(item.format == "csv" for item in prepared)
            result.rejects_path = Path(rejects_path) if rejects_path else default_rejects_path(files, as_csv)
            try:
                rejects.save(result.rejects_path, as_csv=as_csv)
            except OSError as error:  # checked before the import, so the disk or folder changed since
                result.rejects_error = (
                    f"the import was committed, but its {rejects.count} rejected record(s) could not be written to "
                    f"{result.rejects_path}: {error.strerror or error}"
                )
                result.rejects_path = None
        return result
    finally:
        for item in prepared:
            item.close()
        rejects.close()

