"""A reported clause turned into a claim in neutral words: the proposition, not the frame.

"Ahmed Ali ... said the Russian forces began evacuating their positions ..." gives "The Russian
forces began evacuating their positions ...". The frame goes (the attribution carries it), a
leading "that" goes, a pronoun standing for the speaker becomes the speaker's name ("The
ministry said it had closed the roads" gives "The ministry had closed the roads"; "its forces",
"the ministry's forces", for the nouns a speaker's own people and means go by), "said A and that B" gives two claims, and "said A, but did not
mention B" gives A. Wording is otherwise left as reported: a reviewer edits a
proposal, and rewording by rule would put words in a source's mouth.
"""

from __future__ import annotations

import re

from workbench.intake.model import SourceMention, Span
from workbench.vocabulary import SourceKind

_POSSESSIVES = {"his": "he", "her": "she", "its": "it"}
# What a speaker's "its" or "his" owns when it is the speaker's own: its forces, his office. Any
# other noun may be someone else's ("its transponder": the ship's), and "their" is most often
# (their lives, their homes), so the pronoun stays: a wrong owner would be a claim never made.
_OWN_PEOPLE_AND_MEANS = frozenset(
    {"forces", "troops", "soldiers", "fighters", "units", "unit", "patrols", "patrol", "teams", "team", "staff",
     "members", "officials", "employees", "workers", "office", "offices", "spokesman", "spokeswoman",
     "spokesperson", "representatives", "lawyers", "lawyer", "client", "clients", "investigators", "inspectors",
     "aircraft", "jets", "drones", "warships", "navy", "army", "police", "ministry", "government", "agency",
     "department", "colleagues", "deputy", "family", "campaign"}
)
# "The ministry said C, but did not mention the depot": no subject, so the speaker's own verb,
# and the outlet's remark on the statement (a gap, like "did not say when"), not part of C.
_BUT_DID_NOT = re.compile(
    r",?\s+but\s+(?:(?:did|does|has|have|had|would)(?:\s+not|n[’']t)\s|(?:gave|gives|offered|offers|provided|provides)\s+no\b"
    r"|(?:declined|refused|declines|refuses)\s+to\b)"
    # "C, a figure that cannot be verified": the outlet's note on C
    r"|,\s+(?:a|the)\s+(?:figure|claim|number|toll|account|report)\s+(?:that|which)\s+(?:could|can)(?:not|n[’']t)\s+(?:be\s+)?"
    r"(?:independently\s+)?(?:verified|confirmed)"
    r"|,\s+without\s+(?:giving|providing|offering|elaborating)\b",  # "..., without giving further details"
    re.IGNORECASE,
)  # "..., but gave no further details" too
_AND_THAT = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?that\s+", re.IGNORECASE)
_LEADING_THAT = re.compile(r"^\s*that\s+", re.IGNORECASE)
_EXPLETIVE_IT = re.compile(r"it\s+(?:is|was|has\s+been|would\s+be|will\s+be|remains|seems)\s+(?:\w+\s+){0,2}?(?:that|to|whether|if)\b", re.IGNORECASE)
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
    gap = _BUT_DID_NOT.search(text, span.start, span.end)
    if gap is not None:
        span = Span(span.start, gap.start())
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
    match = re.match(r"^(he|she|it|they|his|her|its)\b(?:\s+(\w+))?", text, re.IGNORECASE)
    if match is None:
        return text
    pronoun = match.group(1).lower()
    if pronoun == "it" and _EXPLETIVE_IT.match(text):
        return text  # "it is wrong to blame the weather": "it" stands for nobody
    possessive = pronoun in _POSSESSIVES
    if possessive and (match.group(2) or "").lower() not in _OWN_PEOPLE_AND_MEANS:
        return text  # "the panel said its tracking transponder was off": the ship's, not the panel's
    if speaker.kind not in _SPEAKER_PRONOUNS[_POSSESSIVES.get(pronoun, pronoun)]:
        return text
    name = _with_article(speaker.name)
    if not possessive:
        return name + text[match.end(1) :]
    # "said its forces had struck": whose forces, in a list of claims? "The mission in Armenia's
    # patrols" would read as Armenia's: a name with a preposition takes "the patrols of".
    if re.search(r"\s(?:in|of|at|for|from|on|to)\s", name):
        return f"the {match.group(2)} of {name}" + text[match.end(2) :]
    return name + ("'" if name.endswith("s") else "'s") + text[match.end(1) :]


def _with_article(name: str) -> str:
    """"Kurdish-led administration" -> "the Kurdish-led administration"; names stay as they are."""
    determined = re.match(r"(?:one|two|three|four|some|several|many|a|an|the|its|their|his|her|this|these|those)\s", name.lower())
    if name[:1].islower() and not determined:
        return f"the {name}"
    return name
