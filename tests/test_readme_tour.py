"""The README's short tour runs top to bottom without an error, in a fresh database, as a new
user would type it (answering yes where the workbench asks)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import REPO_ROOT

from workbench.cli import cli


def tour_lines() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A short tour\n\n```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None, "the README has no tour"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_tour_runs_top_to_bottom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sample_data").symlink_to(REPO_ROOT / "sample_data")
    env: dict[str, str | None] = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "new-user", "NO_COLOR": "1"}
    ran = []
    for line in tour_lines():
        words = shlex.split(line, comments=True)
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            env[name] = value
            continue
        assert words[0] == "workbench", line
        if len(words) == 1:
            continue  # the review TUI: the TUI's own tests drive it
        result = CliRunner().invoke(cli, words[1:], env=env, input="y\n", catch_exceptions=False)
        assert result.exit_code == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr
        ran.append(words[1])
    assert {"import", "link", "merge", "undo", "backup", "export"} <= set(ran)
    assert (tmp_path / "desk.db").exists() and (tmp_path / "desk-copy.db").exists() and (tmp_path / "backup.json").exists()
    shown = CliRunner().invoke(cli, ["claims", "show", "26", "--json"], env=env, catch_exceptions=False)
    assert shown.exit_code == 0, "the tour's undo brings back the claim merged away"
