"""The status-checks revision on a database seeded at the revision before it, on SQLite and
PostgreSQL: every row stays, ``db check``'s first run on the upgraded desk is a full one that
records itself, and the downgrade takes the table away again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select, text
from support import BACKENDS, seeded_at_revision

from workbench.db.engine import Database
from workbench.db.migrate import alembic_config, current_revision, head_revision
from workbench.db.models import StatusCheck
from workbench.review import check_scope, status
from workbench.review.opening import upgrade_database

BEFORE = "f98d2eadfab3"
REVISION = "a4e9c3b71f26"  # the revision under test (tests/test_migrations.py walks every one)

SEED = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES "
    "(1, 'src-ap', 'Associated Press', 'media_outlet', 'B', '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES "
    "(1, 'claim-base', 'Russian forces left the base', 'unreviewed', 'single_source', 1, 3, '2026-01-27', '2026-01-27'), "
    "(2, 'claim-plane', 'A cargo plane landed', 'false', 'unsourced', 0, 1, '2026-01-27', '2026-01-27')",
    "INSERT INTO attributions (id, key, claim_id, source_id, stance, mode, credibility, created_at, updated_at) "
    "VALUES (1, 'a-1', 1, 1, 'asserts', 'own_observation', 6, '2026-01-27', '2026-01-27')",
    "INSERT INTO review_events (at, reviewer, entity_type, entity_id, claim_id, action, reason) VALUES "
    "('2026-01-27', 'lina', 'claim', 2, 2, 'verdict_set', 'checked')",
]
TABLES = ["sources", "claims", "attributions", "review_events"]


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        yield url


def _rows(database: Database) -> dict[str, list[tuple[object, ...]]]:
    with database.engine.connect() as connection:
        return {table: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))] for table in TABLES}


def test_the_upgrade_keeps_every_row_and_the_first_check_is_full(seeded_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_scope, "WHOLE_BELOW", 0)
    monkeypatch.setattr(check_scope, "SAMPLE", 0)
    database = Database(seeded_url)
    before = _rows(database)
    upgrade_database(database)
    assert current_revision(database.engine) == head_revision()
    assert _rows(database) == before
    with database.reading() as session:
        plan = check_scope.plan_check(session, 2)
        assert plan.full and plan.why_full == "no earlier clean check"
        assert (plan.through_event_id, plan.through_claim_id) == (1, 2)
        assert status.find_mismatches(session) == []
    with database.writing() as session:
        check_scope.record_check(session, "lina", plan, checked=2, mismatches=0, fixed=False)
    with database.reading() as session:
        (row,) = session.scalars(select(StatusCheck)).all()
        assert (row.scope, row.clean, row.through_event_id) == ("full", True, 1)
        assert check_scope.plan_check(session, 2).claim_ids == frozenset()
    database.dispose()


def test_the_downgrade_drops_the_table(seeded_url: str) -> None:
    database = Database(seeded_url)
    upgrade_database(database)
    with database.writing() as session:
        plan = check_scope.plan_check(session, 2, full=True)
        check_scope.record_check(session, "lina", plan, checked=2, mismatches=0, fixed=False)
    command.downgrade(alembic_config(database.engine), BEFORE)
    with database.engine.connect() as connection:
        assert "status_checks" not in inspect(connection).get_table_names()
    assert len(_rows(database)["review_events"]) == 1
    database.dispose()
