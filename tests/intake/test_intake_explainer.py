"""An explainer and a regional page (held-out round nine): bold lead-ins, notes on the article
itself, links to other stories, silences joined to statements, and who a source is."""

from __future__ import annotations

import pytest
from stories import said, take

from workbench.intake import intake_bytes

EXPLAINER = """# What we know about the hospital cyberattack

*By Aisha Rahman | The Northern Ledger | Tuesday 9 March 2027*

> **Update, 16:40 GMT:** This article has been updated with a statement from the National Crime Agency.

Here is what we know so far, and what we don't.

## What we don't know

- **How the attackers got in.** The trust has not said whether the attack began with a phishing email.
- **Whether the trust will pay?** NHS trusts are told not to pay ransoms, the health service said.

---

*Correction, 9 March 2027: An earlier version of this article wrongly said that the minor injuries unit had closed; the unit remains open.*

**Read more**

- [Why ransomware gangs keep targeting hospitals](/news/explainers/ransomware)
- [Calder Royal A&E waits among worst in England](/news/health/waits)
"""


def test_an_explainers_lead_ins_notes_and_links_are_no_claims() -> None:
    intake = intake_bytes(EXPLAINER.encode(), name="e.md")
    claims = [(claim.text, [a.source.name for a in claim.attributions]) for claim in intake.claims]
    assert claims == [
        # the outlet reports the trust's silence on it (round nine's annotator, and round fifteen's, wanted both)
        ("The trust has not said whether the attack began with a phishing email.", ["The Northern Ledger"]),
        ("NHS trusts are told not to pay ransoms.", ["health service"]),
        ("An earlier version of this article wrongly said that the minor injuries unit had closed; the unit remains open.", ["The Northern Ledger"]),
    ]
    assert [(s.attribution.source.name, s.attribution.stance.value) for s in intake.silences] == [("trust", "no_statement")]
    assert "ransomware gangs keep targeting" not in intake.article.text  # a list of links to other stories


@pytest.mark.parametrize(
    ("sentence", "silent", "stance", "claim"),
    [
        ('A spokesperson for NHS England said that advice "has not changed" but would not discuss the case.',
         "spokesperson for NHS England", "declined_to_comment", 'Advice "has not changed".'),
        ("The minister said talks were going well but declined to give a date.", "minister", "declined_to_comment", "Talks were going well."),
        ("The head teacher referred questions to the council.", "head teacher", "declined_to_comment", None),
        ("The Scottish Government declined to comment on the proposals, saying decisions were a matter for councils.",
         "Scottish Government", "declined_to_comment", "Decisions were a matter for councils."),
    ],
)
def test_a_silence_joined_to_a_statement_is_both(sentence: str, silent: str, stance: str, claim: str | None) -> None:
    intake = take(sentence)
    assert [(s.attribution.source.name, s.attribution.stance.value) for s in intake.silences] == [(silent, stance)]
    if claim is not None:
        assert (claim, silent, "asserts") in said(intake)


def test_a_silence_said_twice_and_a_reason_cited_are_no_claims() -> None:
    intake = take("The company declined to comment, saying it would not comment on an ongoing process, citing the safety of its staff.")
    assert [(s.attribution.source.name, s.attribution.stance.value) for s in intake.silences] == [("company", "declined_to_comment")]
    assert all(source not in ("company", "safety of its staff") for _, source, _ in said(intake))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Its chief executive, Dr Helen Marsden, told staff in an email seen by the Ledger that it was the worst disruption in years.",
         ("It was the worst disruption in years.", "Dr Helen Marsden", "asserts")),
        ("A ransomware group calling itself Black Sextant said it had taken 1.2 terabytes of data.",
         ("Black Sextant had taken 1.2 terabytes of data.", "Black Sextant", "asserts")),
        ("Its Perth and Kinross secretary, Alan Drysdale, said staff were anxious.", ("Staff were anxious.", "Alan Drysdale", "asserts")),
    ],
)
def test_who_the_source_is(sentence: str, expected: tuple[str, str, str]) -> None:
    assert said(take(sentence)) == [expected]


def test_a_councillor_is_a_person_whom_she_refers_to() -> None:
    intake = take(
        "Councillor Grant Laidlaw said money was not the driving factor. "
        "Highland ward councillor Eilidh Rattray said she would table an amendment. "
        'She said she was "quietly confident" of winning.'
    )
    assert [source for _, source, _ in said(intake)] == ["Grant Laidlaw", "Eilidh Rattray", "Eilidh Rattray"]


@pytest.mark.parametrize(
    "sentence",
    ["A ransomware group added the trust to its leak site on Tuesday morning.", "The firm added 40 jobs to its payroll this year."],
)
def test_added_with_an_object_put_somewhere_reports_nothing(sentence: str) -> None:
    assert said(take(sentence)) == [(sentence, "Associated Press", "asserts")]


def test_added_with_a_clause_still_reports() -> None:
    assert said(take("He added the road was closed to traffic.")) == [("The road was closed to traffic.", "He", "asserts")]


def test_an_update_label_does_not_make_a_programme_of_the_article() -> None:
    """Hand-overs ("Ian Reid is in Uig.") are skipped in a transcript only: in an article with an
    update note, "The hospital is in Leeds." is still a claim."""
    story = "Update: This article has been updated.\n\nThe new hospital is in Leeds. Patients thanked staff, thank you cards and all."
    assert [claim for claim, _, _ in said(take(story))] == [
        "The new hospital is in Leeds.",
        "Patients thanked staff, thank you cards and all.",
    ]
