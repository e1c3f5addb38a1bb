"""Where the database lives, who is reviewing, and from where.

One setting decides the database: ``--db PATH|URL``, else ``$WORKBENCH_DB``, else
``$XDG_DATA_HOME/workbench/workbench.db`` (``~/.local/share/workbench/workbench.db``).
A value containing ``://`` is a SQLAlchemy URL (``postgresql+psycopg://...``); anything
else is a SQLite file path.
"""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DB_ENV = "WORKBENCH_DB"
REVIEWER_ENV = "WORKBENCH_REVIEWER"
BUSY_TIMEOUT_ENV = "WORKBENCH_BUSY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT_SECONDS = 10.0
TAKE_MINUTES_ENV = "WORKBENCH_TAKE_MINUTES"
DEFAULT_TAKE_MINUTES = 30.0


def default_db_path() -> Path:
    """The per-user default database file."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "workbench" / "workbench.db"


def plain_sqlite_path(db: str | None = None) -> Path | None:
    """The SQLite file the setting names, when it is a plain path (not a URL, not empty); for
    readers that go straight to the file without SQLAlchemy. None: ask ``resolve_db_url``."""
    if db is not None and not db.strip():
        return None
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    return None if "://" in value else Path(value).expanduser()


def resolve_db_url(db: str | None = None) -> URL:
    """Turn the ``--db`` option (or the environment, or the default) into a SQLAlchemy URL."""
    # Imported here, not at the top: every CLI call imports this module (for the context), and
    # `workbench --version` must not pay for SQLAlchemy.
    from sqlalchemy.engine import URL, make_url

    if db is not None and not db.strip():
        # `--db "$UNSET"` or `db copy SRC "$UNSET"` must not fall back to $WORKBENCH_DB: with
        # `db copy --replace` that would overwrite the desk the user works on.
        from workbench.errors import InvalidInput

        raise InvalidInput("an empty database name: give an SQLite file path or a postgresql:// URL")
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except (ArgumentError, ValueError) as error:  # a bad port or bracket: ValueError, not ArgumentError
            from workbench.errors import InvalidInput

            raise InvalidInput(
                f"{_without_password(value)!r} is not a database URL ({error}): give an SQLite file path or "
                "postgresql://USER@HOST[:PORT]/DATABASE"
            ) from None
        if url.drivername == "postgresql":
            # psycopg 3 is the driver we install and test; the bare name would ask for psycopg2.
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(value).expanduser()))


def _without_password(value: str) -> str:
    """A URL the parser refused, its password (if any) masked: the line goes to stderr and logs."""
    import re

    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", value)


# The files of one SQLite database: the file itself and those SQLite keeps beside it.
SQLITE_COMPANION_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_file(url: URL) -> Path | None:
    """The SQLite file ``url`` names; None for a server or an in-memory database."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database))
    return None


def is_database_file(target: Path, database: Path) -> bool:
    """Whether ``target`` names ``database`` or a file SQLite keeps beside it, by any path:
    relative, through a symbolic link, or another hard link of an existing file."""
    for suffix in SQLITE_COMPANION_SUFFIXES:
        companion = Path(f"{database}{suffix}")
        if target.resolve() == companion.resolve():
            return True
        try:
            if os.path.samefile(target, companion):
                return True
        except OSError:  # one of them does not exist: then only the names could match
            continue
    return False


def sqlite_file_to_create(db: str | None) -> Path | None:
    """The SQLite file ``db`` names when it does not exist yet (a command that may create it
    removes it again when it fails), or None: it exists, or it is a server."""
    path = sqlite_file(resolve_db_url(db))
    return None if path is None or path.exists() else path


def describe_db(url: URL) -> str:
    """The database as messages name it: the file's path, or the URL without its password."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    if url.drivername == "postgresql+psycopg":  # the driver is ours to choose, not what the user typed
        url = url.set(drivername="postgresql")
    return url.render_as_string(hide_password=True)


def busy_timeout_seconds() -> float:
    """How long to wait for another writer's lock (an SQLite file's, or a PostgreSQL desk's) before giving up.

    ``$WORKBENCH_BUSY_TIMEOUT`` (seconds) overrides the default of 10; a value that is not a
    non-negative number is ignored rather than turned into an error on every command.
    """
    try:
        value = float(os.environ.get(BUSY_TIMEOUT_ENV, ""))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_SECONDS
    return value if 0 <= value < 86_400 else DEFAULT_BUSY_TIMEOUT_SECONDS


def take_minutes() -> float:
    """How long a reviewer's take on a claim lasts before it counts as free again.

    ``$WORKBENCH_TAKE_MINUTES`` overrides the default of 30. A reviewer who walks away must
    not block a claim for the rest of the day; one who keeps working takes it again, which
    starts the time anew. A value that is not a positive number (under a week) is ignored.
    """
    try:
        value = float(os.environ.get(TAKE_MINUTES_ENV, ""))
    except ValueError:
        return DEFAULT_TAKE_MINUTES
    return value if 0 < value <= 7 * 24 * 60 else DEFAULT_TAKE_MINUTES


def resolve_reviewer(reviewer: str | None = None) -> str:
    """Who the review log names: ``--reviewer``, else ``$WORKBENCH_REVIEWER``, else the OS user."""
    if reviewer:
        return reviewer
    if env := os.environ.get(REVIEWER_ENV):
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # getuser raises when no user name is known (some containers)
        return "unknown"


@dataclass(frozen=True)
class Origin:
    """Where changes are being made: recorded with each review event, compared by undo.

    ``terminal`` identifies the terminal session (host, terminal device and the session id of
    its shell, which every command typed there shares); ``run`` is set for one run of the
    review TUI. "Here" is this terminal for a command, and this TUI session for the TUI, so
    undo can tell a change made here from one made elsewhere under the same reviewer name.
    """

    where: str
    terminal: str
    run: str | None = None

    @property
    def session_key(self) -> str:
        """What ``review_events.origin_session`` stores."""
        return f"{self.terminal}#{self.run}" if self.run else self.terminal

    def made_here(self, session_key: str | None) -> bool:
        """True when a change logged with ``session_key`` was made here (see the class doc)."""
        if session_key is None:
            return False
        if self.run is not None:
            return session_key == self.session_key
        return session_key.split("#", 1)[0] == self.terminal


def current_origin(interface: str = "command line") -> Origin:
    """This process's terminal, in words and as a key (``interface`` names the program)."""
    host = socket.gethostname() or "unknown host"
    terminal = _terminal_device()
    session = os.getsid(0) if hasattr(os, "getsid") else os.getppid()
    where = f"{interface} on {host}, " + (f"terminal {terminal}" if terminal else "no terminal")
    return Origin(where=where, terminal=f"{host[:100]}:{(terminal or 'no-terminal')[:60]}:{session}")


def tui_origin() -> Origin:
    """This terminal, for one run of the review TUI: a session of its own."""
    return replace(current_origin("review TUI"), run=uuid.uuid4().hex[:12])


def _terminal_device() -> str | None:
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                return os.ttyname(fd)
        except OSError:  # a closed descriptor, or a terminal without a name
            continue
    return None
