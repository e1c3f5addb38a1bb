"""A multi-outlet world: one week of coverage of the Russian withdrawal from Qamishli.

A wire story (AP) with its correspondent and unnamed voices, relayed by a local site and
copied near-verbatim by a blog that garbles Russia's answer; Reuters and North Press with
their own unnamed sources, which the desk marks as possibly the same; the Syrian defence
ministry's official statement and a Russian defence ministry spokesperson's denial; an
earlier wrong ceasefire figure superseded by the official one; a forecast later fulfilled.
Each claim gets the status a verification editor would give it, and its explanation fits on
one screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from chain_world import BODY, D24, D26, D27, D28, D29, D31, DC, DN, NS, OUTLET, PERSON, SPEAKS, UNNAMED, ChainWorld

from workbench.corroboration import Evidence, RelatedClaim, assess, reporting_chains, status_timeline, timeline_text, tree_lines
from workbench.vocabulary import Certainty, ClaimKind, Mode, Reliability, Status

OWN, OFFICIAL, QUOTE = Mode.OWN_OBSERVATION, Mode.OFFICIAL_STATEMENT, Mode.DIRECT_QUOTE
B, C = Reliability.B, Reliability.C

FIFTEEN_DAYS = RelatedClaim(3, "claim-ceasefire-15-days", asserting_origins=2, since=D26)
COMPLETED = RelatedClaim(5, "claim-withdrawal-completed", asserting_origins=1, since=D31)


@dataclass
class Coverage:
    """The sources and documents of the week, and each claim's evidence."""

    withdrawal: Evidence
    one_month: Evidence
    fifteen_days: Evidence
    completion_plan: Evidence
    completed: Evidence


def coverage() -> Coverage:
    w = ChainWorld()
    ap = w.source("Associated Press", B, kind=OUTLET)
    reuters = w.source("Reuters", B, kind=OUTLET)
    north = w.source("North Press Agency", C, kind=OUTLET)
    rudaw = w.source("Rudaw", C, kind=OUTLET)
    local = w.source("Qamishli Today", kind=OUTLET)
    blog = w.source("Levant Daily Blog", Reliability.D, kind=OUTLET)
    sdf = w.source("Syrian Democratic Forces", C)
    sdf_press = w.source("SDF media centre", kind=BODY, within=sdf, how=SPEAKS)
    syria = w.source("Syrian government", C, kind=BODY)
    syria_mod = w.source("Syrian Ministry of Defense", C, kind=BODY, within=syria, how=SPEAKS)
    russia = w.source("Russian government", kind=BODY)
    russia_mod = w.source("Russian Ministry of Defence", kind=BODY, within=russia, how=SPEAKS)
    orlov = w.source("Col. Pavel Orlov", kind=PERSON, within=russia_mod, how=SPEAKS)
    correspondent = w.source("Hogir al Abdo", kind=PERSON)
    fighters = w.source("SDF fighters at the base", kind=UNNAMED, within=sdf)
    local_official = w.source("a local official", kind=UNNAMED, within=syria)
    security = w.source("two Syrian security sources", kind=UNNAMED)
    military = w.source("a military source", kind=UNNAMED)

    ap_report = w.document("Russian forces leave Qamishli base", outlet=ap, published=D27)
    local_story = w.document("AP: Russians gone from airport", outlet=local, published=D27)
    blog_copy = w.document("Russia quits Qamishli", outlet=blog, copy_of=ap_report, published=D28)
    rudaw_27 = w.document("Russian troops may have left Qamishli", outlet=rudaw, published=D27)
    reuters_24 = w.document("Ceasefire extended by a month, sources say", outlet=reuters, published=D24)
    reuters_28 = w.document("Russia pulls out of Qamishli, sources say", outlet=reuters, published=D28)
    north_28 = w.document("Russian convoy leaves Qamishli", outlet=north, published=D28)
    syria_statement = w.document("Ministry of Defense statement", outlet=syria_mod, published=D28)
    ceasefire_statements = w.document("Joint statement on the ceasefire", outlet=sdf_press, published=D26)
    russia_briefing = w.document("Defence ministry briefing", outlet=russia_mod, published=D29)
    ap_31 = w.document("Qamishli base stands empty", outlet=ap, published=D31)
    rudaw_28 = w.document("Russia to finish pullout by Friday", outlet=rudaw, published=D28)
    world = replace(w, attributions=[])

    def claim() -> ChainWorld:
        return replace(world, attributions=[])

    c1 = claim()
    c1.says(correspondent, mode=OWN, document=ap_report)
    c1.says(fighters, document=ap_report)
    c1.says(local_official, document=ap_report)
    c1.says(russia, DC, document=ap_report, as_of=D27)
    c1.says(syria, NS, document=ap_report, as_of=D27)
    c1.says(ap, document=local_story, via=local)
    c1.says(local, document=local_story)
    c1.says(blog, document=blog_copy)
    c1.says(russia, DN, document=blog_copy)  # the copy turns "declined to comment" into "denies"
    c1.says(security, document=reuters_28)
    c1.says(military, document=north_28)
    c1.says(syria_mod, mode=OFFICIAL, document=syria_statement)
    c1.says(rudaw, document=rudaw_27, certainty=Certainty.HEDGED, inferred=True)
    c1.says(orlov, DN, mode=QUOTE, document=russia_briefing)

    c2 = claim()
    c2.says(security, document=reuters_24)

    c3 = claim()
    c3.says(sdf_press, mode=OFFICIAL, document=ceasefire_statements)
    c3.says(syria, mode=OFFICIAL, document=ceasefire_statements)

    c4 = claim()
    c4.says(security, document=reuters_28, certainty=Certainty.FORECAST)
    c4.says(syria_mod, mode=OFFICIAL, document=syria_statement, certainty=Certainty.FORECAST)

    c5 = claim()
    c5.says(rudaw, document=rudaw_28, certainty=Certainty.FORECAST, inferred=True)
    c5.says(correspondent, mode=OWN, document=ap_31)

    return Coverage(
        withdrawal=c1.evidence(possibly_same=[frozenset({security, military})]),
        one_month=c2.evidence(superseded_by=[FIFTEEN_DAYS], contradicted_by=[FIFTEEN_DAYS]),
        fifteen_days=c3.evidence(),
        completion_plan=c4.evidence(kind=ClaimKind.PLAN, fulfilled_by=[COMPLETED]),
        completed=c5.evidence(),
    )


WITHDRAWAL_EXPLANATION = [
    "Status: contested. 3 independent origins assert it and 1 independent origin denies it.",
    "Independent origins counted (4):",
    "  1. Associated Press (asserts)",
    "     - #1 Hogir al Abdo: reporter's own observation, counted as the own reporting of Associated Press",
    "     - #2 SDF fighters at the base: unnamed sourcing, counted as the own reporting of Associated Press",
    "     - #3 a local official: unnamed sourcing, counted as the own reporting of Associated Press",
    "     - #6 Associated Press: passed on by Qamishli Today (not a separate origin)",
    "     - #7 Qamishli Today: relayed statement (Qamishli Today → Associated Press), traced to Associated Press",
    "     - #8 Levant Daily Blog: carried by “Russia quits Qamishli”, a rewrite of “Russian forces leave Qamishli base”; "
    "counts as the original outlet Associated Press",
    "  2. North Press Agency and Reuters (asserts) — counted as one: the desk marked a military source and "
    "two Syrian security sources as possibly the same source",
    "     - #10 two Syrian security sources: unnamed sourcing, counted as the own reporting of Reuters",
    "     - #11 a military source: unnamed sourcing, counted as the own reporting of North Press Agency",
    "  3. Syrian government (asserts)",
    "     - #12 Syrian Ministry of Defense: same affiliation (Syrian Ministry of Defense → Syrian government); "
    "speaks for Syrian government",
    "  4. Russian government (denies)",
    "     - #14 Col. Pavel Orlov: same affiliation (Col. Pavel Orlov → Russian Ministry of Defence → Russian government); "
    "speaks for Russian government",
    "Not counted:",
    "  - #9 Russian government (denies): garbled copy: “Russia quits Qamishli” has Russian government denying it, "
    "but the original “Russian forces leave Qamishli base” has Russian government declining to comment; "
    "a copy adds no evidence and changes no stance",
    "  - #13 Rudaw (asserts): hedged (may, reportedly, unconfirmed): only a stated attribution confirms an event; "
    "certainty inferred from the wording",
    "No longer awaited (spoke after their silence was recorded):",
    "  - Russian government: declined to comment as of 27 Jan 2026; denied by Col. Pavel Orlov, who speaks for it, 29 Jan 2026",
    "  - Syrian government: silent as of 27 Jan 2026; confirmed by Syrian Ministry of Defense, who speaks for it, 28 Jan 2026",
]


def test_the_withdrawal_is_contested_by_russias_denial_and_reads_on_one_screen() -> None:
    result = assess(coverage().withdrawal)
    assert result.summary() == "contested"
    assert result.explanation_lines() == WITHDRAWAL_EXPLANATION
    assert len(WITHDRAWAL_EXPLANATION) <= 24


def test_the_withdrawal_timeline() -> None:
    assert timeline_text(status_timeline(coverage().withdrawal)) == (
        "unsourced until 27 Jan 2026; single_source from 27 Jan 2026; corroborated from 28 Jan 2026; "
        "contested from 29 Jan 2026"
    )
    on_27 = assess(coverage().withdrawal, as_of=D27)
    assert on_27.summary() == (
        "single_source · awaiting: Russian government (as of 2026-01-27, declined to comment); "
        "Syrian government (as of 2026-01-27)"
    )


def test_the_withdrawal_chains_as_a_tree() -> None:
    lines = tree_lines(reporting_chains(assess(coverage().withdrawal)))
    assert lines[:11] == [
        "Associated Press (asserts)",
        "├─ “Russian forces leave Qamishli base”",
        "│  ├─ #1 Hogir al Abdo asserts",
        "│  ├─ #2 SDF fighters at the base asserts",
        "│  ├─ #3 a local official asserts",
        "│  └─ rewrite “Russia quits Qamishli”",
        "│     └─ #8 Levant Daily Blog asserts",
        "└─ passed on by Qamishli Today",
        "   └─ “AP: Russians gone from airport”",
        "      ├─ #6 Associated Press asserts",
        "      └─ #7 Qamishli Today asserts",
    ]
    # The garbled copy of Russia's answer is drawn in Russia's chain, under the copy it came from.
    russia = lines.index("Russian government (denies)")
    assert lines[russia : russia + 4] == [
        "Russian government (denies)",
        "├─ “Russian forces leave Qamishli base”",
        "│  └─ rewrite “Russia quits Qamishli”",
        "│     └─ #9 Russian government denies ✗ garbled copy: “Russia quits Qamishli” has Russian government denying it, "
        "but the original “Russian forces leave Qamishli base” has Russian government declining to comment; "
        "a copy adds no evidence and changes no stance",
    ]
    assert lines[-3:] == [
        "Rudaw ✗ not counted: nothing it carries counts",
        "└─ “Russian troops may have left Qamishli”",
        "   └─ #13 Rudaw asserts (hedged) ✗ hedged (may, reportedly, unconfirmed): only a stated attribution confirms an event; "
        "certainty inferred from the wording",
    ]


def test_the_superseded_month_the_official_fifteen_days_and_the_fulfilled_forecast() -> None:
    world = coverage()
    statuses = {
        name: assess(getattr(world, name)).summary()
        for name in ("one_month", "fifteen_days", "completion_plan", "completed")
    }
    assert statuses == {
        "one_month": "single_source · superseded by claim-ceasefire-15-days · disputed by claim-ceasefire-15-days",
        "fifteen_days": "corroborated",
        "completion_plan": "corroborated · fulfilled by claim-withdrawal-completed",
        "completed": "single_source",
    }
    completed = assess(world.completed)
    assert completed.uncounted[0].reason == (
        "a forecast (will, is expected to): only a stated attribution confirms an event; forecasts count only for a plan; "
        "certainty inferred from the wording"
    )
    assert timeline_text(status_timeline(world.completed)) == "unsourced until 31 Jan 2026; single_source from 31 Jan 2026"
    assert timeline_text(status_timeline(world.completion_plan)) == (
        "unsourced until 28 Jan 2026; corroborated from 28 Jan 2026; "
        "corroborated · fulfilled by claim-withdrawal-completed from 31 Jan 2026"
    )
    assert assess(world.completion_plan).origin_count == 2
    assert assess(world.one_month, as_of=D24).summary() == "single_source"
    # The 15-day claim stands on the SDF's and the government's own statements.
    assert [(o.name, o.own_position) for o in assess(world.fifteen_days).origins] == [
        ("Syrian Democratic Forces", True),
        ("Syrian government", True),
    ]
    assert Status.CONTESTED is assess(world.withdrawal).status
