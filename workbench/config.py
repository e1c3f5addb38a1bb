"""Where the database lives and who is reviewing.

One setting decides the database: ``--db PATH|URL``, else ``$WORKBENCH_DB``, else
``$XDG_DATA_HOME/workbench/workbench.db`` (``~/.local/share/workbench/workbench.db``).
A value containing ``://`` is a SQLAlchemy URL (``postgresql+psycopg://...``); anything
else is a SQLite file path.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

DB_ENV = "WORKBENCH_DB"
REVIEWER_ENV = "WORKBENCH_REVIEWER"


def default_db_path() -> Path:
    """The per-user default database file."""
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "workbench" / "workbench.db"


def resolve_db_url(db: str | None = None) -> URL:
    """Turn the ``--db`` option (or the environment, or the default) into a SQLAlchemy URL."""
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        url = make_url(value)
        if url.drivername == "postgresql":
            # psycopg 3 is the driver we install and test; the bare name would ask for psycopg2.
            url = url.set(drivername="postgresql+psycopg")
        return url
    return URL.create("sqlite", database=str(Path(value).expanduser()))


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
