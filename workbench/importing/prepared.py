"""A file read and validated, ready to apply: its valid records in a spool, by kind.

The spool keeps pickled batches in unnamed temporary files, one per kind of record, so memory
stays flat whatever the file's size, stdin can be applied after it has been read, and the
second phase can apply sources and documents before the claims that name them, wherever they
appear in the file. An unnamed temporary file disappears when the process dies, even by
``kill -9``.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TypeVar, cast

from workbench.attribution_keys import looks_derived
from workbench.formats.interchange import ClaimSpec, DocumentSpec, LinkSpec, SourceSpec, Spec
from workbench.importing.keyfilter import RepeatedKeys
from workbench.importing.rejects import Problem, Rejects

KINDS = ("source", "document", "claim", "link")
KIND_NAMES: dict[type, str] = {SourceSpec: "source", DocumentSpec: "document", ClaimSpec: "claim", LinkSpec: "link"}
_SPOOL_BATCH = 1000

SpecT = TypeVar("SpecT", SourceSpec, DocumentSpec, ClaimSpec, LinkSpec)


def kind_of(spec: Spec) -> str:
    if isinstance(spec, ClaimSpec):
        return "claim"
    if isinstance(spec, SourceSpec):
        return "source"
    if isinstance(spec, DocumentSpec):
        return "document"
    return "link"


class Spool:
    """Validated records by kind, in file order; in memory while small, then in temp files.

    Each item is ``(spec, raw)``: ``raw`` is the record's text as read (kept only when
    rejected records are written out, so they can be fixed and imported again).
    """

    def __init__(self, keep_raw: bool = False) -> None:
        self.keep_raw = keep_raw
        self.counts = dict.fromkeys(KINDS, 0)
        self.attribution_keys = 0  # given in the spooled claims
        self.repeats = RepeatedKeys()  # which spooled claims repeat a key (``keyfilter``)
        self._buffers: dict[str, list[tuple[Spec, str | None]]] = {kind: [] for kind in KINDS}
        self._files: dict[str, IO[bytes]] = {}

    def add(self, spec: Spec, raw: str | None = None) -> None:
        kind = kind_of(spec)
        buffer = self._buffers[kind]
        buffer.append((spec, raw if self.keep_raw else None))
        self.counts[kind] += 1
        if isinstance(spec, ClaimSpec):
            given = [a.key for a in spec.attributions if a.key is not None]
            self.attribution_keys += len(given)
            self._claim_keys(spec.key, given)
        if len(buffer) >= _SPOOL_BATCH:
            self._flush(kind)

    def _claim_keys(self, claim_key: str, given: list[str]) -> None:
        """Note a spooled claim's key and the attribution keys it gives, in file order."""
        self.repeats.add(claim_key, given)
        if given and not self.repeats.gives_derived_like_keys and any(map(looks_derived, given)):
            self.repeats.gives_derived_like_keys = True

    def _flush(self, kind: str) -> None:
        buffer = self._buffers[kind]
        if not buffer:
            return
        if kind not in self._files:
            self._files[kind] = tempfile.TemporaryFile(prefix="workbench-import-")  # noqa: SIM115 - the spool outlives this call; close() ends it
        pickle.dump(buffer, self._files[kind], protocol=pickle.HIGHEST_PROTOCOL)
        self._buffers[kind] = []

    def add_pickled(
        self,
        batches: dict[str, list[bytes]],
        counts: dict[str, int],
        attribution_keys: int,
        claim_keys: list[tuple[str, list[str]]],
    ) -> None:
        """Add records another spool pickled (``parallel_reading``'s worker), after every record
        added so far; ``claim_keys``: each of its claims' key and given attribution keys, in order."""
        for claim_key, given in claim_keys:
            self._claim_keys(claim_key, given)
        for kind, blobs in batches.items():
            self._flush(kind)
            if kind not in self._files:
                self._files[kind] = tempfile.TemporaryFile(prefix="workbench-import-")  # noqa: SIM115 - the spool outlives this call; close() ends it
            for blob in blobs:
                self._files[kind].write(blob)
        for kind, count in counts.items():
            self.counts[kind] += count
        self.attribution_keys += attribution_keys

    def batches(self, kind: type[SpecT]) -> Iterator[list[tuple[SpecT, str | None]]]:
        """The records of one kind (``SourceSpec``...) in file order, in batches (re-entrant: a
        scan may nest)."""
        name = KIND_NAMES[kind]
        spool = self._files.get(name)
        if spool is not None:
            spool.flush()
            with open(os.dup(spool.fileno()), "rb", closefd=True) as reader:
                # A dup shares the file position: keep our own and seek before each read.
                position = 0
                while True:
                    reader.seek(position)
                    try:
                        batch = pickle.load(reader)
                    except EOFError:
                        break
                    position = reader.tell()
                    yield batch
        if self._buffers[name]:
            # ``add`` files every spec under its own kind, so this buffer holds only ``kind``.
            yield cast(list[tuple[SpecT, str | None]], list(self._buffers[name]))

    def close(self) -> None:
        for spool in self._files.values():
            spool.close()
        self._files.clear()
        self._buffers = {kind: [] for kind in KINDS}


@dataclass
class PreparedFile:
    """A file read and validated, ready to apply: its valid records are in the spool."""

    name: str
    format: str
    spool: Spool
    rejects: Rejects
    records_read: int = 0
    rejected: int = 0
    header_seen: bool = False
    exact_copy: bool = False  # "exact_copy": true in the file: restore by key, never match

    def reject(self, line: int | None, field_name: str, reason: str, record: str | None = None) -> None:
        self.rejects.add(Problem(self.name, line, field_name, reason, record))
        self.rejected += 1

    def close(self) -> None:
        self.spool.close()
