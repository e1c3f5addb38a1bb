"""Dates in a claim: "27 January 2026", "Jan. 27, 2026", "2026-01-27", "21-22 January",
"December 2024", "in 2024", and weekdays. A weekday and a full date agree when the calendar says so.
"""

from __future__ import annotations

import calendar
from datetime import date

from workbench.immutable import immutable_record
from workbench.matching.detail_tokens import ORDINAL_SUFFIXES, DetailToken, span

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_NUMBERS = MONTHS | _MONTH_ABBREVIATIONS  # every way a month is named, to its number


@immutable_record
class DateMention:
    """A date in a claim; absent parts are None ("January 27" has no year)."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # Monday = 0
    text: str

    def agrees_with(self, other: DateMention) -> bool:
        for mine, theirs in ((self.year, other.year), (self.month, other.month), (self.day, other.day)):
            if mine is not None and theirs is not None and mine != theirs:
                return False
        if self.weekday is not None and other.weekday is not None and self.weekday != other.weekday:
            return False
        for one, two in ((self, other), (other, self)):
            full = two.full_date()
            if one.weekday is not None and full is not None and full.weekday() != one.weekday:
                return False
        return True

    def full_date(self) -> date | None:
        if self.year and self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


def _month_at(tokens: list[DetailToken], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    word = tokens[i].lower.rstrip(".")
    if word in MONTHS and not (word == "may" and not tokens[i].text[0].isupper()):
        return MONTHS[word]
    if word in _MONTH_ABBREVIATIONS and tokens[i].text[0].isupper():
        return _MONTH_ABBREVIATIONS[word]
    return None


def _day_at(tokens: list[DetailToken], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "number":
        return None
    digits = tokens[i].lower
    if digits.endswith(ORDINAL_SUFFIXES):  # "27th"
        digits = digits[:-2]
    if digits.isdigit() and 1 <= int(digits) <= 31:
        return int(digits)
    return None


def _year_at(tokens: list[DetailToken], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "number":
        return None
    value = tokens[i].lower
    if value.isdigit() and len(value) == 4 and 1800 <= int(value) <= 2199:
        return int(value)
    return None


def _skip(tokens: list[DetailToken], i: int, words: set[str]) -> int:
    while i < len(tokens) and tokens[i].lower in words:
        i += 1
    return i



def find_dates(tokens: list[DetailToken], used: set[int]) -> list[DateMention]:
    """Every date mentioned, in order; the tokens a date takes are added to ``used``."""
    n = len(tokens)  # the tokens do not change while they are read
    mentions: list[DateMention] = []
    i = 0
    while i < n:
        token = tokens[i]
        kind = token.kind
        if kind == "iso":
            mentions.append(_iso_date(tokens, i, used))
            used.add(i)
            i += 1
            continue
        if kind != "number" and (kind != "word" or token.lower not in MONTH_NUMBERS):
            # Only a number (a day or a year) or a month's name starts a date: for any other
            # token every reader below says None, and most tokens are such (a word has no ".").
            i += 1
            continue
        # "27 January [2026]", "21-22 January 2026", "27th of January"
        day = _day_at(tokens, i)
        if day is not None:
            days = [day]
            j = i + 1
            if (j + 1 < n and tokens[j].text in ("-", "/")) or (j < n and tokens[j].lower in ("to", "and", "or")):
                second = _day_at(tokens, j + 1)
                if second is not None:
                    days.append(second)
                    j += 2
            j = _skip(tokens, j, {"of"})
            month = _month_at(tokens, j)
            if month is not None:
                k = j + 1
                k = _skip(tokens, k, {","})
                year = _year_at(tokens, k)
                end = k + 1 if year is not None else j + 1
                mentions.extend(_days_of_month(tokens, i, end, days, month, year, used))
                i = end
                continue
        # "January 27[, 2026]", "January 2026", "in January"
        month = _month_at(tokens, i)
        if month is not None:
            j = i + 1
            if j < n and tokens[j].text == ".":
                j += 1
            day = _day_at(tokens, j) if _year_at(tokens, j) is None else None
            if day is not None:
                days = [day]
                k = j + 1
                if k + 1 < n and tokens[k].text == "-" and (second := _day_at(tokens, k + 1)) is not None:
                    days.append(second)
                    k += 2
                after_comma = k + 1 if k < n and tokens[k].text == "," else k
                year = _year_at(tokens, after_comma)
                end = after_comma + 1 if year is not None else k
                mentions.extend(_days_of_month(tokens, i, end, days, month, year, used))
                i = end
                continue
            year = _year_at(tokens, j)
            full_name = tokens[i].lower in MONTHS
            if year is not None or full_name:
                end = j + 1 if year is not None else i + 1
                mentions.append(DateMention(year, month, None, None, span(tokens, i, end)))
                used.update(range(i, end))
                i = end
                continue
        # "in 2024", "the 2024 offensive", "since 2011"
        year = _year_at(tokens, i)
        if year is not None and i > 0 and tokens[i - 1].lower in {
            "in", "since", "until", "till", "by", "of", "from", "to", "before", "after", "early",
            "late", "mid", "the", "during", "throughout", "spring", "summer", "autumn", "fall",
            "winter", "year",
        }:
            mentions.append(DateMention(year, None, None, None, token.text))
            used.add(i)
            i += 1
            continue
        i += 1
    # Weekdays not attached to a date: "on Saturday".
    for index, token in enumerate(tokens):
        if token.lower not in WEEKDAYS or index in used or not token.text[0].isupper():
            continue
        mentions.append(DateMention(None, None, None, WEEKDAYS[token.lower], token.text))
        used.add(index)
    return mentions


def _iso_date(tokens: list[DetailToken], i: int, used: set[int]) -> DateMention:
    year, month, day = (int(part) for part in tokens[i].text.split("-"))
    return DateMention(year, month, day, _weekday_before(tokens, i, used), tokens[i].text)


def _days_of_month(
    tokens: list[DetailToken], i: int, end: int, days: list[int], month: int, year: int | None, used: set[int]
) -> list[DateMention]:
    """One mention per day of "21-22 January 2026"; a weekday before it dates a single day only."""
    weekday = _weekday_before(tokens, i, used)
    text = span(tokens, i, end)
    used.update(range(i, end))
    return [DateMention(year, month, day, weekday if len(days) == 1 else None, text) for day in days]


def _weekday_before(tokens: list[DetailToken], i: int, used: set[int]) -> int | None:
    j = i - 1
    if j >= 0 and tokens[j].text == ",":
        j -= 1
    if j >= 0 and tokens[j].lower in WEEKDAYS and tokens[j].text[0].isupper():
        used.add(j)
        return WEEKDAYS[tokens[j].lower]
    return None
