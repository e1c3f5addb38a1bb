"""What intake hands on: the article read, and the candidate claims and silences found in it.

Plain frozen records with no database, no Textual and no Click, so the same result can be shown
in the TUI's intake screen, printed as interchange JSON by the CLI, or written to the database
after review. Every span is a pair of character offsets into ``Article.text``, the document
text that is stored and that quotes are anchored in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from workbench.text.certainty import CertaintyCue
from workbench.vocabulary import Certainty, ClaimKind, Mode, SourceKind, Stance


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start`` to ``end`` (exclusive) of the document text."""

    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True)
class Turn:
    """A stretch of the text one person speaks, in their own words: an interview's answer, a
    transcript's turn. No "she said" marks it: the format does."""

    span: Span
    speaker: str  # as a desk would write the name: "Paul Strand", "unidentified male"
    role: str | None = None
    anonymous: bool = False
    official: bool = False  # a body's own post: its official statement, not a quotation
    reported: bool = False  # field notes' "Says ...": the writer's paraphrase of the person, not their words


@dataclass(frozen=True)
class Article:
    """A document as intake read it: its text (what spans point into) and what it says about itself.

    ``skipped`` are the parts of the text that are not reporting (a byline, a sign-off, a
    "Reporting by" credit): they stay in the stored text, and no claim is looked for in them.
    """

    text: str
    content_hash: str  # SHA-256 of ``text``, hex: the same article read twice has the same hash
    format: str  # "text", "markdown" or "html"
    title: str | None = None
    outlet: str | None = None
    outlet_aliases: tuple[str, ...] = ()  # "AP" for "Associated Press": how the text names its outlet
    byline: str | None = None
    published: date | None = None
    dateline: str | None = None  # "Qamishli, Syria"
    dateline_span: Span | None = None
    url: str | None = None
    skipped: tuple[Span, ...] = ()
    # Stretches of the text a named person speaks in their own words: an interview's answers
    # (``interview``), a broadcast transcript's turns (``transcript``).
    turns: tuple[Turn, ...] = ()
    labels: tuple[Span, ...] = ()  # a transcript's speaker labels: cut from the sentences they open
    interviewee: str | None = None
    kind: str | None = None  # "opinion": its own words are its author's; "release", "report": its publisher's official
    # statement; "transcript": a broadcast's, its anchor's hand-overs and thanks no claims

    @property
    def publishers_statement(self) -> bool:
        """Its own words are its publisher's official statement (a ministry's press release, an
        organisation's report), the publisher a body rather than a newsroom."""
        return self.kind in ("release", "report")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence of the document, from the sentence splitter, with its tokens."""

    index: int
    paragraph: int
    span: Span
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class SourceMention:
    """A source as the article names it; matching it to a stored source comes later.

    ``name`` is the words the article uses ("Ahmed Ali", "security source", "spokesman for the
    Rapid Support Forces"), ``role`` what it says about them ("an SDF fighter deployed at the
    facility"), ``affiliation`` the party they belong to or speak for, when the text names it.
    """

    name: str
    kind: SourceKind
    role: str | None = None
    affiliation: str | None = None
    speaks_for: bool = False  # a spokesperson or a statement: the affiliation's own position
    span: Span | None = None


@dataclass(frozen=True)
class Relay:
    """Who passed the statement on ("told AP", "cited by the agency", "citing three local sources")."""

    name: str
    phrase: str
    span: Span
    is_document_outlet: bool  # "told AP" in an AP story: the report itself, not a third party


@dataclass(frozen=True)
class CandidateAttribution:
    """One source's position on a candidate claim, with the words that show it.

    ``quote`` is the exact text that is the evidence (the quotation for a direct quote, the
    reported clause for a paraphrase, the whole sentence for a silence); ``frame`` is the
    attribution formula around it ("Ahmed Ali ... said", "according to SANA").
    """

    source: SourceMention
    stance: Stance
    mode: Mode
    certainty: Certainty
    quote: str
    quote_span: Span
    frame: str
    frame_span: Span
    sentences: tuple[int, ...]
    observed_on: date | None = None  # the document's date: when the statement (or silence) was seen
    relayed_via: Relay | None = None
    certainty_cues: tuple[CertaintyCue, ...] = ()
    formula: str = ""  # which rule found it, for the reviewer: "X said", "according to X", ...


@dataclass(frozen=True)
class CandidateClaim:
    """A proposition found in the article, in neutral words, with who asserts or denies it."""

    text: str
    span: Span  # the clause it was taken from
    kind: ClaimKind
    attributions: tuple[CandidateAttribution, ...]


@dataclass(frozen=True)
class CandidateSilence:
    """A party that said nothing: "did not respond", "declined to comment", "no statement from X".

    A silence is about other claims (Russia is silent on the withdrawal), so it is not tied to
    one: ``topic`` is what the text says it was silent about, and ``applies_to`` the indexes of
    the candidate claims it most likely concerns, for the reviewer to confirm.
    """

    attribution: CandidateAttribution
    topic: str | None
    topic_span: Span | None
    applies_to: tuple[int, ...] = ()


@dataclass(frozen=True)
class Intake:
    """The result of taking in one article."""

    article: Article
    sentences: tuple[Sentence, ...]
    claims: tuple[CandidateClaim, ...]
    silences: tuple[CandidateSilence, ...] = field(default=())

    def attributions(self) -> Iterator[CandidateAttribution]:
        """Every attribution found: those on claims, then the silences."""
        for claim in self.claims:
            yield from claim.attributions
        for silence in self.silences:
            yield silence.attribution
