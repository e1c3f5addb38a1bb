"""Matching done by the worker process a batch ahead (``importing.matching_ahead``) gives exactly
the database matching here gives, whether the worker's guess of the new claims holds or not."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_import_speed_paths import _digest, _write_feed

from workbench.db.opening import open_database
from workbench.formats.interchange import ClaimSpec
from workbench.importing import matching, matching_ahead, writing
from workbench.importing.claim_matcher import Suggestion
from workbench.importing.matching import DuplicateMatcher
from workbench.importing.matching_ahead import (
    STORED_KEYS_CACHE_KIB,
    AheadAnswer,
    AheadBatch,
    RemoteWindow,
    StoredBefore,
    WindowSetup,
    analyse_dropping_window,
    match_ahead,
)
from workbench.importing.pipeline import ImportOptions, import_files
from workbench.matching.thresholds import DEFAULT_THRESHOLDS

FEED_CLAIMS = 2_400  # three batches: the worker matches two of them ahead


class Spy:
    """Which jobs the matcher gave the worker, and how often it went back to matching here."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.jobs: list[str] = []
        self.went_local = 0
        work_ahead, go_local = DuplicateMatcher.work_ahead, DuplicateMatcher._go_local

        def recorded_work_ahead(matcher: DuplicateMatcher, claims: Any) -> Any:
            job = work_ahead(matcher, claims)
            self.jobs.append(job[0].__name__ if job else "none")
            return job

        def recorded_go_local(matcher: DuplicateMatcher) -> None:
            self.went_local += 1
            go_local(matcher)

        monkeypatch.setattr(DuplicateMatcher, "work_ahead", recorded_work_ahead)
        monkeypatch.setattr(DuplicateMatcher, "_go_local", recorded_go_local)


def _ahead_for_small_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing, "WORKER_MIN_CLAIMS", 1)
    monkeypatch.setattr(matching, "WORKER_MIN_CLAIMS", 1)


def _import(db: Path, *files: Path, skip_invalid: bool = False, matcher: Callable[[], DuplicateMatcher] = DuplicateMatcher) -> dict[str, Any]:
    database = open_database(str(db))
    try:
        for file in files:
            import_files(database, [str(file)], "tester", ImportOptions(skip_invalid=skip_invalid, matcher=matcher()))
    finally:
        database.dispose()
    return _digest(db)


def _reference(tmp_path: Path, *files: Path, skip_invalid: bool = False, matcher: Callable[[], DuplicateMatcher] = DuplicateMatcher) -> dict[str, Any]:
    """The database matching in this process gives (the files are under the worker's size)."""
    return _import(tmp_path / "here.db", *files, skip_invalid=skip_invalid, matcher=matcher)


def test_the_worker_matches_a_file_of_new_claims_exactly_as_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    here = _reference(tmp_path, feed)
    _ahead_for_small_files(monkeypatch)
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", feed)
    assert spy.jobs == ["match_ahead"] * 3 and spy.went_local == 0
    assert ahead == here
    assert here["claim_links"][0] > 0  # the feed's rewordings were found: matching ran


def _earlier_part(feed: Path, tmp_path: Path, *, first: int = 100, last: int = 300) -> Path:
    """The header, the sources and documents, and claims ``first`` to ``last`` of ``feed``."""
    lines = feed.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    claims_at = [index for index, record in enumerate(records) if record.get("type") == "claim"]
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text("\n".join(lines[: claims_at[0]] + lines[claims_at[first] : claims_at[last]]) + "\n", encoding="utf-8")
    return earlier


def _windowed() -> DuplicateMatcher:
    return DuplicateMatcher(full_search_limit=0)  # the window, not the database search, even with claims stored


def test_claims_stored_already_are_updates_the_worker_leaves_alone_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker asks the database as it was before the import: a key stored there is an
    update here, never matched, so the worker keeps matching."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    earlier = _earlier_part(feed, tmp_path)
    here = _reference(tmp_path, earlier, feed, matcher=_windowed)
    _ahead_for_small_files(monkeypatch)
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", earlier, feed, matcher=_windowed)
    assert spy.went_local == 0
    assert spy.jobs == ["match_ahead"] * 4  # the earlier file's one batch, then the feed's three
    assert ahead == here


def test_a_file_imported_again_keeps_the_matching_in_the_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed's cumulative dump: every key is stored, or was merged by the first import into
    another claim (its attributions are all stored there). Both are known to the worker."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    here = _reference(tmp_path, feed, feed, matcher=_windowed)
    _ahead_for_small_files(monkeypatch)
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", feed, feed, matcher=_windowed)
    assert spy.went_local == 0 and spy.jobs == ["match_ahead"] * 6
    assert ahead == here
    assert here["claims"][0] < FEED_CLAIMS  # the feed's rewordings were merged: some keys are stored nowhere


def test_a_source_given_by_name_only_sends_the_matching_back_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker cannot derive such an attribution's key (the name is resolved against the
    database), so for a claim merged earlier it guesses "new", and the import notices."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    for record in records:
        for attribution in record.get("attributions", ()):
            attribution["source_name"] = f"Source {attribution.pop('source').removeprefix('src-')}"
    feed.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    here = _reference(tmp_path, feed, feed, matcher=_windowed)
    _ahead_for_small_files(monkeypatch)
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", feed, feed, matcher=_windowed)
    assert spy.went_local == 1  # in the second import, at the first claim merged by the first
    assert ahead == here


def test_ids_freed_before_the_import_are_skipped_by_the_worker_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite never hands out an id again once the claim holding it is gone (an undo, a
    merge): the worker numbers the new claims after the highest id ever, as the import does."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    lines = feed.read_text(encoding="utf-8").splitlines()
    claims_at = [index for index, line in enumerate(lines) if '"type": "claim"' in line]
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text("\n".join(lines[: claims_at[0]] + [line.replace('"key": "claim-', '"key": "old-') for line in lines[claims_at[0] : claims_at[20]]]) + "\n", encoding="utf-8")

    def with_the_last_claim_gone(db: Path) -> None:
        with sqlite3.connect(db) as connection:
            (last,) = connection.execute("SELECT max(id) FROM claims").fetchone()
            for table, column in (("attributions", "claim_id"), ("claim_tags", "claim_id"), ("claims", "id")):
                connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (last,))
            assert connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'claims'").fetchone() == (last,)

    def windowed() -> DuplicateMatcher:
        return DuplicateMatcher(full_search_limit=0)

    results = []
    for name, ahead in (("here.db", False), ("ahead.db", True)):
        if ahead:
            _ahead_for_small_files(monkeypatch)
            spy = Spy(monkeypatch)
        _import(tmp_path / name, earlier, matcher=windowed)
        with_the_last_claim_gone(tmp_path / name)
        results.append(_import(tmp_path / name, feed, matcher=windowed))
    assert spy.jobs == ["match_ahead"] * 4 and spy.went_local == 0
    assert results[0] == results[1]


@pytest.mark.parametrize("rejected", [pytest.param(1_500, id="mid-batch"), pytest.param(1_999, id="a batch's last claim")])
def test_a_claim_rejected_while_planning_sends_the_matching_back_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rejected: int
) -> None:
    """Found at the next claim matched, or, for a batch's last claim, when the next batch begins."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    claims = [record for record in records if record.get("type") == "claim"]
    claims[rejected]["attributions"][0]["source"] = "src-nowhere"  # valid on reading, rejected when planned
    feed.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    here = _reference(tmp_path, feed, skip_invalid=True)
    _ahead_for_small_files(monkeypatch)
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", feed, skip_invalid=True)
    assert spy.went_local == 1
    assert ahead == here
    assert here["claims"][0] < FEED_CLAIMS  # the record was rejected, not imported


def test_a_failing_worker_sends_the_matching_back_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, FEED_CLAIMS)
    here = _reference(tmp_path, feed)
    _ahead_for_small_files(monkeypatch)
    # A batch without the window's setup makes the worker's job fail (``match_ahead``).
    monkeypatch.setattr(RemoteWindow, "job", lambda self, claims: AheadBatch(tuple((c.line, c.key, c.text, ()) for c in claims)))
    spy = Spy(monkeypatch)
    ahead = _import(tmp_path / "ahead.db", feed)
    assert spy.went_local == 1  # at the first batch
    # The second batch was asked for before the first went local; the third only has its
    # words worked out, the worker's window let go first.
    assert spy.jobs == ["match_ahead", "match_ahead", "analyse_dropping_window"]
    assert ahead == here


def _spec(key: str, text: str | None = "Troops left the base at dawn on Monday") -> ClaimSpec:
    return ClaimSpec(1, key, text, None, None, None, None, ())


def _setup() -> WindowSetup:
    return WindowSetup(DEFAULT_THRESHOLDS, 100, ((7, "old", "Shelling hit the market in Tal Dush"),), 8)


def test_the_worker_numbers_the_claims_with_a_text_as_the_import_will() -> None:
    answer = match_ahead(AheadBatch((
        (2, "a", "Troops left the base at dawn on Monday after a week of talks", ()),
        (3, "b", None, ()),  # no text: the import rejects it, and gives it no id
        (4, "c", "Troops left the base at dawn on Monday after a week of talks", ()),  # the same: merged into a
        (5, "d", "Shelling hit the market in Tal Dush", ()),  # the same as the stored claim 7
    ), _setup()))
    assert [(key, claim_id) for key, claim_id, _ in answer] == [("a", 8), ("c", 9), ("d", 10)]
    assert answer[0][2] is None
    merged = [suggestion for _, _, suggestion in answer[1:]]
    assert [(s.existing_id, s.merged) for s in merged if s is not None] == [(8, True), (7, True)]


def test_once_the_import_matches_here_the_worker_lets_its_window_go() -> None:
    match_ahead(AheadBatch(((2, "a", "Troops left the base at dawn on Monday", ()),), _setup()))
    assert matching_ahead._window is not None and matching_ahead._window.holds_claims()
    words = analyse_dropping_window(["Shelling hit the market in Tal Dush"])
    assert matching_ahead._window is None
    assert len(words) == 1 and "market" in words[0][0]


def test_a_matcher_lets_its_window_go_once_the_files_claims_are_matched(tmp_path: Path) -> None:
    """Matching here (a small file), the window holds the file's claims until the last one is
    matched, and nothing after: the import's peak comes later."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 300)
    held: list[bool] = []

    class Watched(DuplicateMatcher):
        def claims_done(self) -> None:
            held.append(self.claims.holds_claims())
            super().claims_done()
            held.append(self.claims.holds_claims())

    _import(tmp_path / "watched.db", feed, matcher=Watched)
    assert held == [True, False]


def _window_expecting(*matched: tuple[str, int, Suggestion | None]) -> RemoteWindow:
    window = RemoteWindow(_setup())
    assert window.take(AheadAnswer(matched))
    return window


MERGED = Suggestion(1, "b", "a", 8, 100.0, True, decision="same")


def test_the_import_follows_the_worker_while_it_matches_and_adds_the_same_claims() -> None:
    window = _window_expecting(("a", 8, None), ("b", 9, MERGED), ("c", 10, None))
    assert window.match(_spec("a")) == (True, None) and window.added(8, "a", "text a")
    assert window.match(_spec("b")) == (True, MERGED)  # merged: not added, by either side
    assert window.match(_spec("c")) == (True, None) and window.added(10, "c", "text c")
    assert window.batch_added == [(8, "a", "text a"), (10, "c", "text c")]
    assert window.take(AheadAnswer([("d", 11, None)]))  # the next batch begins clean
    assert window.batch_added == []


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param([("match", "b")], id="a claim the worker matched was never matched here"),
        pytest.param([("match", "a"), ("added", 9, "a")], id="another id"),
        pytest.param([("match", "a"), ("match", "b")], id="added by the worker, not here"),
        pytest.param([("match", "a"), ("added", 8, "a"), ("match", "b"), ("added", 9, "b")], id="merged by the worker, added here"),
        pytest.param([("match", "a"), ("added", 8, "a"), ("take",)], id="the batch ended before the worker's claims did"),
        pytest.param([("added", 8, "a")], id="added without being matched"),
    ],
)
def test_the_first_difference_from_the_worker_is_caught(steps: list[tuple[Any, ...]]) -> None:
    window = _window_expecting(("a", 8, None), ("b", 9, MERGED), ("c", 10, None))
    results = []
    for step in steps:
        if step[0] == "match":
            results.append(window.match(_spec(step[1]))[0])
        elif step[0] == "added":
            results.append(window.added(step[1], step[2], "text"))
        else:
            results.append(window.take(AheadAnswer([("d", 11, None)])))
    assert results[-1] is False and all(results[:-1])


def test_no_answer_from_the_worker_is_a_difference() -> None:
    window = RemoteWindow(_setup())
    assert not window.take(None)
    assert not window.take([((), "", "")])  # the match words' answer is not the matching's


def test_the_worker_matches_without_loading_sqlalchemy() -> None:
    """What the worker imports for its job: the window and the matching rules, no database
    layer (it took the worker process 32 MB more)."""
    code = (
        "import sys\n"
        "from workbench.importing.matching_ahead import AheadBatch, WindowSetup, match_ahead\n"
        "from workbench.matching.thresholds import DEFAULT_THRESHOLDS\n"
        "match_ahead(AheadBatch(((1, 'a', 'Troops left the base at dawn', ()),), WindowSetup(DEFAULT_THRESHOLDS, 10, (), 1)))\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'sqlalchemy' or name.startswith('workbench.db')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_the_workers_key_lookups_answer_from_a_small_page_cache(tmp_path: Path) -> None:
    """The worker's read connection keeps ``STORED_KEYS_CACHE_KIB`` of pages, not SQLite's 2 MiB
    (its memory counts in the import's budget), and still finds every stored key and no other,
    across more keys than one query takes."""
    path = tmp_path / "stored.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE claims (id INTEGER PRIMARY KEY, key TEXT UNIQUE)")
        connection.execute("CREATE TABLE attributions (id INTEGER PRIMARY KEY, key TEXT UNIQUE, claim_id INTEGER)")
        connection.executemany("INSERT INTO claims (id, key) VALUES (?, ?)", [(i, f"claim-{i}") for i in range(1, 1_201)])
    connection.close()
    stored = StoredBefore(str(path))
    try:
        assert stored._connection.execute("PRAGMA cache_size").fetchone() == (-STORED_KEYS_CACHE_KIB,)
        asked = [(None, f"claim-{i}", None, ()) for i in range(600, 1_800)]
        found, merged = stored.not_new(asked)
    finally:
        stored.close()
    assert found == {f"claim-{i}" for i in range(600, 1_201)} and merged == set()
