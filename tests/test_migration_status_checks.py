"""The status-checks revision on a database seeded at the revision before it, on SQLite and
PostgreSQL: every row stays, ``db check``'s first run on the upgraded desk is a full one that
records itself, and the downgrade takes the table away again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, select
from support import BACKENDS, SMALL_DESK_SEED, seeded_at_revision, table_rows

from workbench.db.engine import Database
from workbench.db.migrate import alembic_config, current_revision, head_revision
from workbench.db.models import StatusCheck
from workbench.review import check_scope, status
from workbench.review.opening import upgrade_database

BEFORE = "f98d2eadfab3"
REVISION = "a4e9c3b71f26"  # the revision under test (tests/test_migrations.py walks every one)

SEED = SMALL_DESK_SEED


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        yield url


def test_the_upgrade_keeps_every_row_and_the_first_check_is_full(seeded_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_scope, "WHOLE_BELOW", 0)
    monkeypatch.setattr(check_scope, "SAMPLE", 0)
    database = Database(seeded_url)
    before = table_rows(database)
    upgrade_database(database)
    assert current_revision(database.engine) == head_revision()
    assert table_rows(database) == before
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
    assert len(table_rows(database)["review_events"]) == 1
    database.dispose()
