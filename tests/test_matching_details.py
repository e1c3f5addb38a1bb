"""Details that make two alike-worded claims different: certainty, aspect, exact numbers, units.

"Russia has withdrawn its forces from Qamishli" and "Russia may withdraw its forces from
Qamishli" score 100 on wording. They are two claims, and so are "380 days" and "381 days":
each pair below is listed under conflicting details with the difference named, and is never
offered as a duplicate nor merged automatically, by the import's matcher or by ``duplicates``.
"""

from __future__ import annotations

import pytest

from workbench.matching.claim_details import claim_details
from workbench.matching.dedup import find_near_duplicates
from workbench.matching.detail_comparison import detail_differences
from workbench.matching.fuzzy import classify_claim_match, rank_candidates
from workbench.matching.match_keys import claim_similarity
from workbench.matching.thresholds import MatchThresholds
from workbench.text.aspect import Aspect
from workbench.vocabulary import Certainty

HAS_WITHDRAWN = "Russia has withdrawn its forces from Qamishli"

DIFFERENT = [
    pytest.param(HAS_WITHDRAWN, "Russia may withdraw its forces from Qamishli",
                 "certainty: has (stated) vs may (hedged)", id="may"),
    pytest.param(HAS_WITHDRAWN, "Russia plans to withdraw its forces from Qamishli",
                 "certainty: has (stated) vs plans to (forecast)", id="plans-to"),
    pytest.param("Russia may withdraw its forces from Qamishli", "Russia will withdraw its forces from Qamishli",
                 "certainty: may (hedged) vs will (forecast)", id="may-vs-will"),
    pytest.param("Russia began withdrawing its forces from Qamishli",
                 "Russia completed the withdrawal of its forces from Qamishli", "aspect: began vs completed",
                 id="began-vs-completed"),
    pytest.param("Russia began withdrawing its forces from Qamishli", "Russia withdrew its forces from Qamishli",
                 "aspect: began vs not said", id="began-vs-plain"),
    pytest.param(HAS_WITHDRAWN, "Russia denies it has withdrawn its forces from Qamishli",
                 "negation: only the second claim is negated ('denies')", id="denies"),
    pytest.param("The siege of the town lasted 380 days before the army entered",
                 "The siege of the town lasted 381 days before the army entered", "numbers: 380 days vs 381 days",
                 id="duration-off-by-one"),
    pytest.param("Talks between the two delegations went on for 170 hours in the capital",
                 "Talks between the two delegations went on for 171 hours in the capital",
                 "numbers: 170 hours vs 171 hours", id="hours-off-by-one"),
    pytest.param("The ceasefire was extended by 30 days after the talks",
                 "The ceasefire was extended by one month after the talks", "numbers: 30 days vs one month",
                 id="month-is-not-30-days"),
    pytest.param("German police brought 863 tonnes of flour to Tal Zorkof on Monday",
                 "German police brought 863 kilograms of flour to Tal Zorkof on Monday",
                 "numbers: 863 tonnes vs 863 kilograms", id="tonnes-vs-kilograms"),
    pytest.param("The Elser Union pushed forward 277 kilometres towards Malrogaz on Saturday",
                 "The Elser Union pushed forward 277 miles towards Malrogaz on Saturday",
                 "numbers: 277 kilometres vs 277 miles", id="kilometres-vs-miles"),
    pytest.param("Hajzorsur was shelled by Ukrainian artillery units on Wednesday, killing 9 civilians",
                 "Hajzorsur was shelled by Ukrainian drone crews on Wednesday, killing 9 civilians",
                 "names: Ukrainian artillery vs Ukrainian drone", id="same-country-other-unit"),
    pytest.param("43 hostages were given back to German border guards by Qatari police in Nabdiljar",
                 "43 hostages were given back to German forces by Qatari police in Nabdiljar",
                 "names: German border vs German forces", id="border-guards-vs-forces"),
    # A town named first, that looks plural: found at a million claims, merged as one event.
    pytest.param("Saudi militias pounded Jarkoftor on Tuesday, killing 719 non-combatants.",
                 "Malras was pounded by Saudi militias on Tuesday, killing 719 non-combatants.",
                 "actors: jarkoftor vs malras", id="plural-looking-town-first"),
    pytest.param("Halzanhaj was shelled by the Yarwad Brigade on August 21, 2025, killing 38 civilians.",
                 "Nabummras was shelled by the Yarwad Brigade on August 21, 2025, killing 38 civilians.",
                 "actors: halzanhaj vs nabummras", id="two-towns-first"),
    # A name inside a longer one is the same place ("Qamishli airport") unless the other word
    # makes a new place: a toponym's head noun or a compass point. Found at a million claims.
    pytest.param("Shelling hit Torjar on Monday, killing 12 people.", "Shelling hit Jisr Torjar on Monday, killing 12 people.",
                 "places: torjar vs jisr torjar", id="jisr-torjar-is-not-torjar"),
    pytest.param("Clashes were reported in Abyad overnight.", "Clashes were reported in Tal Abyad overnight.",
                 "places: abyad vs tal abyad", id="tal-abyad-is-not-abyad"),
    pytest.param("The convoy crossed into Sudan on Friday.", "The convoy crossed into South Sudan on Friday.",
                 "places: sudan vs south sudan", id="south-sudan-is-not-sudan"),
    pytest.param("The ship docked at Sudan's main port.", "The ship docked at Port Sudan's main pier.",
                 "places: sudan vs port sudan", id="port-sudan-is-not-sudan"),
]


@pytest.mark.parametrize(("a", "b", "named"), DIFFERENT)
def test_the_difference_is_named_and_never_a_duplicate(a: str, b: str, named: str) -> None:
    comparison = detail_differences(a, b)
    assert named in comparison.conflicts, comparison
    score = claim_similarity(a, b)
    for thresholds in (MatchThresholds(), MatchThresholds(auto=70, suggest=60, conflict=50)):
        assert classify_claim_match(a, b, score, thresholds) == "conflict"
        assert classify_claim_match(a, b, 100.0, thresholds) == "conflict"
    [candidate] = rank_candidates(a, [(7, b)], limit=5)
    assert candidate.decision == "conflict" and named in candidate.conflicts
    found = find_near_duplicates([(1, a), (2, b)], min_score=60, conflict_score=50)
    assert not found.duplicates
    assert [(p.claim_id, p.other_claim_id) for p in found.conflicting] == [(1, 2)]
    assert named in found.conflicting[0].conflicts


SAME = [
    pytest.param("About 300 families fled Qamishli on Monday", "Some 300 families fled Qamishli on Monday",
                 id="approximators"),
    pytest.param("Russia may have withdrawn its forces from Qamishli",
                 "Russia might have withdrawn its forces from Qamishli", id="one-hedge-two-words"),
    pytest.param("The curfew on the town was imposed for two weeks",
                 "The curfew on the town was imposed for 14 days", id="two-weeks-14-days"),
    pytest.param("The curfew on the town was imposed for 48 hours",
                 "The curfew on the town was imposed for two days", id="48-hours-two-days"),
    pytest.param("The blockade of the port lasted a year", "The blockade of the port lasted 12 months",
                 id="a-year-12-months"),
    pytest.param("Aid workers brought 2 tonnes of flour to the camp", "Aid workers brought 2,000 kilograms of flour to the camp",
                 id="tonnes-in-kilograms"),
    pytest.param("Russian troops began pulling out of Qamishli", "Russian forces started to withdraw from Qamishli",
                 id="began-started"),
    pytest.param("Saudi militias damaged 91 percent of the homes in Shagazser",
                 "Saudi mliitias damaged 91 percent of the homes in Shagazser", id="typo-in-the-unit"),
    pytest.param("Malras was pounded by Saudi militias on Tuesday", "Saudi militias pounded Malras on Tuesday",
                 id="town-first-then-last"),
    pytest.param("Residents were evacuated from Maqa on Monday", "Residents of Maqa were evacuated on Monday",
                 id="plural-word-first"),
    pytest.param("Officials said 20 people died in Maqa", "Witnesses said 20 people died in Maqa",
                 id="plural-speakers-first"),
    pytest.param("Russian forces left their base at Qamishli airport", "Russian forces left their base at Qamishli",
                 id="a-place-and-its-airport"),
    pytest.param("Bashar al-Assad met Putin in Moscow", "Assad met Putin in Moscow", id="full-name-and-surname"),
    pytest.param("Abu Mohammed al-Jolani spoke in Idlib", "Jolani spoke in Idlib", id="kunya-is-not-a-place-word"),
    pytest.param("Shelling hit Ras al-Ain on Monday", "Shelling hit Ras al-Ain city on Monday", id="toponym-and-its-city"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_rewordings_that_keep_every_detail_do_not_conflict(a: str, b: str) -> None:
    assert detail_differences(a, b).conflicts == []


def test_completed_against_a_plain_verb_is_an_extra_not_a_conflict() -> None:
    comparison = detail_differences("Russia completed the withdrawal of its forces", "Russia withdrew its forces")
    assert comparison.conflicts == []
    assert comparison.extras == ["aspect: completed only in the first claim"]


def test_certainty_and_aspect_are_read_with_the_text_toolkit() -> None:
    hedged = claim_details("Russian forces reportedly left the base")
    assert (hedged.certainty, hedged.certainty_words) == (Certainty.HEDGED, ("reportedly",))
    forecast = claim_details("Russian forces are expected to leave the base")
    assert forecast.certainty is Certainty.FORECAST
    stated = claim_details("Russian forces are withdrawing from the base")
    assert (stated.certainty, stated.aspect) == (Certainty.STATED, Aspect.BEGUN)
    assert claim_details("There is nothing left in the base").aspect is None
    assert claim_details("The withdrawal was completed on Monday").aspect is Aspect.COMPLETED


def test_a_duplicate_is_offered_before_a_higher_scoring_conflict() -> None:
    """At a million claims the import took the best score: a claim with another place, number
    and date (78.6), and reported a conflict instead of the claim the new one rewords (78.2)."""
    new = ("Inhabitants said ruoghly 22 inhabitants were detained in Danhalzan by the Roba Movement "
           "on Oct. 2, 2024 near the terkanab mill.")
    reworded = ("Residents said the Roba Movement rounded up roughly 22 residents in Danhalzan on Oct. 2, 2024 "
                "near the terkanab mill.")
    other_event = "23 inhabitants were detained in Halummlin by the Rotal Movement on Oct. 4, 2024 near the tergaz mill."
    assert claim_similarity(new, other_event) > claim_similarity(new, reworded)
    found = rank_candidates(new, [(1, other_event), (2, reworded)], limit=5)
    assert [(c.claim_id, c.decision) for c in found] == [(2, "suggest"), (1, "conflict")]
    [first] = rank_candidates(new, [(1, other_event), (2, reworded)], limit=1)
    assert first.claim_id == 2
    [only] = rank_candidates(new, [(1, other_event)], limit=1)
    assert only.decision == "conflict"  # with no duplicate, the conflict is still offered


def test_a_vouched_rewording_far_down_the_scores_is_still_found() -> None:
    """Twelve claims about other places, worded like the new one, outscore the one it rewords
    (66.7, vouched by Linrasro, the Bulba Front and 51); at a million claims it was never
    classified, as only the ten best scores were."""
    new = "The Bulba Front surrounded Linrasro for 21 days, trpaping 51 civilians."
    reworded = "Linrasro was encircled by the Bulba Front for 3 weeks, trapping 51 non-combatants."
    places = ["Nurdil", "Halummlin", "Eltal", "Maqa", "Talkaro", "Zorjarar", "Arnabter", "Elqael", "Danhalzan",
              "Serkirras", "Malras", "Jarkoftor"]
    alike = [f"The Bulba Front surrounded {place} for {14 + i} months, trapping {100 + i} civilians."
             for i, place in enumerate(places)]
    assert min(claim_similarity(new, other) for other in alike) > claim_similarity(new, reworded) >= 65
    found = rank_candidates(new, [*enumerate(alike, start=1), (99, reworded)], limit=5)
    assert (found[0].claim_id, found[0].decision) == (99, "suggest")
    assert [c.decision for c in found[1:]] == ["conflict"] * 4
