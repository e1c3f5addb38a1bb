"""A court's judgment: the court is the publisher, its findings its own; the parties' submissions
and the witnesses' evidence are theirs (found by held-out round twelve's judgment)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.judgment import read_judgment_heading
from workbench.vocabulary import Mode

JUDGMENT = """HIGH COURT OF LEMNOS
COMMERCIAL DIVISION

Case No.: HC-2027-114
Date: 2 June 2027

Before: Judge Ana Ruiz

HARBOUR FREIGHT LTD
v.
PORT OF LEMNOS AUTHORITY

JUDGMENT

[...]

II. THE EVIDENCE

12. The Claimant submitted that the Authority closed berth 4 without notice on 3 March 2027.

13. Witness C-2, the harbour master, testified that the berth was closed for repairs for nine days.

14. The Court finds that the berth was closed on 3 March 2027 without notice to the Claimant.

15. The Authority's contract, which was admitted into evidence, sets no notice period.

Judge Ana Ruiz, Presiding Judge
"""


def _judgment():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(JUDGMENT.encode(), name="judgment.txt")


def test_the_heading_gives_the_court_the_parties_and_the_date() -> None:
    article = _judgment().article
    assert (article.outlet, article.title, article.published, article.kind) == (
        "High Court of Lemnos", "Harbour Freight Ltd v. Port of Lemnos Authority", date(2027, 6, 2), "report"
    )


def test_the_courts_findings_are_its_official_statement_and_submissions_the_parties() -> None:
    intake = _judgment()
    found = said(intake)
    finding = [a for a in intake.attributions() if a.source.name == "High Court of Lemnos"]
    assert finding and all(a.mode is Mode.OFFICIAL_STATEMENT for a in finding), found
    assert any(source == "High Court of Lemnos" and claim.startswith("The berth was closed on 3 March") for claim, source, _ in found), found
    assert any(source == "Claimant" and "without notice" in claim for claim, source, _ in found), found
    assert any("C-2" in source and "nine days" in claim for claim, source, _ in found), found


def test_the_heading_sections_omissions_and_signature_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_judgment()))
    for not_a_claim in ("THE EVIDENCE", "[...]", "Presiding Judge", "HARBOUR FREIGHT", "Case No", "Into evidence"):
        assert not_a_claim not in texts, not_a_claim


def test_a_story_about_a_judgment_is_no_judgment() -> None:
    assert read_judgment_heading("Court rules against port\n\nThe High Court ruled on Monday that the port broke its contract.\n") is None


def test_submitted_reports_only_with_its_clause() -> None:
    found = said(take("The city rejected the findings and had submitted a formal objection."))
    assert not any(claim == "A formal objection." for claim, _, _ in found), found
