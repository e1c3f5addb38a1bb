"""A file that changes stored rows: attributions moved to a claim the same file creates, and
many stored claims changed at once.

Until 2026-12-06 the attribution's row was updated to point at the new claim before that
claim's row was written, so every such import failed on the foreign key with an internal
error and nothing was imported. It happens whenever a later file reuses an attribution key
under a new claim, and in a feed whose claims were merged by an earlier import and now come
back reworded (their derived attribution keys live on the claim they joined).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from workbench.db.engine import Database
from workbench.importing.affected import ClaimMarks
from workbench.importing.pipeline import import_files
from workbench.review import status

HEADER = {"format": "workbench", "version": 1}


def _write(path: Path, records: list[dict[str, Any]], header: dict[str, Any] = HEADER) -> Path:
    path.write_text("\n".join(json.dumps(record) for record in [header, *records]) + "\n", encoding="utf-8")
    return path


def _claims(database: Database) -> dict[str, tuple[str, int, list[str]]]:
    """Each claim's status, origin count and attribution keys, by claim key."""
    with database.reading() as session:
        rows = session.execute(
            text(
                "SELECT c.key, c.status, c.origin_count, a.key FROM claims c "
                "LEFT JOIN attributions a ON a.claim_id = c.id ORDER BY c.key, a.key"
            )
        ).all()
    found: dict[str, tuple[str, int, list[str]]] = {}
    for claim_key, claim_status, origins, attribution_key in rows:
        _, _, keys = found.setdefault(claim_key, (claim_status, origins, []))
        if attribution_key is not None:
            keys.append(attribution_key)
    return found


def test_a_stored_attribution_given_to_a_new_claim_moves_there_and_both_statuses_follow(
    database: Database, tmp_path: Path
) -> None:
    sources = [
        {"type": "source", "key": key, "name": name, "kind": "media_outlet"}
        for key, name in (("s1", "First Outlet"), ("s2", "Second Outlet"), ("s3", "Third Outlet"))
    ]
    first = _write(tmp_path / "first.jsonl", [
        *sources,
        {"type": "claim", "key": "c1", "text": "The convoy left the northern base at dawn",
         "attributions": [{"key": "a0", "source": "s3", "stance": "asserts"}, {"key": "a1", "source": "s1", "stance": "asserts"}]},
    ])
    import_files(database, [str(first)], "tester")
    assert _claims(database)["c1"][:2] == ("corroborated", 2)

    second = _write(tmp_path / "second.jsonl", [
        {"type": "claim", "key": "c9", "text": "Fuel prices in the city rose by a third in March",
         "attributions": [{"key": "a1", "source": "s1", "stance": "asserts"}, {"key": "a2", "source": "s2", "stance": "asserts"}]},
    ])
    (summary,) = import_files(database, [str(second)], "tester").summaries

    assert (summary.claims.created, summary.attributions.created, summary.attributions.updated) == (1, 1, 1)
    claims = _claims(database)
    assert claims["c9"] == ("corroborated", 2, ["a1", "a2"])
    assert claims["c1"] == ("single_source", 1, ["a0"])  # recomputed: it lost a1
    with database.reading() as session:
        assert status.find_mismatches(session) == []
        moved = session.execute(
            text("SELECT count(*) FROM review_events WHERE action = 'attribution_updated'")
        ).scalar_one()
    assert moved == 1


def test_a_merged_claim_that_comes_back_reworded_takes_its_attribution_back(database: Database, tmp_path: Path) -> None:
    """The feed case: a rewording merged by one import, then the same key with other words."""
    source = {"type": "source", "key": "s1", "name": "First Outlet", "kind": "media_outlet"}
    other = {"type": "source", "key": "s2", "name": "Second Outlet", "kind": "media_outlet"}
    said = "Officials said 40 families returned to the village on Monday"
    first = _write(tmp_path / "first.jsonl", [
        source, other,
        {"type": "claim", "key": "k1", "text": said, "attributions": [{"source": "s2", "stance": "asserts"}]},
        {"type": "claim", "key": "k2", "text": said + ".", "attributions": [{"source": "s1", "stance": "asserts"}]},
    ])
    (summary,) = import_files(database, [str(first)], "tester").summaries
    assert summary.claims.created == 1  # k2 joined k1

    second = _write(tmp_path / "second.jsonl", [
        {"type": "claim", "key": "k2", "text": "The bridge to the village reopened to trucks on Tuesday",
         "attributions": [{"source": "s1", "stance": "asserts"}, {"source": "s2", "stance": "denies"}]},
    ])
    (summary,) = import_files(database, [str(second)], "tester").summaries

    assert summary.claims.created == 1
    claims = _claims(database)
    assert set(claims) == {"k1", "k2"}
    assert len(claims["k2"][2]) == 2 and len(claims["k1"][2]) == 1
    with database.reading() as session:
        assert status.find_mismatches(session) == []


def test_a_file_that_changes_many_stored_claims_stores_each_change_once(database: Database, tmp_path: Path) -> None:
    """Changed values are written a batch at a time, grouped by the columns that change: each
    claim must still get exactly its own values, tags and one new version."""
    source = {"type": "source", "key": "s1", "name": "First Outlet", "kind": "media_outlet"}
    said = [{"source": "s1", "stance": "asserts", "quote": "it will reopen", "certainty": "forecast"}]
    first = _write(tmp_path / "first.jsonl", [source, *[
        {"type": "claim", "key": f"k{n}", "text": f"Road number {n} to the border crossing reopens in week {n}",
         "tags": ["roads", "old"], "attributions": said}
        for n in range(30)
    ]], {"format": "workbench", "version": 2})
    import_files(database, [str(first)], "tester")
    changed: list[dict[str, Any]] = []
    for n in range(30):
        record: dict[str, Any] = {"type": "claim", "key": f"k{n}", "attributions": said}
        record["text"] = f"Road number {n} to the border crossing reopens in week {n}" + (" (corrected)" if n % 2 else "")
        record["tags"] = ["roads", "new"] if n % 3 == 0 else ["old", "roads"]
        if n % 5 == 0:
            record["kind"] = "plan"
        changed.append(record)
    second = _write(tmp_path / "second.jsonl", changed, {"format": "workbench", "version": 2})
    (summary,) = import_files(database, [str(second)], "tester").summaries

    expected_changed = [n for n in range(30) if n % 2 or n % 3 == 0 or n % 5 == 0]
    assert (summary.claims.updated, summary.claims.unchanged) == (len(expected_changed), 30 - len(expected_changed))
    with database.reading() as session:
        rows = {
            key: (claim_text, kind, version)
            for key, claim_text, kind, version in session.execute(text("SELECT key, text, kind, version FROM claims"))
        }
        tags: dict[str, list[str]] = {}
        for key, tag in session.execute(
            text("SELECT c.key, t.tag FROM claim_tags t JOIN claims c ON c.id = t.claim_id ORDER BY c.key, t.tag")
        ):
            tags.setdefault(key, []).append(tag)
        assert status.find_mismatches(session) == []
        logged = session.execute(text("SELECT count(*) FROM review_events WHERE action = 'claim_updated'")).scalar_one()
    assert logged == len(expected_changed)
    for n in range(30):
        claim_text, kind, version = rows[f"k{n}"]
        assert claim_text.endswith("(corrected)") == bool(n % 2)
        assert kind == ("plan" if n % 5 == 0 else "event")
        # One new version for the change; a plan's recounted status may add another.
        assert version == 1 if n not in expected_changed else version in ((2, 3) if n % 5 == 0 else (2,))
        assert tags[f"k{n}"] == (["new", "roads"] if n % 3 == 0 else ["old", "roads"])


def test_claim_marks_hold_each_id_once_and_give_them_back_in_order() -> None:
    marks = ClaimMarks()
    assert not marks and list(marks.in_order()) == []
    marks.add_all([9, 1, 4_000, 9, 0, 8, 7, 15, 16])
    marks.add_all(range(100, 3, -7))
    expected = sorted({9, 1, 4_000, 0, 8, 7, 15, 16, *range(100, 3, -7)})
    assert list(marks.in_order()) == expected
    assert len(marks) == len(expected)


def test_importing_the_same_tags_again_changes_nothing_whatever_the_collation(database: Database, tmp_path: Path) -> None:
    """Tags are compared as sorted lists: sorted by Python on both sides, since a database's
    collation (en_US on many PostgreSQL servers) puts "ba" before "b-c" and Python after."""
    source = {"type": "source", "key": "s1", "name": "First Outlet", "kind": "media_outlet"}
    record = {"type": "claim", "key": "k1", "text": "The b-c road reopened", "tags": ["ba", "b-c", "B_d", "b d"],
              "attributions": [{"source": "s1", "stance": "asserts"}]}
    path = _write(tmp_path / "tags.jsonl", [source, record], {"format": "workbench", "version": 2})
    import_files(database, [str(path)], "tester")
    (again,) = import_files(database, [str(path)], "tester").summaries
    assert (again.claims.updated, again.claims.unchanged) == (0, 1)


def test_a_stored_claim_given_an_origin_updates_the_flag_of_the_claim_it_contradicts(
    database: Database, tmp_path: Path
) -> None:
    """The claims an import recomputes take the claims whose flags hang on them along: a
    stored claim given its first counted origin disputes the stored claim it contradicts,
    which gets the flag and a new version; a claim the import leaves as it was keeps its
    version."""
    sources = [
        {"type": "source", "key": key, "name": name, "kind": "media_outlet"}
        for key, name in (("s1", "First Outlet"), ("s2", "Second Outlet"))
    ]
    first = _write(tmp_path / "first.jsonl", [
        *sources,
        {"type": "claim", "key": "c-held", "text": "The garrison still holds the airfield south of the city",
         "attributions": [{"key": "a1", "source": "s1", "stance": "asserts"}]},
        {"type": "claim", "key": "c-fell", "text": "The airfield south of the city fell to the rebels on Monday"},
        {"type": "claim", "key": "c-other", "text": "Bread prices doubled in the capital during the winter",
         "attributions": [{"key": "a9", "source": "s2", "stance": "asserts"}]},
        {"type": "link", "from": "c-fell", "to": "c-held", "relation": "contradicts"},
    ])
    import_files(database, [str(first)], "tester")

    def stored() -> dict[str, tuple[str, str | None, int]]:
        with database.reading() as session:
            rows = session.execute(text("SELECT key, status, disputed_by, version FROM claims")).all()
        return {key: (claim_status, disputed_by, version) for key, claim_status, disputed_by, version in rows}

    before = stored()
    assert before["c-held"][1] is None  # the contradicting claim has no counted origin yet

    second = _write(tmp_path / "second.jsonl", [
        {"type": "claim", "key": "c-fell", "text": "The airfield south of the city fell to the rebels on Monday",
         "attributions": [{"key": "a2", "source": "s2", "stance": "asserts"}]},
    ])
    import_files(database, [str(second)], "tester")

    after = stored()
    assert after["c-fell"][0] == "single_source"
    assert after["c-held"][1] == "c-fell"
    assert after["c-held"][2] == before["c-held"][2] + 1
    assert after["c-other"] == before["c-other"]
    with database.reading() as session:
        assert status.find_mismatches(session) == []


def test_a_file_that_changes_stored_claims_leaves_no_lookup_statements_for_the_collector(
    database: Database, tmp_path: Path
) -> None:
    """Lookups repeated chunk after chunk (stored claims, attributions, tags, statuses, the
    evidence recomputed) run statements built once (``db.batches.wanted``). Built around each
    list, every statement was cyclic garbage holding its list until a full collection, which
    a long import rarely runs: here with the collector off, every lookup's statement stays
    (30 of them on the old code; a file of a few dozen claims made none, as its lists were short)."""
    import gc

    from sqlalchemy.sql.elements import BindParameter

    sources = [{"type": "source", "key": f"s{n}", "name": f"Outlet {n}", "kind": "media_outlet"} for n in range(3)]
    first = _write(tmp_path / "first.jsonl", [*sources, *[
        {"type": "claim", "key": f"k{n}", "text": f"Convoy {n} left the base at dawn on day {n}",
         "tags": ["convoys"], "attributions": [{"source": f"s{n % 3}", "stance": "asserts"}]}
        for n in range(600)
    ]])
    import_files(database, [str(first)], "tester")
    second = _write(tmp_path / "second.jsonl", [
        {"type": "claim", "key": f"k{n}", "text": f"Convoy {n} left the base at noon on day {n}",
         "tags": ["convoys", "corrected"], "attributions": [{"source": f"s{(n + 1) % 3}", "stance": "asserts"}]}
        for n in range(600)
    ])
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        (summary,) = import_files(database, [str(second)], "tester").summaries
        gc.collect()
        left = [item for item in gc.garbage if isinstance(item, BindParameter) and isinstance(item.value, list)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert summary.claims.updated == 600
    assert [parameter.key for parameter in left] == []
