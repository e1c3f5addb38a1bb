"""Text as the workbench compares it: typographic punctuation made ASCII, accents folded, words.

Every comparison of claims and names starts here, so "Russia’s" and "Russia's", "Qāmishlī" and
"Qamishli", "four–day" and "four-day" are the same words wherever they are compared.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "\u2019\u2018\u02bc"  # ’ ‘ ʼ
PRIME = "\u2032"  # ′, typed for an apostrophe often enough
DOUBLE_QUOTES = "\u201c\u201d\u00ab\u00bb"  # “ ” « »
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphens, en and em dashes, minus

QUOTES_AND_DASHES = str.maketrans(
    {c: "'" for c in APOSTROPHES} | {c: '"' for c in DOUBLE_QUOTES} | {c: "-" for c in DASHES}
)
"""Typographic quotes and dashes as their ASCII twins: for normalised claim text."""

APOSTROPHES_AND_DASHES = str.maketrans({c: "'" for c in APOSTROPHES + PRIME} | {c: "-" for c in DASHES})
"""Apostrophes (a prime too) and dashes as ASCII, double quotes left alone: for the detail reader.

The detail reader takes a prime for an apostrophe ("Syria′s" names Syria); normalised text does
not ("syria s"), as that would change every stored match key holding one. Double quotes stay out
of the reader's tokens: a “ opening a sentence would take the sentence start from the name after it.
"""

WORD = re.compile(r"\w+")
"""A run of word characters: how the full-text indexes cut text into words."""

_NOT_WORD = re.compile(r"[^\w%$€£\x00\x01]+")
_DECIMAL = re.compile(r"(?<=\d)[.,](?=\d)")
_HAS_DECIMAL = re.compile(r"\d[.,]\d")  # finds what ``_DECIMAL`` would, in half the time
# The words of an ASCII text without a decimal number: runs of what ``_NOT_WORD`` keeps, cut at
# "_" (ASCII's ``\w`` is exactly letters, digits and "_"; "€" and "£" are not ASCII).
_ASCII_WORD = re.compile(r"[A-Za-z0-9%$]+")


def _replacements(table: dict[int, str]) -> tuple[tuple[str, str], ...]:
    """``table`` as (character, replacement) pairs: replacing them one after the other gives what
    ``str.translate`` gives, as no replacement holds a character the table replaces."""
    pairs = tuple((chr(code), replacement) for code, replacement in table.items())
    assert not any(character in replacement for character, _ in pairs for _, replacement in pairs)
    return pairs


# A scan of the text per character of the table costs less than ``str.translate``'s lookup per
# character of a text that is not ASCII (0.5 against 5 us for a claim).
_QUOTE_AND_DASH_PAIRS = _replacements(QUOTES_AND_DASHES)
_APOSTROPHE_AND_DASH_PAIRS = _replacements(APOSTROPHES_AND_DASHES)


def unify_punctuation(text: str, table: dict[int, str] = QUOTES_AND_DASHES) -> str:
    """``text`` NFKC-normalised ("ﬁ" -> "fi", fullwidth letters as ASCII), then translated by
    ``table``: typographic quotes and dashes as their ASCII twins."""
    text = unicodedata.normalize("NFKC", text)
    if table is QUOTES_AND_DASHES:
        pairs = _QUOTE_AND_DASH_PAIRS
    elif table is APOSTROPHES_AND_DASHES:
        pairs = _APOSTROPHE_AND_DASH_PAIRS
    else:
        return text.translate(table)
    if text.isascii():
        return text
    for character, replacement in pairs:
        if character in text:
            text = text.replace(character, replacement)
    return text


def fold_accents(text: str) -> str:
    """``text`` without its combining marks, compatibility forms decomposed: "Qāmishlī" -> "Qamishli".

    Accented letters fold as the full-text tokenizer's ``remove_diacritics`` folds them, so such
    words are the words the index holds. Compatibility forms ("ﬁ", fullwidth letters) are
    decomposed here but kept by the index.
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# The two characters other than "I" and "i" that ``re.IGNORECASE`` matches to an "i" and that
# ``str.casefold`` does not make one ("İ" folds to "i" and a combining dot, "ı" stays "ı").
_DOTTED_AND_DOTLESS_I = str.maketrans({"\u0130": "i", "\u0131": "i"})


def ignorecase_fold(text: str) -> str:
    """``text`` with every character that ``re.IGNORECASE`` matches to an ASCII letter made that
    letter in lowercase ("ſ" "s", the Kelvin sign "k", "İ" "i"), character for character.

    So a case-sensitive search for lowercase ASCII words over the result finds whatever an
    IGNORECASE pattern for those words finds in ``text`` (and perhaps more: "ß" folds to "ss"),
    which lets a cheap pre-test skip a costly IGNORECASE pattern. Checked over all of Unicode.
    """
    if text.isascii():
        return text.lower()
    if "\u0130" in text or "\u0131" in text:  # rare, and translate costs more than these two scans
        text = text.translate(_DOTTED_AND_DOTLESS_I)
    return text.casefold()


def ascii_fold(text: str) -> str:
    """``fold_accents`` and then only the ASCII characters left: for keys and file names."""
    return fold_accents(text).encode("ascii", "ignore").decode()


def normalize_claim_text(text: str) -> str:
    """The claim's words only: Unicode-normalised, case-folded, accents and punctuation gone.

    Two claims with the same normalised text are the same claim. Digits keep their decimal
    and thousands separators ("1,500" and "1.5" stay distinct), and nothing else changes:
    no word is dropped, so "not" survives.
    """
    return " ".join(casefolded_words(text))


def casefolded_words(text: str) -> list[str]:
    """``cased_words`` case-folded: the words of ``normalize_claim_text``. On the ASCII path
    the text is lowered before its one ``findall`` (ASCII's case-folding is lowering) rather
    than each word after it, which took a sixth of the time of reading a claim's words."""
    if _read_by_one_findall(text):
        return _ASCII_WORD.findall((text.replace("'", "") if "'" in text else text).lower())
    return [word.casefold() for word in _cased_words_in_general(text)]


def cased_words(text: str) -> list[str]:
    """The words of ``normalize_claim_text`` before case-folding (capitals mark names).

    Most claims are ASCII without a decimal number, and their words are then found by one
    ``findall``: the same words as the general path, which marks decimal separators, replaces
    everything else and splits (a claim's words are read for every claim an import matches:
    0.55 s against 0.98 s for the 100k claims of ``import_bench``'s file).
    """
    if _read_by_one_findall(text):
        return _ASCII_WORD.findall(text.replace("'", "") if "'" in text else text)
    return _cased_words_in_general(text)


def _read_by_one_findall(text: str) -> bool:
    """ASCII without a decimal number (or the general path's own markers): the fast path."""
    return text.isascii() and "\x00" not in text and "\x01" not in text and not _HAS_DECIMAL.search(text)


def _cased_words_in_general(text: str) -> list[str]:
    if not text.isascii():  # ASCII has nothing to normalise (and most claims are ASCII)
        text = unicodedata.normalize("NFC", fold_accents(unify_punctuation(text)))
    text = _DECIMAL.sub(lambda m: "\x00" if m.group() == "." else "\x01", text)
    text = text.replace("'", "")
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return text.replace("\x00", ".").replace("\x01", ",").split()
