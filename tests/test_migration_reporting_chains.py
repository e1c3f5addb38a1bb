"""The reporting-chains revision on a database seeded at the revision before it, on SQLite and
PostgreSQL: the data moves as the issue says, nothing is lost, the triggers and views survive
the table copies, and opening the database afterwards leaves ``db check`` with nothing to say."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from support import BACKENDS, seed_at_revision, seeded_at_revision

from workbench.db.engine import Database
from workbench.db.migrate import alembic_config, current_revision, head_revision
from workbench.review import status
from workbench.review.opening import open_database, upgrade_database

BEFORE = "3162b2edcc44"
REVISION = "5e7a2c91b3d4"

# At the revision before: no affiliation kind, certainty, claim kind or flags yet. The stored
# statuses are what the earlier rules gave, so the upgrade has something to recompute.
SEED = [
    "INSERT INTO sources (id, key, name, kind, reliability, created_at, updated_at) VALUES "
    "(1, 'src-ap', 'Associated Press', 'media_outlet', 'B', '2026-01-27', '2026-01-27'), "
    "(2, 'src-sdf', 'Syrian Democratic Forces', 'organization', 'C', '2026-01-27', '2026-01-27'), "
    "(5, 'src-gov', 'Syrian government', 'government_body', 'C', '2026-01-27', '2026-01-27')",
    "INSERT INTO sources (id, key, name, kind, affiliation_id, reliability, created_at, updated_at) VALUES "
    "(3, 'src-fighters', 'SDF fighters at the base', 'unidentified', 2, 'F', '2026-01-27', '2026-01-27'), "
    "(4, 'src-ali', 'Ahmed Ali', 'person', 2, 'F', '2026-01-27', '2026-01-27'), "
    "(6, 'src-mod', 'Syrian Ministry of Defense', 'government_body', 5, 'C', '2026-01-27', '2026-01-27')",
    "INSERT INTO documents (id, key, title, outlet_id, published_at, created_at, updated_at) VALUES "
    "(1, 'doc-ap', 'AP report', 1, '2026-01-27 00:00:00', '2026-01-27', '2026-01-27')",
    "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) VALUES "
    "(1, 'claim-equipment', 'Russian forces moved their equipment out', 'unreviewed', 'single_source', 1, 1, "
    "'2026-01-27', '2026-01-27'), "
    "(2, 'claim-extension', 'The ceasefire was extended by 15 days', 'unreviewed', 'single_source', 1, 1, "
    "'2026-01-27', '2026-01-27'), "
    "(3, 'claim-no-extension', 'The ceasefire was not extended', 'unreviewed', 'unsourced', 0, 1, "
    "'2026-01-27', '2026-01-27')",
    "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, credibility, created_at, "
    "updated_at) VALUES "
    "(1, 'a-1', 1, 3, 1, 'asserts', 'paraphrase', 6, '2026-01-27', '2026-01-27'), "
    "(2, 'a-2', 1, 4, 1, 'asserts', 'paraphrase', 6, '2026-01-27', '2026-01-27'), "
    "(3, 'a-3', 2, 6, 1, 'asserts', 'official_statement', 6, '2026-01-27', '2026-01-27')",
    "INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, created_at) VALUES "
    "(1, 3, 2, 'contradicts', '2026-01-27'), (2, 1, 2, 'supports', '2026-01-27')",
]
TABLES = ["sources", "documents", "claims", "attributions", "claim_links"]


@pytest.fixture(params=BACKENDS)
def seeded_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the revision before this one, with the seed above."""
    with seeded_at_revision(request.param, tmp_path, BEFORE, SEED) as url:
        yield url


def _counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}


def test_the_upgrade_moves_the_data_and_keeps_every_row(seeded_url: str) -> None:
    database = Database(seeded_url)
    before = _counts(database)
    reported: list[str] = []
    upgrade_database(database, report=reported.append)
    assert current_revision(database.engine) == head_revision()  # this revision, or one after it
    assert _counts(database) == before
    with database.engine.connect() as connection:
        kinds = {row.key: row.affiliation_kind for row in connection.execute(text("SELECT key, affiliation_kind FROM sources ORDER BY id"))}
        assert kinds == {
            "src-ap": "member_of",
            "src-sdf": "member_of",
            "src-fighters": "member_of",
            "src-ali": "member_of",
            "src-gov": "member_of",
            "src-mod": "speaks_for",  # made an official statement: speaks for its government
        }
        assert set(connection.execute(text("SELECT DISTINCT kind FROM claims")).scalars()) == {"event"}
        certainty = connection.execute(text("SELECT DISTINCT certainty, certainty_inferred FROM attributions")).all()
        assert [(c, bool(i)) for c, i in certainty] == [("stated", False)]
        overview = connection.execute(
            text("SELECT claim_key, status, origins, kind, disputed_by FROM claim_overview ORDER BY claim_id")
        ).all()
        details = connection.execute(
            text("SELECT attribution_id, certainty, affiliation_kind FROM attribution_details ORDER BY attribution_id")
        ).all()
    # Recomputed on upgrade: the unnamed fighters are AP's reporting, Ahmed Ali the SDF's.
    assert [tuple(row) for row in overview] == [
        ("claim-equipment", "corroborated", 2, "event", None),
        ("claim-extension", "single_source", 1, "event", None),
        ("claim-no-extension", "unsourced", 0, "event", "claim-extension"),  # the ministry asserts the other
    ]
    assert [tuple(row) for row in details] == [(1, "stated", "member_of"), (2, "stated", "member_of"), (3, "stated", "speaks_for")]
    assert any("recomputed the stored status of 2 claim" in line for line in reported)
    with database.reading() as session:
        assert status.find_mismatches(session) == []
        assert status.count_mismatches(session) == []
    database.dispose()


def test_flags_and_counts_follow_after_the_upgrade(seeded_url: str) -> None:
    """The count triggers and the new relations work on the upgraded tables."""
    database = Database(seeded_url)
    upgrade_database(database)

    def fixed() -> dict[int, str | None]:
        with database.writing() as session:
            found = {m.claim_id: m.computed_flags for m in status.find_mismatches(session, fix=True)}
        with database.reading() as session:
            assert status.find_mismatches(session) == []
            assert status.count_mismatches(session) == []  # the update trigger survived the table copy
        return found

    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO attributions (id, key, claim_id, source_id, stance, mode, credibility, created_at, updated_at) "
                "VALUES (4, 'a-4', 3, 1, 'asserts', 'own_observation', 6, '2026-01-28', '2026-01-28')"
            )
        )
    # Claim 3 gains an origin (its status changes), and with it disputes claim 2.
    assert fixed() == {2: "disputed by claim-no-extension", 3: "disputed by claim-extension"}
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, created_at) "
                 "VALUES (3, 2, 3, 'supersedes', '2026-01-28')")
        )
    # The extension replaces the report it contradicted: that report disputes it no more.
    assert fixed() == {2: None, 3: "disputed by claim-extension; superseded by claim-extension"}
    with database.engine.connect() as connection:
        flagged = connection.execute(
            text("SELECT claim_key, disputed_by, superseded_by FROM claim_overview WHERE disputed_by IS NOT NULL "
                 "OR superseded_by IS NOT NULL ORDER BY claim_id")
        ).all()
    assert [tuple(row) for row in flagged] == [("claim-no-extension", "claim-extension", "claim-extension")]
    database.dispose()


def test_opening_an_older_file_upgrades_and_recomputes(tmp_path: Path) -> None:
    url = seed_at_revision(f"sqlite:///{tmp_path / 'old.db'}", BEFORE, SEED)
    reported: list[str] = []
    database = open_database(str(tmp_path / "old.db"), report=reported.append)
    assert reported[0].startswith(f"upgraded database from {BEFORE} to {head_revision()} (backup: ")
    assert reported[1] == "recomputed the stored status of 2 claim(s) under this workbench's rules"
    with database.reading() as session:
        assert status.find_mismatches(session) == []
    database.dispose()
    assert url.endswith("old.db")


def test_the_downgrade_gives_back_the_earlier_schema(seeded_url: str) -> None:
    database = Database(seeded_url)
    upgrade_database(database)
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO claim_links (id, from_claim_id, to_claim_id, relation, created_at) "
                 "VALUES (3, 2, 3, 'fulfils', '2026-01-28')")
        )
    command.downgrade(alembic_config(database.engine), BEFORE)
    with database.engine.connect() as connection:
        relations = set(connection.execute(text("SELECT relation FROM claim_links")).scalars())
        columns = set(connection.execute(text("SELECT * FROM claim_overview")).keys())
    assert relations == {"contradicts", "supports"}
    assert "kind" not in columns and "disputed_by" not in columns
    assert _counts(database)["attributions"] == 3
    database.dispose()


def test_the_table_copies_keep_autoincrement_and_their_counters(tmp_path: Path) -> None:
    """SQLite: the rebuilt tables still never hand out an id twice, up and down (an id freed
    by an undo before the upgrade stays used)."""
    url = seed_at_revision(f"sqlite:///{tmp_path / 'ids.db'}", BEFORE, SEED)
    database = Database(url)
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
            "VALUES (9, 'claim-gone', 'Undone', 'unreviewed', 'unsourced', 0, 1, '2026-01-27', '2026-01-27')"
        )
        connection.exec_driver_sql("DELETE FROM claims WHERE id = 9")

    def counters() -> dict[str, int]:
        with database.engine.connect() as connection:
            return dict(connection.exec_driver_sql("SELECT name, seq FROM sqlite_sequence").all())

    def autoincrement() -> set[str]:
        with database.engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all()
        return {name for name, sql in rows if "AUTOINCREMENT" in sql.upper()}

    before = counters()
    assert before["claims"] == 9
    upgrade_database(database)
    assert {"sources", "claims", "attributions", "claim_links"} <= autoincrement()
    assert all(counters()[table] >= seq for table, seq in before.items())
    command.downgrade(alembic_config(database.engine), BEFORE)
    assert {"sources", "claims", "attributions", "claim_links"} <= autoincrement()
    assert counters()["claims"] == 9
    database.dispose()
