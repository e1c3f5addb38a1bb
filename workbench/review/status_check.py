"""``db check``'s recomputation of every status, on every core.

Recomputing a claim's status from its evidence costs about 60 us of Python at a million
claims (it was 100 us before sources' and documents' facts were kept from chunk to chunk:
``evidence.KnownFacts``), about a minute on one core. The claims are independent: ranges of
ids are checked side by side, each in a worker process with its own connection and read
transaction, and the mismatches come back in id order, exactly as the one-process check
reports them; the progress counts each range's claims as it ends. ``--fix`` then recomputes and stores just
the claims found wrong (and the claims whose flags follow from them), in this process's one
write transaction. A small database is checked in this process: starting workers costs more.

Workers start by ``forkserver``: clean interpreters, never forks of a process holding an open
database connection.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Collection
from concurrent.futures import ProcessPoolExecutor, as_completed

from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.models import Claim
from workbench.progress import NoProgress, Progress
from workbench.records import StatusMismatch
from workbench.review import status

PARALLEL_MIN_CLAIMS = 20_000  # below this the check runs in this process
RANGE_CLAIMS = 25_000  # ids per task: small enough that the workers finish together


def find_mismatches(
    database: Database,
    *,
    fix: bool = False,
    workers: int | None = None,
    claim_ids: Collection[int] | None = None,
    progress: Progress | None = None,
) -> list[StatusMismatch]:
    """Every claim (or each of ``claim_ids``) whose stored status, origins, awaited parties or
    flags disagree with its evidence, in id order; with ``fix``, stored right.
    ``workers``: processes (default: cores). ``progress``: one phase, the claims checked."""
    workers = workers or os.cpu_count() or 1
    progress = progress or NoProgress()
    if claim_ids is None:
        with database.reading() as session:
            low, high, count = session.execute(select(func.min(Claim.id), func.max(Claim.id), func.count(Claim.id))).one()
    else:
        count = len(claim_ids)
    progress.start("recomputing statuses", count)
    try:
        if workers < 2 or count < PARALLEL_MIN_CLAIMS:
            with database.writing() if fix else database.reading() as session:
                return status.find_mismatches(session, fix=fix, claim_ids=claim_ids, progress=progress)
        url = database.url.render_as_string(hide_password=False)
        if claim_ids is None:
            step = max(RANGE_CLAIMS, (high - low + 1) // (workers * 8))
            tasks: list[tuple[int, int, list[int] | None]] = [
                (start - 1, min(start - 1 + step, high), None) for start in range(low, high + 1, step)
            ]
        else:
            ordered = sorted(claim_ids)
            step = max(1, RANGE_CLAIMS // 5, len(ordered) // (workers * 8))
            tasks = [(0, 0, ordered[start : start + step]) for start in range(0, len(ordered), step)]
        found: dict[int, list[StatusMismatch]] = {}
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            running = {pool.submit(_check_part, url, *task): index for index, task in enumerate(tasks)}
            for done in as_completed(running):  # in the order they end, for the progress
                found[running[done]], checked = done.result()
                progress.advance(checked)
        mismatches = [mismatch for index in range(len(tasks)) for mismatch in found[index]]  # in id order
        if fix and mismatches:
            with database.writing() as session:
                status.refresh_claims(session, [m.claim_id for m in mismatches])
        return mismatches
    finally:
        progress.finish()


class _Counted:
    """Progress that only counts: how many claims a worker checked, sent back with its answer."""

    def __init__(self) -> None:
        self.count = 0

    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        self.count += amount

    def finish(self) -> None:
        pass


def _check_part(url: str, after_id: int, up_to_id: int, claim_ids: list[int] | None) -> tuple[list[StatusMismatch], int]:
    """One range's (or one list's) mismatches, and how many claims it checked (run in a worker)."""
    database = Database(url)
    counted = _Counted()
    try:
        with database.reading() as session:
            if claim_ids is not None:
                found = status.find_mismatches(session, claim_ids=claim_ids, progress=counted)
            else:
                found = status.find_mismatches(session, after_id=after_id, up_to_id=up_to_id, progress=counted)
        return found, counted.count
    finally:
        database.dispose()
