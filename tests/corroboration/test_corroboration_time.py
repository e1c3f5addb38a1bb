"""Issue 13, certainty, time and links: for each rule, the smallest world where it changes the
status (or the flags beside it), with the words of the explanation."""

from __future__ import annotations

from chain_world import D24, D26, D27, D28, DN, NS, OUTLET, ChainWorld, assert_order_free

from workbench.corroboration import (
    NodeKind,
    NotCounted,
    RelatedClaim,
    assess,
    reporting_chains,
    status_timeline,
    timeline_text,
    tree_lines,
)
from workbench.vocabulary import Certainty, ClaimKind, Mode, Reliability, Status

B = Reliability.B
HEDGED, FORECAST = Certainty.HEDGED, Certainty.FORECAST


def _two_outlets(second: Certainty, inferred: bool = False) -> ChainWorld:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    reuters = world.source("Reuters", B, kind=OUTLET)
    world.says(ap, mode=Mode.OWN_OBSERVATION)
    world.says(reuters, certainty=second, inferred=inferred)
    return world


# -- certainty ------------------------------------------------------------------------------


def test_a_hedged_attribution_does_not_confirm_an_event() -> None:
    assert assess(_two_outlets(Certainty.STATED).evidence()).status is Status.CORROBORATED
    result = assess(_two_outlets(HEDGED, inferred=True).evidence())
    assert result.status is Status.SINGLE_SOURCE
    assert result.uncounted[0].why is NotCounted.HEDGED
    assert (
        "  - #2 Reuters (asserts): hedged (may, reportedly, unconfirmed): only a stated attribution confirms an event; "
        "certainty inferred from the wording" in result.explanation_lines()
    )


def test_a_forecast_does_not_confirm_an_event() -> None:
    result = assess(_two_outlets(FORECAST).evidence())
    assert result.status is Status.SINGLE_SOURCE
    assert result.uncounted[0].why is NotCounted.FORECAST
    assert result.uncounted[0].reason == (
        "a forecast (will, is expected to): only a stated attribution confirms an event; forecasts count only for a plan"
    )


def test_a_forecast_confirms_a_plan_and_a_hedge_still_does_not() -> None:
    assert assess(_two_outlets(FORECAST).evidence(kind=ClaimKind.PLAN)).status is Status.CORROBORATED
    result = assess(_two_outlets(HEDGED).evidence(kind=ClaimKind.PLAN))
    assert result.status is Status.SINGLE_SOURCE
    assert result.uncounted[0].reason == (
        "hedged (may, reportedly, unconfirmed): a plan is confirmed only by a stated or forecast attribution"
    )


def test_a_hedged_statement_does_not_end_a_silence() -> None:
    world = ChainWorld()
    russia = world.source("Russian government")
    world.says(russia, NS, as_of=D27)
    world.says(russia, DN, as_of=D28, certainty=HEDGED)
    result = assess(world.evidence())
    assert (result.status, result.awaiting_text()) == (Status.UNSOURCED, "Russian government (as of 2026-01-27)")


# -- status as of a date, and the timeline ---------------------------------------------------


def _arriving() -> ChainWorld:
    """Unsourced until 26 Jan; AP's story on 26 Jan (dated by its document); Reuters on 27 Jan."""
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    reuters = world.source("Reuters", B, kind=OUTLET)
    russia = world.source("Russian government")
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=world.document("AP report", outlet=ap, published=D26))
    world.says(reuters, mode=Mode.OWN_OBSERVATION, as_of=D27)
    world.says(russia, NS, as_of=D27)
    return world


def test_status_as_of_a_date_uses_only_what_was_observed_by_then() -> None:
    evidence = _arriving().evidence()
    assert assess(evidence).status is Status.CORROBORATED
    earlier = assess(evidence, as_of=D26)
    assert (earlier.status, earlier.awaiting, earlier.left_out) == (Status.SINGLE_SOURCE, (), 2)
    assert earlier.explanation_lines()[:2] == [
        "Status as of 26 Jan 2026: single_source. One independent origin asserts it; none denies it.",
        "Left out: 2 attributions observed after that date.",
    ]
    assert assess(evidence, as_of=D24).status is Status.UNSOURCED


def test_the_timeline_reads_from_the_dates_of_the_evidence() -> None:
    changes = status_timeline(_arriving().evidence())
    assert [(c.since, c.status) for c in changes] == [
        (None, Status.UNSOURCED),
        (D26, Status.SINGLE_SOURCE),
        (D27, Status.CORROBORATED),
    ]
    assert timeline_text(changes) == (
        "unsourced until 26 Jan 2026; single_source from 26 Jan 2026; corroborated from 27 Jan 2026"
    )


def test_undated_evidence_counts_from_the_start() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    world.says(ap)
    assert timeline_text(status_timeline(world.evidence())) == "single_source"
    assert assess(world.evidence(), as_of=D24).status is Status.SINGLE_SOURCE


# -- links: superseded and disputed ----------------------------------------------------------

FIFTEEN_DAYS = RelatedClaim(7, "claim-ceasefire-15-days", asserting_origins=2, since=D26)


def _one_month() -> ChainWorld:
    world = ChainWorld()
    reuters = world.source("Reuters", B, kind=OUTLET)
    world.says(reuters, as_of=D24)
    return world


def test_a_superseded_claim_is_flagged_beside_an_unchanged_status() -> None:
    result = assess(_one_month().evidence(superseded_by=[FIFTEEN_DAYS]))
    assert result.status is Status.SINGLE_SOURCE
    assert result.summary() == "single_source · superseded by claim-ceasefire-15-days"
    assert result.explanation_lines()[1] == (
        "Superseded by claim-ceasefire-15-days: a later, more authoritative account replaces this claim."
    )
    assert assess(_one_month().evidence(superseded_by=[FIFTEEN_DAYS]), as_of=D24).superseded_by == ()


def test_a_contradicting_claim_disputes_only_with_counted_origins_behind_it() -> None:
    unsupported = RelatedClaim(8, "claim-no-extension", asserting_origins=0)
    assert assess(_one_month().evidence(contradicted_by=[unsupported])).disputed_by == ()
    result = assess(_one_month().evidence(contradicted_by=[FIFTEEN_DAYS]))
    assert result.summary() == "single_source · disputed by claim-ceasefire-15-days"
    assert "Disputed by claim-ceasefire-15-days: 2 independent origins assert a contradicting claim." in (
        result.explanation_lines()
    )
    changes = status_timeline(_one_month().evidence(contradicted_by=[FIFTEEN_DAYS]))
    assert timeline_text(changes) == (
        "unsourced until 24 Jan 2026; single_source from 24 Jan 2026; "
        "single_source · disputed by claim-ceasefire-15-days from 26 Jan 2026"
    )


# -- the chains as a tree --------------------------------------------------------------------


def test_the_tree_shows_origin_relays_documents_rewrites_and_what_was_not_counted() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    paper = world.source("Local Paper", kind=OUTLET)
    blog = world.source("Blog site", kind=OUTLET)
    troll = world.source("Troll account", Reliability.E)
    report = world.document("AP report", outlet=ap)
    copy = world.document("Blog copy", outlet=blog, copy_of=report)
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=report)
    world.says(ap, document=world.document("Local story", outlet=paper), via=paper)
    world.says(blog, document=copy)
    world.says(blog, DN, document=copy)
    world.says(troll)
    evidence = world.evidence()
    trees = reporting_chains(assess(evidence))
    assert [t.kind for t in trees] == [NodeKind.ORIGIN, NodeKind.NOT_COUNTED]
    lines = tree_lines(trees)
    assert lines == [
        "Associated Press (asserts)",
        "├─ “AP report”",
        "│  ├─ #1 Associated Press asserts",
        "│  └─ rewrite “Blog copy”",
        "│     ├─ #3 Blog site asserts",
        "│     └─ #4 Blog site denies ✗ garbled copy: “Blog copy” has Blog site denying it, but the original "
        "“AP report” has Associated Press asserting it; a copy adds no evidence and changes no stance",
        "└─ passed on by Local Paper",
        "   └─ “Local story”",
        "      └─ #2 Associated Press asserts",
        "Not counted",
        "└─ #5 Troll account asserts ✗ Troll account is graded E (unreliable)",
    ]
    assert_order_free(evidence)


def test_a_chain_with_nothing_counted_is_drawn_as_not_counted() -> None:
    trees = reporting_chains(assess(_two_outlets(HEDGED).evidence()))
    assert [(t.label, t.counted) for t in trees] == [("Associated Press (asserts)", True), ("Reuters", False)]
    assert tree_lines(trees)[-2:] == [
        "Reuters ✗ not counted: nothing it carries counts",
        "└─ #2 Reuters asserts (hedged) ✗ hedged (may, reportedly, unconfirmed): only a stated attribution confirms an event",
    ]
