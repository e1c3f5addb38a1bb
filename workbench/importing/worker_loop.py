"""The worker process's side of ``one_worker``: read a job, run it, write its answer.

Apart from ``one_worker`` (the import's side: the process, its two pipe threads and the
futures) so that the worker imports only this: pickles over its standard streams need
neither ``subprocess``, ``threading``, ``queue`` nor ``concurrent.futures``, and a worker's
memory counts in the import's budget (150 MB for all its processes). A worker that matched a
batch held 206 modules and 16.9 MB (proportional set size) when it ran this loop from
``one_worker``, and 186 modules and 15.4 MB from here. The modules a job needs load when its function is
unpickled. ``tests/test_import_worker.py`` checks what a worker that matched a batch holds.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import struct
import sys
from typing import IO, Any

from workbench.importing.collector import collect_less_often
from workbench.importing.heap import map_large_blocks_apart
from workbench.pipes import write_whole

WORKER_NICENESS = 10  # added to this process's niceness in the worker (see ``_yield_to_the_import``)
LENGTH = struct.Struct("<Q")  # each pickle is preceded by its length


def read_pickle(stream: IO[bytes]) -> Any | None:
    """The next pickle on ``stream``; None at its end."""
    header = stream.read(LENGTH.size)
    if len(header) < LENGTH.size:
        return None
    (length,) = LENGTH.unpack(header)
    data = stream.read(length)
    if len(data) < length:
        return None
    return pickle.loads(data)


def serve() -> None:
    """The worker's loop: run each job read from stdin, write its answer (or its error) to stdout."""
    _yield_to_the_import()
    map_large_blocks_apart()  # each job and answer is such a block (``heap``)
    collect_less_often()  # as the import does (``collector``), for the worker's whole life
    jobs, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    while (job := read_pickle(jobs)) is not None:
        function, arguments = job
        try:
            answer: tuple[bool, Any] = (False, function(*arguments))
        except Exception as error:  # noqa: BLE001 - sent back to the import, which does the job itself
            answer = (True, error)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled fails that job only
            data = pickle.dumps((True, RuntimeError(f"unpicklable answer: {error}")), protocol=pickle.HIGHEST_PROTOCOL)
        write_whole(answers.fileno(), LENGTH.pack(len(data)))
        write_whole(answers.fileno(), data)


def _yield_to_the_import() -> None:
    """Run the worker at a lower priority (``WORKER_NICENESS``) than the import it helps.

    Why: the import's main thread is the slow one, and on two cores it shares them with the
    writer thread and this worker. At the same priority the kernel took the main thread off a
    core for the worker's turn: 0.7 s of a 14 s import of 100k claims with matching was spent
    waiting so (``perf sched``). The worker needs about a fifth of a core and is a batch
    ahead, so at a lower priority it still keeps up, in the time the others leave. Measured
    in alternated pairs against equal priority (``benchmarks/ab_import.py``): 0.95x and 0.98x
    with matching, 1.01x without (where this worker only reads the file's first phase). Again
    once the worker matched a batch ahead (``matching_ahead``), 100k claims, two runs each:
    9.4-9.5 s at this priority, 9.8-10.2 s at the import's own, 9.7-9.8 s at 5 below it.
    """
    with contextlib.suppress(AttributeError, OSError):  # no nice() on this platform, or not allowed: equal priority
        os.nice(WORKER_NICENESS)
