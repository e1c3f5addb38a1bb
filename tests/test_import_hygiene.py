"""The layers point one way: only tui/ imports Textual; the core imports neither Textual nor Click."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "workbench"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules(exclude: tuple[str, ...]) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if not any(part in exclude for part in p.relative_to(PACKAGE).parts)]


def test_only_the_tui_imports_textual() -> None:
    offenders = [str(p) for p in _modules(("tui",)) if "textual" in _imports(p)]
    assert offenders == []


def test_core_imports_neither_click_nor_textual() -> None:
    offenders = [str(p) for p in _modules(("tui", "cli")) if {"click", "textual"} & _imports(p)]
    assert offenders == []


def test_db_layer_does_not_import_use_cases() -> None:
    use_cases = {"claims", "sources", "attributions", "links", "importer", "exporter", "undo"}
    for path in (PACKAGE / "db").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workbench."):
                assert node.module.split(".")[1] not in use_cases, f"{path} imports {node.module}"


def test_every_subpackage_ships_in_the_wheel() -> None:
    """pyproject lists packages explicitly (migrations and sample data are mapped into the
    package); a new subpackage missing from the list would be absent from a real install."""
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(("workbench", *path.parent.relative_to(PACKAGE).parts))
        for path in PACKAGE.rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk - listed == set()
