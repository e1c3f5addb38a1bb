"""A date-only publication date stays a date (issue 12): through import and export in every
layout, the CLI, and the revision that adds ``documents.published_precision``."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import text
from support import BACKENDS, seeded_at_revision

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.migrate import alembic_config
from workbench.db.opening import open_database
from workbench.formats import exporter
from workbench.importing.pipeline import import_file
from workbench.review.opening import upgrade_database

BEFORE = "5e7a2c91b3d4"
DOCUMENTS = {
    "format": "workbench",
    "version": 1,
    "documents": [
        {"key": "doc-day", "title": "Dated only", "published_at": "2026-01-27"},
        {"key": "doc-time", "title": "Dated and timed", "published_at": "2026-01-27T09:30:00"},
        {"key": "doc-midnight", "title": "Timed at midnight", "published_at": "2026-01-28T00:00:00"},
        {"key": "doc-offset", "title": "Timed with an offset", "published_at": "2026-01-27T12:00:00+03:00"},
        {"key": "doc-none", "title": "Undated"},
    ],
}
EXPECTED = {
    "doc-day": "2026-01-27",
    "doc-time": "2026-01-27T09:30:00",
    "doc-midnight": "2026-01-28T00:00:00",
    "doc-offset": "2026-01-27T09:00:00",
    "doc-none": None,
}


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env={"WORKBENCH_REVIEWER": "tester", "WORKBENCH_DB": None})
    return result.exit_code, result.stdout, result.stderr


def exported_dates(database: Database) -> dict[str, str | None]:
    out = io.StringIO()
    with database.reading() as session:
        exporter.write_json(session, out)
    return {d["key"]: d.get("published_at") for d in json.loads(out.getvalue())["documents"]}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_dates_come_back_as_given(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "documents.json"
    path.write_text(json.dumps(DOCUMENTS), encoding="utf-8")
    first = open_database(str(tmp_path / "a.db"))
    second = open_database(str(tmp_path / "b.db"))
    try:
        with first.writing() as session:
            import_file(session, path, "seed")
        assert exported_dates(first) == EXPECTED
        if fmt == "csv":  # CSV carries a document's date on an attribution's row
            rows = "claim_key,claim_text,stance,source_key,source_name,document_key,document_title,published_at\r\n" + "".join(
                f"c-{n},Claim {n},asserts,src-a,A,{key},{key},{value or ''}\r\n" for n, (key, value) in enumerate(EXPECTED.items())
            )
            target = tmp_path / "export.csv"
            target.write_text(rows, encoding="utf-8", newline="")
            with second.writing() as session:
                import_file(session, target, "restore")
            out = io.StringIO(newline="")
            with second.reading() as session:
                exporter.write_csv(session, out)
            assert ",doc-day,doc-day,,2026-01-27\r\n" in out.getvalue()
            assert ",doc-time,doc-time,,2026-01-27T09:30:00\r\n" in out.getvalue()
        else:
            out = io.StringIO()
            with first.reading() as session:
                (exporter.write_json if fmt == "json" else exporter.write_jsonl)(session, out)
            target = tmp_path / f"export.{fmt}"
            target.write_text(out.getvalue(), encoding="utf-8")
            with second.writing() as session:
                import_file(session, target, "restore")
        assert exported_dates(second) == EXPECTED
    finally:
        first.dispose()
        second.dispose()


def test_cli_shows_a_date_as_a_date(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert run(db, "init")[0] == 0
    code, _, err = run(db, "-q", "documents", "add", "--title", "AP report", "--published", "2026-01-27", "--key", "doc-ap")
    assert code == 0, err
    code, out, _ = run(db, "documents", "list", "--json")
    assert json.loads(out)[0]["published_at"] == "2026-01-27"
    code, out, _ = run(db, "documents", "show", "doc-ap")
    assert "published: 2026-01-27\n" in out
    code, _, err = run(db, "-q", "export", "-o", str(tmp_path / "desk.json"))
    assert code == 0, err
    assert json.loads((tmp_path / "desk.json").read_text())["documents"][0]["published_at"] == "2026-01-27"


SEED = [
    "INSERT INTO documents (id, key, title, published_at, created_at, updated_at) VALUES "
    "(1, 'doc-day', 'Dated only', '2026-01-27 00:00:00', '2026-01-27', '2026-01-27'), "
    "(2, 'doc-time', 'Dated and timed', '2026-01-27 09:30:00', '2026-01-27', '2026-01-27'), "
    "(3, 'doc-none', 'Undated', NULL, '2026-01-27', '2026-01-27')",
]


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the revision before this one, with three documents."""
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        yield url


def test_the_revision_reads_a_stored_midnight_as_a_date(seeded_url: str) -> None:
    database = Database(seeded_url)
    upgrade_database(database)
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT key, published_precision FROM documents ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [("doc-day", "date"), ("doc-time", "datetime"), ("doc-none", None)]
    assert exported_dates(database) == {"doc-day": "2026-01-27", "doc-time": "2026-01-27T09:30:00", "doc-none": None}
    command.downgrade(alembic_config(database.engine), BEFORE)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM documents")).scalar_one() == 3
    database.dispose()
