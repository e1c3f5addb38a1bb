"""Sources and documents of an import found by key: the ids its records refer to."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from workbench.db.batches import in_wanted, wanted
from workbench.formats.interchange import Invalid
from workbench.importing.tables import CACHE_LIMIT, DOCUMENTS, SOURCES, chunks

# Ids by key, a chunk of keys at a time (``db.batches.wanted``: built once).
_SOURCE_IDS = select(SOURCES.c.id, SOURCES.c.key).where(SOURCES.c.key.in_(wanted()))
_DOCUMENT_IDS = select(DOCUMENTS.c.id, DOCUMENTS.c.key).where(DOCUMENTS.c.key.in_(wanted()))


class KeyLookups:
    """Ids by key, stored or created by this import, looked up a batch at a time and cached.

    The caches start over when they pass ``CACHE_LIMIT`` entries (memory is budgeted): what a
    batch needs is looked up again before it is used.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.source_ids: dict[str, int] = {}
        # Keys by id, only of sources an attribution names by name (``source_key``): held for
        # every source, it was 0.3 MB of a million-claim import's peak, for 10,000 sources.
        self.source_keys: dict[int, str] = {}
        self.document_ids: dict[str, int] = {}

    def remember_source(self, key: str, source_id: int, *, named: bool = False) -> None:
        """Note a source's id; ``named``: created for an attribution that names it by name,
        which asks for its key next (``source_key``)."""
        self.source_ids[key] = source_id
        if named:
            self.source_keys[source_id] = key

    def forget(self) -> None:
        """Let go of every cached id (see ``FileWriter._claims_written``): later lookups read
        them again."""
        self.source_ids.clear()
        self.source_keys.clear()
        self.document_ids.clear()

    def find_sources(self, keys: Iterable[str]) -> None:
        """Look up the sources of these keys not cached yet."""
        if len(self.source_ids) > CACHE_LIMIT:  # start over first: what this batch needs is reloaded
            self.source_ids.clear()
        missing = sorted({k for k in keys if k not in self.source_ids})
        for chunk in chunks(missing):
            for row in self.connection.execute(_SOURCE_IDS, in_wanted(chunk)):
                self.source_ids[row.key] = row.id

    def find_documents(self, keys: Iterable[str]) -> None:
        """Look up the documents of these keys not cached yet."""
        if len(self.document_ids) > CACHE_LIMIT:  # start over first: what this batch needs is reloaded
            self.document_ids.clear()
        missing = sorted({k for k in keys if k not in self.document_ids})
        for chunk in chunks(missing):
            for row in self.connection.execute(_DOCUMENT_IDS, in_wanted(chunk)):
                self.document_ids[row.key] = row.id

    def source_id(self, key: str, line: int | None, where: str) -> int:
        """The id of the source ``key`` names; ``Invalid`` (at ``line``, ``where``) if none."""
        if key not in self.source_ids:
            self.find_sources([key])
        if key not in self.source_ids:
            raise Invalid(line, where, f"unknown source key {key!r} (not in this file or the database)")
        return self.source_ids[key]

    def document_id(self, key: str, line: int | None, where: str) -> int:
        """The id of the document ``key`` names; ``Invalid`` (at ``line``, ``where``) if none."""
        if key not in self.document_ids:
            self.find_documents([key])
        if key not in self.document_ids:
            raise Invalid(line, where, f"unknown document key {key!r} (not in this file or the database)")
        return self.document_ids[key]

    def source_key(self, source_id: int) -> str:
        """The key of a source known by id (a source matched by name)."""
        if source_id not in self.source_keys:
            self.source_keys[source_id] = self.connection.execute(
                select(SOURCES.c.key).where(SOURCES.c.id == source_id)
            ).scalar_one()
        return self.source_keys[source_id]
