"""Speed of the review TUI at scale: the first populated screen, and search as you type.

Both are measured with ``App.run_test()`` (headless, 160×48) on the real app from
``workbench.tui.make_app`` over a synthetic database of N claims, beside the same figures for
the naive way to build such a screen in the same run: a plain Textual ``DataTable`` loaded
with every claim, filtered in Python and refilled on each keystroke.

- First populated screen: from starting the app to the list showing its first rows (and,
  reported separately, the detail pane and the counts).
- Search refresh: one key pressed in the search box, to the list showing that search's
  result (each keystroke waits for the previous result: the latency a reviewer feels).

Loading every row into a ``DataTable`` costs about 0.35 ms a row (~6 minutes at 1M), so the
naive app loads at most ``--naive-rows`` rows and its figures are extrapolated linearly to N
(both of its costs grow with the number of rows); the output says when it did.

The database is built once per N by ``benchmarks/synthetic.py`` (plain sqlite3 executemany
into the real schema from ``open_database``) under ``benchmarks/data/`` and reused.

    python benchmarks/tui_bench.py                          # 1,000,000 claims
    python benchmarks/tui_bench.py --claims 100000 --naive-rows 20000
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import header
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from workbench.db.opening import open_database
from workbench.tui import make_app
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.detail import ClaimDetail

SIZE = (160, 48)
QUERIES = ("qamishli", "withdrew maqa", "kobani 2025")
FIRST_SCREEN_GOAL_MS = 1000
SEARCH_GOAL_MS = 150


@dataclass
class Figures:
    rows_ms: float = 0.0
    detail_ms: float = 0.0
    counts_ms: float = 0.0
    keystrokes_ms: list[float] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)

    @property
    def search_median_ms(self) -> float:
        return statistics.median(self.keystrokes_ms)

    @property
    def search_p90_ms(self) -> float:
        ordered = sorted(self.keystrokes_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


async def _until(condition: Callable[[], bool], timeout: float = 900.0) -> None:
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.0005)


def _keystrokes(query: str) -> list[tuple[str, str]]:
    return [("space" if char == " " else char, char) for char in query]


async def measure_workbench(path: Path) -> Figures:
    figures = Figures()
    database = open_database(str(path))
    started = time.perf_counter()
    app = make_app(database, "benchmark", freeze_gc=True)  # as run_tui() starts it
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, MainScreen))
        screen = app.screen
        assert isinstance(screen, MainScreen)
        table = screen.query_one(ClaimTable)
        detail = screen.query_one(ClaimDetail)
        counts = screen.query_one(CountsBar)
        browser = screen.browser  # pages the list: its generations say which keystroke's rows are shown
        await _until(lambda: table.row_count > 0)
        figures.rows_ms = (time.perf_counter() - started) * 1000
        await _until(lambda: detail.dossier is not None)
        figures.detail_ms = (time.perf_counter() - started) * 1000
        await _until(lambda: counts.counts is not None)
        figures.counts_ms = (time.perf_counter() - started) * 1000

        search = screen.query_one("#search", Input)
        search.focus()
        await pilot.pause(1.2)  # a reviewer reads the first screen before typing (and the app settles)
        for query in QUERIES:
            search.value = ""
            await _until(lambda: browser.shown_generation == browser.generation)
            for key, char in _keystrokes(query):
                expected = browser.generation + 1
                pressed = time.perf_counter()
                app.post_message(events.Key(key, char))
                await _until(lambda expected=expected: browser.shown_generation >= expected)
                figures.keystrokes_ms.append((time.perf_counter() - pressed) * 1000)
                figures.typed.append(search.value)
        await app.workers.wait_for_complete()
    database.dispose()
    return figures


class NaiveApp(App[None]):
    """The naive screen: every claim in one DataTable, filtered in Python as you type."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__()
        self.path = path
        self.limit = limit
        self.rows: list[tuple[Text, ...]] = []
        self.texts: list[str] = []
        self.done_query = ""  # the table starts as the result of an empty search

    def compose(self) -> ComposeResult:
        yield Input(id="search")
        yield DataTable(id="table", cursor_type="row")

    def on_mount(self) -> None:
        connection = sqlite3.connect(self.path)
        fetched = connection.execute(
            "SELECT status, text, origin_count, coalesce(awaiting, ''), verdict, substr(updated_at, 1, 10) "
            "FROM claims ORDER BY id LIMIT ?",
            (self.limit,),
        ).fetchall()
        connection.close()
        self.texts = [text.lower() for _status, text, *_rest in fetched]
        self.rows = [tuple(Text(str(value)) for value in values) for values in fetched]
        table = self.query_one(DataTable)
        table.add_columns("Status", "Claim", "Orig", "Awaiting", "Verdict", "Changed")
        table.add_rows(self.rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        words = event.value.lower().split()
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(row for row, text in zip(self.rows, self.texts, strict=False) if all(w in text for w in words))
        self.done_query = event.value


async def measure_naive(path: Path, limit: int) -> Figures:
    figures = Figures()
    started = time.perf_counter()
    app = NaiveApp(path, limit)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        await _until(lambda: table.row_count > 0)
        await pilot.pause()  # the first paint of the filled table
        figures.rows_ms = (time.perf_counter() - started) * 1000
        search = app.query_one(Input)
        search.focus()
        await pilot.pause()
        for query in QUERIES:
            if search.value:
                search.value = ""
                await _until(lambda: app.done_query == "")
            typed = ""
            for key, char in _keystrokes(query):
                typed += char
                pressed = time.perf_counter()
                app.post_message(events.Key(key, char))
                await _until(lambda typed=typed: app.done_query == typed)
                await pilot.pause()  # the refreshed table painted
                figures.keystrokes_ms.append((time.perf_counter() - pressed) * 1000)
    return figures


def row(label: str, ours: float, naive: float, goal_ms: float | None = None) -> str:
    verdict = ""
    if goal_ms is not None:
        verdict = "  ok" if ours < goal_ms else f"  OVER {goal_ms:g} ms goal"
    return f"{label:<44} {ours:9.1f} ms {naive:9.0f} ms {ours / naive:8.3g}x{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the database (default 1,000,000)")
    parser.add_argument(
        "--naive-rows", type=int, default=20_000,
        help="rows the naive DataTable really loads; its figures are extrapolated to --claims (default 20,000)",
    )
    arguments = parser.parse_args()
    claims, naive_rows = arguments.claims, min(arguments.naive_rows, arguments.claims)

    path = synthetic.build(claims)
    print(f"tui_bench: {claims:,} claims in {path.name} (SQLite {sqlite3.sqlite_version}); "
          f"app.run_test() at {SIZE[0]}x{SIZE[1]}; searches typed: {', '.join(repr(q) for q in QUERIES)}")
    ours = asyncio.run(measure_workbench(path))
    naive = asyncio.run(measure_naive(path, naive_rows))
    scale = claims / naive_rows
    note = "" if scale == 1 else f" (naive: {naive_rows:,} rows measured, ×{scale:g} extrapolated)"

    print(header(f"First populated screen{note}", baseline="naive table"))
    naive_first = naive.rows_ms * scale
    print(row("list shows its first rows", ours.rows_ms, naive_first, goal_ms=FIRST_SCREEN_GOAL_MS))
    print(row("  ... and the detail pane", ours.detail_ms, naive_first))
    print(row("  ... and the counts", ours.counts_ms, naive_first))

    print(header(f"Search: keystroke to refreshed list, {len(ours.keystrokes_ms)} keys{note}", baseline="naive table"))
    print(row("median", ours.search_median_ms, naive.search_median_ms * scale, goal_ms=SEARCH_GOAL_MS))
    print(row("90th percentile", ours.search_p90_ms, naive.search_p90_ms * scale))
    print(row("slowest", max(ours.keystrokes_ms), max(naive.keystrokes_ms) * scale))
    print("\nworkbench, each keystroke (search box after the key: ms):")
    for start in range(0, len(ours.typed), 6):
        print("  " + "   ".join(f"{t!r}: {ms:.0f}" for t, ms in zip(ours.typed[start:start + 6], ours.keystrokes_ms[start:start + 6], strict=False)))
    if scale != 1:
        print(f"\nnaive table as measured on {naive_rows:,} rows: first screen {naive.rows_ms:.0f} ms, "
              f"search median {naive.search_median_ms:.0f} ms")


if __name__ == "__main__":
    main()
