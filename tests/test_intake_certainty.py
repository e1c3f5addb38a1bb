"""An intake candidate's certainty reaches the attribution's ``certainty`` column (inferred
when detected, the desk's own when the reviewer set it), a forecast claim is stored as a plan,
and the corroboration status then treats hedges and forecasts as the rules say."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim
from workbench.formats.json_format import parse_bundle
from workbench.importing.intake_bundle import CARRIES_CERTAINTY, Decisions, build_bundle
from workbench.importing.intake_commit import commit_intake
from workbench.importing.intake_plan import IntakePlan, plan_intake
from workbench.intake import intake_file
from workbench.review.status import assess_claim, find_mismatches
from workbench.vocabulary import Certainty

ARTICLE = """Associated Press
date 2026-03-02

# Storm damage in the valley

The river authority said the dam may have been damaged by the storm.

Governor Lena Hart said the bridge will reopen on Friday.

Farmers said the water reached the village on Sunday.
"""


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "storm.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _plan(database: Database, tmp_path: Path) -> IntakePlan:
    with database.reading() as session:
        return plan_intake(session, intake_file(_article(tmp_path)), "storm.txt")


def _claim(plan: IntakePlan, start: str) -> int:
    return next(c.index for c in plan.claims if c.text.startswith(start))


def _stored(database: Database, plan: IntakePlan, index: int) -> tuple[Claim, list[Attribution]]:
    with database.reading() as session:
        claim = session.scalars(select(Claim).where(Claim.key == plan.claims[index].key)).one()
        attributions = list(session.scalars(select(Attribution).where(Attribution.claim_id == claim.id)))
        session.expunge_all()
    return claim, attributions


def test_detected_certainty_is_stored_as_inferred_and_counted_by_the_rules(database: Database, tmp_path: Path) -> None:
    plan = _plan(database, tmp_path)
    with database.writing() as session:
        commit_intake(session, "desk", plan, Decisions.accept_all(plan))
    dam, (hedge,) = _stored(database, plan, _claim(plan, "The dam may"))
    assert (hedge.certainty, hedge.certainty_inferred) == ("hedged", True)
    assert dam.kind == "event" and dam.status == "unsourced"  # a hedge does not confirm an event
    bridge, (forecast,) = _stored(database, plan, _claim(plan, "The bridge will"))
    assert (forecast.certainty, forecast.certainty_inferred) == ("forecast", True)
    assert bridge.kind == "plan" and bridge.status == "single_source"  # a forecast confirms a plan
    water, (stated,) = _stored(database, plan, _claim(plan, "The water reached"))
    assert stated.certainty == "stated" and water.status == "single_source"
    with database.reading() as session:
        assert find_mismatches(session) == []  # what the import stored is what the rules give
        reasons = " ".join(u.reason for u in assess_claim(session, dam.id).uncounted)
    assert "inferred from the wording" in reasons


def test_a_certainty_set_by_the_reviewer_is_the_desks_own(database: Database, tmp_path: Path) -> None:
    plan = _plan(database, tmp_path)
    decisions = Decisions.accept_all(plan)
    dam = _claim(plan, "The dam may")
    decisions.certainties[(dam, 0)] = Certainty.STATED  # the reviewer read the report: not a hedge
    with database.writing() as session:
        commit_intake(session, "desk", plan, decisions, match_claims=False)
    claim, (attribution,) = _stored(database, plan, dam)
    assert (attribution.certainty, attribution.certainty_inferred) == ("stated", False)
    assert claim.status == "single_source"


def test_the_interchange_document_carries_the_certainty_where_the_format_can(tmp_path: Path) -> None:
    plan = plan_intake(None, intake_file(_article(tmp_path)), "storm.txt")
    bundle = build_bundle(plan, Decisions.accept_all(plan))
    parsed = parse_bundle(bundle.data)  # `intake --json | workbench import -` reads it as printed
    dam = plan.claims[_claim(plan, "The dam may")]
    (spec,) = next(c for c in parsed.claims if c.key == dam.key).attributions
    assert bundle.certainties[(dam.key, spec.source or "", spec.stance, spec.quote)] == ("hedged", True)
    assert bundle.kinds[plan.claims[_claim(plan, "The bridge will")].key] == "plan"
    if CARRIES_CERTAINTY:
        assert (spec.certainty, spec.certainty_inferred) == ("hedged", True)
    else:
        assert "hedged: 'may'" in (spec.note or "")
