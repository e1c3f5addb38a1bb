"""A fact-checker's claim review card: the claim checked is its claimant's; the fields, no claims."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes

CARD = """Truthlens
Independent fact-checking · Nairobi edition
Home › Fact checks › Health

No, the clinic closures did not double maternal deaths

CLAIM REVIEW

Claim: "Maternal deaths have doubled since the county closed its clinics."
Claimed by: Joseph Mwangi, county assembly member
Date of claim: 2 May 2029
Rating: False
Fact-checked by: Amina Otieno
Published: 9 May 2029

In short: County records show maternal deaths fell slightly after the closures.

Share: Facebook · X · WhatsApp

What we found

County health records show 41 maternal deaths in 2028, against 44 in 2027. Mwangi's office did not respond to our questions.

Sources
1. County health department, annual report, 2029
2. Joseph Mwangi on X, 2 May 2029
"""


def _card():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(CARD.encode("utf-8"), name="card.txt")


def test_the_headline_the_checker_and_the_date_are_read_from_the_card() -> None:
    article = _card().article
    assert (article.outlet, article.title, article.byline, article.published) == (
        "Truthlens", "No, the clinic closures did not double maternal deaths", "Amina Otieno", date(2029, 5, 9)
    )


def test_the_claim_checked_is_its_claimants_and_the_fields_and_sources_are_none() -> None:
    found = said(_card())
    assert found[0] == ("Maternal deaths have doubled since the county closed its clinics.", "Joseph Mwangi", "asserts"), found
    assert ("County records show maternal deaths fell slightly after the closures.", "Truthlens", "asserts") in found, found
    claims = " ".join(claim for claim, _, _ in found)
    for field in ("Rating", "Claimed by", "Share", "annual report, 2029", "Mwangi on X", "Date of claim"):
        assert field not in claims, (field, found)
