"""A Markdown table with a source column, an investigators' log's header, and the writers' own limits."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes

LOG = """# Pipeline leak at Varna: open-source log

**Tidewatch** | open-source investigations, Black Sea

*Compiled by Ana Petrescu*

**Last updated:** 3 March 2029, 10:00 UTC

## Incidents

| # | Time (UTC) | Event | Source |
|---|---|---|---|
| 1 | 1 Mar, 04:10 | Pressure on the line falls by a third | Varna Gas Transit |
| 2 | 1 Mar, 05:02 | Oil sheen about 2 km long off the terminal | satellite imagery |
| 3 | 1 Mar, 07:30 | Video posted of divers at the terminal | @PortWatchBG on X |

## Notes

The operator, which runs the terminal, said the line was shut at 05:00. The company said repairs would take a week. This video cannot be verified. We cannot say whether the divers were working on the leak.

## Sources

- Varna Gas Transit, statement, 1 March 2029
"""


def _log():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(LOG.encode("utf-8"), name="log.md")


def test_each_row_is_its_sources_and_data_the_writers_read_is_theirs() -> None:
    found = said(_log())
    assert ("Pressure on the line falls by a third.", "Varna Gas Transit", "asserts") in found, found
    assert ("Oil sheen about 2 km long off the terminal.", "Tidewatch", "asserts") in found, found
    assert ("Video posted of divers at the terminal.", "@PortWatchBG", "asserts") in found, found
    assert not any("|" in claim for claim, _, _ in found), found


def test_the_investigators_header_gives_outlet_writer_and_date() -> None:
    article = _log().article
    assert (article.outlet, article.byline, article.published) == ("Tidewatch", "Ana Petrescu", date(2029, 3, 3))


def test_what_cannot_be_verified_and_the_list_of_sources_claim_nothing() -> None:
    claims = [claim for claim, _, _ in said(_log())]
    assert not any("cannot" in claim or "statement, 1 March" in claim for claim in claims), claims


def test_a_body_described_by_which_is_no_person_and_the_company_is_it() -> None:
    found = said(take("Nordbalt Fibre, which operates the cable, said traffic had stopped. The company said repairs would take weeks."))
    assert [source for _, source, _ in found] == ["Nordbalt Fibre", "Nordbalt Fibre"], found


def test_all_times_utc_is_no_claim() -> None:
    assert said(take("All times UTC.")) == []
