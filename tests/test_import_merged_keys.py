"""The import's table of merged claim keys: clustered on the key, with a small page cache that
is given back after the import (SQLite)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert

from workbench.db.opening import open_database
from workbench.importing.merged import MERGED_KEYS, TEMP_CACHE_KIB, MergedKeys


def test_merged_keys_are_clustered_found_and_the_temp_cache_given_back(tmp_path: Path) -> None:
    database = open_database(str(tmp_path / "desk.db"))
    try:
        with database.writing() as session:
            connection = session.connection()
            before = connection.exec_driver_sql("PRAGMA temp.cache_size").scalar_one()
            merged = MergedKeys(connection)
            merged.create()
            assert connection.exec_driver_sql("PRAGMA temp.cache_size").scalar_one() == -TEMP_CACHE_KIB
            sql = connection.exec_driver_sql(
                "SELECT sql FROM temp.sqlite_master WHERE name = 'import_merged_keys'"
            ).scalar_one()
            assert sql.endswith("WITHOUT ROWID")
            merged.add("claim-7", 3)
            connection.execute(insert(MERGED_KEYS), merged.take_rows())
            merged.add("claim-9", 4)  # this batch's, not yet written
            assert merged.find({"claim-7", "claim-9", "claim-8"}) == {"claim-7": 3, "claim-9": 4}
            merged.drop()
            assert connection.exec_driver_sql("PRAGMA temp.cache_size").scalar_one() == before
            # A failed import gives the cache back without dropping the table (its rollback does).
            merged.create()
            merged.restore_cache()
            assert connection.exec_driver_sql("PRAGMA temp.cache_size").scalar_one() == before
    finally:
        database.dispose()
