"""The import's speed paths give exactly the rows, statuses, links and review events of the
plain path: match words worked out by a worker process, and documents without text found
with one query a batch."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from planted_claims import generate

from workbench.db.opening import open_database
from workbench.importing import analysis, claim_statuses, plan_attributions, writing
from workbench.importing.claim_window import ClaimWindow
from workbench.importing.lookups import KeyLookups
from workbench.importing.pipeline import ImportOptions, import_files

COLUMNS = {
    "claims": "id, key, text, kind, verdict, status, origin_count, awaiting, disputed_by, superseded_by, fulfilled_by, version",
    "attributions": "id, key, claim_id, source_id, document_id, stance, mode, certainty, certainty_inferred, quote, "
                    "quote_prefix, quote_suffix, span_start, span_end, anchor_state, relayed_via_id, credibility",
    "claim_links": "id, from_claim_id, to_claim_id, relation, note",
    "claim_tags": "claim_id, tag",
    "sources": "id, key, name, kind, reliability",
    "documents": "id, key, title, outlet_id, full_text",
    "review_events": "id, reviewer, entity_type, entity_id, claim_id, action, before, after, reason",
    "claim_counts": "status, verdict, n",
}
ARTICLE = "Officials said the convoy left at dawn. Witnesses saw trucks near the bridge, one resident said."


def _write_feed(path: Path, claims: int) -> None:
    data = generate(claims, seed=11)
    lines = [{"format": "workbench", "version": 1}]
    lines += [{"type": "source", "key": f"src-{i}", "name": f"Source {i}", "kind": "organization", "reliability": "B"}
              for i in range(12)]
    lines += [{"type": "document", "key": f"doc-{i}", "title": f"Report {i}", "outlet": f"src-{i % 12}",
               **({"text": ARTICLE} if i % 3 == 0 else {})} for i in range(9)]
    for i, text in enumerate(data.claims):
        quote = "the convoy left at dawn" if i % 2 else "no such words here"
        lines.append({"type": "claim", "key": f"claim-{i}", "text": text, "tags": ["feed"],
                      "attributions": [{"source": f"src-{i % 12}", "stance": "asserts", "mode": "paraphrase",
                                        "document": f"doc-{i % 9}", "quote": quote},
                                       {"source": f"src-{(i * 7) % 12}", "stance": "denies" if i % 5 == 0 else "asserts",
                                        "mode": "official_statement"}]})
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")


def _digest(path: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(path) as connection:
        found = {}
        for table, columns in COLUMNS.items():
            rows = connection.execute(f"SELECT {columns} FROM {table} ORDER BY 1, 2").fetchall()
            found[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return found


def _import(db: Path, feed: Path) -> dict[str, tuple[int, str]]:
    database = open_database(str(db))
    try:
        import_files(database, [str(feed)], "tester", ImportOptions())
    finally:
        database.dispose()
    return _digest(db)


def test_a_worker_process_matches_exactly_as_this_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 2_400)  # three batches: the worker runs ahead of two of them
    in_process = _import(tmp_path / "here.db", feed)
    calls: list[int] = []
    original = analysis.analyse_texts
    monkeypatch.setattr(writing, "WORKER_MIN_CLAIMS", 1)
    monkeypatch.setattr(analysis, "_submit", _counting(analysis._submit, calls))
    in_worker = _import(tmp_path / "worker.db", feed)
    assert calls, "the worker was never asked"
    assert analysis.analyse_texts is original
    assert in_worker == in_process
    assert in_process["claim_links"][0] > 0  # the feed's rewordings were found: matching ran
    with sqlite3.connect(tmp_path / "worker.db") as connection:
        states = dict(connection.execute("SELECT anchor_state, count(*) FROM attributions "
                                         "WHERE quote IS NOT NULL GROUP BY anchor_state").fetchall())
    assert states.get("anchored") and states.get("orphaned")  # documents with and without text both checked


def _counting(submit, calls: list[int]):  # type: ignore[no-untyped-def]
    def counted(pool, texts, batch):  # type: ignore[no-untyped-def]
        future = submit(pool, texts, batch)
        if future is not None:
            calls.append(1)
        return future

    return counted


def test_without_a_worker_the_batches_are_analysed_here() -> None:
    batches = iter([["a b"], ["c d"]])
    assert list(analysis.worked_ahead(batches, lambda batch: None, in_worker=False)) == [(["a b"], None), (["c d"], None)]


def test_facts_and_document_texts_learnt_up_front_give_the_batch_by_batch_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sources' and documents' facts, and which documents have a text, are read once before
    the first batch when they fit in the caches; learnt batch by batch otherwise."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 2_400)
    up_front = _import(tmp_path / "up-front.db", feed)
    monkeypatch.setattr(claim_statuses, "CACHE_LIMIT", 0)
    monkeypatch.setattr(plan_attributions, "CACHE_LIMIT", 0)
    batch_by_batch = _import(tmp_path / "batch-by-batch.db", feed)
    assert batch_by_batch == up_front
    assert up_front["claims"][0] > 0


def test_primed_facts_hold_the_key_lookups_ids_and_no_document_titles(tmp_path: Path) -> None:
    """Memory the import budgets: each id one int object shared with the key lookups, and the
    documents' facts without titles (nothing the import stores reads a title). Ids past 256,
    since CPython keeps one object for each smaller int anyway."""
    lines: list[dict[str, object]] = [{"format": "workbench", "version": 1}]
    lines += [{"type": "source", "key": f"src-{i}", "name": f"Source {i}", "kind": "organization", "reliability": "B"}
              for i in range(300)]
    lines += [{"type": "document", "key": f"doc-{i}", "title": f"Report {i}", "outlet": f"src-{i % 7}"} for i in range(300)]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    _import(tmp_path / "feed.db", feed)
    database = open_database(str(tmp_path / "feed.db"))
    try:
        with database.reading() as session:
            connection = session.connection()
            keys = KeyLookups(connection)
            keys.find_sources(f"src-{i}" for i in range(300))
            keys.find_documents(f"doc-{i}" for i in range(300))
            statuses = claim_statuses.NewClaimStatuses(connection, 10_000, keys)
            statuses.prime()
    finally:
        database.dispose()
    assert len(statuses.source_facts) == 300 and len(statuses.document_facts) == 300
    held = {id(i) for i in (*keys.source_ids.values(), *keys.document_ids.values())}
    for facts_by_id in (statuses.source_facts, statuses.document_facts):
        assert all(id(i) in held and facts.id is i for i, facts in facts_by_id.items())
    assert {facts.title for facts in statuses.document_facts.values()} == {""}
    assert {facts.outlet_id for facts in statuses.document_facts.values()} == {keys.source_ids[f"src-{i}"] for i in range(7)}


def test_window_candidates_share_two_of_the_three_rarest_words_most_recent_first() -> None:
    """The window's candidates, against a plain count over live postings: the claims sharing
    at least two of the three rarest words (all of the one, if only one), those sharing more
    first, then the most recent; words held by more than 100 window claims pick none, and
    numbers of claims that left the window are skipped."""
    rng = random.Random(3)
    for _ in range(3_000):
        window = rng.randint(5, 400)
        matcher = ClaimWindow(window=window)
        next_seq = rng.randint(window, 3 * window)
        first_live = next_seq - window
        matcher._next_seq = next_seq
        matcher._ring = [0] * window
        for seq in range(first_live, next_seq):
            matcher._ring[seq % window] = 10_000 + seq
        tokens = tuple(f"w{index}" for index in range(rng.randint(1, 5)))
        postings: dict[str, int | list[int]] = {}
        live: dict[str, list[int]] = {}
        for token in tokens:
            held = sorted(rng.sample(range(max(0, first_live - 50), next_seq), rng.randint(1, min(130, window))))
            postings[token] = held[0] if len(held) == 1 else held
            live[token] = [seq for seq in held if seq >= first_live]
        matcher._postings = postings
        rarest = sorted((len(seqs), token) for token, seqs in live.items() if 0 < len(seqs) <= 100)[:3]
        found: Counter[int] = Counter()
        for _count, token in rarest:
            found.update(live[token])
        wanted = 1 if len(rarest) == 1 else 2
        ranked = sorted((seq for seq, shared in found.items() if shared >= wanted), key=lambda seq: (-found[seq], -seq))
        assert matcher._window_candidates(tokens) == [10_000 + seq for seq in ranked[:50]]


def test_the_review_log_is_written_as_it_grows_not_held_to_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sources and documents used to log every record of the file before inserting one event:
    at a million claims 60 MB of events at once. Now no more than ``FLUSH_EVERY`` wait, and the
    log is the same: one event per record, in file order."""
    from workbench.importing import events

    held: list[int] = []
    original_flush = events.EventLog.flush

    def flush(self: events.EventLog) -> None:
        held.append(len(self._events))
        original_flush(self)

    monkeypatch.setattr(events.EventLog, "flush", flush)
    count = 2 * events.FLUSH_EVERY + 500
    lines: list[dict[str, object]] = [{"format": "workbench", "version": 1}]
    lines += [{"type": "source", "key": f"src-{i}", "name": f"Source {i}", "kind": "organization"} for i in range(count)]
    lines += [{"type": "document", "key": f"doc-{i}", "title": f"Report {i}", "outlet": f"src-{i}"} for i in range(count)]
    lines.append({"type": "claim", "key": "claim-1", "text": "The convoy left at dawn.",
                  "attributions": [{"source": "src-1", "stance": "asserts", "mode": "own_observation", "document": "doc-1"}]})
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    database = open_database(str(tmp_path / "log.db"))
    try:
        import_files(database, [str(feed)], "tester", ImportOptions())
    finally:
        database.dispose()
    assert max(held) <= events.FLUSH_EVERY
    with sqlite3.connect(tmp_path / "log.db") as connection:
        for action, table in (("source_added", "sources"), ("document_added", "documents")):
            logged = connection.execute(
                "SELECT e.entity_id, t.key FROM review_events e JOIN " + table + " t ON t.id = e.entity_id "
                "WHERE e.action = ? ORDER BY e.id", (action,)
            ).fetchall()
            prefix = "src" if table == "sources" else "doc"
            assert [key for _id, key in logged] == [f"{prefix}-{i}" for i in range(count)]



def test_a_large_import_gives_free_heap_pages_back_every_few_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc keeps freed blocks' pages resident inside its arenas, and they grew with the file
    (10.6 -> 13.4 MB free at 60 and 150 s of a million-claim import): the import trims them
    every ``TRIM_EVERY`` batches, and the import is the same with or without it."""
    from workbench.importing import heap, writing

    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 2_400)  # three batches
    trims: list[int] = []
    monkeypatch.setattr(writing, "TRIM_EVERY", 1)
    monkeypatch.setattr(writing, "release_free_memory", lambda: trims.append(1) or heap.release_free_memory())
    trimmed = _import(tmp_path / "trimmed.db", feed)
    assert len(trims) == 3 + 1  # after each batch, and once the claims' caches are let go
    monkeypatch.setattr(writing, "TRIM_EVERY", 10**9)
    assert _import(tmp_path / "untrimmed.db", feed) == trimmed


def test_the_caches_of_writing_claims_are_let_go_before_the_files_last_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What grows with the file and only planning claims reads (the key filter, ids by key,
    facts for statuses, documents known to have a text) is let go once the claims are written,
    as the file's last steps come at the import's peak; into an empty database and onto a
    full one, the database comes out the same as when it is kept."""
    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 1_200)
    with feed.open("a", encoding="utf-8") as out:  # links and a stored claim's change come after the claims
        out.write(json.dumps({"type": "link", "from": "claim-1", "to": "claim-9", "relation": "contradicts"}) + "\n")
    changed = tmp_path / "changed.jsonl"
    changed.write_text(feed.read_text(encoding="utf-8").replace('"denies"', '"asserts"'), encoding="utf-8")
    held: list[tuple[str, ...]] = []
    original = writing.FileWriter._claims_written

    def traced(self: writing.FileWriter) -> None:
        def caches() -> tuple[str, ...]:
            statuses, planner, context = self.claims.statuses, self.claims.attributions, self.context
            filled = {
                "key filter": context.known_keys.complete,
                "source ids": context.keys.source_ids, "document ids": context.keys.document_ids,
                "source facts": statuses.source_facts, "document facts": statuses.document_facts,
                "documents with text": planner._with_text,
            }
            return tuple(sorted(name for name, cache in filled.items() if cache))

        before = caches()
        original(self)
        held.append(before)
        held.append(caches())

    monkeypatch.setattr(writing.FileWriter, "_claims_written", traced)
    let_go = [_import(tmp_path / "let-go.db", feed), _import(tmp_path / "let-go.db", changed)]
    assert held[0] == ("document facts", "document ids", "documents with text", "key filter", "source facts", "source ids")
    assert held[1] == held[3] == ()
    monkeypatch.setattr(writing.FileWriter, "_claims_written", lambda self: None)
    assert [_import(tmp_path / "kept.db", feed), _import(tmp_path / "kept.db", changed)] == let_go


def test_claims_of_the_file_given_attributions_later_are_recounted_as_the_general_refresh_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rewording merged into a claim an earlier batch created gives that claim attributions:
    ``own_statuses`` recounts it from its rows, where stored claims go through the ORM
    refresh (``review.status.refresh_claims``). Both give the same database: statuses, origin
    counts, awaited parties and versions, in chunks of any size. They are recounted once, after
    the last batch, each claim once."""
    from workbench.importing import affected, own_statuses, write_claims
    from workbench.review import status

    feed = tmp_path / "feed.jsonl"
    _write_feed(feed, 2_400)  # the rewordings come last: merged into claims of earlier batches
    monkeypatch.setattr(own_statuses, "RECOUNT_CHUNK", 7)  # several queries
    monkeypatch.setattr(affected, "REFRESH_CHUNK", 7)
    stored: list[int] = []
    original_recount = own_statuses.OwnClaimStatuses._recount

    def recount(self: own_statuses.OwnClaimStatuses, claim_ids: Sequence[int]) -> None:
        stored.extend(claim_ids)
        original_recount(self, claim_ids)

    monkeypatch.setattr(own_statuses.OwnClaimStatuses, "_recount", recount)
    recounted = _import(tmp_path / "recounted.db", feed)
    assert len(stored) > 7 and stored == sorted(set(stored))  # one pass after the last batch

    class GeneralRefresh(own_statuses.OwnClaimStatuses):
        def given(self, claim_ids: object) -> None:
            self.context.affected.given_attributions(set(claim_ids))  # type: ignore[call-overload]

    monkeypatch.setattr(write_claims, "OwnClaimStatuses", GeneralRefresh)
    assert _import(tmp_path / "refreshed.db", feed) == recounted
    with sqlite3.connect(tmp_path / "recounted.db") as connection:
        versions = dict(connection.execute("SELECT version, count(*) FROM claims GROUP BY version").fetchall())
        stored_at = {row[0] for row in connection.execute("SELECT updated_at FROM claims WHERE version > 1")}
    assert versions.get(2), "no status changed: the recount was never stored"
    assert len(stored_at) == 1 and next(iter(stored_at)) is not None  # the import's time, as SQLAlchemy stores it
    database = open_database(str(tmp_path / "recounted.db"))
    try:
        with database.reading() as session:
            assert status.find_mismatches(session) == []
    finally:
        database.dispose()


def test_the_claims_waiting_for_a_recount_come_back_once_each_in_order() -> None:
    """One bit a claim of the file: ids given in any order, some twice, across bytes."""
    from types import SimpleNamespace

    from workbench.importing.own_statuses import OwnClaimStatuses

    context = SimpleNamespace(baseline=SimpleNamespace(claims=100))
    waiting = OwnClaimStatuses(context, statuses=None)  # type: ignore[arg-type]
    waiting.given([130, 101, 108, 101])
    waiting.given([109, 2_000])
    assert list(waiting._take_waiting()) == [101, 108, 109, 130, 2_000]
    assert list(waiting._take_waiting()) == []
