"""Candidate pairs for the duplicate finder: MinHash LSH bands and skeletons, in numpy.

Comparing every pair of 100,000 claims takes hours (5 billion pairs); ``candidate_pairs``
returns the few million worth scoring, as sorted unique codes ``i * n + j`` (i < j):

- **MinHash bands.** Each claim's match-key words, minus those in more than ``max_df`` of the
  claims, get a signature of ``bands * rows`` values: for each of the ``bands * rows`` hash
  functions, the smallest hash of the claim's words. Claims agreeing on all ``rows`` values of
  a band share a bucket. Two claims whose word sets have Jaccard similarity *J* meet with
  probability ``1 - (1 - J**rows) ** bands`` (0.96 at J = 1/3 and 0.9998 at J = 1/2 with the
  defaults, 30 bands of 2 rows).
- **Skeletons.** Claims made of exactly the same common words, names aside, are paired too:
  they read alike and differ only in their rare words, which is what a changed place or name
  looks like ("14 detainees released in Maqa" / "340 detainees released in Tal Dush").

Everything that grows with the number of claims (each claim's words as ids in a
``WordTable``, hashes, signatures, buckets, pairs) is a numpy array, so the Python loop runs
once per distinct word and once per band, never per pair:
at 100,000 claims blocking takes a second or two where a ``set`` of Python ints took a minute.
Hash functions are ``(a * x + b) mod p`` over one BLAKE2b value per word, with seeded ``a``
and ``b``: the same words give the same candidates on every run and machine.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Progress = Callable[[str, int, int], None]  # (stage, done, total)

_PRIME = 4_294_967_311  # the smallest prime above 2**32
_SMALL_RUN = 64  # buckets up to this size are paired by shifting, larger ones one by one
_HASH_BLOCK = 1 << 16  # words hashed at a time


@dataclass(frozen=True)
class BlockingParameters:
    """How candidates are blocked (see the module docs). The defaults suit claims of 5-60 words."""

    bands: int = 30
    rows: int = 2
    max_df: float = 0.0  # a word in more than this share of claims is left out of the signature...
    min_df_cap: int = 100  # ...or in more than this many claims, whichever is larger
    max_bucket: int = 2000  # larger buckets are split by id order (a flood of copies, not a signal)
    skeleton_words: int = 3  # common words a claim needs before its skeleton is a blocking key


DEFAULT_BLOCKING = BlockingParameters()


@dataclass(frozen=True)
class WordTable:
    """Each claim's distinct match words, as ids into ``vocabulary``, in flat arrays.

    Why not a ``frozenset`` of strings a claim: at a million claims those sets took about
    950 MB (a set of a dozen words is some 700 bytes), and blocking only ever asks which
    words a claim has, how many claims have each word, and which of a claim's words are names.
    Here that is four bytes a word and one a name flag.
    """

    vocabulary: list[str]  # id -> word
    words: npt.NDArray[np.int32]  # claim i's word ids, ascending: words[starts[i]:starts[i + 1]]
    starts: npt.NDArray[np.int64]  # n + 1 offsets
    names: npt.NDArray[np.bool_]  # beside each word: written with a capital in that claim

    @property
    def claims(self) -> int:
        return len(self.starts) - 1


class WordTableBuilder:
    """Builds a ``WordTable`` a claim at a time (in claim order)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._words = array("i")
        self._names = array("b")
        self._starts = array("q", [0])

    def add(self, tokens: Iterable[str], names: Iterable[str] = ()) -> None:
        """The next claim: its match tokens (repeats allowed) and those of them that are names."""
        ids = self._ids
        new_id = ids.setdefault
        claim = sorted({new_id(token, len(ids)) for token in tokens})
        self._words.extend(claim)
        name_ids = {ids[name] for name in names if name in ids}
        self._names.extend([word in name_ids for word in claim] if name_ids else bytes(len(claim)))
        self._starts.append(len(self._words))

    def build(self) -> WordTable:
        return WordTable(
            vocabulary=list(self._ids),  # insertion order is id order
            words=np.frombuffer(self._words, dtype=np.int32) if self._words else np.empty(0, dtype=np.int32),
            starts=np.frombuffer(self._starts, dtype=np.int64),
            names=np.frombuffer(self._names, dtype=np.int8).astype(bool) if self._names else np.empty(0, dtype=bool),
        )


def word_table(token_sets: Sequence[Iterable[str]], name_sets: Sequence[Iterable[str]] | None = None) -> WordTable:
    """A ``WordTable`` of claims given as sets of words (and, optionally, their names)."""
    builder = WordTableBuilder()
    for index, tokens in enumerate(token_sets):
        builder.add(tokens, name_sets[index] if name_sets is not None else ())
    return builder.build()


def candidate_pairs(
    token_sets: Sequence[frozenset[str]],
    parameters: BlockingParameters,
    report: Progress | None = None,
    name_sets: Sequence[frozenset[str]] | None = None,
) -> npt.NDArray[np.int64]:
    """``candidate_pairs_of`` claims given as sets of words; ``name_sets`` holds each claim's
    words written with a capital."""
    return candidate_pairs_of(word_table(token_sets, name_sets), parameters, report)


def candidate_pairs_of(
    table: WordTable, parameters: BlockingParameters, report: Progress | None = None
) -> npt.NDArray[np.int64]:
    """Sorted unique codes ``i * n + j`` (i < j) of pairs sharing a band's bucket or a skeleton.

    A claim's names (``WordTable.names``) are left out of its skeleton.
    """
    report = report or (lambda stage, done, total: None)
    n = table.claims
    if n < 2:
        return np.empty(0, dtype=np.int64)
    frequencies = np.bincount(table.words, minlength=len(table.vocabulary))  # a claim's ids are distinct
    max_df = max(parameters.min_df_cap, int(parameters.max_df * n))
    common = frequencies > max_df
    claim_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(table.starts))  # beside each word
    found: list[npt.NDArray[np.int64]] = [_skeleton_pairs(table, common, claim_of, parameters)]
    signatures, has_signature = _signatures(table, frequencies, common, claim_of, parameters, report)
    rows_of = np.flatnonzero(has_signature)
    for band in range(parameters.bands):
        columns = signatures[rows_of, band * parameters.rows : (band + 1) * parameters.rows]
        keys = np.zeros(len(rows_of), dtype=np.uint64)
        for column in range(columns.shape[1]):  # wraps around past 2**64: still a fine bucket key
            keys = keys * np.uint64(_PRIME) + columns[:, column].astype(np.uint64)
        found.append(_bucket_pairs(keys, rows_of, n, parameters.max_bucket))
        report("blocking", band + 1, parameters.bands)
    codes = np.concatenate(found)
    codes.sort()  # a sort and a shifted compare: several times faster than np.unique's hashing here
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))] if len(codes) else codes


def _signatures(
    table: WordTable,
    frequencies: npt.NDArray[np.int64],
    common: npt.NDArray[np.bool_],
    claim_of: npt.NDArray[np.int64],
    parameters: BlockingParameters,
    report: Progress,
) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.bool_]]:
    """Each claim's MinHash signature (one row per claim) and whether it has one.

    A claim is signed by its words in no more than ``max_df`` claims; one made only of common
    words by its two rarest (ties: the word first in code-point order), so it still meets its
    twins.
    """
    n = table.claims
    kept = ~common[table.words]
    counts = np.bincount(claim_of[kept], minlength=n)
    lengths = np.diff(table.starts)
    only_common = np.flatnonzero((counts == 0) & (lengths > 0))
    if len(only_common):
        rank = np.empty(len(table.vocabulary), dtype=np.int64)
        rank[sorted(range(len(table.vocabulary)), key=table.vocabulary.__getitem__)] = np.arange(len(table.vocabulary))
        for claim in only_common.tolist():
            lo, hi = int(table.starts[claim]), int(table.starts[claim + 1])
            ids = table.words[lo:hi]
            rarest = np.lexsort((rank[ids], frequencies[ids]))[:2]
            kept[lo + rarest] = True
        counts = np.bincount(claim_of[kept], minlength=n)
    ids = table.words[kept]
    report("hashing", 0, n)
    base = np.fromiter(
        (int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=4).digest(), "little") for w in table.vocabulary),
        dtype=np.uint64,
        count=len(table.vocabulary),
    )
    permutations = parameters.bands * parameters.rows
    seeds = np.random.default_rng(20261204)
    a = seeds.integers(1, 2**31, size=permutations, dtype=np.uint64)  # a * x stays below 2**63
    b = seeds.integers(0, _PRIME, size=permutations, dtype=np.uint64)
    # A block of words at a time: all at once, the 64-bit intermediates of a million distinct
    # words took two arrays of 480 MB beside the 240 MB result.
    hashes = np.empty((len(base), permutations), dtype=np.uint32)
    for first in range(0, len(base), _HASH_BLOCK):
        block = base[first : first + _HASH_BLOCK, None]
        hashes[first : first + _HASH_BLOCK] = (block * a[None, :] + b[None, :]) % np.uint64(_PRIME)
    signatures = np.zeros((n, permutations), dtype=np.uint32)
    has_signature = counts > 0
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    step = 20_000  # claims per chunk: keeps the gathered hashes to a few tens of MB
    for start in range(0, n, step):
        chunk = np.flatnonzero(has_signature[start : start + step]) + start
        if len(chunk):
            lo, hi = offsets[chunk[0]], offsets[chunk[-1]] + counts[chunk[-1]]
            gathered = hashes[ids[lo:hi]]
            signatures[chunk] = np.minimum.reduceat(gathered, offsets[chunk] - lo, axis=0)
        report("hashing", min(n, start + step), n)
    return signatures, has_signature


def _skeleton_pairs(
    table: WordTable,
    common: npt.NDArray[np.bool_],
    claim_of: npt.NDArray[np.int64],
    parameters: BlockingParameters,
) -> npt.NDArray[np.int64]:
    """Pairs of claims made of the same common words, names aside (each claim's skeleton)."""
    n = table.claims
    in_skeleton = common[table.words] & ~table.names
    skeleton_words = table.words[in_skeleton]  # ascending within each claim, as the table's
    sizes = np.bincount(claim_of[in_skeleton], minlength=n)
    ends = np.cumsum(sizes)
    skeletons: defaultdict[bytes, list[int]] = defaultdict(list)
    for claim in np.flatnonzero(sizes >= parameters.skeleton_words).tolist():
        end = int(ends[claim])
        skeletons[skeleton_words[end - int(sizes[claim]) : end].tobytes()].append(claim)
    found = [
        _all_pairs(np.asarray(members[offset : offset + parameters.max_bucket], dtype=np.int64), n)
        for members in skeletons.values()
        if len(members) > 1
        for offset in range(0, len(members), parameters.max_bucket)
    ]
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _bucket_pairs(
    keys: npt.NDArray[np.uint64], rows_of: npt.NDArray[np.int64], n: int, max_bucket: int
) -> npt.NDArray[np.int64]:
    """Every pair of rows sharing a key, as codes; buckets over ``max_bucket`` split in id order."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    members = rows_of[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(ordered)])))
    run_of = np.repeat(np.arange(len(starts)), sizes)
    position = np.arange(len(ordered)) - np.repeat(starts, sizes)
    chunk_of = run_of * (max_bucket + 1) + position // max_bucket  # split runs over max_bucket
    found: list[npt.NDArray[np.int64]] = []
    small = np.repeat(sizes <= _SMALL_RUN, sizes)
    for shift in range(1, min(_SMALL_RUN, int(sizes.max(initial=1)))):
        same = (chunk_of[shift:] == chunk_of[:-shift]) & small[shift:]
        if not same.any():
            break
        first, second = members[:-shift][same], members[shift:][same]
        found.append(np.minimum(first, second) * n + np.maximum(first, second))
    for start, size in zip(starts[sizes > _SMALL_RUN], sizes[sizes > _SMALL_RUN], strict=True):
        run = members[start : start + size]
        for offset in range(0, size, max_bucket):
            found.append(_all_pairs(run[offset : offset + max_bucket], n))
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _all_pairs(members: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.int64]:
    first, second = np.triu_indices(len(members), k=1)
    a, b = members[first], members[second]
    return np.minimum(a, b) * n + np.maximum(a, b)
