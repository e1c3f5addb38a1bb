"""The import's helper process: started clean, and at a lower priority than the import."""

from __future__ import annotations

import gc
import operator
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import worker_probes
from support import SAMPLE_FILE

from workbench.importing.collector import IMPORT_GC_THRESHOLD
from workbench.importing.matching_ahead import AheadBatch, WindowSetup, match_ahead
from workbench.importing.one_worker import WorkerGone, answer_or_none, start_one_worker
from workbench.importing.worker_loop import WORKER_NICENESS
from workbench.matching.thresholds import DEFAULT_THRESHOLDS


def test_the_worker_runs_at_a_lower_priority_than_the_import() -> None:
    """The import's main thread is its slow one: the worker gives way to it on a busy core."""
    pool = start_one_worker()
    assert pool is not None
    with pool:
        theirs = pool.submit(os.nice, 0).result()
    assert theirs == min(19, os.nice(0) + WORKER_NICENESS)


def test_the_worker_collects_garbage_as_seldom_as_the_import() -> None:
    """It holds the matcher's window, and a young collection every 700 allocations cost it 6 %
    of its time (``importing.collector``)."""
    with start_one_worker() as worker:  # type: ignore[union-attr]
        threshold = worker.submit(gc.get_threshold).result()
    assert threshold[0] == IMPORT_GC_THRESHOLD != 700  # Python's default: the worker raised it


def test_jobs_are_answered_in_order_and_a_failing_job_fails_alone() -> None:
    with start_one_worker() as worker:  # type: ignore[union-attr]
        doubled = [worker.submit(operator.mul, n, 2) for n in range(50)]
        failing = worker.submit(int, "not a number")
        after = worker.submit(str.upper, "still here")
        assert [future.result() for future in doubled] == [n * 2 for n in range(50)]
        with pytest.raises(ValueError, match="invalid literal"):
            failing.result()
        assert after.result() == "STILL HERE"


def test_a_large_job_and_a_large_answer_pass_both_ways() -> None:
    """The pipes hold 64 KB: a job and an answer far larger must not wait for each other."""
    big = "x" * (8 << 20)
    with start_one_worker() as worker:  # type: ignore[union-attr]
        futures = [worker.submit(str.upper, big) for _ in range(3)]
        assert all(future.result() == big.upper() for future in futures)


def test_a_print_in_the_worker_does_not_corrupt_its_answers() -> None:
    with start_one_worker() as worker:  # type: ignore[union-attr]
        assert worker.submit(print, "noise").result() is None
        assert worker.submit(len, "abc").result() == 3


def test_a_worker_that_dies_fails_what_is_pending_and_takes_no_more() -> None:
    worker = start_one_worker()
    assert worker is not None
    pid = worker.submit(os.getpid).result()
    slow = worker.submit(time.sleep, 30)
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(WorkerGone):
        slow.result(timeout=10)
    with pytest.raises(RuntimeError):
        worker.submit(len, "abc")
    assert answer_or_none(slow) is None
    worker.shutdown()


def test_cancelling_stops_the_worker_now() -> None:
    worker = start_one_worker()
    assert worker is not None
    slow = worker.submit(time.sleep, 30)
    started = time.monotonic()
    worker.shutdown(wait=False, cancel_futures=True)
    assert time.monotonic() - started < 10
    assert answer_or_none(slow) is None


def test_answers_stay_whole_when_the_worker_is_stopped_and_continued() -> None:
    """Ctrl+Z then ``fg`` (or a sampling profiler) stops and continues the worker mid-answer.

    A stopped write to a pipe ends early; Python 3.11's buffered writer then lost its place,
    and every answer after it was unreadable (found 2026-12-05 under py-spy).
    """
    big = "y" * (4 << 20)
    with start_one_worker() as worker:  # type: ignore[union-attr]
        pid = worker.submit(os.getpid).result()
        futures = [worker.submit(str.upper, big) for _ in range(12)]
        while not futures[-1].done():
            os.kill(pid, signal.SIGSTOP)
            time.sleep(0.002)
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.003)
        assert all(future.result() == big.upper() for future in futures)


@pytest.mark.skipif(not worker_probes.mallinfo2_available(), reason="glibc's allocator counts (mallinfo2) are not here")
def test_an_import_and_its_worker_map_large_blocks_apart_for_good(tmp_path: Path) -> None:
    """glibc's threshold for mapping a block apart rises with each large block freed, and batch-
    sized pickles then fragment the heap (``importing.heap.map_large_blocks_apart``). Checked
    in fresh processes: the probe must see the difference, or it proves nothing."""
    probe = f"import sys; sys.path[:0] = {sys.path!r}; import worker_probes"
    asked = "; print(worker_probes.large_blocks_mapped_apart())"
    fixed = "; from workbench.importing.heap import map_large_blocks_apart; map_large_blocks_apart()"

    def answer(code: str) -> str:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()

    assert answer(probe + asked) == "False"  # glibc's own behaviour
    assert answer(probe + fixed + asked) == "True"
    imported = (
        "; from workbench.db.opening import open_database; from workbench.importing.pipeline import import_files"
        f"; import_files(open_database({str(tmp_path / 'desk.db')!r}), [{str(SAMPLE_FILE)!r}], 'tester')"
    )
    assert answer(probe + imported + asked) == "True"
    with start_one_worker() as worker:  # type: ignore[union-attr]
        assert worker.submit(worker_probes.large_blocks_mapped_apart).result() is True


def test_a_worker_that_matched_a_batch_holds_only_what_matching_needs() -> None:
    """Its memory counts in the import's budget: neither the import's side of the pipes
    (subprocess, threads, queues, futures: ``one_worker``) nor SQLite for an empty database."""
    setup = WindowSetup(DEFAULT_THRESHOLDS, 100, (), 1)
    batch = AheadBatch(((2, "claim-1", "Russian forces left the Qamishli base on Monday", ()),), setup)
    with start_one_worker() as worker:  # type: ignore[union-attr]
        assert worker.submit(match_ahead, batch).result() == [("claim-1", 1, None)]
        loaded = set(worker.submit(worker_probes.loaded_modules).result())
    assert "workbench.importing.claim_window" in loaded  # it did match
    assert not loaded & {"subprocess", "threading", "queue", "concurrent.futures", "sqlite3", "sqlalchemy"}
