"""The checkable details of a claim: numbers, dates, places, named actors and negation.

A fuzzy score says two claims are worded alike, never that they say the same thing. "The
ceasefire was extended by 15 days" and "The ceasefire will be extended by one month" score
high and contradict each other; so do "14 detainees released in Maqa" and "340 detainees
released in Tal Dush". Before two claims are treated as one, their details are compared one
kind at a time, and any difference is named for the reviewer.

Extraction is rule-based and deliberately conservative; it errs towards finding a
difference, because a missed difference merges two claims while an extra one only asks a
reviewer to look:

- numbers: digits and number words ("fifteen", "twenty-five", "a dozen", "1.5 million"),
  with durations normalised to days ("one month" = 30 days, "two weeks" = "14 days"),
  percentages and currencies kept as units. Numbers that belong to a date are dates.
- dates: "27 January 2026", "January 27", "Jan. 27, 2026", "2026-01-27", "21-22 January",
  "December 2024", "in 2024", weekdays. A weekday and a full date agree when the calendar says so.
- places: capitalised names after a locative preposition ("in Tal Dush", "from Qamishli").
- actors: other capitalised names and acronyms; demonyms count as their country
  ("Russian troops" names Russia).
- negation: "not", "n't", "no", "never", "denied", "refused"...

The comparison of two claims' details is ``workbench.matching.detail_comparison``'s.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# -- vocabularies -------------------------------------------------------------------------

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
_SPECIAL = {"dozen": 12, "dozens": 12, "fortnight": 14, "half": 0.5, "couple": 2, "score": 20}

# Durations in days, so "one month" and "30 days" agree and "15 days" and "one month" do not.
_DURATIONS = {
    "hour": 1 / 24, "hours": 1 / 24, "day": 1, "days": 1, "week": 7, "weeks": 7,
    "fortnight": 14, "fortnights": 14, "month": 30.44, "months": 30.44, "year": 365.25,
    "years": 365.25, "decade": 3652.5, "decades": 3652.5,
}
# "One month" is 30 days and "a year" 12 months, but "two weeks" is not 15 days: durations
# agree within 2 %, every other number must be equal.
_DURATION_TOLERANCE = 0.02
_PERCENT = {"%", "percent", "per cent", "pct"}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                   "pound": "GBP", "pounds": "GBP"}

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_NEGATIONS = {
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot",
    "denied", "denies", "deny", "denying", "refused", "refuses", "refuse", "failed", "fails",
}

_NOT_NEGATING = {"fewer", "less", "more", "later", "earlier", "sooner", "only", "doubt"}

_LOCATIVE = {
    "in", "on", "at", "near", "from", "outside", "around", "inside", "across", "into", "to",
    "toward", "towards", "through", "via", "within", "nearby", "off", "beyond", "throughout",
    "between", "entered", "reached", "left", "fled", "bombed", "shelled", "captured", "seized",
    "visit", "visits", "visited", "visiting", "struck", "hit", "attacked", "besieged", "stormed",
}

# Country for a demonym, so "Russian forces" and "Russia's forces" name the same actor.
DEMONYMS = {
    "russian": "russia", "russians": "russia", "syrian": "syria", "syrians": "syria",
    "american": "us", "americans": "us", "u.s.": "us", "united states": "us", "usa": "us",
    "turkish": "turkey", "turk": "turkey", "turks": "turkey", "türkiye": "turkey",
    "iraqi": "iraq", "iraqis": "iraq", "iranian": "iran", "iranians": "iran",
    "israeli": "israel", "israelis": "israel", "lebanese": "lebanon", "jordanian": "jordan",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "british": "uk", "briton": "uk",
    "britons": "uk", "united kingdom": "uk", "britain": "uk", "french": "france",
    "german": "germany", "germans": "germany", "chinese": "china", "egyptian": "egypt",
    "saudi": "saudi arabia", "qatari": "qatar", "emirati": "uae", "palestinian": "palestine",
    "palestinians": "palestine", "yemeni": "yemen", "libyan": "libya", "sudanese": "sudan",
    "afghan": "afghanistan", "pakistani": "pakistan", "indian": "india", "european": "eu",
    "kurdish": "kurds", "kurd": "kurds",
}

# A capital speaking for its government ("Damascus said", "the Kremlin denied"); as places
# they stay themselves ("travel to Moscow").
METONYMS = {
    "damascus": "syria", "moscow": "russia", "kremlin": "russia", "washington": "us",
    "white house": "us", "pentagon": "us", "ankara": "turkey", "tehran": "iran", "baghdad": "iraq",
    "beirut": "lebanon", "kyiv": "ukraine", "kiev": "ukraine", "london": "uk", "paris": "france",
    "beijing": "china", "cairo": "egypt", "riyadh": "saudi arabia", "doha": "qatar",
    "jerusalem": "israel", "amman": "jordan",
}

# Capitalised at the start of a sentence without being a name.
_COMMON_INITIAL = set(
    ["a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "my", "your", "when", "while", "after", "before", "since", "until", "as", "if", "although", "though", "because", "once", "during", "according", "amid", "despite", "following", "under", "over", "about", "above", "across", "against", "along", "among", "around", "at", "by", "for", "from", "in", "into", "near", "of", "on", "onto", "out", "through", "to", "toward", "towards", "upon", "with", "within", "without", "and", "but", "or", "nor", "so", "yet", "also", "still", "even", "only", "just", "all", "both", "each", "every", "some", "many", "most", "several", "few", "other", "another", "such", "no", "not", "never", "more", "less", "much", "any", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "millions", "officials", "official", "fighting", "clashes", "troops", "forces", "soldiers", "fighters", "protesters", "residents", "witnesses", "police", "authorities", "reports", "report", "sources", "source", "people", "government", "rebels", "militants", "civilians", "security", "talks", "negotiations", "a", "ceasefire", "truce", "attack", "attacks", "strikes", "airstrikes", "shelling", "former", "interim", "new", "old", "local", "foreign", "senior", "top", "state", "military", "army", "president", "minister", "prime", "spokesman", "spokeswoman", "spokesperson", "analysts", "observers", "activists", "medics", "doctors", "satellite", "images", "video", "videos", "footage", "photos", "photographs", "earlier", "later", "today", "yesterday", "tomorrow", "tonight", "last", "next", "first", "second", "third", "meanwhile", "however", "therefore", "thus", "then", "now", "what", "who", "whom", "whose", "which", "where", "why", "how", "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "said", "says", "say"]
)

_PARTICLES = {"al", "el", "ad", "as", "ash", "bin", "ibn", "abu", "bint", "de", "van", "von", "da"}
NAME_JOINERS = {"of", "the", "for", "de", "du", "al"}
_COUNTRIES = frozenset(DEMONYMS.values()) | {"syria", "russia", "iraq", "iran", "turkey", "israel", "lebanon", "jordan", "egypt", "ukraine"}
# Words allowed between a number and its unit: "two more weeks", "another 15 additional days".
_UNIT_FILLERS = {"more", "additional", "extra", "further", "full", "straight", "consecutive", "long", "whole", "entire", "other"}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})

_TOKEN = re.compile(
    r"""(?P<iso>\d{4}-\d{2}-\d{2})
      | (?P<acronym>(?:[A-Za-z]\.){2,})
      | (?P<number>\d+(?:[.,]\d+)*(?:st|nd|rd|th)?)
      | (?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)
      | (?P<mark>[-%$€£.!?;:/,()"])""",
    re.VERBOSE,
)
_SENTENCE_END = {".", "!", "?", ";", ":"}


@dataclass(frozen=True)
class Quantity:
    """A number in a claim, with its unit normalised (durations in days)."""

    value: float
    unit: str | None  # "days", "%", "USD"... or None for a plain count
    text: str  # as written, for messages

    def same_as(self, other: Quantity) -> bool:
        if self.unit is not None and other.unit is not None and self.unit != other.unit:
            return False
        if "days" in (self.unit, other.unit):
            return abs(self.value - other.value) <= _DURATION_TOLERANCE * max(self.value, other.value)
        return _close(self.value, other.value)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ClaimDetails:
    """The details of one claim that a reworded duplicate must keep."""

    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    negated: bool = False
    negations: tuple[str, ...] = ()  # the words that negate, as written

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.places) | frozenset(self.actors)


# -- extraction ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    text: str  # as written (apostrophes and dashes unified)
    lower: str
    kind: str  # iso, acronym, number, word, mark
    sentence_start: bool


def _tokens(text: str) -> list[_Token]:
    cleaned = text if text.isascii() else unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).translate(_DASHES)
    tokens: list[_Token] = []
    start = True
    for match in _TOKEN.finditer(cleaned):
        kind = match.lastgroup or "word"
        value = match.group()
        if kind == "mark" and value in _SENTENCE_END:
            tokens.append(_Token(value, value, kind, False))
            start = True
            continue
        tokens.append(_Token(value, value.lower(), kind, start))
        if kind != "mark" or value not in "-":
            start = False
    return tokens


def claim_details(text: str) -> ClaimDetails:
    """Extract the numbers, dates, places, named actors and negation of a claim's text."""
    tokens = _tokens(text)
    used: set[int] = set()
    dates = _dates(tokens, used)
    numbers = _numbers(tokens, used)
    places, actors = _names(tokens, used)
    negations = _negations(tokens)
    return ClaimDetails(
        numbers=tuple(numbers),
        dates=tuple(dates),
        places=tuple(places),
        actors=tuple(actors),
        negated=len(negations) % 2 == 1 if negations else False,
        negations=tuple(negations),
    )


def _month_at(tokens: list[_Token], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "word":
        return None
    word = tokens[i].lower.rstrip(".")
    if word in _MONTHS and not (word == "may" and not tokens[i].text[0].isupper()):
        return _MONTHS[word]
    if word in _MONTH_ABBREVIATIONS and tokens[i].text[0].isupper():
        return _MONTH_ABBREVIATIONS[word]
    return None


def _day_at(tokens: list[_Token], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "number":
        return None
    digits = re.sub(r"(st|nd|rd|th)$", "", tokens[i].lower)
    if digits.isdigit() and 1 <= int(digits) <= 31:
        return int(digits)
    return None


def _year_at(tokens: list[_Token], i: int) -> int | None:
    if i >= len(tokens) or tokens[i].kind != "number":
        return None
    value = tokens[i].lower
    if value.isdigit() and len(value) == 4 and 1800 <= int(value) <= 2199:
        return int(value)
    return None


def _skip(tokens: list[_Token], i: int, words: set[str]) -> int:
    while i < len(tokens) and tokens[i].lower in words:
        i += 1
    return i


def _dates(tokens: list[_Token], used: set[int]) -> list[DateMention]:
    mentions: list[DateMention] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "iso":
            year, month, day = (int(part) for part in token.text.split("-"))
            mentions.append(DateMention(year, month, day, _weekday_before(tokens, i, used), token.text))
            used.add(i)
            i += 1
            continue
        # "27 January [2026]", "21-22 January 2026", "27th of January"
        day = _day_at(tokens, i)
        if day is not None:
            days = [day]
            j = i + 1
            if (j + 1 < len(tokens) and tokens[j].text in ("-", "/")) or (j < len(tokens) and tokens[j].lower in ("to", "and", "or")):
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
                weekday = _weekday_before(tokens, i, used)
                for d in days:
                    mentions.append(DateMention(year, month, d, weekday if len(days) == 1 else None, _span(tokens, i, end)))
                used.update(range(i, end))
                i = end
                continue
        # "January 27[, 2026]", "January 2026", "in January"
        month = _month_at(tokens, i)
        if month is not None:
            j = i + 1
            if j < len(tokens) and tokens[j].text == ".":
                j += 1
            day = _day_at(tokens, j) if _year_at(tokens, j) is None else None
            if day is not None:
                days = [day]
                k = j + 1
                if k + 1 < len(tokens) and tokens[k].text == "-" and (second := _day_at(tokens, k + 1)) is not None:
                    days.append(second)
                    k += 2
                after_comma = k + 1 if k < len(tokens) and tokens[k].text == "," else k
                year = _year_at(tokens, after_comma)
                end = after_comma + 1 if year is not None else k
                weekday = _weekday_before(tokens, i, used)
                for d in days:
                    mentions.append(DateMention(year, month, d, weekday if len(days) == 1 else None, _span(tokens, i, end)))
                used.update(range(i, end))
                i = end
                continue
            year = _year_at(tokens, j)
            full_name = tokens[i].lower in _MONTHS
            if year is not None or full_name:
                end = j + 1 if year is not None else i + 1
                mentions.append(DateMention(year, month, None, None, _span(tokens, i, end)))
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
        if index in used or token.lower not in _WEEKDAYS or not token.text[0].isupper():
            continue
        mentions.append(DateMention(None, None, None, _WEEKDAYS[token.lower], token.text))
        used.add(index)
    return mentions


def _weekday_before(tokens: list[_Token], i: int, used: set[int]) -> int | None:
    j = i - 1
    if j >= 0 and tokens[j].text == ",":
        j -= 1
    if j >= 0 and tokens[j].lower in _WEEKDAYS and tokens[j].text[0].isupper():
        used.add(j)
        return _WEEKDAYS[tokens[j].lower]
    return None


def _span(tokens: list[_Token], start: int, end: int) -> str:
    text = " ".join(t.text for t in tokens[start:end])
    return re.sub(r" ?- ?", "-", text).replace(" ,", ",").replace(" %", "%").replace(" .", ".")


def _number_words(tokens: list[_Token], i: int) -> tuple[float, int] | None:
    """Parse a number written in words or digits starting at ``i``: (value, next index)."""
    token = tokens[i]
    value: float | None = None
    j = i
    if token.kind == "number":
        digits = re.sub(r"(st|nd|rd|th)$", "", token.lower)
        if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits):
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
        if nxt in _SCALES or nxt in _DURATIONS or nxt in ("dozen", "couple", "fortnight"):
            if nxt in ("dozen", "fortnight", "couple"):
                value, j = float(_SPECIAL[nxt]), i + 2
            elif nxt in _SCALES:
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
            if word in _UNITS:
                current += _UNITS[word]
            elif word in _TENS:
                current += _TENS[word]
            elif word in ("dozen",) and not seen:
                current = 12
            elif word in ("hundred",) and seen:
                current = (current or 1) * 100
            elif word in _SCALES and seen and word != "hundred":
                total += (current or 1) * _SCALES[word]
                current = 0
            elif word in ("-", "and") and seen and j + 1 < len(tokens) and (
                tokens[j + 1].lower in _UNITS or tokens[j + 1].lower in _TENS
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
    while (j < len(tokens) and tokens[j].lower in _SCALES and tokens[j].lower != "hundred") or (
        j < len(tokens) and tokens[j].lower == "hundred" and token.kind == "number"
    ):
        value = (value or 1) * _SCALES[tokens[j].lower]
        j += 1
    return value, j


def _numbers(tokens: list[_Token], used: set[int]) -> list[Quantity]:
    quantities: list[Quantity] = []
    i = 0
    pending_unitless: list[int] = []  # "five or six days": the unit comes after the last number
    while i < len(tokens):
        if i in used or tokens[i].kind not in ("number", "word"):
            i += 1
            continue
        parsed = _number_words(tokens, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        currency = None
        if i > 0 and tokens[i - 1].text in _CURRENCY_SYMBOLS:
            currency = _CURRENCY_SYMBOLS[tokens[i - 1].text]
        if j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j + 1].kind == "number":
            ranged = True  # "5-6 days": the unit comes after the second number
            k = j
        else:
            ranged = False
            k = j + 1 if j < len(tokens) and tokens[j].text == "-" else j
            while k < len(tokens) and tokens[k].lower in _UNIT_FILLERS and k + 1 < len(tokens) and (
                tokens[k + 1].lower in _DURATIONS or tokens[k + 1].lower in _UNIT_FILLERS
            ):
                k += 1
        unit: str | None = currency
        factor = 1.0
        end = j
        nxt = tokens[k].lower if k < len(tokens) and not ranged else ""
        if nxt in _DURATIONS:
            unit, factor, end = "days", _DURATIONS[nxt], k + 1
        elif nxt in ("%", "percent", "pct"):
            unit, end = "%", k + 1
        elif nxt == "per" and k + 1 < len(tokens) and tokens[k + 1].lower == "cent":
            unit, end = "%", k + 2
        elif nxt in _CURRENCY_WORDS and unit is None:
            unit, end = _CURRENCY_WORDS[nxt], k + 1
        elif tokens[i].lower in ("half",):
            i += 1
            continue
        text = _span(tokens, i - (1 if currency else 0), max(j, end))
        if unit is None and k < len(tokens) and tokens[k].kind == "word" and tokens[k].text.islower() and (
            tokens[k].lower not in _COMMON_INITIAL and tokens[k].lower not in _UNITS
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


def _names(tokens: list[_Token], used: set[int]) -> tuple[list[str], list[str]]:
    places: list[str] = []
    actors: list[str] = []
    i = 0
    while i < len(tokens):
        if i in used or (not _capitalised(tokens[i]) and not _particle_name(tokens, i)):
            i += 1
            continue
        start = i
        j = i
        parts: list[str] = []
        while j < len(tokens) and j not in used:
            token = tokens[j]
            if _capitalised(token):
                parts.append(token.text)
                j += 1
            elif _particle_name(tokens, j):
                parts.append(token.text + "-")
                j += 2 if tokens[j + 1].text == "-" else 1
            elif (
                token.lower in NAME_JOINERS
                and parts
                and j + 1 < len(tokens)
                and _capitalised(tokens[j + 1])
                and (j + 1) not in used
                and not tokens[j + 1].sentence_start
            ):
                parts.append(token.lower)
                j += 1
            else:
                break
            if j < len(tokens) and tokens[j].sentence_start:
                break
        if not parts:
            i += 1
            continue
        name = " ".join(parts).replace("- ", "-")
        first = tokens[start]
        single_common = first.sentence_start and len(parts) == 1 and not _is_known_name(first)
        if single_common:
            i = j
            continue
        if first.sentence_start and first.lower in _COMMON_INITIAL and len(parts) > 1:
            name = " ".join(parts[1:]).replace("- ", "-")
        canonical = canonical_name(name)
        if not canonical:
            i = j
            continue
        if _is_place_position(tokens, start):
            places.append(canonical)
        else:
            actors.append(METONYMS.get(canonical, canonical))
        i = j
    return places, actors


def _capitalised(token: _Token) -> bool:
    if token.kind == "acronym":
        return True
    if token.kind != "word" or not token.text[0].isupper():
        return False
    return not (token.lower in _WEEKDAYS or (token.lower in _MONTHS and token.lower != "may"))


def _particle_name(tokens: list[_Token], i: int) -> bool:
    """``al-Sharaa``: a lowercase particle joined by a hyphen to a capitalised name."""
    return (
        tokens[i].lower in _PARTICLES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and _capitalised(tokens[i + 2])
    )


def _is_known_name(token: _Token) -> bool:
    if token.kind == "acronym" or (token.text.isupper() and len(token.text) > 1):
        return True
    word = token.lower.removesuffix("'s")
    if word in DEMONYMS or word in _COUNTRIES:
        return True
    return word not in _COMMON_INITIAL and not re.search(r"(ing|ed|ly|s)$", word)


def _is_place_position(tokens: list[_Token], start: int) -> bool:
    j = start - 1
    if j >= 0 and tokens[j].lower in ("the", "northern", "southern", "eastern", "western", "northeast",
                                      "northwest", "southeast", "southwest", "north", "south", "east",
                                      "west", "central", "northeastern", "northwestern", "southeastern",
                                      "southwestern", "rural", "downtown", "neighbouring", "neighboring"):
        j -= 1
        if j >= 0 and tokens[j].lower == "the":
            j -= 1
    return j >= 0 and tokens[j].lower in _LOCATIVE


def canonical_name(name: str) -> str:
    """A name reduced for comparison: "Syria's" = "Syrian" = "syria", "U.S." = "us"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)
    text = re.sub(r"'s\b", "", text).strip()
    if text in DEMONYMS:
        return DEMONYMS[text]
    words = [DEMONYMS.get(w, w) for w in re.split(r"[\s]+", text) if w]
    words = [w for w in words if w not in ("the",)]
    joined = " ".join(words)
    joined = re.sub(r"\b(al|el|ad|as|ash)-", "", joined)
    return joined.replace(".", "").strip()


def _negations(tokens: list[_Token]) -> list[str]:
    found: list[str] = []
    for index, token in enumerate(tokens):
        word = token.lower
        if word.endswith("n't"):
            found.append(token.text)
        elif word in _NEGATIONS:
            nxt = tokens[index + 1].lower if index + 1 < len(tokens) else ""
            if word in ("no", "not") and nxt in _NOT_NEGATING:
                continue  # "no fewer than 36", "not only": a quantity or an emphasis, not a denial
            if word == "no" and nxt in ("longer", "one"):
                found.append(token.text + " " + tokens[index + 1].text)
            elif word == "nor":
                continue  # "neither ... nor" is one negation
            else:
                found.append(token.text)
    return found


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
