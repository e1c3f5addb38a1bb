"""Writing to a pipe so that every byte arrives, even when the writer is stopped and continued.

A write to a pipe that is full blocks until the reader makes room. If the writing process is
stopped and continued meanwhile (Ctrl+Z then ``fg`` on a pipeline, or a sampling profiler
such as py-spy), the kernel ends the write early and reports how much of it went through.
Python 3.11's buffered files lost the rest of a large write when that happened, silently:

- ``workbench claims list --json --limit 1000 | ...``, stopped and continued mid-write,
  delivered 82 KB of 601 KB and exited 0;
- the import's worker process answers over a pipe: the answer after such a write was
  unreadable, and every one after it (measured 2026-12-05; ``tests/test_pipes.py`` and
  ``tests/test_import_worker.py`` stop and continue a writer to check both).

Small writes (up to the buffer's 8 KB) came through intact; a write over it did not. Here a
write goes out with plain ``os.write`` calls until the pipe has taken all of it.
"""

from __future__ import annotations

import io
import os
import stat
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


def write_whole(descriptor: int, data: ReadableBuffer) -> None:
    """Write all of ``data`` to ``descriptor``, however many ``write`` calls the pipe takes."""
    view = memoryview(data).cast("B")
    while view:
        view = view[os.write(descriptor, view):]


class WholeWrites(io.RawIOBase):
    """A raw stream that writes each chunk whole (``write_whole``): what a ``BufferedWriter``
    over it hands down never comes back half written."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = descriptor

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._descriptor

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)

    def write(self, data: ReadableBuffer, /) -> int:
        view = memoryview(data)
        write_whole(self._descriptor, view)
        return view.nbytes


def is_pipe(stream: IO[str] | IO[bytes]) -> bool:
    """True if ``stream`` writes to a pipe or a socket (not a terminal, a file or a test's buffer)."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def whole_writes_text(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """A text stream like ``stream`` (its encoding, error handling and newlines) whose writes
    reach its file descriptor whole; ``stream`` is flushed first and left open."""
    stream.flush()
    buffered = io.BufferedWriter(WholeWrites(stream.fileno()))
    return io.TextIOWrapper(
        buffered,
        encoding=stream.encoding,
        errors=stream.errors,
        newline="\n",  # as Python opens its standard output on POSIX: no translation
        line_buffering=stream.line_buffering,
        write_through=stream.write_through,
    )
