"""Ids and keys in batches small enough for one ``IN (...)`` list.

SQLite caps the parameters of one statement (999 before 3.32) and a long ``IN`` list plans
worse on both backends, so every query over many ids asks for them a batch at a time. One
helper, used by the review use cases, the import and matching alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

IN_LIST_SIZE = 500  # ids per IN (...) list

Item = TypeVar("Item")


def chunks(items: Sequence[Item], size: int = IN_LIST_SIZE) -> Iterator[Sequence[Item]]:
    """``items`` in consecutive slices of at most ``size``, in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
