"""``db check``'s recomputation of every status, on every core.

Recomputing a claim's status from its evidence costs about a millisecond of Python (half
reading the evidence, half the rules), so a million claims took many minutes on one core.
The claims are independent: ranges of ids are checked side by side, each in a worker process
with its own connection and read transaction, and the mismatches come back in id order,
exactly as the one-process check reports them. ``--fix`` then recomputes and stores just
the claims found wrong (and the claims whose flags follow from them), in this process's one
write transaction. A small database is checked in this process: starting workers costs more.

Workers start by ``forkserver``: clean interpreters, never forks of a process holding an open
database connection.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.models import Claim
from workbench.records import StatusMismatch
from workbench.review import status

PARALLEL_MIN_CLAIMS = 20_000  # below this the check runs in this process
RANGE_CLAIMS = 25_000  # ids per task: small enough that the workers finish together


def find_mismatches(
    database: Database, *, fix: bool = False, workers: int | None = None, claim_ids: Collection[int] | None = None
) -> list[StatusMismatch]:
    """Every claim (or each of ``claim_ids``) whose stored status, origins, awaited parties or
    flags disagree with its evidence, in id order; with ``fix``, stored right.
    ``workers``: processes (default: cores)."""
    workers = workers or os.cpu_count() or 1
    if claim_ids is None:
        with database.reading() as session:
            low, high, count = session.execute(select(func.min(Claim.id), func.max(Claim.id), func.count(Claim.id))).one()
    else:
        count = len(claim_ids)
    if workers < 2 or count < PARALLEL_MIN_CLAIMS:
        with database.writing() if fix else database.reading() as session:
            return status.find_mismatches(session, fix=fix, claim_ids=claim_ids)
    url = database.url.render_as_string(hide_password=False)
    if claim_ids is None:
        step = max(RANGE_CLAIMS, (high - low + 1) // (workers * 8))
        tasks: list[tuple[int, int, list[int] | None]] = [
            (start - 1, min(start - 1 + step, high), None) for start in range(low, high + 1, step)
        ]
    else:
        ordered = sorted(claim_ids)
        step = max(RANGE_CLAIMS // 5, len(ordered) // (workers * 8))
        tasks = [(0, 0, ordered[start : start + step]) for start in range(0, len(ordered), step)]
    mismatches: list[StatusMismatch] = []
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for found in pool.map(_check_part, [url] * len(tasks), *zip(*tasks, strict=True)):
            mismatches.extend(found)
    if fix and mismatches:
        with database.writing() as session:
            status.refresh_claims(session, [m.claim_id for m in mismatches])
    return mismatches


def _check_part(url: str, after_id: int, up_to_id: int, claim_ids: list[int] | None) -> list[StatusMismatch]:
    """One range's (or one list's) mismatches (run in a worker)."""
    database = Database(url)
    try:
        with database.reading() as session:
            if claim_ids is not None:
                return status.find_mismatches(session, claim_ids=claim_ids)
            return status.find_mismatches(session, after_id=after_id, up_to_id=up_to_id)
    finally:
        database.dispose()
