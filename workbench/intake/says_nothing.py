"""Sentences that claim nothing whatever their words: questions, appeals, thanks, and what a
format's own people say to run it (an anchor's hand-overs, a member's courtesies).

Apart from ``detect`` (which reads what a sentence says and who says it) because these are
decided on the sentence alone, before anything is looked for in it.
"""

from __future__ import annotations

import re

from workbench.intake.parliament import FORMALITIES
from workbench.intake.transcript import A_QUESTION, PRESENTERS_TALK

# An appeal or thanks to the reader, no claim: "Please keep Quarry Road clear", "I ask everyone to
# stay calm", "Thank you to everyone who brought thermoses!", "Readers keep sending us videos, thank you."
# ("I thank the Minister, but my constituents have waited 16 days" goes on to claim something.)
APPEAL = re.compile(
    r"^\s*(?:please\b|for\s+(?:further|more)\s+information\b|thank\s+you\b|thanks\s+(?:to|for)\b|(?:I|we)\s+(?:would\s+like\s+to\s+)?thank\b(?![^.!?]*\b(?:but|however|yet)\b)"
    r"|anyone\s+(?:with|who\s+has)\s+(?:any\s+)?(?:information|footage)\b|(?:call|ring|phone)\s+\d{3}|"
    r"(?:I|we)\s+would\s+welcome\b|(?:I|we)\s+(?:therefore\s+|also\s+|again\s+)?(?:would\s+)?(?:ask|urge|appeal\s+to|call\s+on|encourage)\s+"
    r"(?:everyone|everybody|all|you|residents|people|readers|listeners|viewers|the\s+public|anyone)\b)"
    r"|,\s*thank\s+you[.!]?\s*$"
    r"|\bthe\s+following\s+(?:\w+\s+){0,2}\w+:\s*$"  # "The indictment sets out the following charges:", a list's lead-in
    # advice to the reader: "Bring it to a rolling boil", "If you have a fever, call your GP", "You can check your address"
    r"|^\s*(?:if\s+you\b[^,.]{0,80},\s*(?-i:(?!(?:you|we|they|he|she|it|I|the|a|an|this|that|there|your|our|their|his|her|its|then)\b)[a-z]{3,})"
    # (the verb followed by what an instruction takes: "Call records show ..." is a claim)
    r"|(?-i:(?:Please\s+)?(?:Do\s+not|Don['’]t|Make\s+sure|Sign\s+up|(?:Bring|Boil|Call|Ring|Check|Keep|Avoid|Wash|Stay)"
    r"(?=\s+(?:your|the|a|an|it|them|this|that|these|those|any|all|up|back|out|away|indoors|inside|calm|clear|\d)\b))))\b"
    r"|^\s*you\s+can\s+(?:check|find|read|see|call|contact|visit|download|register|sign\s+up)\b"
    # an agency's word to the editors it serves: "Editors: a write-through will move by 1230 GMT",
    # "KILL -- KILL -- KILL.", "No substitute item will be sent.", "Pictures are available on ..."
    r"|^\s*(?:editors\s*(?::|are\s+asked\b|please\b)|kill\b|no\s+substitute\b|pictures\s+are\s+available\b)"
    # a speaker running the briefing: "I will take two questions.", "That is all for today."
    r"|^\s*(?:I(?:['’]ll|\s+will)\s+(?:now\s+)?take\s+(?:\w+\s+){0,2}questions?|that(?:['’]s|\s+is)\s+all\s+(?:for\s+(?:today|now|tonight|this\s+\w+)|from\s+me))\b",
    re.IGNORECASE,
)


# A block of "Key: value" lines ("Ref: 2028/0412", "Time: 23:10, Sunday 9 April", "Location: ..."): fields, no sentence.
_FIELD_LINE = re.compile(r"^\s*[A-Z][\w .]{0,25}:\s*\S[^\n]{0,120}$")


def _a_block_of_fields(masked: str) -> bool:
    lines = [line for line in masked.split("\n") if line.strip()]
    if len(lines) >= 3 and lines[0].isupper() and ":" not in lines[0]:
        lines = lines[1:]  # under its heading: "CASE INFORMATION", then "Case No.: ...", "Court: ..."
    return len(lines) >= 2 and all(_FIELD_LINE.match(line) and len(line.split()) <= 16 for line in lines)


def says_nothing(masked: str, kind: str | None) -> bool:
    """True when the (masked) sentence makes no claim, in a piece of this ``kind``."""
    return bool(
        _a_block_of_fields(masked)
        or A_QUESTION.search(masked)
        or APPEAL.search(masked)
        or (kind == "transcript" and PRESENTERS_TALK.match(masked))
        or (kind == "record" and FORMALITIES.match(masked))
    )
