"""``sources list`` in pages: every source exactly once in name order, counts for the page only.

A desk's source list runs to thousands (the 5,000 of the 1M-claim benchmark took 9 s to print
as one table); the list now pages like ``claims list`` and ``documents list``. Paging in name
order is a keyset on (lower(name), id), so names that tie, differ only in case, or sort
among each other across a page boundary are where it could skip or repeat a source.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, Source
from workbench.errors import NotFound
from workbench.importing.pipeline import import_file
from workbench.review import sources

# Ties and near-ties on purpose: equal names, names equal but for case, a prefix of another.
NAMES = ["Ahmed Ali", "ahmed ali", "Ahmed Ali", "Ahmed", "Ahmed Alim", "AP", "ap", "Reuters", "reuters agency",
         "Zaman", "Öcalan Foundation", "SDF", "sdf command", "Kremlin", "kremlin", "Anna", "Anna", "Bob"]


def _bundle(path: Path, seed: int = 5) -> Path:
    """Sources with the names above (and more), and claims citing them unevenly."""
    rng = random.Random(seed)
    names = NAMES + [f"Source {rng.randrange(1000)}" for _ in range(30)]
    lines = [{"format": "workbench", "version": 1}]
    lines += [{"type": "source", "key": f"src-{i}", "name": name, "kind": "person",
               "reliability": rng.choice("ABCDEF")} for i, name in enumerate(names)]
    for c in range(60):
        cited = rng.sample(range(len(names)), rng.randint(1, 4))
        lines.append({"type": "claim", "key": f"claim-{c}", "text": f"Claim number {c} about event {c * 7}",
                      "attributions": [{"source": f"src-{i}", "stance": "asserts"} for i in cited]})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def desk(database: Database, tmp_path: Path) -> Database:
    with database.writing() as session:
        import_file(session, _bundle(tmp_path / "desk.jsonl"), "tester")
    return database


def _all_pages(database: Database, limit: int, **filters: str) -> list[int]:
    ids: list[int] = []
    after: int | None = None
    while True:
        with database.reading() as session:
            page = sources.list_sources(session, limit=limit, after_id=after, **filters)
        ids += [record.id for record in page]
        if len(page) < limit:
            return ids
        after = page[-1].id


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 100])
def test_pages_hold_every_source_once_in_name_order(desk: Database, limit: int) -> None:
    with desk.reading() as session:
        expected = list(session.scalars(select(Source.id).order_by(func.lower(Source.name), Source.id)))
    assert len(expected) == len(NAMES) + 30
    assert _all_pages(desk, limit) == expected


def test_filters_page_too(desk: Database) -> None:
    with desk.reading() as session:
        every = [record.id for record in sources.list_sources(session, text="ahmed", limit=1000)]
        graded = [record.id for record in sources.list_sources(session, grade="B", limit=1000)]
    assert len(every) == 5
    assert _all_pages(desk, 2, text="ahmed") == every
    assert _all_pages(desk, 3, grade="B") == graded


def test_counts_are_every_attribution_of_each_source(desk: Database) -> None:
    with desk.reading() as session:
        counted = session.execute(select(Attribution.source_id, func.count()).group_by(Attribution.source_id))
        truth = {source_id: n for source_id, n in counted}
        listed = {record.id: record.attribution_count for record in sources.list_sources(session, limit=1000)}
    assert sum(listed.values()) == sum(truth.values()) > 0
    assert listed == {source_id: truth.get(source_id, 0) for source_id in listed}
    assert 0 in listed.values()  # a source no claim cites is listed, with 0


def test_continuing_after_a_source_that_does_not_exist_is_not_found(desk: Database) -> None:
    with desk.reading() as session, pytest.raises(NotFound, match="no source #999999 to continue after"):
        sources.list_sources(session, after_id=999999)


def _cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"NO_COLOR": "1", "WORKBENCH_REVIEWER": "tester"})


def test_cli_pages_with_a_hint_only_when_more_follow(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert _cli(db, "import", "-q", str(_bundle(tmp_path / "desk.jsonl"))).exit_code == 0
    total = len(NAMES) + 30
    seen: list[int] = []
    args = ["sources", "list", "--json", "--limit", "20"]
    while True:
        result = _cli(db, *args)
        assert result.exit_code == 0, result.stderr
        seen += [row["id"] for row in json.loads(result.stdout)]
        if "more sources follow" not in result.stderr:
            break
        after = result.stderr.split("--after ")[1].split()[0]
        assert int(after) == seen[-1]
        args = ["sources", "list", "--json", "--limit", "20", "--after", after]
    assert len(seen) == len(set(seen)) == total
    # A page that ends exactly at the last source says nothing more follows.
    exact = _cli(db, "sources", "list", "--json", "--limit", str(total))
    assert len(json.loads(exact.stdout)) == total and "more sources follow" not in exact.stderr
    # The default page is 100; the table says the same as the JSON.
    table = _cli(db, "sources", "list", "--limit", "3")
    assert table.exit_code == 0 and "more sources follow: add --after" in table.stderr


def test_cli_after_an_unknown_source_is_one_line_and_exit_3(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert _cli(db, "import", "-q", str(_bundle(tmp_path / "desk.jsonl"))).exit_code == 0
    result = _cli(db, "sources", "list", "--after", "424242")
    assert result.exit_code == 3
    assert result.stderr == "error: no source #424242 to continue after\n"
    assert result.stdout == ""
