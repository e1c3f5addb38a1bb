"""Interchange format version 2 (issue 13): what it carries, how version-1 files still read,
and the errors bad version-2 records get.

Version 2 adds a claim's kind, notes and verdict reason, an attribution's certainty (and
whether it was inferred), a source's affiliation kind and possibly-same marks; the link
relations ``supersedes`` and ``fulfils`` are written too.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from support import REPO_ROOT

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, Source
from workbench.db.opening import open_database
from workbench.formats import exporter
from workbench.importing.pipeline import import_file
from workbench.review import attributions, claims, links, possibly_same, sources

DATA = REPO_ROOT / "tests" / "data"
WRITERS = {"json": exporter.write_json, "jsonl": exporter.write_jsonl, "csv": exporter.write_csv}


def export(database: Database, fmt: str = "json") -> str:
    out = io.StringIO(newline="")
    with database.reading() as session:
        WRITERS[fmt](session, out)
    return out.getvalue()


def statuses(database: Database) -> dict[str, list[Any]]:
    with database.reading() as session:
        return {
            c.key: [c.status, c.origin_count, c.awaiting, c.disputed_by, c.superseded_by, c.fulfilled_by]
            for c in session.scalars(select(Claim).order_by(Claim.key))
        }


def build_desk(database: Database) -> None:
    """Something of everything version 2 carries, made through the use cases a reviewer uses."""
    with database.writing() as session:
        sources.add_source(session, "alice", "Syrian government", kind="government_body", reliability="C")
        sources.add_source(session, "alice", "Syrian Ministry of Defense", kind="government_body",
                           affiliation="Syrian government", affiliation_kind="speaks_for")
        sources.add_source(session, "alice", "Syrian Democratic Forces", kind="organization", reliability="C")
        sources.add_source(session, "alice", "Ahmed Ali", affiliation="Syrian Democratic Forces")
        sources.add_source(session, "alice", "Reuters security source", kind="unidentified")
        sources.add_source(session, "alice", "AP fighters", kind="unidentified")
        possibly_same.mark_possibly_same(session, "alice", "Reuters security source", "AP fighters", note="same base?")
        visit = claims.add_claim(session, "alice", "Al-Sharaa will visit Moscow", kind="plan", key="claim-visit")
        visited = claims.add_claim(session, "alice", "Al-Sharaa visited Moscow", key="claim-visited")
        month = claims.add_claim(session, "alice", "The ceasefire was extended by one month", key="claim-month")
        days = claims.add_claim(session, "alice", "The ceasefire was extended by 15 days", key="claim-days")
        attributions.add_attribution(session, "alice", visit.id, "Syrian Ministry of Defense", "asserts",
                                     quote="al-Sharaa is expected to visit Moscow", as_of=date(2026, 1, 26))
        attributions.add_attribution(session, "alice", visited.id, "Syrian government", "asserts", certainty="stated",
                                     mode="official_statement", as_of=date(2026, 1, 29))
        attributions.add_attribution(session, "alice", month.id, "Reuters security source", "asserts", mode="anonymous",
                                     quote="it may be a month")
        attributions.add_attribution(session, "alice", month.id, "Ahmed Ali", "asserts", certainty="hedged")
        attributions.add_attribution(session, "alice", days.id, "Syrian Ministry of Defense", "asserts",
                                     mode="official_statement", as_of=date(2026, 1, 28))
        attributions.record_silence(session, "alice", days.id, "Syrian Democratic Forces", as_of=date(2026, 1, 27))
        links.link_claims(session, "alice", visited.id, visit.id, "fulfils")
        links.link_claims(session, "alice", days.id, month.id, "supersedes", note="official figure")
        claims.set_verdict(session, "alice", days.id, "accurate", "the ministry announced it")
        claims.set_verdict(session, "alice", month.id, "false", "first reason")
        claims.set_verdict(session, "bob", month.id, "false", "superseded by the official 15 days")
        claims.add_note(session, "alice", month.id, "asked Reuters who their source is")
        claims.add_note(session, "bob", month.id, "no answer yet\r\nchase on Monday")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_v2_export_imports_into_an_empty_database_and_exports_identically(database: Database, tmp_path: Path, fmt: str) -> None:
    build_desk(database)
    exported = export(database, fmt)
    path = tmp_path / f"desk.{fmt}"
    path.write_text(exported, encoding="utf-8")
    copy = open_database(str(tmp_path / "copy.db"))
    try:
        with copy.writing() as session:
            import_file(session, path, "restorer")
        assert export(copy, fmt) == exported
        assert statuses(copy) == statuses(database)
        with copy.reading() as session:
            sdf_member = session.scalars(select(Source).where(Source.key == "src-ahmed-ali")).one()
            ministry = session.scalars(select(Source).where(Source.name == "Syrian Ministry of Defense")).one()
            assert (sdf_member.affiliation_kind, ministry.affiliation_kind) == ("member_of", "speaks_for")
            certainty = {(a.certainty, a.certainty_inferred) for a in session.scalars(select(Attribution))}
            assert ("forecast", True) in certainty and ("hedged", False) in certainty and ("hedged", True) in certainty
            assert session.scalars(select(Claim.kind).where(Claim.key == "claim-visit")).one() == "plan"
        with copy.writing() as session:  # a second import changes nothing
            summary = import_file(session, path, "restorer")
        assert not any(kind.created or kind.updated for kind in summary.kinds().values())
        assert export(copy, fmt) == exported
    finally:
        copy.dispose()
    data = [json.loads(line) for line in exported.splitlines() if line.strip()] if fmt == "jsonl" else None
    document = json.loads(exported) if fmt == "json" else None
    claims_out = document["claims"] if document else [r for r in data or [] if r.get("type") == "claim"]
    month = next(c for c in claims_out if c["key"] == "claim-month")
    assert month["verdict_reason"] == "superseded by the official 15 days"
    assert [(n["text"], n["by"]) for n in month["notes"]] == [
        ("asked Reuters who their source is", "alice"), ("no answer yet\r\nchase on Monday", "bob"),
    ]


def test_v2_statuses_come_back(database: Database) -> None:
    build_desk(database)
    got = statuses(database)
    assert got["claim-visit"][:2] == ["single_source", 1]  # a plan: the forecast counts
    assert got["claim-visit"][5] == "claim-visited"  # fulfilled
    assert got["claim-month"][0] == "unsourced"  # hedged attributions of an event do not count
    assert got["claim-month"][4] == "claim-days"  # superseded
    assert got["claim-days"][:3] == ["single_source", 1, "Syrian Democratic Forces (as of 2026-01-27)"]


def test_csv_export_round_trips_v2_columns(database: Database, tmp_path: Path) -> None:
    build_desk(database)
    exported = export(database, "csv")
    header = exported.split("\r\n", 1)[0].split(",")
    assert {"claim_kind", "verdict_reason", "certainty", "certainty_inferred"} <= set(header)
    path = tmp_path / "desk.csv"
    path.write_bytes(exported.encode("utf-8"))
    copy = open_database(str(tmp_path / "copy.db"))
    try:
        with copy.writing() as session:
            import_file(session, path, "restorer")
        assert export(copy, "csv") == exported
        with copy.reading() as session:
            kinds = {c.key: c.kind for c in session.scalars(select(Claim))}
            certainty = {(a.certainty, a.certainty_inferred) for a in session.scalars(select(Attribution))}
        assert kinds["claim-visit"] == "plan"
        assert ("forecast", True) in certainty and ("hedged", False) in certainty
    finally:
        copy.dispose()


def test_version_1_file_imports_unchanged_in_meaning(tmp_path: Path) -> None:
    """The version-1 sample as it was shipped: the statuses the workbench gave it before
    version 2 (captured then), attributions stated, affiliations as revision 5e7a2c91b3d4 moved
    stored data (the ministry that made an official statement speaks for its government)."""
    database = open_database(str(tmp_path / "v1.db"))
    try:
        with database.writing() as session:
            import_file(session, DATA / "qamishli-v1.json", "importer")
        before = json.loads((DATA / "qamishli-v1-statuses.json").read_text(encoding="utf-8"))
        assert statuses(database) == before
        with database.reading() as session:
            kinds = {s.key: s.affiliation_kind for s in session.scalars(select(Source).where(Source.affiliation_id.is_not(None)))}
            certainty = {(a.certainty, a.certainty_inferred) for a in session.scalars(select(Attribution))}
        assert kinds == {"src-sdf-fighters-qamishli-base": "member_of", "src-ahmed-ali": "member_of", "src-syrian-mod": "speaks_for"}
        assert certainty == {("stated", False)}
    finally:
        database.dispose()


def test_version_1_hedges_are_not_inferred_but_version_2_ones_are(tmp_path: Path) -> None:
    def world(version: int) -> dict[str, Any]:
        return {
            "format": "workbench", "version": version,
            "sources": [{"key": "src-a", "name": "A"}],
            "claims": [{"key": "c1", "text": "The base was emptied", "attributions": [
                {"source": "src-a", "stance": "asserts", "quote": "the base may have been emptied"}]}],
        }

    got = {}
    for version in (1, 2):
        path = tmp_path / f"v{version}.json"
        path.write_text(json.dumps(world(version)), encoding="utf-8")
        database = open_database(str(tmp_path / f"v{version}.db"))
        with database.writing() as session:
            import_file(session, path, "importer")
        with database.reading() as session:
            attribution = session.scalars(select(Attribution)).one()
            got[version] = (attribution.certainty, attribution.certainty_inferred, statuses(database)["c1"][0])
        database.dispose()
    assert got == {1: ("stated", False, "single_source"), 2: ("hedged", True, "unsourced")}


GOOD_SOURCE = {"key": "src-a", "name": "A"}
GOOD_CLAIM = {"key": "c1", "text": "Something happened", "attributions": [{"source": "src-a", "stance": "asserts"}]}


@pytest.mark.parametrize(
    ("version", "change", "field", "reason"),
    [
        (2, {"claims": [GOOD_CLAIM | {"kind": "forecast"}]}, "claims[0].kind", "unknown value 'forecast' (expected one of: event, plan)"),
        (2, {"claims": [GOOD_CLAIM | {"attributions": [{"source": "src-a", "stance": "asserts", "certainty": "likely"}]}]},
         "claims[0].attributions[0].certainty", "unknown value 'likely'"),
        (2, {"claims": [GOOD_CLAIM | {"attributions": [{"source": "src-a", "stance": "asserts", "certainty_inferred": True}]}]},
         "claims[0].attributions[0].certainty_inferred", "given without certainty"),
        (2, {"claims": [GOOD_CLAIM | {"notes": [{"text": "n", "by": "alice", "at": "yesterday"}]}]},
         "claims[0].notes[0].at", "expected an ISO date or date-time"),
        (2, {"claims": [GOOD_CLAIM | {"notes": [{"text": "n", "at": "2026-01-27T10:00:00"}]}]},
         "claims[0].notes[0].by", "missing (required)"),
        (2, {"claims": [GOOD_CLAIM | {"verdict_reason": "why"}]}, "claims[0].verdict_reason", "given without a verdict"),
        (2, {"sources": [GOOD_SOURCE | {"affiliation_kind": "works_for"}]}, "sources[0].affiliation_kind", "unknown value 'works_for'"),
        (2, {"sources": [GOOD_SOURCE | {"possibly_same": [{"source": "src-nobody"}]}]}, "sources[0].possibly_same", "src-nobody"),
        (1, {"claims": [GOOD_CLAIM | {"kind": "plan"}]}, "claims[0].kind", "unknown field"),
        (1, {"sources": [GOOD_SOURCE | {"affiliation_kind": "speaks_for"}]}, "sources[0].affiliation_kind", "unknown field"),
    ],
)
def test_bad_v2_input_is_one_line_naming_file_line_and_field(
    tmp_path: Path, version: int, change: dict[str, Any], field: str, reason: str
) -> None:
    document = {"format": "workbench", "version": version, "sources": [GOOD_SOURCE], "claims": [GOOD_CLAIM]} | change
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "-q", "import", str(path)], env={"WORKBENCH_DB": None})
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith("bad.json:") or f"{path}:" in lines[0]
    assert f": {field}: " in lines[0] and reason in lines[0]
    assert not (tmp_path / "d.db").exists()  # nothing written, not even a database


def test_jsonl_without_a_header_is_version_1(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"key": "c1", "text": "x", "kind": "plan"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "import", str(path)], env={"WORKBENCH_DB": None})
    assert result.exit_code == 2
    assert "feed.jsonl:1: kind: unknown field" in result.stderr
    path.write_text('{"format": "workbench", "version": 2}\n{"key": "c1", "text": "x", "kind": "plan"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "-q", "import", str(path)], env={"WORKBENCH_DB": None})
    assert result.exit_code == 0, result.stderr


def test_imported_notes_and_reasons_are_never_undone(tmp_path: Path) -> None:
    """A note keeps its author, yet undo is the author's own last action, never an import's."""
    document = {
        "format": "workbench", "version": 2,
        "claims": [{"key": "c1", "text": "The base is empty", "verdict": "false", "verdict_reason": "AP saw it full",
                    "notes": [{"text": "called the base", "by": "alice", "at": "2026-01-28T09:15:00"}]}],
    }
    path = tmp_path / "notes.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "d.db"
    env = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "importer"}
    assert CliRunner().invoke(cli, ["--db", str(db), "-q", "import", str(path)], env=env).exit_code == 0
    for reviewer in ("alice", "importer"):
        result = CliRunner().invoke(cli, ["--db", str(db), "--reviewer", reviewer, "undo", "--yes"], env=env)
        assert result.exit_code != 0 and "Traceback" not in result.stderr
    shown = json.loads(CliRunner().invoke(cli, ["--db", str(db), "claims", "show", "c1", "--json"], env=env).stdout)
    assert shown["verdict"] == "false"
    database = open_database(str(db))
    try:
        assert json.loads(export(database))["claims"][0]["notes"] == document["claims"][0]["notes"]
    finally:
        database.dispose()


def test_csv_reason_without_a_verdict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("claim_key,claim_text,verdict_reason\r\nc1,The base is empty,because\r\n", encoding="utf-8", newline="")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "-q", "import", str(path)], env={"WORKBENCH_DB": None})
    assert result.exit_code == 2
    assert "sheet.csv:2: verdict_reason: given without a verdict" in result.stderr
