"""The TUI calls use cases; it never reaches for the ORM or builds queries itself."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

import workbench.tui

TUI = Path(workbench.tui.__file__).parent
# What the TUI may import from outside itself: the use cases, records, errors, vocabulary,
# matching, the Database handle; from SQLAlchemy only its exception types.
FORBIDDEN = ("workbench.db.models", "workbench.db.base", "workbench.review.references", "workbench.review.status", "workbench.review.audit")


def _runtime_imports(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue  # annotations only
        for child in ast.walk(node):
            if isinstance(child, ast.Import):
                names.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module:
                names.append(child.module)
    return names


def test_tui_modules_use_only_use_cases() -> None:
    problems = []
    for path in sorted(TUI.rglob("*.py")):
        for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if name.startswith(FORBIDDEN) or (name.startswith("sqlalchemy") and name != "sqlalchemy.exc"):
                problems.append(f"{path.relative_to(TUI)} imports {name}")
    assert not problems, "\n".join(problems)


def test_untrusted_text_is_rendered_through_sanitize() -> None:
    """Every module that builds what the reviewer sees from stored data uses ``sanitize``; none parses markup."""
    showing = ["widgets/claim_table.py", "widgets/detail.py", "widgets/pickers.py", "widgets/inputs.py",
               "widgets/document_picker.py", "screens/base.py", "screens/main.py", "screens/full_text.py",
               "screens/claim_dialogs.py", "screens/review_actions.py", "claim_comparison.py", "app.py"]
    for relative in showing:
        assert "sanitize" in (TUI / relative).read_text(encoding="utf-8"), relative
    for path in sorted(TUI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert "from_markup" not in source and "markup=True" not in source, path.relative_to(TUI)


def test_tui_modules_import_each_other_one_way() -> None:
    """No import cycle inside the TUI, counting imports made only for type checking.

    The screen holds its parts and the app holds the screen; a part that imports the app (even
    for an annotation) makes the parts unreadable, and untypeable, without the whole.
    """
    graph = grimp.build_graph("workbench", exclude_type_checking_imports=False, cache_dir=None)
    inside = {name for name in graph.modules if name.startswith("workbench.tui.")}
    cycles = []
    for importer in sorted(inside):
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & inside):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.append(" -> ".join((importer, *back)))
    assert not cycles, "\n".join(cycles)
