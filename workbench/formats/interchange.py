"""The interchange format's records once validated (docs/interchange-format.md), whatever
their layout: typed specs and the checks of single values (the limits they apply are
``workbench.limits``, the same at every entry point).

A JSON document's records, a JSONL line (``json_format``) and a group of CSV rows
(``csv_format``) all become the same specs, with errors naming line and field. Validation is
pure and happens before anything touches the database, so a bad record is refused before
the first write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from workbench.dates import Published, parse_published
from workbench.immutable import immutable_record
from workbench.limits import too_long
from workbench.vocabulary import choices

FORMAT_NAME = "workbench"
FORMAT_VERSION = 2  # what export writes; every version from 1 up is read (docs/interchange-format.md)

# Lone surrogates cannot be encoded as UTF-8: storing one fails half-way through a write,
# and dropping it (as some tools do) changes the text. U+0000 cannot be stored in PostgreSQL
# text, and a file must import the same on every backend. Both are refused with a reason.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Invalid(ValueError):
    """A record breaks the format; ``line`` and ``field`` say where."""

    def __init__(self, line: int | None, field: str, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.field = field
        self.reason = reason


# The specs are immutable records (``workbench.immutable``): frozen for the type checker,
# as cheap to build as plain dataclasses (a file builds one per record).
@immutable_record
class SourceSpec:
    line: int | None
    key: str
    name: str | None
    kind: str | None
    role: str | None
    affiliation: str | None
    reliability: str | None
    aliases: tuple[str, ...]
    path: str = ""
    # A partial spec (from CSV columns) sets only the values it gives: None means "keep".
    partial: bool = False
    # Version 2: ``member_of`` or ``speaks_for``. None (version 1): ``speaks_for`` when the
    # source makes an official statement, else ``member_of``, as revision 5e7a2c91b3d4 moved
    # stored data; decided once the file's claims are written.
    affiliation_kind: str | None = None
    possibly_same: tuple[tuple[str, str | None], ...] = ()  # (other source's key, note)


@immutable_record
class DocumentSpec:
    line: int | None
    key: str
    title: str | None
    outlet: str | None
    byline: str | None
    place: str | None
    published_at: Published | None  # a date when only the day was given
    url: str | None
    text: str | None
    derived_from: str | None
    path: str = ""
    partial: bool = False


@immutable_record
class AttributionSpec:
    line: int | None
    path: str
    key: str | None
    source: str | None  # a source key...
    stance: str
    mode: str
    document: str | None
    quote: str | None
    span: tuple[int, int] | None
    relayed_via: str | None
    credibility: int
    as_of: date | None
    note: str | None
    source_name: str | None = None  # ...or a name, resolved while importing (or created)
    source_kind: str | None = None  # for a source created from a name
    source_reliability: str | None = None  # for a source created from a name
    # The stored values this record sets when its attribution exists already; None: all of
    # them (JSON). A CSV row sets only its non-blank cells (it has no span columns at all).
    given: frozenset[str] | None = None
    # None: not given. Version 2 then infers it from the wording (``infer``), as a reviewer's
    # attribution does; version 1 files meant every attribution as stated.
    certainty: str | None = None
    certainty_inferred: bool = False
    infer: bool = False


@immutable_record
class NoteSpec:
    """A reviewer's note on a claim (a review event): its words, who wrote it and when."""

    text: str
    by: str
    at: datetime


@immutable_record
class ClaimSpec:
    line: int | None
    key: str
    text: str | None  # None only for a CSV group that adds attributions to an existing claim
    tags: tuple[str, ...] | None  # None: not given (CSV), keep the claim's tags
    place: str | None
    event_date: date | None
    verdict: str | None  # None: not given (CSV), keep the claim's verdict
    attributions: tuple[AttributionSpec, ...]
    path: str = ""
    # From CSV: blank cells mean "keep", and rows of one claim need not be adjacent (a
    # later group continues the same claim instead of repeating its key).
    grouped: bool = False
    kind: str | None = None  # event or plan; None: not given (a new claim is an event)
    verdict_reason: str | None = None
    notes: tuple[NoteSpec, ...] = ()


@immutable_record
class LinkSpec:
    line: int | None
    path: str
    from_key: str
    to_key: str
    relation: str
    note: str | None


Spec = SourceSpec | DocumentSpec | ClaimSpec | LinkSpec


@dataclass
class Bundle:
    """Everything one file holds, validated."""

    sources: list[SourceSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)
    claims: list[ClaimSpec] = field(default_factory=list)
    links: list[LinkSpec] = field(default_factory=list)


def field_path(path: str, name: str) -> str:
    """``claims[3]`` + ``stance`` -> ``claims[3].stance``; a bare record (JSONL) has no prefix."""
    if not path:
        return name
    if name.startswith("["):
        return f"{path}{name}"
    return f"{path}.{name}"


def storable(text: str) -> bool:
    """No character ``UNSTORABLE`` refuses (NUL, a lone surrogate) in ``text``.

    ASCII text (nearly every key and value of a file) is asked only about NUL: CPython keeps
    whether a string is ASCII as a flag, and looking for one character is a memchr. The two
    took a quarter of the time of the pattern's search, which had been a fifth of the time of
    validating a JSONL file's records (1.06 s against 0.82 s for 100k claims, 2026-12-07)."""
    return "\x00" not in text if text.isascii() else not UNSTORABLE.search(text)


def check_text(value: str, line: int | None, where: str, limit: int) -> None:
    """Length and encodability of one string (the checks every text field shares)."""
    if (reason := too_long(value, limit)) is not None:
        raise Invalid(line, where, reason)
    if storable(value):
        return
    bad = UNSTORABLE.search(value)
    if bad and bad.group() == "\x00":
        raise Invalid(line, where, "contains U+0000 (NUL), which cannot be stored (PostgreSQL text cannot hold it)")
    if bad:
        raise Invalid(line, where, "contains a lone surrogate (not valid Unicode, cannot be stored)")



def parse_enum(raw: str, enum: type[StrEnum], line: int | None, where: str) -> str:
    try:
        return enum(raw).value
    except ValueError:
        raise Invalid(line, where, f"unknown value {raw!r} (expected one of: {', '.join(choices(enum))})") from None


def parse_date(raw: str, line: int | None, where: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise Invalid(line, where, f"expected an ISO date like 2026-01-27, got {raw!r}") from None


def parse_published_value(raw: str, line: int | None, where: str) -> Published:
    """A date (``2026-01-27``) or a date-time, kept as precise as it was given (``workbench.dates``)."""
    try:
        return parse_published(raw)
    except ValueError:
        raise Invalid(line, where, f"expected an ISO date or date-time like 2026-01-27T09:30:00, got {raw!r}") from None
