"""A publication date as the user gave it: the day only, or the day and the time.

The database keeps a date-time (``documents.published_at``, a date given alone at midnight)
and its precision (``published_precision``). Everything that reads or shows it goes through
here, so ``2026-01-27`` comes back as ``2026-01-27`` from the CLI, the TUI and an export,
never as ``2026-01-27T00:00:00``, a time nobody gave.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from workbench.vocabulary import DatePrecision

Published = date | datetime  # a ``date`` when only the day was given


def parse_published(raw: str) -> Published:
    """``2026-01-27`` -> a date; ``2026-01-27T09:30:00`` (or with an offset) -> a UTC datetime.

    Raises ``ValueError`` for anything else.
    """
    text = raw.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def to_stored(value: Published | None) -> tuple[datetime | None, str | None]:
    """The two stored columns for a value as given."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value, DatePrecision.DATETIME.value
    return datetime.combine(value, time()), DatePrecision.DATE.value


def as_given(stored: datetime | None, precision: str | None) -> Published | None:
    """The stored columns back as the user gave them (a row without a precision has a time)."""
    if stored is None:
        return None
    return stored.date() if precision == DatePrecision.DATE.value else stored


def published_text(value: Published | None) -> str | None:
    """ISO text of a value as given: ``2026-01-27`` or ``2026-01-27T09:30:00``."""
    return None if value is None else value.isoformat()


def day_of(value: Published | None) -> date | None:
    """The day of a value as given (a datetime is also a date: check it first)."""
    if isinstance(value, datetime):
        return value.date()
    return value
