"""The claim-takes revision on a database seeded at the revision before it, on SQLite and
PostgreSQL: every row stays, takes work on the upgraded file, and on PostgreSQL a review event
committed by anyone wakes a listener (the live desk's signal); the downgrade takes it all back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text
from support import BACKENDS, SMALL_DESK_SEED, pg_schema, pg_url, seed_at_revision, seeded_at_revision, table_rows

from workbench.db.change_signal import open_change_signal
from workbench.db.engine import Database
from workbench.db.migrate import alembic_config, current_revision, head_revision
from workbench.review import claim_takes, claims
from workbench.review.opening import upgrade_database

BEFORE = "52ecf2d9e65b"
REVISION = "f98d2eadfab3"  # the revision under test (tests/test_migrations.py walks every one)

SEED = SMALL_DESK_SEED


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        yield url


def test_the_upgrade_keeps_every_row_and_takes_work_afterwards(seeded_url: str) -> None:
    database = Database(seeded_url)
    before = table_rows(database)
    upgrade_database(database)
    assert current_revision(database.engine) == head_revision()  # this revision, and any after it
    with database.engine.connect() as connection:
        assert "claim_takes" in inspect(connection).get_table_names()
    after = table_rows(database)
    assert after["attributions"] == before["attributions"] and after["review_events"] == before["review_events"]
    assert [row[:2] for row in after["claims"]] == [row[:2] for row in before["claims"]]
    with database.writing() as session:
        take = claim_takes.take_claim(session, "lina", "claim-base")
    with database.reading() as session:
        summary = claims.get_claim(session, 1)
    assert summary.take == take and summary.version == 3  # taking changed nothing on the claim
    database.dispose()


@pytest.mark.postgres
def test_postgresql_notifies_a_listener_when_a_change_commits(tmp_path: Path) -> None:
    """The trigger fires on commit, with anyone's INSERT into review_events (here plain SQL from
    another connection); a rolled-back change sends nothing."""
    if pg_url() is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(pg_url()) as url:  # type: ignore[arg-type]
        url = seed_at_revision(url, BEFORE, SEED)
        database = Database(url)
        upgrade_database(database)
        signal = open_change_signal(database.engine)
        try:
            assert not signal.changed(0.05)
            with database.engine.connect() as connection:
                with connection.begin() as transaction:
                    connection.exec_driver_sql(
                        "INSERT INTO review_events (at, reviewer, entity_type, entity_id, claim_id, action) "
                        "VALUES ('2026-01-28', 'bob', 'claim', 1, 1, 'note_added')"
                    )
                    transaction.rollback()
            assert not signal.changed(0.2)
            with database.writing() as session:
                claims.add_note(session, "bob", 1, "asked the MoD")
            assert _eventually(signal.changed)
            assert not signal.changed(0.05)  # drained: one change, one wake-up
        finally:
            signal.close()
            database.dispose()


def test_sqlite_data_version_sees_another_connections_commit(tmp_path: Path) -> None:
    url = seed_at_revision(f"sqlite:///{tmp_path / 'poll.db'}", BEFORE, SEED)
    database = Database(url)
    upgrade_database(database)
    signal = open_change_signal(database.engine)
    other = Database(url)
    try:
        assert not signal.changed()
        with other.writing() as session:
            claims.add_note(session, "bob", 1, "asked the MoD")
        assert signal.changed() and not signal.changed()
    finally:
        signal.close()
        other.dispose()
        database.dispose()


def test_the_downgrade_drops_the_table_and_the_trigger(seeded_url: str) -> None:
    database = Database(seeded_url)
    upgrade_database(database)
    with database.writing() as session:
        claim_takes.take_claim(session, "lina", 1)
    command.downgrade(alembic_config(database.engine), BEFORE)
    with database.engine.connect() as connection:
        assert "claim_takes" not in inspect(connection).get_table_names()
        if database.engine.dialect.name == "postgresql":
            triggers = connection.execute(
                text("SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = current_schema() "
                     "AND trigger_name = 'review_events__notify'")
            ).scalar_one()
            assert triggers == 0
    assert len(table_rows(database)["review_events"]) == 2  # the seed's, and the take's
    database.dispose()


def _eventually(check: Callable[[float], bool], seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check(0.1):
            return True
    return False


@pytest.mark.postgres
def test_postgresql_payloads_name_the_claims_and_a_bulk_write_is_one_star() -> None:
    if pg_url() is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(pg_url()) as url:  # type: ignore[arg-type]
        url = seed_at_revision(url, BEFORE, SEED)
        database = Database(url)
        upgrade_database(database)
        raw = database.engine.raw_connection()
        listener: Any = raw.driver_connection
        raw.rollback()
        listener.autocommit = True
        listener.execute("LISTEN workbench_changes")
        try:
            with database.writing() as session:
                claims.add_note(session, "bob", 1, "asked the MoD")
                claims.add_note(session, "bob", 2, "asked the airport")
                claims.add_note(session, "bob", 2, "asked again")
            assert sorted(n.payload for n in listener.notifies(timeout=1.0, stop_after=2)) == ["1", "2"]
            with database.engine.begin() as connection:  # an import's worth of events in one transaction
                connection.exec_driver_sql(
                    "INSERT INTO review_events (at, reviewer, entity_type, entity_id, claim_id, action) "
                    "SELECT '2026-01-28', 'import', 'claim', n, n, 'claim_added' FROM generate_series(1000, 1199) AS n"
                )
            payloads = [n.payload for n in listener.notifies(timeout=1.0)]
            assert len(payloads) == 51 and payloads[-1] == "*"
        finally:
            raw.close()
            database.dispose()
