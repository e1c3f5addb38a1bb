"""The command line, end to end, through Click's CliRunner on real SQLite files.

Data goes to stdout and only data; diagnostics and errors go to stderr (one line,
``error: ...``) with the documented exit codes: 2 bad input, 3 not found, 4 stale,
5 ``db check`` mismatches.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from support import HOSTILE_STRINGS, REPO_ROOT, SAMPLE_FILE

from workbench.cli import cli

SAMPLE: dict[str, Any] = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# -- helpers --------------------------------------------------------------------------------


def invoke(db: Path | None, *args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Result:
    runner = CliRunner()
    base = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"} | (env or {})
    argv = (["--db", str(db)] if db is not None else []) + list(args)
    return runner.invoke(cli, argv, env=base, input=input, catch_exceptions=False)


def ok(db: Path | None, *args: str, **kwargs: Any) -> Result:
    result = invoke(db, *args, **kwargs)
    assert result.exit_code == 0, (args, result.exit_code, result.stdout, result.stderr)
    return result


def as_json(result: Result) -> Any:
    return json.loads(result.stdout)


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of an SQLite file, read with the standard library."""
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {
            name: sorted((tuple(row) for row in connection.execute(f'SELECT * FROM "{name}"')), key=repr)
            for name in names
            if "_fts" not in name  # full-text index shadow tables mirror the claims
        }
    finally:
        connection.close()


def sql(path: Path, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        with connection:
            return list(connection.execute(statement, params))
    finally:
        connection.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "desk.db"


@pytest.fixture
def desk(db: Path) -> Path:
    """A database file holding the sample data, imported through the CLI."""
    ok(db, "import", str(SAMPLE_FILE))
    return db


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample, imported once for the read-only tests of this module."""
    path = tmp_path_factory.mktemp("shared") / "desk.db"
    ok(path, "import", str(SAMPLE_FILE))
    before = snapshot(path)
    yield path
    assert snapshot(path) == before, "a read-only CLI test changed the shared database"


# -- help -----------------------------------------------------------------------------------


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


COMMAND_PATHS = list(_command_paths(cli))


def test_the_command_tree_is_what_the_docs_promise() -> None:
    names = {" ".join(path) for path in COMMAND_PATHS}
    expected = {
        "claims list", "claims show", "claims add", "attribute", "verdict", "note", "silence", "link", "merge", "undo",
        "sources list", "sources add", "sources grade", "sources affiliate", "db upgrade", "db current", "db check",
        "import", "export", "init",
    }
    assert expected <= names


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=[" ".join(p) or "workbench" for p in COMMAND_PATHS])
def test_every_command_has_help_with_an_example(tmp_path: Path, path: tuple[str, ...]) -> None:
    db = tmp_path / "never-created.db"
    result = ok(db, *path, "--help")
    assert "Usage:" in result.stdout
    assert "Example:" in result.stdout
    example = result.stdout.split("Example:", 1)[1].split("\n", 1)[0]
    assert "workbench" in example
    assert result.stderr == ""
    assert not db.exists()  # help never opens the database


def test_python_dash_m_workbench(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Usage: workbench ")
    assert "Example:" in completed.stdout
    assert "claims" in completed.stdout
    assert completed.stderr == ""


# -- import and list ------------------------------------------------------------------------


def test_import_then_list_shows_every_claim(db: Path) -> None:
    result = ok(db, "import", str(SAMPLE_FILE))
    assert result.stdout == ""  # the summary is a diagnostic
    assert "created database schema at revision" in result.stderr
    assert "claims" in result.stderr and "25" in result.stderr
    listing = ok(db, "claims", "list")
    rows = {int(m.group(1)) for m in re.finditer(r"^│ (\d+) +│", listing.stdout, re.MULTILINE)}
    assert rows == set(range(1, 26))
    flat = re.sub(r"[│\s]+", " ", listing.stdout)
    for claim in SAMPLE["claims"]:
        assert " ".join(claim["text"].split()[:3]) in flat, claim["key"]
    assert listing.stdout.count("corroborated") == 3
    assert listing.stdout.count("single_source") == 22
    assert listing.stderr == ""


def test_import_again_changes_nothing(desk: Path) -> None:
    before = snapshot(desk)
    result = ok(desk, "import", str(SAMPLE_FILE))
    assert "nothing to change (already imported)" in result.stderr
    assert snapshot(desk) == before


def test_a_file_without_records_says_so_not_already_imported(desk: Path, tmp_path: Path) -> None:
    before = snapshot(desk)
    for name, text in (("empty.jsonl", ""), ("header.jsonl", '{"format": "workbench", "version": 2}\n')):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = ok(desk, "import", str(path))
        assert f"{path}: no records in the file, nothing to import" in result.stderr
        assert "already imported" not in result.stderr
    assert snapshot(desk) == before


def test_import_from_stdin(db: Path) -> None:
    result = ok(db, "import", "-", input=SAMPLE_FILE.read_text(encoding="utf-8"))
    assert "<stdin>" in result.stderr
    assert len(as_json(ok(db, "claims", "list", "--json"))) == 25


def test_import_json_summary_for_scripts(db: Path, tmp_path: Path) -> None:
    """``import --json``: the summary on stdout (the table on stderr is left out), with every
    duplicate decision, and printed too when records were rejected (exit 2)."""
    first = ok(db, "import", str(SAMPLE_FILE), "--json")
    summary = as_json(first)
    assert "records" not in first.stderr  # no table
    (file,) = summary["files"]
    assert (summary["dry_run"], summary["rejected"], summary["rejects_file"]) == (False, 0, None)
    assert file["claims"] == {"created": 25, "updated": 0, "unchanged": 0} and file["links"]["created"] == 12
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"format": "workbench", "version": 1}\n'
        '{"key": "c-plane", "text": "The Russians flew their equipment out of Qamishli on a cargo plane.", "attributions": []}\n'
        '{"key": "c-bad", "text": "x", "attributions": [{"source": "nobody-known", "stance": "asserts"}]}\n',
        encoding="utf-8",
    )
    rejected = invoke(db, "import", str(feed), "--skip-invalid", "--json", "-q")
    assert rejected.exit_code == 2
    second = as_json(rejected)
    assert second["rejected"] == 1 and second["rejects_file"] == f"{feed}.rejects.jsonl"
    (duplicate,) = second["files"][0]["duplicates"]
    assert (duplicate["line"], duplicate["claim_key"], duplicate["existing_key"]) == (2, "c-plane", "claim-equipment-left-by-cargo-plane")
    assert duplicate["merged"] and duplicate["decision"] in ("same", "auto") and duplicate["score"] >= 92
    dry = as_json(ok(db, "import", str(SAMPLE_FILE), "--dry-run", "--json"))
    assert dry["dry_run"] and dry["files"][0]["claims"] == {"created": 0, "updated": 0, "unchanged": 25}


def test_claims_list_json(shared_desk: Path) -> None:
    items = as_json(ok(shared_desk, "claims", "list", "--json"))
    assert len(items) == 25
    for item in items:
        assert {"id", "key", "text", "status", "verdict", "awaiting", "origins", "tags", "version"} <= set(item)
    by_key = {item["key"]: item for item in items}
    withdrawal = by_key["claim-russia-withdrawing-ne-syria"]
    assert (withdrawal["status"], withdrawal["origins"], withdrawal["verdict"]) == ("corroborated", 2, "unreviewed")
    assert withdrawal["awaiting"] == "Russian government (as of 2026-01-27)"
    assert by_key["claim-qamishli-base-guarded-by-sdf"]["awaiting"] is None
    assert [i["id"] for i in items] == sorted(i["id"] for i in items)
    assert {c["key"]: c["text"] for c in SAMPLE["claims"]} == {k: v["text"] for k, v in by_key.items()}


def test_claims_list_csv(shared_desk: Path) -> None:
    result = ok(shared_desk, "claims", "list", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "status", "flags", "origins", "verdict", "awaiting", "quotes", "in_review", "text"]
    assert len(rows) == 25
    items = {str(i["id"]): i for i in as_json(ok(shared_desk, "claims", "list", "--json"))}
    for row in rows:
        item = items[row["id"]]
        assert (row["status"], row["origins"], row["text"]) == (item["status"], str(item["origins"]), item["text"])
        assert row["awaiting"] == (item["awaiting"] or "")


def test_claims_list_filters_and_paging(shared_desk: Path) -> None:
    corroborated = as_json(ok(shared_desk, "claims", "list", "--status", "corroborated", "--json"))
    assert {c["key"] for c in corroborated} == {
        "claim-russia-withdrawing-ne-syria",
        "claim-ceasefire-extended-15-days",
        "claim-russians-moved-equipment-out",
    }
    by_alias = as_json(ok(shared_desk, "claims", "list", "--source", "Moscow", "--json"))
    assert len(by_alias) == 5 and all(c["awaiting"] for c in by_alias)
    first = ok(shared_desk, "claims", "list", "--limit", "10", "--json")
    page = as_json(first)
    assert [c["id"] for c in page] == list(range(1, 11))
    assert "--after 10" in first.stderr
    second = as_json(ok(shared_desk, "claims", "list", "--limit", "10", "--after", "10", "--json"))
    assert [c["id"] for c in second] == list(range(11, 21))
    found = as_json(ok(shared_desk, "claims", "list", "--fuzzy", "cargo plain", "--json"))
    assert found[0]["key"] == "claim-equipment-left-by-cargo-plane"
    assert as_json(ok(shared_desk, "claims", "list", "--tag", "x' OR '1'='1", "--json")) == []
    missing = invoke(shared_desk, "claims", "list", "--source", "x' OR '1'='1")
    assert missing.exit_code == 3 and missing.stdout == ""
    usage = invoke(shared_desk, "claims", "list", "--json", "--csv")
    assert usage.exit_code == 2 and usage.stdout == ""
    bad_status = invoke(shared_desk, "claims", "list", "--status", "confirmed")
    assert bad_status.exit_code == 2 and bad_status.stdout == ""


def test_claims_show_json(shared_desk: Path) -> None:
    dossier = as_json(ok(shared_desk, "claims", "show", "1", "--json"))
    assert dossier["key"] == "claim-russia-withdrawing-ne-syria"
    explanation = dossier["explanation"]
    assert explanation["status"] == "corroborated"
    assert explanation["summary"] == "corroborated · awaiting: Russian government (as of 2026-01-27)"
    assert explanation["reason"] == "2 independent origins assert it; none denies it."
    assert {o["name"] for o in explanation["origins"]} == {"Associated Press", "Syrian Democratic Forces"}
    ap = next(o for o in explanation["origins"] if o["name"] == "Associated Press")
    assert [a["collapse"] for a in ap["attributions"]] == ["direct", "outlet_reporting"]  # its unnamed fighters
    sdf = next(o for o in explanation["origins"] if o["name"] == "Syrian Democratic Forces")
    assert [a["collapse"] for a in sdf["attributions"]] == ["same_affiliation"]
    assert explanation["awaiting"][0]["text"] == "Russian government (as of 2026-01-27)"
    assert explanation["lines"][0].startswith("Status: corroborated.")
    assert [a["key"] for a in dossier["attributions"]] == [a["key"] for a in SAMPLE["claims"][0]["attributions"]]
    assert dossier["attributions"][0]["source"]["name"] == "Associated Press"
    assert dossier["attributions"][0]["span"] == [23, 164]
    assert len(dossier["links"]) == 5
    assert dossier["history"][0]["action"] == "claim_added"
    by_key = as_json(ok(shared_desk, "claims", "show", "claim-russia-withdrawing-ne-syria", "--json"))
    assert by_key["id"] == 1


def test_claims_show_text_explains(shared_desk: Path) -> None:
    result = ok(shared_desk, "claims", "show", "1")
    out = result.stdout
    assert "Claim 1 (claim-russia-withdrawing-ne-syria)" in out
    assert "corroborated · awaiting: Russian government (as of 2026-01-27)" in out
    assert "Status: corroborated. 2 independent origins assert it; none denies it." in out
    assert "Independent origins counted (2):" in out
    assert "same affiliation (Ahmed Ali → Syrian Democratic Forces)" in out
    assert "Awaiting:" in out and "No statement (1):" in out
    assert result.stderr == ""


def test_claims_show_csv(shared_desk: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok(shared_desk, "claims", "show", "13", "--csv").stdout)))
    assert {r["source"] for r in rows} == {"Syrian Democratic Forces", "Syrian government"}


# -- writing commands, end to end -----------------------------------------------------------


def test_write_commands_end_to_end(desk: Path) -> None:
    added = as_json(ok(desk, "sources", "add", "Reuters", "--kind", "media_outlet", "--grade", "b", "--alias", "Thomson Reuters", "--json"))
    assert (added[0]["name"], added[0]["reliability"], added[0]["aliases"]) == ("Reuters", "B", ["Thomson Reuters"])
    table = ok(desk, "sources", "add", "Five Syrian sources", "--kind", "unidentified", "--key", "src-five")
    assert "src-five" in table.stdout
    claim = as_json(ok(desk, "claims", "add", "A convoy left Qamishli", "--tag", "Russia", "--place", "Qamishli", "--date", "2026-01-28", "--json"))[0]
    new = str(claim["id"])
    assert (claim["status"], claim["key"]) == ("unsourced", "claim-a-convoy-left-qamishli")

    step = ok(desk, "attribute", new, "src-five", "asserts", "--relayed-via", "Thomson Reuters", "--as-of", "2026-01-28")
    assert step.stdout == ""
    assert "now single_source (1 origin(s))" in step.stderr
    step = ok(desk, "attribute", new, "Reuters", "asserts", "--credibility", "3")
    assert "now single_source (1 origin(s))" in step.stderr  # Reuters relays; not a second origin
    step = ok(desk, "attribute", new, "AP", "asserts", "--mode", "own_observation", "--quote", "we saw it")
    assert "now corroborated (2 origin(s))" in step.stderr
    step = ok(desk, "silence", new, "Russian government", "--as-of", "2026-01-28", "--declined")
    assert "declined to comment" in step.stderr
    shown = as_json(ok(desk, "claims", "show", new, "--json"))
    assert shown["awaiting"] == "Russian government (as of 2026-01-28, declined to comment)"
    assert shown["tags"] == ["russia"] and shown["place"] == "Qamishli" and shown["event_date"] == "2026-01-28"

    ok(desk, "verdict", new, "mostly_accurate", "--reason", "AP saw the convoy")
    assert as_json(ok(desk, "claims", "show", new, "--json"))["verdict"] == "mostly_accurate"
    missing_reason = invoke(desk, "verdict", new, "accurate")
    assert missing_reason.exit_code == 2

    graded = ok(desk, "sources", "grade", "Reuters", "c", "--reason", "relays unnamed sources")
    assert "Reuters graded C (fairly reliable); 1 claim(s) recomputed" in graded.stderr
    listed = as_json(ok(desk, "sources", "list", "--grade", "C", "--json"))
    assert "Reuters" in {s["name"] for s in listed}
    assert all(s["reliability"] == "C" for s in listed)
    reuters = next(s for s in as_json(ok(desk, "sources", "list", "--text", "thomson", "--json")))
    assert (reuters["name"], reuters["attribution_count"]) == ("Reuters", 1)
    affiliated = ok(desk, "sources", "affiliate", "src-five", "SDF")
    assert "src-five" not in affiliated.stdout and "Five Syrian sources → member of Syrian Democratic Forces" in affiliated.stderr

    ok(desk, "link", new, "1", "supports", "--note", "the convoy is part of it")
    ok(desk, "note", new, "Asked the Russian MoD")
    history = as_json(ok(desk, "claims", "show", new, "--json"))["history"]
    assert [e["action"] for e in history][-3:] == ["verdict_set", "link_added", "note_added"]
    assert history[-1]["reason"] == "Asked the Russian MoD"

    merged = ok(desk, "merge", "1", new, "--reason", "same withdrawal", "--yes")
    assert f"merged claim {new} into claim 1" in merged.stderr
    assert invoke(desk, "claims", "show", new).exit_code == 3
    kept = as_json(ok(desk, "claims", "show", "1", "--json"))
    assert "russia" in kept["tags"]
    assert len(kept["attributions"]) == 4 + 4
    undone = ok(desk, "undo")
    assert f"claim {new} restored" in undone.stderr
    restored = as_json(ok(desk, "claims", "show", new, "--json"))
    assert (restored["status"], restored["origins"]) == ("corroborated", 2)
    # The five unnamed Syrian sources Reuters cites are Reuters's own reporting.
    assert {o["name"] for o in restored["explanation"]["origins"]} == {"Reuters", "Associated Press"}
    assert len(as_json(ok(desk, "claims", "show", "1", "--json"))["attributions"]) == 4
    assert ok(desk, "db", "check").stdout == ""


def test_undo_with_nothing_to_undo(desk: Path) -> None:
    result = invoke(desk, "--reviewer", "nobody-yet", "undo")
    assert result.exit_code == 3
    assert result.stderr == "error: nothing to undo\n"


# -- the database commands ------------------------------------------------------------------


def test_db_current_and_upgrade(db: Path) -> None:
    for command in (("db", "current"), ("db", "upgrade")):
        missing = invoke(db, *command)
        assert missing.exit_code == 3 and missing.stderr == f"error: no database at {db}; create it with `workbench init` (or `workbench import FILE`)\n"
        assert not db.exists()
    created = ok(db, "init")
    assert "database ready" in created.stderr and "created database schema at revision" in created.stderr
    current = ok(db, "db", "current")
    head = re.search(r"head (\w+)", current.stdout).group(1)  # type: ignore[union-attr]  # the value is known to be present here; the assertion fails loudly if not
    assert current.stdout == f"{head} (head {head}, up to date)\n"
    again = ok(db, "db", "upgrade")
    assert again.stdout == "" and f"database at revision {head}" in again.stderr


def test_db_check_finds_and_fixes_tampering(desk: Path) -> None:
    clean = ok(desk, "db", "check")
    assert clean.stdout == ""
    assert "every stored status matches its evidence" in clean.stderr
    sql(desk, "UPDATE claims SET status = ?, origin_count = ? WHERE key = ?", ("refuted", 7, "claim-qamishli-base-guarded-by-sdf"))
    found = invoke(desk, "db", "check", "--json")
    assert found.exit_code == 5
    (mismatch,) = as_json(found)
    assert (mismatch["claim_id"], mismatch["stored_status"], mismatch["computed_status"]) == (2, "refuted", "single_source")
    assert "mismatch(es) found" in found.stderr
    table = invoke(desk, "db", "check")
    assert table.exit_code == 5 and "refuted" in table.stdout
    fixed = ok(desk, "db", "check", "--fix")
    assert "fixed" in fixed.stderr
    assert ok(desk, "db", "check").stdout == ""
    assert sql(desk, "SELECT status, origin_count FROM claims WHERE id = 2") == [("single_source", 1)]


# -- errors and exit codes ------------------------------------------------------------------


def _bad_sample(tmp_path: Path) -> tuple[Path, str]:
    data = copy.deepcopy(SAMPLE)
    data["claims"].append({"key": "claim-new", "text": "New", "attributions": []})
    data["claims"][3]["attributions"][0]["stance"] = "assert"
    content = json.dumps(data, indent=2, ensure_ascii=False)
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    lines = content.split("\n")
    marker = next(i for i, line in enumerate(lines) if '"assert"' in line)
    start = next(i for i in range(marker, -1, -1) if lines[i].strip() == "{")
    return path, f"{path}:{start + 1}: claims[3].attributions[0].stance: unknown value 'assert' (expected one of: asserts, denies, no_statement, declined_to_comment)"


def test_bad_import_exit_code_and_one_line_on_stderr(desk: Path, tmp_path: Path) -> None:
    path, message = _bad_sample(tmp_path)
    before = snapshot(desk)
    result = invoke(desk, "import", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {message}\n"
    assert snapshot(desk) == before


def test_bad_reference_found_while_applying_writes_nothing(desk: Path, tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["claims"][0]["text"] = "changed"
    data["links"].append({"from": "claim-russia-withdrawing-ne-syria", "to": "claim-gone", "relation": "supports"})
    path = tmp_path / "bad-link.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    before = snapshot(desk)
    result = invoke(desk, "import", str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert re.fullmatch(rf"error: {re.escape(str(path))}:\d+: links\[12\]\.to: unknown claim key 'claim-gone'.*\n", result.stderr)
    assert snapshot(desk) == before


def test_several_files_import_all_or_nothing(db: Path, tmp_path: Path) -> None:
    ok(db, "init")
    before = snapshot(db)
    path, _ = _bad_sample(tmp_path)
    result = invoke(db, "import", str(SAMPLE_FILE), str(path))
    assert result.exit_code == 2
    assert snapshot(db) == before


def test_dry_run_writes_nothing(db: Path) -> None:
    ok(db, "init")
    before = snapshot(db)
    result = ok(db, "import", "--dry-run", str(SAMPLE_FILE))
    assert "would import" in result.stderr and "dry run: nothing was written" in result.stderr
    assert result.stdout == ""
    assert snapshot(db) == before
    assert sql(db, "SELECT count(*) FROM claims") == [(0,)]


def test_not_found_exits_3(shared_desk: Path) -> None:
    for args in (
        ("claims", "show", "999"),
        ("claims", "show", "claim-nope"),
        ("verdict", "999", "accurate", "--reason", "r"),
        ("attribute", "1", "Nobody", "asserts"),
        ("sources", "grade", "Nobody", "E"),
        ("note", "999", "hello"),
    ):
        result = invoke(shared_desk, *args)
        assert result.exit_code == 3, args
        assert result.stdout == ""
        assert result.stderr.startswith("error: no ") and result.stderr.count("\n") == 1, result.stderr


def test_a_misspelt_source_names_what_it_may_mean_and_is_never_guessed(desk: Path) -> None:
    """A typo names the close sources and stores nothing; the same words spelt another way
    (a possessive, "defence", a dropped "the") are the source, as the import resolves them."""
    before = snapshot(desk)
    for typed, meant in (("Syrian defnse ministry", "#7 Syrian Ministry of Defense"), ("Ahmad Ali", "#4 Ahmed Ali")):
        result = invoke(desk, "attribute", "1", typed, "denies")
        assert result.exit_code == 3 and result.stdout == ""
        assert result.stderr == (
            f"error: no source {typed!r}; did you mean {meant}? "
            "(give an id, a key, a name or an alias; see `workbench sources list`)\n"
        )
    assert snapshot(desk) == before
    assert "did you mean" not in invoke(desk, "attribute", "1", "Nobody at all", "denies").stderr
    ok(desk, "attribute", "1", "Kremlin", "denies")  # the alias "the Kremlin"
    denials = sql(desk, "SELECT s.name FROM attributions a JOIN sources s ON s.id = a.source_id WHERE a.claim_id = 1 AND a.stance = 'denies'")
    assert denials == [("Russian government",)]


def test_stale_version_exits_4(desk: Path) -> None:
    version = as_json(ok(desk, "claims", "show", "1", "--json"))["version"]
    ok(desk, "verdict", "1", "accurate", "--reason", "seen", "--version", str(version))
    before = snapshot(desk)
    for stale in (str(version), "1"):
        result = invoke(desk, "verdict", "1", "false", "--reason", "late", "--version", stale)
        assert result.exit_code == 4
        assert result.stdout == ""
        assert result.stderr == (
            f"error: claim 1 was changed by someone else (version {version + 1}, you had {stale}); "
            "nothing was saved — reload it and try again\n"
        )
    assert invoke(desk, "attribute", "1", "AP", "denies", "--version", str(version)).exit_code == 4
    assert snapshot(desk) == before
    assert as_json(ok(desk, "claims", "show", "1", "--json"))["verdict"] == "accurate"


def test_data_on_stdout_diagnostics_on_stderr(db: Path) -> None:
    created = ok(db, "init")
    assert created.stdout == "" and "created database schema" in created.stderr
    first = ok(db, "claims", "list", "--json")
    assert as_json(first) == [] and first.stderr == ""
    ok(db, "import", str(SAMPLE_FILE))
    export = ok(db, "export")
    assert json.loads(export.stdout)["format"] == "workbench"
    assert export.stderr.startswith("exported ")
    quiet = ok(db, "-q", "attribute", "2", "Moscow", "denies")
    assert quiet.stdout == quiet.stderr == ""
    loud = ok(db, "attribute", "2", "Ahmed Ali", "denies", "--quote", "not guarded")
    assert loud.stdout == "" and "now contested" in loud.stderr


def test_export_to_a_file(desk: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = ok(desk, "export", "-o", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["claims"][0]["key"] == "claim-russia-withdrawing-ne-syria"
    assert not (tmp_path / "out.json.partial").exists()
    copy_db = tmp_path / "copy.db"
    ok(copy_db, "import", str(target))
    def listing(path: Path) -> list[dict[str, Any]]:
        return [{k: v for k, v in c.items() if k != "updated_at"} for c in as_json(ok(path, "claims", "list", "--json"))]

    assert listing(copy_db) == listing(desk)


# -- hostile text ---------------------------------------------------------------------------


def test_hostile_text_is_defused_in_tables_and_exact_in_json(db: Path, tmp_path: Path) -> None:
    data = {
        "format": "workbench",
        "version": 1,
        "sources": [{"key": f"src-{n}", "name": f"{value} source", "aliases": [value]} for n, value in enumerate(HOSTILE_STRINGS)],
        "claims": [
            {
                "key": f"claim-{n}",
                "text": value,
                "tags": [f"t{n}"],
                "attributions": [{"key": f"att-{n}", "source": f"src-{n}", "stance": "asserts", "quote": value, "note": value}],
            }
            for n, value in enumerate(HOSTILE_STRINGS)
        ],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ok(db, "import", str(path))

    table = ok(db, "claims", "list")
    assert not CONTROL.search(table.stdout), repr(CONTROL.search(table.stdout))
    assert "␛" in table.stdout  # ESC is shown as a visible picture, not dropped
    assert "🇸🇾" in table.stdout and "العربية" in table.stdout
    for n in range(len(HOSTILE_STRINGS)):
        shown = ok(db, "claims", "show", f"claim-{n}")
        assert not CONTROL.search(shown.stdout.replace("\n", "")), (n, shown.stdout)
    sources_table = ok(db, "sources", "list")
    assert not CONTROL.search(sources_table.stdout.replace("\n", ""))

    items = {item["key"]: item for item in as_json(ok(db, "claims", "list", "--json"))}
    for n, value in enumerate(HOSTILE_STRINGS):
        assert items[f"claim-{n}"]["text"] == value
        dossier = as_json(ok(db, "claims", "show", f"claim-{n}", "--json"))
        assert dossier["attributions"][0]["quote"] == value
        assert dossier["attributions"][0]["note"] == value
    names = {s["key"]: s for s in as_json(ok(db, "sources", "list", "--json"))}
    for n, value in enumerate(HOSTILE_STRINGS):
        assert names[f"src-{n}"]["name"] == f"{value} source"
        assert names[f"src-{n}"]["aliases"] == [value]


# -- configuration --------------------------------------------------------------------------


def test_workbench_db_environment_and_db_option(tmp_path: Path) -> None:
    from_env, from_option = tmp_path / "env.db", tmp_path / "option.db"
    ok(None, "init", env={"WORKBENCH_DB": str(from_env)})
    ok(from_option, "init")
    ok(None, "claims", "add", "Goes to the environment's database", env={"WORKBENCH_DB": str(from_env)})
    assert sql(from_env, "SELECT text FROM claims") == [("Goes to the environment's database",)]
    ok(from_option, "claims", "add", "Goes to --db", env={"WORKBENCH_DB": str(from_env)})
    assert sql(from_option, "SELECT text FROM claims") == [("Goes to --db",)]
    assert sql(from_env, "SELECT count(*) FROM claims") == [(1,)]


def test_reviewer_from_environment_and_option(db: Path) -> None:
    ok(db, "init")
    ok(db, "claims", "add", "First", env={"WORKBENCH_REVIEWER": "carol"})
    ok(db, "--reviewer", "dave", "claims", "add", "Second", env={"WORKBENCH_REVIEWER": "carol"})
    ok(db, "--reviewer", "erin", "verdict", "1", "false", "--reason", "no")
    rows = sql(db, "SELECT reviewer, action, claim_id FROM review_events ORDER BY id")
    assert rows == [("carol", "claim_added", 1), ("dave", "claim_added", 2), ("erin", "verdict_set", 1)]
    # undo is per reviewer: carol has nothing that erin's undo could touch, and vice versa
    assert invoke(db, "--reviewer", "frank", "undo").exit_code == 3
    ok(db, "--reviewer", "erin", "undo")
    assert sql(db, "SELECT verdict FROM claims WHERE id = 1") == [("unreviewed",)]


def test_repo_layout_assumptions() -> None:
    # The CLI tests import the sample by path; make sure it is the one the docs describe.
    assert SAMPLE_FILE.parent == REPO_ROOT / "sample_data"
    assert len(SAMPLE["claims"]) == 25
