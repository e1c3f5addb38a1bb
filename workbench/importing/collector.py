"""How often Python's cyclic garbage collector runs in an import's processes.

An import allocates a few dozen container objects per record (specs, rows, matcher entries)
while it keeps a large live heap (the matcher's window, caches), and makes few reference
cycles. With Python's default threshold of 700 allocations the collector ran 5,570 times on
100k claims, 42 of them over the whole heap: 4 s of 36. So the import raises the threshold
while it runs (``pipeline.fewer_collections``), and so does its worker process for as long as
it lives (``worker_loop``): it holds the window of recent claims when it matches, and with the
default threshold it matched 100k claims in 4.55 s of processor time, against 4.42 s with this
one and 4.30 s with no collections at all (best of three, 2026-12-07).

Garbage in reference cycles then waits for a collection of all generations, which a long
import rarely runs, so what is repeated per batch must not make any.

Apart from ``pipeline`` because the worker imports it, and it must import next to nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

IMPORT_GC_THRESHOLD = 50_000  # allocations between young collections while importing (default 700)


def collect_less_often() -> Callable[[], None]:
    """Raise the young generation's threshold to ``IMPORT_GC_THRESHOLD``; returns what puts
    the previous thresholds back."""
    previous = gc.get_threshold()
    gc.set_threshold(IMPORT_GC_THRESHOLD, *previous[1:])
    return lambda: gc.set_threshold(*previous)
