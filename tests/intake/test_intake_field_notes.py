"""A reporter's raw field notes: the header's fields, timestamped entries, "Says ..." with no subject."""

from __future__ import annotations

import re
from datetime import date

from stories import by, said, take

from workbench.intake import intake_bytes

NOTES = """FIELD NOTES
Reporter: Ilse Brandt (Rhine Valley Courier, Mainz bureau)
Story: Levee breach at Hallbach
Place: Hallbach, Rhineland-Palatinate
Date: Sat 9 September 2028

Desk - notes below, times local.

08:40 - reached the levee road. Water over the road for approx. 2 km. I counted six tractors pulling out sandbag trailers.

09:10 - spoke to Capt. Jonas Weller (duty officer, Hallbach fire brigade). Says 40 homes evacuated overnight. Says the breach opened "just before four" near the pumping station. Quote: "We are holding the second line." Would not say whether the pumps had failed.

09:45 - woman at the sports hall, lives on Mühlgasse, did not want to be named. Says the water reached her kitchen in ten minutes. Says a neighbour told her the siren never sounded.

10:05 - Marta Kunz (54, baker, Mühlgasse). Says the bakery lost power at three. Approx. 30 homes without power, acc. to her figures.

10:20 - Mayor Anke Roth (Hallbach town council) says the town asked the state for pumps on Thursday. Says the pumps arrived on Friday afternoon.

TO CHECK: state agency's pump log.
"""


def _notes():  # type: ignore[no-untyped-def]  # an Intake; imported lazily by the helper module
    return intake_bytes(NOTES.encode("utf-8"), name="notes.txt")


def test_the_header_fields_give_the_writer_her_outlet_the_story_and_its_date() -> None:
    article = _notes().article
    assert (article.outlet, article.byline, article.title, article.published, article.dateline) == (
        "Rhine Valley Courier", "Ilse Brandt", "Levee breach at Hallbach", date(2028, 9, 9), "Hallbach, Rhineland-Palatinate"
    )


def test_a_sentence_with_no_subject_is_the_person_the_entry_named_in_brackets() -> None:
    found = said(_notes())
    assert ("40 homes evacuated overnight.", "Jonas Weller", "asserts") in found, found
    assert any(claim.startswith("The breach opened") and source == "Jonas Weller" for claim, source, _ in found), found
    assert ("We are holding the second line.", "Jonas Weller", "asserts") in found, found
    assert by(_notes(), "Jonas Weller").mode.value == "paraphrase"
    # The mayor speaks in a sentence of her own ("says ..."), then in one with no subject.
    assert any(source == "Anke Roth" and "arrived on Friday afternoon" in claim for claim, source, _ in found), found


def test_an_unnamed_person_is_anonymous_and_the_time_stamps_are_no_part_of_a_claim() -> None:
    intake = _notes()
    found = said(intake)
    assert any(source == "woman at the sports hall" and "kitchen in ten minutes" in claim for claim, source, _ in found), found
    assert all(a.mode.value == "anonymous" for a in intake.attributions() if a.source.name == "woman at the sports hall")
    assert not any(re.match(r"\d\d:\d\d", claim) for claim, _, _ in found), found  # "09:10 - ..."
    assert not any(claim.startswith(("Spoke to", "Woman at", "TO CHECK")) for claim, _, _ in found), found
    assert not any("notes below" in claim or "Says" in claim for claim, _, _ in found), found


def test_a_subjectless_refusal_is_the_persons_silence() -> None:
    silences = [(s.attribution.source.name, s.attribution.stance.value) for s in _notes().silences]
    assert ("Jonas Weller", "declined_to_comment") in silences, silences


def test_the_reporters_own_sightings_are_the_outlets_observation() -> None:
    intake = _notes()
    counted = next(a for c in intake.claims for a in c.attributions if "six tractors" in c.text)
    assert (counted.source.name, counted.mode.value) == ("Rhine Valley Courier", "own_observation")


def test_told_him_so_gives_the_clause_before_to_who_told() -> None:
    found = said(take("A woman was pulled out alive at around 14:30; rescuers told him so."))
    assert found == [("A woman was pulled out alive at around 14:30.", "rescuers", "asserts")], found


def test_a_role_in_brackets_stays_with_the_name_before_the_verb() -> None:
    found = said(take("Georgi Nikolov (coordinator, Red Cross branch) says volunteers have registered 152 people."))
    assert found == [("Volunteers have registered 152 people.", "Georgi Nikolov", "asserts")], found


def test_a_street_or_an_approximation_abbreviated_ends_no_sentence() -> None:
    intake = take("A woman was pulled out alive from a house on ul. Rekata, the rescuers said. Approx. 140 people left.")
    assert next(claim.text for claim in intake.claims) == "A woman was pulled out alive from a house on ul. Rekata."


def test_would_not_confirm_is_a_refusal() -> None:
    silences = [(s.attribution.source.name, s.attribution.stance.value) for s in take("The army would not confirm the figure.").silences]
    assert silences == [("army", "declined_to_comment")], silences


def test_a_name_with_its_role_alone_is_no_claim_and_her_figures_are_hers() -> None:
    found = said(_notes())
    assert not any(claim.startswith("Marta Kunz") for claim, _, _ in found), found
    assert ("Approx. 30 homes without power.", "Marta Kunz", "asserts") in found, found
