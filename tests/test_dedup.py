"""Near-duplicates across the database: blocking, scoring, and conflicts kept apart."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import planted_claims
import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.matching import blocking, dedup, dedup_workers
from workbench.matching.dedup import BlockingParameters, candidate_pairs, duplicates_in_database, find_near_duplicates
from workbench.matching.match_keys import key_similarity, match_tokens
from workbench.review import claims, links

WITHDRAWAL = "Russian forces have started to withdraw from their positions in the part of northeast Syria still held by the SDF."
WITHDRAWAL_REWORDED = "Russian troops have begun pulling out of their positions in the part of northeast Syria still held by the SDF"

EXAMPLES = [
    (1, WITHDRAWAL),
    (2, "The ceasefire was extended by 15 days"),
    (3, "Hmeimim air base is Russia's principal base on the Syrian coast."),
    (4, "The ceasefire will be extended by one month"),
    (5, "14 detainees released in Maqa"),
    (6, WITHDRAWAL_REWORDED),
    (7, "340 detainees released in Tal Dush"),
    (8, "Moscow had been a close ally of Bashar Assad."),
]


def test_duplicates_and_conflicts_are_listed_apart() -> None:
    result = find_near_duplicates(EXAMPLES)
    assert [(p.claim_id, p.other_claim_id) for p in result.duplicates] == [(1, 6)]
    assert result.duplicates[0].score >= 90 and not result.duplicates[0].conflicts
    conflicting = {(p.claim_id, p.other_claim_id): p for p in result.conflicting}
    assert set(conflicting) == {(2, 4), (5, 7)}
    assert conflicting[(2, 4)].conflicts == (
        "numbers: 15 days vs one month",
        "certainty: was (stated) vs will (forecast)",
    )
    assert "places: maqa vs tal dush" in conflicting[(5, 7)].conflicts
    assert result.stats.claims == 8
    # Raising the bar leaves the duplicate out; conflicts have their own floor.
    high = find_near_duplicates(EXAMPLES, min_score=99, conflict_score=79)
    assert all(p.score >= 99 for p in high.duplicates) and not high.conflicting


def test_exact_copies_and_tiny_inputs() -> None:
    assert find_near_duplicates([]).pairs == []
    assert find_near_duplicates([(1, WITHDRAWAL)]).pairs == []
    copies = find_near_duplicates([(1, "Russia gave Assad asylum."), (2, "russia gave assad asylum")])
    assert [(p.kind, p.score) for p in copies.pairs] == [("duplicate", 100.0)]


def test_planted_pairs_are_found_and_never_confused() -> None:
    data = planted_claims.generate(3000, duplicate_share=0.05, different_share=0.02, seed=11)
    result = find_near_duplicates(list(enumerate(data.claims)))
    duplicates = {(p.claim_id, p.other_claim_id) for p in result.duplicates}
    conflicting = {(p.claim_id, p.other_claim_id) for p in result.conflicting}

    def pair(a: int, b: int) -> tuple[int, int]:
        return (min(a, b), max(a, b))

    found = sum(pair(a, b) in duplicates for a, b in data.duplicates)
    assert found / len(data.duplicates) >= 0.97
    assert not [x for x in data.different if pair(x[0], x[1]) in duplicates]
    assert sum(pair(a, b) in conflicting for a, b, _ in data.different) / len(data.different) >= 0.9
    # Blocking did its job: far fewer pairs scored than all of them.
    assert result.stats.candidate_pairs < 3000 * 2999 / 2 / 20


def test_blocking_pairs_shared_rare_words_and_skeletons() -> None:
    texts = [
        "The Kofmidush Council has released 40 tents in Ain Qagaz",
        "The Kofmidush Council freed 40 tents in Ain Qagaz",
        "Penguins colonise the Antarctic coast in spring",
    ]
    pairs = candidate_pairs([frozenset(match_tokens(t)) for t in texts], BlockingParameters())
    assert pairs.tolist() == [0 * 3 + 1]
    assert candidate_pairs([frozenset({"a"})], BlockingParameters()).tolist() == []


def test_a_claim_of_common_words_only_is_signed_by_its_two_rarest_first_in_code_point_order() -> None:
    """With min_df_cap 2, a word in three claims is common. The first claim has only common
    words, all equally frequent: it is signed by "aa" and "bb" (first in code-point order), so
    it signs exactly as the claim of those two words does, and not as one of "yy" and "zz"."""
    parameters = BlockingParameters(min_df_cap=2)
    claims = [{"zz", "yy", "bb", "aa"}, {"aa", "bb"}, {"aa", "bb", "zz", "yy"}, {"zz", "yy", "qq"}, set(), {"qq"}]
    table = blocking.word_table(claims)
    frequencies = np.bincount(table.words, minlength=len(table.vocabulary))
    common = frequencies > 2
    claim_of = np.repeat(np.arange(table.claims), np.diff(table.starts))
    signatures, signed = blocking._signatures(table, frequencies, common, claim_of, parameters, lambda *_: None)
    assert signed.tolist() == [True, True, True, True, False, True]
    assert (signatures[0] == signatures[1]).all() and (signatures[2] == signatures[1]).all()
    assert not (signatures[3] == signatures[1]).all()  # signed by its rare "qq" alone
    assert (signatures[3] == signatures[5]).all()
    assert {0 * 6 + 1, 0 * 6 + 2, 1 * 6 + 2, 3 * 6 + 5} <= set(blocking.candidate_pairs_of(table, parameters).tolist())


def test_names_are_left_out_of_a_skeleton_but_not_out_of_the_words() -> None:
    """Two claims of the same three common words, one of them a name in only one of the
    claims: their skeletons differ (no pair from skeletons), though their words agree."""
    parameters = BlockingParameters(min_df_cap=1, bands=1, rows=1, skeleton_words=3)
    words = [{"army", "took", "the", "town"}, {"army", "took", "the", "town"}]
    filler = [{"army", "took", "the", "town", f"w{i}"} for i in range(3)]
    with_names = blocking.word_table(words + filler, [set(), {"town"}] + [set()] * 3)
    without = blocking.word_table(words + filler)
    common = np.array([not word.startswith("w") for word in with_names.vocabulary])  # w0, w1, w2: rare
    assert with_names.vocabulary == without.vocabulary
    claim_of = np.repeat(np.arange(5), np.diff(with_names.starts))
    pairs_with_names = set(blocking._skeleton_pairs(with_names, common, claim_of, parameters).tolist())
    pairs_without = set(blocking._skeleton_pairs(without, common, claim_of, parameters).tolist())
    assert 0 * 5 + 1 not in pairs_with_names and 0 * 5 + 2 in pairs_with_names
    assert 0 * 5 + 1 in pairs_without


def _invoke(url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--db", url, *args], env={"WORKBENCH_REVIEWER": "tester", "WORKBENCH_DB": None}, catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_duplicates_in_database_and_cli(sample_database: Database, database_url: str) -> None:
    with sample_database.writing() as session:
        reworded = claims.add_claim(session, "tester", WITHDRAWAL_REWORDED)
        short = claims.add_claim(session, "tester", "The ceasefire was extended by 15 days")
        longer = claims.add_claim(session, "tester", "The ceasefire will be extended by one month")
        links.link_claims(session, "tester", short.id, longer.id, "contradicts")
    with sample_database.reading() as session:
        result = duplicates_in_database(session)
    (duplicate,) = [p for p in result.duplicates if reworded.id in (p.claim_id, p.other_claim_id)]
    (conflict,) = [p for p in result.conflicting if {p.claim_id, p.other_claim_id} == {short.id, longer.id}]
    assert conflict.linked_as == ("contradicts",)

    code, out, err = _invoke(database_url, "duplicates", "--json")
    assert code == 0, err
    records = json.loads(out)
    kinds = {(r["claim_id"], r["other_claim_id"]): r["kind"] for r in records}
    assert kinds[(duplicate.claim_id, duplicate.other_claim_id)] == "duplicate"
    assert kinds[(short.id, longer.id)] == "conflicting_details"
    assert "candidate pairs scored" in err

    code, out, _ = _invoke(database_url, "-q", "duplicates", "--csv", "--unlinked")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and rows[0].keys() >= {"kind", "score", "claim_id", "other_claim_id", "details"}
    assert not [r for r in rows if {int(r["claim_id"]), int(r["other_claim_id"])} == {short.id, longer.id}]

    code, out, err = _invoke(database_url, "-q", "duplicates")
    assert code == 0 and err == ""
    assert "Possible duplicates" in out and "Conflicting details (not duplicates)" in out

    code, _, err = _invoke(database_url, "duplicates", "--min-score", "70", "--conflict-score", "90")
    assert code == 2 and "conflict-score" in err

    # The reviewer merges the duplicate; it is gone from the next run and the status is recomputed.
    code, _, err = _invoke(database_url, "merge", str(duplicate.claim_id), str(duplicate.other_claim_id), "--reason", "reworded", "--yes")
    assert code == 0, err
    code, out, _ = _invoke(database_url, "-q", "duplicates", "--json")
    assert not [r for r in json.loads(out) if r["other_claim_id"] == duplicate.other_claim_id]


@pytest.mark.parametrize("bands,rows", [(10, 3), (30, 2)])
def test_blocking_parameters_are_tunable(bands: int, rows: int) -> None:
    result = find_near_duplicates(EXAMPLES, parameters=BlockingParameters(bands=bands, rows=rows))
    assert (1, 6) in {(p.claim_id, p.other_claim_id) for p in result.duplicates}


def test_details_read_in_worker_processes_give_the_same_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    data = planted_claims.generate(600, duplicate_share=0.05, different_share=0.05, seed=5)
    claims_in = list(enumerate(data.claims))
    serial = find_near_duplicates(claims_in)
    monkeypatch.setattr(dedup_workers, "PARALLEL_FROM", 10)
    monkeypatch.setattr(dedup_workers, "CHECK_PARALLEL_FROM", 10)
    # Parts small enough that many come back from the workers: their order must hold.
    monkeypatch.setattr(dedup_workers, "_WORDS_CHUNK", 37)
    monkeypatch.setattr(dedup_workers, "_CHECK_CHUNK", 7)
    parallel = find_near_duplicates(claims_in)
    assert parallel.pairs == serial.pairs and len(serial.pairs) > 7 * 3


@pytest.mark.parametrize("floor", [65.0, 80.0, 45.0, 0.0])
def test_bulk_scores_are_key_similarity_pair_by_pair(floor: float) -> None:
    """The scorer sorts each key's words once and runs token_sort first: the same pairs and
    scores as ``key_similarity``, also for floors of 50 and under, where no part is cut off."""
    data = planted_claims.generate(300, duplicate_share=0.1, different_share=0.1, seed=11)
    keys = [" ".join(match_tokens(text)) for text in data.claims]
    keys += ["", "b a", "a b a", "a a"]  # empty, and words repeated or out of order
    n = len(keys)
    codes = np.array([i * n + j for i in range(n) for j in range(i + 1, n)], dtype=np.int64)
    got = dedup._scored_pairs(keys, codes, floor, lambda stage, done, total: None)
    expected = []
    for code in codes.tolist():
        i, j = divmod(code, n)
        score = key_similarity(keys[i], keys[j], score_cutoff=floor)
        if score and score >= floor:
            expected.append((score, i, j))
    assert [(pytest.approx(s, abs=1e-4), i, j) for s, i, j in expected] == got
    assert len(got) > 20


def test_a_pairs_json_is_the_generic_json_of_its_record() -> None:
    """``duplicates --json`` builds each pair's object by hand for speed: the same keys, in
    the same order, with the same values as ``to_jsonable`` gives (so a new field is not lost)."""
    from workbench.cli.export_commands import _pair_json
    from workbench.records import to_jsonable

    pair = dedup.NearDuplicate(
        kind="conflicting_details", claim_id=3, other_claim_id=9, score=71.5, text="15 days", other_text="30 days",
        conflicts=("numbers: 15 vs 30",), extras=("places: Maqa",), linked_as=("contradicts",),
    )
    assert list(_pair_json(pair).items()) == list(to_jsonable(pair).items())
