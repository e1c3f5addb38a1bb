"""Numbers in a claim: digits and number words, with durations in days and units kept.

"fifteen", "twenty-five", "a dozen" and "1.5 million" are read as values; durations and
measures are converted only where the conversion is exact ("two weeks" = "14 days", "a year" =
"12 months", "2 tonnes" = "2,000 kilograms"), so durations written differently agree and
nothing else does; percentages and currencies keep their unit. Numbers that belong to a date are the date reader's (``detail_dates``), which runs
first and marks the tokens it used.
"""

from __future__ import annotations

import re

from workbench.immutable import immutable_record
from workbench.matching.detail_tokens import COMMON_INITIAL, ORDINAL_SUFFIXES, DetailToken, span
from workbench.text.numbers import SCALES, SPECIAL, TENS, UNITS

# Durations, each in the unit it converts to exactly: hours, days and weeks are days ("two
# weeks" = "14 days", "48 hours" = "two days"); months, years and decades are months ("a year" =
# "12 months"). A month is not 30 days, nor 30.44: no tolerance anywhere, as "380 days" and
# "381 days" are two claims, and a rounded equivalence would be one too.
_DURATIONS: dict[str, tuple[str, float]] = {
    "hour": ("days", 1 / 24), "hours": ("days", 1 / 24), "day": ("days", 1), "days": ("days", 1),
    "week": ("days", 7), "weeks": ("days", 7), "fortnight": ("days", 14), "fortnights": ("days", 14),
    "month": ("months", 1), "months": ("months", 1), "year": ("months", 12), "years": ("months", 12),
    "decade": ("months", 120), "decades": ("months", 120),
}
# Measures, each in the unit it converts to exactly (a tonne is 1,000 kg; a mile is no whole
# number of metres, so miles stay miles and "277 miles" never equals "277 kilometres").
_MEASURES: dict[str, tuple[str, float]] = {
    "tonne": ("kg", 1000), "tonnes": ("kg", 1000), "kilogram": ("kg", 1), "kilograms": ("kg", 1),
    "kilogramme": ("kg", 1), "kilogrammes": ("kg", 1), "kg": ("kg", 1), "kilos": ("kg", 1),
    "gram": ("kg", 0.001), "grams": ("kg", 0.001),
    "ton": ("tons", 1), "tons": ("tons", 1), "lb": ("lb", 1), "lbs": ("lb", 1),
    "kilometre": ("m", 1000), "kilometres": ("m", 1000), "kilometer": ("m", 1000), "kilometers": ("m", 1000),
    "km": ("m", 1000), "metre": ("m", 1), "metres": ("m", 1), "meter": ("m", 1), "meters": ("m", 1),
    "mile": ("miles", 1), "miles": ("miles", 1),
    "litre": ("l", 1), "litres": ("l", 1), "liter": ("l", 1), "liters": ("l", 1),
    "barrel": ("barrels", 1), "barrels": ("barrels", 1),
}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                   "pound": "GBP", "pounds": "GBP"}

# Words allowed between a number and its unit: "two more weeks", "another 15 additional days".
_UNIT_FILLERS = {"more", "additional", "extra", "further", "full", "straight", "consecutive", "long", "whole", "entire", "other"}


@immutable_record
class Quantity:
    """A number in a claim, with its unit normalised (durations in days)."""

    value: float
    unit: str | None  # "days", "months", "kg", "m", "%", "USD"... or None for a plain count
    text: str  # as written, for messages

    def same_as(self, other: Quantity) -> bool:
        """Equal values in the same unit (or one side a bare count): never "about equal"."""
        if self.unit is not None and other.unit is not None and self.unit != other.unit:
            return False
        return _close(self.value, other.value)


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")  # "1,324", "12,000.5"
# The words ``_parse_number`` can start a number at; at any other word it finds none.
_NUMBER_STARTS = frozenset(UNITS) | frozenset(TENS) | {"dozen", "another", "a", "an"}


def _parse_number(tokens: list[DetailToken], i: int) -> tuple[float, int] | None:
    """Parse a number written in words or digits starting at ``i``: (value, next index)."""
    token = tokens[i]
    value: float | None = None
    j = i
    if token.kind == "number":
        digits = token.lower
        if digits.endswith(ORDINAL_SUFFIXES):  # "3rd"
            digits = digits[:-2]
        if _THOUSANDS.fullmatch(digits):
            digits = digits.replace(",", "")
        elif "," in digits:
            digits = digits.replace(",", ".") if digits.count(",") == 1 and len(digits.split(",")[1]) != 3 else digits.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        j = i + 1
    elif token.lower == "another" and i + 1 < len(tokens) and tokens[i + 1].lower in _DURATIONS:
        value, j = 1.0, i + 1  # "another month"
    elif token.lower in ("a", "an"):
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if nxt in SCALES or nxt in _DURATIONS or nxt in ("dozen", "couple", "fortnight"):
            if nxt in ("dozen", "fortnight", "couple"):
                value, j = float(SPECIAL[nxt]), i + 2
            elif nxt in SCALES:
                value, j = 1.0, i + 1
            else:
                value, j = 1.0, i + 1
        else:
            return None
    else:
        total = 0.0
        current = 0.0
        seen = False
        while j < len(tokens):
            word = tokens[j].lower
            if word in UNITS:
                current += UNITS[word]
            elif word in TENS:
                current += TENS[word]
            elif word in ("dozen",) and not seen:
                current = 12
            elif word in ("hundred",) and seen:
                current = (current or 1) * 100
            elif word in SCALES and seen and word != "hundred":
                total += (current or 1) * SCALES[word]
                current = 0
            elif word in ("-", "and") and seen and j + 1 < len(tokens) and (
                tokens[j + 1].lower in UNITS or tokens[j + 1].lower in TENS
            ):
                j += 1
                continue
            else:
                break
            seen = True
            j += 1
        if not seen:
            return None
        value = total + current
        if token.lower == "one":
            # "one of the fighters", "no one": a pronoun, not a count.
            prev = tokens[i - 1].lower if i > 0 else ""
            nxt = tokens[j].lower if j < len(tokens) else ""
            if prev in ("no", "any", "every", "some", "the", "this", "that", "each", "which") or nxt in (
                "", "of", "another", "who", "which", "that", "said", "says", ".", ",",
            ):
                return None
    # "1.5 million", "two thousand"
    while (j < len(tokens) and tokens[j].lower in SCALES and tokens[j].lower != "hundred") or (
        j < len(tokens) and tokens[j].lower == "hundred" and token.kind == "number"
    ):
        value = (value or 1) * SCALES[tokens[j].lower]
        j += 1
    return value, j


def find_quantities(tokens: list[DetailToken], used: set[int]) -> list[Quantity]:
    """Every number not in ``used`` (taken by a date), in order, with its unit when it has one."""
    n = len(tokens)  # the tokens do not change while they are read
    quantities: list[Quantity] = []
    i = 0
    pending_unitless: list[int] = []  # "five or six days": the unit comes after the last number
    while i < n:
        token = tokens[i]
        if i in used or (token.kind != "number" and (token.kind != "word" or token.lower not in _NUMBER_STARTS)):
            i += 1
            continue
        parsed = _parse_number(tokens, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        currency = None
        if i > 0 and tokens[i - 1].text in _CURRENCY_SYMBOLS:
            currency = _CURRENCY_SYMBOLS[tokens[i - 1].text]
        if j + 1 < n and tokens[j].text == "-" and tokens[j + 1].kind == "number":
            ranged = True  # "5-6 days": the unit comes after the second number
            k = j
        else:
            ranged = False
            k = j + 1 if j < n and tokens[j].text == "-" else j
            while k < n and tokens[k].lower in _UNIT_FILLERS and k + 1 < n and (
                tokens[k + 1].lower in _DURATIONS or tokens[k + 1].lower in _UNIT_FILLERS
            ):
                k += 1
        unit: str | None = currency
        factor = 1.0
        end = j
        nxt = tokens[k].lower if k < n and not ranged else ""
        if nxt in _DURATIONS:
            unit, factor = _DURATIONS[nxt]
            end = k + 1
        elif nxt in _MEASURES and unit is None:
            unit, factor = _MEASURES[nxt]
            end = k + 1
        elif nxt in ("%", "percent", "pct"):
            unit, end = "%", k + 1
        elif nxt == "per" and k + 1 < n and tokens[k + 1].lower == "cent":
            unit, end = "%", k + 2
        elif nxt in _CURRENCY_WORDS and unit is None:
            unit, end = _CURRENCY_WORDS[nxt], k + 1
        elif tokens[i].lower in ("half",):
            i += 1
            continue
        text = span(tokens, i - (1 if currency else 0), max(j, end))
        if unit is None and k < n and tokens[k].kind == "word" and tokens[k].text.islower() and (
            tokens[k].lower not in COMMON_INITIAL and tokens[k].lower not in UNITS
        ):
            text += " " + tokens[k].text  # "14 detainees": the thing counted, for the message
        quantity = Quantity(value * factor, unit, text)
        if unit is None and (ranged or nxt in ("or", "to", "and")):
            pending_unitless.append(len(quantities))
        elif unit is not None and pending_unitless:
            for index in pending_unitless:
                earlier = quantities[index]
                quantities[index] = Quantity(earlier.value * factor, unit, earlier.text + " " + tokens[end - 1].text)
            pending_unitless = []
        else:
            pending_unitless = []
        quantities.append(quantity)
        used.update(range(i, max(j, end)))
        i = max(j, end)
    return quantities


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
