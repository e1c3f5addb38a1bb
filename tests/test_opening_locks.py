"""Opening a database never drops the locks this process already holds on it.

SQLite's locks on Unix are POSIX advisory locks, which belong to the process, not to the file
descriptor: closing *any* descriptor of the file drops every lock the process holds on it,
including those of its open SQLite connections (SQLite keeps its own descriptors open until its
last lock is gone for exactly this reason, but cannot know about anyone else's). Until
2026-12-07 ``open_database`` read the file's first 16 bytes with Python's ``open`` to refuse a
file that is not a database. When the process already had a connection to the file (a script
calling ``workbench.open_database`` twice on one desk, a test's own ``sqlite3`` connection),
that read dropped its shared lock; another process closing its connection then
believed it was the last one, checkpointed, and deleted the WAL and its index under the first
process, whose later writes went to a deleted file: CI twice met ``disk I/O error``
(SQLITE_IOERR_SHORT_READ) after a parallel ``db check --fix``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from sqlalchemy import func, select

from workbench.db.models import Claim
from workbench.db.opening import open_database

# Another process that runs one statement and closes: the last connection to close checkpoints
# the WAL into the database and deletes it, so it is gone only if nobody else held a lock.
_RUN_AND_CLOSE = (
    "import sqlite3, sys\n"
    "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "connection.execute(sys.argv[2]).fetchall()\n"
    "connection.close()\n"
)


def _in_another_process(path: Path, statement: str) -> None:
    subprocess.run([sys.executable, "-c", _RUN_AND_CLOSE, str(path), statement], check=True, timeout=60)


def test_opening_keeps_the_shared_lock_of_a_connection_already_open(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    open_database(str(path)).dispose()
    with closing(sqlite3.connect(path)) as already_open:
        already_open.execute("SELECT count(*) FROM claims").fetchall()  # WAL mode: its shared lock is held from now on
        second = open_database(str(path), create=False)
        try:
            with second.reading() as session:
                session.execute(select(func.count(Claim.id))).scalar_one()
            _in_another_process(path, "SELECT count(*) FROM claims")
            assert Path(f"{path}-wal").exists(), "another process took this process for gone and deleted the WAL"
            _in_another_process(path, "INSERT INTO claims (key, text, kind, verdict, status, origin_count, version, "
                                "created_at, updated_at) VALUES ('theirs', 'Theirs', 'event', 'unreviewed', 'unsourced', "
                                "0, 1, '2026-12-07', '2026-12-07')")
            with second.writing() as session:  # sees their claim, and adds one
                assert session.execute(select(Claim.key)).scalars().all() == ["theirs"]
                session.add(Claim(key="ours", text="Ours"))
        finally:
            second.dispose()
        assert already_open.execute("SELECT key FROM claims ORDER BY key").fetchall() == [("ours",), ("theirs",)]
    with closing(sqlite3.connect(path)) as fresh:
        assert fresh.execute("SELECT key FROM claims ORDER BY key").fetchall() == [("ours",), ("theirs",)]


def test_a_script_may_open_the_same_desk_twice(tmp_path: Path) -> None:
    """``workbench.open_database`` is the scripting API: a notebook cell run twice opens the desk again."""
    path = tmp_path / "desk.db"
    first = open_database(str(path))
    try:
        with first.reading() as session:  # its connection stays open in the pool, with its shared lock
            session.execute(select(func.count(Claim.id))).scalar_one()
        open_database(str(path), create=False).dispose()
        _in_another_process(path, "SELECT count(*) FROM claims")
        assert Path(f"{path}-wal").exists(), "another process took this process for gone and deleted the WAL"
    finally:
        first.dispose()
