"""The import's filter of known keys: a key it calls new must really be new.

On SQLite a batch's claim and attribution keys are looked up only when the filter may have
seen them (``workbench.importing.keyfilter``), so the import's reads stop waiting for its
background writes. These tests pin down the one thing that must never happen: a key stored
before the import, or used earlier in the same file, called new. A wrong "new" would store a
duplicate (or fail on a unique index) instead of updating the record or naming the line.
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
from workbench.importing.keyfilter import KeyFilter
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
    assert keys.maybe_known("claim", ["claim-7", "other-x"]) <= {"claim-7", "other-x"}
    assert "claim-7" in keys.maybe_known("claim", ["claim-7", "other-x"])


def test_an_incomplete_filter_says_maybe_to_every_key() -> None:
    keys = KeyFilter(0, complete=False)
    keys.add("claim", "c1")
    assert keys.might_contain("claim", "never-added")
    assert keys.maybe_known("attribution", ["a", "b"]) == {"a", "b"}


def test_the_filter_reads_stored_keys_only_for_an_import_as_large_as_the_database(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.writing() as session:
        connection = session.connection()
        assert KeyFilter.for_import(connection, 10, 10, 0).complete  # empty: nothing to read
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "first.jsonl", [*SOURCES, *map(distinct_claim, range(30))]), "tester")
    monkeypatch.setattr(import_keyfilter, "SCAN_MINIMUM", 0)
    with database.writing() as session:
        connection = session.connection()
        stored_claims = 30
        assert not KeyFilter.for_import(connection, 29, 29, stored_claims).complete  # a small file: look keys up
        keys = KeyFilter.for_import(connection, 30, 30, stored_claims)
        attribution_keys = session.scalars(select(Attribution.key)).all()
    assert keys.complete
    assert all(keys.might_contain("claim", f"c{i}") for i in range(30))
    assert len(attribution_keys) == 30 and all(keys.might_contain("attribution", key) for key in attribution_keys)


def test_a_large_reimport_into_a_smaller_database_finds_every_stored_key(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scanned path: 300 stored claims, then a file of 1,200 (two batches) holding them
    again. Each stored claim is found (unchanged), none is stored twice, and the statuses agree
    with the evidence."""
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "first.jsonl", [*SOURCES, *map(distinct_claim, range(300))]), "tester")
    monkeypatch.setattr(import_keyfilter, "SCAN_MINIMUM", 0)
    filters: list[KeyFilter] = []
    original = KeyFilter.for_import.__func__  # type: ignore[attr-defined]  # a bound classmethod has __func__; mypy does not model it

    def recording(cls: type[KeyFilter], *args: Any) -> KeyFilter:
        filters.append(original(cls, *args))
        return filters[-1]

    monkeypatch.setattr(KeyFilter, "for_import", classmethod(recording))
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
    from workbench.importing.pipeline import IMPORT_GC_THRESHOLD, fewer_collections

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
