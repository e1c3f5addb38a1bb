"""The import benchmark's baselines write the rows ``workbench import --no-match`` writes.

``benchmarks/import_bench.py`` quotes the import's time as a ratio to a hand-written baseline
(``benchmarks/import_baselines.py``). The ratio means something only while the baseline does
the same work: until 2026-12-07 it logged shorter review events than the workbench (34.6
against 44.3 MB of them at 100k claims). The benchmark checks this each time it runs; this
test checks it whenever the workbench's rows change, on a small file of the benchmark's own
generator.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from types import ModuleType

import pytest

from workbench.db.opening import open_database
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, import_files

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
CLAIMS = 2_500  # over the bulk path's threshold into a fresh database, as the benchmark's files are


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import import_baselines
        import import_bench

        yield import_bench, import_baselines
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def databases(bench: tuple[ModuleType, ModuleType], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The benchmark's file imported by the workbench (no matching) and by each baseline."""
    import_bench, import_baselines = bench
    folder = tmp_path_factory.mktemp("baselines")
    feed = folder / "feed.jsonl"
    import_bench.generate(CLAIMS, 7, feed)
    made: dict[str, Path] = {}
    for name in ("workbench", "fair", "limit"):
        path = made[name] = folder / f"{name}.db"
        database = open_database(str(path), create=True)
        try:
            if name == "workbench":
                import_files(database, [str(feed)], "bench", ImportOptions(matcher=ClaimMatcher()))  # --no-match
        finally:
            database.dispose()
        if name != "workbench":
            {"fair": import_baselines.fair_load, "limit": import_baselines.limit_load}[name](str(path), str(feed))
    return made


@pytest.mark.parametrize("baseline", ["fair", "limit"])
def test_a_baseline_writes_the_rows_the_workbench_writes(
    bench: tuple[ModuleType, ModuleType], databases: dict[str, Path], baseline: str
) -> None:
    _import_bench, import_baselines = bench
    assert import_baselines.differences(str(databases["workbench"]), str(databases[baseline])) == []


def test_the_comparison_sees_a_review_event_logged_otherwise(
    bench: tuple[ModuleType, ModuleType], databases: dict[str, Path], tmp_path: Path
) -> None:
    """The check can fail: one event's payload one key short is reported, with its table and row."""
    _import_bench, import_baselines = bench
    altered = tmp_path / "altered.db"
    with closing(sqlite3.connect(databases["fair"])) as source, closing(sqlite3.connect(altered)) as copy:
        source.backup(copy)
        copy.execute("UPDATE review_events SET after = json_remove(after, '$.verdict') WHERE id = "
                     "(SELECT min(id) FROM review_events WHERE entity_type = 'claim')")
        copy.commit()
    found = import_baselines.differences(str(databases["workbench"]), str(altered))
    assert len(found) == 1 and found[0].startswith("review_events: row ") and ", after: " in found[0]
