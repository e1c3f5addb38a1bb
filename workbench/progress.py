"""Progress of long-running work (imports), reported without tying the work to a terminal.

The work calls ``start``/``advance``/``finish`` on a ``Progress``; the CLI passes a Rich bar
(``workbench.cli.progress``), tests and scripts pass nothing.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, label: str, total: int | None) -> None:
        """A new phase: ``total`` units of work (bytes or records), or None when unknown."""

    def advance(self, amount: int = 1) -> None: ...

    def finish(self) -> None:
        """The phase is over (the bar, if any, disappears)."""


class NoProgress:
    """Reports nothing."""

    def start(self, label: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass
