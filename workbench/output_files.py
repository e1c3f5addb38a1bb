"""Files a command writes when it is done: checked before it starts any work, written whole.

An export writes its file once every record is read; an import writes its rejects once its
transaction has committed. When the folder named did not exist, they found out only then:
the export failed with an internal error after reading the whole database, and the import,
already committed, failed with an internal error and lost its rejects, so the desk thought
nothing had been imported. Checked first, a wrong path is one line, and nothing was done.

An output named like the database in use (or its ``-wal``, ``-shm`` or ``-journal`` file) is
refused too: ``export -o desk.db`` replaced the desk with its own export and said "exported".

A file is written under a temporary name beside it and renamed into place when complete, so
a failure never leaves half of one. What is not a regular file (``-o /dev/stdout``, a pipe, a
terminal, a device) is written to as it is: renaming over it replaced the device node or the
link with a plain file (as root), or was refused for want of rights on ``/dev``. A symbolic
link is followed: the file it names is replaced, and the link stays.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from workbench.config import is_database_file
from workbench.errors import InvalidInput

PARTIAL_SUFFIX = ".partial"


def check_output_file(target: Path, *, database: Path | None = None) -> None:
    """Raise ``InvalidInput`` unless ``target`` can be written: a stream (see the module), or a
    file whose folder exists, is a folder and lets us write; not a folder itself, nor one of the
    files of ``database`` (the SQLite file in use, when there is one)."""
    if database is not None and is_database_file(target, database):
        raise InvalidInput(
            f"{target} is the database in use ({database}): give the output another name (nothing was written)"
        )
    if is_stream(target):
        return
    folder = target.resolve().parent if target.is_symlink() else target.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist: create the folder first"
        raise InvalidInput(f"{folder} {problem} (nothing was written)")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder: give a file name (nothing was written)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"cannot create files in {folder}: permission denied (nothing was written)")


def is_stream(target: Path) -> bool:
    """Whether ``target`` is something that exists and is neither a regular file nor a folder
    (a terminal, a pipe, a device, ``/dev/stdout``): written to in place, never replaced."""
    try:
        mode = os.stat(target).st_mode  # follows links: /dev/stdout is one
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def written_whole(target: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file at ``target``, written beside it and renamed into place only when
    complete (a stream is written in place; see the module)."""
    if is_stream(target):
        with target.open("w", encoding="utf-8", newline=newline) as out:
            yield out
        return
    real = target.resolve() if target.is_symlink() else target
    partial = real.with_name(real.name + PARTIAL_SUFFIX)
    try:
        with partial.open("w", encoding="utf-8", newline=newline) as out:
            yield out
        partial.replace(real)
    finally:
        partial.unlink(missing_ok=True)
