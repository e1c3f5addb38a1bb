"""The context every command shares: the database (opened on first use), the reviewer, where
the command runs, and whether to stay quiet.

It lives apart from ``common.py`` because the top-level group needs it on every call, even
``workbench --version``: nothing here imports SQLAlchemy, the use cases or Rich at module
level, so start-up pays only for Click.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from workbench.config import Origin, current_origin, describe_db, resolve_db_url, resolve_reviewer
from workbench.text_safety import safe_text

if TYPE_CHECKING:
    from workbench.db.engine import Database


@dataclass
class Context:
    """Carried by Click from the group to each command; opens the database lazily.

    ``origin`` is where this command runs (recorded with every change, compared by undo).
    """

    db: str | None
    reviewer_option: str | None
    quiet: bool = False
    origin: Origin = field(default_factory=current_origin)
    _database: Database | None = field(default=None, repr=False)

    @property
    def reviewer(self) -> str:
        return resolve_reviewer(self.reviewer_option)

    def database(self, upgrade: bool = True, *, create: bool = False) -> Database:
        """The database, opened on first use. Only commands that make one pass ``create``:
        any other refuses a database that does not exist yet, rather than create an empty one."""
        if self._database is None:
            # Imported on first use for start-up speed: opening loads SQLAlchemy and Alembic.
            from workbench.review.opening import open_database

            self._database = open_database(self.db, upgrade=upgrade, report=self.diagnose, create=create, origin=self.origin)
        return self._database

    def database_label(self) -> str:
        """The database as messages name it (a URL without its password)."""
        from sqlalchemy.exc import ArgumentError  # lazy for start-up speed, like the database

        try:
            return describe_db(resolve_db_url(self.db))
        except ArgumentError:  # an unparsable URL is named as given
            return str(self.db)

    def diagnose(self, message: str) -> None:
        """A diagnostic line on stderr (never on stdout, which carries data); stored text in it
        is made safe for the terminal."""
        if not self.quiet:
            click.echo(safe_text(message), err=True)

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()
            self._database = None


pass_context = click.make_pass_decorator(Context)
