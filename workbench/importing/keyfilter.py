"""Which claim and attribution keys an import needs to look up: a Bloom filter of known keys.

Why: on SQLite an import's writes run on a helper thread (``background``), and every
read on the import's connection first waits for them. Each batch of claims used to look all
its claim and attribution keys up (stored before? used earlier in this file? merged?), so
each batch waited for the previous batch's writes, and a large load read, checked and wrote
in turn instead of side by side: at 230,000 claims the reading thread spent 17 s of 128 s
waiting. A key the filter has never seen was neither stored before the import nor used
earlier in it, so it is new and needs no query; only real repeats and the rare false
positive (about one key in 15,000 at the filter's size) are looked up.

The filter can only say "new" if it holds every key stored before the import: true of an
empty database, and made true for an import at least as large as the database by reading the
stored keys once (``KeyFilter.for_import``). Otherwise it answers "maybe" for every key and
the import looks every key up, as it always did; a desk's daily file into a large database
is small, and its reads cost little.

Memory: 24 bits a key (3 bytes), 3 MB for a million claims, and never more than
``MAX_BYTES`` (4 MiB). It holds claim keys and the attribution keys a file gives; a derived
attribution key is known through its claim's key
(``plan_attributions.AttributionPlanner._maybe_stored``), which spares 5 MB and a
third of the hashing at a million claims. Keys are hashed with Python's ``hash`` (salted per
process, which is all an in-process filter needs).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from workbench.importing.tables import ATTRIBUTIONS, CLAIMS

BITS_PER_KEY = 24
MAX_BYTES = 4 << 20  # the filter's size at most: about 1.4 million keys at 24 bits each
# Half the optimum for 24 bits a key (14): a false positive rate of about 7e-5 instead of
# 1e-5 (a needless lookup for one new key in 15,000, not one in 90,000) for half the hashing,
# which is Python's and on the import's main thread (1.2 s of it at 100k claims).
HASHES = 7
SCAN_MINIMUM = 20_000  # an import smaller than this never reads the stored keys
_SALTS = {"claim": 0x5BD1E995, "attribution": 0x27D4EB2F}
_LOW32 = 0xFFFFFFFF


class KeyFilter:
    """A Bloom filter of claim and attribution keys; see the module docstring."""

    def __init__(self, expected_keys: int, *, complete: bool = True) -> None:
        self.complete = complete  # False: every key is "maybe known"
        # Capped, so an import's memory stays flat whatever the file size: past the cap the
        # filter only answers "maybe" more often, and those keys are looked up (slower, never wrong).
        self._size = min(max(1024, expected_keys * BITS_PER_KEY), MAX_BYTES * 8) if complete else 8
        self._bits = bytearray((self._size + 7) // 8)

    @classmethod
    def for_import(
        cls, connection: Connection, incoming_claims: int, incoming_attribution_keys: int, stored_claims: int
    ) -> KeyFilter:
        """The filter for one file: complete when the database is empty, or when the file is at
        least as large as it (the stored keys are then read once); else always "maybe"."""
        incoming = incoming_claims + incoming_attribution_keys
        if stored_claims == 0:
            return cls(incoming)
        if incoming_claims < max(SCAN_MINIMUM, stored_claims) or connection.dialect.name != "sqlite":
            return cls(0, complete=False)
        stored_attributions = connection.execute(select(func.max(ATTRIBUTIONS.c.id))).scalar() or 0
        keys = cls(incoming + stored_claims + stored_attributions)
        for kind, column in (("claim", CLAIMS.c.key), ("attribution", ATTRIBUTIONS.c.key)):
            result = connection.execute(select(column).execution_options(yield_per=10_000))
            for partition in result.scalars().partitions():
                keys.update(kind, partition)
        return keys

    def _positions(self, kind: str, key: str) -> tuple[int, int]:
        hashed = hash(key) ^ _SALTS[kind]
        return hashed & _LOW32, ((hashed >> 32) & _LOW32) | 1

    def add(self, kind: str, key: str) -> None:
        if not self.complete:
            return
        position, step = self._positions(kind, key)
        size, bits = self._size, self._bits
        for _ in range(HASHES):
            bit = position % size
            bits[bit >> 3] |= 1 << (bit & 7)
            position += step

    def update(self, kind: str, keys: Iterable[str]) -> None:
        """``add`` each of ``keys`` (inlined: it runs for every claim of an import, and the
        two calls a key cost as much as setting its bits)."""
        if not self.complete:
            return
        salt, size, bits = _SALTS[kind], self._size, self._bits
        for key in keys:
            hashed = hash(key) ^ salt
            position, step = hashed & _LOW32, ((hashed >> 32) & _LOW32) | 1
            for _ in range(HASHES):
                bit = position % size
                bits[bit >> 3] |= 1 << (bit & 7)
                position += step

    def might_contain(self, kind: str, key: str) -> bool:
        """False only for a key never added (so never stored, nor used in this import).

        (``_positions`` inlined: this runs for every attribution and claim of an import, most
        of them new keys answered at the first or second bit, where the call was a third of
        the time.)
        """
        if not self.complete:
            return True
        hashed = hash(key) ^ _SALTS[kind]
        position, step = hashed & _LOW32, ((hashed >> 32) & _LOW32) | 1
        size, bits = self._size, self._bits
        for _ in range(HASHES):
            bit = position % size
            if not bits[bit >> 3] & (1 << (bit & 7)):
                return False
            position += step
        return True

    def maybe_known(self, kind: str, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that may have been added: the only ones worth looking up."""
        if not self.complete:
            return set(keys)
        return {key for key in keys if self.might_contain(kind, key)}
