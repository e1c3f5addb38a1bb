"""Snapshots of the main screen and the detail pane, at 80×24 and at 160×48.

The desk's timestamps are frozen (see conftest) so the pictures do not change from run to run.
Regenerate after an intended change with ``pytest tests/tui --snapshot-update`` and look at
the pictures in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from tui_desk import Desk
from tui_helpers import settle

from workbench.tui import make_app


def _app(desk: Desk) -> Any:
    return make_app(desk.database, "alice")


def test_main_screen_80x24(desk: Desk, snap_compare: Any) -> None:
    assert snap_compare(_app(desk), terminal_size=(80, 24), run_before=settle)


def test_main_screen_160x48(desk: Desk, snap_compare: Any) -> None:
    assert snap_compare(_app(desk), terminal_size=(160, 48), run_before=settle)


def test_detail_pane_80x24(desk: Desk, snap_compare: Any) -> None:
    """Enter on a claim in a narrow terminal: the detail pane takes the whole body."""

    async def read_first_claim(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(_app(desk), terminal_size=(80, 24), run_before=read_first_claim)


def test_detail_pane_160x48(desk: Desk, snap_compare: Any) -> None:
    """The contested claim, with the focus in the detail pane."""

    async def read_contested_claim(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(_app(desk), terminal_size=(160, 48), run_before=read_contested_claim)
