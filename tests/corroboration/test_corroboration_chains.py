"""Issue 13, the reporting-chain rules: for each, the smallest world where it changes the status.

Each test builds its world, shows what the rules gave before the rule (the same world as a
caller that knows no source kinds, or without the desk's input), then checks the status and
the words of the explanation under the rule.
"""

from __future__ import annotations

from chain_world import (
    BODY,
    D24,
    D27,
    D28,
    DC,
    DN,
    NS,
    OUTLET,
    PERSON,
    SPEAKS,
    UNNAMED,
    ChainWorld,
    assert_order_free,
)

from workbench.corroboration import Collapse, NotCounted, assess
from workbench.vocabulary import Certainty, Mode, Reliability, Status

B = Reliability.B


def _lines(world: ChainWorld) -> list[str]:
    return assess(world.evidence()).explanation_lines()


# -- anonymous sourcing is the outlet's own reporting ---------------------------------------


def test_unnamed_voices_in_one_story_are_one_origin() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    sdf = world.source("Syrian Democratic Forces", Reliability.C)
    fighters = world.source("SDF fighters at the base", kind=UNNAMED, within=sdf)
    security = world.source("a Syrian security source", kind=UNNAMED)
    official = world.source("a local official", kind=UNNAMED)
    report = world.document("Russians leave Qamishli", outlet=ap)
    for unnamed in (fighters, security, official):
        world.says(unnamed, document=report)

    before = assess(world.without_kinds().evidence())
    assert (before.status, before.origin_count) == (Status.CORROBORATED, 3)

    result = assess(world.evidence())
    assert (result.status, [o.name for o in result.origins]) == (Status.SINGLE_SOURCE, ["Associated Press"])
    assert {a.collapse for a in result.origins[0].attributions} == {Collapse.OUTLET_REPORTING}
    lines = result.explanation_lines()
    assert lines[0] == "Status: single_source. One independent origin asserts it; none denies it."
    assert "  1. Associated Press (asserts)" in lines
    assert (
        "     - #1 SDF fighters at the base: unnamed sourcing, counted as the own reporting of Associated Press" in lines
    )
    assert_order_free(world.evidence())


def test_anonymous_mode_makes_a_named_source_the_outlets_reporting() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    world.source("Reuters", B, kind=OUTLET)
    official = world.source("Syrian official", kind=PERSON)
    report = world.document("AP report", outlet=ap)
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=report)
    world.says(official, mode=Mode.ANONYMOUS, document=report)

    assert assess(world.evidence()).status is Status.SINGLE_SOURCE
    lines = _lines(world)
    assert "     - #2 Syrian official: unnamed sourcing, counted as the own reporting of Associated Press" in lines


def test_a_correspondents_observation_is_the_outlets_reporting() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    correspondent = world.source("Hogir al Abdo", kind=PERSON)
    unnamed = world.source("a resident", kind=UNNAMED)
    report = world.document("AP report", outlet=ap)
    world.says(correspondent, mode=Mode.OWN_OBSERVATION, document=report)
    world.says(unnamed, document=report)

    assert assess(world.without_kinds().evidence()).status is Status.CORROBORATED
    result = assess(world.evidence())
    assert (result.status, [o.name for o in result.origins]) == (Status.SINGLE_SOURCE, ["Associated Press"])
    assert (
        "     - #1 Hogir al Abdo: reporter's own observation, counted as the own reporting of Associated Press"
        in result.explanation_lines()
    )


def test_unnamed_sources_passed_on_count_as_the_outlet_that_gathered_them() -> None:
    world = ChainWorld()
    reuters = world.source("Reuters", B, kind=OUTLET)
    paper = world.source("Local Paper", kind=OUTLET)
    five = world.source("Five Syrian sources", kind=UNNAMED)
    story = world.document("Local story", outlet=paper)
    world.says(five, document=story, via=reuters)
    world.says(paper, mode=Mode.OWN_OBSERVATION, document=story)

    result = assess(world.evidence())
    assert result.status is Status.CORROBORATED
    assert [o.name for o in result.origins] == ["Reuters", "Local Paper"]
    assert (
        "     - #1 Five Syrian sources: unnamed sourcing, counted as the own reporting of Reuters" in result.explanation_lines()
    )


def test_two_outlets_with_their_own_unnamed_sources_are_two_origins_unless_possibly_the_same() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    reuters = world.source("Reuters", B, kind=OUTLET)
    one = world.source("a security source", kind=UNNAMED)
    other = world.source("a security official", kind=UNNAMED)
    world.says(one, document=world.document("AP report", outlet=ap))
    world.says(other, document=world.document("Reuters report", outlet=reuters))

    apart = assess(world.evidence())
    assert (apart.status, [o.name for o in apart.origins]) == (Status.CORROBORATED, ["Associated Press", "Reuters"])

    marked = world.evidence(possibly_same=[frozenset({one, other})])
    result = assess(marked)
    assert (result.status, [o.name for o in result.origins]) == (Status.SINGLE_SOURCE, ["Associated Press and Reuters"])
    assert result.explanation_lines()[:3] == [
        "Status: single_source. One independent origin asserts it; none denies it.",
        "Independent origins counted (1):",
        "  1. Associated Press and Reuters (asserts) — counted as one: the desk marked a security official and "
        "a security source as possibly the same source",
    ]
    assert_order_free(marked)


def test_marks_that_overlap_join_every_chain_they_reach() -> None:
    world = ChainWorld()
    unnamed = []
    for outlet in ("Associated Press", "Reuters", "North Press"):
        source = world.source(f"source at {outlet}", kind=UNNAMED)
        world.says(source, document=world.document(f"{outlet} story", outlet=world.source(outlet, B, kind=OUTLET)))
        unnamed.append(source)
    x, y, z = unnamed
    evidence = world.evidence(possibly_same=[frozenset({y, z}), frozenset({x, y})])
    (origin,) = assess(evidence).origins
    assert origin.name == "Associated Press, North Press and Reuters"
    assert origin.joined_because == (
        "counted as one: the desk marked source at Associated Press, source at North Press and source at Reuters "
        "as possibly the same source"
    )
    assert_order_free(evidence)


def test_anonymous_sourcing_without_an_outlet_falls_back_to_its_affiliation() -> None:
    world = ChainWorld()
    sdf = world.source("Syrian Democratic Forces", Reliability.C)
    fighters = world.source("SDF fighters", kind=UNNAMED, within=sdf)
    world.says(fighters)
    assert [o.name for o in assess(world.evidence()).origins] == ["Syrian Democratic Forces"]


def test_an_unnamed_source_gathered_by_an_e_outlet_is_not_counted() -> None:
    world = ChainWorld()
    site = world.source("Rumour site", Reliability.E, kind=OUTLET)
    unnamed = world.source("insiders", kind=UNNAMED)
    world.says(unnamed, document=world.document("Post", outlet=site))
    result = assess(world.evidence())
    assert result.status is Status.UNSOURCED
    assert result.uncounted[0].why is NotCounted.GRADED_E
    assert "unnamed sourcing reported by Rumour site, who is graded E (unreliable)" in result.uncounted[0].reason


# -- member_of groups; only speaks_for is the body's own position ---------------------------


def _government_world() -> tuple[ChainWorld, int, int]:
    world = ChainWorld()
    reuters = world.source("Reuters", B, kind=OUTLET)
    government = world.source("Syrian government", Reliability.C, kind=BODY)
    official = world.source("a Syrian official", kind=UNNAMED, within=government)
    story = world.document("Reuters report", outlet=reuters, published=D27)
    world.says(reuters, mode=Mode.OWN_OBSERVATION, document=story)
    world.says(official, document=story)
    world.says(government, NS, document=story, as_of=D27)
    return world, government, story


def test_an_unnamed_official_does_not_make_the_government_assert() -> None:
    world, _, _ = _government_world()
    before = assess(world.without_kinds().evidence())
    # Before: "the government asserts" and the government awaited, side by side.
    assert before.status is Status.CORROBORATED
    assert "Syrian government" in {o.name for o in before.origins}

    result = assess(world.evidence())
    assert (result.status, [o.name for o in result.origins]) == (Status.SINGLE_SOURCE, ["Reuters"])
    assert result.summary() == "single_source · awaiting: Syrian government (as of 2026-01-27)"
    assert result.explanation_lines()[-2:] == ["Awaiting:", "  - Syrian government (as of 2026-01-27)"]


def test_a_member_neither_speaks_for_the_body_nor_ends_its_silence() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    government = world.source("Syrian government", Reliability.C, kind=BODY)
    minister = world.source("Deputy minister Sami Haddad", kind=PERSON, within=government)
    world.says(ap, mode=Mode.OWN_OBSERVATION, as_of=D27)
    world.says(government, NS, as_of=D27)
    world.says(minister, as_of=D28)

    result = assess(world.evidence())
    assert result.status is Status.CORROBORATED
    assert result.awaiting_text() == "Syrian government (as of 2026-01-27)"
    assert "  2. Syrian government (asserts) — members only, not its own position" in result.explanation_lines()


def test_a_spokesperson_speaks_for_the_body_and_ends_its_silence() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    government = world.source("Syrian government", Reliability.C, kind=BODY)
    spokesperson = world.source("Nour Haddad", kind=PERSON, within=government, how=SPEAKS)
    world.says(ap, mode=Mode.OWN_OBSERVATION, as_of=D27)
    world.says(government, NS, as_of=D27)
    world.says(spokesperson, as_of=D28)

    before = assess(world.without_kinds().evidence())
    assert before.summary() == "corroborated · awaiting: Syrian government (as of 2026-01-27)"

    result = assess(world.evidence())
    assert result.summary() == "corroborated"
    lines = result.explanation_lines()
    assert "  2. Syrian government (asserts)" in lines
    assert "     - #3 Nour Haddad: same affiliation (Nour Haddad → Syrian government); speaks for Syrian government" in lines
    assert lines[-2:] == [
        "No longer awaited (spoke after their silence was recorded):",
        "  - Syrian government: silent as of 27 Jan 2026; confirmed by Nour Haddad, who speaks for it, 28 Jan 2026",
    ]


def test_a_spokespersons_silence_is_the_bodys_and_listed_once_with_its_latest_date() -> None:
    world = ChainWorld()
    ministry = world.source("Russian Ministry of Defence", kind=BODY)
    spokesperson = world.source("Ministry spokesperson", kind=PERSON, within=ministry, how=SPEAKS)
    world.says(ministry, DC, as_of=D24)
    world.says(spokesperson, NS, as_of=D27)
    result = assess(world.evidence())
    assert result.awaiting_text() == "Russian Ministry of Defence (as of 2026-01-27)"
    assert result.awaiting[0].history == "declined to comment as of 24 Jan 2026; silent as of 27 Jan 2026"


def test_a_denial_by_the_body_itself_ends_its_silence_in_its_own_words() -> None:
    world = ChainWorld()
    russia = world.source("Russian government", kind=BODY)
    world.says(russia, DC, as_of=D27)
    world.says(russia, DN, as_of=D28)
    result = assess(world.evidence())
    assert result.status is Status.REFUTED
    assert result.no_longer_awaited[0].history == "declined to comment as of 27 Jan 2026; denied 28 Jan 2026"


# -- garbled copies -------------------------------------------------------------------------


def test_a_copy_that_turns_declined_into_denies_is_a_garbled_copy() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    blog = world.source("Blog site", kind=OUTLET)
    russia = world.source("Russian government", kind=BODY)
    report = world.document("AP report", outlet=ap)
    copy = world.document("Blog copy", outlet=blog, copy_of=report)
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=report)
    world.says(russia, DC, document=report, as_of=D27)
    world.says(russia, DN, document=copy, as_of=D28)

    result = assess(world.evidence())
    assert result.status is Status.SINGLE_SOURCE  # not contested by a copy's slip
    (garbled,) = result.uncounted
    assert garbled.why is NotCounted.GARBLED_COPY
    assert (
        "  - #3 Russian government (denies): garbled copy: “Blog copy” has Russian government denying it, but the "
        "original “AP report” has Russian government declining to comment; a copy adds no evidence and changes no stance"
        in result.explanation_lines()
    )
    # The slip does not end Russia's silence either.
    assert result.awaiting_text() == "Russian government (as of 2026-01-27, declined to comment)"
    assert_order_free(world.evidence())


def test_a_copy_that_drops_the_hedge_is_a_garbled_copy() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    blog = world.source("Blog site", kind=OUTLET)
    report = world.document("AP report", outlet=ap)
    copy = world.document("Blog copy", outlet=blog, copy_of=report)
    world.says(ap, document=report, certainty=Certainty.HEDGED)
    world.says(blog, document=copy)

    result = assess(world.evidence())
    assert result.status is Status.UNSOURCED  # without the rule the copy would count as AP
    assert [u.why for u in result.uncounted] == [NotCounted.HEDGED, NotCounted.GARBLED_COPY]
    assert "has Blog site asserting it, but the original “AP report” has Associated Press asserting it (hedged)" in (
        result.uncounted[1].reason
    )


def test_a_faithful_copy_still_counts_as_its_original() -> None:
    world = ChainWorld()
    ap = world.source("Associated Press", B, kind=OUTLET)
    blog = world.source("Blog site", kind=OUTLET)
    report = world.document("AP report", outlet=ap)
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=report)
    world.says(blog, document=world.document("Blog copy", outlet=blog, copy_of=report))
    result = assess(world.evidence())
    assert (result.status, result.uncounted) == (Status.SINGLE_SOURCE, ())
    assert result.origins[0].attributions[1].collapse is Collapse.REWRITE
