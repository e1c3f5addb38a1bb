"""A broadcast transcript: the labels say who speaks; the channel's own people speak in its
voice, everyone else in their own words (found by held-out round nine's transcript)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.vocabulary import Mode

TRANSCRIPT = """NBN TRANSCRIPTS

MORNING EDITION WITH ANA COSTA

Ferry Runs Aground Off Skye; Coastguard Says All 80 Passengers Safe.

Aired March 3, 2027 - 07:00   ET

THIS IS A RUSH TRANSCRIPT. THIS COPY MAY NOT BE IN ITS FINAL FORM.

[07:00:05]

ANCHOR (ANA COSTA): Good morning. A ferry ran aground off the Isle of Skye overnight with 80 passengers on board. The coastguard says everyone has been taken off safely.

NBN's Ian Reid is in Uig. Ian, what can you see?

IAN REID, NBN CORRESPONDENT, reporting from Uig: The ferry is sitting on the rocks about 200 metres from the pier, listing to one side. We watched the last lifeboat come in an hour ago.

(BEGIN VIDEOTAPE)

UNIDENTIFIED FEMALE: We heard a bang and the whole boat shook.

MORAG LINDSAY, HIGHLAND COUNCIL LEADER: The harbour was dredged last summer. There is no excuse for this.

Nobody from the council has been told anything by the operator.

(END VIDEOTAPE)

COSTA: Ian Reid in Uig, thank you. Were the passengers warned?

LINDSAY: They were not. What I can tell you is the crew did everything right once it happened.

COSTA: Morag Lindsay, thank you. Stay with us.

END
"""


def test_each_guest_speaks_in_their_own_words_and_the_labels_leave_the_claims() -> None:
    claims = said(take(TRANSCRIPT))
    assert ("The harbour was dredged last summer.", "Morag Lindsay", "asserts") in claims
    # the paragraph after her turn's first is still hers, and "LINDSAY:" later is her too
    assert ("Nobody from the council has been told anything by the operator.", "Morag Lindsay", "asserts") in claims
    assert ("They were not.", "Morag Lindsay", "asserts") in claims
    assert ("What I can tell you is the crew did everything right once it happened.", "Morag Lindsay", "asserts") in claims
    assert not any(claim.startswith(("MORAG", "LINDSAY", "IAN REID", "COSTA", "ANCHOR")) for claim, _, _ in claims)


def test_the_channels_own_people_speak_in_its_voice() -> None:
    intake = take(TRANSCRIPT)
    claims = said(intake)
    assert ("A ferry ran aground off the Isle of Skye overnight with 80 passengers on board.", "Associated Press", "asserts") in claims
    assert ("Everyone has been taken off safely.", "coastguard", "asserts") in claims
    watched = next(a for a in intake.attributions() if a.quote.startswith("We watched the last lifeboat"))
    assert (watched.source.name, watched.mode) == ("Associated Press", Mode.OWN_OBSERVATION)


def test_an_unidentified_speaker_is_anonymous() -> None:
    heard = next(a for a in take(TRANSCRIPT).attributions() if a.quote.startswith("We heard a bang"))
    assert (heard.source.name, heard.mode) == ("unidentified female", Mode.ANONYMOUS)


def test_questions_cues_hand_overs_and_the_header_are_no_claims() -> None:
    texts = [claim for claim, _, _ in said(take(TRANSCRIPT))]
    for not_a_claim in ("Were the passengers warned", "thank you", "Stay with us", "Good morning", "is in Uig",
                        "what can you see", "VIDEOTAPE", "RUSH TRANSCRIPT", "Aired", "MORNING EDITION", "07:00"):
        assert not any(not_a_claim in text for text in texts), not_a_claim


def test_the_header_gives_the_air_date_the_headline_and_the_channel() -> None:
    article = intake_bytes(TRANSCRIPT.encode(), name="t.txt").article
    assert article.published == date(2027, 3, 3)
    assert article.title == "Ferry Runs Aground Off Skye; Coastguard Says All 80 Passengers Safe"
    assert article.outlet == "NBN"


def test_a_few_labels_do_not_make_a_transcript() -> None:
    """Two paragraphs opening with words in capitals and a colon are no programme: nothing of
    the story becomes a speaker's turn."""
    story = (
        "UPDATE: The ministry said the road had reopened.\n\n"
        "WARNING: Residents were told to stay indoors on Monday.\n\n"
        "The ministry did not say when it would reopen the second lane."
    )
    intake = take(story)
    assert intake.article.turns == ()
    # "UPDATE:" is a note's label, cut from its sentence; "WARNING:" stays in its claim
    assert said(intake) == [
        ("The road had reopened.", "ministry", "asserts"),
        ("WARNING: Residents were told to stay indoors on Monday.", "Associated Press", "asserts"),
    ]


def test_a_question_in_prose_is_no_claim() -> None:
    assert said(take("Why did the levee fail? Engineers said the clay core had washed out.")) == [
        ("The clay core had washed out.", "Engineers", "asserts")
    ]


def test_a_guests_refusal_in_the_first_person_is_their_silence_and_no_claim() -> None:
    transcript = TRANSCRIPT.replace(
        "LINDSAY: They were not.",
        "LINDSAY: I'm going to let the operator speak to their own timeline. I'm not going to name the crew. They were not.",
    )
    intake = take(transcript)
    refusals = [(s.attribution.source.name, s.attribution.stance.value) for s in intake.silences]
    assert refusals == [("Morag Lindsay", "declined_to_comment"), ("Morag Lindsay", "declined_to_comment")]
    assert not any("name the crew" in claim or "speak to their" in claim for claim, _, _ in said(intake))
    assert ("They were not.", "Morag Lindsay", "asserts") in said(intake)


RADIO = """ATLANTIC PUBLIC RADIO | News | Morning Report

"We got the timing wrong": energy chief defends price rise

Broadcast: Wednesday 10 March 2027, 08:12

Corrib Energy will raise its prices by 18 per cent. Its chief executive, Declan Hartigan, spoke to Niamh Gallagher.

PRESENTER: Declan Hartigan, good morning.

HARTIGAN: Good morning, Niamh. The cost of the electricity we buy has gone up very sharply since the autumn.

PRESENTER: Did the Minister know?

HARTIGAN: I spoke to the Minister's officials before we announced it.

Morning Report is on Atlantic Public Radio 1 weekdays from 7am. Listen live or download the podcast at atlanticradio.example.
"""


def test_a_radio_transcript_names_its_guest_from_the_introduction() -> None:
    claims = said(take(RADIO))
    assert ("The cost of the electricity we buy has gone up very sharply since the autumn.", "Declan Hartigan", "asserts") in claims
    assert ("I spoke to the Minister's officials before we announced it.", "Declan Hartigan", "asserts") in claims
    for not_a_claim in ("good morning", "Good morning", "weekdays from 7am", "Listen live", "Did the Minister"):
        assert not any(not_a_claim in claim for claim, _, _ in claims), not_a_claim


PODCAST = """HARBOUR NOTES
Episode 12 — Why the ferries stopped
Released 3 May 2027 · 24 min

[00:00:02] Host (Maya Okonkwo): This is Harbour Notes, I'm Maya Okonkwo. I went down to the quay on Monday and counted nine ferries tied up.

[00:00:40] Ad: Harbour Notes is supported by Quayside Coffee. Visit quayside dot example.

[00:01:02] Host: Lars Berg runs the dockers' union branch at Kessel. Lars, welcome.

[00:01:05] Speaker 2: Thanks, Maya. The company cut the night crews in March, and that is why the ferries stopped.

[00:01:30] Guest — Dr. Ana Ruiz: The engines on two of the ferries are forty years old and fail every winter.

[00:02:10] Speaker 2: And the crews were never consulted.
"""


def test_a_podcasts_labels_give_each_turn_and_the_host_speaks_for_the_show() -> None:
    intake = intake_bytes(PODCAST.encode(), name="podcast.txt")
    found = said(intake)
    assert any(source == "Lars Berg" and claim.startswith("The company cut the night crews") for claim, source, _ in found), found
    assert ("And the crews were never consulted.", "Lars Berg", "asserts") in found or any(
        source == "Lars Berg" and "never consulted" in claim for claim, source, _ in found
    )
    assert any(source == "Ana Ruiz" and "forty years old" in claim for claim, source, _ in found), found
    assert any(source == "HARBOUR NOTES" or source == "Harbour Notes" for claim, source, _ in found if "nine ferries" in claim), found


def test_a_podcasts_header_gives_title_and_date_and_its_ad_is_no_claim() -> None:
    intake = intake_bytes(PODCAST.encode(), name="podcast.txt")
    assert (intake.article.title, intake.article.published) == ("Why the ferries stopped", date(2027, 5, 3))
    texts = " | ".join(claim for claim, _, _ in said(intake))
    assert "Quayside" not in texts and "[00:" not in texts and "Speaker 2" not in texts


def test_an_unmatched_speaker_the_host_did_not_introduce_is_unidentified() -> None:
    text = PODCAST.replace("Lars Berg runs the dockers' union branch at Kessel. Lars, welcome.", "Now to the quay.")
    found = said(intake_bytes(text.encode(), name="podcast.txt"))
    assert any(source == "unidentified speaker" and "night crews" in claim for claim, source, _ in found), found


def test_section_labels_in_ordinary_case_are_no_speakers() -> None:
    """"Our Verdict:", "Key Points:", "What Next:" open paragraphs of a fact-check, not turns."""
    text = (
        "Key Points: The bridge was closed on Monday, the council said.\n\n"
        "Our Verdict: The claim that it was closed for a year is false.\n\n"
        "What Next: The council will reopen it in May, its engineer said.\n"
    )
    from workbench.intake.transcript import find_transcript

    assert find_transcript(text) is None


def test_a_guests_one_word_answer_stays_in_the_turn() -> None:
    text = PODCAST.replace("[00:02:10] Speaker 2: And the crews were never consulted.", "[00:02:10] Speaker 2: No\n\nThe crews were never consulted.")
    found = said(intake_bytes(text.encode(), name="podcast.txt"))
    assert any(source == "Lars Berg" and "never consulted" in claim for claim, source, _ in found), found
