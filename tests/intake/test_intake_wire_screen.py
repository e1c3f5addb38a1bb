"""An agency's alerts copied off the wire screen: tags, slugs, times and datelines are no part
of the claims; the write-through gives the headline, byline and dateline (found by held-out
round thirteen's wire flashes)."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes
from workbench.intake.wire_screen import looks_like_wire_screen

SCREEN = """HARBOUR NEWS AGENCY (HNA) -- WORLD SERVICE
Copied from the desk's wire screen, Friday 3 December 2027.

----------------------------------------
FLASH
KESSEL-FIRE/
0814 GMT
WAREHOUSE FIRE AT KESSEL PORT, FOUR HURT -- FIRE SERVICE

----------------------------------------
URGENT
KESSEL-FIRE/ (UPDATE 1, adds cause)
0850 GMT
KESSEL, Dec 3 (HNA) - A fire at a chemicals warehouse in Kessel port injured four workers, the fire service said.
MORE TO FOLLOW

----------------------------------------
ADVISORY
KESSEL-FIRE/
0910 GMT
Editors: A write-through will move by 1000 GMT. No substitute item will be sent.

----------------------------------------
URGENT
KESSEL-FIRE/ (WRITETHRU, adds company)
0955 GMT

Four hurt in Kessel port warehouse fire

By Ana Ruiz

KESSEL, Lemnos, Dec 3 (HNA) - Four workers were hurt when a fire broke out at a chemicals warehouse, the fire service said. The owner, Kessel Chemicals, said the blaze started in a loading bay.

(Reporting by Ana Ruiz; editing by Tom Keller)
ENDS
"""


def _screen():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(SCREEN.encode(), name="wire.txt")


def test_the_agency_date_and_the_write_throughs_headline_byline_and_dateline() -> None:
    assert looks_like_wire_screen(SCREEN)
    article = _screen().article
    assert (article.outlet, article.published, article.title, article.byline, article.dateline) == (
        "Harbour News Agency", date(2027, 12, 3), "Four hurt in Kessel port warehouse fire", "Ana Ruiz", "Kessel, Lemnos"
    )
    assert "HNA" in article.outlet_aliases


def test_each_items_dateline_is_cut_and_its_source_found() -> None:
    found = said(_screen())
    # "the fire service" is the source the alert before named ("-- FIRE SERVICE"): one source, not two
    assert ("A fire at a chemicals warehouse in Kessel port injured four workers.", "Fire service", "asserts") in found, found
    assert any(source == "Kessel Chemicals" and "loading bay" in claim for claim, source, _ in found), found
    assert any(source == "Fire service" and "WAREHOUSE FIRE" in claim for claim, source, _ in found), found


def test_tags_slugs_times_advisories_and_credits_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_screen()))
    for not_a_claim in ("URGENT", "KESSEL-FIRE/", "GMT", "MORE TO FOLLOW", "Editors", "substitute", "Reporting by", "ENDS", "(HNA)"):
        assert not_a_claim not in texts, not_a_claim


def test_a_story_mentioning_an_urgent_call_is_no_wire_screen() -> None:
    assert not looks_like_wire_screen("URGENT\n\nThe council made an urgent call for help.\n")
