"""The revision that puts each quote's anchor state in the ``attribution_details`` view, on a
database seeded at the revision before it (SQLite and PostgreSQL): the view shows where every
quote stands, no row is lost, and the downgrade gives back the earlier view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from support import BACKENDS, seeded_at_revision

from workbench.db.engine import Database
from workbench.db.migrate import alembic_config

BEFORE = "9c4d2f7a1b60"
REVISION = "52ecf2d9e65b"
TEXT = "QAMISHLI, Syria (AP) - Russian forces began pulling out, an SDF fighter said."

SEED = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES "
    "(1, 'src-ap', 'Associated Press', 'media_outlet', 'B', '2026-01-27', '2026-01-27'), "
    "(2, 'src-ali', 'Ahmed Ali', 'person', 'F', '2026-01-27', '2026-01-27')",
    "INSERT INTO documents (id, key, title, outlet_id, published_at, full_text, created_at, updated_at) VALUES "
    f"(1, 'doc-ap', 'AP report', 1, '2026-01-27 00:00:00', '{TEXT}', '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES "
    "(1, 'claim-pullout', 'Russian forces began pulling out', 'unreviewed', 'single_source', 1, 1, '2026-01-27', '2026-01-27')",
    "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, credibility, quote, span_start, "
    "span_end, anchor_state, anchor_difference, created_at, updated_at) VALUES "
    "(1, 'a-1', 1, 2, 1, 'asserts', 'paraphrase', 6, 'Russian forces began pulling out', 23, 55, 'anchored', NULL, "
    "'2026-01-27', '2026-01-27'), "
    "(2, 'a-2', 1, 1, 1, 'asserts', 'paraphrase', 6, 'Russian troops began pulling out', 23, 55, 'changed', "
    """'{"score": 90.0, "changes": [["troops", "forces"]]}', '2026-01-27', '2026-01-27'), """
    "(3, 'a-3', 1, 1, 1, 'asserts', 'paraphrase', 6, 'the base was emptied', NULL, NULL, 'orphaned', NULL, "
    "'2026-01-27', '2026-01-27'), "
    "(4, 'a-4', 1, 2, NULL, 'asserts', 'paraphrase', 6, NULL, NULL, NULL, NULL, NULL, '2026-01-27', '2026-01-27')",
]
TABLES = ["sources", "documents", "claims", "attributions"]


@pytest.fixture(params=BACKENDS)
def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database at the revision before this one, with the seed above."""
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        database = Database(url)
        yield database
        database.dispose()


def _counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}


def _view_columns(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(connection.execute(text("SELECT * FROM attribution_details")).keys())


def test_the_view_shows_where_every_quote_stands(seeded: Database) -> None:
    before = _counts(seeded)
    earlier_columns = _view_columns(seeded)
    assert "anchor_state" not in earlier_columns
    command.upgrade(alembic_config(seeded.engine), REVISION)
    assert _counts(seeded) == before
    with seeded.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT attribution_id, anchor_state, quote_start, quote_end, certainty FROM attribution_details "
                "ORDER BY attribution_id"
            )
        ).all()
        flagged = connection.execute(
            text("SELECT attribution_id FROM attribution_details WHERE anchor_state IN ('changed', 'orphaned') ORDER BY 1")
        ).scalars().all()
        difference = connection.execute(text("SELECT anchor_difference FROM attribution_details WHERE attribution_id = 2")).scalar_one()
    assert [tuple(row) for row in rows] == [
        (1, "anchored", 23, 55, "stated"),
        (2, "changed", 23, 55, "stated"),
        (3, "orphaned", None, None, "stated"),
        (4, None, None, None, "stated"),  # no quote: nothing to anchor
    ]
    assert flagged == [2, 3]
    assert "troops" in str(difference)
    # Every column the earlier view had is still there, in the same order.
    assert [c for c in _view_columns(seeded) if c in earlier_columns] == earlier_columns


def test_the_downgrade_gives_back_the_earlier_view(seeded: Database) -> None:
    earlier_columns = _view_columns(seeded)
    command.upgrade(alembic_config(seeded.engine), REVISION)
    command.downgrade(alembic_config(seeded.engine), BEFORE)
    assert _view_columns(seeded) == earlier_columns
    assert _counts(seeded)["attributions"] == 4
