"""Texts too long to lay out at once: the detail pane shows a prefix; the full-text viewer the rest.

Imports cap a claim at 100,000 characters, but a text can reach the database another way (SQL,
an older version): laying out a 5 MB claim froze the TUI for 7 s. ``shorten_long_texts``
returns a copy of a record in which every string longer than ``SHOWN_CHARS`` is cut to its
start plus a note saying how much is left; ``cut_texts`` lists what was cut, with a label, for
the viewer (``screens/full_text.py``), which reads a long text a page at a time.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

SHOWN_CHARS = 10_000
"""The longest text the detail pane lays out in full (about 150 lines of 70 characters)."""

FULL_TEXT_KEY = "t"

R = TypeVar("R")


@dataclass(frozen=True)
class CutText:
    """A text the detail pane shows only the start of: where it is from, and all of it."""

    label: str
    text: str


def shorten_long_texts(record: R, limit: int = SHOWN_CHARS) -> R:
    """``record`` (a tree of frozen dataclasses) with every string over ``limit`` cut to a prefix.

    The record itself is returned, not a copy, when nothing is that long (the usual case).
    """
    return _shorten(record, limit)


def cut_texts(record: object, limit: int = SHOWN_CHARS) -> list[CutText]:
    """Every string over ``limit`` in ``record``, once each, labelled by the record it is in."""
    found: dict[str, CutText] = {}
    _collect(record, limit, "", found)
    return list(found.values())


def _shorten(value: Any, limit: int) -> Any:
    if isinstance(value, str) and not isinstance(value, Enum):
        if len(value) <= limit:
            return value
        rest = len(value) - limit
        return f"{value[:limit]}… [{rest:,} more characters: {FULL_TEXT_KEY} shows the whole text]"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = _shorten(old, limit)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, tuple | list | frozenset):
        items = [_shorten(item, limit) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    return value


def _collect(value: Any, limit: int, where: str, found: dict[str, CutText]) -> None:
    if isinstance(value, str) and not isinstance(value, Enum):
        # The dossier holds some texts twice (an attribution and its view for display): list each once.
        if len(value) > limit and not any(cut.text is value for cut in found.values()):
            found.setdefault(where, CutText(where, value))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        owner = _describe(value) or where
        for field in dataclasses.fields(value):
            _collect(getattr(value, field.name), limit, f"{owner} {field.name.replace('_', ' ')}".strip(), found)
    elif isinstance(value, tuple | list | frozenset):
        for item in value:
            _collect(item, limit, where, found)


def _describe(record: object) -> str:
    """A record's name for a label: "attribution #3" for an AttributionRecord with id 3; "" without an id."""
    number = getattr(record, "id", None)
    if number is None:
        number = getattr(record, "attribution_id", None)
    if number is None:
        return ""
    name = re.sub(r"(Record|Summary|View)$", "", type(record).__name__)
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()
    return f"{words} #{number}"
