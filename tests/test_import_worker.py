"""The import's helper process: started clean, and at a lower priority than the import."""

from __future__ import annotations

import os

from workbench.importing.one_worker import WORKER_NICENESS, start_one_worker


def test_the_worker_runs_at_a_lower_priority_than_the_import() -> None:
    """The import's main thread is its slow one: the worker gives way to it on a busy core."""
    pool = start_one_worker()
    assert pool is not None
    with pool:
        theirs = pool.submit(os.nice, 0).result()
    assert theirs == min(19, os.nice(0) + WORKER_NICENESS)
