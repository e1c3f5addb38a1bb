"""The one worker process an import may use beside its own, and its answers that may fail.

Both jobs a large import hands to the other core (``parallel_reading``: validating stretches
of a JSONL file; ``analysis``: the next batch's match words) start the worker the same way and
treat its failure the same way: a worker that cannot start or dies costs speed, never the
import, because the caller then does the work itself.

The worker is started by the ``forkserver`` method: a clean interpreter, never a fork of this
process with its database connection and writer thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Answer = TypeVar("Answer")


def start_one_worker() -> ProcessPoolExecutor | None:
    """A pool of one ``forkserver`` worker, or ``None`` where no process can be started here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("forkserver"))
    except (OSError, ValueError):
        return None


def answer_or_none(pending: Future[Answer] | None) -> Answer | None:
    """The worker's answer, or ``None`` when nothing was asked or the worker failed (the caller
    then does the work itself)."""
    if pending is None:
        return None
    try:
        return pending.result()
    except Exception:  # noqa: BLE001 - a worker that died costs speed, never the import
        return None
