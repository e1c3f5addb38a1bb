"""A video's subtitle file (SRT or WebVTT): who speaks, and the outlet's notes around the speech.

A desk gets a statement on video as the subtitles its video team made: numbered cues with
timings ("00:00:19,200 --> 00:00:22,800"), a sentence split over two or three cues, bracketed
notes ("[Subtitles: Kessel Observer video desk, 13 May 2027]", "[Colonel Idris Vantok,
spokesman for the General Staff. Recorded in Loren on 12 May ...]", "[inaudible]",
"[Translator's note: ...]") and an off-camera question marked "REPORTER:". Read as text, every
cue number and timing was a sentence and every subtitle the outlet's own claim.

Here the text is rebuilt from the cues alone, one paragraph for each run of the speaker's cues
(a sentence split over cues is one sentence again), and:

- the speaker's words are theirs, in their own words; the speaker is the person the notes
  before the speech describe ("Colonel Idris Vantok, spokesman for the General Staff");
- a "REPORTER:" cue is the outlet's own question (its label cut from the sentence);
- the opening notes give the outlet ("Kessel Observer video desk": the Kessel Observer), the
  date and the title (a short note with no full stop); they, the translator's and the
  translation's notes are no claims, and "[inaudible]"-like marks leave the text;
- the notes after "[End of statement]" are the outlet's own words, their label ("Kessel
  Observer note:") cut.
"""

from __future__ import annotations

import re

from workbench.intake.dates import find_date
from workbench.intake.model import Span, Turn
from workbench.intake.plain_reading import PlainReading

MIN_CUES = 3

_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s+-->\s+\d{1,2}:\d{2}:\d{2}[,.]\d{3}.*$", re.MULTILINE)
_CUE_NUMBER = re.compile(r"^\s*\d{1,5}\s*$")
_MARK = re.compile(r"\s*\[(?:inaudible|crosstalk|music|applause|laughter|silence|pause|unintelligible)[^\]]*\]\s*", re.IGNORECASE)
_SUBTITLED_BY = re.compile(r"^\[\s*(?:subtitles|subtitled|captions)\s*(?:by)?\s*:?\s*(?P<who>[^,\]]+)", re.IGNORECASE)
_DESK = re.compile(r"\s+(?:video|news|subtitling|graphics|social)\s+(?:desk|team|unit)$", re.IGNORECASE)
_NO_CLAIM_NOTE = re.compile(r"^\[\s*(?:translat|subtitle|caption|translator)", re.IGNORECASE)
_END = re.compile(r"^\[\s*end\s+of\s+(?:statement|video|recording|briefing|transcript)\b", re.IGNORECASE)
_NOTE_LABEL = re.compile(r"^\[?\s*[^:\]]{2,40}\bnote\s*:\s*", re.IGNORECASE)
_RANK = r"(?:Colonel|Col\.|General|Gen\.|Major|Maj\.|Captain|Capt\.|Lieutenant|Lt\.|Brigadier|Admiral|Commander|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|President|Minister|Ambassador|Spokesman|Spokeswoman)"
_SPEAKER_NOTE = re.compile(rf"^\[\s*(?:{_RANK}\s+)*(?P<name>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){{1,2}}),\s*(?P<role>[^.\]]{{3,80}})")
_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z .'\-]{1,30}:)\s+")


def looks_like_subtitles(text: str) -> bool:
    return len(_TIMING.findall(text)) >= MIN_CUES


def read_subtitles(text: str) -> PlainReading:
    """The speech and notes of a subtitle file as paragraphs, with who speaks where."""
    cues = [_cue_text(block) for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    cues = [cue for cue in cues if cue]
    speaker = role = None
    paragraphs: list[tuple[str, str]] = []  # (kind, text): "note", "outlet", "speech", "label"
    ended = False
    for cue in cues:
        if cue.startswith("["):
            ended = ended or bool(_END.match(cue))
            kind = "outlet" if ended and not _END.match(cue) else "note"
            if not ended and (who := _SPEAKER_NOTE.match(cue)) and speaker is None:
                speaker, role = who.group("name"), who.group("role").strip()
            paragraphs.append((kind, cue.strip("[] ") if kind == "outlet" else cue))
        elif _LABEL.match(cue):
            paragraphs.append(("label", cue))
        elif paragraphs and paragraphs[-1][0] == "speech":
            paragraphs[-1] = ("speech", f"{paragraphs[-1][1]} {cue}")
        else:
            paragraphs.append(("speech", cue))
    return _assemble(paragraphs, speaker, role)


def _cue_text(block: str) -> str:
    lines = [line.strip() for line in block.split("\n") if line.strip()]
    lines = [line for line in lines if not _TIMING.match(line) and not _CUE_NUMBER.match(line) and line.upper() != "WEBVTT"]
    return _MARK.sub(" ", " ".join(lines)).strip()


def _assemble(paragraphs: list[tuple[str, str]], speaker: str | None, role: str | None) -> PlainReading:
    found = PlainReading(text="", kind="transcript")  # a speaker's turns; the outlet's notes around them
    parts: list[str] = []
    position = 0
    for kind, words in paragraphs:
        start = position
        label = _NOTE_LABEL.match(words) if kind in ("note", "outlet") else _LABEL.match(words) if kind == "label" else None
        if label is not None:  # "Harbour Ledger note: ", "REPORTER: ": cut from the sentence they open
            found.labels.append(Span(start, start + label.end()))
        end = start + len(words)
        if kind == "note":
            _read_note(words, found)
            found.skipped.append(Span(start, end))
        elif kind == "speech" and speaker is not None:
            found.turns.append(Turn(Span(start, end), speaker, role))
        parts.append(words)
        position = end + 2
    found.text = "\n\n".join(parts)
    return found


def _read_note(note: str, found: PlainReading) -> None:
    """The outlet, date and title an opening note gives."""
    if (subtitled := _SUBTITLED_BY.match(note)) and found.outlet is None:
        found.outlet = _DESK.sub("", subtitled.group("who").strip())
        dated = find_date(note)
        found.published = found.published or (dated[0] if dated else None)
    elif found.title is None and not _NO_CLAIM_NOTE.match(note) and "." not in note and len(note.split()) <= 14:
        found.title = note.strip("[] ")
