"""The week of multi-outlet coverage (``test_corroboration_coverage``), stored in a database.

The same outlets, documents and attributions go in the way a desk puts them in: a file
import for what the interchange format carries, then the use cases for what it does not yet
(speaks_for, certainty, a plan, possibly-same marks, supersedes/fulfils/contradicts links).
The stored statuses and flags, the dossier's explanation, its timeline and the status as of
a date must be what the pure rules give, and ``db check`` must find nothing to fix, on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from test_corroboration_coverage import WITHDRAWAL_EXPLANATION

from workbench.db.engine import Database
from workbench.importing.pipeline import import_file
from workbench.review import attributions, claims, links, possibly_same, sources, status

R = "desk"


def _source(key: str, name: str, kind: str, grade: str = "F", within: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"key": key, "name": name, "kind": kind, "reliability": grade}
    if within:
        record["affiliation"] = within
    return record


def _document(key: str, title: str, outlet: str, published: str, copy_of: str | None = None) -> dict[str, Any]:
    record = {"key": key, "title": title, "outlet": outlet, "published_at": published}
    if copy_of:
        record["derived_from"] = copy_of
    return record


def _says(source: str, document: str, stance: str = "asserts", **more: Any) -> dict[str, Any]:
    return {"source": source, "stance": stance, "document": document, **more}


WEEK = {
    "format": "workbench",
    "version": 1,
    "sources": [
        _source("ap", "Associated Press", "media_outlet", "B"),
        _source("reuters", "Reuters", "media_outlet", "B"),
        _source("north", "North Press Agency", "media_outlet", "C"),
        _source("rudaw", "Rudaw", "media_outlet", "C"),
        _source("local", "Qamishli Today", "media_outlet"),
        _source("blog", "Levant Daily Blog", "media_outlet", "D"),
        _source("sdf", "Syrian Democratic Forces", "organization", "C"),
        _source("sdf-press", "SDF media centre", "government_body", within="sdf"),
        _source("syria", "Syrian government", "government_body", "C"),
        _source("syria-mod", "Syrian Ministry of Defense", "government_body", "C", within="syria"),
        _source("russia", "Russian government", "government_body"),
        _source("russia-mod", "Russian Ministry of Defence", "government_body", within="russia"),
        _source("orlov", "Col. Pavel Orlov", "person", within="russia-mod"),
        _source("correspondent", "Hogir al Abdo", "person"),
        _source("fighters", "SDF fighters at the base", "unidentified", within="sdf"),
        _source("local-official", "a local official", "unidentified", within="syria"),
        _source("security", "two Syrian security sources", "unidentified"),
        _source("military", "a military source", "unidentified"),
    ],
    "documents": [
        _document("ap-report", "Russian forces leave Qamishli base", "ap", "2026-01-27"),
        _document("local-story", "AP: Russians gone from airport", "local", "2026-01-27"),
        _document("blog-copy", "Russia quits Qamishli", "blog", "2026-01-28", copy_of="ap-report"),
        _document("rudaw-27", "Russian troops may have left Qamishli", "rudaw", "2026-01-27"),
        _document("reuters-24", "Ceasefire extended by a month, sources say", "reuters", "2026-01-24"),
        _document("reuters-28", "Russia pulls out of Qamishli, sources say", "reuters", "2026-01-28"),
        _document("north-28", "Russian convoy leaves Qamishli", "north", "2026-01-28"),
        _document("syria-statement", "Ministry of Defense statement", "syria-mod", "2026-01-28"),
        _document("ceasefire-statements", "Joint statement on the ceasefire", "sdf-press", "2026-01-26"),
        _document("russia-briefing", "Defence ministry briefing", "russia-mod", "2026-01-29"),
        _document("ap-31", "Qamishli base stands empty", "ap", "2026-01-31"),
        _document("rudaw-28", "Russia to finish pullout by Friday", "rudaw", "2026-01-28"),
    ],
    "claims": [
        {
            "key": "claim-withdrawal",
            "text": "Russian forces have withdrawn from their base at Qamishli airport.",
            "attributions": [
                _says("correspondent", "ap-report", mode="own_observation"),
                _says("fighters", "ap-report"),
                _says("local-official", "ap-report"),
                _says("russia", "ap-report", "declined_to_comment", as_of="2026-01-27"),
                _says("syria", "ap-report", "no_statement", as_of="2026-01-27"),
                _says("ap", "local-story", relayed_via="local"),
                _says("local", "local-story"),
                _says("blog", "blog-copy"),
                _says("russia", "blog-copy", "denies"),
                _says("security", "reuters-28"),
                _says("military", "north-28"),
                _says("syria-mod", "syria-statement", mode="official_statement"),
                _says("rudaw", "rudaw-27", quote="Russian troops may have left Qamishli"),
                _says("orlov", "russia-briefing", "denies", mode="direct_quote"),
            ],
        },
        {
            "key": "claim-ceasefire-one-month",
            "text": "The ceasefire was extended by one month.",
            "attributions": [_says("security", "reuters-24")],
        },
        {
            "key": "claim-ceasefire-15-days",
            "text": "The ceasefire was extended by 15 days.",
            "attributions": [
                _says("sdf-press", "ceasefire-statements", mode="official_statement"),
                _says("syria", "ceasefire-statements", mode="official_statement"),
            ],
        },
        {
            "key": "claim-withdrawal-completion-plan",
            "text": "Russia is to complete its withdrawal from Qamishli by Friday.",
            "attributions": [
                _says("security", "reuters-28"),
                _says("syria-mod", "syria-statement", mode="official_statement"),
            ],
        },
        {
            "key": "claim-withdrawal-completed",
            "text": "Russia has completed its withdrawal from Qamishli.",
            "attributions": [
                _says("rudaw", "rudaw-28", quote="Russia is expected to finish its pullout by Friday"),
                _says("correspondent", "ap-31", mode="own_observation"),
            ],
        },
    ],
}


def _store_the_week(database: Database, folder: Path) -> None:
    path = folder / "week.json"
    path.write_text(json.dumps(WEEK), encoding="utf-8")
    with database.writing() as session:
        import_file(session, path, R)
    with database.writing() as session:
        for voice, body in (("sdf-press", "sdf"), ("syria-mod", "syria"), ("russia-mod", "russia"), ("orlov", "russia-mod")):
            sources.set_affiliation(session, R, voice, body, kind="speaks_for")
        possibly_same.mark_possibly_same(session, R, "security", "military", "the same unit, the same day")
        withdrawal = claims.get_dossier(session, "claim-withdrawal")
        rudaw = next(a for a in withdrawal.attributions if a.source.key == "rudaw")
        attributions.set_certainty(session, R, rudaw.id, None)  # inferred from its quote: "may have left"
        plan = claims.get_dossier(session, "claim-withdrawal-completion-plan")
        for attribution in plan.attributions:
            attributions.set_certainty(session, R, attribution.id, "forecast")
        claims.set_claim_kind(session, R, "claim-withdrawal-completion-plan", "plan")
        completed = claims.get_dossier(session, "claim-withdrawal-completed")
        forecast = next(a for a in completed.attributions if a.source.key == "rudaw")
        attributions.set_certainty(session, R, forecast.id, None)  # "is expected to": a forecast
        links.link_claims(session, R, "claim-ceasefire-15-days", "claim-ceasefire-one-month", "supersedes")
        links.link_claims(session, R, "claim-ceasefire-15-days", "claim-ceasefire-one-month", "contradicts")
        links.link_claims(session, R, "claim-withdrawal-completed", "claim-withdrawal-completion-plan", "fulfils")


def test_the_week_stored_gives_what_the_rules_give(database: Database, tmp_path: Path) -> None:
    _store_the_week(database, tmp_path)
    with database.reading() as session:
        listed = {c.key: c for c in claims.list_claims(session, limit=10)}
        withdrawal = claims.get_dossier(session, "claim-withdrawal")
        on_27 = claims.get_dossier(session, "claim-withdrawal", as_of=date(2026, 1, 27))
        flagged = {c.key for c in claims.list_claims(session, claims.ClaimFilter(flag="superseded"))}
        counts = claims.count_claims(session)
        assert status.find_mismatches(session) == []
    stored = {key: (c.status, c.origins, c.awaiting, c.disputed_by, c.superseded_by, c.fulfilled_by) for key, c in listed.items()}
    assert stored == {
        "claim-withdrawal": ("contested", 4, None, None, None, None),
        "claim-ceasefire-one-month": ("single_source", 1, None, "claim-ceasefire-15-days", "claim-ceasefire-15-days", None),
        # The account it supersedes contradicted it; a replaced account disputes nothing.
        "claim-ceasefire-15-days": ("corroborated", 2, None, None, None, None),
        "claim-withdrawal-completion-plan": ("corroborated", 2, None, None, None, "claim-withdrawal-completed"),
        "claim-withdrawal-completed": ("single_source", 1, None, None, None, None),
    }
    assert listed["claim-withdrawal-completion-plan"].kind == "plan"
    assert flagged == {"claim-ceasefire-one-month"}
    assert counts.by_flag == {"disputed": 1, "superseded": 1, "fulfilled": 1}
    # Attribution ids follow the file, so the database's explanation is the pure rules', word for word.
    assert list(withdrawal.explanation) == WITHDRAWAL_EXPLANATION
    assert withdrawal.timeline_text == (
        "unsourced until 27 Jan 2026; single_source from 27 Jan 2026; corroborated from 28 Jan 2026; "
        "contested from 29 Jan 2026"
    )
    assert on_27.summary == (
        "as of 27 Jan 2026: single_source · awaiting: Russian government (as of 2026-01-27, declined to comment); "
        "Syrian government (as of 2026-01-27)"
    )
    rudaw = next(a for group in withdrawal.by_stance for a in group.attributions if a.source_name == "Rudaw")
    assert rudaw.certainty_label == "hedged (inferred from the wording)"


def test_the_flags_follow_the_evidence_of_the_other_claim(database: Database, tmp_path: Path) -> None:
    """Grading the one-month report's makers E leaves it unsourced: the 15-day claim it
    contradicts is unaffected, and nothing disputes any longer what it once did."""
    _store_the_week(database, tmp_path)
    with database.writing() as session:
        links.link_claims(session, R, "claim-withdrawal-completed", "claim-ceasefire-one-month", "contradicts")
        assert claims.get_claim(session, "claim-withdrawal-completed").disputed_by == "claim-ceasefire-one-month"
        sources.grade_source(session, R, "Reuters", "E")
        assert claims.get_claim(session, "claim-ceasefire-one-month").status == "unsourced"
        assert claims.get_claim(session, "claim-withdrawal-completed").disputed_by is None
        assert status.find_mismatches(session) == []
