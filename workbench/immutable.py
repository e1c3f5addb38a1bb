"""Value records that are frozen for the type checker and cheap to build at run time.

Why not ``@dataclass(frozen=True)``: a frozen dataclass's ``__init__`` sets each field through
``object.__setattr__``, to get past the class's own ``__setattr__`` that forbids it, and that
call per field is slow. The import builds a spec for every record of a file (an attribution
has 20 fields): an ``AttributionSpec`` took 2.1 us frozen against 0.44 us plain, and spec
construction was the largest single cost of validating a file, 28% of the reading worker's
time at 100k claims (py-spy, 2026-12-05).

``immutable_record`` gives a plain dataclass at run time, with the field-based ``__hash__`` a
frozen one has (``unsafe_hash``), so its instances still work as dict keys and set members
and ``dataclasses.replace`` copies them. The type checker is told it is frozen (PEP 681's
``frozen_default``), so assigning to a field is a mypy error, which CI runs: the records stay
immutable by the same check that keeps their types right, not by a run-time guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def immutable_record(cls: type[T], /) -> type[T]: ...
@overload
def immutable_record(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True)
def immutable_record(cls: type[T] | None = None, /, *, slots: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """A dataclass that mypy holds frozen and that builds as fast as a plain one
    (``slots``: without an instance dict, as ``dataclass(slots=True)``)."""

    def build(cls: type[T]) -> type[T]:
        record = dataclass(unsafe_hash=True, slots=slots)(cls)
        # Only where the instance dict holds exactly the constructor's arguments, in order.
        if not slots and "__reduce__" not in cls.__dict__ and all(f.init and not f.kw_only for f in fields(record)):  # type: ignore[arg-type]
            record.__reduce__ = _reduce_to_arguments  # type: ignore[method-assign]
        return record

    return build if cls is None else build(cls)


def _reduce_to_arguments(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle a record as its class called with its fields' values (see the module docstring).

    The instance dict's values are the fields' values in order: the dataclass ``__init__``
    sets each field once, in order, and nothing else is ever set on a record."""
    return type(self), tuple(self.__dict__.values())
