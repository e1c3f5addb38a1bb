"""A fixed threshold for the C heap's large blocks while a big file is imported (glibc only).

Why: an import's largest short-lived blocks are a batch's JSON text (hundreds of KB each, one
per table per batch, in Python and in SQLite's copy of the bound parameter) and the pickled
answers of its worker. glibc serves a block of 128 KiB or more with its own ``mmap``, given
back to the system when freed, but it raises that threshold to the size of each such block
freed, so after the first batch those texts came from the main heap instead, among the
long-lived objects, and the heap kept the holes they left. Measured on a million-claim import
with matching: a peak of 162.7 MB with the sliding threshold, 153.2 MB with it fixed at
128 KiB (``mallopt(M_MMAP_THRESHOLD)``, which also stops the sliding), in the same time.

The setting is process-wide and stays: a CLI process that imports a large file does little
else. Elsewhere (musl, macOS, Windows, no ctypes) nothing is done and imports work as before.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE_BLOCK_BYTES = 128 * 1024  # glibc's own starting threshold

_fixed = False


def fix_mmap_threshold() -> bool:
    """Fix glibc's mmap threshold at ``LARGE_BLOCK_BYTES``, once; whether it is now fixed."""
    global _fixed
    if _fixed:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt  # missing outside glibc: AttributeError
    except (ImportError, OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    _fixed = mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK_BYTES) == 1
    return _fixed
