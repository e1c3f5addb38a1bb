"""Text copied out of a PDF report: page furniture goes, broken words join, a flattened table's
rows are its "Source:" line's (found by held-out round twelve's situation report)."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes
from workbench.intake.pdf_text import clean_pdf_text, looks_like_pdf_text
from workbench.vocabulary import Mode

SITREP = """KESSIA: Coastal Storm
Situation Report No. 3
As of 4 October 2027

This report is produced by the Regional Relief Office (RRO) in Kessia with partners.
The next report will be issued on 11 October.

HIGHLIGHTS
• The Civil Protection Agency estimates that 18,000 people have been dis-
  placed along the coast.
• The Health Directorate has recorded 12 deaths.

SITUATION OVERVIEW
The storm destroyed the harbour wall at Lemno. The Weather Bureau forecasts further
gales from 9 October.

RRO | Situation Report No. 3 | Page 1 of 2

KESSIA: Coastal Storm – Situation Report No. 3                4 October 2027

SHELTER
People in shelters by district
District Sites People
Lemno 14 6,200
Arta 9 3,100
Source: Civil Protection Agency

For further information, please contact: Ana Ruiz, ruiz@rro.example

RRO | Situation Report No. 3 | Page 2 of 2
"""


def _sitrep():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(SITREP.encode(), name="sitrep.txt")


def test_page_footers_and_running_headers_leave_and_broken_words_join() -> None:
    assert looks_like_pdf_text(SITREP)
    cleaned = clean_pdf_text(SITREP)
    assert "Page 1 of 2" not in cleaned and "Coastal Storm – Situation Report No. 3" not in cleaned
    assert "displaced" in cleaned and "dis-" not in cleaned


def test_the_producer_is_the_publisher_and_its_words_its_official_statement() -> None:
    intake = _sitrep()
    assert (intake.article.outlet, intake.article.published, intake.article.kind) == ("Regional Relief Office", date(2027, 10, 4), "report")
    assert intake.article.title == "Kessia: Coastal Storm, Situation Report No. 3"
    own = [a for a in intake.attributions() if a.source.name == "Regional Relief Office"]
    assert own and all(a.mode is Mode.OFFICIAL_STATEMENT for a in own), said(intake)
    assert ("The storm destroyed the harbour wall at Lemno.", "Regional Relief Office", "asserts") in said(intake)


def test_a_bullet_running_over_two_lines_is_one_claim_and_a_forecast_is_the_forecasters() -> None:
    found = said(_sitrep())
    assert ("18,000 people have been displaced along the coast.", "Civil Protection Agency", "asserts") in found, found
    assert any(source == "Weather Bureau" and "gales" in claim for claim, source, _ in found), found


def test_a_tables_rows_are_its_sources_and_its_furniture_no_claims() -> None:
    found = said(_sitrep())
    assert ("Lemno 14 6,200", "Civil Protection Agency", "asserts") in [(c.rstrip("."), s, st) for c, s, st in found], found
    texts = " | ".join(claim for claim, _, _ in found)
    for not_a_claim in ("Source:", "Page", "next report", "further information", "District Sites People", "SHELTER"):
        assert not_a_claim not in texts, not_a_claim


def test_ordinary_prose_with_a_hyphen_or_a_page_number_is_no_pdf_text() -> None:
    assert not looks_like_pdf_text("The well-\nknown author spoke on Monday.\n")
    assert not looks_like_pdf_text("The memo, on page 3 of 10, says the bridge was unsafe.\n")
