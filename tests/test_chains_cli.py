"""The CLI's reporting-chain commands: a claim's kind, an attribution's certainty, an
affiliation's kind, possibly-same marks, the new link relations and their flags in the list,
and ``claims show --as-of`` with the chains and the timeline."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from support import SAMPLE_FILE
from test_cli import as_json, invoke, ok

WITHDRAWAL = "claim-russia-withdrawing-ne-syria"
CEASEFIRE = "claim-ceasefire-extended-15-days"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    ok(path, "import", str(SAMPLE_FILE))
    return path


def test_show_as_of_a_date_with_the_chains_and_the_timeline(desk: Path) -> None:
    now = ok(desk, "claims", "show", WITHDRAWAL).stdout
    assert "Reporting chains:" in now
    assert "  Syrian Democratic Forces (asserts) — members only, not its own position" in now
    assert "     └─ #3 Ahmed Ali asserts" in now
    assert "Timeline: unsourced until 27 Jan 2026; corroborated from 27 Jan 2026" in now
    earlier = ok(desk, "claims", "show", WITHDRAWAL, "--as-of", "2026-01-26").stdout
    assert "as of 26 Jan 2026: unsourced" in earlier
    assert "  Status as of 26 Jan 2026: unsourced. No counted source asserts or denies this claim." in earlier
    assert "Reporting chains:" not in earlier
    shown = as_json(ok(desk, "claims", "show", WITHDRAWAL, "--as-of", "2026-01-26", "--json"))
    assert (shown["explanation"]["as_of"], shown["explanation"]["left_out"]) == ("2026-01-26", 4)
    assert shown["status"] == "corroborated"  # the stored status, as it stands now
    assert [(c["since"], c["status"]) for c in shown["timeline"]] == [(None, "unsourced"), ("2026-01-27", "corroborated")]
    full = as_json(ok(desk, "claims", "show", WITHDRAWAL, "--json"))
    assert [tree["label"] for tree in full["chains"]] == ["Associated Press (asserts)", "Syrian Democratic Forces (asserts)"]
    assert full["chains"][0]["children"][0]["kind"] == "document"
    bad = invoke(desk, "claims", "show", WITHDRAWAL, "--as-of", "last week")
    assert bad.exit_code == 2 and bad.stdout == ""


def test_kind_certainty_and_flags_from_the_command_line(desk: Path) -> None:
    visit = "claim-sharaa-to-visit-moscow-meet-putin"
    # The sample's quote says "is expected to visit": with the certainty inferred, a forecast,
    # which confirms the sample's plan and, were the visit an event, would not count.
    (attribution,) = as_json(ok(desk, "claims", "show", visit, "--json"))["attributions"]
    ok(desk, "certainty", str(attribution["id"]), "inferred")
    assert as_json(ok(desk, "claims", "show", visit, "--json"))["status"] == "single_source"
    ok(desk, "claims", "kind", visit, "event", "--reason", "what if it were an event")
    assert as_json(ok(desk, "claims", "show", visit, "--json"))["status"] == "unsourced"
    made = ok(desk, "claims", "kind", visit, "plan", "--reason", "a scheduled visit")
    assert "is a plan; now single_source (1 origin(s))" in made.stderr
    added = ok(desk, "attribute", visit, "Syrian government", "asserts", "--quote", "the visit may be postponed")
    assert "hedged (inferred from the wording)" in added.stderr
    ok(desk, "claims", "add", "The ceasefire was extended by a month.", "--key", "claim-month")
    ok(desk, "attribute", "claim-month", "Associated Press", "asserts", "--certainty", "stated")
    ok(desk, "link", CEASEFIRE, "claim-month", "supersedes", "--note", "the official figure")
    listed = list(csv.DictReader(io.StringIO(ok(desk, "claims", "list", "--flag", "superseded", "--csv").stdout)))
    assert [(row["id"], row["status"], row["flags"]) for row in listed] == [("26", "single_source", "superseded")]
    month = as_json(ok(desk, "claims", "list", "--flag", "superseded", "--json"))[0]
    assert (month["superseded_by"], month["disputed_by"], month["kind"]) == (CEASEFIRE, None, "event")
    assert ok(desk, "claims", "show", "claim-month").stdout.splitlines()[4] == f"single_source · superseded by {CEASEFIRE}"
    wrong = invoke(desk, "claims", "kind", visit, "rumour")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert invoke(desk, "certainty", "9999", "stated").exit_code == 3
    assert ok(desk, "db", "check").stdout == ""


def test_affiliation_kinds_and_possibly_same_marks(desk: Path) -> None:
    # The sample already says the ministry speaks for its government (it makes official statements).
    said = ok(desk, "sources", "affiliate", "Syrian Ministry of Defense", "Syrian government", "--kind", "member_of")
    assert "; 2 claim(s) recomputed" in said.stderr
    said = ok(desk, "sources", "affiliate", "Syrian Ministry of Defense", "Syrian government", "--kind", "speaks_for")
    assert "Syrian Ministry of Defense → speaks for Syrian government; 2 claim(s) recomputed" in said.stderr
    listed = {s["key"]: s for s in as_json(ok(desk, "sources", "list", "--json"))}
    assert listed["src-syrian-mod"]["affiliation_kind"] == "speaks_for"
    ok(desk, "sources", "add", "Reuters", "--kind", "media_outlet", "--grade", "B")
    ok(desk, "sources", "add", "a Syrian security source", "--kind", "unidentified", "--key", "src-security")
    ok(desk, "attribute", WITHDRAWAL, "src-security", "asserts", "--relayed-via", "Reuters")
    assert as_json(ok(desk, "claims", "show", WITHDRAWAL, "--json"))["origins"] == 3  # AP, the SDF, Reuters
    marked = ok(desk, "sources", "possibly-same", "src-security", "SDF fighters guarding the Qamishli airport base",
                "--note", "both at the base that day")
    assert "marked as possibly the same; " in marked.stderr
    marks = as_json(ok(desk, "sources", "marks", "--json"))
    assert [(m["source_name"], m["other_source_name"], m["note"]) for m in marks] == [
        ("SDF fighters guarding the Qamishli airport base", "a Syrian security source", "both at the base that day")
    ]
    # AP's unnamed fighters and Reuters's unnamed source may be one: their chains count as one.
    shown = as_json(ok(desk, "claims", "show", WITHDRAWAL, "--json"))
    assert shown["origins"] == 2
    assert [o["name"] for o in shown["explanation"]["origins"]] == ["Associated Press and Reuters", "Syrian Democratic Forces"]
    ok(desk, "sources", "not-same", "src-security", "SDF fighters guarding the Qamishli airport base")
    assert as_json(ok(desk, "sources", "marks", "--json")) == []
    missing = invoke(desk, "sources", "not-same", "src-security", "Reuters")
    assert missing.exit_code == 3 and "not marked" in missing.stderr
    assert ok(desk, "db", "check").stdout == ""


def test_a_source_with_no_affiliation_lists_no_way_of_belonging(desk: Path) -> None:
    """`sources list` said "member_of" under "how" for AP, which belongs to nothing."""
    listed = {s["key"]: s for s in as_json(ok(desk, "sources", "list", "--json"))}
    assert listed["src-ap"]["affiliation_kind"] is None and listed["src-ap"]["affiliation_name"] is None
    assert listed["src-ahmed-ali"]["affiliation_kind"] == "member_of"
    csv_rows = {row["key"]: row for row in csv.DictReader(io.StringIO(ok(desk, "sources", "list", "--csv").stdout))}
    assert csv_rows["src-ap"]["affiliation_kind"] == "" and csv_rows["src-ahmed-ali"]["affiliation_kind"] == "member_of"
    table = ok(desk, "sources", "list").stdout
    assert table.count("member_of") == sum(1 for s in listed.values() if s["affiliation_kind"] == "member_of")


def test_an_empty_table_says_none_and_json_and_csv_stay_empty(desk: Path) -> None:
    """The tour's `claims list --flag superseded` printed a bare header and nothing else."""
    table = ok(desk, "claims", "list", "--flag", "superseded").stdout
    assert "(none)" in table and "id" in table
    assert as_json(ok(desk, "claims", "list", "--flag", "superseded", "--json")) == []
    assert "(none)" not in ok(desk, "claims", "list", "--flag", "superseded", "--csv").stdout
    assert "(none)" not in ok(desk, "claims", "list").stdout


def test_undo_names_the_newer_changes_it_skips(desk: Path, tmp_path: Path) -> None:
    """After re-anchoring a document's quotes, undo said "your last change: verdict set", as
    if the re-anchoring had not happened."""
    ok(desk, "verdict", WITHDRAWAL, "accurate", "--reason", "AP saw the base")
    text = tmp_path / "corrected.txt"
    text.write_text("The article was taken down.", encoding="utf-8")
    ok(desk, "documents", "update", "doc-ap-qamishli-2026-01-27", "--text", str(text))
    undone = ok(desk, "undo", "--yes")
    said = undone.stdout + undone.stderr
    assert "your last change undo can take back: " in said and "verdict" in said
    assert "(newer, which undo does not take back: quote reanchored (" in said
