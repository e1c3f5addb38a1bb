"""The workbench's Textual app: holds the database and the reviewer, shows the main screen."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workbench.db.engine import Database
from workbench.intake import Intake
from workbench.tui.commands import main_screen_commands
from workbench.tui.messages import LoadFailed
from workbench.tui.sanitize import sanitize
from workbench.tui.screens.intake_entry import review_intake
from workbench.tui.screens.main import MainScreen


class WorkbenchApp(App[None]):
    """A review session over one database, as one reviewer."""

    CSS_PATH = "app.tcss"
    TITLE = "workbench"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self,
        database: Database,
        reviewer: str,
        *,
        freeze_gc: bool = False,
        intake: tuple[Intake, str] | None = None,
        live: bool = True,
    ) -> None:
        super().__init__()
        self.live = live  # the other reviewers' changes show as they are made
        self.database = database
        self.reviewer = reviewer
        self.freeze_gc = freeze_gc
        self.intake = intake  # an article to review first (``workbench intake FILE --review``)

    def on_mount(self) -> None:
        if self.intake is not None:
            review_intake(self, self.database, self.reviewer, self.intake, self._reload_main)
        if self.freeze_gc:
            # Full collections over the objects of startup (Textual, SQLAlchemy, Rich) took
            # 100-200 ms and landed in the middle of typing; frozen objects are never scanned.
            self.set_timer(1.0, _freeze_startup_objects)

    def _reload_main(self, event_id: int | None) -> None:
        if isinstance(self.screen, MainScreen):
            self.screen.intake_stored(event_id)

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.database, self.reviewer, live=self.live)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            yield from main_screen_commands(screen)
        yield from super().get_system_commands(screen)

    def on_load_failed(self, message: LoadFailed) -> None:
        # What the dialogs' pickers failed to load (the main screen reports its own failures).
        self.notify(sanitize(f"Could not load the {message.what}: {message.error}"), severity="error", markup=False)


def _freeze_startup_objects() -> None:
    gc.collect()
    gc.freeze()
