"""The corpus figures stay at or above the goals (and the held-out figures above their first score).

How pairs are placed and matched is ``benchmarks/intake_corpus.py``'s, shared with
``benchmarks/intake_bench.py`` so the test and the printed figures are one computation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from intake_corpus import GOAL_PRECISION, GOAL_RECALL, Score, reports, run, score  # noqa: E402  # imported after sys.path is pointed at the benchmarks folder

from workbench.intake.sentences import split_sentences  # noqa: E402  # imported after sys.path is pointed at the benchmarks folder

# Each held-out round's first score (tests/intake_corpus/held_out*/FIRST_SCORE.md): a floor, not a goal.
HELD_OUT_FIRST_RECALL = 0.84
HELD_OUT_FIRST_PRECISION = 0.84
SECOND_ROUND_FIRST_RECALL = 0.76
SECOND_ROUND_FIRST_PRECISION = 0.66
THIRD_ROUND_FIRST_RECALL = 0.81
THIRD_ROUND_FIRST_PRECISION = 0.83
FOURTH_ROUND_FIRST_RECALL = 0.69
FOURTH_ROUND_FIRST_PRECISION = 0.68
FIFTH_ROUND_FIRST_RECALL = 0.65
FIFTH_ROUND_FIRST_PRECISION = 0.61
SIXTH_ROUND_FIRST_RECALL = 0.71
SIXTH_ROUND_FIRST_PRECISION = 0.72
SEVENTH_ROUND_FIRST_RECALL = 0.50
SEVENTH_ROUND_FIRST_PRECISION = 0.44
ALL_REPORTS = [report for round_ in (0, 1, 2, 3, 4, 5, 6, 7) for report in reports(held_out=round_)]


def test_the_corpus_has_the_seed_and_six_reports_in_other_styles() -> None:
    names = [report.name for report in reports()]
    assert names[0] == "qamishli" and len(names) >= 7
    assert {report.path.suffix for report in reports()} >= {".txt", ".md", ".html"}
    assert all(len(reports(held_out=round_)) >= 3 for round_ in (1, 2, 3, 4, 5, 6, 7))


def test_the_seed_expectations_are_the_sample_data() -> None:
    """Every attribution of sample_data/qamishli.json, and nothing else, is expected of the seed."""
    sample = json.loads((REPO_ROOT / "sample_data" / "qamishli.json").read_text(encoding="utf-8"))
    from_sample = {(a["source"], a["stance"], a["quote"]) for claim in sample["claims"] for a in claim["attributions"]}
    seed = next(report for report in reports() if report.name == "qamishli")
    assert {(a["source"], a["stance"], a["at"]) for a in seed.expected["attributions"]} == from_sample
    assert set(seed.expected["sources"]) == {source["key"] for source in sample["sources"]}


@pytest.mark.parametrize("report", ALL_REPORTS, ids=lambda report: report.name)
def test_every_expected_attribution_is_placed_in_one_sentence(report) -> None:  # type: ignore[no-untyped-def]  # pytest passes the parametrized value; its type is the fixture's
    text = run(report).article.text
    starts = [s.span.start for s in split_sentences(text)]
    for item in report.expected["attributions"]:
        assert item["source"] in report.expected["sources"], item
        at = text.find(item["at"])
        assert at >= 0, item["at"]
        sentence = max(i for i, start in enumerate(starts) if start <= at)
        end = starts[sentence + 1] if sentence + 1 < len(starts) else len(text)
        assert at + len(item["at"]) <= end, f"{item['at']!r} runs over two sentences"


@pytest.mark.parametrize("report", reports(), ids=lambda report: report.name)
def test_each_report_meets_the_goals(report) -> None:  # type: ignore[no-untyped-def]  # pytest passes the parametrized value; its type is the fixture's
    figures = score(report, run(report))
    assert figures.recall >= GOAL_RECALL, figures.misses
    assert figures.precision >= GOAL_PRECISION, figures.extras
    assert figures.silences_found == figures.silences_expected, figures.misses


def test_the_corpus_as_a_whole_meets_the_goals() -> None:
    total = _total(reports())
    assert total.recall >= GOAL_RECALL and total.precision >= GOAL_PRECISION
    assert total.silences_expected >= 10 and total.silences_found == total.silences_expected


def test_the_held_out_reports_stay_above_their_first_score() -> None:
    total = _total(reports(held_out=1))
    assert total.recall >= HELD_OUT_FIRST_RECALL, total.misses
    assert total.precision >= HELD_OUT_FIRST_PRECISION, total.extras
    assert total.silences_found == total.silences_expected


def test_the_second_held_out_round_stays_above_its_first_score() -> None:
    total = _total(reports(held_out=2))
    assert total.recall >= SECOND_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= SECOND_ROUND_FIRST_PRECISION, total.extras


def test_the_third_held_out_round_stays_above_its_first_score() -> None:
    total = _total(reports(held_out=3))
    assert total.recall >= THIRD_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= THIRD_ROUND_FIRST_PRECISION, total.extras


def test_the_fourth_held_out_round_stays_above_its_first_score() -> None:
    """The round written by another author than the rules' (its FIRST_SCORE.md)."""
    total = _total(reports(held_out=4))
    assert total.recall >= FOURTH_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= FOURTH_ROUND_FIRST_PRECISION, total.extras
    assert total.silences_found == total.silences_expected


def test_the_fifth_held_out_round_stays_above_its_first_score() -> None:
    """The second round written by another author than the rules' (its FIRST_SCORE.md)."""
    total = _total(reports(held_out=5))
    assert total.recall >= FIFTH_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= FIFTH_ROUND_FIRST_PRECISION, total.extras
    assert total.silences_found == total.silences_expected


def test_the_sixth_held_out_round_stays_above_its_first_score() -> None:
    """The third round written by another author than the rules' (its FIRST_SCORE.md)."""
    total = _total(reports(held_out=6))
    assert total.recall >= SIXTH_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= SIXTH_ROUND_FIRST_PRECISION, total.extras


def test_the_seventh_held_out_round_stays_above_its_first_score() -> None:
    """Live blogs, a press-release wire, an interview and a press review, by a fourth author."""
    total = _total(reports(held_out=7))
    assert total.recall >= SEVENTH_ROUND_FIRST_RECALL, total.misses
    assert total.precision >= SEVENTH_ROUND_FIRST_PRECISION, total.extras


def test_the_seed_silence_is_attached_to_the_withdrawal_claims() -> None:
    seed = next(report for report in reports() if report.name == "qamishli")
    intake = run(seed)
    (silence,) = intake.silences
    assert silence.attribution.source.name == "Russia" and silence.attribution.observed_on.isoformat() == "2026-01-27"  # type: ignore[union-attr]  # the value is known to be present here; the assertion fails loudly if not
    about = " ".join(intake.claims[i].text for i in silence.applies_to)
    assert "pulling out" in about and "evacuating" in about


def _total(chosen: list) -> Score:  # type: ignore[type-arg]  # loaded JSON of any shape
    total = Score("total")
    for report in chosen:
        total.add(score(report, run(report)))
    return total


@pytest.mark.parametrize("report", ALL_REPORTS, ids=lambda report: report.name)
def test_every_proposed_claim_says_something(report) -> None:  # type: ignore[no-untyped-def]  # pytest passes the parametrized value; its type is the fixture's
    """The pair figures place a source and a stance in a sentence, whatever the claim's words:
    "As." (a joint cut from "said on Saturday, as aid groups warned") scored as found. A claim
    a reviewer can check has a subject and a verb at least, so three words or more."""
    short = [claim.text for claim in run(report).claims if len(claim.text.split()) < 3]
    assert short == []
