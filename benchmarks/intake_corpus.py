"""The intake corpus and how intake is scored against it (shared by intake_bench.py and tests/intake).

Each report ``tests/intake_corpus/NAME.{txt,md,html}`` has ``NAME.expected.json``: its sources
(name, aliases, and ``written_as``: how this report names them) and the attributions a desk
would record, each as (source, stance) placed by ``at``, a snippet of the sentence where the
attribution is made.

Scoring is per (source, stance) pair, placed in its sentence: an expected pair is *found* when
intake proposes the same stance by a source that resolves to the same expected source, in an
attribution that touches that sentence (its quote, or its formula: "Nowak denied that" answers
a claim made in the sentence before). A proposed pair is *correct* when it is expected there.
Source names resolve as an import would resolve them (``workbench.matching.fuzzy.SourceIndex``:
exact name, alias, then a clear fuzzy match), against the expected sources' names, aliases and
``written_as``. The same figures over distinct (source, stance) pairs per report, ignoring
where they are made, are shown too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.intake import Intake, intake_file
from workbench.matching.fuzzy import SourceIndex
from workbench.vocabulary import Stance

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT / "tests" / "intake_corpus"
GOAL_RECALL = 0.9
GOAL_PRECISION = 0.8
SILENCES = (Stance.NO_STATEMENT.value, Stance.DECLINED_TO_COMMENT.value)


@dataclass(frozen=True)
class Report:
    name: str
    path: Path
    expected: dict[str, Any]


HELD_OUT_ROUNDS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)


def reports(*, held_out: int = 0) -> list[Report]:
    """Every report of the corpus with its expected attributions, seed first.

    ``held_out``: a round of reports written after the rules, each scored once before any
    change (1: ``tests/intake_corpus/held_out``, N: ``held_out_N``; rounds 4 on were written by
    other authors than the rules'); 0, the corpus itself.
    """
    folder = CORPUS if not held_out else CORPUS / ("held_out" if held_out == 1 else f"held_out_{held_out}")
    found = []
    for expected_path in sorted(folder.glob("*.expected.json")):
        name = expected_path.name.removesuffix(".expected.json")
        articles = [p for p in folder.glob(f"{name}.*") if not p.name.endswith(".json")]
        if len(articles) != 1:
            raise FileNotFoundError(f"{expected_path}: expected one article file named {name}.*, found {len(articles)}")
        found.append(Report(name, articles[0], json.loads(expected_path.read_text(encoding="utf-8"))))
    return sorted(found, key=lambda report: (report.name != "qamishli", report.name))


@dataclass(frozen=True)
class Pair:
    source: str
    stance: str
    sentence: int


@dataclass
class Score:
    """How intake did on one report (or, summed, on the corpus)."""

    report: str
    expected: int = 0
    found: int = 0
    proposed: int = 0
    correct: int = 0
    silences_expected: int = 0
    silences_found: int = 0
    distinct_expected: int = 0
    distinct_found: int = 0
    distinct_proposed: int = 0
    distinct_correct: int = 0
    modes_compared: int = 0
    modes_agreeing: int = 0
    certainty_compared: int = 0
    certainty_agreeing: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def distinct_recall(self) -> float:
        return self.distinct_found / self.distinct_expected if self.distinct_expected else 1.0

    @property
    def distinct_precision(self) -> float:
        return self.distinct_correct / self.distinct_proposed if self.distinct_proposed else 1.0

    def add(self, other: Score) -> None:
        for name in (
            "expected", "found", "proposed", "correct", "silences_expected", "silences_found", "distinct_expected",
            "distinct_found", "distinct_proposed", "distinct_correct", "modes_compared", "modes_agreeing",
            "certainty_compared", "certainty_agreeing",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += [f"{other.report}: {miss}" for miss in other.misses]
        self.extras += [f"{other.report}: {extra}" for extra in other.extras]


def run(report: Report) -> Intake:
    return intake_file(report.path)


def score(report: Report, intake: Intake) -> Score:
    """Compare what intake proposed for a report with what is expected of it."""
    expected = report.expected
    text = intake.article.text
    index, keys = _source_index(expected["sources"])
    sentence_of = _sentence_finder(intake)
    result = Score(report.name)

    wanted: dict[Pair, dict[str, Any]] = {}
    unread: list[dict[str, Any]] = []  # in the file, but not in the text intake read from it
    raw = _visible(report.path)
    for item in expected["attributions"]:
        at = text.find(item["at"])
        if at < 0:
            if item["at"] not in raw:
                raise ValueError(f"{report.name}: 'at' snippet not in the report: {item['at']!r}")
            unread.append(item)
            continue
        wanted.setdefault(Pair(item["source"], item["stance"], sentence_of(at)), item)

    proposed: dict[tuple[str, str, tuple[int, ...]], Any] = {}
    for attribution in intake.attributions():
        resolution = index.resolve(attribution.source.name)
        key = keys[resolution.source_id] if resolution.kind in ("exact", "alias", "fuzzy") and resolution.source_id is not None else None
        label = key or f"?{attribution.source.name}"
        proposed.setdefault((label, attribution.stance.value, attribution.sentences), attribution)

    result.expected, result.proposed = len(wanted) + len(unread), len(proposed)
    for item in unread:
        result.silences_expected += item["stance"] in SILENCES
        result.misses.append(f"{item['source']} {item['stance']} in text intake did not read: {item['at'][:90]}")
    for pair, item in wanted.items():
        match = next(
            (a for (label, stance, sentences), a in proposed.items() if label == pair.source and stance == pair.stance and pair.sentence in sentences),
            None,
        )
        if pair.stance in SILENCES:
            result.silences_expected += 1
            result.silences_found += match is not None
        if match is None:
            result.misses.append(f"{pair.source} {pair.stance} in: {_sentence_text(intake, pair.sentence)}")
            continue
        result.found += 1
        if "mode" in item:
            result.modes_compared += 1
            result.modes_agreeing += match.mode.value == item["mode"]
        if pair.stance not in SILENCES:
            result.certainty_compared += 1
            result.certainty_agreeing += match.certainty.value == item.get("certainty", "stated")
    for (label, stance, sentences), attribution in proposed.items():
        if any(pair.source == label and pair.stance == stance and pair.sentence in sentences for pair in wanted):
            result.correct += 1
        else:
            result.extras.append(f"{label} {stance} ({attribution.source.name!r}): {attribution.quote[:90]!r}")

    distinct_wanted = {(pair.source, pair.stance) for pair in wanted}
    distinct_proposed = {(label, stance) for label, stance, _ in proposed}
    result.distinct_expected, result.distinct_proposed = len(distinct_wanted), len(distinct_proposed)
    result.distinct_found = len(distinct_wanted & distinct_proposed)
    result.distinct_correct = result.distinct_found
    return result


def score_corpus(*, held_out: int = 0) -> tuple[list[Score], Score]:
    scores = [score(report, run(report)) for report in reports(held_out=held_out)]
    total = Score(f"held-out round {held_out}" if held_out else "all reports")
    for one in scores:
        total.add(one)
    return scores, total


def corpus_text() -> Iterator[str]:
    """The document text of every report, in corpus order (to build long articles for timing)."""
    for report in reports():
        yield run(report).article.text


def _visible(path: Path) -> str:
    """The report as written, with an HTML page's tags and entities undone: where an expected
    snippet is looked for when intake's text lacks it (intake dropped that part of the page)."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() not in (".html", ".htm"):
        return raw
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


def _source_index(sources: dict[str, dict[str, Any]]) -> tuple[SourceIndex, dict[int, str]]:
    index = SourceIndex()
    keys: dict[int, str] = {}
    for number, (key, source) in enumerate(sources.items(), start=1):
        keys[number] = key
        index.add(number, source["name"])
        for alias in (*source.get("aliases", ()), *source.get("written_as", ())):
            index.add(number, alias, alias=True)
    return index, keys


def _sentence_finder(intake: Intake) -> Any:
    starts = [sentence.span.start for sentence in intake.sentences]

    def sentence_of(offset: int) -> int:
        from bisect import bisect_right

        return max(bisect_right(starts, offset) - 1, 0)

    return sentence_of


def _sentence_text(intake: Intake, index: int) -> str:
    text = intake.sentences[index].span.of(intake.article.text)
    return text if len(text) <= 100 else text[:97] + "..."
