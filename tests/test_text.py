"""The text toolkit: folding, normalising, stop words, number words and stems, each in one place.

What matching, search and duplicate detection rely on is pinned here, so a change to the
toolkit shows up as a change of words before it shows up as a changed score.
"""

from __future__ import annotations

import re
import sqlite3
import sys

import pytest

from workbench.text.normalize import WORD, ascii_fold, cased_words, fold_accents, ignorecase_fold, normalize_claim_text
from workbench.text.numbers import NUMBER_WORDS, SCALES, SPECIAL, TENS, UNITS
from workbench.text.stems import light_stem
from workbench.text.stopwords import FUNCTION_WORDS, MATCH_KEY_STOPWORDS, SOURCE_NAME_STOPWORDS

ACCENTED = ["Qāmishlī Ḥasakah Türkiye", "naïve café résumé", "Zürich Ñandú Şırnak Łódź"]


def test_accents_fold_as_the_full_text_index_folds_them() -> None:
    """The prefilter looks words up in the FTS5 vocabulary: folded here, they must be its words."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    connection.executemany("INSERT INTO t VALUES (?)", [(text,) for text in ACCENTED])
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, row)")
    indexed = {term for (term,) in connection.execute("SELECT term FROM v")}
    folded = {word for text in ACCENTED for word in WORD.findall(fold_accents(text).lower())}
    assert folded == indexed


def test_ignorecase_fold_makes_every_character_ignorecase_takes_for_a_letter_that_letter() -> None:
    """The certainty and aspect pre-tests rule a text out only if this holds for every character:
    "İ", "ı" (which casefold alone leaves unlike "i"), "ſ" and the Kelvin sign among them."""
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    letters = re.findall(r"[a-z]", every_character, re.IGNORECASE)
    assert {"\u0130", "\u0131", "\u017f", "\u212a"} <= set(letters)
    for character in letters:
        folded = ignorecase_fold(character)
        assert len(folded) == 1 and re.fullmatch(folded, character, re.IGNORECASE), character
        assert "a" <= folded <= "z", character
    assert ignorecase_fold("WİLL ſaid") == "will said"


def test_ascii_fold_keeps_letters_and_drops_the_rest() -> None:
    assert ascii_fold("Qāmishlī") == "Qamishli"
    assert ascii_fold("Ḥasakah’s Türkiye — ½") == "Hasakahs Turkiye  12"
    assert ascii_fold("한국어").isascii()


def test_typographic_quotes_and_dashes_are_the_ascii_ones() -> None:
    plain = normalize_claim_text("\"Russia's\" four-day 'truce'")
    assert normalize_claim_text("“Russia’s” four–day «truce»") == plain == "russias four day truce"
    assert normalize_claim_text("Russiaʼs four—day ‘truce’") == plain
    assert cased_words("“Russia’s” Four–day") == ["Russias", "Four", "day"]


def test_normalising_keeps_numbers_and_every_word() -> None:
    assert normalize_claim_text("1,500 fled; 1.5 million did NOT") == "1,500 fled 1.5 million did not"
    assert normalize_claim_text("Ｒｕｓｓｉａ ﬁve") == "russia five"  # compatibility forms


def test_the_quick_path_for_ascii_text_finds_the_words_the_general_path_finds() -> None:
    """``cased_words`` reads most claims (ASCII, no decimal number) with one regular expression;
    on any ASCII text it must give exactly what the general path gives."""
    import random

    from workbench.text.normalize import _cased_words_in_general, casefolded_words

    pick = random.Random(15)
    alphabet = "abcXYZ019 _'.,;:-%$#\"()/\x00\x01\t\n"
    texts = ["".join(pick.choice(alphabet) for _ in range(pick.randint(0, 40))) for _ in range(20_000)]
    texts += ["SDF_fighters said 1.5 km, 1,500 people", "it's 3'.5 miles", "1.'5", "snake_case__word", "_", "'"]
    quick = [text for text in texts if cased_words(text) != _cased_words_in_general(text)]
    assert quick == []
    # The case-folded words lower the whole text first on the same path: the same words.
    texts += ["Ｒｕｓｓｉａ ﬁve", "İstanbul STRASSE Straße", "ΣΑΣ 1,5"]
    folded = [text for text in texts if casefolded_words(text) != [word.casefold() for word in _cased_words_in_general(text)]]
    assert folded == []
    assert cased_words("Russia's forces_left 20% of $5 at 3:45") == ["Russias", "forces", "left", "20%", "of", "$5", "at", "3", "45"]
    assert normalize_claim_text("  ") == ""


def test_stop_word_lists_nest_and_never_drop_a_negation() -> None:
    assert FUNCTION_WORDS < MATCH_KEY_STOPWORDS
    assert {"the", "of", "and"} < SOURCE_NAME_STOPWORDS
    negations = {"no", "not", "never", "nor", "none", "nothing", "nobody", "neither"}
    assert negations.isdisjoint(MATCH_KEY_STOPWORDS | SOURCE_NAME_STOPWORDS)


def test_one_table_of_number_words_loses_no_value() -> None:
    parts = (UNITS, TENS, SCALES, SPECIAL)
    assert len(NUMBER_WORDS) == sum(len(part) for part in parts)  # no word in two parts
    assert (NUMBER_WORDS["fifteen"], NUMBER_WORDS["forty"], NUMBER_WORDS["dozen"]) == (15, 40, 12)
    assert NUMBER_WORDS["million"] == 1_000_000 and NUMBER_WORDS["half"] == 0.5


@pytest.mark.parametrize(
    ("forms", "stem"),
    [
        (["withdraw", "withdraws", "withdrawing"], "withdraw"),
        (["release", "released", "releases", "releasing"], "releas"),
        (["death", "deaths"], "death"),
        (["stop", "stopped", "stopping"], "stop"),
        (["injury", "injuries"], "injury"),
    ],
)
def test_a_words_forms_share_one_stem(forms: list[str], stem: str) -> None:
    assert {light_stem(form) for form in forms} == {stem}


def test_short_words_numbers_and_double_letters_are_kept() -> None:
    assert [light_stem(w) for w in ("bus", "gas", "1990s", "falling", "kissed", "struck")] == [
        "bus", "gas", "1990s", "fall", "kiss", "struck",
    ]
