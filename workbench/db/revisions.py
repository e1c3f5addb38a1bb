"""Is this database already at the newest schema? Answered without importing Alembic.

Every command opens the database, and nearly always it is already at head. Alembic's own
answer imports Alembic and executes every revision script (about a tenth of a second of each
command's start-up); here the revision ids are read from the scripts' text and the current one
from ``alembic_version`` with one SELECT. Anything unusual (a script whose ids cannot be read,
several heads, no version table, two version rows, an error) answers "don't know", and
``migrate`` then asks Alembic as before: this is only ever a shortcut to "nothing to do".
tests/test_cli_startup.py checks that it agrees with Alembic.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"](\w+)['\"]\s*$", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)
_QUOTED_ID = re.compile(r"['\"](\w+)['\"]")


def migrations_path() -> Path:
    """The Alembic scripts: ``migrations/`` in a checkout, ``workbench/migrations`` when installed."""
    return Path(str(resources.files("workbench.migrations")))


@functools.lru_cache(maxsize=1)
def scripted_head() -> str | None:
    """The single head of the revision scripts read as text, or None when that is not certain."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((migrations_path() / "versions").glob("*.py")):
        if script.name == "__init__.py":
            continue
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.findall(source)
        down = _DOWN_REVISION.findall(source)
        if len(revision) != 1 or len(down) != 1:
            return None
        if down[0] != "None" and not _QUOTED_ID.findall(down[0]):
            return None  # a down_revision written some way this reader does not know
        revisions.add(revision[0])
        parents.update(_QUOTED_ID.findall(down[0]))
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


def at_scripted_head(engine: Engine) -> str | None:
    """The database's revision when it is certainly the scripts' head; None when unsure."""
    head = scripted_head()
    if head is None:
        return None
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no version table yet, a damaged file, a lock: Alembic's path reports it
        return None
    if len(rows) == 1 and rows[0][0] == head:
        return head
    return None
