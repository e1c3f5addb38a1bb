"""The floor for ``tui_bench``'s launch timing: Python, Textual and one page of claims, nothing else.

A plain Textual app showing the first 50 claims of a database in a ``DataTable``, read with
``sqlite3``; ``q`` quits. Launched in a terminal exactly like ``workbench review``, it shows
what any Textual app pays before its first screen on this machine.

    python benchmarks/tui_minimal_app.py DB
"""

from __future__ import annotations

import sqlite3
import sys
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable


class MinimalApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        connection = sqlite3.connect(self.path)
        rows = connection.execute("SELECT status, text, verdict FROM claims ORDER BY id LIMIT 50").fetchall()
        connection.close()
        table = self.query_one(DataTable)
        table.add_columns("Status", "Claim", "Verdict")
        table.add_rows([tuple(Text(str(value)) for value in row) for row in rows])


if __name__ == "__main__":
    MinimalApp(sys.argv[1]).run()
