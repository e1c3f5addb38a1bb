"""Files a command writes when it is done, checked before it starts any work.

An export writes its file once every record is read; an import writes its rejects once its
transaction has committed. When the folder named did not exist, they found out only then:
the export failed with an internal error after reading the whole database, and the import,
already committed, failed with an internal error and lost its rejects, so the desk thought
nothing had been imported. Checked first, a wrong path is one line, and nothing was done.

An output named like the database in use (or its ``-wal``, ``-shm`` or ``-journal`` file) is
refused too: ``export -o desk.db`` replaced the desk with its own export and said "exported".
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.config import is_database_file
from workbench.errors import InvalidInput


def check_output_file(target: Path, *, database: Path | None = None) -> None:
    """Raise ``InvalidInput`` unless a file can be created or replaced at ``target``: its
    folder exists, is a folder and lets us write, ``target`` is not a folder itself, nor one
    of the files of ``database`` (the SQLite file in use, when there is one)."""
    if database is not None and is_database_file(target, database):
        raise InvalidInput(
            f"{target} is the database in use ({database}): give the output another name (nothing was written)"
        )
    folder = target.parent
    if not folder.is_dir():
        problem = "is not a folder" if folder.exists() else "does not exist: create the folder first"
        raise InvalidInput(f"{folder} {problem} (nothing was written)")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder: give a file name (nothing was written)")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"cannot create files in {folder}: permission denied (nothing was written)")

