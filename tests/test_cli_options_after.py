"""The global options ``--db``, ``--reviewer`` and ``-q``/``--quiet`` are accepted after any
command too, as users type them in scripts (``workbench db check --full --quiet``).

Until 2026-12-07 only ``--db`` was, and ``--quiet`` only after ``import`` and ``db copy``:
``export -o FILE --quiet`` or ``duplicates -q`` was a usage error (exit 2).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import Result
from support import SAMPLE_FILE, invoke_cli, sample_desk

from workbench.cli import cli


def invoke(*args: str) -> Result:
    return invoke_cli(*args)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_desk(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def desk(sample_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    shutil.copyfile(sample_db, path)  # the module's import has ended: the file is whole
    return path


def _leaf_commands(group: click.Group, context: click.Context, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            found.extend(_leaf_commands(command, click.Context(command, parent=context), f"{prefix}{name} "))
        else:
            found.append((prefix + name, command))
    return found


def test_every_command_takes_the_global_options_after_it() -> None:
    context = click.Context(cli)
    commands = _leaf_commands(cli, context)
    assert len(commands) > 30
    for name, command in commands:
        flags = {flag for param in command.params for flag in param.opts}
        missing = {"--db", "--reviewer", "-q", "--quiet"} - flags
        assert not missing, f"{name} lacks {sorted(missing)}"


def test_quiet_after_export_silences_its_line(desk: Path, tmp_path: Path) -> None:
    loud = invoke("--db", str(desk), "export", "-o", str(tmp_path / "a.json"))
    assert loud.exit_code == 0
    assert loud.stderr == "exported 7 sources, 1 document, 25 claims, 34 attributions, 12 links\n"
    quiet = invoke("--db", str(desk), "export", "-o", str(tmp_path / "b.json"), "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


@pytest.mark.parametrize("args", [("db", "check", "--full", "-q"), ("duplicates", "--quiet"), ("backup", "{tmp}/copy.db", "-q")])
def test_quiet_after_long_commands(desk: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    loud = invoke("--db", str(desk), *(a.format(tmp=tmp_path) for a in args if a not in ("-q", "--quiet")))
    (tmp_path / "copy.db").unlink(missing_ok=True)
    quiet = invoke("--db", str(desk), *(a.format(tmp=tmp_path) for a in args))
    assert loud.exit_code == quiet.exit_code == 0, quiet.output
    assert loud.stderr != "" and quiet.stderr == ""
    assert quiet.stdout == loud.stdout


def test_reviewer_after_the_command_is_the_one_recorded(desk: Path) -> None:
    result = invoke("--db", str(desk), "verdict", "1", "accurate", "--reason", "seen", "--reviewer", "lina")
    assert result.exit_code == 0, result.output
    history = json.loads(invoke("--db", str(desk), "claims", "show", "1", "--json").stdout)["history"]
    assert (history[-1]["reviewer"], history[-1]["action"]) == ("lina", "verdict_set")


def test_a_commands_own_quiet_still_works(tmp_path: Path) -> None:
    result = invoke("--db", str(tmp_path / "new.db"), "import", str(SAMPLE_FILE), "-q")
    assert result.exit_code == 0 and result.stderr == ""
