"""Questions asked of a process from outside: run in this one, a fresh one, or the import's
worker (``importing.one_worker``), whose jobs are functions importable by name."""

from __future__ import annotations

import ctypes
import sys


def loaded_modules() -> list[str]:
    """The names of the modules this process has imported."""
    return sorted(sys.modules)


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
    ]


def mallinfo2_available() -> bool:
    try:
        ctypes.CDLL(None).mallinfo2  # noqa: B018 - glibc 2.33 and later
    except (OSError, AttributeError, TypeError):
        return False
    return True


def large_blocks_mapped_apart() -> bool:
    """Whether this process maps large blocks apart (``importing.heap.map_large_blocks_apart``),
    asked of glibc's own count of mapped blocks: whether a 16 MiB block gets a mapping of its
    own after a 24 MiB one was freed.

    glibc's own threshold rises to the size of each mapped block freed: after the 24 MiB one
    it takes the next 16 MiB block from the heap. Fixed, it maps it apart. (A block the heap's
    free space can hold comes from there either way, so the block is made larger than any
    free space a small import leaves: with 256 KB the answer depended on what ran before.)
    """
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = _MallInfo2
    freed = bytearray(24 << 20)
    del freed
    before = mallinfo2().hblks
    block = bytearray(16 << 20)
    mapped_apart = mallinfo2().hblks == before + 1
    del block
    return mapped_apart
