"""Headers of pieces sent to desks and of a paper's own pages: a daybook, a corrections column."""

from __future__ import annotations

from datetime import date

from workbench.intake import intake_bytes

DAYBOOK = """NORDA NEWS AGENCY - ENGLISH SERVICE
NEWS ADVISORY / DAYBOOK

Daybook: Baltic states, Thursday 4 May 2028

Sent: Wednesday 3 May 2028, 18:30 Riga (15:30 GMT)

09:00 - RIGA - The finance minister is expected to present the spring budget, officials said.
"""

CORRECTIONS = """THE HARBOUR GAZETTE
Opinion | Readers' editor

Corrections and clarifications

Compiled by Mirela Tosh, Readers' Editor

Saturday 6 May 2028

1. An article on 2 May said the ferry carried 400 passengers. It carried 340.
"""


def test_an_agencys_daybook_names_the_agency_its_title_and_the_day_it_was_sent() -> None:
    article = intake_bytes(DAYBOOK.encode("utf-8"), name="daybook.txt").article
    assert (article.outlet, article.title, article.published, article.dateline) == (
        "Norda News Agency", "Daybook: Baltic states, Thursday 4 May 2028", date(2028, 5, 3), None
    )


def test_a_readers_editors_section_line_is_no_title_and_no_opinion() -> None:
    article = intake_bytes(CORRECTIONS.encode("utf-8"), name="corrections.txt").article
    assert (article.outlet, article.title, article.byline, article.published, article.kind) == (
        "The Harbour Gazette", "Corrections and clarifications", "Mirela Tosh", date(2028, 5, 6), None
    )
