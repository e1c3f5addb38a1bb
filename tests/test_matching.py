"""Matching: claim details, the match decision, candidates for an incoming claim, source names.

The rule under test above all: a fuzzy score is not sameness. Pairs that read alike but
differ in a number, a date, a place, an actor or a negation are never "same" or "auto".
"""

from __future__ import annotations

import ast
import hashlib
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from workbench.db.engine import Database
from workbench.db.models import Source, SourceAlias
from workbench.formats.interchange import ClaimSpec
from workbench.importing.analysis import text_words
from workbench.importing.claim_window import ClaimWindow
from workbench.matching import match_keys, prefilter, ranking
from workbench.matching.claim_details import claim_details
from workbench.matching.detail_comparison import conflicting_details, detail_differences
from workbench.matching.fts_index import database_key
from workbench.matching.fuzzy import DECISION_RANK, classify_claim_match, find_claim_candidates
from workbench.matching.match_keys import claim_similarity, key_similarities, key_similarity, match_key, match_tokens, match_words
from workbench.matching.prefilter import scan_prefilter
from workbench.matching.sources import SourceResolution, resolve_source
from workbench.matching.thresholds import MatchThresholds
from workbench.review import claims
from workbench.text.normalize import normalize_claim_text

CEASEFIRE_15 = "The ceasefire was extended by 15 days"
CEASEFIRE_MONTH = "The ceasefire will be extended by one month"
MAQA = "14 detainees released in Maqa"
TAL_DUSH = "340 detainees released in Tal Dush"

LONG = (
    "When a four-day truce ran out on Saturday 24 January 2026, the SDF and the Syrian government "
    "announced that the ceasefire would run for another 15 days."
)
LONG_REWORDED = (
    "After a four-day truce expired on Saturday 24 January 2026, the SDF and Syria's government said "
    "the ceasefire would continue for a further fifteen days."
)

# Each pair reads almost the same and differs in exactly one detail: never the same claim.
DIFFERENT_DETAIL = [
    pytest.param(LONG, LONG.replace("15 days", "30 days"), "numbers", id="number"),
    pytest.param(LONG, LONG.replace("another 15 days", "another month"), "numbers", id="duration-words"),
    pytest.param(LONG, LONG.replace("four-day", "three-day"), "numbers", id="number-word"),
    pytest.param(LONG, LONG.replace("24 January 2026", "25 January 2026").replace("Saturday ", ""), "dates", id="date"),
    pytest.param(LONG, LONG.replace("Saturday 24 January 2026", "Sunday 24 January 2026"), "dates", id="weekday-vs-date"),
    pytest.param(LONG, LONG.replace("January", "February"), "dates", id="month"),
    pytest.param(
        "Russian forces have begun withdrawing from their positions around Qamishli airport in northeast Syria.",
        "Russian forces have begun withdrawing from their positions around Hasakah airport in northeast Syria.",
        "places",
        id="place",
    ),
    pytest.param(
        "Turkish forces have begun withdrawing from their positions around Qamishli airport in northeast Syria.",
        "Russian forces have begun withdrawing from their positions around Qamishli airport in northeast Syria.",
        "actors",
        id="actor",
    ),
    pytest.param(
        "Russian forces have begun withdrawing from their positions around Qamishli airport in northeast Syria.",
        "Russian forces have not begun withdrawing from their positions around Qamishli airport in northeast Syria.",
        "negation",
        id="negation",
    ),
    pytest.param(
        "The Syrian government says the SDF released 150 detainees from the prison in Hasakah on Monday.",
        "The Syrian government says the SDF never released 150 detainees from the prison in Hasakah on Monday.",
        "negation",
        id="never",
    ),
    pytest.param(
        "The Syrian government says the SDF released 150 detainees from the prison in Hasakah on Monday.",
        "The Syrian government says the SDF released 1,500 detainees from the prison in Hasakah on Monday.",
        "numbers",
        id="thousands",
    ),
    pytest.param(
        "Casualties in the province rose by 40 percent in 2025 according to the monitoring group.",
        "Casualties in the province rose by 40 percent in 2024 according to the monitoring group.",
        "dates",
        id="year",
    ),
]


@pytest.mark.parametrize(("a", "b", "kind"), DIFFERENT_DETAIL)
def test_pairs_differing_in_one_detail_are_conflicts_never_matches(a: str, b: str, kind: str) -> None:
    conflicts = conflicting_details(a, b)
    assert conflicts and any(c.startswith(kind) for c in conflicts), conflicts
    score = claim_similarity(a, b)
    assert score >= MatchThresholds().suggest  # they do read alike...
    for thresholds in (MatchThresholds(), MatchThresholds(auto=80, suggest=60, conflict=50)):
        assert classify_claim_match(a, b, score, thresholds) == "conflict"  # ...and are never merged
        assert classify_claim_match(a, b, 100.0, thresholds) == "conflict"
        assert classify_claim_match(b, a, score, thresholds) == "conflict"


def test_the_issues_two_examples_are_conflicting_details() -> None:
    assert conflicting_details(CEASEFIRE_15, CEASEFIRE_MONTH) == [
        "numbers: 15 days vs one month",
        "certainty: was (stated) vs will (forecast)",
    ]
    maqa = conflicting_details(MAQA, TAL_DUSH)
    assert "numbers: 14 detainees vs 340 detainees" in maqa
    assert "places: maqa vs tal dush" in maqa
    for a, b in ((CEASEFIRE_15, CEASEFIRE_MONTH), (MAQA, TAL_DUSH)):
        score = claim_similarity(a, b)
        assert score >= MatchThresholds().conflict
        assert classify_claim_match(a, b, score) == "conflict"


def test_reworded_duplicates_match() -> None:
    assert conflicting_details(LONG, LONG_REWORDED) == []
    score = claim_similarity(LONG, LONG_REWORDED)
    assert score >= MatchThresholds().auto
    assert classify_claim_match(LONG, LONG_REWORDED, score) == "auto"
    short_a = "Russian troops are withdrawing from Qamishli airport"
    short_b = "Russian forces have begun pulling out of the Qamishli base"
    assert conflicting_details(short_a, short_b) == []
    score = claim_similarity(short_a, short_b)
    assert score >= MatchThresholds().suggest
    # Seven words: only ever suggested, even at a perfect score.
    assert classify_claim_match(short_a, short_b, score) == "suggest"
    assert classify_claim_match(short_a, short_b, 100.0) == "suggest"


@pytest.mark.parametrize(
    "written",
    ["on 2024-06-05", "on 5 June 2024", "on June 5, 2024", "on Jun. 5, 2024", "on 05 June 2024"],
)
def test_a_full_date_is_one_word_of_the_match_key_however_written(written: str) -> None:
    """An ISO date against a written one differed in three words, enough to push a reworded
    duplicate under the suggest score."""
    assert match_tokens(f"270 families fled Fatser {written}") == ["270", "family", "fled", "fatser", "2024-06-05"]
    assert claim_similarity("270 families fled Fatser on 2024-06-05", f"270 families fled Fatser {written}") == 100


def test_grouped_digits_are_the_number_they_write() -> None:
    assert claim_similarity("The siege trapped 19,622 civilians", "The siege trapped 19622 civilians") == 100
    assert match_tokens("1,234,567.5 dollars") == ["1234567.5", "dollar"]
    assert match_tokens("2024 06 people, in 2024-13-05") == ["2024", "06", "peopl", "2024", "13", "05"]  # no such dates


@pytest.mark.parametrize(
    "text",
    [
        "Troops pulled out of Qamishli on 5 June 2024, and 1,500 were set free in June",
        "The ceasefire ran out; talks broke out again on June 5 2024 pulling back",
        "pulled",  # a phrase's first word at the end: read alone
        "5 june",  # a date's first words at the end: read alone
        "2024 06 people, in 2024-13-05 they don't pull out, per cent",
        "Nobody said the U.S. forces had withdrawn from the base by 05 June 2024",
    ],
)
def test_match_words_reads_the_tokens_match_tokens_reads(text: str) -> None:
    """``match_words`` reads most words with one cached lookup (``_plain_tokens``); its tokens
    must be those of the general reading, phrases and dates included."""
    assert match_words(text)[0] == match_tokens(text)


def test_the_word_cache_of_match_words_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is cleared when full (an import's memory is budgeted), and reads the same after."""
    monkeypatch.setattr(match_keys, "_PLAIN_TOKENS", {})
    monkeypatch.setattr(match_keys, "_PLAIN_TOKENS_HELD", 8)
    text = "Forces pulled out of twelve towns on 5 June 2024 while 300 civilians were freed near Rosha"
    assert match_words(text)[0] == match_tokens(text)
    assert len(match_keys._PLAIN_TOKENS) <= 8
    assert match_words(text)[0] == match_tokens(text)


def test_same_after_normalisation_and_none_below_thresholds() -> None:
    assert classify_claim_match("Russia  withdraws, from “Qamishli”!", "russia withdraws from qamishli", 0) == "same"
    assert classify_claim_match(LONG, "Hmeimim air base is Russia's principal base on the coast.", 30.0) == "none"
    # A detail only one side gives (a date) keeps a high-scoring long pair at "suggest".
    extra = LONG_REWORDED.replace("on Saturday 24 January 2026", "")
    assert detail_differences(LONG, extra).extras and not detail_differences(LONG, extra).conflicts
    assert classify_claim_match(LONG, extra, 99.0) == "suggest"


def test_normalize_claim_text_keeps_meaning() -> None:
    assert normalize_claim_text("  Russia’s forces — NOT leaving Qāmishlī!  ") == "russias forces not leaving qamishli"
    assert normalize_claim_text("1,500 and 1.5") == "1,500 and 1.5"
    assert normalize_claim_text("") == ""


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        MatchThresholds(auto=70, suggest=80)
    with pytest.raises(ValueError):
        MatchThresholds(conflict=85, suggest=80)
    with pytest.raises(ValueError):
        MatchThresholds(details_allowance=-1)
    assert MatchThresholds().lowest == 65 and MatchThresholds(details_allowance=0).lowest == 70


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extended by one month", [(1, "months")]),
        ("for a year", [(12, "months")]),
        ("for 48 hours", [(2, "days")]),
        ("863 tonnes of flour", [(863_000, "kg")]),
        ("277 miles towards", [(277, "miles")]),
        ("extended by two more weeks", [(14, "days")]),
        ("a four-day truce", [(4, "days")]),
        ("five or six days before", [(5, "days"), (6, "days")]),
        ("5-6 days before", [(5, "days"), (6, "days")]),
        ("1.5 million people", [(1_500_000, None)]),
        ("twenty-five fighters", [(25, None)]),
        ("a dozen trucks", [(12, None)]),
        ("rose 40 per cent", [(40, "%")]),
        ("$5 million in aid", [(5_000_000, "USD")]),
        ("one of the fighters said", []),
        ("no one was hurt", []),
    ],
)
def test_numbers(text: str, expected: list[tuple[float, str | None]]) -> None:
    found = [(round(q.value, 2), q.unit) for q in claim_details(text).numbers]
    assert found == [(round(v, 2), u) for v, u in expected]


def test_dates_places_actors_and_negation() -> None:
    details = claim_details("On Saturday 24 January 2026 Russian troops left Qamishli for the Hmeimim air base.")
    assert [(d.year, d.month, d.day, d.weekday) for d in details.dates] == [(2026, 1, 24, 5)]
    assert "russia" in details.actors
    assert "qamishli" in details.places
    assert not details.negated
    assert [(d.month, d.day) for d in claim_details("January 27, 2026 and Jan. 28").dates] == [(1, 27), (1, 28)]
    assert claim_details("Russia has not commented").negated
    assert claim_details("Russia didn't comment").negated
    assert not claim_details("No fewer than 36 people were hurt").negated
    assert not claim_details("It is not only Russia that left").negated
    # A weekday agrees with a full date when the calendar says so, and not otherwise.
    assert not conflicting_details("talks on Wednesday 28 January 2026", "talks on Wednesday")
    assert conflicting_details("talks on 28 January 2026", "talks on Thursday")
    # Spelling variants, demonyms and acronyms name the same actor.
    assert not conflicting_details("Qamishli airport was emptied by Russia", "Qamishly airport was emptied by the Russians")
    assert not conflicting_details("the Syrian Democratic Forces said", "the SDF said")
    assert conflicting_details("Residents of Surqa were evacuated", "Residents of Surom were evacuated")


# -- candidates in a database ---------------------------------------------------------------------


def test_find_claim_candidates_ranks_and_classifies(sample_database: Database) -> None:
    with sample_database.reading() as session:
        reworded = (
            "Russian troops have begun pulling out of their positions in the part of northeast Syria "
            "still held by the SDF"
        )
        candidates = find_claim_candidates(session, reworded)
        assert candidates[0].text.startswith("Russian forces have started to withdraw")
        assert candidates[0].decision == "auto" and candidates[0].score >= 92
        ranked = [(DECISION_RANK[c.decision], -c.score) for c in candidates]
        assert ranked == sorted(ranked)  # called duplicates first, then by score

        conflicting = (
            "When a four-day truce ran out on Saturday 24 January 2026, the SDF and the Syrian government "
            "announced that the ceasefire would run for another 30 days."
        )
        best = find_claim_candidates(session, conflicting)[0]
        assert best.decision == "conflict"
        assert best.conflicts == ("numbers: 30 days vs 15 days",)

        exact = find_claim_candidates(session, "Moscow had been a close ally of Bashar Assad.")[0]
        assert exact.decision == "same" and exact.score == 100

        assert find_claim_candidates(session, "Penguins colonise the Antarctic coast in spring") == []
        assert find_claim_candidates(session, "   ") == []
        everything = find_claim_candidates(session, reworded, limit=3, include_none=True)
        assert len(everything) == 3


def test_prefilter_is_injectable_and_scan_finds_the_same_best(sample_database: Database) -> None:
    calls: list[tuple[str, int]] = []

    def counting_prefilter(session: Session, text: str, limit: int) -> list[int]:
        calls.append((text, limit))
        return scan_prefilter(session, text, limit)

    text = "Russia granted asylum to Bashar Assad after he fled Syria"
    with sample_database.reading() as session:
        injected = find_claim_candidates(session, text, prefilter=counting_prefilter)
        default = find_claim_candidates(session, text)
    assert calls and calls[0][0] == text
    assert injected[0].claim_id == default[0].claim_id
    assert injected[0].decision == "auto"  # ten words, same details: the same claim


def _add_source(session: Session, key: str, name: str, aliases: tuple[str, ...] = ()) -> int:
    source = Source(key=key, name=name, kind="organization", reliability="F")
    source.aliases = [SourceAlias(alias=a) for a in aliases]
    session.add(source)
    session.flush()
    return source.id


def test_resolve_source(sample_database: Database) -> None:
    with sample_database.writing() as session:
        mod = session.query(Source).filter_by(key="src-syrian-mod").one().id
        assert resolve_source(session, "Syrian Ministry of Defense") == SourceResolution(
            "exact", mod, resolve_source(session, "Syrian Ministry of Defense").candidates
        )
        assert resolve_source(session, "syrian  ministry of defence").kind == "exact"
        alias = resolve_source(session, "Syria’s defence ministry")
        assert (alias.kind, alias.source_id) == ("alias", mod)
        fuzzy = resolve_source(session, "Syrian governmnet")
        assert fuzzy.kind == "fuzzy" and fuzzy.candidates[0].name == "Syrian government"
        # Never a near-spelling of another country's government.
        assert resolve_source(session, "Iranian government").kind == "none"
        assert resolve_source(session, "Russian Ministry of Defense").kind == "none"
        assert resolve_source(session, "").kind == "none"

        _add_source(session, "src-ahmad-ali", "Ahmad Ali")
        ambiguous = resolve_source(session, "Ahmd Ali")
        assert ambiguous.kind == "ambiguous" and ambiguous.source_id is None
        assert {c.name for c in ambiguous.candidates} == {"Ahmed Ali", "Ahmad Ali"}

        _add_source(session, "src-mod-2", "Syrian MoD", aliases=("Syria's defence ministry",))
        twice = resolve_source(session, "Syrian defence ministry")
        assert twice.kind == "ambiguous" and len(twice.candidates) == 2

        strict = resolve_source(session, "Syrian governmnet", MatchThresholds(source_fuzzy=99))
        assert strict.kind == "none"
        session.rollback()


def test_search_ranking_helpers_still_work() -> None:
    assert ranking.score_text("qamishli", "Russian forces leave Qamishli") > 80
    ranked = ranking.rank_claims("qamishli", [(1, "Russians leave Qamishli", ()), (2, "Penguins", ("Qamishli desk",))], 5)
    assert {claim_id for claim_id, _ in ranked} == {1, 2}
    assert ranking.rank_names("ahmed", [(1, "Ahmed Ali"), (2, "Associated Press")])[0][0] == 1


def test_claims_stored_after_the_frequencies_were_cached_are_found(sample_database: Database) -> None:
    text = "The Zorbakan Brigade released 40 shepherds near the Kirdalun checkpoint on Monday"
    with sample_database.reading() as session:
        assert find_claim_candidates(session, text) == []  # frequencies now cached
    with sample_database.writing() as session:
        stored = claims.add_claim(session, "tester", text)
    with sample_database.reading() as session:
        (found,) = find_claim_candidates(session, text.replace("released", "freed"))
        assert found.claim_id == stored.id and found.decision == "auto"
    prefilter.forget_frequencies()


def test_the_import_window_forgets_old_claims_cleanly() -> None:
    """A large import keeps only its most recent claims in memory; the oldest leave it whole,
    including words that normalise to a phrase ("Saudi" -> "saudi arabia")."""
    matcher = ClaimWindow(window=2)
    texts = [
        "Saudi officials said 40 trucks crossed the border near Qamishli on 3 March",
        "Russian forces pulled out of the Qamishli airport base on 4 March overnight",
        "Turkish drones struck a depot holding 12 rockets outside Tal Tamr on 5 March",
        "Kurdish officials said 90 families crossed the border near Amuda on 6 March",
    ]
    for claim_id, text in enumerate(texts, start=1):
        matcher.added(claim_id, f"c{claim_id}", text)
    assert sorted(matcher._entries) == [3, 4]
    # Swept (a window of two sweeps at every claim): the postings name only claims 3 and 4.
    assert _claims_in_postings(matcher) == {3, 4}
    assert all(seq >= matcher._first_live() for seq in _sequence_numbers(matcher))
    # A reworded copy of a forgotten claim is no longer found; one of a kept claim is.
    def spec(key: str, text: str) -> ClaimSpec:
        return ClaimSpec(key=key, text=text, tags=None, place=None, event_date=None, verdict=None, attributions=(), line=9)

    forgotten = matcher.match(spec("n1", "Near Qamishli 40 trucks crossed the border on 3 March, Saudi officials said"))
    assert forgotten is None or forgotten.existing_id != 1
    found = matcher.match(spec("n2", "Near Amuda 90 families crossed the border on 6 March, Kurdish officials said"))
    assert found is not None and found.existing_id == 4


def test_the_prefilter_asks_for_rare_words_and_common_ones_only_within_a_budget() -> None:
    """Three common words at a million claims made bm25 rank 60,000 claims (75 ms); a claim's
    rare words (names, numbers) are what a rewording keeps, so they are never cut."""
    frequencies = {"nabkofkam": 81, "kamtor": 800, "18": 9_000, "dollars": 31_000, "saturday": 29_000, "people": 90_000}
    rarest_first = sorted(frequencies, key=frequencies.__getitem__)
    cap = 10_000
    assert prefilter._chosen_terms(rarest_first, frequencies, cap) == ["nabkofkam", "kamtor", "18"]
    only_common = {"nabkofkam": 81, "dollars": 31_000, "saturday": 29_000}
    assert prefilter._chosen_terms(sorted(only_common, key=only_common.__getitem__), only_common, cap) == ["nabkofkam"]
    # A typo'd word is in no claim: one common word joins even over the budget, or nothing is found.
    typo = {"hotsages": 0, "handed": 30_000, "people": 90_000}
    assert prefilter._chosen_terms(["hotsages", "handed", "people"], typo, cap) == ["hotsages", "handed"]
    many_rare = {f"name{i}": i + 1 for i in range(12)}
    assert len(prefilter._chosen_terms(sorted(many_rare, key=many_rare.__getitem__), many_rare, cap)) == prefilter.MAX_TERMS


def test_common_words_rank_the_claims_the_rare_ones_select() -> None:
    frequencies = {"destoryed": 0, "rosha": 834, "storehouse": 20_731, "monday": 29_246, "near": 624_952}
    rarest_first = sorted(frequencies, key=frequencies.__getitem__)
    expression = prefilter._match_expression(rarest_first, frequencies, cap=10_000, ceiling=100_000, limit=100)
    # "rosha" selects (the typo finds nothing); "storehouse" and "monday" order what it selects;
    # "near", in most claims, says nothing and is left out.
    assert expression == '("destoryed" OR "rosha") AND ("destoryed" OR "rosha" OR "storehouse" OR "monday")'
    # Selecting no more claims than are asked for, the rare words need no ranking.
    assert prefilter._match_expression(rarest_first, frequencies, cap=10_000, ceiling=100_000, limit=1000) == '"destoryed" OR "rosha"'


def test_a_reworded_claim_is_found_among_many_sharing_its_only_rare_word(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one rare word held by more claims than the candidate pool, bm25 ordered them by
    length alone and the rewording fell out of the pool. (The floors are lowered so that a
    few hundred claims behave as a million do: "rosha" rare, "storehouse" and "monday" common.)"""
    monkeypatch.setattr(prefilter, "COMMON_FLOOR", 115)
    monkeypatch.setattr(prefilter, "RANKING_SHARE", 1)
    monkeypatch.setattr(prefilter, "POSTING_BUDGET", 200)
    with sqlite_database.writing() as session:
        for i in range(110):
            claims.add_claim(session, "setup", f"Residents of Rosha said market {i} was closed by the council.")
        target = claims.add_claim(session, "setup", "A storehouse in Rosha was destroyed by drone crews on Monday, officials said.").id
        for i in range(120):
            claims.add_claim(session, "setup", f"Filler {i}: drone crews inspected a storehouse on Monday, officials said.")
        for i in range(300):
            claims.add_claim(session, "setup", f"Unrelated {i}: the weather was mild.")
    prefilter.forget_frequencies()
    query = "On Monday, drone crews destoryed a storehouse in Rosha, officials said."
    with sqlite_database.reading() as session:
        assert target in prefilter.similar_claim_ids(session, query, 100)[:3]
        found = find_claim_candidates(session, query)
    prefilter.forget_frequencies()
    assert found and found[0].claim_id == target


def test_the_prefilter_counts_only_the_words_it_is_asked_about(sqlite_database: Database) -> None:
    """Reading every word's count read the whole full-text index: 2.9 s and 314 MB to import
    20 claims into a database of a million claims with a million distinct words. Only the
    words of the claims matched are counted now, each once while the counts are fresh."""
    with sqlite_database.writing() as session:
        for i in range(40):
            claims.add_claim(session, "setup", f"Residents of Rosha said market {i % 7} was shelled on Monday by drone crews.")
        for i in range(40):
            claims.add_claim(session, "setup", f"Aid convoy {i} reached Tal Tamr after the Kirdalun checkpoint reopened.")
    queries = [
        "Drone crews shelled a market in Rosha on Monday, residents said.",
        "Aid workers reached Tal Tamr once the Kirdalun checkpoint reopened.",
        "Nothing like this zorbakan sentence is stored.",
    ]
    prefilter.forget_frequencies()
    with sqlite_database.reading() as session:
        answers = [prefilter.similar_claim_ids(session, query, 20) for query in queries]
        counted = prefilter._frequency_cache[database_key(session)].counts
        asked = {word for query in queries for word in prefilter.query_terms(query)}
        assert set(counted) == asked  # not every word of the index
        assert "convoy" not in asked and "crews" in asked
        for word in asked:
            holding = session.execute(sql("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH :w"), {"w": f'"{word}"'})
            assert counted[word] == holding.scalar(), word
        assert counted["rosha"] == 40 and counted["zorbakan"] == 0 and counted["kirdalun"] == 40
    prefilter.forget_frequencies()
    assert answers[0] and answers[1] and set(answers[0]).isdisjoint(answers[1])


def _sequence_numbers(matcher: ClaimWindow) -> list[int]:
    return [seq for posting in matcher._postings.values() for seq in ([posting] if isinstance(posting, int) else posting)]


def _claims_in_postings(matcher: ClaimWindow) -> set[int]:
    """The window claims the postings name (numbers of claims that left are skipped when read)."""
    first_live = matcher._first_live()
    return {matcher._ring[seq % matcher.window] for seq in _sequence_numbers(matcher) if seq >= first_live}


def _unique_words(index: int) -> str:
    return " ".join(hashlib.sha256(f"{index}-{w}".encode()).hexdigest()[:8] for w in range(6))


def test_a_word_too_common_to_pick_candidates_picks_again_once_claims_leave() -> None:
    """A word held by more than 100 window claims says nothing and picks no candidates; once
    claims leaving the window bring it down to 100 or fewer, it picks the most recent 50."""
    (common,) = match_tokens("ceasefire")
    matcher = ClaimWindow(window=300)
    for claim_id in range(1, 251):
        matcher.added(claim_id, f"c{claim_id}", f"ceasefire {_unique_words(claim_id)}")
    assert matcher._window_candidates((common,)) == []
    for claim_id in range(251, 481):  # claims 1-180 leave: 70 left hold the word
        matcher.added(claim_id, f"c{claim_id}", _unique_words(claim_id))
    assert matcher._window_candidates((common,)) == list(range(250, 200, -1))
    for claim_id in range(481, 551):  # the rest leave: the word picks nothing, and is swept
        matcher.added(claim_id, f"c{claim_id}", _unique_words(claim_id))
    assert matcher._window_candidates((common,)) == []
    for claim_id in range(551, 626):
        matcher.added(claim_id, f"c{claim_id}", _unique_words(claim_id))
    assert common not in matcher._postings


def test_a_word_in_one_window_claim_is_held_as_one_number_and_found_as_before() -> None:
    """Most window words (names, numbers) are in one claim: held as its bare sequence number
    (no container at all), a list once a second claim holds it, one number again when the
    sweep finds one left, and gone with the last. Candidates are found through either."""
    (rare,) = match_tokens("Zubayrah")
    matcher = ClaimWindow(window=3)  # swept at every claim
    matcher.added(1, "c1", "Shelling hit the Zubayrah checkpoint overnight, killing 4 guards")
    assert matcher._postings[rare] == 0
    matcher.added(2, "c2", "The Zubayrah checkpoint was shelled overnight and 4 guards were killed")
    assert matcher._postings[rare] == [0, 1]
    tokens, _normalized, _key = text_words("Zubayrah checkpoint shelled overnight, 4 guards killed")
    assert matcher._window_candidates(tokens) == [2, 1]  # the most recent first
    matcher.added(3, "c3", "Aid convoys reached Raqqa on Monday")
    matcher.added(4, "c4", "Aid convoys reached Hasakah on Tuesday")  # claim 1 leaves
    assert matcher._postings[rare] == 1
    assert matcher._window_candidates(tokens) == [2]
    matcher.added(5, "c5", "Aid convoys reached Amuda on Wednesday")  # claim 2 leaves
    assert rare not in matcher._postings
    assert matcher._window_candidates(tokens) == []


def test_words_of_claims_that_left_the_window_are_swept_within_a_quarter_window() -> None:
    """Postings are not updated as claims leave; the sweep keeps what they hold beyond the
    window's own words within a quarter window's claims (a feed's names and numbers are new
    with nearly every claim, so unswept they would grow with the file)."""
    window = 40
    matcher = ClaimWindow(window=window)
    words = {index: text_words(_unique_words(index))[0] for index in range(1, 1_001)}
    for claim_id in range(1, 1_001):
        matcher.added(claim_id, f"c{claim_id}", _unique_words(claim_id))
        recent = set(range(max(1, claim_id - window - window // 4 + 1), claim_id + 1))
        assert _claims_in_postings(matcher) <= set(range(claim_id - window + 1, claim_id + 1))
        allowed = {token for index in recent for token in words[index]}
        assert set(matcher._postings) <= allowed
    assert len(matcher._entries) == window


# -- shape -------------------------------------------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"


def _imports(tree: ast.Module) -> list[tuple[ast.AST, str]]:
    found: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found += [(node, node.module)] + [(node, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node, alias.name) for alias in node.names]
    return found


def test_matching_and_text_import_without_cycles_or_hidden_imports() -> None:
    """Every import in ``matching/`` and ``text/`` is at module level, and they form no cycle."""
    modules = {
        ".".join(("workbench", *path.relative_to(PACKAGE).with_suffix("").parts)): ast.parse(path.read_text(encoding="utf-8"))
        for folder in ("matching", "text")
        for path in sorted((PACKAGE / folder).glob("*.py"))
    }
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        top_level = {id(node) for node in tree.body}
        hidden = [target for node, target in _imports(tree) if id(node) not in top_level]
        assert hidden == [], f"{name} imports inside a function: {hidden}"
        graph[name] = {target for _, target in _imports(tree) if target in modules and target != name}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        pytest.fail(f"import cycle: {cycle.args[1]}")


def test_the_prefilters_best_are_scored_whatever_the_coarse_pass_says(database: Database) -> None:
    """Past 50 rows a coarse pass over raw wording picks which get the full score. The claim a
    new one rewords shares its rare words (the index ranks it first) but not its wording, and
    at a million claims sixty claims worded like the query pushed it out."""
    new = "The Bulba Front surrounded Linrasro for 21 days, trpaping 51 civilians."
    reworded = "Linrasro was encircled by the Bulba Front for 3 weeks, trapping 51 non-combatants."
    with database.writing() as session:
        alike = [claims.add_claim(session, "tester", f"The Bulba Front surrounded Town{i} for {14 + i} months, trapping "
                                  f"{100 + i} civilians.").id for i in range(60)]
        original = claims.add_claim(session, "tester", reworded).id

    def index_ranks_it_first(session: Session, text: str, limit: int) -> list[int]:
        return [original, *alike][:limit]

    with database.reading() as session:
        found = find_claim_candidates(session, new, prefilter=index_ranks_it_first)
    assert (found[0].claim_id, found[0].decision) == (original, "suggest")


@pytest.mark.parametrize("cutoff", [0.0, 40.0, 60.0, 85.0, 100.0])
def test_keys_scored_in_bulk_score_as_one_by_one(cutoff: float) -> None:
    """The import scores a claim's window candidates in one call: the same scores, and the
    same ones left out, as scoring each pair."""
    texts = [
        "Russian forces are leaving the Qamishli base",
        "Russian troops are withdrawing from the base at Qamishli",
        "Russian forces are leaving the Hmeimim base",
        "Russian forces leave Qamishli",
        "The SDF denied that any Russian forces had left",
        "Turkish drones struck a fuel depot near Amuda on Tuesday",
        "",
        "Russian forces are leaving the Qamishli base",
    ]
    query = match_key(texts[0])
    keys = [match_key(text) for text in texts]
    expected = {index: key_similarity(query, key, score_cutoff=cutoff) for index, key in enumerate(keys)}
    expected = {index: score for index, score in expected.items() if score}
    assert dict(key_similarities(query, keys, cutoff)) == expected
    assert len(expected) >= 2  # the claim itself and its copy at least: something was compared
    assert key_similarities(query, [], cutoff) == []
