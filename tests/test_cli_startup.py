"""Start-up: what a command loads, checked in fresh interpreters (an import graph, not a timing).

``workbench --version`` and ``--help`` must load Click and nothing heavy; ``claims list`` only
what listing needs. The lazy command table's summaries must say what the commands say, and
the shortcut that finds a database at head without Alembic must agree with Alembic.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from support import SAMPLE_FILE

from workbench.cli import COMMANDS, cli
from workbench.cli.claims_group import claims_group
from workbench.cli.lazy import LazyGroup

HEAVY = {"sqlalchemy", "alembic", "rich", "textual", "rapidfuzz", "trafilatura", "lxml"}


def _modules_after(*arguments: str) -> tuple[set[str], str]:
    """Run the CLI with ``arguments`` in a fresh interpreter; the modules it loaded, and its stdout."""
    code = (
        "import json, sys\n"
        "from workbench.cli import cli\n"
        f"sys.argv = ['workbench', *{list(arguments)!r}]\n"
        "try:\n"
        "    cli(prog_name='workbench')\n"
        "except SystemExit as end:\n"
        "    code = end.code\n"
        "print('\\nMODULES' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    output, _, modules = done.stdout.rpartition("\nMODULES")
    return set(json.loads(modules)), output


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("arguments", [("--version",), ("--help",), ("claims", "--help")])
def test_version_and_help_load_nothing_heavy(arguments: tuple[str, ...]) -> None:
    modules, output = _modules_after(*arguments)
    assert _top_level(modules) & HEAVY == set()
    assert not {m for m in modules if m.startswith(("workbench.db", "workbench.review", "workbench.importing"))}
    assert output.strip()  # it did answer


def test_the_claim_list_loads_only_what_listing_needs(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _modules_after("--db", str(db), "-q", "import", str(SAMPLE_FILE))
    modules, output = _modules_after("--db", str(db), "claims", "list", "--limit", "20", "--json")
    assert len(json.loads(output)) == 20  # the real command ran on a real database
    assert _top_level(modules) & {"alembic", "textual", "rapidfuzz", "trafilatura", "lxml"} == set()
    assert "sqlalchemy.dialects.postgresql" not in modules  # about 0.1 s, for an SQLite file
    assert "sqlalchemy" not in _top_level(modules)  # an unfiltered page: review.plain_claim_page
    loaded_layers = {m for m in modules if m.startswith(("workbench.matching", "workbench.corroboration",
                                                         "workbench.importing", "workbench.formats", "workbench.tui"))}
    assert loaded_layers == set()


def test_a_list_by_status_or_verdict_loads_no_sqlalchemy_either(tmp_path: Path) -> None:
    """The filters scripts page by (0.40 s at a million claims through SQLAlchemy, 0.11 s without)."""
    db = tmp_path / "desk.db"
    _modules_after("--db", str(db), "-q", "import", str(SAMPLE_FILE))
    modules, output = _modules_after("--db", str(db), "claims", "list", "--status", "corroborated", "--verdict", "unreviewed", "--json")
    assert {(claim["status"], claim["verdict"]) for claim in json.loads(output)} == {("corroborated", "unreviewed")}
    assert "sqlalchemy" not in _top_level(modules)


def test_a_filtered_list_takes_the_normal_path(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _modules_after("--db", str(db), "-q", "import", str(SAMPLE_FILE))
    modules, output = _modules_after("--db", str(db), "claims", "list", "--status", "corroborated", "--tag", "syria", "--json")
    assert all(claim["status"] == "corroborated" for claim in json.loads(output))
    assert "sqlalchemy.orm" in modules and "workbench.review.claim_list" in modules


def test_the_command_table_summaries_match_the_commands() -> None:
    """``--help`` lists the summaries without importing the commands: they must not drift."""
    for group in (cli, claims_group):
        assert isinstance(group, LazyGroup)
        context = click.Context(group)
        summaries = group.summaries()
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            assert command is not None
            assert command.get_short_help_str(limit=500) == summaries[name], name
    assert set(COMMANDS) == set(cli.summaries())


def test_db_after_the_command_works_on_lazily_loaded_commands(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    _modules_after("--db", str(db), "-q", "import", str(SAMPLE_FILE))
    _, output = _modules_after("claims", "list", "--limit", "3", "--json", "--db", str(db))
    assert [claim["id"] for claim in json.loads(output)] == [1, 2, 3]


def test_the_fast_revision_check_agrees_with_alembic(tmp_path: Path) -> None:
    from alembic.script import ScriptDirectory

    from workbench.db.migrate import alembic_config, head_revision
    from workbench.db.opening import open_database
    from workbench.db.revisions import at_scripted_head, scripted_head

    assert scripted_head() == ScriptDirectory.from_config(alembic_config()).get_current_head() == head_revision()
    path = tmp_path / "desk.db"
    database = open_database(str(path))
    try:
        assert at_scripted_head(database.engine) == head_revision()
    finally:
        database.dispose()
    with sqlite3.connect(path) as raw:  # an older revision: the shortcut must not claim "at head"
        raw.execute("UPDATE alembic_version SET version_num = '8b45a41376a8'")
    database = open_database(str(path), upgrade=False)
    try:
        assert at_scripted_head(database.engine) is None
    finally:
        database.dispose()
    empty = open_database(str(tmp_path / "empty.db"), upgrade=False)
    try:
        assert at_scripted_head(empty.engine) is None  # no version table: Alembic's path decides
    finally:
        empty.dispose()


def test_an_import_without_matching_loads_no_matching(tmp_path: Path) -> None:
    modules, _ = _modules_after("--db", str(tmp_path / "desk.db"), "-q", "import", "--no-match", str(SAMPLE_FILE))
    assert _top_level(modules) & {"rapidfuzz", "textual", "trafilatura", "lxml"} == set()
    assert {m for m in modules if m.startswith("workbench.matching")} <= {"workbench.matching", "workbench.matching.thresholds"}
    assert sqlite3.connect(tmp_path / "desk.db").execute("SELECT count(*) FROM claims").fetchone()[0] > 0
