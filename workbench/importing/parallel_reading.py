"""Reading a large JSONL file on two cores: every other stretch of it is validated by a worker.

Why: validating records (JSON, then the interchange rules) is pure Python, and it ran on one
core before anything could be written: 2.2 s of a 100k-claim import. Once the header line
is read, the records of a JSONL file are independent of each other, so the file is cut into
stretches at line ends; this process validates the even ones and a worker process the odd
ones, one stretch ahead. A worker's records come back pickled as the spool stores them, with
its rejects, and are added in file order, so the spool, the rejects and the first error
reported are exactly those of reading the file alone (an error in a stretch is reported only
once every stretch before it was read without one).

The worker is a clean interpreter (``one_worker``, as for
``analysis``) and imports only the reading side. A file on stdin (an unnamed copy a worker
cannot open), a small file, a worker that cannot start or fails: the stretches are read here.
"""

from __future__ import annotations

import os
import pickle
import stat
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from workbench.importing.json_reading import LinesRead, read_lines
from workbench.importing.one_worker import answer_or_none, start_one_worker
from workbench.importing.prepared import KINDS, PreparedFile, Spool
from workbench.importing.rejects import Problem, Rejects
from workbench.progress import NoProgress, Progress

if TYPE_CHECKING:
    from workbench.importing.one_worker import OneWorker

PARALLEL_MIN_BYTES = 4 << 20  # smaller files are read here alone (a worker takes ~0.1 s to start)
# A stretch is 1/16 of the file, at least 1 MiB (each costs a round trip to the worker) and
# at most 2 MiB: two of the worker's are held pickled at once, and memory is budgeted.
STRETCH_BYTES = 1 << 20
MAX_STRETCH_BYTES = 2 << 20


@dataclass
class Stretch:
    """What a worker read of one stretch: the spool's pickled batches by kind, and the rest."""

    batches: dict[str, list[bytes]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    attribution_keys: int = 0
    # Each claim's key and the attribution keys it gives, in order: this process works out
    # which repeat an earlier key (``keyfilter.RepeatedKeys``), as the file is in file order.
    claim_keys: list[tuple[str, list[str]]] = field(default_factory=list)
    records_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    header_seen: bool = False


class _PickledSpool(Spool):
    """A worker's spool: full batches are kept pickled in memory (a stretch is a few MB)."""

    def __init__(self, keep_raw: bool) -> None:
        super().__init__(keep_raw)
        self.pickled: dict[str, list[bytes]] = {kind: [] for kind in KINDS}
        self.claim_keys: list[tuple[str, list[str]]] = []

    def _claim_keys(self, claim_key: str, given: list[str]) -> None:
        self.claim_keys.append((claim_key, given))

    def _flush(self, kind: str) -> None:
        if self._buffers[kind]:
            self.pickled[kind].append(pickle.dumps(self._buffers[kind], protocol=pickle.HIGHEST_PROTOCOL))
            self._buffers[kind] = []


class _Collected(Rejects):
    """A worker's rejects: kept for the reading process, which adds them in file order."""

    def __init__(self) -> None:
        super().__init__(lenient=True)
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)


def read_stretch(path: str, name: str, start: int, end: int, line: int, version: int, keep_raw: bool) -> Stretch:
    """Validate the lines of ``path`` from byte ``start`` (line ``line`` + 1) to ``end``: the worker's job."""
    spool = _PickledSpool(keep_raw)
    prepared = PreparedFile(name, "jsonl", spool, _Collected())
    with open(path, "rb") as stream:
        stream.seek(start)
        read_lines(stream, prepared, NoProgress(), LinesRead(line, start, header_allowed=False, version=version), end)
    for kind in KINDS:
        spool._flush(kind)
    rejects = prepared.rejects
    assert isinstance(rejects, _Collected)
    return Stretch(
        {kind: blobs for kind, blobs in spool.pickled.items() if blobs},
        dict(spool.counts),
        spool.attribution_keys,
        spool.claim_keys,
        prepared.records_read,
        rejects.problems,
        prepared.header_seen,
    )


def read_jsonl_in_stretches(stream: IO[bytes], prepared: PreparedFile, progress: Progress) -> None:
    """Validate a JSONL file into the spool: see the module docstring."""
    at = LinesRead(offset=stream.tell())
    size = _regular_file_size(stream)
    name = getattr(stream, "name", None)
    if size is None or size < PARALLEL_MIN_BYTES or not isinstance(name, str):
        read_lines(stream, prepared, progress, at)
        return
    path = os.path.abspath(name)  # the worker's working folder may not be this one
    # Up to the first record, a line at a time, here: the header line says how to read the rest.
    while at.header_allowed and at.offset < size:
        read_lines(stream, prepared, progress, at, at.offset + 1)
    stretch = min(max(STRETCH_BYTES, size // 16), MAX_STRETCH_BYTES)
    spans = _spans(stream, size, at.offset, at.line, stretch)
    pool = start_one_worker()
    queued: deque[tuple[Span, Future[Stretch] | None, bool]] = deque()  # in file order
    try:
        while True:
            # Two of the worker's stretches queued ahead, so it never waits for this process.
            while sum(theirs for _span, _pending, theirs in queued) < 2:
                following = next(spans, None)
                if following is None:
                    break
                span, theirs = following
                queued.append((span, _submit(pool, path, prepared, span, at.version) if theirs else None, theirs))
            if not queued:
                break
            span, pending, theirs = queued.popleft()
            if theirs:
                _add(prepared, progress, span, answer_or_none(pending), stream, at.version)
            else:
                stream.seek(span[0])
                read_lines(stream, prepared, progress, LinesRead(span[2], span[0], False, at.version), span[1])
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


Span = tuple[int, int, int]  # start, end (bytes), lines before the start


def _spans(stream: IO[bytes], size: int, offset: int, line: int, stretch: int) -> Iterator[tuple[Span, bool]]:
    """The rest of the file in stretches ending at line ends, in file order, every other one
    marked for the worker (``True``)."""
    theirs = False
    while True:
        end = _line_end_after(stream, size, offset + stretch)
        if end <= offset:
            return
        yield (offset, end, line), theirs
        line += _lines_in(stream, offset, end)
        offset, theirs = end, not theirs


def _line_end_after(stream: IO[bytes], size: int, position: int) -> int:
    """The offset just after the first line end at or after ``position`` (or the file's end)."""
    if position >= size:
        return size
    stream.seek(max(0, position - 1))
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return min(stream.tell(), size)


def _lines_in(stream: IO[bytes], start: int, end: int) -> int:
    """Lines starting in ``[start, end)``, as ``read_lines`` numbers them (``end`` is a line end
    or the file's end)."""
    stream.seek(start)
    count, remaining, last = 0, end - start, b"\n"
    while remaining > 0:
        block = stream.read(min(remaining, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        remaining -= len(block)
        last = block[-1:]
    return count + (last != b"\n")  # a last line without its line end


def _submit(pool: OneWorker | None, path: str, prepared: PreparedFile, span: Span, version: int) -> Future[Stretch] | None:
    if pool is None or span[1] <= span[0]:
        return None
    try:
        return pool.submit(read_stretch, path, prepared.name, span[0], span[1], span[2], version, prepared.spool.keep_raw)
    except RuntimeError:  # the pool broke: the stretch is read here
        return None


def _add(
    prepared: PreparedFile, progress: Progress, span: Span, read: Stretch | None, stream: IO[bytes], version: int
) -> None:
    """Add the worker's stretch to ``prepared`` as reading it here would have (or read it here)."""
    start, end, line = span
    if end <= start:
        return
    if read is None:
        stream.seek(start)
        read_lines(stream, prepared, progress, LinesRead(line, start, header_allowed=False, version=version), end)
        return
    for problem in read.problems:  # a strict import stops at the first, as reading alone does
        prepared.reject(problem.line, problem.field, problem.reason, problem.record)
    prepared.records_read += read.records_read
    prepared.header_seen |= read.header_seen
    prepared.spool.add_pickled(read.batches, read.counts, read.attribution_keys, read.claim_keys)
    progress.advance(end - start)


def _regular_file_size(stream: IO[bytes]) -> int | None:
    try:
        status = os.fstat(stream.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None

