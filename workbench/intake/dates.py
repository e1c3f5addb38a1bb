"""Publication dates as articles write them: "2026-01-27", "12 March 2026", "Feb. 9, 2026".

Only what a date line or a page's metadata holds; dates inside the reporting ("on Tuesday",
"five or six days ago") are the claims' business, not the document's.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_PATTERN = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_DAY_MONTH_YEAR = re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH_PATTERN + r",?\s+(?P<year>\d{4})", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(_WEEKDAY + MONTH_PATTERN + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(?:(?:first\s+|last\s+)?(?:published|updated|posted|broadcast|aired|issued|released|sent)|(?:event\s+|air\s+|release\s+)?date|dated|as\s+(?:of|at))\b\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first calendar date written in ``text``, with its start and end, or None."""
    found: list[tuple[int, int, date]] = []
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(text)
        if match is None:
            continue
        value = _to_date(match)
        if value is not None:
            found.append((match.start(), match.end(), value))
    if not found:
        return None
    start, end, value = min(found)
    return value, start, end


# The time a page stamps beside the date: "2:41pm GMT", "at 6:45 PM", "14:05 GMT", "10:41 AM ET".
_ZONE = r"(?:(?:GMT|UTC|BST|CET|CEST|EET|EEST|EST|EDT|ET|CST|CDT|MST|PST|PDT|PT|IST|WAT|EAT|SAST)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?)"
_TIME = r"(?:at\s+)?\d{1,2}(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?:\s*" + _ZONE + r")?"
# ... and where: "18:45 Santiago (21:45 GMT)", a desk's advisory sent from its bureau
_TIME_AFTER = re.compile(
    r"^[\s,\-–—|]*(?:" + _TIME + r"(?:\s+[A-Z][\w'’\-]+)?(?:\s*\(\s*" + _TIME + r"\s*\))?)?[\s,.;|]*$", re.IGNORECASE
)
_TIME_BEFORE = re.compile(r"^[\s,]*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*" + _ZONE + r")?)?[\s,\-–—|]*$", re.IGNORECASE)


def date_line(line: str) -> date | None:
    """The date if the whole line is a date, optionally labelled ("Published 2 June 2026") and
    stamped with a time ("Sat Mar 13, 2027 2:41pm GMT", "Updated 14:05 GMT, 3 March 2026"); a
    date in figures only when its order is certain ("13/05/2027": the 13th is no month)."""
    written = _LABEL.sub("", line, count=1)
    if len(written) > 60:
        return None
    found = find_date(written) or _numeric_date(written)
    if found is None or found[0] is None:
        return None
    value, start, end = found
    if not _TIME_BEFORE.match(written[:start]) or not _TIME_AFTER.match(written[end:]):
        return None
    return value


def undated_date_line(line: str) -> bool:
    """A line that is a date whose order cannot be told ("Published: 12/05/2027 08:14": 12 May or
    5 December): metadata all the same, never a claim, though no date is read from it."""
    written = _LABEL.sub("", line, count=1)
    found = _numeric_date(written) if len(written) <= 48 else None
    return bool(
        found is not None and found[0] is None
        and _TIME_BEFORE.match(written[: found[1]]) and _TIME_AFTER.match(written[found[2] :])
    )


_NUMERIC_DATE = re.compile(r"\b(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.](?P<year>\d{4})\b")


def _numeric_date(text: str) -> tuple[date | None, int, int] | None:
    """A date in figures, day and month in either order: its value when only one order makes a
    date (None when both do), with its start and end; None when there is no such date."""
    match = _NUMERIC_DATE.search(text)
    if match is None:
        return None
    first, second, year = int(match.group("first")), int(match.group("second")), int(match.group("year"))
    readings = {(year, month, day) for day, month in ((first, second), (second, first)) if 1 <= month <= 12 and 1 <= day <= 31}
    if len(readings) != 1:
        return (None, match.start(), match.end()) if readings else None
    try:
        return date(*readings.pop()), match.start(), match.end()
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A date given by the user or a page's metadata, in any of the forms above."""
    found = find_date(text.strip())
    return found[0] if found else None


def _to_date(match: re.Match[str]) -> date | None:
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower()[:3])
    try:
        return date(int(match.group("year")), month or 0, int(match.group("day")))
    except ValueError:
        return None
