"""A reported clause turned into a claim in neutral words: the proposition, not the frame.

"Ahmed Ali ... said the Russian forces began evacuating their positions ..." gives "The Russian
forces began evacuating their positions ...". The frame goes (the attribution carries it), a
leading "that" goes, a pronoun standing for the speaker becomes the speaker's name ("The
ministry said it had closed the roads" gives "The ministry had closed the roads"), and "said A
and that B" gives two claims. Wording is otherwise left as reported: a reviewer edits a
proposal, and rewording by rule would put words in a source's mouth.
"""

from __future__ import annotations

import re

from workbench.intake.model import SourceMention, Span
from workbench.vocabulary import SourceKind

_AND_THAT = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?that\s+", re.IGNORECASE)
_LEADING_THAT = re.compile(r"^\s*that\s+", re.IGNORECASE)
_QUOTE_MARKS = "“”\"«»„"
_SPEAKER_PRONOUNS = {
    "he": (SourceKind.PERSON, SourceKind.UNIDENTIFIED),
    "she": (SourceKind.PERSON, SourceKind.UNIDENTIFIED),
    "it": (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY, SourceKind.MEDIA_OUTLET),
    "they": (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY, SourceKind.UNIDENTIFIED),
}


def split_clauses(text: str, span: Span) -> list[Span]:
    """"A and that B" -> the spans of A and B."""
    pieces = []
    position = span.start
    for joint in _AND_THAT.finditer(text, span.start, span.end):
        pieces.append(Span(position, joint.start()))
        position = joint.end()
    pieces.append(Span(position, span.end))
    return [piece for piece in pieces if text[piece.start : piece.end].strip(" ,.;")]


def neutral_text(clause: str, speaker: SourceMention | None = None) -> str:
    """The clause as a sentence of its own, the speaker named where a pronoun stood for them."""
    text = " ".join(clause.split()).strip(" ,;:—–-")
    text = _LEADING_THAT.sub("", text)
    if len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        text = text[1:-1].strip(" ,")
    elif text and text[-1] in _QUOTE_MARKS and text.count(text[-1]) == 1 and text[-1] in "”\"":
        text = text[:-1].rstrip(" ,")  # a quotation whose opening mark is in the sentence before
    if speaker is not None:
        text = _name_the_speaker(text, speaker)
    text = re.sub(r",(?=[”\"’]$)", "", text.rstrip(" ,;:"))
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if not text.rstrip(_QUOTE_MARKS + "’").endswith((".", "!", "?", "…")):
        text += "."
    return text


def subject_and_predicate(name: str, predicate: str) -> str:
    """"Two hospital officials" + "put the number of wounded at more than 30": a claim for verbs with no clause."""
    return neutral_text(f"{_with_article(name)} {predicate.strip()}")


def _name_the_speaker(text: str, speaker: SourceMention) -> str:
    match = re.match(r"^(he|she|it|they)\b", text, re.IGNORECASE)
    if match is None or speaker.kind not in _SPEAKER_PRONOUNS[match.group(1).lower()]:
        return text
    return _with_article(speaker.name) + text[match.end() :]


def _with_article(name: str) -> str:
    """"Kurdish-led administration" -> "the Kurdish-led administration"; names stay as they are."""
    determined = re.match(r"(?:one|two|three|four|some|several|many|a|an|the|its|their|his|her|this|these|those)\s", name.lower())
    if name[:1].islower() and not determined:
        return f"the {name}"
    return name
