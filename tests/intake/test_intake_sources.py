"""Who a source is: a company by its legal form, a study without the clause about its
authors, and a finding reported after what was found (found by held-out round eight)."""

from __future__ import annotations

import pytest
from stories import said, take

from workbench.intake.sources import guess_kind
from workbench.vocabulary import SourceKind


@pytest.mark.parametrize("name", ["Adriachem SpA", "Volkswagen AG", "Equinor ASA", "Maersk A/S", "Siemens Energy GmbH", "Nokia Oyj"])
def test_a_name_with_a_companys_legal_form_is_an_organisation(name: str) -> None:
    """Two capitalised words had made "Adriachem SpA" a person, so "the company" skipped it."""
    assert guess_kind(name) is SourceKind.ORGANIZATION


@pytest.mark.parametrize("name", ["Ana Sa", "Agnes Se", "Rio Tinto"])
def test_a_legal_form_counts_only_in_capitals_as_registered(name: str) -> None:
    assert guess_kind(name) is not SourceKind.ORGANIZATION or name == "Rio Tinto"


def test_the_company_is_the_company_that_spoke_last_not_an_earlier_body() -> None:
    intake = take(
        "The leak began at about 10:40 a.m., according to the fire brigade. "
        "Adriachem SpA said in a statement that the leak had been contained by 1:15 p.m. "
        "The company said a valve seal had failed."
    )
    assert ("A valve seal had failed.", "Adriachem SpA", "asserts") in said(intake)


def test_a_clause_about_a_studys_authors_is_no_part_of_its_name() -> None:
    intake = take(
        "Older people who take sleeping pills may be at a higher risk of breaking a hip, "
        "according to a large Danish study whose authors say doctors should review prescriptions."
    )
    assert [source for _, source, _ in said(intake)] == ["large Danish study"]


@pytest.mark.parametrize(
    ("sentence", "claim", "finder"),
    [
        ("The risk was highest in the four weeks after a first prescription, the researchers found.",
         "The risk was highest in the four weeks after a first prescription.", "researchers"),
        ("Most of the fires were started deliberately, an inquiry by the fire service found.",
         "Most of the fires were started deliberately.", "fire service"),
    ],
)
def test_a_finding_after_what_was_found_is_the_finders(sentence: str, claim: str, finder: str) -> None:
    assert said(take(sentence)) == [(claim, finder, "asserts")]


@pytest.mark.parametrize(
    "sentence",
    ["Police found a body near the harbour on Sunday.", "The body of a man was found."],
)
def test_found_at_the_end_without_a_finder_before_it_stays_the_outlets(sentence: str) -> None:
    assert said(take(sentence)) == [(sentence, "Associated Press", "asserts")]


@pytest.mark.parametrize(
    ("sentence", "keeper"),
    [
        ("Poland's national weather service, IMGW, recorded no snow cover in Krakow on Sunday.", "Poland's national weather service"),
        ("The national seismological service registered a magnitude 5.1 quake at 3:12 a.m.", "national seismological service"),
        ("Police recorded 40 incidents over the weekend.", "Police"),
    ],
)
def test_what_a_body_recorded_is_its_claim_in_the_sentences_words(sentence: str, keeper: str) -> None:
    """A measurement is the claim of the body that made it, not the outlet's own reporting."""
    [(claim, source, stance)] = said(take(sentence))
    assert (source, stance) == (keeper, "asserts")
    assert claim.endswith(sentence.split(" recorded " if " recorded " in sentence else " registered ")[1])


@pytest.mark.parametrize(
    "sentence",
    [
        "Cameras recorded the moment the bridge fell.",  # no body: a capital opens every sentence
        "The band recorded an album in Lisbon.",
        "Maria Lopez recorded the flooding on her phone.",
        "The agency recorded a video message for its staff.",
    ],
)
def test_recorded_by_anything_but_a_body_stays_the_outlets(sentence: str) -> None:
    assert said(take(sentence)) == [(sentence, "Associated Press", "asserts")]


def test_a_recorded_figure_someone_is_said_to_give_is_theirs_alone() -> None:
    intake = take("The hospital has registered 30 new patients since Friday, its director said.")
    assert [source for _, source, _ in said(intake)] == ["its director"]


@pytest.mark.parametrize(
    ("sentence", "name", "role", "affiliation"),
    [
        ("Opposition leader David Kiprono of the Umoja Democratic Movement said the government had lost control.",
         "David Kiprono", "Opposition leader of the Umoja Democratic Movement", "Umoja Democratic Movement"),
        ("Chief executive Henrique Mota said sales rose.", "Henrique Mota", "Chief executive", None),  # "Chief" is no body
        ("Senior Hamas official Ali Baraka said talks failed.", "Ali Baraka", "Senior Hamas official", "Hamas"),
    ],
)
def test_a_role_before_a_name_and_the_party_after_it(sentence: str, name: str, role: str, affiliation: str | None) -> None:
    """"Opposition leader David Kiprono of the Umoja Democratic Movement" had been an organisation,
    so "he" in the next sentence went to an official named before (found by held-out round ten)."""
    source = take(sentence).claims[0].attributions[0].source
    assert (source.name, source.role, source.affiliation) == (name, role, affiliation)


def test_a_quotation_of_two_sentences_said_in_an_opening_statement_is_the_speakers() -> None:
    story = '"There is fuel in this country. We are fixing the distribution," she said in her opening statement.'
    assert [(claim, stance) for claim, _, stance in said(take(story))] == [
        ("There is fuel in this country. We are fixing the distribution.", "asserts")
    ]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("A woman whose son was killed said the army fired first.", "woman whose son was killed"),
        ("Residents whose homes were flooded said no warning came.", "Residents whose homes were flooded"),
    ],
)
def test_a_whose_clause_that_describes_the_source_stays_in_its_name(sentence: str, source: str) -> None:
    assert [name for _, name, _ in said(take(sentence))] == [source]
