"""The corroboration rules, table-driven over ``assess(Evidence(...))``.

Pure: no database. One small world of sources and documents (below) is shared by every
case; each case lists attributions and the status, counted origins and awaited parties the
rules must produce. Ids are the ``SRC_*`` / ``DOC_*`` constants so a row reads as a sentence.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

import pytest

from workbench.corroboration import (
    AttributionFacts,
    Collapse,
    DocumentFacts,
    Evidence,
    SourceFacts,
    assess,
    status_of,
)
from workbench.vocabulary import Mode, Reliability, Stance, Status

# -- the world ------------------------------------------------------------------------------

AP, SDF, FIGHTERS, AHMED, RUSSIA, SYRIA, MOD = 1, 2, 3, 4, 5, 6, 7
REUTERS, SYRIAN_SOURCES, TROLL = 8, 9, 10
UNIT, BRIGADE = 11, 12  # Unit -> Brigade -> SDF
FRONT, SHADOW = 13, 14  # Front -> Shadow (graded E)
CYCLE_A, CYCLE_B = 15, 16  # affiliated with each other
LOCAL_PAPER, BLOGGER = 17, 18
RELAY_A, RELAY_B, RELAY_C = 19, 20, 21
SELF_LOOP = 22  # affiliated with itself
E_RELAYER = 23  # a relayer graded E
LOOP_TAIL, LOOP_Y, LOOP_Z = 24, 25, 26  # Tail -> Y -> Z -> Y

SOURCES = {
    s.id: s
    for s in [
        SourceFacts(AP, "Associated Press", Reliability.B),
        SourceFacts(SDF, "Syrian Democratic Forces", Reliability.C),
        SourceFacts(FIGHTERS, "SDF fighters at the base", Reliability.F, SDF),
        SourceFacts(AHMED, "Ahmed Ali", Reliability.F, SDF),
        SourceFacts(RUSSIA, "Russian government", Reliability.F),
        SourceFacts(SYRIA, "Syrian government", Reliability.C),
        SourceFacts(MOD, "Syrian Ministry of Defense", Reliability.C, SYRIA),
        SourceFacts(REUTERS, "Reuters", Reliability.B),
        SourceFacts(SYRIAN_SOURCES, "Five Syrian sources", Reliability.F),
        SourceFacts(TROLL, "Troll account", Reliability.E),
        SourceFacts(UNIT, "Unit 7", Reliability.F, BRIGADE),
        SourceFacts(BRIGADE, "Brigade 3", Reliability.D, SDF),
        SourceFacts(FRONT, "Front group", Reliability.C, SHADOW),
        SourceFacts(SHADOW, "Shadow organisation", Reliability.E),
        SourceFacts(CYCLE_A, "Cycle A", Reliability.C, CYCLE_B),
        SourceFacts(CYCLE_B, "Cycle B", Reliability.C, CYCLE_A),
        SourceFacts(LOCAL_PAPER, "Local Paper", Reliability.C),
        SourceFacts(BLOGGER, "Blogger", Reliability.F),
        SourceFacts(RELAY_A, "Relayer A", Reliability.C),
        SourceFacts(RELAY_B, "Relayer B", Reliability.C),
        SourceFacts(RELAY_C, "Maker C", Reliability.C),
        SourceFacts(SELF_LOOP, "Self-affiliated", Reliability.C, SELF_LOOP),
        SourceFacts(E_RELAYER, "Rumour mill", Reliability.E),
        SourceFacts(LOOP_TAIL, "Loop tail", Reliability.C, LOOP_Y),
        SourceFacts(LOOP_Y, "Loop Y", Reliability.C, LOOP_Z),
        SourceFacts(LOOP_Z, "Loop Z", Reliability.C, LOOP_Y),
    ]
}

AP_REPORT, REWRITE, REWRITE_OF_REWRITE = 100, 101, 102
NO_OUTLET, REWRITE_OF_NO_OUTLET = 103, 104
LOOP_1, LOOP_2 = 105, 106
TROLL_POST, REWRITE_OF_TROLL = 107, 108
AP_SECOND = 109  # another original AP document

DOCUMENTS = {
    d.id: d
    for d in [
        DocumentFacts(AP_REPORT, "AP report", outlet_id=AP),
        DocumentFacts(REWRITE, "Local rewrite", outlet_id=LOCAL_PAPER, derived_from_id=AP_REPORT),
        DocumentFacts(REWRITE_OF_REWRITE, "Blog rewrite", outlet_id=BLOGGER, derived_from_id=REWRITE),
        DocumentFacts(NO_OUTLET, "Leaflet"),
        DocumentFacts(REWRITE_OF_NO_OUTLET, "Leaflet rewrite", outlet_id=LOCAL_PAPER, derived_from_id=NO_OUTLET),
        DocumentFacts(LOOP_1, "Loop one", derived_from_id=LOOP_2),
        DocumentFacts(LOOP_2, "Loop two", derived_from_id=LOOP_1),
        DocumentFacts(TROLL_POST, "Troll post", outlet_id=TROLL),
        DocumentFacts(REWRITE_OF_TROLL, "Troll rewrite", outlet_id=LOCAL_PAPER, derived_from_id=TROLL_POST),
        DocumentFacts(AP_SECOND, "AP follow-up", outlet_id=AP),
    ]
}

D20, D24, D27, D28 = date(2026, 1, 20), date(2026, 1, 24), date(2026, 1, 27), date(2026, 1, 28)

A, DN, NS, DC = Stance.ASSERTS, Stance.DENIES, Stance.NO_STATEMENT, Stance.DECLINED_TO_COMMENT


@dataclass(frozen=True)
class A_:
    """One attribution in a table row (ids are given by position: 1, 2, 3...)."""

    source: int
    stance: Stance = A
    mode: Mode = Mode.PARAPHRASE
    doc: int | None = None
    via: int | None = None
    as_of: date | None = None


def facts(rows: list[A_], ids: list[int] | None = None) -> list[AttributionFacts]:
    ids = ids or list(range(1, len(rows) + 1))
    return [
        AttributionFacts(
            id=i, source_id=r.source, stance=r.stance, mode=r.mode, document_id=r.doc, relayed_via_id=r.via, as_of=r.as_of
        )
        for i, r in zip(ids, rows, strict=True)
    ]


def evidence(rows: list[A_], ids: list[int] | None = None) -> Evidence:
    return Evidence(attributions=facts(rows, ids), sources=SOURCES, documents=DOCUMENTS)


def origin_names(rows: list[A_]) -> set[str]:
    return {o.name for o in assess(evidence(rows)).origins}


OWN = Mode.OWN_OBSERVATION

# -- the statuses ---------------------------------------------------------------------------

# (id, attributions, status, names of the counted origins)
STATUS_CASES = [
    # the five statuses and their edges
    ("no-attributions", [], Status.UNSOURCED, set()),
    ("only-a-silence", [A_(RUSSIA, NS, as_of=D27)], Status.UNSOURCED, set()),
    ("only-declined", [A_(RUSSIA, DC, as_of=D27)], Status.UNSOURCED, set()),
    ("only-silences-of-two-parties", [A_(RUSSIA, NS, as_of=D27), A_(SYRIA, DC, as_of=D24)], Status.UNSOURCED, set()),
    ("one-assertion", [A_(AP, mode=OWN)], Status.SINGLE_SOURCE, {"Associated Press"}),
    ("assertion-plus-silence", [A_(AP), A_(RUSSIA, NS, as_of=D27)], Status.SINGLE_SOURCE, {"Associated Press"}),
    ("two-independent", [A_(AP, mode=OWN), A_(SDF)], Status.CORROBORATED, {"Associated Press", "Syrian Democratic Forces"}),
    (
        "three-independent",
        [A_(AP), A_(SDF), A_(SYRIA)],
        Status.CORROBORATED,
        {"Associated Press", "Syrian Democratic Forces", "Syrian government"},
    ),
    ("one-denial", [A_(RUSSIA, DN)], Status.REFUTED, {"Russian government"}),
    ("two-denials", [A_(RUSSIA, DN), A_(SYRIA, DN)], Status.REFUTED, {"Russian government", "Syrian government"}),
    ("denial-plus-silence", [A_(RUSSIA, DN), A_(SYRIA, NS, as_of=D27)], Status.REFUTED, {"Russian government"}),
    ("assert-and-deny", [A_(AP), A_(RUSSIA, DN)], Status.CONTESTED, {"Associated Press", "Russian government"}),
    (
        "two-assert-one-denies",
        [A_(AP), A_(SDF), A_(RUSSIA, DN)],
        Status.CONTESTED,
        {"Associated Press", "Syrian Democratic Forces", "Russian government"},
    ),
    ("same-source-asserts-and-denies", [A_(SDF), A_(SDF, DN)], Status.CONTESTED, {"Syrian Democratic Forces"}),
    ("same-origin-asserts-and-denies", [A_(AHMED), A_(FIGHTERS, DN)], Status.CONTESTED, {"Syrian Democratic Forces"}),
    ("two-attributions-one-source", [A_(AP, doc=AP_REPORT), A_(AP, doc=AP_SECOND)], Status.SINGLE_SOURCE, {"Associated Press"}),
    ("two-attributions-one-source-undocumented", [A_(AP), A_(AP, mode=OWN)], Status.SINGLE_SOURCE, {"Associated Press"}),
    # affiliation collapse
    ("ahmed-ali-and-fighters-are-one-origin", [A_(AHMED), A_(FIGHTERS)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    ("ahmed-ali-and-the-sdf-itself", [A_(AHMED), A_(SDF)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    ("affiliate-alone-counts-as-its-top", [A_(AHMED)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    (
        "affiliate-plus-independent",
        [A_(AHMED), A_(FIGHTERS), A_(AP, mode=OWN)],
        Status.CORROBORATED,
        {"Syrian Democratic Forces", "Associated Press"},
    ),
    ("ministry-and-its-government", [A_(MOD), A_(SYRIA)], Status.SINGLE_SOURCE, {"Syrian government"}),
    ("multi-level-chain", [A_(UNIT)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    ("multi-level-chain-collapses", [A_(UNIT), A_(BRIGADE), A_(AHMED)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    ("affiliation-cycle-terminates", [A_(CYCLE_A)], Status.SINGLE_SOURCE, {"Cycle A"}),
    ("affiliation-cycle-is-one-origin", [A_(CYCLE_A), A_(CYCLE_B)], Status.SINGLE_SOURCE, {"Cycle A"}),
    ("affiliation-cycle-entered-from-a-tail", [A_(LOOP_TAIL), A_(LOOP_Z)], Status.SINGLE_SOURCE, {"Loop Y"}),
    ("affiliation-cycle-plus-independent", [A_(CYCLE_B), A_(AP)], Status.CORROBORATED, {"Cycle A", "Associated Press"}),
    ("self-affiliation-terminates", [A_(SELF_LOOP)], Status.SINGLE_SOURCE, {"Self-affiliated"}),
    # relays
    ("relayed-statement-counts-as-its-maker", [A_(SYRIAN_SOURCES, via=REUTERS)], Status.SINGLE_SOURCE, {"Five Syrian sources"}),
    (
        "relayer-is-not-its-own-origin",
        [A_(SYRIAN_SOURCES, via=REUTERS), A_(REUTERS)],
        Status.SINGLE_SOURCE,
        {"Five Syrian sources"},
    ),
    (
        "relayer-listed-first-is-still-not-an-origin",
        [A_(REUTERS), A_(SYRIAN_SOURCES, via=REUTERS)],
        Status.SINGLE_SOURCE,
        {"Five Syrian sources"},
    ),
    (
        "relayer-own-observation-counts-separately",
        [A_(SYRIAN_SOURCES, via=REUTERS), A_(REUTERS, mode=OWN)],
        Status.CORROBORATED,
        {"Five Syrian sources", "Reuters"},
    ),
    (
        "relay-chain-a-relays-b-relays-c",
        [A_(RELAY_C, via=RELAY_B), A_(RELAY_B, via=RELAY_A), A_(RELAY_A)],
        Status.SINGLE_SOURCE,
        {"Maker C"},
    ),
    (
        "relay-chain-plus-independent",
        [A_(RELAY_A), A_(RELAY_B, via=RELAY_A), A_(RELAY_C, via=RELAY_B), A_(AP, mode=OWN)],
        Status.CORROBORATED,
        {"Maker C", "Associated Press"},
    ),
    ("relayed-source-graded-e-not-counted", [A_(TROLL, via=REUTERS), A_(REUTERS)], Status.UNSOURCED, set()),
    (
        "relayed-affiliate-collapses-to-affiliation",
        [A_(AHMED, via=REUTERS), A_(REUTERS), A_(FIGHTERS)],
        Status.SINGLE_SOURCE,
        {"Syrian Democratic Forces"},
    ),
    ("relayed-via-itself-is-no-relay", [A_(REUTERS, via=REUTERS)], Status.SINGLE_SOURCE, {"Reuters"}),
    (
        "relaying-a-silence-makes-no-relayer",
        [A_(RUSSIA, NS, via=REUTERS, as_of=D27), A_(REUTERS)],
        Status.SINGLE_SOURCE,
        {"Reuters"},
    ),
    ("relayer-graded-e-does-not-stop-the-maker", [A_(SYRIAN_SOURCES, via=E_RELAYER)], Status.SINGLE_SOURCE, {"Five Syrian sources"}),
    # rewrites (derived_from)
    (
        "rewrite-collapses-into-counted-origin",
        [A_(AHMED, doc=AP_REPORT), A_(AHMED, doc=REWRITE)],
        Status.SINGLE_SOURCE,
        {"Syrian Democratic Forces"},
    ),
    ("rewrite-only-counts-as-original-outlet", [A_(BLOGGER, doc=REWRITE)], Status.SINGLE_SOURCE, {"Associated Press"}),
    (
        "rewrite-only-speaker-is-never-a-new-origin",
        [A_(AP, mode=OWN, doc=AP_REPORT), A_(BLOGGER, doc=REWRITE), A_(TROLL, doc=AP_REPORT)],
        Status.SINGLE_SOURCE,
        {"Associated Press"},
    ),
    (
        "rewrite-only-plus-independent-original",
        [A_(SDF, doc=AP_REPORT), A_(BLOGGER, doc=REWRITE)],
        Status.CORROBORATED,
        {"Syrian Democratic Forces", "Associated Press"},
    ),
    ("rewrite-of-document-without-outlet", [A_(BLOGGER, doc=REWRITE_OF_NO_OUTLET)], Status.UNSOURCED, set()),
    ("chain-of-rewrites-counts-as-first-outlet", [A_(BLOGGER, doc=REWRITE_OF_REWRITE)], Status.SINGLE_SOURCE, {"Associated Press"}),
    (
        "chain-of-rewrites-collapses",
        [A_(AHMED, doc=REWRITE_OF_REWRITE), A_(FIGHTERS, doc=AP_REPORT), A_(AHMED, doc=REWRITE)],
        Status.SINGLE_SOURCE,
        {"Syrian Democratic Forces"},
    ),
    ("derived-from-cycle-terminates", [A_(BLOGGER, doc=LOOP_1), A_(AP, doc=LOOP_2)], Status.UNSOURCED, set()),
    ("rewrite-of-e-outlet-not-counted", [A_(BLOGGER, doc=REWRITE_OF_TROLL)], Status.UNSOURCED, set()),
    ("rewrite-by-e-speaker-not-counted", [A_(TROLL, doc=REWRITE)], Status.UNSOURCED, set()),
    # Rule changed (issue 13, garbled copies): a rewrite changes no stance, so a copy that denies
    # what its original asserts is set aside as a garbled copy instead of contesting the claim.
    ("rewrite-denial-is-a-garbled-copy", [A_(AP, doc=AP_REPORT), A_(BLOGGER, DN, doc=REWRITE)], Status.SINGLE_SOURCE, {"Associated Press"}),
    # grade E
    ("speaker-graded-e", [A_(TROLL)], Status.UNSOURCED, set()),
    ("speaker-graded-e-beside-a-counted-one", [A_(TROLL), A_(AP)], Status.SINGLE_SOURCE, {"Associated Press"}),
    ("e-denial-does-not-contest", [A_(AP), A_(TROLL, DN)], Status.SINGLE_SOURCE, {"Associated Press"}),
    ("origin-graded-e", [A_(FRONT)], Status.UNSOURCED, set()),
    ("origin-graded-e-beside-a-counted-one", [A_(FRONT), A_(SDF)], Status.SINGLE_SOURCE, {"Syrian Democratic Forces"}),
    ("two-e-sources-are-not-corroboration", [A_(TROLL), A_(FRONT), A_(E_RELAYER)], Status.UNSOURCED, set()),
]


@pytest.mark.parametrize(("rows", "expected_status", "expected_origins"), [c[1:] for c in STATUS_CASES], ids=[c[0] for c in STATUS_CASES])
def test_status_and_origins(rows: list[A_], expected_status: Status, expected_origins: set[str]) -> None:
    result = assess(evidence(rows))
    assert result.status is expected_status
    assert {o.name for o in result.origins} == expected_origins
    assert result.origin_count == len(expected_origins)
    assert status_of(evidence(rows)) is expected_status
    # Every attribution that is not a silence is either counted or listed as not counted.
    counted = {a.attribution_id for o in result.origins for a in o.attributions}
    uncounted = {u.attribution_id for u in result.uncounted}
    speaking = {i for i, r in enumerate(rows, start=1) if not r.stance.is_silence}
    assert counted | uncounted == speaking
    assert not counted & uncounted


def test_sources_in_an_affiliation_cycle_are_one_origin() -> None:
    # Every member of a loop reaches the same origin, or the loop would corroborate itself.
    result = assess(evidence([A_(CYCLE_A), A_(CYCLE_B)]))
    assert result.status is Status.SINGLE_SOURCE
    assert result.origin_count == 1
    result = assess(evidence([A_(LOOP_TAIL), A_(LOOP_Y), A_(LOOP_Z)]))
    assert result.status is Status.SINGLE_SOURCE
    assert [o.name for o in result.origins] == ["Loop Y"]


def test_relay_cycle_terminates() -> None:
    result = assess(evidence([A_(RELAY_A, via=RELAY_B), A_(RELAY_B, via=RELAY_A), A_(AP, DN)]))
    assert result.denying and result.denying[0].name == "Associated Press"
    assert result.status is Status.CONTESTED


def test_relay_cycle_is_one_origin() -> None:
    result = assess(evidence([A_(RELAY_A, via=RELAY_B), A_(RELAY_B, via=RELAY_A)]))
    assert result.status is Status.SINGLE_SOURCE
    assert result.origin_count == 1


# -- awaited parties ------------------------------------------------------------------------

# (id, attributions, awaiting descriptions, no-longer-awaited names)
AWAITING_CASES = [
    ("no-silence", [A_(AP)], [], []),
    ("no-statement", [A_(AP), A_(RUSSIA, NS, as_of=D27)], ["Russian government (as of 2026-01-27)"], []),
    (
        "declined-to-comment",
        [A_(AP), A_(RUSSIA, DC, as_of=D27)],
        ["Russian government (as of 2026-01-27, declined to comment)"],
        [],
    ),
    ("undated-silence", [A_(RUSSIA, NS)], ["Russian government (as of date unknown)"], []),
    ("later-assertion-ends-the-wait", [A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, A, as_of=D28)], [], ["Russian government"]),
    ("later-denial-ends-the-wait", [A_(RUSSIA, DN, as_of=D28), A_(RUSSIA, DC, as_of=D27)], [], ["Russian government"]),
    ("same-day-statement-ends-the-wait", [A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, DN, as_of=D27)], [], ["Russian government"]),
    ("undated-statement-ends-the-wait", [A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, DN)], [], ["Russian government"]),
    (
        "earlier-statement-then-silence-still-awaited",
        [A_(RUSSIA, A, as_of=D20), A_(RUSSIA, NS, as_of=D27)],
        ["Russian government (as of 2026-01-27)"],
        [],
    ),
    (
        "latest-silence-date-shown",
        [A_(RUSSIA, NS, as_of=D20), A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, NS, as_of=D24)],
        ["Russian government (as of 2026-01-27)"],
        [],
    ),
    (
        "latest-silence-listed-first-still-wins",
        [A_(RUSSIA, DC, as_of=D27), A_(RUSSIA, NS, as_of=D20)],
        ["Russian government (as of 2026-01-27, declined to comment)"],
        [],
    ),
    (
        "dated-silence-beats-undated",
        [A_(RUSSIA, NS), A_(RUSSIA, NS, as_of=D24)],
        ["Russian government (as of 2026-01-24)"],
        [],
    ),
    (
        "statement-between-two-silences",
        [A_(RUSSIA, NS, as_of=D20), A_(RUSSIA, A, as_of=D24), A_(RUSSIA, NS, as_of=D27)],
        ["Russian government (as of 2026-01-27)"],
        [],
    ),
    (
        "two-awaited-parties",
        [A_(AP), A_(RUSSIA, NS, as_of=D27), A_(SYRIA, DC, as_of=D24)],
        ["Russian government (as of 2026-01-27)", "Syrian government (as of 2026-01-24, declined to comment)"],
        [],
    ),
    (
        "affiliate-speaking-does-not-end-the-parents-silence",
        [A_(MOD, A, as_of=D28), A_(SYRIA, NS, as_of=D27)],
        ["Syrian government (as of 2026-01-27)"],
        [],
    ),
    ("e-graded-party-is-still-awaited", [A_(TROLL, NS, as_of=D27)], ["Troll account (as of 2026-01-27)"], []),
]


@pytest.mark.parametrize(("rows", "awaiting", "spoke"), [c[1:] for c in AWAITING_CASES], ids=[c[0] for c in AWAITING_CASES])
def test_awaiting(rows: list[A_], awaiting: list[str], spoke: list[str]) -> None:
    result = assess(evidence(rows))
    assert [p.describe() for p in result.awaiting] == awaiting
    assert [p.name for p in result.no_longer_awaited] == spoke
    assert result.awaiting_text() == ("; ".join(awaiting) if awaiting else None)
    if awaiting:
        assert result.summary() == f"{result.status.value} · awaiting: {'; '.join(awaiting)}"
    else:
        assert result.summary() == result.status.value


def test_silences_never_count() -> None:
    result = assess(evidence([A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, DC, as_of=D28)]))
    assert result.origins == ()
    assert result.uncounted == ()  # silences are awaited, not "not counted"


def test_awaited_party_that_spoke_counts_as_an_origin() -> None:
    result = assess(evidence([A_(AP), A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, A, as_of=D28)]))
    assert result.status is Status.CORROBORATED
    assert result.awaiting == ()


# -- the Qamishli claim as the desk sees it --------------------------------------------------


def qamishli_withdrawal() -> Evidence:
    return evidence(
        [
            A_(AP, mode=OWN, doc=AP_REPORT, as_of=D27),
            A_(FIGHTERS, doc=AP_REPORT, as_of=D27),
            A_(AHMED, doc=AP_REPORT, as_of=D27),
            A_(RUSSIA, NS, doc=AP_REPORT, as_of=D27),
        ]
    )


def test_summary_text_of_the_withdrawal_claim() -> None:
    result = assess(qamishli_withdrawal())
    assert result.summary() == "corroborated · awaiting: Russian government (as of 2026-01-27)"
    assert result.reason() == "2 independent origins assert it; none denies it."


def test_explanation_lists_origins_and_collapse_reasons() -> None:
    result = assess(qamishli_withdrawal())
    lines = result.explanation_lines()
    assert lines[0] == "Status: corroborated. 2 independent origins assert it; none denies it."
    assert "Independent origins counted (2):" in lines
    assert "  1. Associated Press (asserts)" in lines
    # Rule changed (issue 13, member_of vs speaks_for): fighters who merely belong to the SDF
    # are grouped with it for independence, but the SDF itself has not spoken.
    assert "  2. Syrian Democratic Forces (asserts) — members only, not its own position" in lines
    assert "Awaiting:" in lines
    assert "  - Russian government (as of 2026-01-27)" in lines
    sdf = next(o for o in result.origins if o.name == "Syrian Democratic Forces")
    assert [a.attribution_id for a in sdf.attributions] == [2, 3]
    assert {a.collapse for a in sdf.attributions} == {Collapse.SAME_AFFILIATION}
    ahmed = sdf.attributions[1]
    assert ahmed.source_name == "Ahmed Ali"
    assert "same affiliation (Ahmed Ali → Syrian Democratic Forces)" in ahmed.reason
    assert any("#3 Ahmed Ali: same affiliation" in line for line in lines)
    ap = next(o for o in result.origins if o.name == "Associated Press")
    assert ap.attributions[0].collapse is Collapse.DIRECT
    assert "own observation" in ap.attributions[0].reason


def test_explanation_of_a_relay() -> None:
    result = assess(evidence([A_(SYRIAN_SOURCES, via=REUTERS), A_(REUTERS)]))
    (origin,) = result.origins
    passed_on, relayer = origin.attributions
    assert passed_on.collapse is Collapse.DIRECT
    assert "passed on by Reuters (not a separate origin)" in passed_on.reason
    assert relayer.collapse is Collapse.RELAYED
    assert "relayed statement (Reuters → Five Syrian sources)" in relayer.reason
    assert "traced to Five Syrian sources" in relayer.reason


def test_explanation_of_a_relay_chain() -> None:
    result = assess(evidence([A_(RELAY_A), A_(RELAY_B, via=RELAY_A), A_(RELAY_C, via=RELAY_B)]))
    (origin,) = result.origins
    first = next(a for a in origin.attributions if a.attribution_id == 1)
    assert "Relayer A → Relayer B → Maker C" in first.reason


def test_explanation_of_rewrites() -> None:
    result = assess(evidence([A_(AHMED, doc=AP_REPORT), A_(AHMED, doc=REWRITE), A_(BLOGGER, doc=REWRITE_OF_REWRITE)]))
    by_id = {a.attribution_id: a for o in result.origins for a in o.attributions}
    assert by_id[2].collapse is Collapse.REWRITE
    assert "carried by “Local rewrite”, a rewrite of “AP report”" in by_id[2].reason
    assert "counted with the original's origin" in by_id[2].reason
    assert by_id[3].collapse is Collapse.REWRITE
    assert "counts as the original outlet Associated Press" in by_id[3].reason
    assert {o.name for o in result.origins} == {"Syrian Democratic Forces", "Associated Press"}
    assert result.status is Status.CORROBORATED


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        pytest.param([A_(TROLL)], "Troll account is graded E (unreliable)", id="speaker"),
        pytest.param([A_(FRONT)], "its origin Shadow organisation is graded E (unreliable)", id="origin"),
        pytest.param([A_(TROLL, via=REUTERS), A_(REUTERS)], "relays Troll account, who is graded E (unreliable)", id="relayed"),
        pytest.param([A_(BLOGGER, doc=REWRITE_OF_TROLL)], "whose outlet Troll account is graded E (unreliable)", id="rewrite-outlet"),
        pytest.param([A_(BLOGGER, doc=REWRITE_OF_NO_OUTLET)], "which names no outlet; a rewrite never adds an origin", id="no-outlet"),
    ],
)
def test_explanation_of_what_is_not_counted(rows: list[A_], fragment: str) -> None:
    result = assess(evidence(rows))
    assert any(fragment in u.reason for u in result.uncounted), [u.reason for u in result.uncounted]
    lines = result.explanation_lines()
    assert "Not counted:" in lines
    assert any(fragment in line for line in lines)


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        pytest.param([], "No counted source asserts or denies this claim.", id="unsourced"),
        pytest.param([A_(AP)], "One independent origin asserts it; none denies it.", id="single"),
        pytest.param(
            [A_(AP), A_(RUSSIA, DN)],
            "1 independent origin asserts it and 1 independent origin denies it.",
            id="contested-1-1",
        ),
        pytest.param(
            [A_(AP), A_(SDF), A_(RUSSIA, DN), A_(SYRIA, DN)],
            "2 independent origins assert it and 2 independent origins deny it.",
            id="contested-2-2",
        ),
        pytest.param([A_(RUSSIA, DN)], "Only denials: 1 independent origin denies it, none asserts it.", id="refuted"),
        pytest.param([A_(AP), A_(SDF), A_(SYRIA)], "3 independent origins assert it; none denies it.", id="corroborated"),
    ],
)
def test_reason_sentence(rows: list[A_], reason: str) -> None:
    assert assess(evidence(rows)).reason() == reason


def test_no_longer_awaited_is_explained() -> None:
    lines = assess(evidence([A_(RUSSIA, NS, as_of=D27), A_(RUSSIA, A, as_of=D28)])).explanation_lines()
    assert "No longer awaited (spoke after their silence was recorded):" in lines
    assert "Awaiting:" not in lines


def test_unknown_sources_and_documents_do_not_crash() -> None:
    # Evidence missing a source or a document (a caller bug) still yields an answer.
    result = assess(Evidence([AttributionFacts(1, 999, A, document_id=998)], sources={}, documents={}))
    assert result.status is Status.SINGLE_SOURCE
    assert result.origins[0].name == "source #999"


# -- order does not matter ------------------------------------------------------------------

PERMUTATION_CASES = [
    c
    for c in STATUS_CASES
    if 2 <= len(c[1]) <= 4
] + [(c[0], c[1], None, None) for c in AWAITING_CASES if 2 <= len(c[1]) <= 4]


@pytest.mark.parametrize("rows", [c[1] for c in PERMUTATION_CASES], ids=[c[0] for c in PERMUTATION_CASES])
def test_invariant_under_attribution_order(rows: list[A_]) -> None:
    reference = assess(evidence(rows))
    expected = (
        reference.status,
        sorted(o.name for o in reference.origins),
        reference.awaiting_text(),
        sorted(u.attribution_id for u in reference.uncounted),
    )
    base = facts(rows)
    for order in itertools.permutations(base):
        result = assess(Evidence(attributions=list(order), sources=SOURCES, documents=DOCUMENTS))
        got = (
            result.status,
            sorted(o.name for o in result.origins),
            result.awaiting_text(),
            sorted(u.attribution_id for u in result.uncounted),
        )
        assert got == expected, [a.id for a in order]


@pytest.mark.parametrize("rows", [c[1] for c in PERMUTATION_CASES], ids=[c[0] for c in PERMUTATION_CASES])
def test_invariant_under_renumbering(rows: list[A_]) -> None:
    """Which attribution got the lower id (was entered first) must not change the outcome."""
    def outcome(ids: list[int] | None) -> tuple[object, ...]:
        result = assess(evidence(rows, ids))
        # Awaited parties are listed in entry order; which ones, and as of when, must not change.
        return result.status, sorted(o.name for o in result.origins), sorted(p.describe() for p in result.awaiting)

    expected = outcome(None)
    for ids in itertools.permutations(range(1, len(rows) + 1)):
        assert outcome(list(ids)) == expected, ids


def test_grading_changes_the_outcome() -> None:
    # Sanity check that the world matters: the same rows with the SDF graded E lose an origin.
    rows = [A_(AP), A_(AHMED)]
    assert assess(evidence(rows)).status is Status.CORROBORATED
    graded = dict(SOURCES) | {SDF: replace(SOURCES[SDF], reliability=Reliability.E)}
    result = assess(Evidence(facts(rows), graded, DOCUMENTS))
    assert result.status is Status.SINGLE_SOURCE
    assert [u.reason for u in result.uncounted] == ["its origin Syrian Democratic Forces is graded E (unreliable)"]
