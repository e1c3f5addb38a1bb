"""Pieces that are not a newsroom's reporting: a press release speaks as its publisher, an
opinion column as its author; a radio page's header (found by held-out round ten)."""

from __future__ import annotations

from datetime import date

import pytest
from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.reading import read_article
from workbench.vocabulary import Mode, SourceKind

RELEASE = """REPUBLIC OF NORLAND
MINISTRY OF WATER AND SANITATION
Public Relations Unit | P.O. Box 41, Vesterby

PRESS RELEASE

Ref: MWS/PR/2027/012
Date: 4 May 2027
FOR IMMEDIATE RELEASE

NEW TREATMENT PLANT DOUBLES CLEAN WATER SUPPLY TO THE NORTHERN DISTRICTS

VESTERBY - The Ministry of Water and Sanitation has completed the Fjellbro treatment plant, which will double the clean water supplied to the northern districts.

According to the national statistics office, 41,000 households in the districts had no piped water in 2026.

"This plant is the largest investment in water our country has made," the Minister, Ingrid Solberg, said.

Notes to editors

1. The plant was built by Nordvann AS under a contract signed in 2025.

Media contact

Kari Lunde
Head, Public Relations Unit
Tel: +47 22 00 00 00
Email: press@water.example
"""

COLUMN = """[The Harbour Examiner](https://www.harbourexaminer.example) › Opinion › Politics

# The congestion charge will pass. The real fight is over who pays

**Opinion**

*The government has the votes. What it does not have is an answer for the southern suburbs.*

By Miriama Ellison, Chief Political Columnist · Saturday 21 August 2027

The charge will be law before Christmas, and the government will regret how it sold it.

The Transport Minister, Daniel Hohaia, said the charge would raise NZ$290 million a year.
"""

RADIO = """ATLANTIC PUBLIC RADIO | News | Morning Report

"We got the timing wrong": energy chief defends price rise

Morning Report with Niamh Gallagher
Broadcast: Wednesday 10 March 2027, 08:12

Corrib Energy will raise its prices by 18 per cent from 1 April, affecting about 410,000 homes.
"""


def test_a_press_release_is_its_publishers_official_statement() -> None:
    intake = intake_bytes(RELEASE.encode(), name="release.txt")
    article = intake.article
    assert (article.outlet, article.published, article.dateline) == ("Ministry of Water and Sanitation", date(2027, 5, 4), "Vesterby")
    assert article.title == "NEW TREATMENT PLANT DOUBLES CLEAN WATER SUPPLY TO THE NORTHERN DISTRICTS"
    own = [a for a in intake.attributions() if a.source.name == "Ministry of Water and Sanitation"]
    assert own and all(a.mode is Mode.OFFICIAL_STATEMENT for a in own)
    assert own[0].source.kind is SourceKind.GOVERNMENT_BODY
    assert any(a.source.name == "national statistics office" for a in intake.attributions())
    # the notes to editors are kept; the contact block is no claim
    assert any("Nordvann AS" in claim.text for claim in intake.claims)
    assert not any(word in claim.text for claim in intake.claims for word in ("Kari Lunde", "Tel:", "press@"))


def test_a_story_reporting_a_release_is_read_as_a_story() -> None:
    story = "Ministry says plant doubles supply\n\nThe ministry said in a press release on Monday that the plant was complete."
    article = read_article(story.encode(), name="s.txt")
    assert article.kind is None


def test_an_opinion_column_speaks_in_its_authors_voice() -> None:
    intake = intake_bytes(COLUMN.encode(), name="column.md")
    article = intake.article
    assert (article.outlet, article.byline, article.published, article.kind) == (
        "The Harbour Examiner", "Miriama Ellison", date(2027, 8, 21), "opinion"
    )
    claims = {claim.text: [a.source.name for a in claim.attributions] for claim in intake.claims}
    assert claims["The government has the votes."] == ["Miriama Ellison"]  # the standfirst stays, under the title
    assert claims["The charge will be law before Christmas, and the government will regret how it sold it."] == ["Miriama Ellison"]
    assert claims["The charge would raise NZ$290 million a year."] == ["Daniel Hohaia"]
    assert "By Miriama Ellison" not in article.text


def test_a_radio_pages_header_gives_the_station_the_date_and_the_headline() -> None:
    article = read_article(RADIO.encode(), name="radio.txt")
    assert (article.outlet, article.published) == ("Atlantic Public Radio", date(2027, 3, 10))
    assert article.title == '"We got the timing wrong": energy chief defends price rise'
    assert article.text.startswith("Corrib Energy will raise")


@pytest.mark.parametrize(
    ("story", "denier"),
    [
        ("The opposition says the charge will cost families $40 a week. That is simply wrong, and he should know it.", "Associated Press"),
        ("Reports said the ministry had borrowed fuel from Uganda. These claims are inaccurate and misleading, the ministry said.", "ministry"),
    ],
)
def test_a_sentence_that_only_dismisses_what_came_before_denies_it(story: str, denier: str) -> None:
    claims = said(take(story))
    assert claims[0][2] == "asserts"
    assert (claims[0][0], denier, "denies") in claims
    assert not any(claim.startswith(("That is", "These claims")) for claim, _, _ in claims)


def test_a_title_before_a_name_does_not_end_the_sentence() -> None:
    story = "The Minister for Works and Housing, Hon. Kwabena Mensah-Bonsu, said the programme was on track."
    assert said(take(story)) == [("The programme was on track.", "Kwabena Mensah-Bonsu", "asserts")]


@pytest.mark.parametrize(
    ("sentence", "silent"),
    [
        ("The Commission for Energy Pricing told us it doesn't comment on individual suppliers' prices.", "Commission for Energy Pricing"),
        ("The company said it would not comment on the case.", "company"),
        ("Joseph Mutua said supplies were improving. He also would not say whether diesel prices would rise.", "Joseph Mutua"),
    ],
)
def test_a_silence_reported_with_said_is_no_claim_of_the_silent(sentence: str, silent: str) -> None:
    intake = take(sentence)
    assert [(s.attribution.source.name, s.attribution.stance.value) for s in intake.silences] == [(silent, "declined_to_comment")]
    assert not any(source == silent and "comment" in claim for claim, source, _ in said(intake))


def test_the_note_on_a_columnist_at_the_foot_is_the_outlets_and_the_disclaimer_no_claim() -> None:
    column = COLUMN + (
        "\n*Miriama Ellison is the Examiner's chief political columnist. The author is a former adviser to the "
        "Associate Minister of Transport. The views expressed are her own.*\n"
    )
    claims = {claim.text: [a.source.name for a in claim.attributions] for claim in intake_bytes(column.encode(), name="c.md").claims}
    assert claims["Miriama Ellison is the Examiner's chief political columnist."] == ["The Harbour Examiner"]
    assert claims["The author is a former adviser to the Associate Minister of Transport."] == ["The Harbour Examiner"]
    assert not any("views expressed" in text for text in claims)


def test_a_report_published_on_a_day_by_someone_is_theirs() -> None:
    story = "Households would pay $1,350 a year, a report published on Monday by the Puriri Institute estimates."
    assert [source for _, source, _ in said(take(story))] == ["Puriri Institute"]


def test_saying_the_report_was_false_denies_it() -> None:
    story = (
        "The Sunday Sentinel reported that the government had borrowed fuel from Uganda. "
        "Halima Odhiambo, the government spokesperson, said the report was false."
    )
    assert said(take(story)) == [
        ("The government had borrowed fuel from Uganda.", "Sunday Sentinel", "asserts"),
        ("The government had borrowed fuel from Uganda.", "Halima Odhiambo", "denies"),
    ]


def test_who_told_the_speaker_is_the_origin_the_speaker_relays() -> None:
    intake = take("Joseph Mutua said shipping agents had told the ministry that the third vessel was on schedule.")
    relayed = {(a.source.name, a.relayed_via.name if a.relayed_via else None) for a in intake.attributions()}
    assert relayed == {("Joseph Mutua", None), ("shipping agents", "Joseph Mutua")}
    assert [claim.text for claim in intake.claims] == ["The third vessel was on schedule."]


def test_what_the_speaker_told_others_stays_theirs() -> None:
    assert said(take("The minister said he had told the cabinet that the talks had failed.")) == [
        ("The minister had told the cabinet that the talks had failed.", "minister", "asserts")
    ]


@pytest.mark.parametrize(
    ("sentence", "claim"),
    [
        ("The ministry said it is wrong to blame the weather.", "It is wrong to blame the weather."),
        ("The ministry said it was clear that talks had failed.", "It was clear that talks had failed."),
    ],
)
def test_a_clause_of_its_own_after_wrong_or_false_denies_nothing_and_it_is_nobody(sentence: str, claim: str) -> None:
    story = "Reports said the dam had failed. " + sentence
    assert said(take(story))[1:] == [(claim, "ministry", "asserts")]
