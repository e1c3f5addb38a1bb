"""A parliament's official record: the labels say which member speaks; the chair, the floor and
the record itself say nothing (found by held-out round eleven's Hansard excerpt)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.parliament import find_parliament_record
from workbench.vocabulary import Mode

RECORD = """STATES OF ELLAND
OFFICIAL REPORT

Volume 9, No. 3
Thursday 4 March 2027

The States met at Ten o'clock.

[THE DEPUTY SPEAKER in the Chair]

Questions to the Minister for Transport

Harbour Ferry Cancellations

1. Mr Piers Lanyon (St Anne) (Independent): How many ferry crossings were cancelled in February? [117]

The Minister for Transport (Ms Hannah Ozanne): Forty-one crossings were cancelled in February, nine of them because of crew shortages. The operator has assured me that two more captains will start work in April.

Hon. Members: Hear, hear.

Mr Lanyon: I thank the Minister. Islanders waited six hours at the quay on Sunday.

The Deputy Speaker: Order. The hon. Member must put a question.

Ms Ozanne: The hon. Member will forgive me if I do not go into the contract. It would not be right for me to discuss it while the review is under way.

Ms Ruth Gallienne (Vale) (Labour): On a point of order, Madam Deputy Speaker. The review ended in January.

An Hon. Member: Shame!
"""


def _record():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(RECORD.encode(), name="record.txt")


def test_each_members_turn_is_theirs_in_their_own_words() -> None:
    found = said(_record())
    assert ("Forty-one crossings were cancelled in February, nine of them because of crew shortages.", "Hannah Ozanne", "asserts") in found
    assert any(claim.startswith("Islanders waited six hours") and source == "Piers Lanyon" for claim, source, _ in found)
    assert any(claim.startswith("The review ended in January") and source == "Ruth Gallienne" for claim, source, _ in found)
    turns = [a for a in _record().attributions() if a.source.name == "Hannah Ozanne" and a.stance.value == "asserts"]
    assert turns and all(a.mode is Mode.DIRECT_QUOTE for a in turns)


def test_a_later_label_by_surname_is_the_member_the_first_named_with_their_office() -> None:
    record = find_parliament_record(RECORD)
    assert record is not None
    assert {(turn.speaker, turn.role) for turn in record.turns} == {
        ("Hannah Ozanne", "Minister for Transport"),
        ("Piers Lanyon", "Independent member for St Anne"),
        ("Ruth Gallienne", "Labour member for Vale"),
    }


def test_the_chair_the_floor_the_header_and_courtesies_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_record()))
    for procedural in ("Hear, hear", "Shame", "Order", "must put a question", "point of order", "I thank the Minister",
                       "The States met", "Volume 9", "Harbour Ferry Cancellations"):
        assert procedural not in texts, procedural
    assert not any(source in ("States of Elland", "Official Report") for _, source, _ in said(_record()))


def test_the_records_title_is_its_last_heading_and_its_date_the_sitting() -> None:
    article = _record().article
    assert article.title == "Harbour Ferry Cancellations"
    assert article.published == date(2027, 3, 4)
    assert article.outlet == "Official Report of the States of Elland"  # "STATES OF ELLAND / OFFICIAL REPORT"


def test_a_members_refusals_on_the_record_are_their_silences_and_a_relay_through_them_is_kept() -> None:
    record = _record()
    silent = [s.attribution.source.name for s in record.silences]
    assert silent.count("Hannah Ozanne") >= 2, silent  # "forgive me if I do not go into", "would not be right for me to discuss"
    assert ("Two more captains will start work in April.", "operator", "asserts") in [
        (claim, source.split()[-1], stance) for claim, source, stance in said(record)
    ]


def test_a_question_with_its_number_claims_nothing() -> None:
    assert not any("How many ferry crossings" in claim for claim, _, _ in said(_record()))


def test_an_interview_with_a_few_mr_labels_is_not_a_parliament_record() -> None:
    text = "Mr Reid: The ferry ran aground at dawn.\n\nMs Costa: Were people hurt?\n\nMr Reid: Nobody was hurt.\n"
    assert find_parliament_record(text) is None


def test_advice_is_the_advisers_whole_sentence_and_assured_that_names_who_said_it() -> None:
    found = said(take("The Environment Agency advised people living near the plant to keep their windows closed."))
    assert found == [("The Environment Agency advised people living near the plant to keep their windows closed.", "Environment Agency", "asserts")]
    found = said(take("The contractor, Keta Holdings Ltd, has informed the ministry that the first 600 homes will be ready in November."))
    assert ("The first 600 homes will be ready in November.", "Keta Holdings Ltd", "asserts") in found
