"""The TUI calls use cases; it never reaches for the ORM or builds queries itself."""

from __future__ import annotations

import ast
from pathlib import Path

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
    """Every module that builds what the reviewer sees from stored data uses ``sanitize``."""
    showing = ["widgets/claim_table.py", "widgets/detail.py", "widgets/pickers.py", "widgets/inputs.py",
               "screens/base.py", "screens/main.py", "screens/review_actions.py", "app.py"]
    for relative in showing:
        source = (TUI / relative).read_text(encoding="utf-8")
        assert "sanitize" in source, relative
        assert "from_markup" not in source and "markup=True" not in source, relative
