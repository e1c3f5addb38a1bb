"""Numbers written as words, and their values: "fifteen", "twenty-five", "a dozen", "1.5 million".

The one table of English number words. The claim-detail reader parses whole numbers from it
(``workbench.matching.detail_numbers``) and match keys write some of them as digits
(``workbench.matching.match_keys``).
"""

from __future__ import annotations

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000}
SPECIAL: dict[str, float] = {"dozen": 12, "dozens": 12, "fortnight": 14, "half": 0.5, "couple": 2, "score": 20}
"""Counting words that stand for a number ("a dozen trucks", "a couple of days")."""

NUMBER_WORDS: dict[str, float] = UNITS | TENS | SCALES | SPECIAL
"""Every number word with its value."""
