"""A Click group that imports a command's module only when that command runs.

Every CLI call used to import every command module, and with them SQLAlchemy, Alembic, Rich,
rapidfuzz and the importer: about half a second before ``--version`` could answer. Here the
group knows each command by name, module and one-line summary, so ``workbench --version`` and
``workbench --help`` load only Click, and ``workbench claims list`` loads only what listing
claims needs. tests/test_cli_startup.py checks the summaries against the commands themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (``module:attribute``) and the summary ``--help`` lists for it."""

    target: str
    summary: str

    def load(self) -> click.Command:
        module_name, attribute = self.target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a Click command")
        return command


class LazyGroup(click.Group):
    """A group whose commands are imported on first use.

    ``prepare`` runs once on each command as it is loaded (the top-level group adds ``--db``
    after the command there). ``commands``, Click's own attribute, still holds every command
    for code that walks the whole tree (tests, documentation): reading it loads them all.
    """

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand] | None = None,
                 prepare: Callable[[click.Command], None] | None = None, **kwargs: Any) -> None:
        self._lazy = dict(lazy or {})
        self._prepare = prepare
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]  # Click declares a plain attribute
    def commands(self) -> dict[str, click.Command]:
        for name in self._lazy:
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._loaded = dict(value)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._loaded[name] = cmd

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self._loaded) | set(self._lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self._loaded or cmd_name in self._lazy:
            return self._load(cmd_name)
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the summaries, without importing any command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self._loaded:
                if self._loaded[name].hidden:
                    continue
                rows.append((name, self._loaded[name].get_short_help_str(limit)))
            else:
                rows.append((name, click.Command(name, help=self._lazy[name].summary).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def prepare_each(self, prepare: Callable[[click.Command], None]) -> None:
        """Run ``prepare`` on every command of this group as it loads (now, for those loaded)."""
        self._prepare = prepare
        for command in self._loaded.values():
            prepare(command)

    def summaries(self) -> dict[str, str]:
        """The summary ``--help`` shows for each command not loaded from its module."""
        return {name: lazy.summary for name, lazy in self._lazy.items()}

    def _load(self, name: str) -> click.Command:
        command = self._loaded.get(name)
        if command is None:
            command = self._lazy[name].load()
            if self._prepare is not None:
                self._prepare(command)
            self._loaded[name] = command
        return command
