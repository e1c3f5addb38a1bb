"""Ids and keys in batches small enough for one ``IN (...)`` list, of a few lengths only.

SQLite caps the parameters of one statement (999 before 3.32) and a long ``IN`` list plans
worse on both backends, so every query over many ids asks for them a batch at a time. One
helper, used by the review use cases, the import and matching alike.

Each list that goes into an ``IN (...)`` is ``padded`` to one of a few lengths. Why: every
length is another SQL text, and SQLite prepares and keeps a statement for each text (Python's
``sqlite3`` holds the last 128 a connection ran). A batch of 137 ids and one of 138 made two
statements of about 120 KB each. Measured on an import of 1,000,000 claims onto 250,000
(``benchmarks/import_update_bench.py``), a connection held 145 prepared statements taking
11-14 MB, most of them one query at many lengths.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy import BindParameter

IN_LIST_SIZE = 500  # ids per IN (...) list

Item = TypeVar("Item")


def chunks(items: Sequence[Item], size: int = IN_LIST_SIZE) -> Iterator[Sequence[Item]]:
    """``items`` in consecutive slices of at most ``size``, in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def padded(items: Sequence[Item]) -> Sequence[Item]:
    """``items`` for an ``IN (...)`` list, lengthened by repeating its last item to the next
    power of two, or to ``IN_LIST_SIZE`` where that is nearer (a full chunk stays as it is).

    The same rows match: a value repeated in an ``IN`` list is the same condition. A query
    over lists of 1 to 500 ids is then at most 10 statements, not 500 (see the module
    docstring); each costs at most twice the parameters it needs.
    """
    count = len(items)
    if count <= 2:
        return items
    size = 1 << (count - 1).bit_length()
    if count <= IN_LIST_SIZE < size:
        size = IN_LIST_SIZE
    if size == count:
        return items
    return [*items, *([items[-1]] * (size - count))]


WANTED = "wanted"  # the name of ``wanted()``'s list when a statement runs


def wanted() -> BindParameter[Any]:
    """An ``IN`` list given when the statement runs (``in_wanted(chunk)``), so that a lookup
    repeated chunk after chunk is one statement, built once when its module loads.

    Why: ``column.in_(values)`` builds a new statement around each list, and SQLAlchemy's
    copy of the list's bound parameter refers to itself, so every such statement is cyclic
    garbage that holds its list of keys until the garbage collector runs over all
    generations, which a long import rarely lets it do (``importing.pipeline.fewer_collections``).
    Importing a million claims onto 250,000 (``benchmarks/import_update_bench.py``), the
    process peaked at 132 MB with such garbage and at 110 MB without it, its worker included
    159 and 138 MB. Built once, a lookup of 500 keys also took 1.1 ms instead of 2.2.
    """
    from sqlalchemy import bindparam  # here: this module is also read where SQLAlchemy is not loaded

    return bindparam(WANTED, expanding=True)


def in_wanted(values: Any) -> dict[str, Any]:
    """The parameters of a ``wanted()`` statement for one chunk of values (``padded``)."""
    return {WANTED: padded(values)}
