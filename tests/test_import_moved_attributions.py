"""A file that gives a stored attribution (by its key) to a claim the same file creates.

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
from workbench.importing.pipeline import import_files
from workbench.review import status

HEADER = {"format": "workbench", "version": 1}


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(record) for record in [HEADER, *records]) + "\n", encoding="utf-8")
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
