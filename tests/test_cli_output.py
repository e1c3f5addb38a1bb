"""What the CLI prints and what its docs say: control characters on a terminal, exact bytes to a
pipe, help text without RST markup, grades with their meaning, every exit code documented, and
the U+0000 rule as the docs state it."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from support import HOSTILE_STRINGS, NUL_STRING, REPO_ROOT

import workbench.errors
from workbench.cli import cli, db_commands, io_commands
from workbench.review import sql_sandbox

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
ESC = "\x1b"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV, catch_exceptions=False)


@pytest.fixture(scope="module")
def hostile_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    data = {
        "format": "workbench",
        "version": 1,
        "claims": [{"key": f"claim-{n}", "text": value} for n, value in enumerate(HOSTILE_STRINGS)],
    }
    (folder / "hostile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    desk = folder / "desk.db"
    assert invoke("--db", str(desk), "-q", "import", str(folder / "hostile.json")).exit_code == 0
    return desk


def on_a_terminal(*args: str) -> bytes:
    """Run the CLI with its stdout on a pseudo-terminal, as a user at a terminal would; return what reached it."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"} | {"WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", *args], stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=environment
    )
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return shown


@pytest.mark.parametrize("command", [("claims", "list", "--csv"), ("search", "line", "--csv"), ("export", "-f", "csv"), ("export", "-f", "jsonl")])
def test_csv_and_exports_on_a_terminal_show_control_characters_as_symbols(hostile_desk: Path, command: tuple[str, ...]) -> None:
    shown = on_a_terminal("--db", str(hostile_desk), *command).decode("utf-8")
    assert ESC not in shown and "\x07" not in shown and "\x9b" not in shown and "\u202e" not in shown
    if "jsonl" in command:
        assert "\\u001b[2J\\u001b[H" in shown  # JSON escapes C0 itself
    elif command[0] != "search":
        assert "␛[2J␛[H" in shown  # the screen-clearing claim, visible instead of obeyed


def test_json_on_a_terminal_escapes_what_a_terminal_would_obey_and_stays_the_same_json(hostile_desk: Path) -> None:
    shown = on_a_terminal("--db", str(hostile_desk), "claims", "list", "--json").decode("utf-8")
    assert ESC not in shown and "\x9b" not in shown and "\u202e" not in shown and "\x7f" not in shown
    listed = json.loads(shown.replace("\r\n", "\n"))  # the terminal turns each LF into CRLF
    assert [item["text"] for item in listed] == HOSTILE_STRINGS


def test_csv_to_a_pipe_is_exact_and_reads_back_row_for_row(hostile_desk: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"}
    piped = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(hostile_desk), "claims", "list", "--csv"],
        capture_output=True, env=environment, timeout=60, check=True,
    )
    read = list(csv.DictReader(io.StringIO(piped.stdout.decode("utf-8"), newline="")))
    assert [row["text"] for row in read] == HOSTILE_STRINGS  # a bare CR no longer splits a row


def test_help_shows_no_rst_markup() -> None:
    def paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
        found = [prefix]
        for name, command in group.commands.items():
            found += paths(command, (*prefix, name)) if isinstance(command, click.Group) else [(*prefix, name)]
        return found

    for path in paths(cli):
        shown = invoke(*path, "--help").stdout
        assert "``" not in shown and ":ref:" not in shown and ".. " not in shown, (path, shown)


def test_grades_show_their_meaning_beside_the_letter(hostile_desk: Path, tmp_path: Path) -> None:
    desk = tmp_path / "desk.db"
    assert invoke("--db", str(desk), "init").exit_code == 0
    assert invoke("--db", str(desk), "sources", "add", "Reuters", "--grade", "B").exit_code == 0
    assert "B (usually reliable)" in invoke("--db", str(desk), "sources", "list").stdout
    assert json.loads(invoke("--db", str(desk), "sources", "list", "--json").stdout)[0]["reliability"] == "B"
    graded = invoke("--db", str(desk), "sources", "grade", "Reuters", "E")
    assert graded.stderr == "Reuters graded E (unreliable); 0 claim(s) recomputed\n"
    assert "E unreliable" in invoke("sources", "add", "--help").stdout


def test_every_exit_code_is_in_the_readme_table() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| (\d+) \| ", readme, re.MULTILINE)}
    used = {
        cls.exit_code
        for cls in vars(workbench.errors).values()
        if isinstance(cls, type) and issubclass(cls, workbench.errors.WorkbenchError)
    }
    used |= {0, db_commands.EXIT_MISMATCH, io_commands.EXIT_REJECTED, sql_sandbox.QueryTimedOut.exit_code}
    assert used == documented


def test_u0000_is_refused_on_every_backend_as_the_docs_say(tmp_path: Path) -> None:
    docs = (REPO_ROOT / "docs" / "interchange-format.md").read_text(encoding="utf-8")
    assert "U+0000 (NUL), refused on every backend" in docs
    feed = tmp_path / "nul.json"
    feed.write_text(json.dumps({"format": "workbench", "version": 1, "claims": [{"key": "c", "text": NUL_STRING}]}), encoding="utf-8")
    result = invoke("--db", str(tmp_path / "desk.db"), "import", str(feed))
    assert result.exit_code == 2 and "U+0000" in result.stderr
    assert not (tmp_path / "desk.db").exists()
