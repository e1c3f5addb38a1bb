"""Intake against a database, on each backend: the plan (sources resolved, what is stored found,
possible duplicates), and the commit of reviewed decisions through the import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ReviewEvent
from workbench.importing.intake_bundle import Decisions, build_bundle
from workbench.importing.intake_commit import commit_intake
from workbench.importing.intake_plan import ClaimMatch, IntakePlan, plan_intake
from workbench.intake import intake_file
from workbench.review import claims

SEED = Path(__file__).resolve().parent / "intake_corpus" / "qamishli.txt"


def _plan(database: Database) -> IntakePlan:
    with database.reading() as session:
        return plan_intake(session, intake_file(SEED), "qamishli.txt")


def test_the_plan_finds_the_stored_document_sources_and_attributions(sample_database: Database) -> None:
    plan = _plan(sample_database)
    assert plan.document.key == "doc-ap-qamishli-2026-01-27" and plan.document.same_text
    by_name = {p.mention.name: p for p in plan.sources}
    assert by_name["Associated Press"].key == "src-ap" and by_name["Ahmed Ali"].key == "src-ahmed-ali"
    assert by_name["SDF"].how == "alias" and by_name["Russia"].key == "src-russian-government"
    assert by_name["SDF fighters"].outcome == "new"  # an unnamed source is this article's own
    stored = [c for c in plan.claims if c.is_stored]
    assert len(stored) == 10 and all(s.is_stored for s in plan.silences)
    withdrawal = next(c for c in plan.claims if c.text.startswith("The Russian forces began evacuating"))
    assert withdrawal.matches and withdrawal.matches[0].key == "claim-withdrawal-began-5-6-days-before"


def test_reviewed_decisions_are_stored_as_decided(sample_database: Database) -> None:
    plan = _plan(sample_database)
    decisions = Decisions.undecided(plan)
    fresh = [c for c in plan.claims if not c.is_stored]
    merged, edited, rejected = fresh[2], fresh[0], fresh[1]
    target = merged.matches[0] if merged.matches else None
    with sample_database.reading() as session:
        target_claim = claims.get_claim(session, "claim-withdrawal-began-5-6-days-before")
    decisions.claims[merged.index].state = "accepted"
    decisions.claims[merged.index].merge_into = target or ClaimMatch(target_claim.id, target_claim.key, target_claim.text, 0.0, "chosen")
    decisions.claims[edited.index].state = "accepted"
    decisions.claims[edited.index].text = "Russian forces are leaving northeast Syria"
    decisions.claims[rejected.index].state = "rejected"
    with sample_database.reading() as session:
        before = session.scalar(select(func.count()).select_from(Claim))
        attributions_before = session.scalar(select(func.count()).select_from(Attribution).where(Attribution.claim_id == target_claim.id))
    with sample_database.writing() as session:
        committed = commit_intake(session, "desk", plan, decisions, match_claims=False)
    assert committed.summary is not None and committed.summary.claims.created == 1
    with sample_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == before + 1
        kept = claims.get_claim(session, target_claim.id)
        assert (kept.text, kept.verdict, kept.tags) == (target_claim.text, target_claim.verdict, target_claim.tags)
        assert session.scalar(select(func.count()).select_from(Attribution).where(Attribution.claim_id == target_claim.id)) == attributions_before + 1
        assert session.scalar(select(Claim.id).where(Claim.text == "Russian forces are leaving northeast Syria")) is not None
        events = session.scalars(select(ReviewEvent.reviewer).where(ReviewEvent.reason == "import from qamishli.txt (intake)")).all()
    assert events and set(events) == {"desk"}
    # Taken in again: what was stored is found, the rejected candidate is proposed again.
    again = _plan(sample_database)
    assert {c.index for c in again.claims if not c.is_stored} == {c.index for c in fresh} - {merged.index, edited.index}


def test_into_an_empty_database_every_source_is_new_and_the_silence_follows_the_reviewer(database: Database) -> None:
    plan = _plan(database)
    assert all(p.outcome == "new" for p in plan.sources)
    decisions = Decisions.accept_all(plan)
    silence = plan.silences[0]
    decisions.silences[silence.index].claims = {0}
    bundle = build_bundle(plan, decisions)
    silent = [(c["key"], a["stance"]) for c in bundle.data["claims"] for a in c["attributions"] if a["stance"] == "no_statement"]
    assert len(silent) == 1 and silent[0][0] == plan.claims[0].key
    assert bundle.data["documents"][0]["text"] == plan.intake.article.text
    with database.writing() as session:
        committed = commit_intake(session, "desk", plan, decisions)
    assert committed.summary is not None and committed.summary.claims.created == len(plan.claims)
    with database.reading() as session:
        first = claims.get_claim(session, plan.claims[0].key)
    assert first.awaiting is not None and "Russia" in first.awaiting
