"""A police force's incident bulletin: its own statement, its fields and appeals no claims."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes

BULLETIN = """NORTHMOOR CONSTABULARY
Press Office | Police HQ, Mill Road, Kelby KB2 4RT

DAILY INCIDENT BULLETIN
Tuesday 6 June 2028
Issued: 09:15

This bulletin covers incidents from 18:00 on Monday. All times are approximate.

1. ROBBERY - HIGH STREET, KELBY
Ref: 2028/0611
Time: 22:40, Monday 5 June
Location: Kelby Post Office, High Street

Two men threatened a cashier and took cash from the till. A 27-year-old man was arrested on Tuesday morning.

Anyone with information is asked to call 101, quoting Ref 2028/0611.

ENDS

Media enquiries: Press Office, 01632 960 100.
"""


def _bulletin():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(BULLETIN.encode("utf-8"), name="bulletin.txt")


def test_the_force_publishes_its_bulletin_as_its_own_statement() -> None:
    intake = _bulletin()
    article = intake.article
    assert (article.outlet, article.title, article.published) == ("Northmoor Constabulary", "DAILY INCIDENT BULLETIN", date(2028, 6, 6))
    assert {a.mode.value for a in intake.attributions()} == {"official_statement"}


def test_fields_headings_appeals_notes_and_contacts_claim_nothing() -> None:
    claims = [claim for claim, _, _ in said(_bulletin())]
    assert claims == ["Two men threatened a cashier and took cash from the till.", "A 27-year-old man was arrested on Tuesday morning."], claims
