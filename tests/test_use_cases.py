"""Use cases over a real database (SQLite, and PostgreSQL when configured).

Every write recomputes the statuses it touches in the same transaction, is logged in the
append-only review log, can be refused as stale, and (where offered) undone.
"""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from support import HOSTILE_STRINGS

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, ReviewEvent
from workbench.errors import InvalidInput, NotFound, StaleClaim
from workbench.importing.pipeline import import_file
from workbench.records import ReviewEventRecord
from workbench.review import attributions, audit, claims, links, sources, status, undo

WITHDRAWAL = "claim-russia-withdrawing-ne-syria"
GUARDED = "claim-qamishli-base-guarded-by-sdf"
EQUIPMENT = "claim-russians-moved-equipment-out"
QUARTERS = "claim-living-quarters-largely-empty"
BEGAN = "claim-withdrawal-began-5-6-days-before"
PLANE = "claim-equipment-left-by-cargo-plane"
DESTINATION = "claim-equipment-destination-unknown"
PRESENT = "claim-russia-still-present-qamishli"
CEASEFIRE = "claim-ceasefire-extended-15-days"
AHMED_ONLY = {BEGAN, PLANE, DESTINATION, PRESENT}
SDF_FAMILY_CLAIMS = {WITHDRAWAL, EQUIPMENT, CEASEFIRE} | AHMED_ONLY

# -- helpers --------------------------------------------------------------------------------


def get(database: Database, reference: str | int) -> Any:
    with database.reading() as session:
        return claims.get_claim(session, reference)


def statuses(database: Database) -> dict[str, str]:
    with database.reading() as session:
        return {c.key: c.status for c in claims.list_claims(session, limit=1000)}


def review_rows(database: Database) -> list[tuple[Any, ...]]:
    with database.reading() as session:
        return [
            (e.id, e.at, e.reviewer, e.entity_type, e.entity_id, e.claim_id, e.action, e.before, e.after, e.reason)
            for e in session.scalars(select(ReviewEvent).order_by(ReviewEvent.id))
        ]


def events_since(database: Database, last_id: int) -> list[ReviewEventRecord]:
    with database.reading() as session:
        rows = session.scalars(select(ReviewEvent).where(ReviewEvent.id > last_id).order_by(ReviewEvent.id))
        return [audit.to_record(row) for row in rows]


def last_event_id(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(func.max(ReviewEvent.id))) or 0


def no_mismatches(database: Database) -> None:
    with database.reading() as session:
        assert status.find_mismatches(session) == []


def count(database: Database, model: type) -> int:
    with database.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def claim_id(database: Database, key: str) -> int:
    return get(database, key).id


# -- status kept in step --------------------------------------------------------------------


def test_adding_evidence_recomputes_status_in_the_same_transaction(database: Database) -> None:
    with database.writing() as session:
        ap = sources.add_source(session, "alice", "Associated Press", kind="media_outlet", reliability="B", aliases=["AP"])
        sdf = sources.add_source(session, "alice", "Syrian Democratic Forces", kind="organization", aliases=["SDF"])
        sources.add_source(session, "alice", "Ahmed Ali", affiliation="SDF")
        sources.add_source(session, "alice", "Russian government", kind="government_body")
        claim = claims.add_claim(session, "alice", "Russian forces are leaving", tags=["Russia", " withdrawal "])
        assert (claim.status, claim.origins, claim.version) == ("unsourced", 0, 1)
        assert claim.tags == ("russia", "withdrawal")
        attributions.add_attribution(session, "alice", claim.id, "AP", "asserts", mode="own_observation")
        assert claims.get_claim(session, claim.id).status == "single_source"
        attributions.add_attribution(session, "alice", claim.id, "Ahmed Ali", "asserts")
        mid = claims.get_claim(session, claim.id)
        assert (mid.status, mid.origins) == ("corroborated", 2)
        attributions.add_attribution(session, "alice", claim.id, sdf.key, "asserts")  # same origin as Ahmed Ali
        assert claims.get_claim(session, claim.id).origins == 2
        attributions.record_silence(session, "alice", claim.id, "Russian government", as_of=date(2026, 1, 27))
        inside = claims.get_claim(session, claim.id)
        assert inside.awaiting == "Russian government (as of 2026-01-27)"
        # The stored columns, as SQL users read them, are already up to date in this transaction.
        row = session.execute(
            text("SELECT status, origin_count, awaiting FROM claims WHERE id = :id"), {"id": claim.id}
        ).one()
        assert tuple(row) == ("corroborated", 2, "Russian government (as of 2026-01-27)")
    assert ap.reliability == "B"
    after = get(database, claim.id)
    assert (after.status, after.origins, after.awaiting) == ("corroborated", 2, "Russian government (as of 2026-01-27)")
    assert after.version > 1
    no_mismatches(database)


def test_a_failed_transaction_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError), database.writing() as session:
        sources.add_source(session, "alice", "Reuters")
        claim = claims.add_claim(session, "alice", "Something happened")
        attributions.add_attribution(session, "alice", claim.id, "Reuters", "asserts")
        raise RuntimeError("the reviewer's machine crashed")
    assert count(database, Claim) == count(database, Attribution) == count(database, ReviewEvent) == 0


def test_refused_attribution_writes_nothing(sample_database: Database) -> None:
    before = review_rows(sample_database)
    for kwargs in (
        {"source": "Nobody at all", "stance": "asserts"},
        {"source": "AP", "stance": "assert"},
        {"source": "AP", "stance": "asserts", "mode": "hearsay"},
        {"source": "AP", "stance": "asserts", "credibility": 7},
        {"source": "AP", "stance": "asserts", "document": "doc-none"},
        {"source": "AP", "stance": "asserts", "relayed_via": "Nobody"},
    ):
        with pytest.raises((InvalidInput, NotFound)), sample_database.writing() as session:
            attributions.add_attribution(session, "alice", GUARDED, **kwargs)
    assert review_rows(sample_database) == before
    assert count(sample_database, Attribution) == 34


def test_two_attributions_from_one_source_are_one_origin(sample_database: Database) -> None:
    with sample_database.writing() as session:
        attributions.add_attribution(session, "alice", GUARDED, "AP", "asserts", quote="guarded by SDF fighters")
        attributions.add_attribution(session, "alice", GUARDED, "The Associated Press", "asserts", quote="SDF guards at the gate")
    guarded = get(sample_database, GUARDED)
    assert (guarded.status, guarded.origins) == ("single_source", 1)


@pytest.mark.parametrize(
    "second",
    [
        pytest.param({"stance": "asserts", "as_of": date(2026, 1, 28)}, id="same-statement-next-day"),
        pytest.param({"stance": "asserts", "mode": "direct_quote", "note": "repeated on TV"}, id="same-statement-other-mode"),
        pytest.param({"silence_again": True}, id="same-silence-recorded-twice"),
    ],
)
def test_a_second_attribution_from_the_same_source(sample_database: Database, second: dict[str, Any]) -> None:
    second = dict(second)  # the parameter is shared between backends: never mutate it
    with sample_database.writing() as session:
        if second.pop("silence_again", False):
            attributions.record_silence(session, "alice", GUARDED, "Russian government", as_of=date(2026, 1, 27))
        else:
            attributions.add_attribution(session, "alice", GUARDED, "AP", "asserts")
    try:
        with sample_database.writing() as session:
            if not second:
                attributions.record_silence(session, "alice", GUARDED, "Russian government", as_of=date(2026, 1, 27))
            else:
                attributions.add_attribution(session, "alice", GUARDED, "AP", **second)
    except InvalidInput:
        return  # a clean refusal is acceptable
    assert count(sample_database, Attribution) == 36
    assert get(sample_database, GUARDED).status == "single_source"


# -- grading and affiliation ----------------------------------------------------------------


def test_grading_an_organisation_e_reaches_everyone_affiliated_below(sample_database: Database) -> None:
    before = statuses(sample_database)
    version = get(sample_database, PLANE).version
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        record, affected = sources.grade_source(session, "alice", "SDF", "E", reason="party to the conflict")
    assert record.reliability == "E"
    assert affected == {claim_id(sample_database, key) for key in SDF_FAMILY_CLAIMS}
    after = statuses(sample_database)
    for key in AHMED_ONLY:
        assert after[key] == "unsourced", key
    assert after[EQUIPMENT] == "single_source"  # the unnamed fighters are AP's own reporting
    assert after[WITHDRAWAL] == "single_source"  # AP remains
    assert after[CEASEFIRE] == "single_source"  # the Syrian government remains
    untouched = set(before) - SDF_FAMILY_CLAIMS
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}
    assert get(sample_database, PLANE).version > version
    (event,) = events_since(sample_database, start)
    assert (event.action, event.reviewer, event.before, event.after, event.reason) == (
        "source_graded",
        "alice",
        {"reliability": "C"},
        {"reliability": "E"},
        "party to the conflict",
    )
    no_mismatches(sample_database)
    with sample_database.reading() as session:
        explanation = "\n".join(claims.get_dossier(session, PLANE).assessment.explanation_lines())
    assert "its origin Syrian Democratic Forces is graded E (unreliable)" in explanation


def test_grading_a_person_e_touches_only_their_claims(sample_database: Database) -> None:
    with sample_database.writing() as session:
        _, affected = sources.grade_source(session, "alice", "Ahmed Ali", "E")
    assert affected == {claim_id(sample_database, key) for key in AHMED_ONLY | {WITHDRAWAL, EQUIPMENT}}
    after = statuses(sample_database)
    assert {k: after[k] for k in AHMED_ONLY} == dict.fromkeys(AHMED_ONLY, "unsourced")
    assert after[EQUIPMENT] == "single_source"  # the unnamed fighters, AP's own reporting, remain
    assert after[WITHDRAWAL] == "single_source"  # AP's observation and its unnamed fighters: one chain
    no_mismatches(sample_database)


def test_regrading_to_the_same_grade_changes_nothing(sample_database: Database) -> None:
    before = review_rows(sample_database)
    with sample_database.writing() as session:
        _, affected = sources.grade_source(session, "alice", "SDF", "c")
    assert affected == set()
    assert review_rows(sample_database) == before


def test_unknown_grade_is_refused(sample_database: Database) -> None:
    with pytest.raises(InvalidInput), sample_database.writing() as session:
        sources.grade_source(session, "alice", "SDF", "G")


REWRITE_FILE = """{
  "format": "workbench", "version": 1,
  "sources": [
    {"key": "src-wire", "name": "Wire", "reliability": "B"},
    {"key": "src-paper", "name": "Paper"},
    {"key": "src-blogger", "name": "Blogger"},
    {"key": "src-witness", "name": "Witness"}
  ],
  "documents": [
    {"key": "doc-wire", "title": "Wire story", "outlet": "src-wire"},
    {"key": "doc-paper", "title": "Paper story", "outlet": "src-paper" DERIVED}
  ],
  "claims": [
    {"key": "claim-x", "text": "The bridge was destroyed", "attributions": [
      {"key": "att-witness", "source": "src-witness", "stance": "asserts", "document": "doc-wire"},
      {"key": "att-blogger", "source": "src-blogger", "stance": "asserts", "document": "doc-paper"}
    ]},
    {"key": "claim-y", "text": "The bridge is closed", "attributions": [
      {"key": "att-blogger-y", "source": "src-blogger", "stance": "asserts", "document": "doc-paper"}
    ]}
  ]
}"""


def _import_rewrite_file(database: Database, tmp_path: Path, derived: bool) -> None:
    path = tmp_path / f"rewrite-{derived}.json"
    path.write_text(REWRITE_FILE.replace(" DERIVED", ', "derived_from": "doc-wire"' if derived else ""), encoding="utf-8")
    with database.writing() as session:
        import_file(session, path, "alice")


def test_changing_derived_from_by_import_recomputes(database: Database, tmp_path: Path) -> None:
    _import_rewrite_file(database, tmp_path, derived=False)
    assert get(database, "claim-x").status == "corroborated"  # the witness and the blogger
    assert get(database, "claim-y").status == "single_source"
    _import_rewrite_file(database, tmp_path, derived=True)
    # The paper's story is now a rewrite of the wire story: the blogger counts as the wire.
    x, y = get(database, "claim-x"), get(database, "claim-y")
    assert (x.status, x.origins) == ("corroborated", 2)  # witness + wire (not the blogger)
    with database.reading() as session:
        names = {o.name for o in claims.get_dossier(session, "claim-x").assessment.origins}
        y_names = {o.name for o in claims.get_dossier(session, "claim-y").assessment.origins}
    assert names == {"Witness", "Wire"}
    assert y_names == {"Wire"}
    assert y.status == "single_source"
    _import_rewrite_file(database, tmp_path, derived=False)
    with database.reading() as session:
        assert {o.name for o in claims.get_dossier(session, "claim-x").assessment.origins} == {"Witness", "Blogger"}
    no_mismatches(database)


def test_grading_the_witness_of_a_rewritten_story(database: Database, tmp_path: Path) -> None:
    _import_rewrite_file(database, tmp_path, derived=True)
    with database.writing() as session:
        _, affected = sources.grade_source(session, "alice", "Witness", "E")
    assert affected == {claim_id(database, "claim-x")}
    assert get(database, "claim-x").status == "single_source"  # the blogger, as the wire
    no_mismatches(database)


def test_grading_the_original_outlet_recomputes_rewrite_only_claims(database: Database, tmp_path: Path) -> None:
    _import_rewrite_file(database, tmp_path, derived=True)
    with database.writing() as session:
        _, affected = sources.grade_source(session, "alice", "Wire", "E")
    assert claim_id(database, "claim-y") in affected
    assert get(database, "claim-y").status == "unsourced"
    no_mismatches(database)


def test_set_affiliation_recomputes(sample_database: Database) -> None:
    with sample_database.writing() as session:
        sources.add_source(session, "alice", "Kurdish Red Crescent", kind="organization")
        attributions.add_attribution(session, "alice", DESTINATION, "Kurdish Red Crescent", "asserts")
    assert get(sample_database, DESTINATION).status == "corroborated"
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        record, affected = sources.set_affiliation(session, "alice", "Kurdish Red Crescent", "SDF", reason="SDF-run")
    assert record.affiliation_name == "Syrian Democratic Forces"
    assert affected == {claim_id(sample_database, DESTINATION)}
    assert get(sample_database, DESTINATION).status == "single_source"
    (event,) = events_since(sample_database, start)
    assert (event.action, event.after, event.reason) == ("source_affiliated", {"affiliation_id": record.affiliation_id, "affiliation_kind": "member_of"}, "SDF-run")
    with sample_database.writing() as session:
        sources.set_affiliation(session, "alice", "Kurdish Red Crescent", None)
    assert get(sample_database, DESTINATION).status == "corroborated"
    # Re-homing Ahmed Ali away from the SDF makes him a separate origin everywhere he speaks.
    with sample_database.writing() as session:
        sources.set_affiliation(session, "alice", "Ahmed Ali", None)
    assert get(sample_database, EQUIPMENT).status == "corroborated"  # fighters (SDF) + Ahmed Ali
    no_mismatches(sample_database)


def test_affiliation_loops_are_refused(sample_database: Database) -> None:
    before = review_rows(sample_database)
    for source, parent in (("SDF", "Ahmed Ali"), ("Syrian government", "Syrian Ministry of Defense"), ("AP", "AP")):
        with pytest.raises(InvalidInput, match="loop"), sample_database.writing() as session:
            sources.set_affiliation(session, "alice", source, parent)
    assert review_rows(sample_database) == before


# -- db check -------------------------------------------------------------------------------


def test_find_mismatches_detects_and_fixes_tampering(sample_database: Database) -> None:
    no_mismatches(sample_database)
    with sample_database.writing() as session:
        session.execute(
            text("UPDATE claims SET status = :status, origin_count = :origins, awaiting = :awaiting WHERE key = :key"),
            {"status": "refuted", "origins": 9, "awaiting": "x' OR '1'='1", "key": QUARTERS},
        )
        session.execute(text("UPDATE claims SET awaiting = NULL WHERE key = :key"), {"key": WITHDRAWAL})
    with sample_database.reading() as session:
        found = {m.claim_id: m for m in status.find_mismatches(session)}
    quarters, withdrawal = claim_id(sample_database, QUARTERS), claim_id(sample_database, WITHDRAWAL)
    assert set(found) == {quarters, withdrawal}
    m = found[quarters]
    assert (m.stored_status, m.computed_status, m.stored_origins, m.computed_origins) == ("refuted", "single_source", 9, 1)
    assert (m.stored_awaiting, m.computed_awaiting) == ("x' OR '1'='1", None)
    assert found[withdrawal].computed_awaiting == "Russian government (as of 2026-01-27)"
    with sample_database.reading() as session:  # a read-only check fixes nothing
        assert len(status.find_mismatches(session, fix=True)) == 2
    with sample_database.writing() as session:
        assert len(status.find_mismatches(session, fix=True)) == 2
    no_mismatches(sample_database)
    assert get(sample_database, QUARTERS).status == "single_source"
    assert count(sample_database, Claim) == 25


# -- verdicts, notes, stale versions --------------------------------------------------------


def test_set_verdict_requires_a_reason(sample_database: Database) -> None:
    before = review_rows(sample_database)
    for reason in ("", "   ", "\n"):
        with pytest.raises(InvalidInput, match="reason"), sample_database.writing() as session:
            claims.set_verdict(session, "alice", WITHDRAWAL, "accurate", reason)
    with pytest.raises(InvalidInput, match="unknown verdict"), sample_database.writing() as session:
        claims.set_verdict(session, "alice", WITHDRAWAL, "true", "because")
    assert review_rows(sample_database) == before
    assert get(sample_database, WITHDRAWAL).verdict == "unreviewed"


def test_set_verdict_is_logged(sample_database: Database) -> None:
    version = get(sample_database, WITHDRAWAL).version
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        result = claims.set_verdict(session, "alice", WITHDRAWAL, "Mostly accurate", "  AP saw the base  ", version)
    assert result.verdict == "mostly_accurate"
    assert result.version == version + 1
    with sample_database.writing() as session:
        claims.set_verdict(session, "bob", WITHDRAWAL, "accurate", "Russia confirmed", version + 1)
    first, second = events_since(sample_database, start)
    assert (first.action, first.reviewer, first.before, first.after, first.reason) == (
        "verdict_set",
        "alice",
        {"verdict": "unreviewed"},
        {"verdict": "mostly_accurate"},
        "AP saw the base",
    )
    assert (second.reviewer, second.before, second.after) == ("bob", {"verdict": "mostly_accurate"}, {"verdict": "accurate"})
    assert first.claim_id == second.claim_id == first.entity_id == claim_id(sample_database, WITHDRAWAL)
    assert first.at <= second.at
    with sample_database.reading() as session:
        history = claims.get_dossier(session, WITHDRAWAL).history
    assert [e.action for e in history[-2:]] == ["verdict_set", "verdict_set"]


def test_stale_version_is_refused_and_nothing_is_written(sample_database: Database) -> None:
    seen = get(sample_database, WITHDRAWAL)
    with sample_database.writing() as session:  # someone else gets there first
        claims.set_verdict(session, "bob", WITHDRAWAL, "accurate", "confirmed", seen.version)
    before = review_rows(sample_database)
    attributions_before = count(sample_database, Attribution)
    with pytest.raises(StaleClaim) as caught, sample_database.writing() as session:
        claims.set_verdict(session, "alice", WITHDRAWAL, "false", "I disagree", seen.version)
    assert (caught.value.expected_version, caught.value.actual_version) == (seen.version, seen.version + 1)
    with pytest.raises(StaleClaim), sample_database.writing() as session:
        attributions.add_attribution(session, "alice", WITHDRAWAL, "AP", "denies", expected_version=seen.version)
    with pytest.raises(StaleClaim), sample_database.writing() as session:
        claims.add_note(session, "alice", WITHDRAWAL, "a note", expected_version=seen.version)
    with pytest.raises(StaleClaim), sample_database.writing() as session:
        links.link_claims(session, "alice", WITHDRAWAL, GUARDED, "supports", expected_version=seen.version)
    assert review_rows(sample_database) == before
    assert count(sample_database, Attribution) == attributions_before
    assert get(sample_database, WITHDRAWAL).verdict == "accurate"


def test_status_change_bumps_the_version(sample_database: Database) -> None:
    seen = get(sample_database, GUARDED)
    with sample_database.writing() as session:
        sources.grade_source(session, "bob", "AP", "E")
    assert get(sample_database, GUARDED).status == "unsourced"
    with pytest.raises(StaleClaim), sample_database.writing() as session:
        claims.set_verdict(session, "alice", GUARDED, "accurate", "AP saw it", seen.version)


def test_notes_are_review_events(sample_database: Database) -> None:
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        claims.add_note(session, "alice", PLANE, "Asked the Russian MoD press office")
    with pytest.raises(InvalidInput), sample_database.writing() as session:
        claims.add_note(session, "alice", PLANE, "  ")
    (event,) = events_since(sample_database, start)
    assert (event.action, event.reason, event.reviewer) == ("note_added", "Asked the Russian MoD press office", "alice")
    with pytest.raises(NotFound), sample_database.writing() as session:
        claims.add_note(session, "alice", 9999, "nowhere")


# -- links, merge, undo ---------------------------------------------------------------------


def _links_of(database: Database) -> set[tuple[int, int, str]]:
    with database.reading() as session:
        return {(link.from_claim_id, link.to_claim_id, link.relation) for link in session.scalars(select(ClaimLink))}


def _tags_of(database: Database, key: str) -> list[str]:
    return list(get(database, key).tags)


def test_link_claims(sample_database: Database) -> None:
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        record = links.link_claims(session, "alice", PLANE, BEGAN, "duplicate", note="same flight")
    assert (record.relation, record.direction, record.note) == ("duplicate_of", "outgoing", "same flight")
    events = events_since(sample_database, start)
    assert [e.action for e in events] == ["link_added", "link_added"]
    assert {e.claim_id for e in events} == {claim_id(sample_database, PLANE), claim_id(sample_database, BEGAN)}
    for bad in ((PLANE, PLANE, "supports"), (PLANE, BEGAN, "duplicate_of"), (PLANE, BEGAN, "causes")):
        with pytest.raises(InvalidInput), sample_database.writing() as session:
            links.link_claims(session, "alice", *bad)
    with sample_database.reading() as session:
        incoming = [link for link in claims.get_dossier(session, BEGAN).links if link.direction == "incoming"]
    assert [(link.relation, link.other_claim_id) for link in incoming] == [("duplicate_of", claim_id(sample_database, PLANE))]


def test_merge_and_undo(sample_database: Database) -> None:
    keep, drop = claim_id(sample_database, PLANE), claim_id(sample_database, DESTINATION)
    withdrawal = claim_id(sample_database, WITHDRAWAL)
    with sample_database.writing() as session:
        links.link_claims(session, "alice", DESTINATION, WITHDRAWAL, "supports")
    links_before = _links_of(sample_database)
    assert (drop, keep, "refines") in links_before
    dropped_attributions = {a.key for a in _attributions_of(sample_database, DESTINATION)}
    kept_tags = _tags_of(sample_database, PLANE)
    dropped_tags = _tags_of(sample_database, DESTINATION)
    assert "hmeimim" in dropped_tags and "hmeimim" not in kept_tags
    start = last_event_id(sample_database)

    with sample_database.writing() as session:
        merged = links.merge_claims(session, "alice", PLANE, DESTINATION, reason="same airlift")

    assert merged.id == keep
    assert (merged.status, merged.origins) == ("single_source", 1)
    assert sorted(merged.tags) == sorted(set(kept_tags) | set(dropped_tags))
    with pytest.raises(NotFound):
        get(sample_database, DESTINATION)
    assert dropped_attributions <= {a.key for a in _attributions_of(sample_database, PLANE)}
    links_after = _links_of(sample_database)
    assert (drop, keep, "refines") not in links_after  # a link between the two is dropped
    assert (keep, withdrawal, "supports") in links_after  # the others move over
    assert not any(drop in (f, t) for f, t, _ in links_after)
    actions = [(e.action, e.entity_id, e.reason) for e in events_since(sample_database, start)]
    assert ("claim_merged", keep, "same airlift") in actions
    assert ("merged_into", drop, "same airlift") in actions
    no_mismatches(sample_database)

    with sample_database.writing() as session:
        description = undo.undo_last(session, "alice")
    assert f"claim {drop} restored" in description
    restored = get(sample_database, DESTINATION)
    assert restored.id == drop
    assert restored.text.startswith("SDF fighters at the base do not know")
    assert sorted(restored.tags) == sorted(dropped_tags)
    assert (restored.status, restored.origins) == ("single_source", 1)
    assert {a.key for a in _attributions_of(sample_database, DESTINATION)} == dropped_attributions
    assert sorted(_tags_of(sample_database, PLANE)) == sorted(kept_tags)
    assert _links_of(sample_database) == links_before
    no_mismatches(sample_database)
    undo_events = [e for e in events_since(sample_database, start) if e.action == "undo"]
    assert len(undo_events) == 1 and undo_events[0].after["undid_action"] == "claim_merged"


def _attributions_of(database: Database, key: str) -> list[Any]:
    with database.reading() as session:
        return list(claims.get_dossier(session, key).attributions)


def test_merge_when_both_claims_link_to_the_same_claim(sample_database: Database) -> None:
    # claim-living-quarters-largely-empty supports both the withdrawal and the equipment claim.
    with sample_database.writing() as session:
        links.merge_claims(session, "alice", WITHDRAWAL, EQUIPMENT, reason="same story")
    quarters, withdrawal = claim_id(sample_database, QUARTERS), claim_id(sample_database, WITHDRAWAL)
    assert sum(1 for f, t, r in _links_of(sample_database) if (f, t, r) == (quarters, withdrawal, "supports")) == 1
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert get(sample_database, EQUIPMENT).status == "corroborated"


def test_merge_refuses_itself_and_unknown_claims(sample_database: Database) -> None:
    with pytest.raises(InvalidInput), sample_database.writing() as session:
        links.merge_claims(session, "alice", PLANE, PLANE)
    with pytest.raises(NotFound), sample_database.writing() as session:
        links.merge_claims(session, "alice", PLANE, 12345)
    assert count(sample_database, Claim) == 25


def test_undo_verdict(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.set_verdict(session, "alice", GUARDED, "accurate", "seen")
    with sample_database.writing() as session:
        assert "set back to unreviewed" in undo.undo_last(session, "alice")
    assert get(sample_database, GUARDED).verdict == "unreviewed"


def test_undo_attribution(sample_database: Database) -> None:
    with sample_database.writing() as session:
        record = attributions.add_attribution(session, "alice", GUARDED, "Russian government", "denies")
    assert get(sample_database, GUARDED).status == "contested"
    with sample_database.writing() as session:
        assert undo.undo_last(session, "alice") == f"attribution #{record.id} removed"
    assert get(sample_database, GUARDED).status == "single_source"
    assert count(sample_database, Attribution) == 34
    no_mismatches(sample_database)


def test_undo_grade(sample_database: Database) -> None:
    before = statuses(sample_database)
    with sample_database.writing() as session:
        sources.grade_source(session, "alice", "SDF", "E")
    assert statuses(sample_database) != before
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert statuses(sample_database) == before
    with sample_database.reading() as session:
        assert sources.get_source(session, "SDF").reliability == "C"
    no_mismatches(sample_database)


def test_undo_affiliation(sample_database: Database) -> None:
    # Ahmed Ali "of AP": his chain becomes AP's, which already counts the withdrawal.
    with sample_database.writing() as session:
        sources.set_affiliation(session, "alice", "Ahmed Ali", "Associated Press")
    assert get(sample_database, WITHDRAWAL).status == "single_source"
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert get(sample_database, WITHDRAWAL).status == "corroborated"


def test_undo_link(sample_database: Database) -> None:
    before = _links_of(sample_database)
    with sample_database.writing() as session:
        links.link_claims(session, "alice", PLANE, BEGAN, "contradicts")
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert _links_of(sample_database) == before
    undone = [e for e in events_since(sample_database, start) if e.action == "undo"]
    assert len(undone) == 2  # one per linked claim, so neither side is offered again
    with pytest.raises(NotFound, match="nothing to undo"), sample_database.writing() as session:
        undo.undo_last(session, "alice")


def test_undo_note(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.add_note(session, "alice", PLANE, "called the MoD")
    start = last_event_id(sample_database)
    with sample_database.writing() as session:
        assert "retracted" in undo.undo_last(session, "alice")
    assert [e.action for e in events_since(sample_database, start)] == ["note_retracted", "undo"]


def test_undo_steps_back_in_order_and_per_reviewer(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.set_verdict(session, "alice", GUARDED, "accurate", "first")
    with sample_database.writing() as session:
        claims.set_verdict(session, "alice", GUARDED, "misleading", "second")
    with sample_database.writing() as session:
        claims.set_verdict(session, "bob", QUARTERS, "false", "bob's")
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert get(sample_database, GUARDED).verdict == "accurate"
    assert get(sample_database, QUARTERS).verdict == "false"  # bob's change is not alice's to undo
    with sample_database.writing() as session:
        undo.undo_last(session, "alice")
    assert get(sample_database, GUARDED).verdict == "unreviewed"
    with pytest.raises(NotFound, match="nothing to undo"), sample_database.writing() as session:
        undo.undo_last(session, "carol")


def test_undo_refuses_when_the_attribution_is_gone(sample_database: Database) -> None:
    with sample_database.writing() as session:
        record = attributions.add_attribution(session, "alice", GUARDED, "Russian government", "denies")
    with sample_database.writing() as session:
        attributions.remove_attribution(session, "bob", record.id, "wrong claim")
    with pytest.raises(InvalidInput, match="no longer exists"), sample_database.writing() as session:
        undo.undo_last(session, "alice")


# -- listing, filtering, paging, counting ---------------------------------------------------


def _keys(page: list[Any]) -> list[str]:
    return [c.key for c in page]


def test_list_claims_filters(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.set_verdict(session, "alice", WITHDRAWAL, "accurate", "seen")
        claims.set_verdict(session, "alice", PLANE, "unproven", "nobody saw the plane")
    with sample_database.reading() as session:
        def keys(**kwargs: Any) -> set[str]:
            return set(_keys(claims.list_claims(session, claims.ClaimFilter(**kwargs), limit=1000)))

        assert keys(status="corroborated") == {WITHDRAWAL, CEASEFIRE, EQUIPMENT}
        assert len(keys(status="single_source")) == 22
        assert keys(status="refuted") == set()
        assert keys(verdict="accurate") == {WITHDRAWAL}
        assert keys(verdict="unproven", status="single_source") == {PLANE}
        assert keys(verdict="unproven", status="corroborated") == set()
        ahmed = AHMED_ONLY | {WITHDRAWAL, EQUIPMENT}
        assert keys(source="Ahmed Ali") == ahmed
        assert keys(source="ahmed ali") == ahmed
        assert keys(source="src-ahmed-ali") == ahmed
        assert keys(source="Moscow") == keys(source="Russian government") == {WITHDRAWAL, EQUIPMENT, BEGAN, PLANE, PRESENT}
        assert keys(source="Syria's defence ministry") == {"claim-extension-supports-us-detainee-transfer", "claim-us-transferring-is-detainees-to-iraq"}
        assert keys(tag="hmeimim") == {DESTINATION, "claim-russia-retains-coastal-bases", "claim-hmeimim-main-russian-coastal-base"}
        assert keys(tag=" HMEIMIM ") == keys(tag="hmeimim")
        assert keys(tag="hmeimim", source="Ahmed Ali") == {DESTINATION}
        assert keys(affiliation="SDF") == SDF_FAMILY_CLAIMS
        assert keys(awaiting="Russian government") == {WITHDRAWAL, EQUIPMENT, BEGAN, PLANE, PRESENT}
        with pytest.raises(InvalidInput):
            keys(status="confirmed")
        with pytest.raises(InvalidInput):
            keys(verdict="true")


def test_text_search_and_fuzzy_search_with_a_typo(sample_database: Database) -> None:
    with sample_database.reading() as session:
        assert _keys(claims.list_claims(session, claims.ClaimFilter(text="cargo plane")))[0] == PLANE
        assert _keys(claims.list_claims(session, claims.ClaimFilter(text="carg")))[0] == PLANE  # prefix as you type
        fuzzy = claims.list_claims(session, claims.ClaimFilter(fuzzy="cargo plain"))
        assert _keys(fuzzy)[0] == PLANE
        assert fuzzy[0].score is not None and fuzzy[0].score >= 80
        fuzzy = claims.list_claims(session, claims.ClaimFilter(fuzzy="carog plane", status="single_source"))
        assert _keys(fuzzy)[0] == PLANE
        assert claims.list_claims(session, claims.ClaimFilter(fuzzy="cargo plane", status="corroborated")) == []
        if sample_database.is_sqlite:  # typo correction against the index vocabulary (SQLite only)
            assert PLANE in _keys(claims.list_claims(session, claims.ClaimFilter(text="cargo plain")))


def test_typo_search_finds_a_claim_added_after_an_earlier_search(sqlite_database: Database) -> None:
    with sqlite_database.writing() as session:
        claims.add_claim(session, "alice", "Convoy seen near Qamishli airport")
    with sqlite_database.reading() as session:
        assert _keys(claims.list_claims(session, claims.ClaimFilter(text="Qamishly")))
    with sqlite_database.writing() as session:
        claims.add_claim(session, "alice", "Convoy seen near Zaporizhzhia", key="claim-z")
    with sqlite_database.reading() as session:
        assert _keys(claims.list_claims(session, claims.ClaimFilter(text="Zaporizhzhia"))) == ["claim-z"]
        assert _keys(claims.list_claims(session, claims.ClaimFilter(text="Zaporizhia"))) == ["claim-z"]


HOSTILE_FILTERS = [
    ("x' OR '1'='1", ("tag", "text", "fuzzy")),
    ("%", ("tag", "text", "fuzzy")),
    ("_", ("tag", "text", "fuzzy")),
    ("'; DROP TABLE claims; --", ("tag", "text", "fuzzy")),
    ("*", ("tag", "text", "fuzzy")),
    ('"', ("tag", "text", "fuzzy")),
    # Search-language operators are words to the full-text search, never syntax (the fuzzy
    # ranking does match ordinary words, so it is left out for these).
    ("NEAR(xq zq)", ("tag", "text")),
    ("xq OR zq", ("tag", "text")),
    ("xq* AND NOT zq", ("tag", "text")),
    ("xq:* | zq", ("tag", "text")),
]


def test_hostile_filter_values_match_nothing(sample_database: Database) -> None:
    """One database for all values (nothing is written): each value is checked in every filter."""
    with sample_database.reading() as session:
        for value, searches in HOSTILE_FILTERS:
            for field in searches:
                assert claims.list_claims(session, claims.ClaimFilter(**{field: value})) == [], (field, value)
            for field in ("source", "affiliation", "awaiting"):
                with pytest.raises(NotFound):
                    claims.list_claims(session, claims.ClaimFilter(**{field: value}))
            for field in ("status", "verdict"):
                with pytest.raises(InvalidInput):
                    claims.list_claims(session, claims.ClaimFilter(**{field: value}))
            assert claims.count_claims(session, claims.ClaimFilter(tag=value)).total == 0
    assert count(sample_database, Claim) == 25


def test_keyset_paging(sample_database: Database) -> None:
    with sample_database.reading() as session:
        everything = claims.list_claims(session, limit=1000)
        pages: list[list[Any]] = []
        after = None
        while True:
            page = claims.list_claims(session, limit=7, after_id=after)
            if not page:
                break
            pages.append(page)
            after = page[-1].id
        filtered, after = [], None
        while page := claims.list_claims(session, claims.ClaimFilter(status="single_source"), limit=5, after_id=after):
            filtered += page
            after = page[-1].id
    assert [len(p) for p in pages] == [7, 7, 7, 4]
    ids = [c.id for p in pages for c in p]
    assert ids == [c.id for c in everything] == sorted(ids)
    assert len(set(ids)) == 25
    assert len(filtered) == 22 and all(c.status == "single_source" for c in filtered)
    assert [c.id for c in filtered] == sorted(c.id for c in filtered)


def test_limits_are_clamped(sample_database: Database) -> None:
    with sample_database.reading() as session:
        assert len(claims.list_claims(session, limit=0)) == 1
        assert len(claims.list_claims(session, limit=10**9)) == 25


def test_count_claims(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.set_verdict(session, "alice", WITHDRAWAL, "accurate", "seen")
        sources.grade_source(session, "alice", "Ahmed Ali", "E")
    with sample_database.reading() as session:
        counts = claims.count_claims(session)
        assert counts.total == 25
        assert counts.by_status == {"unsourced": 4, "single_source": 20, "corroborated": 1, "contested": 0, "refuted": 0}
        assert counts.by_verdict["accurate"] == 1 and counts.by_verdict["unreviewed"] == 24
        tagged = claims.count_claims(session, claims.ClaimFilter(tag="hmeimim"))
        assert (tagged.total, tagged.by_status["unsourced"], tagged.by_status["single_source"]) == (3, 1, 2)
        by_source = claims.count_claims(session, claims.ClaimFilter(source="Ahmed Ali", verdict="accurate"))
        assert by_source.total == 1
        assert claims.count_claims(session, claims.ClaimFilter(fuzzy="cargo plane")).total >= 1


# -- hostile text through the use cases -----------------------------------------------------


def _store_and_read_back(database: Database, n: int, value: str) -> None:
    with database.writing() as session:
        source = sources.add_source(session, value, value, role=value, aliases=[value], key=f"src-h{n}")
        claim = claims.add_claim(session, value, value, place=value, tags=[f"tag{n}"])
        attributions.add_attribution(session, value, claim.id, source.id, "asserts", quote=value, note=value)
        claims.add_note(session, value, claim.id, value)
        claims.set_verdict(session, value, claim.id, "false", value)
    with database.reading() as session:
        dossier = claims.get_dossier(session, claim.id)
        record = sources.get_source(session, f"src-h{n}")
        found = {s.key for s in sources.list_sources(session, text=value)}
    assert (dossier.claim.text, dossier.claim.place) == (value, value)
    assert (dossier.attributions[0].quote, dossier.attributions[0].note) == (value, value)
    assert (record.name, record.role, record.aliases) == (value, value, (value,))
    assert f"src-h{n}" in found
    assert {e.reviewer for e in dossier.history} == {value}
    assert [e.reason for e in dossier.history if e.action in ("note_added", "verdict_set")] == [value, value.strip()]


def test_hostile_strings_round_trip_through_the_use_cases(database: Database) -> None:
    for n, value in enumerate(HOSTILE_STRINGS):
        _store_and_read_back(database, n, value)
    with database.reading() as session:
        # LIKE wildcards in a source search are literal characters.
        assert {s.name for s in sources.list_sources(session, text="%")} == {"100% _wild_ card\\"}
        assert {s.name for s in sources.list_sources(session, text="_wild_")} == {"100% _wild_ card\\"}
        assert {s.name for s in sources.list_sources(session, text="card\\")} == {"100% _wild_ card\\"}
        assert claims.count_claims(session).total == len(HOSTILE_STRINGS)


def test_nul_is_refused_by_every_use_case_on_every_backend(database: Database) -> None:
    """PostgreSQL cannot store U+0000, so no backend accepts it: a clear error, nothing written."""
    from support import NUL_STRING

    from workbench.errors import InvalidInput
    from workbench.review import links

    with database.writing() as session:
        claim = claims.add_claim(session, "alice", "A plain claim")
        other = claims.add_claim(session, "alice", "Another plain claim")
        sources.add_source(session, "alice", "Plain Source")
    attempts = [
        lambda s: claims.add_claim(s, "alice", NUL_STRING),
        lambda s: claims.add_claim(s, "alice", "ok", tags=[NUL_STRING]),
        lambda s: claims.add_note(s, "alice", claim.id, NUL_STRING),
        lambda s: claims.set_verdict(s, "alice", claim.id, "false", NUL_STRING),
        lambda s: sources.add_source(s, "alice", NUL_STRING),
        lambda s: sources.add_source(s, "alice", "Fine", aliases=[NUL_STRING]),
        lambda s: attributions.add_attribution(s, "alice", claim.id, "Plain Source", "asserts", quote=NUL_STRING),
        lambda s: links.link_claims(s, "alice", claim.id, other.id, "supports", note=NUL_STRING),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidInput, match="NUL"):
            with database.writing() as session:
                attempt(session)
    with database.reading() as session:
        assert claims.count_claims(session).total == 2
        assert len(sources.list_sources(session)) == 1



# -- the review log is append-only ----------------------------------------------------------


def test_review_events_are_append_only(sample_database: Database, tmp_path: Path) -> None:
    history = review_rows(sample_database)
    assert len(history) > 34
    db = sample_database

    def action_adds_rows(label: str, action: Any) -> None:
        nonlocal history
        with db.writing() as session:
            action(session)
        now = review_rows(db)
        assert now[: len(history)] == history, f"{label} changed an existing review event"
        assert len(now) > len(history), f"{label} logged nothing"
        history = now

    action_adds_rows("add claim", lambda s: claims.add_claim(s, "alice", "New claim", key="claim-new"))
    action_adds_rows("attribute", lambda s: attributions.add_attribution(s, "alice", "claim-new", "AP", "asserts"))
    action_adds_rows("silence", lambda s: attributions.record_silence(s, "alice", "claim-new", "Moscow", as_of=date(2026, 1, 27)))
    action_adds_rows("verdict", lambda s: claims.set_verdict(s, "alice", "claim-new", "accurate", "seen"))
    action_adds_rows("note", lambda s: claims.add_note(s, "alice", "claim-new", "a note"))
    action_adds_rows("add source", lambda s: sources.add_source(s, "alice", "Reuters"))
    action_adds_rows("grade", lambda s: sources.grade_source(s, "alice", "Reuters", "B"))
    action_adds_rows("affiliate", lambda s: sources.set_affiliation(s, "alice", "Reuters", "AP"))
    action_adds_rows("link", lambda s: links.link_claims(s, "alice", "claim-new", WITHDRAWAL, "supports"))
    action_adds_rows("merge", lambda s: links.merge_claims(s, "alice", WITHDRAWAL, "claim-new", "dup"))
    action_adds_rows("undo", lambda s: undo.undo_last(s, "alice"))
    action_adds_rows("undo again", lambda s: undo.undo_last(s, "alice"))
    changed = tmp_path / "changed.json"
    changed.write_text(
        '{"format": "workbench", "version": 1, "sources": [{"key": "src-ap", "name": "Associated Press", '
        '"kind": "media_outlet", "reliability": "A", "aliases": ["AP", "The Associated Press"]}]}',
        encoding="utf-8",
    )
    action_adds_rows("import", lambda s: import_file(s, changed, "alice"))
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClaimTag)) > 0


# -- concurrency on SQLite ------------------------------------------------------------------


def test_sqlite_writers_queue_and_readers_do_not_wait(sqlite_database: Database) -> None:
    first = sqlite_database
    second = Database(first.url)  # another process, as far as SQLite is concerned
    held, release = threading.Event(), threading.Event()
    timeline: dict[str, float] = {}
    errors: list[BaseException] = []

    def hold_the_write_lock() -> None:
        try:
            with first.writing() as session:
                claims.add_claim(session, "alice", "Written by the first writer", key="claim-first")
                held.set()
                release.wait(10)
                timeline["first_commit"] = time.monotonic()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            held.set()

    def write_second() -> None:
        try:
            with second.writing() as session:
                claims.add_claim(session, "bob", "Written by the second writer", key="claim-second")
            timeline["second_done"] = time.monotonic()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    try:
        assert held.wait(10) and not errors
        # A reader is not blocked by the open write transaction and sees the last commit (WAL).
        started = time.monotonic()
        with second.reading() as session:
            visible = session.scalar(select(func.count()).select_from(Claim))
        assert visible == 0
        assert time.monotonic() - started < 1.0
        writer = threading.Thread(target=write_second)
        writer.start()
        time.sleep(0.4)
        assert writer.is_alive(), "the second writer did not wait for the first"
        assert "second_done" not in timeline
    finally:
        release.set()
        holder.join(10)
    writer.join(15)
    assert not writer.is_alive()
    assert errors == []
    assert timeline["second_done"] >= timeline["first_commit"]
    with second.reading() as session:
        assert set(session.scalars(select(Claim.key))) == {"claim-first", "claim-second"}
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    second.dispose()


def test_an_import_is_never_offered_for_undo(sample_database: Database) -> None:
    from workbench.errors import NotFound
    from workbench.review import undo

    with sample_database.writing() as session:
        with pytest.raises(NotFound, match="nothing to undo"):
            undo.undo_last(session, "tester")
