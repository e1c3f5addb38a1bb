"""``audited_write``: the one way a use case locks, checks, flushes, logs and recomputes.

Run on SQLite and, when configured, on PostgreSQL, where the row lock is what makes two
reviewers saving the same claim queue instead of one of them failing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import func, select, text

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ReviewEvent, Source
from workbench.errors import StaleClaim
from workbench.review import claims
from workbench.review.writes import ChangedMeanwhile, audited_write
from workbench.vocabulary import EntityType

WITHDRAWAL = "claim-russia-withdrawing-ne-syria"
CEASEFIRE = "claim-ceasefire-extended-15-days"


@dataclass(frozen=True)
class Stored:
    id: int
    version: int
    verdict: str
    status: str
    updated_at: datetime


def _claim(database: Database, key: str) -> Stored:
    with database.reading() as session:
        claim = session.scalars(select(Claim).where(Claim.key == key)).one()
        return Stored(claim.id, claim.version, claim.verdict, claim.status, claim.updated_at)


def _events(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(ReviewEvent)) or 0


def test_a_claim_is_checked_against_the_version_the_caller_saw(sample_database: Database) -> None:
    seen = _claim(sample_database, WITHDRAWAL)
    events = _events(sample_database)
    with pytest.raises(StaleClaim) as caught, sample_database.writing() as session:
        with audited_write(session, "alice") as write:
            write.claim(WITHDRAWAL, seen.version - 1)
    assert (caught.value.expected_version, caught.value.actual_version) == (seen.version - 1, seen.version)
    assert _events(sample_database) == events
    with sample_database.writing() as session:
        with audited_write(session, "alice") as write:
            claim = write.claim(WITHDRAWAL, seen.version)
            write.log(EntityType.CLAIM, claim.id, "note_added", claim_id=claim.id, reason="checked")
    after = _claim(sample_database, WITHDRAWAL)
    assert after.version == seen.version + 1 and after.updated_at > seen.updated_at  # touched once, one new version
    assert _events(sample_database) == events + 1


def test_a_race_the_database_notices_is_refused_like_a_stale_version(sample_database: Database) -> None:
    seen = _claim(sample_database, WITHDRAWAL)
    with pytest.raises(ChangedMeanwhile) as caught, sample_database.writing() as session:
        with audited_write(session, "alice") as write:
            claim = write.claim(WITHDRAWAL)
            # Another writer's change, behind the ORM's back: the save must not overwrite it.
            session.connection().execute(text("UPDATE claims SET version = version + 1 WHERE id = :id"), {"id": claim.id})
            claim.verdict = "false"
            write.log(EntityType.CLAIM, claim.id, "verdict_set", claim_id=claim.id, reason="race")
    assert caught.value.exit_code == StaleClaim.exit_code == 4
    after = _claim(sample_database, WITHDRAWAL)
    assert (after.verdict, after.version) == (seen.verdict, seen.version)


def test_statuses_are_recomputed_when_the_block_ends(sample_database: Database) -> None:
    ceasefire = _claim(sample_database, CEASEFIRE)
    assert ceasefire.status == "corroborated"
    with sample_database.writing() as session:
        with audited_write(session, "alice") as write:
            syria = session.scalars(select(Source).where(Source.name == "Syrian government")).one()
            session.add(Attribution(key="attr-denial", claim_id=ceasefire.id, source_id=syria.id, stance="denies", mode="official_statement"))
            write.recompute([ceasefire.id])
            pending = session.get(Claim, ceasefire.id)
            assert pending is not None and pending.status == "corroborated"  # not yet: the block is still open
    assert _claim(sample_database, CEASEFIRE).status == "contested"


def test_two_reviewers_saving_one_claim_queue_instead_of_failing(sample_database: Database) -> None:
    """The first holds the claim's lock; the second, without a version to check, waits, then saves.

    On PostgreSQL the second's transaction is aborted once the first commits (SERIALIZABLE) and
    ``Database.write`` runs it again on the fresh row, as every CLI and TUI write does.
    """
    seen = _claim(sample_database, WITHDRAWAL)
    locked, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def first() -> None:
        try:
            with sample_database.writing() as session:
                with audited_write(session, "alice") as write:
                    claim = write.claim(WITHDRAWAL, seen.version)
                    locked.set()
                    release.wait(10)
                    write.log(EntityType.CLAIM, claim.id, "note_added", claim_id=claim.id, reason="first")
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)
            locked.set()

    def second() -> None:
        try:
            sample_database.write(lambda session: claims.set_verdict(session, "bob", WITHDRAWAL, "accurate", "second"))
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    holder = threading.Thread(target=first)
    holder.start()
    assert locked.wait(10)
    waiter = threading.Thread(target=second)
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive()  # queued behind the first writer's lock
    release.set()
    holder.join(10)
    waiter.join(10)
    assert failures == []
    after = _claim(sample_database, WITHDRAWAL)
    assert (after.verdict, after.version) == ("accurate", seen.version + 2)
