"""A save the database cannot take says so in the CLI's own words, not the driver's.

Another program holding the SQLite file's write lock past the busy timeout is the everyday
case on a shared disk; the reviewer must read "database busy … try again", as the CLI prints
it (exit 8 there), not a raw ``OperationalError`` text.
"""

from __future__ import annotations

import sqlite3

import pytest
from textual.message import Message
from tui_desk import Desk

from workbench.review import claims
from workbench.tui.messages import ActionFailed, NoteAdded
from workbench.tui.review_changes import ReviewChanges, save_change


def _summary(desk: Desk):  # type: ignore[no-untyped-def]  # a ClaimSummary, read fresh
    with desk.database.reading() as session:
        return claims.get_claim(session, desk.ids["withdraw"])


def test_a_save_blocked_by_another_program_says_database_busy(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT", "0.2")
    change = ReviewChanges("tester").note(_summary(desk), "seen by the desk")
    reported: list[Message] = []
    holder = sqlite3.connect(desk.path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        save_change(desk.database, change, reported.append)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert len(reported) == 1 and isinstance(reported[0], ActionFailed)
    text = reported[0].error
    assert text.startswith("database busy") and "try again" in text
    assert "OperationalError" not in text and "database is locked" not in text


def test_the_same_save_goes_through_once_the_lock_is_gone(desk: Desk) -> None:
    change = ReviewChanges("tester").note(_summary(desk), "seen by the desk")
    reported: list[Message] = []
    save_change(desk.database, change, reported.append)
    assert isinstance(reported[0], NoteAdded)
