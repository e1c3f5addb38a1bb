"""The query commands end to end: `search`, `sql`, and `claims list` filters on the command line."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import SAMPLE_FILE

from workbench.cli import cli


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "-q", "import", str(SAMPLE_FILE)])
    assert result.exit_code == 0, result.output
    return path


def run(path: Path, *arguments: str) -> object:
    return CliRunner().invoke(cli, ["--db", str(path), *arguments])


def test_search_command(desk: Path) -> None:
    result = run(desk, "search", "cargo plane", "--json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found[0]["key"] == "claim-equipment-left-by-cargo-plane"
    assert found[0]["score"] > 0
    fuzzy = json.loads(run(desk, "search", "cargo plain", "--fuzzy", "--json").stdout)
    assert fuzzy[0]["key"] == "claim-equipment-left-by-cargo-plane"


def test_a_search_that_finds_nothing_for_a_short_word_says_why(desk: Path) -> None:
    """"ca" finds no "cargo": words under three letters are matched whole. Said on stderr,
    so the JSON on stdout stays an empty list; a longer word that matches nothing, or a number,
    gets no such line (typing more would not help)."""
    short = run(desk, "search", "ca", "--json")
    assert short.exit_code == 0 and json.loads(short.stdout) == []
    assert short.stderr == (
        "no claim has the word 'ca': words under three letters are matched whole, not as prefixes "
        "(type more of it, or use --fuzzy)\n"
    )
    assert json.loads(run(desk, "search", "car", "--json").stdout)[0]["key"] == "claim-equipment-left-by-cargo-plane"
    for nothing in ("zzzzqx", "1999"):
        result = run(desk, "search", nothing, "--json")
        assert result.exit_code == 0 and json.loads(result.stdout) == [] and result.stderr == ""
    assert run(desk, "-q", "search", "ca").stderr == ""


def test_sql_command_outputs(desk: Path) -> None:
    result = run(desk, "sql", "SELECT status, count(*) AS n FROM claims GROUP BY status ORDER BY status", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"status": "corroborated", "n": 3}, {"status": "single_source", "n": 22}]
    csv_out = run(desk, "sql", "SELECT claim_key, origins FROM claim_overview ORDER BY claim_id LIMIT 2", "--csv")
    assert csv_out.stdout.splitlines()[0] == "claim_key,origins"


def test_sql_command_refuses_and_leaves_the_file_alone(desk: Path, tmp_path: Path) -> None:
    before = desk.read_bytes()
    for statement, code in [
        ("DELETE FROM claims", 2),
        (f"VACUUM INTO '{tmp_path / 'copy.db'}'", 2),
        (f"ATTACH '{tmp_path / 'x.db'}' AS x", 2),
        ("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r", 7),
    ]:
        result = run(desk, "sql", statement, "--timeout", "0.5")
        assert result.exit_code == code, statement
        assert result.stdout == ""
        assert result.stderr.startswith("error: ")
    assert desk.read_bytes() == before
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "x.db").exists()


def test_claims_list_filters_on_the_command_line(desk: Path) -> None:
    def keys(*options: str) -> list[str]:
        result = run(desk, "claims", "list", *options, "--json")
        assert result.exit_code == 0, result.output
        return [c["key"] for c in json.loads(result.stdout)]

    assert len(keys("--awaiting", "Russian government")) == 5
    assert keys("--grade", "B", "--status", "corroborated") == ["claim-russia-withdrawing-ne-syria"]
    assert "claim-ceasefire-extended-15-days" in keys("--affiliation", "Syrian government")
    assert keys("--published-to", "2026-01-26") == []
    assert len(keys("--has-links")) + len(keys("--no-links")) == 25
    first = keys("--limit", "10")
    after = run(desk, "claims", "list", "--limit", "10", "--after", "10", "--json")
    assert len(first) == 10 and json.loads(after.stdout)[0]["id"] == 11
    assert "--after 10" in run(desk, "claims", "list", "--limit", "10").stderr
    assert keys("--tag", "x' OR '1'='1") == []
    bad_date = run(desk, "claims", "list", "--as-of-from", "yesterday")
    assert bad_date.exit_code == 2 and "--as-of-from" in bad_date.stderr


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
def test_the_file_opens_in_the_sqlite3_shell(desk: Path) -> None:
    completed = subprocess.run(
        ["sqlite3", "-readonly", str(desk), "SELECT count(*) FROM claim_overview; SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'qamishli';"],
        capture_output=True,
        text=True,
        check=True,
    )
    total, matches = completed.stdout.split()
    assert total == "25" and int(matches) > 0


def test_python_api_is_importable(desk: Path) -> None:
    import workbench

    database = workbench.open_database(str(desk))
    with database.reading() as session:
        weak = workbench.list_claims(session, workbench.ClaimFilter(status="single_source", text="qamishli"))
        assert weak and all(c.status == "single_source" for c in weak)
        assert workbench.count_claims(session).total == 25
    database.dispose()
    assert sqlite3.connect(desk).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
