"""The layers point one way, and each is checked here rather than remembered.

Two checks of different kinds: import-linter's contracts in ``pyproject.toml`` (every import
chain, direct or indirect, between the packages), and fresh interpreters that import one layer
and look at ``sys.modules`` (what really gets loaded, lazy imports included).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"


def test_the_import_contracts_hold() -> None:
    """Layers (cli > tui > demo > importing > formats > review > intake > matching > db > text), only
    tui/ imports Textual, nothing below the CLI imports Click, and the rules, the text toolkit
    and file parsing need no database."""
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize(
    ("statement", "forbidden"),
    [
        ("import workbench.corroboration", {"sqlalchemy", "textual", "click", "rapidfuzz"}),
        ("import workbench.text.normalize", {"sqlalchemy", "textual", "click"}),
        ("import workbench.formats.interchange, workbench.formats.jsonlines", {"sqlalchemy", "textual", "click"}),
        ("import workbench.review.claims, workbench.review.undo", {"textual", "click"}),
        ("import workbench.importing.pipeline", {"textual", "click"}),
        ("import workbench.cli", {"textual"}),
        # Intake is a pure engine; trafilatura (and lxml) load only when an HTML page is read.
        ("import workbench.intake, workbench.intake.anchoring", {"sqlalchemy", "textual", "click", "trafilatura", "lxml"}),
        ("import workbench.text.certainty", {"sqlalchemy", "textual", "click", "rapidfuzz"}),
    ],
)
def test_a_layer_loads_nothing_above_it(statement: str, forbidden: set[str]) -> None:
    assert _top_level(_loaded_after(statement)) & forbidden == set()


def test_the_package_facade_is_lazy() -> None:
    """``import workbench`` (which every CLI call pays) loads no use case until one is used."""
    loaded = _loaded_after("import workbench")
    assert not {m for m in loaded if m.startswith(("workbench.review", "workbench.importing", "sqlalchemy"))}
    loaded = _loaded_after("import workbench; workbench.list_claims")
    assert "workbench.review.claims" in loaded


def test_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject lists packages explicitly (migrations and sample data are mapped into the
    package); a new subpackage missing from the list would be absent from a real install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(("workbench", *path.parent.relative_to(PACKAGE).parts))
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk - listed == set()


def test_the_facade_lists_each_lazy_name_once() -> None:
    import workbench

    assert sorted(workbench.__all__) == sorted(workbench._EXPORTS)
    for name in workbench.__all__:
        assert getattr(workbench, name) is not None
