"""Who speaks where when no "she said" tells: an interview's answers, a transcript's or a
parliament record's turns.

Both formats give a stretch of text to a named person by its layout (a bold question before
it, a label in capitals opening it); ``interview`` and ``transcript`` find them, and this
module records what they found on the reading: the turns, the labels and lines that are no
claims, and what a transcript's header says (its air date, its segment's headline, and the
channel without "Transcripts").
"""

from __future__ import annotations

import re

from workbench.intake.interview import find_interview
from workbench.intake.letter import find_letter
from workbench.intake.message_export import find_message_export
from workbench.intake.model import Turn
from workbench.intake.parliament import find_parliament_record
from workbench.intake.plain_reading import PlainReading
from workbench.intake.social_thread import find_thread
from workbench.intake.transcript import find_transcript, without_episode

_TRANSCRIPTS_SUFFIX = re.compile(r"\s+transcripts?$", re.IGNORECASE)


def read_speakers(reading: PlainReading) -> None:
    letter = find_letter(reading.text)
    if letter is not None:  # "Dear Minister, ... Yours sincerely,": the body is its writers' own statement
        reading.turns.append(letter.turn)
        reading.skipped = sorted([*reading.skipped, *letter.skipped], key=lambda span: span.start)
        return
    export = find_message_export(reading.text, "\n".join(part for part in (reading.title, reading.outlet) if part))
    if export is not None:  # a channel's own posts are its voice; forwarded posts and chat messages their senders'
        reading.skipped = sorted([*reading.skipped, *export.skipped], key=lambda span: span.start)
        reading.turns, reading.labels, reading.title = list(export.turns), list(export.labels), None  # no headline
        reading.outlet = export.channel or (None if reading.outlet and reading.outlet.lower().startswith("channel") else reading.outlet)
        reading.published = reading.published or export.sent
        return
    thread = find_thread(reading.text)
    if thread is not None:  # the author's posts are her own voice; every other account's are its own
        reading.skipped = sorted([*reading.skipped, *thread.skipped], key=lambda span: span.start)
        reading.turns, reading.labels, reading.kind = list(thread.turns), list(thread.labels), "thread"
        reading.byline, reading.outlet = thread.author, reading.outlet or thread.outlet
        reading.published = reading.published or thread.posted
        if reading.dateline_span is not None and reading.dateline_span.start < thread.skipped[0].end:
            reading.dateline = reading.dateline_span = None  # the capture's header is no dateline
        return
    interview = find_interview(reading.text, reading.bold_lines)
    if interview is not None:  # the questions are the outlet's, not claims; the answers the interviewee's
        reading.skipped = sorted([*reading.skipped, *interview.questions], key=lambda span: span.start)
        reading.turns = [Turn(answer, interview.interviewee) for answer in interview.answers]
        reading.interviewee = interview.interviewee
        return
    if reading.outlet:
        reading.outlet = _TRANSCRIPTS_SUFFIX.sub("", reading.outlet)  # "CNC TRANSCRIPTS": the channel is CNC
    # A parliament's labels ("Mr Renn:") would pass for an interview's: the record is looked for first.
    transcript, kind = find_parliament_record(reading.text), "record"  # members' turns; the record says nothing
    if transcript is None:  # an anchor's hand-overs and thanks are no claims
        transcript, kind = find_transcript(reading.text, tuple(name for name in (reading.outlet, *reading.outlet_aliases) if name)), "transcript"
    if transcript is None:
        return
    reading.skipped = sorted([*reading.skipped, *transcript.skipped], key=lambda span: span.start)
    reading.turns, reading.labels = list(transcript.turns), list(transcript.labels)
    reading.kind = reading.kind or kind
    reading.published = reading.published or transcript.aired
    official = transcript.official_report or (kind == "record" and re.search(r"\bofficial\s+report\b|\bhansard\b", reading.title or "", re.IGNORECASE))
    if official and reading.outlet and not reading.outlet.lower().startswith("official report"):
        house = re.sub(r"^the\s+", "", reading.outlet, flags=re.IGNORECASE)  # "Legislative Assembly of Caldria"
        reading.outlet = f"Official Report of the {house}"
    reading.title = without_episode(reading.title) if reading.title else None
    if transcript.headline and (reading.title is None or reading.title.isupper()):
        reading.title = transcript.headline  # the header took the programme's name for the title
