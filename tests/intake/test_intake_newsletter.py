"""A newsletter as received by email: the mail header gives the outlet, title and date; the
masthead, numbered headings and the mailing list's foot are no claims (found by held-out round
eleven's morning briefing)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.email_header import mailing_list_foot, read_email_header

NEWSLETTER = """From: Dawn Brief from the Kessel Courier <dawn@courier.example>
To: readers@lists.courier.example
Date: Wed, 3 Mar 2027 06:00:00 +0000
Subject: Fwd: Dawn Brief: ferry fares up, bridge shut

DAWN BRIEF | The Kessel Courier's morning email
Wednesday 3 March 2027
Written by Tomas Ek

1. FERRY FARES UP

Ferry fares will rise 9 per cent in April, the operator Nordlink said on Tuesday.

Our read: this probably hits island commuters hardest, though the ministry said last week that a rebate "is being looked at".

2. BRIDGE SHUT

The Kessel bridge is closed for repairs until Friday.

---

Dawn Brief is supported by Holm Insurance. Get a quote today.
You are receiving this email because you signed up. Unsubscribe | Manage your preferences
"""


def _brief():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(NEWSLETTER.encode(), name="brief.txt")


def test_the_mail_header_and_masthead_give_the_outlet_title_date_and_writer() -> None:
    article = _brief().article
    assert (article.outlet, article.title, article.published, article.byline) == (
        "The Kessel Courier", "Dawn Brief: ferry fares up, bridge shut", date(2027, 3, 3), "Tomas Ek"
    )


def test_headers_headings_labels_and_the_mailing_lists_foot_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_brief()))
    for not_a_claim in ("From:", "Subject", "DAWN BRIEF", "Written by", "FERRY FARES UP", "BRIDGE SHUT", "Our read", "Holm Insurance",
                        "Unsubscribe", "Get a quote"):
        assert not_a_claim not in texts, not_a_claim
    assert ("The Kessel bridge is closed for repairs until Friday.", "The Kessel Courier", "asserts") in said(_brief())


def test_a_clause_before_though_x_said_that_is_the_pieces_own() -> None:
    found = said(_brief())
    assert ("This probably hits island commuters hardest.", "The Kessel Courier", "asserts") in found, found
    assert any(source == "ministry" and "rebate" in claim for claim, source, _ in found), found
    found = said(take("The port reopened on Monday, but the union said that strikes would resume."))
    assert found == [("The port reopened on Monday.", "Associated Press", "asserts"), ("Strikes would resume.", "union", "asserts")]


def test_a_text_that_only_mentions_a_subject_line_has_no_mail_header() -> None:
    assert read_email_header("Subject: the council's budget\n\nThe council met on Monday.\n") is None
    assert read_email_header("From: a reader\nSubject: fares\nThe fares went up.\n") is None  # no blank line: not a header block


def test_a_rule_with_no_mailing_list_lines_after_it_ends_nothing() -> None:
    assert mailing_list_foot("The fares went up.\n\n---\n\nReporting by Tomas Ek.\n") is None


def test_published_by_and_a_date_is_a_header_line() -> None:
    intake = intake_bytes(b"# Open letter on the river\n\n*Published by the Varro Coalition secretariat \xc2\xb7 6 July 2027*\n\nThe river is dying, the coalition says.\n", name="letter.md")
    assert (intake.article.outlet, intake.article.published) == ("Varro Coalition", date(2027, 7, 6))
    assert not any("Published by" in claim.text for claim in intake.claims)
