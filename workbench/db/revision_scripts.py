"""The newest schema revision, read from the migration scripts' text, without SQLAlchemy or Alembic.

Every command opens the database, and nearly always it is already at head: the revision ids
are read from the scripts' text (about a millisecond), and ``revisions`` compares them with
``alembic_version``. The plain claim page (``review.plain_claim_page``) reads the version with
``sqlite3`` itself, so this module imports nothing but the standard library. Anything unusual
(a script whose ids cannot be read, several heads) answers "don't know" (None): callers then
take the slow, certain path through Alembic.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

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
