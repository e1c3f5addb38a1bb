"""An organisation's own report (an NGO's investigation in Markdown): its words are its official
statement; footnotes and recommendations are no claims (found by held-out round eleven)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.vocabulary import Mode

REPORT = """# Cut Off: Water Shutoffs in Brenn County

**Riverside Justice Project** | Research report | 3 August 2027

## Summary

- The county cut water to 2,300 homes between April and June.
- Families with children under five were among them.

## 2. Findings

We interviewed 31 households in Brenn County.[^1] A retired teacher told us a county clerk had assured her the previous week that no home with children would be cut off.

Imagery from 12 June shows the pumping station closed.

## 5. Recommendations

1. Restore water to every home without delay.
2. Publish the list of households cut off.

[^1]: Interviews took place in English and Polish.
"""


def _report():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(REPORT.encode(), name="report.md")


def test_the_organisations_report_is_its_official_statement() -> None:
    intake = _report()
    assert (intake.article.outlet, intake.article.published, intake.article.kind) == ("Riverside Justice Project", date(2027, 8, 3), "report")
    own = [a for a in intake.attributions() if a.source.name == "Riverside Justice Project"]
    assert own and all(a.mode is Mode.OFFICIAL_STATEMENT for a in own), said(intake)
    assert ("The county cut water to 2,300 homes between April and June.", "Riverside Justice Project", "asserts") in said(intake)


def test_footnotes_recommendations_and_numbered_headings_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_report()))
    for not_a_claim in ("[^1]", "Interviews took place", "Restore water", "Publish the list", "Findings", "Recommendations"):
        assert not_a_claim not in texts, not_a_claim
    assert "We interviewed 31 households in Brenn County." in texts


def test_what_someone_had_been_assured_the_previous_week_is_relayed() -> None:
    found = said(_report())
    assert ("No home with children would be cut off.", "county clerk", "asserts") in [
        (claim, source.removeprefix("a ").removeprefix("A "), stance) for claim, source, stance in found
    ], found


def test_records_from_a_date_have_no_maker() -> None:
    found = said(_report())
    assert not any(source.startswith("12 June") for _, source, _ in found), found
    found = said(take("Imagery from March 12 shows the bridge down."))
    assert found and found[0][1] == "Associated Press"


def test_a_newsroom_section_label_is_no_report() -> None:
    intake = take("The Harbour Ledger | Business | 3 August 2027\n\nThe port handled 2 million containers last year.")
    assert intake.article.kind is None
