"""Small helpers the TUI tests share (kept out of conftest so tests can import them by name)."""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from rich.tree import Tree
from textual.app import App
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable, Input, OptionList, Select, Static

from workbench.db.engine import Database
from workbench.tui import make_app
from workbench.tui.app import WorkbenchApp
from workbench.tui.widgets.claim_browser import ClaimBrowser
from workbench.tui.widgets.claim_table import ClaimTable

_ALLOWED_FORMAT = {"\u200c", "\u200d"}


def unsafe_chars(text: str, *, newlines: bool = False) -> list[str]:
    """Characters that must never reach the terminal: controls, bidi and other format chars.

    ``newlines``: a line break inside a widget's text is layout, not output (Textual splits it).
    """
    return [
        repr(char)
        for char in text
        if (unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") and not (newlines and char == "\n"))
        or (unicodedata.category(char) == "Cf" and char not in _ALLOWED_FORMAT)
    ]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker has finished and every message it posted has been handled."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if any(browser.detail_pending for screen in app.screen_stack for browser in screen.query(ClaimBrowser)):
            await pilot.pause(0.05)  # the detail pane follows a search once typing pauses
            continue
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("the app never settled: workers kept running")


def screen_strips(pilot: Pilot[Any]) -> list[Strip]:
    """What every screen on the stack would draw on the terminal right now."""
    strips: list[Strip] = []
    for screen in pilot.app.screen_stack:
        strips.extend(screen._compositor.render_strips())
    return strips


def screen_text(pilot: Pilot[Any]) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in screen_strips(pilot))


@asynccontextmanager
async def running(
    database: Database, *, size: tuple[int, int] = (120, 40), reviewer: str = "alice", notifications: bool = False
) -> AsyncIterator[Session]:
    """The real app on ``database``, started and settled (first page, counts and detail loaded)."""
    seen: list[Message] = []
    app = make_app(database, reviewer)
    async with app.run_test(size=size, message_hook=seen.append, notifications=notifications) as pilot:
        await settle(pilot)
        yield Session(app, pilot, seen)


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())


class Session:
    """A running app plus everything it posted (for asserting on messages and notifications)."""

    def __init__(self, app: WorkbenchApp, pilot: Pilot[None], seen: list[Message]) -> None:
        self.app = app
        self.pilot = pilot
        self.seen = seen

    @property
    def table(self) -> ClaimTable:
        return self.app.screen_stack[0].query_one(ClaimTable)

    @property
    def browser(self) -> ClaimBrowser:
        """The main screen's list and detail pane (whatever dialog is open over it)."""
        return self.app.screen_stack[0].query_one(ClaimBrowser)

    def notifications(self) -> list[str]:
        return [m.notification.message for m in self.seen if isinstance(m, Notify)]

    def messages(self, kind: type[Message]) -> list[Any]:
        """Every ``kind`` message, once each (the hook sees a message again when it is forwarded)."""
        return list({id(m): m for m in self.seen if isinstance(m, kind)}.values())

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await settle(self.pilot)

    async def type(self, text: str) -> None:
        """Type into the focused input: the last key for real, the rest pasted (keys cost ~60 ms each)."""
        focused = self.app.focused
        if isinstance(focused, Input) and len(text) > 1:
            focused.insert_text_at_cursor(text[:-1])
            text = text[-1]
        await self.pilot.press(*[{" ": "space"}.get(char, char) for char in text])
        await settle(self.pilot)

    async def settle(self) -> None:
        await settle(self.pilot)

    async def choose(self, select_id: str, value: object) -> None:
        """Open a Select with Enter and walk to ``value`` (from a blank Select too)."""
        select = self.app.screen.query_one(select_id, Select)
        select.focus()
        await self.press("enter")
        values = [v for _label, v in select._options]
        current = values.index(select.value)
        target = values.index(value)
        steps = ["down"] * (target - current) if target >= current else ["up"] * (current - target)
        await self.press(*steps, "enter")
        assert select.value == value


def texts_in(renderable: object) -> Iterator[str]:
    """Every plain string inside a renderable the workbench builds (Text, Group, Padding, Tree)."""
    if isinstance(renderable, Text):
        yield renderable.plain
    elif isinstance(renderable, Tree):
        yield from texts_in(renderable.label)
        for child in renderable.children:
            yield from texts_in(child)
    elif isinstance(renderable, Group):
        for item in renderable.renderables:
            yield from texts_in(item)
    elif isinstance(renderable, Padding):
        yield from texts_in(renderable.renderable)
    elif isinstance(renderable, str):
        yield renderable


def widget_texts(app: App[Any]) -> Iterator[tuple[str, str]]:
    """(widget, text) for the full content of every data-showing widget on every screen.

    The terminal shows only what fits; this also covers cells and lines cut off on screen.
    """
    for screen in app.screen_stack:
        for table in screen.query(DataTable):
            for index in range(table.row_count):
                for cell in table.get_row_at(index):
                    yield from ((f"{table!r} row {index}", text) for text in texts_in(cell))
        for static in screen.query(Static):
            yield from ((repr(static), text) for text in texts_in(static.content))
        for options in screen.query(OptionList):
            for index in range(options.option_count):
                prompt = options.get_option_at_index(index).prompt
                yield from ((f"{options!r} option {index}", text) for text in texts_in(prompt))


def all_text(app: App[Any]) -> str:
    """The full text of every data-showing widget, on screen or scrolled out of view."""
    return "\n".join(text for _widget, text in widget_texts(app))


def assert_terminal_safe(pilot: Pilot[None]) -> None:
    """Nothing drawn carries a control/bidi character, a hyperlink, or a click action."""
    problems = []
    for number, strip in enumerate(screen_strips(pilot)):
        for segment in strip:
            if bad := unsafe_chars(segment.text):
                problems.append(f"line {number}: {bad} in {segment.text!r}")
            if segment.control:
                problems.append(f"line {number}: control segment {segment.control!r}")
            style = segment.style
            if style is not None and style.link:
                problems.append(f"line {number}: hyperlink {style.link!r} on {segment.text!r}")
            if style is not None and any("click" in str(key) for key in (style.meta or {})):
                problems.append(f"line {number}: click action {style.meta!r} on {segment.text!r}")
    for widget, text in widget_texts(pilot.app):
        if bad := unsafe_chars(text, newlines=True):
            problems.append(f"{widget}: {bad} in {text!r}")
    assert not problems, "\n".join(problems[:20])


__all__ = ["Session", "all_text", "assert_terminal_safe", "make_app", "run", "running", "screen_text", "settle", "unsafe_chars"]
