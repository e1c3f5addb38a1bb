"""``workbench intake``: the candidates listed, printed as an interchange document that
``workbench import -`` takes, stored with --accept-all (once: a second run finds them stored),
and every kind of bad input refused in one line with nothing stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli

CORPUS = Path(__file__).resolve().parent / "intake_corpus"
SEED = CORPUS / "qamishli.txt"
PAGE = CORPUS / "port-strike.html"


def run(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    env = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
    return CliRunner().invoke(cli, ["--db", str(db), *args], env=env, input=input, catch_exceptions=False)


def ok(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    result = run(db, *args, input=input)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def rows(db: Path, statement: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return list(connection.execute(statement))


def test_json_pipes_into_import_and_writes_nothing_itself(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    printed = ok(db, "intake", str(PAGE), "--json")
    assert not db.exists()  # no database: nothing created, every source proposed new
    document = json.loads(printed.stdout)
    assert document["format"] == "workbench" and document["documents"][0]["url"].startswith("https://baltic-coast-times")
    assert {s["name"] for s in document["sources"]} >= {"Baltic Coast Times", "Marek Nowak"}
    imported = ok(db, "import", "-", input=printed.stdout)
    assert "claims" in imported.stderr
    claims = rows(db, "SELECT count(*) FROM claims")[0][0]
    assert claims == len(document["claims"]) > 5
    # Quotes are anchored in the stored text, and the silence is stored as one.
    assert rows(db, "SELECT count(*) FROM attributions WHERE anchor_state <> 'anchored'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM attributions WHERE stance = 'declined_to_comment'")[0][0] >= 1
    # Again on the same article: everything is found stored, nothing proposed, nothing imported.
    again = json.loads(ok(db, "intake", str(PAGE), "--json").stdout)
    assert again["claims"] == [] and again["documents"] == []
    ok(db, "import", "-", input=json.dumps(again))
    assert rows(db, "SELECT count(*) FROM claims")[0][0] == claims


def test_accept_all_stores_only_what_is_new_with_review_events(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    ok(db, "import", str(SAMPLE_FILE))
    before = rows(db, "SELECT count(*) FROM claims")[0][0]
    listing = ok(db, "intake", str(SEED))
    assert "[stored]" in listing.stdout and "[new]" in listing.stdout
    assert "nothing stored" in listing.stderr and rows(db, "SELECT count(*) FROM claims")[0][0] == before
    stored = ok(db, "intake", str(SEED), "--accept-all")
    assert "stored from qamishli.txt" in stored.stderr
    after = rows(db, "SELECT count(*) FROM claims")[0][0]
    assert after > before
    events = rows(db, "SELECT DISTINCT reason FROM review_events WHERE action = 'claim_added' AND reviewer = 'tester'")
    assert ("import from qamishli.txt (intake)",) in events
    assert rows(db, "SELECT count(*) FROM documents") == [(1,)]  # the stored document was found by its text
    second = ok(db, "intake", str(SEED), "--accept-all")
    assert "nothing new to store" in second.stderr and rows(db, "SELECT count(*) FROM claims")[0][0] == after


def test_a_desk_can_start_from_an_article(tmp_path: Path) -> None:
    """With no database yet: the listing works and creates nothing (every source is new);
    --accept-all creates the database, as import does, and says so. Until 2026-12-07 both
    stopped at "no database" (exit 3), though a desk's work starts from articles."""
    db = tmp_path / "new" / "desk.db"
    listing = ok(db, "intake", str(PAGE))
    assert "[new]" in listing.stdout and "[stored]" not in listing.stdout and "document new:" in listing.stdout
    assert "nothing stored" in listing.stderr and not db.exists() and not db.parent.exists()
    stored = ok(db, "intake", str(PAGE), "--accept-all")
    assert "created database" in stored.stderr
    assert "1 document created" in stored.stderr  # not "1 documents"
    claims = rows(db, "SELECT count(*) FROM claims")[0][0]
    assert claims == listing.stdout.count("[new]") > 5


def test_stdin_and_overrides(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    text = "The bridge will reopen on Monday, the city council said.\n"
    printed = json.loads(ok(db, "intake", "-", "--json", "--outlet", "Capital Times", "--published", "2026-03-02", "--title", "Bridge", input=text).stdout)
    assert printed["documents"][0]["title"] == "Bridge" and printed["documents"][0]["published_at"] == "2026-03-02"  # a date, kept as a date
    attribution = printed["claims"][0]["attributions"][0]
    assert attribution["as_of"] == "2026-03-02" and "forecast" in printed["claims"][0]["tags"]


def test_an_ambiguous_source_is_listed_and_left_out_never_guessed(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    ok(db, "init")
    for key in ("src-nowak-1", "src-nowak-2"):
        ok(db, "sources", "add", "Marek Nowak", "--key", key)
    listing = ok(db, "intake", str(PAGE))
    assert "Marek Nowak (ambiguous: Marek Nowak, Marek Nowak)" in listing.stdout
    stored = ok(db, "intake", str(PAGE), "--accept-all")
    assert "left out: Marek Nowak (ambiguous" in stored.stderr
    assert rows(db, "SELECT count(*) FROM attributions a JOIN sources s ON s.id = a.source_id WHERE s.name = 'Marek Nowak'") == [(0,)]


def test_choose_one_way_of_storing(tmp_path: Path) -> None:
    result = run(tmp_path / "desk.db", "intake", str(SEED), "--json", "--accept-all")
    assert result.exit_code == 2 and "choose one of" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("nav.html", b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("huge.txt", None, "over the 50 MB limit"),
    ],
    ids=["empty", "binary", "html-without-article", "50MB"],
)
def test_bad_input_is_one_line_and_nothing_is_stored(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is None:
        with path.open("wb") as file:
            file.truncate(50 * 1024 * 1024 + 1)  # sparse: the size is refused before anything is read
    else:
        path.write_bytes(content)
    db = tmp_path / "desk.db"
    for flags in ((), ("--json",), ("--accept-all",)):
        result = run(db, "intake", str(path), *flags)
        assert result.exit_code == 2, (flags, result.stderr)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""
    assert not db.exists()


def test_the_listing_says_which_claims_are_plans_and_which_certainties_were_inferred(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    ok(db, "init")
    listed = ok(db, "intake", str(CORPUS / "dam-talks.txt")).stdout
    assert "[new, a plan] The talks will be held in Nairobi" in listed
    assert "forecast, inferred from 'will'" in listed and "hedged, inferred from 'reportedly'" in listed
    ok(db, "intake", str(CORPUS / "dam-talks.txt"), "--accept-all")
    stored = rows(db, "SELECT c.kind, a.certainty, a.certainty_inferred FROM claims c JOIN attributions a ON a.claim_id = c.id "
                      "WHERE c.text LIKE 'The talks will be held%'")
    assert stored == [("plan", "forecast", 1)]
