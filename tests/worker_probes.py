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
    asked of glibc's own counts: whether a 256 KB block gets a mapping of its own after a 2 MiB one was freed.

    glibc's own threshold starts at 128 KiB but rises to the size of each mapped block freed:
    after the 2 MiB one it cut the next 256 KB block from the heap. Fixed, it maps it apart.
    """
    mallinfo2 = ctypes.CDLL(None).mallinfo2
    mallinfo2.restype = _MallInfo2
    freed = bytearray(2 << 20)
    del freed
    before = mallinfo2().hblks
    block = bytearray(256 << 10)
    mapped_apart = mallinfo2().hblks == before + 1
    del block
    return mapped_apart
