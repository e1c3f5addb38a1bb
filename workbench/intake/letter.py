"""A letter inside a piece (an open letter a coalition publishes, a letter a paper prints):
whose voice its body is, and what around it is no claim.

From "Dear Minister," to "Yours sincerely," the words are the letter's writers', not the
publisher's: "We, the undersigned organisations, write to ask you to act" makes them the
signatories, and "Yours sincerely, / Ana Ruiz" a single writer. Read as the page's prose, every
sentence of an open letter was its publisher's (or, with its bold address line, an
interviewee's answers), its demands claims and its list of signatories one more claim.

Here the body is one turn of its writers (their own statement), the demands a sentence ending
"call on you to:" introduces are no claims, and the signatures after the closing are none either,
up to a rule or the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.intake.model import Span, Turn
from workbench.intake.sentences import RULE_LINE

_SALUTATION = re.compile(r"^[ \t]*Dear[ \t]+[^\n,]{2,80},[ \t]*$", re.MULTILINE)
_CLOSING = re.compile(r"^[ \t]*(?:Yours[ \t]+(?:sincerely|faithfully|truly)|Sincerely|Kind[ \t]+regards|With[ \t]+regards)[ \t]*,?[ \t]*$", re.IGNORECASE | re.MULTILINE)
# "We, the undersigned organisations, ...": the letter names its writers so.
_UNDERSIGNED = re.compile(r"\b(?:we|the)[ \t,]+(?:the[ \t]+)?(?P<who>undersigned(?:[ \t]+(?-i:[a-z]+))?)\b", re.IGNORECASE)
_DEMANDS_FOLLOW = re.compile(r"\bto:[ \t]*$")
_SIGNER = re.compile(r"^[ \t]*(?P<name>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){1,3})[ \t]*$")


@dataclass(frozen=True)
class Letter:
    turn: Turn  # the body, from the salutation to the closing, in its writers' voice
    skipped: tuple[Span, ...]  # the salutation, the demands, the closing and the signatures


def find_letter(text: str) -> Letter | None:
    """The letter in ``text``, or None when it holds none (a salutation and a closing below it)."""
    salutation = _SALUTATION.search(text)
    closing = _CLOSING.search(text, salutation.end()) if salutation else None
    if salutation is None or closing is None:
        return None
    body = Span(salutation.end(), closing.start())
    rule = RULE_LINE.search(text, closing.end())
    signatures = Span(closing.start(), rule.start() if rule else len(text))
    undersigned = _UNDERSIGNED.search(text, body.start, body.end)
    writer = f"the {undersigned.group('who')}" if undersigned else _signer(text, closing.end(), signatures.end)
    if writer is None:
        return None
    skipped = [Span(salutation.start(), salutation.end()), signatures, *_demands(text, body)]
    return Letter(Turn(body, writer, official=True), tuple(skipped))


def _signer(text: str, start: int, end: int) -> str | None:
    """The one person signing under the closing: its first non-empty line, when it is a name."""
    line = next((line for line in text[start:end].split("\n") if line.strip()), "")
    found = _SIGNER.match(line.strip(" *_"))
    return found.group("name") if found else None


def _demands(text: str, body: Span) -> list[Span]:
    """The list a sentence ending "call on you to:" introduces: what is asked, not claimed."""
    demands: list[Span] = []
    for found in re.finditer(r"[^\n]+", text[body.start : body.end]):
        start = body.start + found.start()
        if _DEMANDS_FOLLOW.search(found.group(0)):
            end = text.find("\n\n", text.find("\n", start + len(found.group(0))) + 1, body.end)
            demands.append(Span(start, body.end if end < 0 else end))
    return demands
