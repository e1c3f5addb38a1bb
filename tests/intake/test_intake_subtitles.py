"""A video's subtitle file and an earnings call: whose words each stretch is (found by held-out
round thirteen's SRT file and earnings call transcript)."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes
from workbench.intake.subtitles import looks_like_subtitles
from workbench.vocabulary import Mode

SRT = """1
00:00:01,000 --> 00:00:05,000
[Subtitles: Harbour Ledger video desk, 4 June 2027]

2
00:00:05,200 --> 00:00:08,000
[Port strike statement]

3
00:00:08,200 --> 00:00:12,000
[Captain Ana Ruiz, harbour master of Kessel.
Recorded at the port on 3 June.]

4
00:00:12,200 --> 00:00:16,000
Good evening. Since Monday,
forty ships have been waiting

5
00:00:16,200 --> 00:00:19,000
outside the harbour [inaudible] for a berth.

6
00:00:19,200 --> 00:00:23,000
REPORTER: Is the port closed?

7
00:00:23,200 --> 00:00:26,000
I cannot comment on the talks.
I will take one more question.

8
00:00:26,200 --> 00:00:28,000
[End of statement]

9
00:00:28,200 --> 00:00:32,000
[Harbour Ledger note: Satellite images reviewed by the Ledger
show ships queuing off the harbour.]
"""

CALL = """LEDGERLINE TRANSCRIPTS

Kessel Ports plc Q2 2027 Earnings Call Transcript

Presentation

Operator: Welcome to the call.

Ana Ruiz - Kessel Ports plc - CEO: Revenue rose 6% to 212 million euros in the quarter.

Questions and Answers

Operator: The first question comes from Tom Keller with Halden Securities.

Tom Keller - Halden Securities - Analyst: A report in the Daily Courant said you plan to sell the ferry unit. Is that true?

Ana Ruiz - Kessel Ports plc - CEO: We don't comment on market rumours. The ferry unit made a profit of 9 million euros.

Editor's note: Kessel Ports declined to comment after the call.
"""


def test_a_subtitle_file_is_rebuilt_from_its_cues_and_the_speaker_named_by_its_notes() -> None:
    assert looks_like_subtitles(SRT)
    intake = intake_bytes(SRT.encode(), name="statement.srt")
    assert (intake.article.outlet, intake.article.published, intake.article.title) == ("Harbour Ledger", date(2027, 6, 4), "Port strike statement")
    found = said(intake)
    assert ("Since Monday, forty ships have been waiting outside the harbour for a berth.", "Ana Ruiz", "asserts") in found, found
    assert [a.mode for a in intake.attributions() if a.source.name == "Ana Ruiz" and a.stance.value == "asserts"] == [Mode.DIRECT_QUOTE]


def test_cue_numbers_timings_notes_marks_and_questions_are_no_claims() -> None:
    intake = intake_bytes(SRT.encode(), name="statement.srt")
    texts = " | ".join(claim for claim, _, _ in said(intake))
    for not_a_claim in ("Subtitles", "REPORTER", "Is the port closed", "one more question", "End of statement", "Captain Ana Ruiz"):
        assert not_a_claim not in texts, not_a_claim
    for gone in ("-->", "00:00", "inaudible"):  # cue numbers, timings and marks leave the text itself
        assert gone not in intake.article.text, gone
    assert any(s.attribution.source.name == "Ana Ruiz" for s in intake.silences)  # "I cannot comment on the talks."
    assert any(source == "Harbour Ledger" and "ships queuing" in claim for claim, source, _ in said(intake)), said(intake)


def test_an_earnings_calls_speaker_lines_give_each_turn_and_the_operator_says_nothing() -> None:
    intake = intake_bytes(CALL.encode(), name="call.txt")
    found = said(intake)
    assert ("Revenue rose 6% to 212 million euros in the quarter.", "Ana Ruiz", "asserts") in found, found
    assert any(source == "Daily Courant" and "sell the ferry unit" in claim for claim, source, _ in found), found
    assert not any("Welcome to the call" in claim or "first question" in claim for claim, _, _ in found)
    assert not any(source == "Ana Ruiz" and "declined" in claim for claim, source, _ in found)  # the editor's note is the service's
    assert [t.role for t in intake.article.turns][:1] == ["CEO, Kessel Ports plc"]
