"""How the words reached the story: the platform and language they were given in, the outlet
they were told to, and who translated them (found by held-out round nine's report built on
foreign-language media)."""

from __future__ import annotations

import pytest
from stories import said, take


@pytest.mark.parametrize(
    "sentence",
    [
        '"The engineer is free," Foreign Minister Helene Marchal wrote on X in French shortly before 8 a.m.',
        '"The engineer is free," the minister posted on Facebook in Dutch.',
    ],
)
def test_the_platform_language_and_time_after_a_quotation_are_no_claim(sentence: str) -> None:
    """"On X in French shortly before 8 a.m." had become the claim, and the quotation was lost."""
    [(claim, _, stance)] = said(take(sentence))
    assert (claim, stance) == ("The engineer is free.", "asserts")


def test_a_platform_named_with_its_former_name_is_skipped_whole() -> None:
    assert said(take("The activist wrote on X (formerly Twitter) that the same car had been parked outside.")) == [
        ("The same car had been parked outside.", "activist", "asserts")
    ]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ('"We had stopped daring to hope," she told the paper.', "We had stopped daring to hope."),
        ("Eline Verhaegen told the daily Het Laatste Nieuws that the family had learned of it at 3 a.m.",
         "The family had learned of it at 3 a.m."),
        ("The spokesman told the Flemish public broadcaster VRT that no ransom had been paid.", "No ransom had been paid."),
    ],
)
def test_the_outlet_someone_told_is_no_part_of_the_claim(sentence: str, claim: str) -> None:
    assert [text for text, _, _ in said(take(sentence))] == [claim]


def test_a_translation_note_names_no_source_and_leaves_the_claim() -> None:
    intake = take(
        '"Belgium does not pay ransoms," ministry spokesman Koen Vermeulen told the broadcaster VRT, '
        "according to a translation from Dutch by the Associated Press. "
        'A man in the video says the engineer is being freed "because he came to dig wells", '
        "according to a translation provided to the AP by a journalist in Niamey."
    )
    assert said(intake) == [
        ("Belgium does not pay ransoms.", "Koen Vermeulen", "asserts"),
        ('The engineer is being freed "because he came to dig wells".', "man in the video", "asserts"),
    ]


def test_a_tally_kept_by_someone_is_theirs() -> None:
    assert said(take("At least seven foreigners are believed to be held in the Sahel, according to a tally kept by Human Rights Watch.")) == [
        ("At least seven foreigners are believed to be held in the Sahel.", "Human Rights Watch", "asserts")
    ]


@pytest.mark.parametrize(
    "sentence", ["I mean we should have told customers earlier.", "The council could have said so at the time."]
)
def test_what_should_have_been_said_reports_nothing(sentence: str) -> None:
    """"Customers earlier." had become a claim (found by held-out round ten's radio interview)."""
    assert said(take(sentence)) == [(sentence, "Associated Press", "asserts")]
