"""Typed access to one parsed JSON object of the interchange format, with errors naming the
line and the field's path (``claims[3].attributions[0].stance``).

``json_format`` reads each record through it; keeping it apart keeps that module about the
records themselves.
"""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import Any

from workbench.dates import Published
from workbench.formats.interchange import (
    Invalid,
    check_text,
    field_path,
    parse_date,
    parse_enum,
    parse_published_value,
    storable,
)
from workbench.limits import MAX_ALIASES, MAX_KEY, MAX_TEXT


class JsonRecord:
    """Typed access to one JSON object's fields, with errors that name line and field path."""

    def __init__(self, value: Any, path: str, allowed: frozenset[str] | set[str], parent_line: int | None = None) -> None:
        self.line = getattr(value, "line", parent_line)
        self.path = path
        if not isinstance(value, dict):
            raise Invalid(self.line, path or "(record)", f"expected an object, got {type_name(value)}")
        if not allowed.issuperset(value):  # the fields' set is built only for the error
            unknown = sorted(set(value) - allowed)
            raise Invalid(
                self.line, field_path(path, unknown[0]), f"unknown field (allowed: {', '.join(sorted(allowed))})"
            )
        self.value = value

    def where(self, name: str) -> str:
        return field_path(self.path, name)

    def fail(self, name: str, reason: str) -> Invalid:
        return Invalid(self.line, self.where(name), reason)

    def text(self, name: str, *, required: bool = False, limit: int = MAX_TEXT, blank_ok: bool = True) -> str | None:
        raw = self.value.get(name)
        if raw is None:
            if required:
                raise self.fail(name, "missing (required)")
            return None
        if not isinstance(raw, str):
            raise self.fail(name, f"expected a string, got {type_name(raw)}")
        if len(raw) > limit or not storable(raw):  # the path is built only for the error
            check_text(raw, self.line, self.where(name), limit)
        if not blank_ok and not raw.strip():
            raise self.fail(name, "must not be blank")
        return raw

    def required_text(self, name: str, limit: int = MAX_TEXT) -> str:
        value = self.text(name, required=True, limit=limit, blank_ok=False)
        assert value is not None
        return value

    def key(self, name: str, required: bool = False) -> str | None:
        raw = self.value.get(name)
        if raw is None and not required:
            return None
        # A key as nearly every record gives it, checked here at once; any other goes through
        # ``text``, whose checks and errors are the same (a file checks a key per record and
        # attribution: 0.8 M times for 100k claims).
        if type(raw) is str and len(raw) <= MAX_KEY and storable(raw) and (stripped := raw.strip()):
            return stripped
        value = self.text(name, required=required, limit=MAX_KEY, blank_ok=False)
        return value.strip() if value is not None else None

    def enum(self, name: str, enum: type[StrEnum], default: StrEnum | None = None) -> str:
        raw = self.value.get(name)
        if raw is None:
            if default is None:
                raise self.fail(name, "missing (required)")
            return default._value_  # ``.value`` is a descriptor: several times slower, per record
        if not isinstance(raw, str):
            raise self.fail(name, f"expected a string, got {type_name(raw)}")
        if raw in enum._value2member_map_:
            return raw
        return parse_enum(raw, enum, self.line, self.where(name))

    def integer(self, name: str, low: int, high: int, default: int) -> int:
        raw = self.value.get(name)
        if raw is None:
            return default
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise self.fail(name, f"expected a whole number from {low} to {high}, got {describe(raw)}")
        if not low <= raw <= high:
            raise self.fail(name, f"must be from {low} to {high}, got {raw}")
        return raw

    def date(self, name: str) -> date | None:
        if self.value.get(name) is None:  # most records give none
            return None
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            return parse_date(raw, self.line, self.where(name))

    def published(self, name: str) -> Published | None:
        raw = self.text(name)
        return None if raw is None else parse_published_value(raw, self.line, self.where(name))

    def strings(self, name: str, limit: int = MAX_TEXT, most: int = MAX_ALIASES) -> tuple[str, ...]:
        raw = self.value.get(name)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(name, f"expected a list of strings, got {type_name(raw)}")
        if len(raw) > most:
            raise self.fail(name, f"too many ({len(raw):,}; the limit is {most:,})")
        for index, item in enumerate(raw):
            if not isinstance(item, str):
                raise self.fail(f"{name}[{index}]", f"expected a string, got {type_name(item)}")
            if len(item) > limit or not storable(item):
                check_text(item, self.line, self.where(f"{name}[{index}]"), limit)
        return tuple(raw)

    def records(self, name: str, most: int | None = None) -> list[Any]:
        raw = self.value.get(name)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail(name, f"expected a list, got {type_name(raw)}")
        if most is not None and len(raw) > most:
            raise self.fail(name, f"too many ({len(raw):,}; the limit is {most:,})")
        return raw


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def describe(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return f"{type_name(value)} ({value!r})" if value is not None else "null"
    return type_name(value)
