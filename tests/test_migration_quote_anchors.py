"""The quote-anchors revision on a database seeded at the revision before it, on each backend:
stored quotes are anchored in their documents, nothing is lost, the constraints and the
search triggers survive the table rebuild, and the downgrade gives the old table back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError
from support import pg_schema, pg_url

from workbench.db.engine import create_workbench_engine
from workbench.db.migrate import alembic_config

BEFORE = "d7e2b8c4a1f0"
REVISION = "3162b2edcc44"
ARTICLE = (
    "QAMISHLI, Syria (AP) — Russian forces have begun pulling out of positions in northeast Syria. "
    "Ahmed Ali said the Russians left five or six days ago. A fighter said the Russians left five or six days ago."
)
LEFT = "the Russians left five or six days ago"
SECOND_LEFT = ARTICLE.rindex(LEFT)

SEED = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) "
    "VALUES (1, 'src-ap', 'Associated Press', 'media_outlet', 'B', '2026-01-27', '2026-01-27')",
    "INSERT INTO documents (id, key, title, outlet_id, full_text, created_at, updated_at) "
    "VALUES (1, 'doc-ap', 'AP report', 1, :article, '2026-01-27', '2026-01-27')",
    "INSERT INTO documents (id, key, title, created_at, updated_at) VALUES (2, 'doc-notext', 'No text', '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
    "VALUES (1, 'claim-1', 'Russian forces are leaving', 'unreviewed', 'single_source', 1, 1, '2026-01-27', '2026-01-27')",
]
# (id, quote, span, document): what each attribution holds before the upgrade
QUOTES = [
    (1, "Russian forces have begun pulling out", (23, 60), 1),  # at its span
    (2, LEFT, None, 1),  # no span: the first occurrence
    (3, LEFT, (SECOND_LEFT - 3, SECOND_LEFT + len(LEFT) - 3), 1),  # a span that missed: the nearest occurrence
    (4, "the Kremlin confirmed it", (10, 34), 1),  # not in the text
    (5, None, None, 1),  # no quote
    (6, "anything", None, 2),  # a document without text
    (7, "no document", None, None),
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_workbench_engine(f"sqlite:///{tmp_path / 'anchors.db'}")
        yield engine
        engine.dispose()
        return
    base = pg_url()
    if base is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(base) as url:
        engine = create_workbench_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    command.upgrade(alembic_config(engine), BEFORE)
    with engine.begin() as connection:
        for statement in SEED:
            connection.execute(text(statement), {"article": ARTICLE} if ":article" in statement else {})
        for attribution_id, quote, span, document in QUOTES:
            connection.execute(
                text(
                    "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, quote, span_start, "
                    "span_end, credibility, created_at, updated_at) VALUES (:id, :key, 1, 1, :document, 'asserts', "
                    "'paraphrase', :quote, :start, :end, 6, '2026-01-27', '2026-01-27')"
                ),
                {
                    "id": attribution_id,
                    "key": f"attr-{attribution_id}",
                    "document": document,
                    "quote": quote,
                    "start": span[0] if span else None,
                    "end": span[1] if span else None,
                },
            )
    return engine


def _anchors(engine: Engine) -> dict[int, tuple[object, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, span_start, span_end, quote_prefix, quote_suffix, anchor_state, anchor_difference FROM attributions")
        ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def test_upgrade_anchors_the_stored_quotes(seeded: Engine) -> None:
    command.upgrade(alembic_config(seeded), REVISION)
    anchors = _anchors(seeded)
    first = ARTICLE.index(LEFT)
    assert anchors[1] == (23, 60, ARTICLE[:23], ARTICLE[60:92], "anchored", None)
    assert anchors[2] == (first, first + len(LEFT), ARTICLE[first - 32 : first], ARTICLE[first + len(LEFT) :][:32], "anchored", None)
    assert anchors[3][:2] == (SECOND_LEFT, SECOND_LEFT + len(LEFT)) and anchors[3][4] == "anchored"
    assert anchors[4] == (10, 34, None, None, "orphaned", None)  # keeps its last position, flagged
    for unanchored in (5, 6, 7):
        assert anchors[unanchored] == (None, None, None, None, None, None)


def test_upgrade_keeps_every_row_constraint_and_trigger(seeded: Engine) -> None:
    command.upgrade(alembic_config(seeded), REVISION)
    with seeded.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM attributions")).scalar_one() == len(QUOTES)
        assert connection.execute(text("SELECT count(*) FROM claim_overview")).scalar_one() == 1
        if seeded.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            # The full-text triggers on attributions were recreated after the table was rebuilt.
            connection.execute(
                text("UPDATE attributions SET quote = 'zanzibar probe' WHERE id = 5")
            )
            hits = connection.execute(text("SELECT count(*) FROM attributions_fts WHERE attributions_fts MATCH 'zanzibar'"))
            assert hits.scalar_one() == 1
            connection.rollback()
    checks = {check["name"] for check in inspect(seeded).get_check_constraints("attributions")}
    assert {
        "ck_attributions__stance_valid",
        "ck_attributions__mode_valid",
        "ck_attributions__credibility_range",
        "ck_attributions__span_ordered",
        "ck_attributions__anchor_state_valid",
    } <= checks
    with pytest.raises(IntegrityError), seeded.begin() as connection:
        connection.execute(text("UPDATE attributions SET anchor_state = 'lost' WHERE id = 1"))
    with pytest.raises(IntegrityError), seeded.begin() as connection:
        connection.execute(text("UPDATE attributions SET stance = 'maybe' WHERE id = 1"))


def test_downgrade_gives_the_old_table_back(seeded: Engine) -> None:
    command.upgrade(alembic_config(seeded), REVISION)
    command.downgrade(alembic_config(seeded), BEFORE)
    columns = {column["name"] for column in inspect(seeded).get_columns("attributions")}
    assert not columns & {"quote_prefix", "quote_suffix", "anchor_state", "anchor_difference"}
    with seeded.connect() as connection:
        rows = connection.execute(text("SELECT id, quote, span_start FROM attributions ORDER BY id")).all()
    assert [row[0] for row in rows] == [q[0] for q in QUOTES]
    assert rows[1][2] == ARTICLE.index(LEFT)  # the position filled in by the upgrade stays
