"""An intake commit is one action for undo: everything it stored goes together, described by
name and counts, and nothing goes when something later depends on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, Document, ReviewEvent, Source
from workbench.errors import InvalidInput
from workbench.importing.intake_bundle import ClaimMatch, Decisions
from workbench.importing.intake_commit import commit_intake
from workbench.importing.intake_plan import IntakePlan, plan_intake
from workbench.intake import intake_file
from workbench.review import attributions, claims, undo
from workbench.review.status import find_mismatches

SEED = Path(__file__).resolve().parent / "intake_corpus" / "qamishli.txt"
DAM_TALKS = Path(__file__).resolve().parent / "intake_corpus" / "dam-talks.txt"
TABLES = (Claim, Attribution, Source, Document)


def _counts(database: Database) -> dict[str, int]:
    with database.reading() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0 for model in TABLES}


def _plan(database: Database, path: Path) -> IntakePlan:
    with database.reading() as session:
        return plan_intake(session, intake_file(path), path.name)


def _commit(database: Database, plan: IntakePlan, decisions: Decisions | None = None) -> None:
    with database.writing() as session:
        commit_intake(session, "alice", plan, decisions or Decisions.accept_all(plan), match_claims=False)


def test_undo_takes_the_whole_intake_back_as_one_action(database: Database) -> None:
    before = _counts(database)
    plan = _plan(database, DAM_TALKS)
    _commit(database, plan)
    stored = _counts(database)
    assert stored["claims"] > before["claims"] and stored["documents"] == 1
    with database.reading() as session:
        last = undo.describe_last_action(session, "alice")
    assert last is not None and last.action == "intake_committed"
    created_claims = stored["claims"] - before["claims"]
    created_attributions = stored["attributions"] - before["attributions"]
    assert last.done.startswith(f"intake of 'Talks on Nile dam could resume next week, diplomats say': {created_claims} claims, {created_attributions} attributions"), last.done
    with database.writing() as session:
        said = undo.undo_last(session, "alice", last.event_id)
    assert "taken back" in said
    assert _counts(database) == before
    with database.reading() as session:
        assert undo.describe_last_action(session, "alice") is None  # nothing of the intake is offered one by one
    # Taken in again afterwards, everything is new again and stores as before.
    _commit(database, _plan(database, DAM_TALKS))
    assert _counts(database) == stored


def test_undo_of_an_intake_into_stored_claims_recomputes_them(sample_database: Database) -> None:
    plan = _plan(sample_database, SEED)
    decisions = Decisions.undecided(plan)
    fresh = next(c for c in plan.claims if not c.is_stored)
    with sample_database.reading() as session:
        target = claims.get_claim(session, "claim-withdrawal-began-5-6-days-before")
    decisions.claims[fresh.index].state = "accepted"
    decisions.claims[fresh.index].merge_into = ClaimMatch(target.id, target.key, target.text, 0.0, "chosen")
    before = _counts(sample_database)
    _commit(sample_database, plan, decisions)
    assert _counts(sample_database)["attributions"] > before["attributions"]
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert _counts(sample_database) == before
    with sample_database.reading() as session:
        assert claims.get_claim(session, target.id).status == target.status
        assert find_mismatches(session) == []


def test_undo_is_refused_while_a_later_change_depends_on_the_intake(database: Database) -> None:
    plan = _plan(database, DAM_TALKS)
    _commit(database, plan)
    stored = _counts(database)
    with database.reading() as session:
        intake_event = undo.describe_last_action(session, "alice")
        claim_id = session.scalar(select(Claim.id).where(Claim.key == plan.claims[0].key))
    assert intake_event is not None and claim_id is not None
    with database.writing() as session:  # bob reviews one of the intake's claims
        claims.set_verdict(session, "bob", claim_id, "unproven", "too early to tell")
    with pytest.raises(InvalidInput, match=rf"claim {claim_id} changed since \(verdict set by bob"):
        with database.writing() as session:
            undo.undo_last(session, "alice", intake_event.event_id)
    assert _counts(database) == stored
    with database.writing() as session:  # bob takes his verdict back: nothing depends on the intake now
        undo.undo_last(session, "bob")
    with database.writing() as session:
        source = session.scalar(select(Source.id).join(Attribution, Attribution.source_id == Source.id).where(Attribution.claim_id == claim_id))
        other = claims.add_claim(session, "carol", "The talks were postponed")
        attributions.add_attribution(session, "carol", other.id, source, "asserts")  # one of its sources, elsewhere
    with pytest.raises(InvalidInput, match="cites one of its sources"):
        with database.writing() as session:
            undo.undo_last(session, "alice")
    assert _counts(database)["claims"] == stored["claims"] + 1
    with database.reading() as session:
        reasons = session.scalars(select(ReviewEvent.reason).where(ReviewEvent.action == "intake_committed")).all()
    assert reasons == ["intake of dam-talks.txt"]
