"""What an article's candidates would become in this database: the plan a reviewer decides on.

``workbench.intake`` reads an article and proposes claims, attributions and silences with the
sources as the article names them. ``plan_intake`` sets that against what is stored:

- each source is resolved the way an import resolves a name (``matching.SourceIndex``: exact
  name, alias, then fuzzy): one stored source, several (``ambiguous``: the candidates are
  listed and none is picked), or none (a new source is proposed, with a key free in the
  database). Unnamed sources ("a security source") are this article's own: they are matched
  only against the unnamed sources stored from the same document;
- the document is found by its text's hash, else by its URL (intake run again on the same
  article, or on a corrected one);
- a candidate attribution already stored in that document (same stance, quote and source) is
  marked stored, so running intake again proposes only what is new;
- each claim is compared with the stored claims (``matching.find_claim_candidates``): the
  ones it may duplicate, with their conflicting details, are proposed for a merge.

Nothing is written here. ``intake_bundle`` turns a plan and the reviewer's decisions into an
interchange document, and ``intake_commit`` stores it in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.models import Attribution, Claim, ClaimTag, Source
from workbench.intake.candidates import UNKNOWN_OUTLET
from workbench.intake.model import CandidateAttribution, Intake, SourceMention, Span
from workbench.intake.sources import guess_kind
from workbench.matching.fuzzy import SourceIndex, find_claim_candidates
from workbench.review.documents import find_stored_document
from workbench.review.references import slugify
from workbench.vocabulary import ClaimKind, SourceKind

Outcome = Literal["stored", "new", "ambiguous", "unnamed"]
MATCHES_SHOWN = 3
# A desk words its claims its own way ("started to withdraw" for "began pulling out"), so a
# reviewer merging by hand is shown stored claims scoring from here up, below the import's
# "suggest" threshold too, as "related": a proposal to look at, never a merge made for them.
RELATED_SCORE = 60.0


@dataclass(frozen=True)
class StoredSource:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class SourceProposal:
    """How a source the article names would be stored.

    ``stored``: it is ``source`` (found by ``how``: exact, alias or fuzzy). ``new``: a new
    source with ``new_key`` (and its affiliation, resolved the same way). ``ambiguous``: it
    could be any of ``candidates``; a reviewer must choose. ``unnamed``: the article does not
    say who published it (give ``--outlet``).
    """

    mention: SourceMention
    outcome: Outcome
    how: str = ""
    source: StoredSource | None = None
    candidates: tuple[StoredSource, ...] = ()
    new_key: str = ""
    affiliation: SourceProposal | None = None

    @property
    def key(self) -> str | None:
        """The key the attribution names: the stored source's, or the new one's."""
        if self.outcome == "stored" and self.source is not None:
            return self.source.key
        return self.new_key if self.outcome == "new" else None

    @property
    def label(self) -> str:
        """The source in a few words: its stored name, or the article's words and what happens to them."""
        if self.outcome == "stored" and self.source is not None:
            return self.source.name if self.how == "exact" else f"{self.source.name} (for {self.mention.name!r})"
        if self.outcome == "new":
            return f"{self.mention.name} (new)"
        if self.outcome == "ambiguous":
            return f"{self.mention.name} (ambiguous: {', '.join(c.name for c in self.candidates)})"
        return f"{self.mention.name} (unknown outlet: give --outlet)"


@dataclass(frozen=True)
class ProposedAttribution:
    candidate: CandidateAttribution
    source: SourceProposal
    relay: SourceProposal | None = None
    stored_id: int | None = None  # the stored attribution it already is, in this document


@dataclass(frozen=True)
class ClaimMatch:
    """A stored claim the candidate reads like: same, near-certain, possible, or in conflict."""

    claim_id: int
    key: str
    text: str
    score: float
    decision: str  # same, auto, suggest or conflict (matching.classify_claim_match), or related (see RELATED_SCORE)
    conflicts: tuple[str, ...] = ()
    # The stored claim's own values, for a claim intake stored before: an interchange file
    # that adds attributions to it must repeat them, or the import would reset them.
    verdict: str | None = None
    tags: tuple[str, ...] = ()
    place: str | None = None
    event_date: date | None = None


@dataclass(frozen=True)
class ProposedClaim:
    index: int  # in ``Intake.claims``
    text: str
    kind: ClaimKind
    span: Span
    key: str  # the key a new claim gets: the same each time this article is taken in
    attributions: tuple[ProposedAttribution, ...]
    matches: tuple[ClaimMatch, ...] = ()
    stored_claim: ClaimMatch | None = None  # intake stored this claim before (by its key)

    @property
    def is_stored(self) -> bool:
        """Everything it says is stored already: nothing to propose."""
        return all(a.stored_id is not None for a in self.attributions)


@dataclass(frozen=True)
class ProposedSilence:
    index: int  # in ``Intake.silences``
    attribution: ProposedAttribution
    topic: str | None
    applies_to: tuple[int, ...]  # candidate claims it may concern (a suggestion, by shared words)

    @property
    def is_stored(self) -> bool:
        return self.attribution.stored_id is not None


@dataclass(frozen=True)
class DocumentProposal:
    """The document as it would be stored: a new one, or the one stored with this text or URL."""

    key: str
    stored_id: int | None
    same_text: bool  # stored with exactly this text (nothing to update)
    outlet: SourceProposal | None


@dataclass(frozen=True)
class IntakePlan:
    intake: Intake
    name: str  # the file, for messages and the review log
    document: DocumentProposal
    claims: tuple[ProposedClaim, ...]
    silences: tuple[ProposedSilence, ...]
    sources: tuple[SourceProposal, ...] = field(default=())  # every distinct source named, once

    @property
    def stored_count(self) -> int:
        return sum(c.is_stored for c in self.claims) + sum(s.is_stored for s in self.silences)


def plan_intake(session: Session | None, intake: Intake, name: str) -> IntakePlan:
    """The plan for an article: against the database (``session``), or with none (all new)."""
    return _Planner(session, intake, name).plan()


class _Planner:
    def __init__(self, session: Session | None, intake: Intake, name: str) -> None:
        self.session = session
        self.intake = intake
        self.name = name
        self.index = SourceIndex.load(session) if session is not None else SourceIndex()
        self.proposals: dict[tuple[str, str], SourceProposal] = {}
        self.taken_keys: set[str] = set()
        self.stored_quotes: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (stance, quote) -> (id, source id)

    def plan(self) -> IntakePlan:
        article = self.intake.article
        stored = find_stored_document(self.session, article.content_hash, article.url) if self.session is not None else None
        document_key = stored.key if stored is not None else self._document_key()
        self.document_key = document_key
        if stored is not None and self.session is not None:
            rows = self.session.execute(
                select(Attribution.id, Attribution.source_id, Attribution.stance, Attribution.quote).where(
                    Attribution.document_id == stored.id
                )
            )
            for row in rows:
                self.stored_quotes.setdefault((row.stance, row.quote or ""), []).append((row.id, row.source_id))
        outlet = None
        if article.outlet:
            outlet = self.source(SourceMention(article.outlet, SourceKind.MEDIA_OUTLET))
        document = DocumentProposal(document_key, stored.id if stored else None, bool(stored and stored.content_hash == article.content_hash), outlet)
        claims = tuple(self._claim(index) for index in range(len(self.intake.claims)))
        silences = tuple(
            ProposedSilence(index, self.attribution(silence.attribution), silence.topic, silence.applies_to)
            for index, silence in enumerate(self.intake.silences)
        )
        return IntakePlan(self.intake, self.name, document, claims, silences, tuple(self.proposals.values()))

    def _document_key(self) -> str:
        article = self.intake.article
        dated = " ".join(part for part in (article.outlet, article.published.isoformat() if article.published else None) if part)
        words = article.title or dated or article.text[:80]
        return f"doc-{slugify(words, 50)}-{article.content_hash[:8]}"

    def _claim(self, index: int) -> ProposedClaim:
        candidate = self.intake.claims[index]
        key = f"claim-{slugify(candidate.text, 50)}-{_digest(self.document_key, candidate.text)}"
        attributions = tuple(self.attribution(a) for a in candidate.attributions)
        stored_claim = None
        matches: tuple[ClaimMatch, ...] = ()
        if self.session is not None:
            row = self.session.execute(
                select(Claim.id, Claim.key, Claim.text, Claim.verdict, Claim.place, Claim.event_date).where(Claim.key == key)
            ).first()
            if row is not None:
                tags = tuple(self.session.scalars(select(ClaimTag.tag).where(ClaimTag.claim_id == row.id).order_by(ClaimTag.tag)))
                stored_claim = ClaimMatch(row.id, row.key, row.text, 100.0, "same", (), row.verdict, tags, row.place, row.event_date)
            elif not all(a.stored_id is not None for a in attributions):
                matches = self._matches(candidate.text)
        return ProposedClaim(index, candidate.text, candidate.kind, candidate.span, key, attributions, matches, stored_claim)

    def _matches(self, text: str) -> tuple[ClaimMatch, ...]:
        assert self.session is not None
        found = [c for c in find_claim_candidates(self.session, text, MATCHES_SHOWN, include_none=True) if c.score >= RELATED_SCORE]
        keys = {row.id: row.key for row in self.session.execute(select(Claim.id, Claim.key).where(Claim.id.in_([c.claim_id for c in found])))}
        return tuple(
            ClaimMatch(c.claim_id, keys.get(c.claim_id, ""), c.text, c.score, "related" if c.decision == "none" else c.decision, c.conflicts)
            for c in found
            if c.claim_id in keys
        )

    def attribution(self, candidate: CandidateAttribution) -> ProposedAttribution:
        source = self.source(candidate.source)
        relay = None
        if candidate.relayed_via is not None and not candidate.relayed_via.is_document_outlet:
            # "told AP" in an AP story is the report itself, not a relay through a third party.
            relay = self.source(SourceMention(candidate.relayed_via.name, SourceKind.MEDIA_OUTLET))
        stored_id = None
        for attribution_id, source_id in self.stored_quotes.get((candidate.stance.value, candidate.quote), ()):
            if source.source is None or source.source.id == source_id:
                stored_id = attribution_id
                break
        return ProposedAttribution(candidate, source, relay, stored_id)

    def source(self, mention: SourceMention) -> SourceProposal:
        """The proposal for a source the article names (the same name gets the same proposal)."""
        memo = (mention.name.casefold(), mention.kind.value)
        if memo in self.proposals:
            return self.proposals[memo]
        proposal = self._resolve(mention)
        self.proposals[memo] = proposal
        return proposal

    def _resolve(self, mention: SourceMention) -> SourceProposal:
        if mention.name == UNKNOWN_OUTLET:
            return SourceProposal(mention, "unnamed")
        if mention.kind is SourceKind.UNIDENTIFIED:
            # "a security source" here is not the one of another story: a source of this document's own.
            key = f"src-{slugify(mention.name, 40)}-{_digest(self.document_key)}"
            stored = self._stored_by_key(key)
            if stored is not None:
                return SourceProposal(mention, "stored", "exact", stored)
            return SourceProposal(mention, "new", new_key=self._free_key(key), affiliation=self._affiliation(mention))
        resolution = self.index.resolve(mention.name)
        if resolution.kind in ("exact", "alias", "fuzzy") and resolution.source_id is not None:
            return SourceProposal(mention, "stored", resolution.kind, self._stored(resolution.source_id))
        if resolution.kind == "ambiguous":
            candidates = tuple(self._stored(m.source_id) for m in resolution.candidates)
            return SourceProposal(mention, "ambiguous", candidates=candidates)
        key = self._free_key(f"src-{slugify(mention.name, 60)}")
        return SourceProposal(mention, "new", new_key=key, affiliation=self._affiliation(mention))

    def _affiliation(self, mention: SourceMention) -> SourceProposal | None:
        if not mention.affiliation or mention.affiliation.casefold() == mention.name.casefold():
            return None
        kind = guess_kind(mention.affiliation)
        if kind in (SourceKind.PERSON, SourceKind.UNIDENTIFIED):
            kind = SourceKind.ORGANIZATION
        return self.source(SourceMention(mention.affiliation, kind))

    def _stored(self, source_id: int) -> StoredSource:
        assert self.session is not None
        row = self.session.execute(select(Source.id, Source.key, Source.name).where(Source.id == source_id)).one()
        return StoredSource(row.id, row.key, row.name)

    def _stored_by_key(self, key: str) -> StoredSource | None:
        if self.session is None:
            return None
        row = self.session.execute(select(Source.id, Source.key, Source.name).where(Source.key == key)).first()
        return StoredSource(row.id, row.key, row.name) if row is not None else None

    def _free_key(self, base: str) -> str:
        """``base``, or ``base-2``... when the database or this plan already uses it."""
        candidate, counter = base, 2
        while candidate in self.taken_keys or self._stored_by_key(candidate) is not None:
            candidate, counter = f"{base}-{counter}", counter + 1
        self.taken_keys.add(candidate)
        return candidate


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def named_by_reviewer(plan: IntakePlan, proposal: SourceProposal, name: str) -> SourceProposal:
    """A new source the reviewer named for the article's words: a key of this document's own,
    so it never lands on a stored source's key (an import would update that source)."""
    mention = SourceMention(name, proposal.mention.kind, proposal.mention.role, proposal.mention.affiliation, proposal.mention.speaks_for)
    return SourceProposal(mention, "new", new_key=f"src-{slugify(name, 50)}-{_digest(plan.document.key, name)}", affiliation=proposal.affiliation)


def proposals_needing_choice(plan: IntakePlan) -> Iterable[SourceProposal]:
    """The sources a reviewer must settle before their attributions can be stored."""
    return (proposal for proposal in plan.sources if proposal.outcome in ("ambiguous", "unnamed"))
