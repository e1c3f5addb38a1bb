"""Fixtures for the TUI tests: small real databases built once per session and copied per test.

Test modules import shared names from ``tui_desk`` (not from ``conftest``, whose module name
is shared with the top-level tests' conftest).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_desk import Desk, _copy, build_desk, build_hostile_desk


@pytest.fixture(scope="session")
def _desk_template(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    built = build_desk(tmp_path_factory.mktemp("desk"))
    built.database.dispose()  # closes every connection: the WAL is checkpointed into the file
    return built


@pytest.fixture(scope="session")
def _hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    built = build_hostile_desk(tmp_path_factory.mktemp("hostile"))
    built.database.dispose()
    return built


@pytest.fixture
def desk(_desk_template: Desk, tmp_path: Path) -> Iterator[Desk]:
    copy = _copy(_desk_template, tmp_path)
    yield copy
    copy.database.dispose()


@pytest.fixture
def hostile_desk(_hostile_template: Desk, tmp_path: Path) -> Iterator[Desk]:
    copy = _copy(_hostile_template, tmp_path)
    yield copy
    copy.database.dispose()
