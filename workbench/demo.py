"""A fresh database holding the sample data, so a new user sees real claims at once."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from workbench.db.engine import Database
from workbench.errors import InvalidInput
from workbench.importing.pipeline import import_file
from workbench.review.opening import open_database

DEMO_REVIEWER = "demo"


def sample_files() -> list[Path]:
    """The sample data files shipped with the workbench (``sample_data/*.json``)."""
    folder = Path(str(resources.files("workbench.sample_data")))
    return sorted(folder.glob("*.json"))


def build_demo_database(path: Path) -> Database:
    """Create ``path`` (which must not exist yet: ``demo --keep`` never writes the sample data
    into a desk) and import the sample data into it."""
    if path.exists():
        raise InvalidInput(f"{path} already exists; give a new file name: the demo always starts from a fresh copy (nothing was changed)")
    database = open_database(str(path))
    with database.writing() as session:
        for file in sample_files():
            import_file(session, file, DEMO_REVIEWER)
    return database
