"""The one worker process an import may use beside its own, and its answers that may fail.

Both jobs a large import hands to the other core (``parallel_reading``: validating stretches
of a JSONL file; ``analysis`` and ``matching_ahead``: the next batch's match words, or its
matching) start the worker the same way and treat its failure the same way: a worker that
cannot start or dies costs speed, never the import, because the caller then does the work
itself.

The worker is a clean interpreter started for the purpose (``python -c``), never a fork of
this process with its database connection and writer thread. Jobs and answers are pickles
over its standard input and output, one at a time in order, as the import only ever keeps a
job or two ahead. Why not ``ProcessPoolExecutor`` with the ``forkserver`` method, as until
2026-12: it takes two more processes, the fork server and multiprocessing's resource tracker,
about 7 MB each, and an import's memory is budgeted (150 MB for all its processes at a million
claims; they were 151 MB). The worker runs at a lower priority than the import
(``worker_loop``, the worker's side, which imports no more than it needs).
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from workbench.importing.worker_loop import LENGTH, read_pickle
from workbench.pipes import write_whole

Answer = TypeVar("Answer")


class WorkerGone(RuntimeError):
    """The worker process stopped (or was stopped) before answering."""


class OneWorker:
    """A worker process that runs ``submit``ted jobs one at a time, in order.

    Two threads here keep this process from ever blocking on the pipes: one writes the jobs
    (a large job must not wait for the worker to read while it writes a large answer), one
    reads the answers and settles their futures.
    """

    def __init__(self) -> None:
        # The worker imports from the same places as this process (a checkout run with
        # ``python -m`` is first on its path, before any installed copy).
        code = f"import sys; sys.path[:0] = {sys.path!r}; from workbench.importing.worker_loop import serve; serve()"
        self._process = subprocess.Popen(
            [sys.executable, "-B", "-c", code],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # its failures come back as exceptions, or as its death
        )
        self._jobs: queue.Queue[bytes | None] = queue.Queue()
        self._pending: deque[Future[Any]] = deque()
        self._lock = threading.Lock()
        self._closed = False
        self._writer = threading.Thread(target=self._write_jobs, name="workbench-worker-jobs", daemon=True)
        self._reader = threading.Thread(target=self._read_answers, name="workbench-worker-answers", daemon=True)
        self._writer.start()
        self._reader.start()

    def submit(self, function: Callable[..., Answer], *arguments: Any) -> Future[Answer]:
        """Run ``function(*arguments)`` in the worker; RuntimeError if it is gone or shut down."""
        job = pickle.dumps((function, arguments), protocol=pickle.HIGHEST_PROTOCOL)
        future: Future[Answer] = Future()
        with self._lock:
            if self._closed:
                raise WorkerGone("the worker is shut down")
            self._pending.append(future)
            self._jobs.put(job)
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """No more jobs. ``wait``: let the worker finish those sent and exit; ``cancel_futures``:
        stop it now, its unfinished jobs failing with ``WorkerGone``."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(None)
        if cancel_futures:
            with contextlib.suppress(OSError):
                self._process.kill()
        if wait or cancel_futures:
            self._writer.join()
            self._reader.join()
            self._process.wait()

    def __enter__(self) -> OneWorker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.shutdown(wait=True)

    def _write_jobs(self) -> None:
        stream = self._process.stdin
        assert stream is not None
        try:
            while (job := self._jobs.get()) is not None:
                write_whole(stream.fileno(), LENGTH.pack(len(job)))
                write_whole(stream.fileno(), job)
        except (OSError, ValueError):  # the worker died: the reader fails what is pending
            pass
        finally:
            with contextlib.suppress(OSError, ValueError):
                stream.close()

    def _read_answers(self) -> None:
        stream = self._process.stdout
        assert stream is not None
        try:
            while (answer := read_pickle(stream)) is not None:
                with self._lock:
                    future = self._pending.popleft()
                failed, value = answer
                if failed:
                    future.set_exception(value)
                else:
                    future.set_result(value)
        except Exception as error:  # noqa: BLE001 - an unreadable answer: the worker is of no more use
            self._fail_pending(WorkerGone(f"the worker's answer could not be read: {error}"))
            with contextlib.suppress(OSError):
                self._process.kill()
        finally:
            self._fail_pending(WorkerGone("the worker stopped"))
            with contextlib.suppress(OSError, ValueError):
                stream.close()

    def _fail_pending(self, error: Exception) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._jobs.put(None)  # the job writer stops too
            pending, self._pending = self._pending, deque()
        for future in pending:
            future.set_exception(error)


def start_one_worker() -> OneWorker | None:
    """A worker process, or ``None`` where no process can be started here."""
    try:
        return OneWorker()
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
