"""A speaker's refusal in their own quoted words, and verbs that report only with their clause."""

from __future__ import annotations

import pytest
from stories import said, take


def _silences(text: str) -> list[tuple[str, str]]:
    return [(s.attribution.source.name, s.attribution.stance.value) for s in take(text).silences]


def test_a_quoted_refusal_is_the_speakers_silence_not_a_claim() -> None:
    text = '"We are not going to speculate," said Olena Marchuk, a spokeswoman for the ministry.'
    assert said(take(text)) == []
    assert _silences(text) == [("Olena Marchuk", "declined_to_comment")]
    assert _silences('"I can\'t comment on an ongoing investigation," the police chief said.') == [("police chief", "declined_to_comment")]


def test_a_quotation_that_refuses_and_then_claims_is_a_claim() -> None:
    text = '"We will not comment until the inquiry ends, but the dam was inspected in May," the operator said.'
    assert [source for _, source, _ in said(take(text))] == ["operator"]


def test_projects_and_caution_report_with_their_clause_only() -> None:
    found = said(take("The Board projects that inflation will fall to 3% next year. Several projects were delayed."))
    assert found[0] == ("Inflation will fall to 3% next year.", "Board", "asserts"), found
    assert found[1][1] == "Associated Press", found
    assert said(take("The study's authors caution that the sample was small."))[0][:2] == ("The sample was small.", "study's authors")


def test_has_not_said_whether_is_a_silence_on_it_and_did_not_say_when_a_note() -> None:
    text = "The trust has not said whether the attack began with a phishing email."
    assert _silences(text) == [("trust", "no_statement")]
    assert said(take(text)) == [(text, "Associated Press", "asserts")]
    assert _silences("The ministry said it had opened an inquiry. The ministry did not say when.") == []


def test_here_is_how_events_unfolded_is_no_claim() -> None:
    assert said(take("Here is how events unfolded.")) == []


@pytest.mark.parametrize(
    ("sentence", "silent"),
    [
        ("Calls and emails to the company went unanswered.", "company"),
        ("Messages left with the ministry's press office were not returned.", "ministry's press office"),
        ("Requests for comment to Harbourline have gone unanswered.", "Harbourline"),
    ],
)
def test_calls_to_a_party_that_went_unanswered_are_its_silence(sentence: str, silent: str) -> None:
    assert _silences(sentence) == [(silent, "no_statement")]
    assert said(take(sentence)) == [(sentence, "Associated Press", "asserts")]  # the outlet reports it
