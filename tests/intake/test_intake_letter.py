"""A letter inside a piece: from "Dear ..." to "Yours sincerely," its writers speak; the
demands and the signatures are no claims (found by held-out round thirteen's open letter)."""

from __future__ import annotations

from stories import said, take

from workbench.intake.letter import find_letter
from workbench.vocabulary import Mode

OPEN_LETTER = """The Harbour Coalition published the letter below on Monday.

Dear Minister,

We, the undersigned organisations, write about the pollution of the Kessel estuary.

Since January, at least 12 fish kills have been recorded on the estuary. We believe the discharges are unlawful.

We therefore call on you to:

suspend the Drossel permit;
publish the sampling results.

We would welcome the chance to discuss these requests with you.

Yours sincerely,

Clean Estuary Trust
Kessel Anglers' Federation

---

The coalition is an alliance of 14 groups.
"""

SIGNED = """The paper received this letter on Friday.

Dear Editor,

The new bridge has closed three times since it opened in May.

Yours faithfully,

Ana Ruiz
"""


def test_the_body_of_an_open_letter_is_its_signatories_official_statement() -> None:
    intake = take(OPEN_LETTER)
    writers = [a for a in intake.attributions() if a.source.name == "undersigned organisations"]
    assert writers and all(a.mode is Mode.OFFICIAL_STATEMENT for a in writers), said(intake)
    assert ("Since January, at least 12 fish kills have been recorded on the estuary.", "undersigned organisations", "asserts") in said(intake)
    assert ("The coalition is an alliance of 14 groups.", "Associated Press", "asserts") in said(intake)


def test_demands_courtesies_salutation_and_signatures_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(take(OPEN_LETTER)))
    for not_a_claim in ("Dear Minister", "call on you", "suspend the Drossel", "publish the sampling", "would welcome", "Yours", "Clean Estuary Trust"):
        assert not_a_claim not in texts, not_a_claim


def test_a_letter_signed_by_one_person_is_hers() -> None:
    assert ("The new bridge has closed three times since it opened in May.", "Ana Ruiz", "asserts") in said(take(SIGNED))


def test_no_closing_no_letter() -> None:
    assert find_letter("Dear reader,\n\nThe bridge closed again on Monday.\n") is None
