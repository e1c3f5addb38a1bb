"""The intake screen's candidates: one line each in a list, the whole candidate in a detail pane.

A candidate is a proposed claim or silence that is not stored yet. Its line shows what the
reviewer decided (· pending, ✓ accepted, ✗ rejected, ⇢ merged into a stored claim) and a
"?" while one of its sources needs choosing. Everything shown from the article or the
database is sanitised and rendered as ``Text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text

from workbench.importing.intake_bundle import Decisions
from workbench.importing.intake_plan import IntakePlan, ProposedAttribution, ProposedClaim, ProposedSilence, SourceProposal
from workbench.intake.model import Span
from workbench.tui.sanitize import sanitize
from workbench.vocabulary import Certainty

_MARKS = {"pending": "·", "accepted": "✓", "rejected": "✗"}


@dataclass(frozen=True)
class Candidate:
    """One line of the list: a claim (``claim``) or a silence (``silence``) of the plan."""

    claim: ProposedClaim | None = None
    silence: ProposedSilence | None = None

    @property
    def key(self) -> str:
        return f"claim-{self.claim.index}" if self.claim is not None else f"silence-{self.silence.index}"  # type: ignore[union-attr]  # one of the two is set

    @property
    def attributions(self) -> tuple[ProposedAttribution, ...]:
        if self.claim is not None:
            return self.claim.attributions
        assert self.silence is not None
        return (self.silence.attribution,)

    def spans(self) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        """Its quotes' spans and its formulas' spans, for the article view."""
        fresh = [a for a in self.attributions if a.stored_id is None]
        return tuple(a.candidate.quote_span for a in fresh), tuple(a.candidate.frame_span for a in fresh)


def candidates(plan: IntakePlan) -> list[Candidate]:
    """What the reviewer decides on: the claims and silences not stored yet, in article order."""
    found = [Candidate(claim=c) for c in plan.claims if not c.is_stored]
    found += [Candidate(silence=s) for s in plan.silences if not s.is_stored]
    return sorted(found, key=lambda c: min(a.candidate.quote_span.start for a in c.attributions))


@dataclass(frozen=True)
class CertaintyRow:
    """One statement of a candidate claim, as the certainty dialog offers it."""

    position: int  # in the candidate's attributions
    label: str  # "Governor Lena Hart asserts: “the bridge will reopen”" (article text)
    certainty: Certainty  # as it would be stored now
    detected: Certainty  # what intake read in the wording
    cues: tuple[str, ...]


def certainty_rows(candidate: Candidate, decisions: Decisions) -> list[CertaintyRow]:
    """The candidate claim's new statements, each with its certainty (a silence has none)."""
    claim = candidate.claim
    if claim is None:
        return []
    rows = []
    for position, attribution in enumerate(claim.attributions):
        found = attribution.candidate
        if attribution.stored_id is not None or found.stance.is_silence:
            continue
        source = decisions.source_for(attribution.source).mention.name
        quote = found.quote if len(found.quote) <= 80 else found.quote[:79] + "…"
        label = f"{source} {found.stance.value.replace('_', ' ')}: “{quote}”"
        current = decisions.certainty(claim, position)[0]
        rows.append(CertaintyRow(position, label, current, found.certainty, tuple(cue.cue for cue in found.certainty_cues[:3])))
    return rows


def needs_source(candidate: Candidate, decisions: Decisions) -> bool:
    return any(decisions.source_for(a.source).outcome in ("ambiguous", "unnamed") for a in candidate.attributions if a.stored_id is None)


def line(candidate: Candidate, decisions: Decisions, width: int = 200) -> Text:
    """The candidate's line in the list."""
    if candidate.claim is not None:
        decision = decisions.claims[candidate.claim.index]
        mark = f"⇢#{decision.merge_into.claim_id}" if decision.merge_into is not None and decision.state == "accepted" else _MARKS[decision.state]
        body = decisions.claim_text(candidate.claim)
        label = f"#{candidate.claim.index} "
    else:
        assert candidate.silence is not None
        silence_decision = decisions.silences[candidate.silence.index]
        mark = _MARKS[silence_decision.state]
        attribution = candidate.silence.attribution
        body = f"{attribution.candidate.stance.value.replace('_', ' ')}: {decisions.source_for(attribution.source).mention.name}"
        label = "silence "
    out = Text.assemble((f"{mark} ", "bold"), ("? " if needs_source(candidate, decisions) else "", "bold"), (label, "dim"))
    out.append(sanitize(body))
    out.truncate(width, overflow="ellipsis")
    return out


def detail(candidate: Candidate, decisions: Decisions, plan: IntakePlan) -> Group:
    """Everything about the candidate under the cursor."""
    parts: list[Text] = []
    if candidate.claim is not None:
        claim = candidate.claim
        decision = decisions.claims[claim.index]
        state = decision.state + (f", merged into #{decision.merge_into.claim_id}" if decision.merge_into and decision.state == "accepted" else "")
        parts.append(Text.assemble((f"Claim #{claim.index} ", "bold"), (f"({state}{', edited' if decision.text else ''})", "dim")))
        parts.append(Text(sanitize(decisions.claim_text(claim), multiline=True), style="bold"))
        if claim.kind.value == "plan":
            parts.append(Text("a forecast: stored as a plan (forecasts confirm it), with the tag 'forecast'", style="dim"))
        for position, attribution in enumerate(claim.attributions):
            parts.extend(_attribution(attribution, decisions, decisions.certainty(claim, position)))
        if decision.merge_into is not None:
            parts.append(Text.assemble(("Merged into ", "bold"), f"#{decision.merge_into.claim_id} ", sanitize(decision.merge_into.text)))
        if claim.matches:
            parts.append(Text("Stored claims it may duplicate (m to merge):", style="bold"))
            for match in claim.matches:
                parts.append(Text(f"  #{match.claim_id} {match.decision} ({match.score:.0f}): {sanitize(match.text)}"))
                if match.conflicts:
                    parts.append(Text("    conflicting details: " + "; ".join(sanitize(c) for c in match.conflicts), style="bold"))
    else:
        assert candidate.silence is not None
        silence = candidate.silence
        chosen = decisions.silences[silence.index]
        parts.append(Text.assemble(("Silence ", "bold"), (f"({chosen.state})", "dim")))
        parts.extend(_attribution(silence.attribution, decisions))
        parts.append(Text(f"about: {sanitize(silence.topic) if silence.topic else '(not said)'}"))
        texts = {c.index: decisions.claim_text(c) for c in plan.claims}
        parts.append(Text("Concerns (c to choose):", style="bold"))
        for index in sorted(chosen.claims):
            parts.append(Text(f"  #{index} {sanitize(texts.get(index, ''))}"))
        if not chosen.claims:
            parts.append(Text("  no claim chosen: it would not be stored", style="bold"))
    return Group(*parts)


def _attribution(attribution: ProposedAttribution, decisions: Decisions, certainty: tuple[Certainty, bool] | None = None) -> list[Text]:
    candidate = attribution.candidate
    source = decisions.source_for(attribution.source)
    how = [candidate.mode.value.replace("_", " ")]
    if not candidate.stance.is_silence:
        chosen, inferred = certainty or (candidate.certainty, True)
        cues = ", ".join(sanitize(cue.cue) for cue in candidate.certainty_cues[:3])
        if inferred:
            how.append(chosen.value + (f" (inferred: {cues})" if cues else " (inferred)") + " · h to change")
        else:
            how.append(f"{chosen.value} (set by you)")
    if attribution.relay is not None:
        how.append("relayed via " + sanitize(decisions.source_for(attribution.relay).label))
    if candidate.observed_on is not None:
        how.append(f"as of {candidate.observed_on.isoformat()}")
    lines = [
        Text.assemble(
            ("• ", "bold"),
            _source(source),
            f" {candidate.stance.value.replace('_', ' ')}",
            (" · " + " · ".join(how), "dim"),
            (" (stored)" if attribution.stored_id is not None else "", "dim"),
        ),
        Text("  “" + sanitize(candidate.quote, multiline=True) + "”", style="italic"),
    ]
    mention = source.mention
    about = [f"role: {sanitize(mention.role)}" if mention.role else "", f"affiliation: {sanitize(mention.affiliation)}" if mention.affiliation else ""]
    if any(about):
        lines.append(Text("  " + "; ".join(a for a in about if a), style="dim"))
    return lines


def _source(source: SourceProposal) -> Text:
    if source.outcome == "ambiguous":
        return Text(sanitize(source.label) + " — o to choose", style="bold reverse")
    if source.outcome == "unnamed":
        return Text(sanitize(source.label) + " — o to name it", style="bold reverse")
    return Text(sanitize(source.label), style="bold")
