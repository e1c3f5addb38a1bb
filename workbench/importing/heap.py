"""Giving the C heap's free pages back to the system while a large import runs.

Why: a large import's peak memory is mostly Python's and SQLite's live data, but glibc's
allocator keeps the pages of freed blocks (batch texts, row JSON, SQLite's scratch space)
mapped inside its arenas. Measured on a million-claim import: 10.6 MB of glibc's 52 MB
free at 60 s, 13.4 MB of 57 MB at 150 s, all of it still counted in the process's resident
memory, and growing with the file. ``malloc_trim(0)`` hands whole free pages back
(``madvise``) in every arena, the writer thread's included. It takes about 1 ms, so it is
called every ``TRIM_EVERY`` batches (1M claims peaked at 152 MB trimming every 25, 150 MB
every 5).

Both processes of a large import (this one and its worker, ``one_worker``) also keep glibc's
threshold for giving a large block its own mapping fixed (``map_large_blocks_apart``).

Elsewhere than glibc (macOS, musl) there is no such call, and nothing is done.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

TRIM_EVERY = 5  # claim batches between trims (a batch is 1,000 claims)
LARGE_BLOCK_BYTES = 128 * 1024  # glibc's own starting threshold, kept (see ``map_large_blocks_apart``)
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number for that threshold (glibc's malloc.h)


def _glibc_function(name: str, argtypes: list[type], restype: type) -> Callable[..., object] | None:
    """``name`` from the C library where it has it (glibc), else None.

    Looked up among the symbols the interpreter is linked with (``CDLL(None)``), not through
    ``ctypes.util.find_library``: that module costs 2 MB of the worker process's memory
    (``one_worker`` calls ``map_large_blocks_apart`` too), and on Linux runs ``ldconfig``.
    """
    try:
        function = ctypes.CDLL(None)[name]
    except (OSError, AttributeError, TypeError):  # TypeError: no such handle on Windows
        return None
    function.argtypes = argtypes
    function.restype = restype
    found: Callable[..., object] = function
    return found


_MALLOC_TRIM = _glibc_function("malloc_trim", [ctypes.c_size_t], ctypes.c_int)
_MALLOPT = _glibc_function("mallopt", [ctypes.c_int, ctypes.c_int], ctypes.c_int)


def release_free_memory() -> None:
    """Return the C heap's free pages to the system (glibc only; elsewhere nothing)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def map_large_blocks_apart() -> None:
    """Fix glibc's threshold for giving a block its own mapping at ``LARGE_BLOCK_BYTES`` for
    the rest of the process (glibc only; elsewhere nothing).

    Why: glibc starts at this threshold but raises it to the size of each mapped block freed
    (up to 32 MiB), and its threshold for handing the heap's free top back to twice that.
    After that, blocks of a batch's size (the pickled job and answer between the import and
    its worker, a few hundred KB each, made every batch) that the heap's free space cannot
    hold grow the heap instead of getting a mapping of their own, which would go back to
    the system when freed; and the heap's free top is kept. Set explicitly, neither
    threshold moves. Measured on 1M claims into an empty database (sampled proportional set
    sizes, three runs against three): all processes' peak 127.4-128.2 MB against
    131.4-132.7 MB, the worker's part 37 MB against 40, the import's own peak resident
    memory 101.2-102.1 against 102.3-102.4 MB; at 250k no change (115.4-116.1 against
    116.3-116.4 MB). A large block costs a map and an unmap instead, a few per batch.
    """
    if _MALLOPT is not None:
        _MALLOPT(_M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES)
