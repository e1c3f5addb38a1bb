"""One attribution formula found in a sentence, as ``frames`` builds it and ``detect`` reads it.

A record of its own so that finding the formula (``frames``) and reading what follows its verb
(``clauses``) can both fill it in without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from workbench.intake.model import SourceMention, Span
from workbench.intake.sources import has_a_persons_role
from workbench.vocabulary import SourceKind, Stance

_ITS = re.compile(r"\s*(?:that\s+)?(?:its|it)\s", re.IGNORECASE)


@dataclass
class Frame:
    """One attribution formula in a sentence; all spans are document offsets."""

    formula: str
    stance: Stance
    verb_span: Span
    subject: str | None = None  # None: the subject of the frame before (coordinated, participle)
    subject_span: Span | None = None
    appositives: tuple[str, ...] = ()
    claim_span: Span | None = None  # None: refers to an earlier claim ("denied that,")
    sentence_claim: bool = False  # the claim is no clause ("accused X of Y"): the sentence carries it
    relay: tuple[str, Span, str] | None = None  # (who, where, the phrase): "told TNA", "cited by SANA"
    origin: tuple[str, Span, str] | None = None  # "citing three local sources": they made it, the subject passed it on
    statement: bool = False
    anonymous: bool = False
    relative_at: int | None = None  # "X who said": the main clause before it is the outlet's
    antecedent: Span | None = None  # "fire that Armenia said wounded two": what the clause is about
    anaphoric: bool = False  # "denied that,", "rejected the findings": answers an earlier claim
    trailing: bool = False  # "C, X said": the clause is before the formula
    boundary: int = -1  # where the formula's own words begin: the clause of the frame before ends there

    @property
    def frame_span(self) -> Span:
        start = self.subject_span.start if self.subject_span and self.subject_span.start < self.verb_span.start else self.verb_span.start
        end = max(self.verb_span.end, self.subject_span.end if self.subject_span else 0)
        return Span(start, end)


def spoken_between(frames: list[Frame], this: Frame, start: int, end: int) -> bool:
    """Another frame's verb lies before ``this`` relative clause: "C, the group said, blaming
    rules that it said...": the main clause is the group's, not the outlet's own."""
    return any(other is not this and start <= other.verb_span.start < end for other in frames)


def body_if_its(mention: SourceMention, frame: Frame, text: str) -> SourceMention:
    """"Médecins Sans Frontières said its teams...": what says "its" is a body, not a person,
    whatever its name looks like (then "the group" can find it)."""
    if mention.kind is not SourceKind.PERSON or frame.claim_span is None or frame.claim_span.start < frame.verb_span.end:
        return mention
    if has_a_persons_role(mention):
        return mention  # "Dr Helen Marsden told staff it was the worst disruption": "it" is the disruption
    if _ITS.match(text, frame.claim_span.start):
        return replace(mention, kind=SourceKind.ORGANIZATION)
    return mention
