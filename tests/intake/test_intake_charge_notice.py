"""A prosecutor's notice of an indictment: its letterhead, its allegations, and its boilerplate."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes

NOTICE = """OFFICE OF THE DISTRICT ATTORNEY
MARLOW COUNTY, OHIO

PRESS RELEASE
FOR IMMEDIATE RELEASE: Tuesday, May 9, 2028

FORMER TREASURER INDICTED ON THEFT CHARGES

State v. Paula Grenier
Case No. CR-0212-2028

DUNMORE, OHIO - A grand jury has returned a three-count indictment against Paula Grenier, the county's former treasurer.

The indictment alleges that Grenier moved $240,000 of county funds into her own accounts between 2025 and 2027. It further alleges that she altered bank statements to hide the transfers.

The indictment sets out the following charges:

An indictment is an accusation only. All defendants are presumed innocent until proven guilty in a court of law.

CASE INFORMATION
Case No.: CR-0212-2028
Court: Marlow County Court of Common Pleas
Judge: Hon. Ada Brook

MEDIA CONTACT
Sam Ortiz, Communications Director
Phone: (555) 555-0100

###
"""


def _notice():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(NOTICE.encode("utf-8"), name="notice.txt")


def test_the_office_and_its_county_publish_it_on_the_date_of_release() -> None:
    article = _notice().article
    assert (article.outlet, article.published, article.dateline) == ("Office of the District Attorney, Marlow County", date(2028, 5, 9), "Dunmore, Ohio")
    assert article.title == "FORMER TREASURER INDICTED ON THEFT CHARGES"


def test_its_allegations_are_claims_and_its_boilerplate_claims_nothing() -> None:
    found = said(_notice())
    assert [claim for claim, _, _ in found] == [
        "A grand jury has returned a three-count indictment against Paula Grenier, the county's former treasurer.",
        "Grenier moved $240,000 of county funds into her own accounts between 2025 and 2027.",
        "She altered bank statements to hide the transfers.",  # "It further alleges": "further" is no subject
    ], found
    assert found[0][1] == "Office of the District Attorney, Marlow County"
    assert found[1][1] == "indictment"  # what the indictment alleges
