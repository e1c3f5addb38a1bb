"""Documents: adding, updating and showing them, and their quotes anchored and re-anchored.

A corrected text re-anchors every quote of the document (same place, elsewhere, a close
passage flagged "changed" with the difference, else "orphaned"); the flags reach the claim
list, the dossier, the claim's history and JSON; imports anchor quotes the same way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, ReviewEvent
from workbench.errors import InvalidInput, NotFound
from workbench.importing.pipeline import import_file
from workbench.review import attributions, claims, documents

SAMPLE: dict[str, Any] = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
DOC = "doc-ap-qamishli-2026-01-27"
TEXT: str = SAMPLE["documents"][0]["text"]
NO_STATEMENT = "There has been no official statement from Russia about the withdrawal of its forces from Qamishli."
CORRECTED = (
    "Updated Jan. 28 to add the date of the visit.\n\n"
    + TEXT.replace("five or six days ago", "six or seven days ago").replace(NO_STATEMENT, "Russia has not commented.")
)


def _states(database: Database) -> dict[int, str | None]:
    with database.reading() as session:
        return {row.id: row.anchor_state for row in session.execute(select(Attribution.id, Attribution.anchor_state))}


def test_imported_quotes_are_anchored_with_both_selectors(sample_database: Database) -> None:
    with sample_database.reading() as session:
        detail = documents.get_document(session, DOC)
    assert len(detail.quotes) == 34 and detail.characters == len(TEXT)
    for quote in detail.quotes:
        assert quote.anchor is not None and quote.anchor.state == "anchored" and quote.span is not None
        start, end = quote.span
        assert TEXT[start:end] == quote.quote
        assert TEXT[max(0, start - 32) : start] == quote.anchor.prefix and TEXT[end : end + 32] == quote.anchor.suffix


def test_a_corrected_text_reanchors_every_quote_and_flags_the_lost_ones(sample_database: Database) -> None:
    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=CORRECTED, reason="AP correction")
    assert result.changed == ("content_hash", "full_text")
    assert result.found == {"moved": 27, "changed": 1, "orphaned": 6}
    changed = [q for q in result.flagged if q.anchor is not None and q.anchor.state == "changed"]
    assert len(changed) == 1 and changed[0].anchor is not None
    assert ("five", "six") in changed[0].anchor.changes and changed[0].quote.endswith("five or six days ago")
    assert changed[0].span is not None and "six or seven days ago" in CORRECTED[changed[0].span[0] : changed[0].span[1]]
    assert {q.quote for q in result.flagged if q.anchor and q.anchor.state == "orphaned"} == {NO_STATEMENT}
    with sample_database.reading() as session:
        page = {c.id: c for c in claims.list_claims(session, limit=100)}
        dossier = claims.get_dossier(session, changed[0].claim_id)
        reasons = session.scalars(select(ReviewEvent.reason).where(ReviewEvent.action == "quote_reanchored")).all()
    assert page[changed[0].claim_id].quote_flags is not None and page[changed[0].claim_id].quote_flags.changed == 1
    flagged_views = [a for group in dossier.by_stance for a in group.attributions if a.quote_flag]
    assert any("'five' → 'six'" in (a.quote_flag or "") for a in flagged_views)
    assert any(entry.action == "quote looked for in the updated document" for entry in dossier.entries)
    assert reasons == ["AP correction"] * 7
    # The moved quotes are exact again at their new places.
    with sample_database.reading() as session:
        for quote in documents.get_document(session, DOC).quotes:
            if quote.anchor is not None and quote.anchor.state == "anchored":
                assert quote.span is not None and CORRECTED[quote.span[0] : quote.span[1]] == quote.quote


def test_putting_the_text_back_anchors_the_flagged_quotes_again(sample_database: Database) -> None:
    with sample_database.writing() as session:
        documents.update_document(session, "tester", DOC, text=CORRECTED)
    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=TEXT)
    assert result.flagged == () and set(result.found) == {"same", "moved"}
    assert set(_states(sample_database).values()) == {"anchored"}
    with sample_database.reading() as session:
        assert all(c.quote_flags is None for c in claims.list_claims(session, limit=100))


def test_the_same_text_again_changes_nothing(sample_database: Database) -> None:
    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=TEXT)
    assert result.changed == () and result.found == {}
    with sample_database.reading() as session:
        assert session.scalars(select(ReviewEvent.id).where(ReviewEvent.action == "document_updated")).all() == []


def test_an_export_of_a_changed_quote_imports_back_to_the_same_state(sample_database: Database, tmp_path: Path) -> None:
    from workbench.formats.exporter import write_json

    with sample_database.writing() as session:
        documents.update_document(session, "tester", DOC, text=CORRECTED)
    before = _states(sample_database)
    path = tmp_path / "export.json"
    with sample_database.reading() as session, path.open("w", encoding="utf-8") as out:
        write_json(session, out)
    exported = json.loads(path.read_text(encoding="utf-8"))
    spans = {a["key"]: a.get("span") for c in exported["claims"] for a in c["attributions"]}
    assert sum(span is None for span in spans.values()) >= 7  # changed and orphaned quotes go without a span
    with sample_database.writing() as session:
        summary = import_file(session, path, "tester")
    assert summary.attributions.updated == 0
    assert _states(sample_database) == before


def test_an_import_that_corrects_the_text_reanchors_the_stored_quotes(sample_database: Database, tmp_path: Path) -> None:
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    data["documents"][0]["text"] = CORRECTED
    data["claims"] = data["links"] = []
    path = tmp_path / "corrected.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with sample_database.writing() as session:
        import_file(session, path, "importer")
    states = list(_states(sample_database).values())
    assert states.count("changed") == 1 and states.count("orphaned") == 6
    with sample_database.reading() as session:
        claim_ids = session.scalars(select(ReviewEvent.claim_id).where(ReviewEvent.action == "quote_reanchored")).all()
    assert len(claim_ids) == 7 and None not in claim_ids


def test_an_imported_quote_without_a_span_is_found_in_the_text(database: Database, tmp_path: Path) -> None:
    data = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    for claim in data["claims"]:
        for attribution in claim["attributions"]:
            attribution.pop("span", None)
    data["claims"][0]["attributions"][0]["quote"] = "Russian forces have begun pulling out of positions in north-east Syria"
    path = tmp_path / "nospans.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with database.writing() as session:
        import_file(session, path, "tester")
    with database.reading() as session:
        quotes = {q.attribution_id: q for q in documents.get_document(session, DOC).quotes}
    assert quotes[1].anchor is not None and quotes[1].anchor.state == "changed"
    assert quotes[1].anchor.changes == (("north-east", "northeast"),)
    assert all(q.anchor is not None and q.anchor.state == "anchored" for i, q in quotes.items() if i != 1)
    with database.writing() as session:  # importing it again finds the same anchors: nothing changes
        assert import_file(session, path, "tester").attributions.updated == 0


def test_a_typed_attribution_is_anchored_in_its_document(sample_database: Database) -> None:
    with sample_database.writing() as session:
        record = attributions.add_attribution(
            session, "tester", 1, "Ahmed Ali", "asserts", document=DOC, quote="evacuating bit by bit", span=(0, 5)
        )
    assert record.anchor is not None and record.anchor.state == "anchored"
    assert record.span is not None and TEXT[record.span[0] : record.span[1]] == "evacuating bit by bit"


def test_add_and_update_details_with_checks(sample_database: Database) -> None:
    with sample_database.writing() as session:
        copy = documents.add_document(session, "tester", "A syndicated copy", outlet="AP", text="Short text.", derived_from=DOC)
    assert copy.key == "doc-a-syndicated-copy" and copy.derived_from_title is not None and copy.outlet_name == "Associated Press"
    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", copy.key, title="Copy, retitled", url="https://example.org/c")
    assert result.changed == ("title", "url") and result.document.title == "Copy, retitled"
    with pytest.raises(InvalidInput, match="derivation loop"), sample_database.writing() as session:
        documents.update_document(session, "tester", DOC, derived_from=copy.key)
    with pytest.raises(InvalidInput, match="already exists"), sample_database.writing() as session:
        documents.add_document(session, "tester", "Again", key=copy.key)
    with pytest.raises(NotFound), sample_database.reading() as session:
        documents.get_document(session, "doc-nowhere")
    with sample_database.reading() as session:
        listed = {d.key: d for d in documents.list_documents(session)}
    assert listed[DOC].quotes == 34 and listed[copy.key].quotes == 0 and listed[copy.key].characters == len("Short text.")


# -- the command line -------------------------------------------------------------------------


def run(db: Path, *args: str, input: str | None = None) -> Result:
    env = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
    return CliRunner().invoke(cli, ["--db", str(db), *args], env=env, input=input, catch_exceptions=False)


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    db = tmp_path / "desk.db"
    assert run(db, "import", str(SAMPLE_FILE)).exit_code == 0
    return db


def test_cli_update_lists_the_flagged_quotes_and_claims_list_shows_them(desk: Path, tmp_path: Path) -> None:
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(CORRECTED, encoding="utf-8")
    result = run(desk, "documents", "update", DOC, "--text", str(corrected), "--reason", "AP correction")
    assert result.exit_code == 0, result.stderr
    assert "27 moved" in result.stderr and "6 orphaned" in result.stderr
    assert "six or seven" not in result.stdout and "changed in the document" in result.stdout
    listed = json.loads(run(desk, "claims", "list", "--json").stdout)
    flagged = {row["id"]: row for row in listed if row["quote_flags"]}
    assert flagged[1]["quote_flags"] == {"changed": 0, "orphaned": 1} and flagged[1]["quotes"] == "1 quote orphaned"
    shown = run(desk, "claims", "show", "1").stdout
    assert "! quote no longer found in the document" in shown


def test_cli_show_json_has_the_w3c_selectors(desk: Path) -> None:
    shown = json.loads(run(desk, "documents", "show", DOC, "--json").stdout)
    assert shown["text"] == TEXT
    first = next(q for q in shown["quotes"] if q["attribution_id"] == 1)
    assert first["selectors"] == [
        {"type": "TextQuoteSelector", "exact": first["quote"], "prefix": TEXT[:23], "suffix": TEXT[164:196]},
        {"type": "TextPositionSelector", "start": 23, "end": 164},
    ]
    assert run(desk, "documents", "show", DOC, "--text").stdout == TEXT + "\n"


def test_cli_add_reads_the_text_as_intake_does(desk: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text("# Dam talks resume\n\nBy JANE ROE\n\nThe talks resumed on Monday, officials said.\n", encoding="utf-8")
    added = json.loads(run(desk, "documents", "add", "--text", str(story), "--outlet", "AP", "--json").stdout)
    assert added[0]["title"] == "Dam talks resume" and added[0]["outlet_name"] == "Associated Press"
    shown = json.loads(run(desk, "documents", "show", added[0]["key"], "--json").stdout)
    assert shown["text"].startswith("The talks resumed") and shown["document"]["byline"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("documents", "show", "doc-nowhere"), 3, "no document 'doc-nowhere'"),
        (("documents", "update", DOC, "--text", "missing.txt"), 2, "missing.txt: cannot read the file"),
        (("documents", "add", "--title", "x", "--outlet", "nobody at all"), 3, "no source 'nobody at all'"),
    ],
)
def test_cli_errors_are_one_line(desk: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = run(desk, *args)
    assert result.exit_code == code and message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_empty_text_file_stores_nothing(desk: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run(desk, "documents", "update", DOC, "--text", str(empty))
    assert result.exit_code == 2 and "the file is empty" in result.stderr
    assert json.loads(run(desk, "documents", "show", DOC, "--json").stdout)["text"] == TEXT


def test_every_quotes_anchor_state_reaches_the_dossier_the_case_file_and_the_view(sample_database: Database) -> None:
    from sqlalchemy import text as sql

    from workbench.cli.dossier import dossier_lines
    from workbench.formats.casefile import md, render_case_file

    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=CORRECTED)
    changed = next(q for q in result.flagged if q.anchor is not None and q.anchor.state == "changed")
    with sample_database.reading() as session:
        dossier = claims.get_dossier(session, changed.claim_id)
        view = dict(
            session.execute(sql("SELECT attribution_id, anchor_state FROM attribution_details WHERE claim_id = :c"), {"c": changed.claim_id}).all()
        )
    views = [a for group in dossier.by_stance for a in group.attributions]
    assert {a.id: a.anchor_state for a in views} == view  # the dossier and the SQL view agree
    assert {a.anchor_state for a in views} == {"changed", "orphaned"}
    cli = "\n".join(dossier_lines(dossier))
    casefile = render_case_file(dossier)
    assert "! quote changed in the document: 'five' → 'six'" in cli and "! quote no longer found in the document" in cli
    for a in views:
        assert f"- **Quote in the document:** ⚠ {md(a.anchor_label)}" in casefile
    assert "- **Quote in the document:** ⚠ no longer found in the document" in casefile
    with sample_database.reading() as session:
        anchored = claims.get_dossier(session, "claim-russia-withdrawing-ne-syria")
    assert "quote anchored in the document" in "\n".join(dossier_lines(anchored))
    assert "- **Quote in the document:** anchored in the document" in render_case_file(anchored)
