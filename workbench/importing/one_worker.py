"""The one worker process an import may use beside its own, and its answers that may fail.

Both jobs a large import hands to the other core (``parallel_reading``: validating stretches
of a JSONL file; ``analysis``: the next batch's match words) start the worker the same way and
treat its failure the same way: a worker that cannot start or dies costs speed, never the
import, because the caller then does the work itself.

The worker is started by the ``forkserver`` method: a clean interpreter, never a fork of this
process with its database connection and writer thread. It runs at a lower priority than the
import (``_yield_to_the_import``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Answer = TypeVar("Answer")
WORKER_NICENESS = 10  # added to this process's niceness in the worker (see ``_yield_to_the_import``)


def start_one_worker() -> ProcessPoolExecutor | None:
    """A pool of one ``forkserver`` worker, or ``None`` where no process can be started here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        return ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("forkserver"), initializer=_yield_to_the_import
        )
    except (OSError, ValueError):
        return None


def _yield_to_the_import() -> None:
    """Run the worker at a lower priority (``WORKER_NICENESS``) than the import it helps.

    Why: the import's main thread is the slow one, and on two cores it shares them with the
    writer thread and this worker. At the same priority the kernel took the main thread off a
    core for the worker's turn: 0.7 s of a 14 s import of 100k claims with matching was spent
    waiting so (``perf sched``). The worker needs about a fifth of a core and is a batch
    ahead, so at a lower priority it still keeps up, in the time the others leave. Measured
    in alternated pairs against equal priority (``benchmarks/ab_import.py``): 0.95x and 0.98x
    with matching, 1.01x without (where this worker only reads the file's first phase).
    """
    import os
    from contextlib import suppress

    with suppress(AttributeError, OSError):  # no nice() on this platform, or not allowed: equal priority
        os.nice(WORKER_NICENESS)


def answer_or_none(pending: Future[Answer] | None) -> Answer | None:
    """The worker's answer, or ``None`` when nothing was asked or the worker failed (the caller
    then does the work itself)."""
    if pending is None:
        return None
    try:
        return pending.result()
    except Exception:  # noqa: BLE001 - a worker that died costs speed, never the import
        return None
