"""The import's known keys: a key it calls new must really be new.

On SQLite a batch's claim and attribution keys are looked up only when they may repeat an
earlier record of the file (worked out while the file is read) or be stored
(``workbench.importing.keyfilter``), so the import's reads stop waiting for its background
writes. These tests pin down the one thing that must never happen: a key stored before the
import, or used earlier in the same file, called new. A wrong "new" would store a duplicate
(or fail on a unique index) instead of updating the record or naming the line.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim
from workbench.db.opening import open_database
from workbench.importing import keyfilter as import_keyfilter
from workbench.importing.keyfilter import KeyFilter, KnownKeys, RepeatedKeys
from workbench.importing.pipeline import import_file
from workbench.review import status

SOURCES = [
    {"type": "source", "key": "src-a", "name": "Agency A", "kind": "media_outlet", "reliability": "B"},
    {"type": "source", "key": "src-b", "name": "Bureau B", "kind": "organization", "reliability": "C"},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def distinct_claim(index: int) -> dict[str, Any]:
    """A claim worded unlike every other (hashes as words), so matching never merges two."""
    words = " ".join(hashlib.sha256(f"{index}-{w}".encode()).hexdigest()[:9] for w in range(8))
    source = "src-a" if index % 2 else "src-b"
    return {"key": f"c{index}", "text": words, "attributions": [{"source": source, "stance": "asserts"}]}


@pytest.fixture
def database(tmp_path: Path) -> Database:
    db = open_database(str(tmp_path / "desk.db"))
    yield db
    db.dispose()


def test_every_added_key_is_known_and_few_others_are() -> None:
    keys = KeyFilter(20_000)
    keys.update("claim", (f"claim-{i}" for i in range(20_000)))
    assert all(keys.might_contain("claim", f"claim-{i}") for i in range(20_000))
    false_positives = sum(keys.might_contain("claim", f"other-{i}") for i in range(20_000))
    assert false_positives <= 10  # expected about 0.4 at 24 bits a key
    # Kinds are kept apart: a claim key is not an attribution key.
    assert sum(keys.might_contain("attribution", f"claim-{i}") for i in range(20_000)) <= 10


def test_an_incomplete_filter_says_maybe_to_every_key() -> None:
    keys = KeyFilter(0, complete=False)
    keys.add("claim", "c1")
    assert keys.might_contain("claim", "never-added")
    known = KnownKeys.everything()
    assert known.begin_batch(0, ["a", "b"]) == {"a", "b"}
    assert known.derived_may_be_known("a", "x") and known.given_may_be_known("b", "y")


def test_repeats_are_marked_on_the_later_claim_only_and_kinds_are_kept_apart() -> None:
    repeats = RepeatedKeys()
    repeats.add("c1", ["a1"])
    repeats.add("c2")
    repeats.add("a1", ["c1"])  # a claim key equal to an earlier attribution key: no repeat
    repeats.add("c1")  # the claim key repeats
    repeats.add("c3", ["x", "a1"])  # a given attribution key repeats
    assert [repeats.flags(i) for i in range(5)] == [0, 0, 0, RepeatedKeys.CLAIM_KEY, RepeatedKeys.GIVEN_ATTRIBUTION_KEY]
    repeats.done_reading()
    assert repeats.filter_bytes > 0 and repeats.flags(3) == RepeatedKeys.CLAIM_KEY  # the bits outlive the filter
    known = KnownKeys(repeats, None)
    assert known.begin_batch(2, ["a1", "c1", "c3"]) == {"c1"}
    assert known.given_may_be_known("c3", "a1") and not known.given_may_be_known("a1", "c1")
    assert known.derived_may_be_known("c1", "derived") and not known.derived_may_be_known("c3", "derived")


def test_repeated_keys_grow_with_the_file_and_never_miss_a_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past each step's size a larger one is added, up to the cap; every repeat is still found,
    and few first uses are taken for repeats."""
    monkeypatch.setattr(import_keyfilter, "READING_FIRST_KEYS", 1_000)
    monkeypatch.setattr(import_keyfilter, "READING_MAX_BYTES", 40_000)
    repeats = RepeatedKeys()
    for i in range(30_000):
        repeats.add(f"c{i}")
    assert len(repeats._steps) >= 3 and repeats.filter_bytes <= 40_000
    false_repeats = sum(repeats.flags(i) for i in range(30_000))
    for i in range(0, 30_000, 7):
        repeats.add(f"c{i}")
    assert all(repeats.flags(30_000 + n) == RepeatedKeys.CLAIM_KEY for n in range(len(range(0, 30_000, 7))))
    # The capped last step is over its size here, so about 1 % are taken for repeats. Keys are
    # hashed with Python's salted ``hash``, so the count differs from run to run: over 300
    # salts (PYTHONHASHSEED 1-300) its median was 273 and its largest 325, and a bound of 300
    # failed one run in 15. Bounded at 1.5 %, far above any run seen.
    assert false_repeats <= 450


def test_the_filter_reads_stored_keys_only_for_an_import_as_large_as_the_database(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def file_of(claims: int) -> RepeatedKeys:
        repeats = RepeatedKeys()
        for i in range(claims):
            repeats.add(f"new-{i}")
        return repeats

    with database.writing() as session:
        connection = session.connection()
        empty = KnownKeys.for_import(connection, file_of(10), 10, 0)  # empty: nothing to read
        assert empty.complete and empty.stored is None
        assert not KnownKeys.for_import(connection, file_of(9), 10, 0).complete  # not every claim was seen
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "first.jsonl", [*SOURCES, *map(distinct_claim, range(30))]), "tester")
    monkeypatch.setattr(import_keyfilter, "SCAN_MINIMUM", 0)
    with database.writing() as session:
        connection = session.connection()
        stored_claims = 30
        assert not KnownKeys.for_import(connection, file_of(29), 29, stored_claims).complete  # a small file: look keys up
        keys = KnownKeys.for_import(connection, file_of(30), 30, stored_claims)
        attribution_keys = session.scalars(select(Attribution.key)).all()
    assert keys.complete and keys.stored is not None
    assert keys.begin_batch(0, [f"c{i}" for i in range(30)]) == {f"c{i}" for i in range(30)}
    assert len(attribution_keys) == 30 and all(keys.derived_may_be_known("new-0", key) for key in attribution_keys)
    assert all(keys.given_may_be_known("new-0", key) for key in attribution_keys)


def test_a_large_reimport_into_a_smaller_database_finds_every_stored_key(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scanned path: 300 stored claims, then a file of 1,200 (two batches) holding them
    again. Each stored claim is found (unchanged), none is stored twice, and the statuses agree
    with the evidence."""
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "first.jsonl", [*SOURCES, *map(distinct_claim, range(300))]), "tester")
    monkeypatch.setattr(import_keyfilter, "SCAN_MINIMUM", 0)
    filters: list[KnownKeys] = []
    original = KnownKeys.for_import.__func__  # type: ignore[attr-defined]  # a bound classmethod has __func__; mypy does not model it

    def recording(cls: type[KnownKeys], *args: Any) -> KnownKeys:
        filters.append(original(cls, *args))
        return filters[-1]

    monkeypatch.setattr(KnownKeys, "for_import", classmethod(recording))
    changed = distinct_claim(150) | {"attributions": [{"source": "src-a", "stance": "denies"}]}  # one more attribution
    records = [*SOURCES, *map(distinct_claim, range(1_200))]
    records[len(SOURCES) + 150] = changed
    with database.writing() as session:
        summary = import_file(session, write_jsonl(tmp_path / "second.jsonl", records), "tester")
    assert [f.complete for f in filters] == [True]
    assert (summary.claims.created, summary.claims.unchanged) == (900, 300)  # c150 gains an attribution only
    assert summary.attributions.created == 900 + 1
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 1_200
        assert session.scalar(select(func.count()).select_from(Attribution)) == 1_200 + 1
        assert status.find_mismatches(session) == []


def test_statuses_remembered_by_their_evidence_match_a_full_recount(database: Database, tmp_path: Path) -> None:
    """Thousands of claims share the same evidence shapes, so the import reuses statuses
    (``_new_claim_status``); every one must still be what the rules give for that claim."""
    records: list[dict[str, Any]] = [
        *SOURCES,
        {"type": "source", "key": "src-c", "name": "Ministry C", "kind": "government_body", "reliability": "E"},
        {"type": "source", "key": "src-d", "name": "Desk D", "kind": "organization", "reliability": "A", "affiliation": "src-b"},
    ]
    shapes = [
        [{"source": "src-a", "stance": "asserts"}],
        [{"source": "src-a", "stance": "asserts"}, {"source": "src-b", "stance": "asserts"}],
        [{"source": "src-b", "stance": "asserts"}, {"source": "src-d", "stance": "asserts"}],  # one origin
        [{"source": "src-a", "stance": "asserts"}, {"source": "src-c", "stance": "denies"}],  # E: not counted
        [{"source": "src-a", "stance": "asserts"}, {"source": "src-b", "stance": "denies"}],
        [{"source": "src-a", "stance": "asserts"}, {"source": "src-c", "stance": "no_statement", "as_of": "2026-01-27"}],
        [{"source": "src-b", "stance": "no_statement", "as_of": "2026-01-20"}, {"source": "src-b", "stance": "asserts"}],
    ]
    for index in range(1_400):
        records.append(distinct_claim(index) | {"attributions": shapes[index % len(shapes)]})
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "feed.jsonl", records), "tester")
    with database.reading() as session:
        assert status.find_mismatches(session) == []
        statuses = set(session.scalars(select(Claim.status)).all())
    assert {"single_source", "corroborated", "contested"} <= statuses


def test_a_given_key_that_repeats_an_earlier_derived_key_is_named_as_a_duplicate(database: Database, tmp_path: Path) -> None:
    """Derived attribution keys never enter the filter (their claim's key stands for them), so
    a given key shaped like a derived one is always looked up: here it repeats, a batch later,
    the key derived for claim c0's keyless attribution, and the import names its line."""
    from workbench.attribution_keys import derived_key
    from workbench.errors import BadImportFile

    repeated = derived_key("c0", "src-b", None, "asserts", None)
    late = distinct_claim(1_500) | {"attributions": [{"source": "src-a", "stance": "asserts", "key": repeated}]}
    records = [*SOURCES, *map(distinct_claim, range(1_200)), late]
    path = write_jsonl(tmp_path / "feed.jsonl", records)
    with pytest.raises(BadImportFile) as refused, database.writing() as session:
        import_file(session, path, "tester")
    assert (refused.value.line, refused.value.field) == (len(records), "attributions[0].key")
    assert f"duplicate key {repeated!r}" in str(refused.value)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_an_import_collects_garbage_less_often_and_restores_the_collector(database: Database, tmp_path: Path) -> None:
    import gc

    from workbench.errors import BadImportFile
    from workbench.importing.collector import IMPORT_GC_THRESHOLD
    from workbench.importing.pipeline import fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (IMPORT_GC_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
    path = write_jsonl(tmp_path / "feed.jsonl", [*SOURCES, {"key": "c1", "text": "x", "attributions": []}, {"key": "c1", "text": "y"}])
    with pytest.raises(BadImportFile), database.writing() as session:  # a failed import restores it too
        import_file(session, path, "tester")
    assert gc.get_threshold() == before


def test_the_filter_never_outgrows_its_cap_and_stays_right_when_full() -> None:
    """Memory stays flat whatever the file size: past ``MAX_BYTES`` the filter answers
    "maybe" more often (those keys are looked up), but never "new" for a key it holds."""
    from workbench.importing.keyfilter import MAX_BYTES

    huge = KeyFilter(100_000_000)
    assert len(huge._bits) == MAX_BYTES
    small = KeyFilter(10)
    assert len(small._bits) < 1_000
    small.update("claim", (f"c{i}" for i in range(5_000)))  # far more than it was sized for
    assert all(small.might_contain("claim", f"c{i}") for i in range(5_000))


def test_keys_repeated_across_stretches_read_by_the_worker_are_found(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read on two cores (the worker's stretches send their keys back), and its
    claims are written batches later: a claim key used again 2,400 lines on, or a given
    attribution key used by two claims, is refused at its second use, naming the first."""
    from workbench.errors import BadImportFile
    from workbench.importing import parallel_reading

    monkeypatch.setattr(parallel_reading, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel_reading, "STRETCH_BYTES", 4_000)
    records = [*SOURCES, *map(distinct_claim, range(2_400)), distinct_claim(5)]
    with pytest.raises(BadImportFile) as refused, database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "feed.jsonl", records), "tester")
    assert refused.value.line == len(records) and "duplicate key 'c5' (first used on line 8)" in str(refused.value)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0
    given = [*SOURCES, *map(distinct_claim, range(2_400, 4_800))]
    given[len(SOURCES) + 10]["attributions"][0]["key"] = "shared-key"
    given[-1]["attributions"][0]["key"] = "shared-key"
    with pytest.raises(BadImportFile) as refused, database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "given.jsonl", given), "tester")
    assert refused.value.line == len(given) and "duplicate key 'shared-key'" in str(refused.value)
