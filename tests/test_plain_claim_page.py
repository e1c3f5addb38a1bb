"""The plain claim page (``sqlite3``, no SQLAlchemy) gives exactly what ``list_claims`` gives,
for every order, keyset page and page size, with tags, quote flags and running takes; and it
steps aside (None) whenever it is not sure, so the normal path answers instead."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support import SAMPLE_FILE

from workbench.db.base import utcnow
from workbench.db.opening import open_database
from workbench.importing.pipeline import import_files
from workbench.records import ClaimSummary
from workbench.review import claim_list
from workbench.review.claim_filters import ClaimFilter
from workbench.review.claim_order import SortOrder
from workbench.review.plain_claim_page import read_page


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample desk with ties in every sort key, quotes flagged and takes running and expired."""
    path = tmp_path_factory.mktemp("plain") / "desk.db"
    database = open_database(str(path))
    import_files(database, [str(SAMPLE_FILE)], "tester")
    database.dispose()
    now = utcnow()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE claims SET updated_at = '2026-02-01 09:00:00.000000' WHERE id % 3 = 0")  # ties
        raw.execute("UPDATE attributions SET anchor_state = 'changed' WHERE id IN (1, 2, 5)")
        raw.execute("UPDATE attributions SET anchor_state = 'orphaned' WHERE id IN (3, 9)")
        for claim_id, reviewer, expires in ((2, "lina", now + timedelta(hours=1)), (4, "bob", now - timedelta(hours=1)),
                                            (7, "bob", now + timedelta(days=3))):
            raw.execute(
                "INSERT INTO claim_takes (claim_id, reviewer, taken_at, expires_at, taken_over_from, reason) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (claim_id, reviewer, (now - timedelta(hours=2)).isoformat(" "), expires.isoformat(" "),
                 "lina" if claim_id == 7 else None, "she is away" if claim_id == 7 else None),
            )
    return path


def _normal(
    path: Path, limit: int, after_id: int | None, order: SortOrder, filters: ClaimFilter | None = None
) -> list[ClaimSummary]:
    database = open_database(str(path), create=False)
    try:
        with database.reading() as session:
            return claim_list.list_claims(session, filters, limit=limit, after_id=after_id, order=order)
    finally:
        database.dispose()


@pytest.mark.parametrize("order", list(SortOrder))
@pytest.mark.parametrize("limit", [1, 7, 100])
def test_every_page_equals_the_normal_path(desk: Path, order: SortOrder, limit: int) -> None:
    afters: list[int | None] = [None, 9999, 13]
    first_pages = _normal(desk, limit, None, order)
    afters += [summary.id for summary in first_pages[:3]]
    for after_id in afters:
        expected = _normal(desk, limit, after_id, order)
        assert read_page(desk, limit=limit, after_id=after_id, order=order, now=utcnow()) == expected, after_id


@pytest.mark.parametrize("order", list(SortOrder))
@pytest.mark.parametrize(
    ("status", "verdict"),
    [("single_source", None), ("corroborated", None), (None, "unreviewed"), ("single_source", "unreviewed"), ("refuted", "false")],
)
def test_a_page_narrowed_to_a_status_or_verdict_equals_the_normal_path(
    desk: Path, order: SortOrder, status: str | None, verdict: str | None
) -> None:
    """The two filters scripts page by are read here too (a filtered call loaded SQLAlchemy)."""
    filters = ClaimFilter(status=status, verdict=verdict)
    first = _normal(desk, 3, None, order, filters)
    assert all((status is None or c.status == status) and (verdict is None or c.verdict == verdict) for c in first)
    for after_id in [None, 9999, *(summary.id for summary in first)]:
        expected = _normal(desk, 3, after_id, order, filters)
        page = read_page(desk, limit=3, after_id=after_id, order=order, now=utcnow(), status=status, verdict=verdict)
        assert page == expected, after_id


def test_walking_every_page_visits_every_claim_once(desk: Path) -> None:
    for order in SortOrder:
        seen: list[int] = []
        after: int | None = None
        while page := read_page(desk, limit=4, after_id=after, order=order, now=utcnow()):
            seen += [summary.id for summary in page]
            after = page[-1].id
        assert sorted(seen) == list(range(1, 26)), order


def test_what_the_page_carries(desk: Path) -> None:
    page = read_page(desk, limit=10, now=utcnow())
    assert page is not None
    by_id = {summary.id: summary for summary in page}
    assert by_id[2].take is not None and by_id[2].take.reviewer == "lina"
    assert by_id[4].take is None  # expired
    assert by_id[7].take is not None and by_id[7].take.taken_over_from == "lina"
    assert any(summary.quote_flags for summary in page)
    assert all(isinstance(summary.updated_at, datetime) for summary in page)


def test_it_steps_aside_when_unsure(desk: Path, tmp_path: Path) -> None:
    now = utcnow()
    assert read_page(tmp_path / "missing.db", limit=5, now=now) is None
    (tmp_path / "notes.txt").write_text("not a database")
    assert read_page(tmp_path / "notes.txt", limit=5, now=now) is None
    older = tmp_path / "older.db"
    older.write_bytes(desk.read_bytes())
    with sqlite3.connect(older) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'f98d2eadfab3'")
    assert read_page(older, limit=5, now=now) is None  # the normal path upgrades it
    odd = tmp_path / "odd.db"
    odd.write_bytes(desk.read_bytes())
    with sqlite3.connect(odd) as raw:
        raw.execute("UPDATE claims SET updated_at = 12 WHERE id = 1")
    assert read_page(odd, limit=5, now=now) is None


def test_it_writes_nothing(desk: Path) -> None:
    before = desk.stat().st_mtime_ns, desk.read_bytes()
    assert read_page(desk, limit=50, now=utcnow())
    assert (desk.stat().st_mtime_ns, desk.read_bytes()) == before
