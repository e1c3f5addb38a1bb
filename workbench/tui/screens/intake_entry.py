"""How the intake screen is opened: from the main screen (``i`` asks for the file) or by
``workbench intake FILE --review`` (the article already read); either way the caller learns
whether something was stored (and by which review event, so that undo in this session takes
the whole intake back without asking), to reload what it shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from workbench.config import sqlite_file
from workbench.db.engine import Database
from workbench.intake import Intake
from workbench.tui.screens.intake import IntakeScreen
from workbench.tui.screens.intake_dialogs import ArticleFile, ArticleFileDialog


def open_intake(app: App[Any], database: Database, reviewer: str, stored: Callable[[int | None], None]) -> None:
    """Ask for an article file, then review it in the intake screen; ``stored`` runs if something was stored."""

    def chosen(article: ArticleFile | None) -> None:
        if article is not None:
            review_intake(app, database, reviewer, article, stored)

    app.push_screen(ArticleFileDialog(sqlite_file(database.url)), chosen)


def review_intake(
    app: App[Any], database: Database, reviewer: str, article: ArticleFile | tuple[Intake, str], stored: Callable[[int | None], None]
) -> None:
    """Open the intake screen on an article (a file to read, or one read already)."""
    screen = IntakeScreen(database, reviewer, article)

    def done(result: bool | None) -> None:
        if result:
            stored(screen.undo_event_id)

    app.push_screen(screen, done)
