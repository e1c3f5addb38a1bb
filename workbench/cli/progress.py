"""A Rich progress bar on stderr for the CLI's long-running commands.

The bar appears only once a phase has run for a moment, so short imports print no bar at all,
and it is drawn only on a terminal. It implements ``workbench.progress.Progress``.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from workbench.text_safety import safe_text

if TYPE_CHECKING:  # Rich loads only when a bar is drawn (see ``_show``)
    from rich.progress import Progress, TaskID


class RichProgress:
    """A Rich progress bar on stderr, shown only for phases that take longer than ``delay``."""

    def __init__(self, stream: TextIO | None = None, delay: float = 0.5) -> None:
        from rich.console import Console

        self._console = Console(file=stream or sys.stderr)
        self._delay = delay
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._label = ""
        self._total: int | None = None
        self._done = 0
        self._started_at = 0.0
        self._next_check = 0

    def start(self, label: str, total: int | None) -> None:
        self.finish()
        self._label, self._total, self._done = safe_text(label), total, 0
        self._started_at = time.monotonic()
        self._next_check = 0

    def advance(self, amount: int = 1) -> None:
        self._done += amount
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=self._done)
            return
        # Checking the clock on every record would cost more than the bar is worth.
        if self._done < self._next_check:
            return
        self._next_check = self._done + 1000
        if time.monotonic() - self._started_at >= self._delay and self._console.is_terminal:
            self._show()

    def _show(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self._console,
            transient=True,
        )
        bar.start()
        self._bar = bar
        self._task = bar.add_task(self._label, total=self._total, completed=self._done)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar = None
        self._task = None
