"""Running one unit of work again when PostgreSQL aborted it only because another writer got in.

Workbench writers take turns (see ``engine``: one advisory lock per desk), so they neither
deadlock nor race each other. PostgreSQL can still abort a transaction as a serialization
failure (SQLSTATE 40001) or a deadlock (40P01) when something else writes to the same rows
(a script, a migration, a writer of an older workbench). Nothing of it was saved, and
running the same work again on fresh data is PostgreSQL's documented answer. ``run_write``
does that a few times, with a short random pause so the writers do not collide again in
step. A retried save carrying a version the claim no longer has is then refused as stale
(exit 4), exactly as on SQLite; a note, which carries no version, is simply saved.

SQLite never needs this: ``BEGIN IMMEDIATE`` makes writers queue for the one write lock.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from workbench.db.engine import Database

T = TypeVar("T")

# SQLSTATE codes after which the whole transaction may simply run again.
TRANSIENT_SQLSTATES = {"40001": "serialization failure", "40P01": "deadlock detected"}
ATTEMPTS = 12
_FIRST_PAUSE = 0.01
_LONGEST_PAUSE = 0.5


def transient_sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE when ``error`` (or an error it was raised from) is a transient conflict."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        original = current.orig if isinstance(current, DBAPIError) else current
        state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
        if state in TRANSIENT_SQLSTATES:
            return str(state)
        current = current.__cause__ or current.__context__
    return None


def run_write(
    database: Database,
    work: Callable[[Session], T],
    *,
    attempts: int = ATTEMPTS,
    on_retry: Callable[[str], object] | None = None,
) -> T:
    """Run ``work`` in a write transaction, again (up to ``attempts`` times) after a transient conflict.

    ``work`` must be a whole unit of work that can run again from the start: it gets a fresh
    session each time, and nothing of a failed attempt was committed. After the last attempt
    the conflict is raised (``faults.database_fault`` words it as "database busy, try again").
    ``on_retry`` hears the SQLSTATE of each conflict that is retried (the load test counts them).
    """
    for attempt in range(1, attempts + 1):
        try:
            with database.writing() as session:
                return work(session)
        except Exception as error:
            state = transient_sqlstate(error)
            if attempt == attempts or state is None:
                raise
            if on_retry is not None:
                on_retry(state)
            time.sleep(random.uniform(0, min(_LONGEST_PAUSE, _FIRST_PAUSE * 2**attempt)))
    raise AssertionError("unreachable: the last attempt returns or raises")
