"""A claim's dossier: its whole case, built once, ready for every reader to lay out.

Besides the explanation it carries the reporting chains as trees (``corroboration.tree``),
the flags beside the status and the status timeline, so the CLI, the TUI and the case file
draw the same chains and tell the same history; with ``as_of`` the status is the one the
evidence observed by that date gives.

``claims show`` (plain text), the TUI's detail pane (Rich ``Text``) and the case file
(Markdown) all render the ``ClaimDossier`` built here. What a dossier says (the order of the
stances, the words for a mode, a grade, a relation or a review action, what changed in an
event) is decided in this module only; each renderer decides the layout and makes stored
text safe its own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from workbench.corroboration import assess, reporting_chains, status_timeline, timeline_text, tree_lines, wording
from workbench.dates import day_of
from workbench.records import (
    AttributionRecord,
    AttributionView,
    ClaimDossier,
    DocumentView,
    HistoryEntry,
    LinkRecord,
    LinkView,
    ReviewEventRecord,
    StanceGroup,
)
from workbench.review import audit, status
from workbench.review.record_builders import attribution_records, claim_summaries, link_records
from workbench.review.references import find_claim
from workbench.vocabulary import (
    CREDIBILITY_LABELS,
    AffiliationKind,
    Certainty,
    ClaimKind,
    LinkRelation,
    Mode,
    Reliability,
    SourceKind,
    Stance,
    choices,
    label,
)

# How the history names each action; an action not listed shows as its own name, in words.
ACTION_LABELS = {
    "claim_added": "claim added",
    "claim_updated": "claim updated",
    "verdict_set": "verdict set",
    "note_added": "note",
    "note_retracted": "note retracted",
    "attribution_added": "attribution added",
    "attribution_updated": "attribution updated",
    "attribution_removed": "attribution removed",
    "attribution_restored": "attribution restored",
    "certainty_set": "certainty set",
    "claim_kind_set": "kind set",
    "link_added": "link added",
    "link_removed": "link removed",
    "claim_merged": "duplicate merged in",
    "merged_into": "merged into another claim",
    "claim_unmerged": "restored from a merge",
    "quote_reanchored": "quote looked for in the updated document",
    "quote_wording_accepted": "new wording of a quote accepted",
    "intake_committed": "article taken in",
    "intake_undone": "intake undone",
    "quote_wording_restored": "recorded wording of a quote put back",
    "undo": "undo",
    "claim_taken": "taken",
    "claim_released": "released",
    "claim_taken_over": "taken over",
}
_CHANGES_SHOWN = 4  # fields listed for an update; an import can change many at once


def get_dossier(session: Session, reference: str | int, as_of: date | None = None) -> ClaimDossier:
    """The whole case for one claim: explanation, reporting chains, timeline, attributions by
    stance, links and history; with ``as_of``, the status from the evidence observed by then."""
    claim = find_claim(session, reference)
    evidence = status.load_evidence(session, [claim.id], dated_links=True)[claim.id]
    assessment = assess(evidence, as_of=as_of)
    chains = reporting_chains(assessment)
    timeline = status_timeline(evidence)
    attributions = tuple(attribution_records(session, [claim.id]))
    links = tuple(link_records(session, claim.id))
    history = audit.claim_history(session, claim.id)
    return ClaimDossier(
        claim=claim_summaries(session, [claim])[0],
        assessment=assessment,
        summary=assessment.summary() if as_of is None else f"as of {wording.day(as_of)}: {assessment.summary()}",
        reason=assessment.reason(),
        explanation=tuple(assessment.explanation_lines()),
        attributions=attributions,
        by_stance=stance_groups(attributions),
        links=links,
        linked=tuple(link_view(link) for link in links),
        history=history,
        entries=tuple(history_entry(event) for event in history),
        as_of=as_of,
        kind_label=_words(claim.kind, ClaimKind),
        flags=tuple(assessment.flags()),
        chains=chains,
        chain_lines=tuple(tree_lines(chains)),
        timeline=timeline,
        timeline_text=timeline_text(timeline),
    )


def stance_groups(attributions: Sequence[AttributionRecord]) -> tuple[StanceGroup, ...]:
    """Attributions grouped by stance, in the vocabulary's order (asserts first); empty stances left out."""
    grouped: dict[str, list[AttributionView]] = {}
    for attribution in attributions:
        grouped.setdefault(attribution.stance, []).append(attribution_view(attribution))
    order = [*choices(Stance), *sorted(set(grouped) - set(choices(Stance)))]
    return tuple(
        StanceGroup(stance, _words(stance, Stance).capitalize(), tuple(grouped[stance]))
        for stance in order
        if stance in grouped
    )


def attribution_view(attribution: AttributionRecord) -> AttributionView:
    """An attribution in words. A silence ("no statement", "declined to comment") has no mode
    and no certainty: nothing was said, so neither is shown for it."""
    source = attribution.source
    document = attribution.document
    silence = attribution.stance in (Stance.NO_STATEMENT.value, Stance.DECLINED_TO_COMMENT.value)
    return AttributionView(
        id=attribution.id,
        source_name=source.name,
        source_key=source.key,
        source_kind_label=_words(source.kind, SourceKind),
        role=source.role,
        affiliation=source.affiliation_name,
        grade_label=grade_label(source.reliability),
        credibility_label=credibility_label(attribution.credibility),
        mode_label=None if silence else _words(attribution.mode, Mode),
        as_of=attribution.as_of,
        relayed_via=attribution.relayed_via.name if attribution.relayed_via else None,
        document=DocumentView(
            title=document.title,
            outlet=document.outlet_name,
            byline=document.byline,
            published=day_of(document.published_at),
            url=document.url,
            rewrite_of=document.derived_from_title,
        )
        if document
        else None,
        quote=attribution.quote,
        note=attribution.note,
        quote_flag=attribution.anchor.describe() if attribution.anchor is not None and attribution.anchor.flagged else None,
        anchor_state=attribution.anchor.state if attribution.anchor is not None else None,
        anchor_label=attribution.anchor.describe() if attribution.anchor is not None else None,
        certainty_label=None if silence else certainty_label(attribution.certainty, attribution.certainty_inferred),
        affiliation_kind_label=_words(source.affiliation_kind, AffiliationKind) if source.affiliation_name else None,
    )


def certainty_label(certainty: str, inferred: bool) -> str:
    """``"hedged (inferred from the wording)"``: how firmly the attribution puts the claim.

    An inferred hedge or forecast says so, because it changes what counts and a reviewer
    should check the words; "stated" is what wording without cues gives, and saying
    "inferred" on every plain attribution would bury the ones that matter.
    """
    words = _words(certainty, Certainty)
    return f"{words} (inferred from the wording)" if inferred and certainty != Certainty.STATED.value else words


def link_view(link: LinkRecord) -> LinkView:
    return LinkView(
        relation_label=_words(link.relation, LinkRelation),
        outgoing=link.direction == "outgoing",
        other_claim_id=link.other_claim_id,
        other_claim_text=link.other_claim_text,
        note=link.note,
    )


def history_entry(event: ReviewEventRecord) -> HistoryEntry:
    return HistoryEntry(
        at=event.at,
        reviewer=event.reviewer,
        action=ACTION_LABELS.get(event.action) or event.action.replace("_", " "),
        change=describe_change(event),
        reason=event.reason,
        is_note=event.action == "note_added",
    )


def describe_change(event: ReviewEventRecord) -> str:
    """What an event changed, in a few words; empty when its action and reason say it all."""
    before, after = event.before or {}, event.after or {}
    if event.action == "verdict_set":
        return f"{_value(before.get('verdict'))} → {_value(after.get('verdict'))}"
    if event.action in ("attribution_added", "attribution_removed"):
        snapshot = after or before
        return f"#{event.entity_id} ({_value(snapshot.get('stance'))})"
    if event.action in ("link_added", "link_removed"):
        snapshot = after or before
        return (
            f"#{_value(snapshot.get('from_claim_id'))} {_value(snapshot.get('relation'))}"
            f" #{_value(snapshot.get('to_claim_id'))}"
        )
    if event.action in ("quote_wording_accepted", "quote_wording_restored"):
        return f"#{event.entity_id}: “{_value(before.get('quote'))[:60]}” → “{_value(after.get('quote'))[:60]}”"
    if event.action == "quote_reanchored":
        return f"#{event.entity_id}: {_value(before.get('anchor_state')) or 'not anchored'} → {_value(after.get('anchor_state')) or 'not anchored'}"
    if event.action == "claim_merged":
        return f"(claim #{_value(before.get('id'))})"
    if event.action == "merged_into":
        return f"claim #{_value(after.get('kept_id'))}"
    if before and after:  # an update (an import's, say): the fields it changed
        changed = [name for name in after if before.get(name) != after.get(name)]
        return "; ".join(
            f"{name}: {_field(before.get(name))} → {_field(after.get(name))}" for name in changed[:_CHANGES_SHOWN]
        )
    return ""


def grade_label(grade: str) -> str:
    """``"B (usually reliable)"``: the Admiralty grade with its meaning."""
    try:
        return f"{grade} ({Reliability(grade).label})"
    except ValueError:
        return "unknown grade"


def credibility_label(credibility: int) -> str:
    """``"2 (probably true)"``: the Admiralty information credibility with its meaning."""
    return f"{credibility} ({CREDIBILITY_LABELS.get(credibility, '?')})"


def _words(value: str, vocabulary: type[StrEnum]) -> str:
    """A vocabulary value in words ("own_observation" → "own observation"), from ``vocabulary.label``.

    Only known values are turned into words: labels are the workbench's own text, so a
    renderer may show them without escaping. The CHECK constraints keep anything else out
    of the database.
    """
    return label(value, vocabulary)


def _value(value: Any) -> str:
    return "" if value is None else str(value)


def _field(value: Any) -> str:
    """A logged field's value in an update: "(none)" for nothing, a list as its items."""
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)

