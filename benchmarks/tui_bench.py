"""Speed of the review TUI at scale: launch to first screen, the first populated screen, search as you type.

- Launch: the whole process, ``workbench review`` started in a pseudo-terminal (160x48) until
  claim rows are on the screen, beside a minimal Textual app showing one page of the same
  claims (``tui_minimal_app.py``), launched the same way: what any Textual app pays here.
- First populated screen, in-process: ``App.run_test()`` on the real app from
  ``workbench.tui.make_app``, from starting the app to the list showing its first rows (then
  the detail pane and the counts).
- Search refresh: one key pressed in the search box, to the list showing that search's
  result (each keystroke waits for the previous result: the latency a reviewer feels). The
  first keystroke after start-up is reported apart from the median, p90 and p95: it pays
  every cold cache.

The in-process figures are set beside the naive way to build such a screen, in the same run:
a plain Textual ``DataTable`` loaded with every claim, filtered in Python and refilled on
each keystroke. Loading every row costs about 0.35 ms a row (~6 minutes at 1M), so the naive
app loads at most ``--naive-rows`` rows and its figures are extrapolated linearly to N.

Goals (issue 15, at 1,000,000 claims): the first keystroke and p90 of search both < 150 ms.

The database is built once per N by ``benchmarks/synthetic.py`` under ``benchmarks/data/``.

    python benchmarks/tui_bench.py                          # 1,000,000 claims
    python benchmarks/tui_bench.py --claims 100000 --naive-rows 20000
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import re
import select
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import synthetic
from _timing import HERE, NOISE_NOTE, ROOT, Tail, compile_bytecode, goal_line, ratio, spread
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from workbench.db.opening import open_database
from workbench.tui import make_app
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.claim_browser import ClaimBrowser
from workbench.tui.widgets.claim_table import ClaimTable
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.detail import ClaimDetail

SIZE = (160, 48)
QUERIES = ("qamishli", "withdrew maqa", "kobani 2025")
GOAL_SIZE = 1_000_000
SEARCH_GOAL_MS = 150.0
# Terminal control sequences (CSI, OSC, DCS and two-byte escapes), removed to read the screen.
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
# Words only claim rows contain: the synthetic claims' verbs.
_CLAIM_ROW = re.compile("|".join(re.escape(verb) for verb in synthetic.VERBS))


@dataclass
class Figures:
    rows_ms: float = 0.0
    detail_ms: float = 0.0
    counts_ms: float = 0.0
    keystrokes_ms: list[float] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)


def launch_to_first_screen(command: list[str], timeout: float = 120.0) -> float:
    """Seconds from starting ``command`` in a 160x48 pseudo-terminal to claim rows on its
    screen; then ``q`` quits it (the process is killed if it does not quit)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = dict(os.environ, TERM="xterm-256color", WORKBENCH_REVIEWER="benchmark")
    compile_bytecode()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
                               start_new_session=True)
    os.close(slave)
    screen, seen = b"", None
    try:
        while seen is None and process.poll() is None and time.perf_counter() - started < timeout:
            if select.select([master], [], [], 0.01)[0]:
                screen += os.read(master, 1 << 16)
                if _CLAIM_ROW.search(_ESCAPES.sub(b"", screen).decode(errors="replace")):
                    seen = time.perf_counter() - started
        os.write(master, b"q")
        deadline = time.perf_counter() + 15
        while process.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                os.read(master, 1 << 16)  # keep draining, or the app blocks writing its last frame
    except OSError:
        pass
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    if seen is None:
        tail = _ESCAPES.sub(b"", screen).decode(errors="replace")[-500:]
        raise SystemExit(f"{command[1:3]}: no claim rows on screen (exit {process.returncode}): {tail!r}")
    return seen


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
                await _until(_generation_shown(browser, expected))
                figures.keystrokes_ms.append((time.perf_counter() - pressed) * 1000)
                figures.typed.append(search.value)
        await app.workers.wait_for_complete()
    database.dispose()
    return figures


def _generation_shown(browser: ClaimBrowser, expected: int) -> Callable[[], bool]:
    return lambda: browser.shown_generation >= expected


def _query_done(app: NaiveApp, typed: str) -> Callable[[], bool]:
    return lambda: app.done_query == typed


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
                await _until(_query_done(app, typed))
                await pilot.pause()  # the refreshed table painted
                figures.keystrokes_ms.append((time.perf_counter() - pressed) * 1000)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=GOAL_SIZE, help="claims in the database (default 1,000,000)")
    parser.add_argument(
        "--naive-rows", type=int, default=20_000,
        help="rows the naive DataTable really loads; its figures are extrapolated to --claims (default 20,000)",
    )
    parser.add_argument("--launches", type=int, default=3, help="whole-process launches of each app (default 3)")
    arguments = parser.parse_args()
    claims, naive_rows = arguments.claims, min(arguments.naive_rows, arguments.claims)

    path = synthetic.build(claims)
    print(f"tui_bench: {claims:,} claims in {path.name} (SQLite {sqlite3.sqlite_version}); {SIZE[0]}x{SIZE[1]}; "
          f"searches typed: {', '.join(repr(q) for q in QUERIES)}")
    print(f"  {NOISE_NOTE}")
    workbench_launch, minimal_launch = [], []
    for _ in range(arguments.launches):  # interleaved, so a busy moment hits both alike
        workbench_launch.append(launch_to_first_screen([sys.executable, "-m", "workbench", "--db", str(path), "review"]))
        minimal_launch.append(launch_to_first_screen([sys.executable, str(HERE / "tui_minimal_app.py"), str(path)]))
    ours = asyncio.run(measure_workbench(path))
    naive = asyncio.run(measure_naive(path, naive_rows))
    scale = claims / naive_rows
    note = "" if claims == GOAL_SIZE else f" (goals are for {GOAL_SIZE:,} claims)"

    print(f"\nlaunch to claim rows on screen, whole process in a terminal{note}:")
    print(goal_line("workbench review", spread(workbench_launch), None, None))
    print(goal_line("minimal Textual app, one page (the floor)", spread(minimal_launch), None, None))
    median = statistics.median(workbench_launch)
    print(goal_line("workbench / minimal app", ratio(median, statistics.median(minimal_launch)), None, None))

    extrapolated = "" if scale == 1 else f"; naive: {naive_rows:,} rows measured, x{scale:g}"
    naive_first = naive.rows_ms * scale
    print(f"\nfirst populated screen in-process (run_test){extrapolated}:")
    print(goal_line("list shows its first rows", f"{ours.rows_ms:.0f} ms", None, None))
    print(goal_line("  ... and the detail pane", f"{ours.detail_ms:.0f} ms", None, None))
    print(goal_line("  ... and the counts", f"{ours.counts_ms:.0f} ms", None, None))
    print(goal_line("naive DataTable of every claim", f"{naive_first:,.0f} ms", None, None))
    print(goal_line("workbench / naive", ratio(ours.rows_ms, naive_first), None, None))

    tail, naive_tail = Tail.of(ours.keystrokes_ms), Tail.of(naive.keystrokes_ms)
    print(f"\nsearch: keystroke to refreshed list, {tail.n} keys{extrapolated}:")
    print(goal_line("first keystroke after start-up", f"{tail.first:.1f} ms", f"< {SEARCH_GOAL_MS:g} ms",
                    tail.first < SEARCH_GOAL_MS))
    print(goal_line("p90", f"{tail.p90:.1f} ms", f"< {SEARCH_GOAL_MS:g} ms", tail.p90 < SEARCH_GOAL_MS))
    print(goal_line("median", f"{tail.median:.1f} ms", None, None))
    print(goal_line("p95", f"{tail.p95:.1f} ms", None, None))
    print(goal_line("slowest", f"{tail.worst:.1f} ms", None, None))
    print(goal_line("naive: median, p90", f"{naive_tail.median * scale:,.0f}, {naive_tail.p90 * scale:,.0f} ms",
                    None, None))
    print(goal_line("workbench / naive, median", ratio(tail.median, naive_tail.median * scale), None, None))
    print("\nworkbench, each keystroke (search box after the key: ms):")
    for start in range(0, len(ours.typed), 6):
        print("  " + "   ".join(f"{t!r}: {ms:.0f}" for t, ms in zip(ours.typed[start:start + 6],
                                                                     ours.keystrokes_ms[start:start + 6], strict=False)))


if __name__ == "__main__":
    main()
