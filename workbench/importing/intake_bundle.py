"""A reviewed intake plan as an interchange document (docs/interchange-format.md).

The same document is printed by ``workbench intake --json`` (for a script to review, or to
pipe into ``workbench import -``) and stored by ``--accept-all`` and the review screen, so the
three agree on what an article becomes:

- the document, with its full text (quotes are anchored in it), unless stored with that text;
- new sources, with their kind guess, role and affiliation; stored ones by key;
- each accepted claim with its attributions: source, stance, mode, the quote and its span,
  the relay, the observation date (the document's date, for silences too), and how firmly
  the source puts it (the certainty intake detected, stored as inferred from the wording,
  or the one the reviewer set); a forecast claim is a plan;
- each accepted silence as an attribution on every claim the reviewer said it concerns.

What cannot be stored without a choice is left out and listed in ``skipped``: an attribution
whose source is ambiguous (never guessed) or whose outlet is unknown, a silence that concerns
no accepted claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from workbench.formats.interchange import FORMAT_NAME, FORMAT_VERSION
from workbench.importing.intake_plan import ClaimMatch, IntakePlan, ProposedAttribution, ProposedClaim, SourceProposal
from workbench.vocabulary import Certainty, ClaimKind, Stance

State = Literal["pending", "accepted", "rejected"]
FORECAST_TAG = "forecast"
# Version 2 of the interchange format carries a claim's kind and each attribution's certainty
# (and whether it was inferred); version 1 refuses fields it does not know, so a version-1
# document says them only in the note, and ``commit_intake`` stores them from the bundle.
CARRIES_CERTAINTY = FORMAT_VERSION >= 2


@dataclass
class ClaimDecision:
    """What the reviewer made of one candidate claim."""

    state: State = "pending"
    text: str | None = None  # edited wording (None: as proposed)
    merge_into: ClaimMatch | None = None  # its attributions join this stored claim


@dataclass
class SilenceDecision:
    state: State = "pending"
    claims: set[int] = field(default_factory=set)  # the candidate claims it concerns


@dataclass
class Decisions:
    """The reviewer's decisions on a plan; sources chosen by hand replace the proposals by name."""

    claims: dict[int, ClaimDecision] = field(default_factory=dict)
    silences: dict[int, SilenceDecision] = field(default_factory=dict)
    sources: dict[str, SourceProposal] = field(default_factory=dict)  # mention name, casefolded
    # Certainties the reviewer set, by (candidate claim index, attribution position in it);
    # the others are as intake detected them, stored as inferred from the wording.
    certainties: dict[tuple[int, int], Certainty] = field(default_factory=dict)

    @classmethod
    def undecided(cls, plan: IntakePlan) -> Decisions:
        """Everything new pending, each silence set to the claims it is suggested for."""
        return cls(
            claims={c.index: ClaimDecision() for c in plan.claims if not c.is_stored},
            silences={s.index: SilenceDecision(claims=set(s.applies_to)) for s in plan.silences if not s.is_stored},
        )

    @classmethod
    def accept_all(cls, plan: IntakePlan) -> Decisions:
        """Everything new accepted as proposed (``--json``, ``--accept-all``)."""
        decisions = cls.undecided(plan)
        for claim in decisions.claims.values():
            claim.state = "accepted"
        for silence in decisions.silences.values():
            silence.state = "accepted"
        return decisions

    def source_for(self, proposal: SourceProposal) -> SourceProposal:
        return self.sources.get(proposal.mention.name.casefold(), proposal)

    def claim_text(self, claim: ProposedClaim) -> str:
        decision = self.claims.get(claim.index)
        return decision.text if decision is not None and decision.text else claim.text

    def certainty(self, claim: ProposedClaim, position: int) -> tuple[Certainty, bool]:
        """How firmly the claim's attribution at ``position`` puts it, and whether that is inferred.

        What intake detected is inferred from the wording (the explanation says so, for the
        reviewer to check); a certainty the reviewer set is the desk's own.
        """
        chosen = self.certainties.get((claim.index, position))
        if chosen is not None:
            return chosen, False
        candidate = claim.attributions[position].candidate
        return candidate.certainty, not candidate.stance.is_silence

    def accepted(self, plan: IntakePlan) -> list[ProposedClaim]:
        return [c for c in plan.claims if (d := self.claims.get(c.index)) is not None and d.state == "accepted"]


@dataclass(frozen=True)
class Bundle:
    """The interchange document, what had to be left out, and the claims that join stored ones."""

    data: dict[str, Any]
    skipped: tuple[str, ...]
    joins: dict[str, ClaimMatch]  # claim key in ``data`` -> the stored claim it adds attributions to
    # What version 1 of the interchange format cannot carry, for ``commit_intake`` to store:
    # each attribution's certainty (and whether inferred) by (claim key, source key, stance,
    # quote), and each new claim's kind by its key.
    certainties: dict[tuple[str, str, str, str | None], tuple[str, bool]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.data["claims"]


def build_bundle(plan: IntakePlan, decisions: Decisions) -> Bundle:
    """The interchange document for what the reviewer accepted (see the module docstring)."""
    return _BundleBuilder(plan, decisions).build()


class _BundleBuilder:
    def __init__(self, plan: IntakePlan, decisions: Decisions) -> None:
        self.plan = plan
        self.decisions = decisions
        self.sources: dict[str, dict[str, Any]] = {}
        self.skipped: list[str] = []
        self.joins: dict[str, ClaimMatch] = {}
        self.attributions: dict[int, list[dict[str, Any]]] = {}  # candidate claim index -> its records
        self.certainties: dict[int, tuple[str, bool]] = {}  # id() of a record -> its certainty

    def build(self) -> Bundle:
        accepted = self.decisions.accepted(self.plan)
        for claim in accepted:
            self.attributions[claim.index] = []
            for position, proposed in enumerate(claim.attributions):
                record = self._attribution(proposed, claim.index) if proposed.stored_id is None else None
                if record is not None:
                    certainty, inferred = self.decisions.certainty(claim, position)
                    self.certainties[id(record)] = (certainty.value, inferred)
                    self.attributions[claim.index].append(record)
        for silence in self.plan.silences:
            decision = self.decisions.silences.get(silence.index)
            if silence.is_stored or decision is None or decision.state != "accepted":
                continue
            targets = [index for index in sorted(decision.claims) if index in self.attributions]
            if not targets:
                self.skipped.append(f"{silence.attribution.source.mention.name} {_stance_words(silence.attribution)}: concerns no accepted claim")
            for index in targets:
                record = self._attribution(silence.attribution, index)
                if record is not None:
                    self.attributions[index].append(record)
        claims = [record for claim in accepted if (record := self._claim(claim)) is not None]
        documents = [] if self.plan.document.same_text or not claims else [self._document()]
        data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
        data["sources"] = list(self.sources.values())  # after the document: its outlet may be new
        data["documents"] = documents
        data["claims"] = claims
        certainties = {
            (claim["key"], a["source"], a["stance"], a.get("quote")): self.certainties.get(id(a), (Certainty.STATED.value, False))
            for claim in claims
            for a in claim["attributions"]
        }
        kinds = {claim.key: claim.kind.value for claim in accepted if claim.key not in self.joins and claim.stored_claim is None}
        if CARRIES_CERTAINTY:
            for claim_record in claims:
                if claim_record["key"] in kinds:
                    claim_record["kind"] = kinds[claim_record["key"]]
                for a in claim_record["attributions"]:
                    a["certainty"], a["certainty_inferred"] = certainties[(claim_record["key"], a["source"], a["stance"], a.get("quote"))]
        return Bundle(data, tuple(self.skipped), self.joins, certainties, kinds)

    def _claim(self, claim: ProposedClaim) -> dict[str, Any] | None:
        attributions = _unique(self.attributions.get(claim.index, []))
        if not attributions:
            return None
        decision = self.decisions.claims[claim.index]
        joined = decision.merge_into or claim.stored_claim
        if joined is not None:
            self.joins[joined.key] = joined
            record: dict[str, Any] = {"key": joined.key, "text": joined.text, "verdict": joined.verdict or "unreviewed"}
            record["tags"] = list(joined.tags)
            if joined.place:
                record["place"] = joined.place
            if joined.event_date:
                record["event_date"] = joined.event_date.isoformat()
            return record | {"attributions": attributions}
        record = {"key": claim.key, "text": self.decisions.claim_text(claim)}
        if claim.kind is ClaimKind.PLAN:
            record["tags"] = [FORECAST_TAG]
        return record | {"attributions": attributions}

    def _attribution(self, proposed: ProposedAttribution, claim_index: int) -> dict[str, Any] | None:
        candidate = proposed.candidate
        source_key = self._source_key(self.decisions.source_for(proposed.source), proposed)
        if source_key is None:
            return None
        record: dict[str, Any] = {
            "source": source_key,
            "stance": candidate.stance.value,
            "mode": candidate.mode.value,
            "document": self.plan.document.key,
            "quote": candidate.quote,
            "span": [candidate.quote_span.start, candidate.quote_span.end],
            # Detected from the article's wording: stored as inferred, so a reviewer checks it.
            "certainty": candidate.certainty.value,
            "certainty_inferred": not candidate.stance.is_silence,
        }
        if proposed.relay is not None:
            relay_key = self._source_key(self.decisions.source_for(proposed.relay), proposed)
            if relay_key is not None:
                record["relayed_via"] = relay_key
        if candidate.observed_on is not None:
            record["as_of"] = candidate.observed_on.isoformat()
        record["note"] = _note(proposed)
        return record

    def _source_key(self, proposal: SourceProposal, proposed: ProposedAttribution) -> str | None:
        if proposal.outcome in ("ambiguous", "unnamed"):
            self.skipped.append(f"{proposal.label}: {_stance_words(proposed)} {proposed.candidate.quote[:60]!r} not stored")
            return None
        if proposal.outcome == "new":
            self._add_source(proposal)
        return proposal.key

    def _add_source(self, proposal: SourceProposal) -> None:
        if proposal.new_key in self.sources:
            return
        mention = proposal.mention
        record: dict[str, Any] = {"key": proposal.new_key, "name": mention.name, "kind": mention.kind.value}
        if mention.role:
            record["role"] = mention.role
        affiliation = self.decisions.source_for(proposal.affiliation) if proposal.affiliation is not None else None
        if affiliation is not None and affiliation.outcome in ("stored", "new"):
            if affiliation.outcome == "new":
                self._add_source(affiliation)  # listed first: what it belongs to
            record["affiliation"] = affiliation.key
        self.sources[proposal.new_key] = record

    def _document(self) -> dict[str, Any]:
        article = self.plan.intake.article
        record: dict[str, Any] = {"key": self.plan.document.key, "title": article.title or _fallback_title(self.plan)}
        outlet = self.decisions.source_for(self.plan.document.outlet) if self.plan.document.outlet is not None else None
        if outlet is not None and outlet.outcome in ("stored", "new"):
            if outlet.outcome == "new":
                self._add_source(outlet)
            record["outlet"] = outlet.key
        for name, value in (("byline", article.byline), ("place", article.dateline), ("url", article.url)):
            if value:
                record[name] = value
        if article.published is not None:
            record["published_at"] = article.published.isoformat()  # a date, kept as a date
        record["text"] = article.text
        return record


def _unique(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per (source, stance, quote): the same words found twice are one attribution."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for record in records:
        identity = (record["source"], record["stance"], record["quote"])
        if identity not in seen:
            seen.add(identity)
            out.append(record)
    return out


def _note(proposed: ProposedAttribution) -> str:
    candidate = proposed.candidate
    note = f"found by intake ({candidate.formula})" if candidate.formula else "found by intake"
    if candidate.certainty is not Certainty.STATED:
        cues = ", ".join(repr(cue.cue) for cue in candidate.certainty_cues[:3])
        note += f"; {candidate.certainty.value}" + (f": {cues}" if cues else "")
    return note


def _stance_words(proposed: ProposedAttribution) -> str:
    stance = proposed.candidate.stance
    return "no statement" if stance is Stance.NO_STATEMENT else stance.value.replace("_", " ")


def _fallback_title(plan: IntakePlan) -> str:
    article = plan.intake.article
    first = " ".join(article.text.split()[:12])
    return f"{first}…" if len(article.text.split()) > 12 else first
