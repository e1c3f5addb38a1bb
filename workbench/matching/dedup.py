"""Near-duplicate claims across the whole database, without comparing every pair.

Comparing every pair of 100,000 claims with rapidfuzz takes hours (5 billion pairs). Instead:

1. **Block.** Each claim's match key (``matching.match_tokens``: normalised, synonyms folded,
   stemmed) becomes a set of words. Words in more than ``max_df`` of the claims are left out
   (they carry no evidence of sameness); a MinHash signature of ``bands * rows`` values is
   computed over the rest, and claims agreeing on all ``rows`` values of any band land in the
   same bucket. Two claims whose word sets have Jaccard similarity *J* become candidates with
   probability ``1 - (1 - J**rows) ** bands``: with the defaults (30 bands of 2 rows) that is
   0.96 at J = 1/3 and 0.9998 at J = 1/2. Claims made of the same common words (the same
   *skeleton*) are paired as well: they read alike and differ only in their rare words, which
   is what a changed place or name looks like.
2. **Score.** Each candidate pair is scored with ``matching.key_similarity`` (rapidfuzz).
3. **Check the details.** A pair at or above ``min_score`` whose numbers, dates, places,
   actors or negation agree is a *possible duplicate*; one whose details contradict is listed
   apart as *conflicting details*, never as a duplicate. Because the differing detail itself
   lowers the score, a contradicting pair down to ``conflict_score`` is listed too, provided
   its details differ in nothing but the contradiction.

Pure Python plus rapidfuzz: MinHash values come from BLAKE2b per distinct word and a
signature is an element-wise ``min`` over its words' values, so the cost is linear in the
number of claims. ``find_near_duplicates`` works on ``(id, text)`` pairs;
``duplicates_in_database`` reads them from a session.
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import fuzz
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from workbench.db.batches import chunks
from workbench.db.models import Claim, ClaimLink
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.detail_comparison import compare_details
from workbench.matching.match_keys import match_tokens_and_names
from workbench.matching.thresholds import DEFAULT_THRESHOLDS
from workbench.text.normalize import normalize_claim_text

PairKind = Literal["duplicate", "conflicting_details"]
Progress = Callable[[str, int, int], None]  # (stage, done, total)

_HASHES_PER_DIGEST = 16  # 64-byte BLAKE2b digest = 16 unsigned 32-bit values


@dataclass(frozen=True)
class BlockingParameters:
    """How candidates are blocked (see the module docs). The defaults suit claims of 5-60 words."""

    bands: int = 30
    rows: int = 2
    max_df: float = 0.0  # a word in more than this share of claims is left out of the signature...
    min_df_cap: int = 100  # ...or in more than this many claims, whichever is larger
    max_bucket: int = 2000  # larger buckets are split by id order (a flood of copies, not a signal)
    skeleton_words: int = 3  # common words a claim needs before its skeleton is a blocking key


@dataclass(frozen=True)
class NearDuplicate:
    """Two claims that read alike: a possible duplicate, or a pair with conflicting details."""

    kind: PairKind
    claim_id: int
    other_claim_id: int
    score: float
    text: str
    other_text: str
    conflicts: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    linked_as: tuple[str, ...] = ()  # relations already recorded between the two


@dataclass
class DedupStats:
    claims: int = 0
    candidate_pairs: int = 0
    scored_above_cutoff: int = 0
    duplicates: int = 0
    conflicting: int = 0


@dataclass
class DedupResult:
    pairs: list[NearDuplicate] = field(default_factory=list)
    stats: DedupStats = field(default_factory=DedupStats)

    @property
    def duplicates(self) -> list[NearDuplicate]:
        return [p for p in self.pairs if p.kind == "duplicate"]

    @property
    def conflicting(self) -> list[NearDuplicate]:
        return [p for p in self.pairs if p.kind == "conflicting_details"]


def find_near_duplicates(
    claims: Sequence[tuple[int, str]],
    *,
    min_score: float = DEFAULT_THRESHOLDS.suggest,
    conflict_score: float = DEFAULT_THRESHOLDS.conflict,
    parameters: BlockingParameters = BlockingParameters(),
    progress: Progress | None = None,
) -> DedupResult:
    """Possible duplicates and conflicting-detail pairs among ``(claim id, text)`` pairs.

    Pairs come out best score first; within a pair the lower claim id comes first.
    """
    report = progress or (lambda stage, done, total: None)
    result = DedupResult(stats=DedupStats(claims=len(claims)))
    total = len(claims)
    keys: list[str] = []
    token_sets: list[frozenset[str]] = []
    name_sets: list[frozenset[str]] = []
    for index, (_, text) in enumerate(claims):
        tokens, names = match_tokens_and_names(text)
        keys.append(" ".join(tokens))
        token_sets.append(frozenset(tokens))
        name_sets.append(names)
        if index % 5000 == 0:
            report("reading", index, total)
    report("reading", total, total)

    candidates = candidate_pairs(token_sets, parameters, report, name_sets)
    result.stats.candidate_pairs = len(candidates)

    floor = min(min_score, conflict_score)
    # key_similarity inlined: this loop runs millions of times.
    part_floor = max(0.0, 2 * floor - 100)
    token_set, token_sort = fuzz.token_set_ratio, fuzz.token_sort_ratio
    above: list[tuple[float, int, int]] = []
    step = max(1, len(candidates) // 100)
    for done, pair in enumerate(candidates, start=1):
        if done % step == 0:
            report("scoring", done, len(candidates))
        i, j = divmod(pair, total)
        a_key, b_key = keys[i], keys[j]
        first = token_set(a_key, b_key, processor=None, score_cutoff=part_floor)
        if not first:
            continue
        score = (first + token_sort(a_key, b_key, processor=None, score_cutoff=part_floor)) / 2
        if score >= floor:
            above.append((score, i, j))
    report("scoring", len(candidates), len(candidates))
    del candidates
    result.stats.scored_above_cutoff = len(above)

    details: dict[int, ClaimDetails] = {}
    normalized: dict[int, str] = {}
    found: list[NearDuplicate] = []
    for done, (score, i, j) in enumerate(above, start=1):
        if done % 1000 == 0:
            report("checking details", done, len(above))
        for index in (i, j):
            if index not in details:
                details[index] = claim_details(claims[index][1])
                normalized[index] = normalize_claim_text(claims[index][1])
        if normalized[i] == normalized[j]:
            comparison_conflicts: list[str] = []
            extras: list[str] = []
            score = 100.0
        else:
            comparison = compare_details(details[i], details[j])
            comparison_conflicts, extras = comparison.conflicts, comparison.extras
        if comparison_conflicts and (score >= min_score or (score >= conflict_score and not extras)):
            kind: PairKind = "conflicting_details"
        elif not comparison_conflicts and score >= min_score:
            kind = "duplicate"
        else:
            continue
        (a_id, a_text), (b_id, b_text) = sorted((claims[i], claims[j]))
        found.append(
            NearDuplicate(
                kind=kind,
                claim_id=a_id,
                other_claim_id=b_id,
                score=round(score, 1),
                text=a_text,
                other_text=b_text,
                conflicts=tuple(comparison_conflicts),
                extras=tuple(extras),
            )
        )
    report("checking details", len(above), len(above))
    found.sort(key=lambda p: (p.kind != "conflicting_details", -p.score, p.claim_id, p.other_claim_id))
    result.pairs = found
    result.stats.duplicates = sum(1 for p in found if p.kind == "duplicate")
    result.stats.conflicting = len(found) - result.stats.duplicates
    return result


def candidate_pairs(
    token_sets: Sequence[frozenset[str]],
    parameters: BlockingParameters,
    report: Progress | None = None,
    name_sets: Sequence[frozenset[str]] | None = None,
) -> set[int]:
    """Index pairs ``i * n + j`` (i < j) sharing a MinHash LSH bucket in some band, or a skeleton.

    ``name_sets`` holds each claim's words written with a capital; they are left out of its
    skeleton.
    """
    report = report or (lambda stage, done, total: None)
    n = len(token_sets)
    if n < 2:
        return set()
    frequencies: Counter[str] = Counter()
    for tokens in token_sets:
        frequencies.update(tokens)
    max_df = max(parameters.min_df_cap, int(parameters.max_df * n))
    permutations = parameters.bands * parameters.rows
    hashes = _TokenHashes(permutations)
    signatures: list[bytes] = []
    for index, tokens in enumerate(token_sets):
        kept = [t for t in tokens if frequencies[t] <= max_df]
        if not kept and tokens:
            # Only common words: block on the two rarest so the claim still meets its twins.
            kept = sorted(tokens, key=lambda t: (frequencies[t], t))[:2]
        if not kept:
            signatures.append(b"")
            continue
        columns = zip(*(hashes[t] for t in kept), strict=False)
        signatures.append(array("I", map(min, columns)).tobytes())
        if index % 5000 == 0:
            report("hashing", index, n)
    report("hashing", n, n)
    pairs: set[int] = set()
    # Skeletons: claims made of exactly the same common words, names aside, differing only in
    # rare words and names ("14 detainees released in Maqa" / "340 detainees released in Tal
    # Dush") meet here even when their one rare word is the detail that differs.
    skeletons: defaultdict[frozenset[str], list[int]] = defaultdict(list)
    no_names: frozenset[str] = frozenset()
    for index, tokens in enumerate(token_sets):
        names = name_sets[index] if name_sets is not None else no_names
        common = frozenset(t for t in tokens if frequencies[t] > max_df and t not in names)
        if len(common) >= parameters.skeleton_words:
            skeletons[common].append(index)
    for members in skeletons.values():
        if len(members) > 1:
            _add_pairs(pairs, members, n, parameters.max_bucket)
    del skeletons
    width = 4 * parameters.rows
    for band in range(parameters.bands):
        buckets: defaultdict[bytes, list[int]] = defaultdict(list)
        start = band * width
        for index, signature in enumerate(signatures):
            if signature:
                buckets[signature[start : start + width]].append(index)
        for members in buckets.values():
            if len(members) > 1:
                _add_pairs(pairs, members, n, parameters.max_bucket)
        report("blocking", band + 1, parameters.bands)
    return pairs


def _add_pairs(pairs: set[int], members: list[int], n: int, max_bucket: int) -> None:
    for offset in range(0, len(members), max_bucket):
        chunk = members[offset : offset + max_bucket]
        for position, i in enumerate(chunk):
            base = i * n
            pairs.update(base + j for j in chunk[position + 1 :])


class _TokenHashes(dict[str, tuple[int, ...]]):
    """MinHash values of each word: ``permutations`` 32-bit values from seeded BLAKE2b."""

    def __init__(self, permutations: int) -> None:
        super().__init__()
        self.digests = -(-permutations // _HASHES_PER_DIGEST)
        self.permutations = permutations
        self.unpack = struct.Struct(f"<{_HASHES_PER_DIGEST}I").unpack

    def __missing__(self, token: str) -> tuple[int, ...]:
        data = token.encode("utf-8")
        values: list[int] = []
        for seed in range(self.digests):
            digest = hashlib.blake2b(data, digest_size=64, salt=seed.to_bytes(16, "little")).digest()
            values.extend(self.unpack(digest))
        result = tuple(values[: self.permutations])
        self[token] = result
        return result


def duplicates_in_database(
    session: Session,
    *,
    min_score: float = DEFAULT_THRESHOLDS.suggest,
    conflict_score: float = DEFAULT_THRESHOLDS.conflict,
    parameters: BlockingParameters = BlockingParameters(),
    progress: Progress | None = None,
) -> DedupResult:
    """``find_near_duplicates`` over every stored claim, with links already recorded noted."""
    claims = list(_all_claims(session))
    result = find_near_duplicates(
        claims, min_score=min_score, conflict_score=conflict_score, parameters=parameters, progress=progress
    )
    if result.pairs:
        linked = _existing_links(session, {p.claim_id for p in result.pairs} | {p.other_claim_id for p in result.pairs})
        result.pairs = [
            _with_links(p, linked.get((p.claim_id, p.other_claim_id), ())) for p in result.pairs
        ]
    return result


def _all_claims(session: Session, page: int = 20_000) -> Iterator[tuple[int, str]]:
    last_id = 0
    while True:
        rows = session.execute(
            select(Claim.id, Claim.text).where(Claim.id > last_id).order_by(Claim.id).limit(page)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        yield from rows


def _existing_links(session: Session, claim_ids: Iterable[int]) -> dict[tuple[int, int], tuple[str, ...]]:
    ids = sorted(claim_ids)
    links: dict[tuple[int, int], list[str]] = {}
    for chunk in chunks(ids):
        rows = session.execute(
            select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation).where(
                or_(ClaimLink.from_claim_id.in_(chunk), ClaimLink.to_claim_id.in_(chunk))
            )
        ).all()
        for a, b, relation in rows:
            pair = (min(a, b), max(a, b))
            if relation not in links.setdefault(pair, []):
                links[pair].append(relation)
    return {pair: tuple(sorted(relations)) for pair, relations in links.items()}


def _with_links(pair: NearDuplicate, relations: tuple[str, ...]) -> NearDuplicate:
    return replace(pair, linked_as=relations) if relations else pair
