"""Which claim and attribution keys an import needs to look up.

Why: on SQLite an import's writes run on a helper thread (``background``), and every
read on the import's connection first waits for them. Each batch of claims used to look all
its claim and attribution keys up (stored before? used earlier in this file? merged?), so
each batch waited for the previous batch's writes, and a large load read, checked and wrote
in turn instead of side by side: at 230,000 claims the reading thread spent 17 s of 128 s
waiting. Only two kinds of key can be known already, and only those are looked up:

- a key that an earlier record of the same file used. Which claims repeat a key is worked out
  while the file is read, in file order (``RepeatedKeys``, a Bloom filter that lives only as
  long as the reading): what the import keeps is two bits a claim. Until 2026-12-07 the
  filter of the file's keys was held, and grown, while the claims were written, where the
  import's memory peaks: 3 MB of the peak at a million claims, 0.75 MB at 250,000.
- a key stored before the import. When the database is empty nothing is; when the file is at
  least as large as the database, the stored keys are read once into a ``KeyFilter``
  (``KnownKeys.for_import``); otherwise every key is "maybe" and is looked up, as it always
  was (a desk's daily file into a large database is small, and its reads cost little).

A false "maybe" (about one key in 15,000 in a filter at its size) costs one needless lookup;
a false "new" would store a duplicate, and cannot happen: a Bloom filter never forgets a key.
Keys are hashed with Python's ``hash`` (salted per process, which is all an in-process filter
needs: a reading worker sends its stretch's keys, and this process hashes them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

BITS_PER_KEY = 24
MAX_BYTES = 4 << 20  # the filter's size at most: about 1.4 million keys at 24 bits each
# Half the optimum for 24 bits a key (14): a false positive rate of about 7e-5 instead of
# 1e-5 (a needless lookup for one new key in 15,000, not one in 90,000) for half the hashing,
# which is Python's and on the import's main thread (1.2 s of it at 100k claims).
HASHES = 7
# While a file is read the filter is not part of the import's peak (the claims are written
# later), so it gets more bits a key: it grows as the file does (``RepeatedKeys``), and each
# step adds its own false positives.
READING_BITS_PER_KEY = 32
READING_FIRST_KEYS = 16_384  # the first step's size; each later one is four times larger
READING_MAX_BYTES = 8 << 20
SCAN_MINIMUM = 20_000  # an import smaller than this never reads the stored keys
_SALTS = {"claim": 0x5BD1E995, "attribution": 0x27D4EB2F}
_LOW32 = 0xFFFFFFFF


class KeyFilter:
    """A Bloom filter of claim and attribution keys; see the module docstring."""

    def __init__(
        self, expected_keys: int, *, complete: bool = True, bits_per_key: int = BITS_PER_KEY, max_bytes: int = MAX_BYTES
    ) -> None:
        self.complete = complete  # False: every key is "maybe known"
        # Capped, so an import's memory stays flat whatever the file size: past the cap the
        # filter only answers "maybe" more often, and those keys are looked up (slower, never wrong).
        self._size = min(max(1024, expected_keys * bits_per_key), max_bytes * 8) if complete else 8
        self._bits = bytearray((self._size + 7) // 8)

    @property
    def size_in_bytes(self) -> int:
        return len(self._bits)

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



class RepeatedKeys:
    """Which of a file's claims use a key that an earlier record of the file used: their claim
    key, or one of the attribution keys they give. Fed every spooled claim in file order
    while the file is read (``prepared.Spool``); ``done_reading`` lets go of the filter and
    keeps two bits a claim (250 KB at a million claims).

    The filter grows with the file (its size is not known until the file is read): a new
    step, four times larger, once the last one holds the keys it was sized for. A key is
    checked against every step and added to the newest. Past ``READING_MAX_BYTES`` the last
    step takes every further key and answers "maybe" more often (looked up, never wrong).
    """

    CLAIM_KEY = 1  # the claim's key may repeat an earlier claim's
    GIVEN_ATTRIBUTION_KEY = 2  # one of the attribution keys it gives may repeat an earlier one

    def __init__(self) -> None:
        self._steps: list[KeyFilter] = []
        self._room = 0  # keys the newest step can still take at its size
        self._bytes = 0
        self._flags = bytearray()  # two bits a claim, four claims a byte
        self.claims = 0
        self.gives_derived_like_keys = False  # an attribution key given in the file looks derived

    def add(self, claim_key: str, attribution_keys: Sequence[str] = ()) -> None:
        """The next claim of the file: its key and the attribution keys it gives."""
        flags = self.CLAIM_KEY if self._seen("claim", claim_key) else 0
        for key in attribution_keys:
            if self._seen("attribution", key):
                flags |= self.GIVEN_ATTRIBUTION_KEY
        index = self.claims
        if index % 4 == 0:
            self._flags.append(0)
        if flags:
            self._flags[index >> 2] |= flags << ((index & 3) * 2)
        self.claims += 1

    def done_reading(self) -> None:
        """The file is read: let go of the filter (the bits stay)."""
        self._steps = []
        self._room = 0

    def flags(self, index: int) -> int:
        """``CLAIM_KEY`` and ``GIVEN_ATTRIBUTION_KEY`` bits of the ``index``-th claim of the file."""
        return (self._flags[index >> 2] >> ((index & 3) * 2)) & 3

    @property
    def filter_bytes(self) -> int:
        return self._bytes

    def _seen(self, kind: str, key: str) -> bool:
        """Whether ``key`` may have been added before; added if not."""
        for step in self._steps:
            if step.might_contain(kind, key):
                return True
        if self._room <= 0:
            self._grow()
        self._steps[-1].add(kind, key)
        self._room -= 1
        return False

    def _grow(self) -> None:
        keys = READING_FIRST_KEYS << (2 * len(self._steps))
        left = READING_MAX_BYTES - self._bytes
        if self._steps and left < 1024:  # at the cap: the last step takes every further key
            self._room = 1 << 62
            return
        step = KeyFilter(keys, bits_per_key=READING_BITS_PER_KEY, max_bytes=left)
        self._steps.append(step)
        self._bytes += step.size_in_bytes
        self._room = keys


class KnownKeys:
    """Which keys of a batch of claims must be looked up (see the module docstring): those
    its file repeats (``RepeatedKeys``) and those a filter of the stored keys may hold.

    ``begin_batch`` is told the batch's place in the file; the questions after it are about
    that batch's claims.
    """

    def __init__(self, repeats: RepeatedKeys | None, stored: KeyFilter | None) -> None:
        # ``repeats`` None: not known, every key is "maybe". ``stored`` None: nothing stored.
        self.repeats = repeats
        self.stored = stored
        self._claims: set[str] = set()  # this batch's claim keys that may be known
        self._giving: set[str] = set()  # its claims whose given attribution keys may repeat

    @classmethod
    def everything(cls) -> KnownKeys:
        """Every key "maybe known": all are looked up."""
        return cls(None, KeyFilter(0, complete=False))

    @property
    def complete(self) -> bool:
        """Whether some key can be called new without a lookup."""
        return self.repeats is not None and (self.stored is None or self.stored.complete)

    @classmethod
    def for_import(
        cls, connection: Connection, repeats: RepeatedKeys, incoming_claims: int, stored_claims: int
    ) -> KnownKeys:
        """The keys to look up for one file: its repeats, and for stored keys, nothing when the
        database is empty, a filter of them read once when the file is at least as large as
        the database, else every key."""
        repeats.done_reading()
        if repeats.claims != incoming_claims:  # not every spooled claim was seen: ask for all
            return cls.everything()
        if stored_claims == 0:
            return cls(repeats, None)
        if incoming_claims < max(SCAN_MINIMUM, stored_claims) or connection.dialect.name != "sqlite":
            return cls.everything()
        from sqlalchemy import func, select  # here: the reading side loads this module without SQLAlchemy

        from workbench.importing.tables import ATTRIBUTIONS, CLAIMS

        stored_attributions = connection.execute(select(func.max(ATTRIBUTIONS.c.id))).scalar() or 0
        keys = KeyFilter(stored_claims + stored_attributions)
        for kind, column in (("claim", CLAIMS.c.key), ("attribution", ATTRIBUTIONS.c.key)):
            result = connection.execute(select(column).execution_options(yield_per=10_000))
            for partition in result.scalars().partitions():
                keys.update(kind, partition)
        return cls(repeats, keys)

    def begin_batch(self, first_index: int, claim_keys: Sequence[str]) -> set[str]:
        """The claim keys of a batch (the file's claims from ``first_index`` on, in order) that
        may be known: only these are worth looking up."""
        repeats, stored = self.repeats, self.stored
        if repeats is None or (stored is not None and not stored.complete):
            self._claims = set(claim_keys)
            self._giving = set(claim_keys)
            return set(self._claims)
        claims: set[str] = set()
        giving: set[str] = set()
        for index, key in enumerate(claim_keys, first_index):
            flags = repeats.flags(index)
            if flags & RepeatedKeys.CLAIM_KEY or (stored is not None and stored.might_contain("claim", key)):
                claims.add(key)
            if flags & RepeatedKeys.GIVEN_ATTRIBUTION_KEY:
                giving.add(key)
        self._claims, self._giving = claims, giving
        return set(claims)

    def derived_may_be_known(self, claim_key: str, attribution_key: str) -> bool:
        """Whether an attribution key derived under ``claim_key`` (this batch's) may be known.

        A derived key (``attribution_keys.derived_key``: a hash of the claim's key and the
        attribution's values) can only have been used before under the same claim key, or be
        stored, or repeat a key the file gives in that shape (an export's); the filters hold
        no derived key of the file, which spares a hash an attribution.
        """
        if claim_key in self._claims:
            return True
        if self.repeats is None or self.repeats.gives_derived_like_keys:
            return True
        return self.stored is not None and self.stored.might_contain("attribution", attribution_key)

    def given_may_be_known(self, claim_key: str, attribution_key: str) -> bool:
        """Whether an attribution key given by a claim of this batch may be known."""
        if claim_key in self._giving:
            return True
        return self.stored is not None and self.stored.might_contain("attribution", attribution_key)
