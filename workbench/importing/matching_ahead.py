"""Matching a large import's claims in the worker process, one batch ahead of the writes.

Why: matching a claim against the window of recent claims (its candidates, their scores,
the details of the best ones) is pure Python, and it was the largest share of a matching
import's main thread: 28% of it at 100k claims, and another 7% went to unpickling the match
words the worker had worked out for it (py-spy, 2026-12-05). The worker process (``analysis``)
had time to spare. So for a large file into SQLite the worker holds the window itself: it
matches each claim of the next batch as the import will see it, adds the claims that stay
new, and sends back only each claim's suggestion, while this process plans and writes the
batch before.

The worker has to guess one thing: which claims the import will treat as new. It takes every
claim with a text for new, in file order, and numbers them with the ids the import will
reserve (SQLite hands them out in order: ``rows.new_ids``), except what the database held
before the import says otherwise (``StoredBefore``, asked through the worker's own read-only
connection, which sees the database as it was before the import's uncommitted writes):

- a key stored already is an update of that claim, matched against nothing and given no id;
- a claim whose attributions are all stored, on one claim, was merged into that claim by an
  earlier import: it takes an id, as in the import, but is neither matched nor added.

That is right for a file of new claims, which is what a large load is, and for a file that
repeats and rewrites what is stored (a partner's corrected export, a feed's cumulative dump).
Before the worker asked, such a file sent the matching back here at its first stored key: at
100k claims onto 25k that cost 4.3 s of this process's time and held the window (11.5 MB)
here. Where the guess is still wrong (a key repeated in the file, a source given by name
only, a record rejected while planning), the import notices: ``RemoteWindow`` checks
each claim it matches and adds against the worker's list, in order, ids included. At the
first difference the import stops asking the worker and matches here, with the window
read back from the database plus the batch's claims added so far, which is the window the
worker would have held (``DuplicateMatcher._go_local``). So the result never depends on the
guess, only the speed does. If the worker fails, the same happens.

The worker holds a ``claim_window.ClaimWindow``, the class the import matches with here, and
loads no SQLAlchemy: the process took 32 MB more with it.

This module is what the worker imports for the job (``match_ahead``), and the bookkeeping
this process does to check it (``RemoteWindow``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from workbench.attribution_keys import derived_key
from workbench.formats.interchange import ClaimSpec
from workbench.immutable import immutable_record
from workbench.importing.analysis import Analysis, analyse_texts

if TYPE_CHECKING:
    from workbench.importing.claim_matcher import Suggestion
    from workbench.importing.claim_window import ClaimWindow
    from workbench.matching.thresholds import MatchThresholds


@immutable_record
class WindowSetup:
    """What the worker needs to hold the window as this process would: the matcher's settings,
    the claims stored before the import that start the window (id, key, text; oldest first),
    and the id the import's first new claim will get."""

    thresholds: MatchThresholds
    window: int
    recent: tuple[tuple[int, str, str], ...]
    first_id: int
    stored_in: str | None = None  # the SQLite file holding claims before the import, if it held any


# What derives an attribution's key (``attribution_keys.derived_key``): its own key, or its
# source's key, document, stance and quote; None: a source given by name only.
KeyParts = tuple[str | None, str | None, str | None, str, str | None] | None


@immutable_record
class AheadBatch:
    """One batch for the worker: each claim's line, key, text (None: a record without one)
    and, when the database held claims, its attributions' ``KeyParts``; in file order; the
    setup with the first batch."""

    claims: tuple[tuple[int | None, str, str | None, tuple[KeyParts, ...]], ...]
    setup: WindowSetup | None = None


# Per claim the worker took as new, in order: its key, the id it gave it, and its suggestion.
Matched = tuple[str, int, "Suggestion | None"]


class AheadAnswer(list[Matched]):
    """The worker's answer for a batch (a list, marked apart from an analysis's answer)."""


# -- in the worker ---------------------------------------------------------------------------

class StoredBefore:
    """The claim and attribution keys the database held before the import, asked through a
    read-only connection of the worker's own: the import's writes are not committed until it
    ends, so this connection never sees them, and it never waits for them."""

    def __init__(self, path: str) -> None:
        import sqlite3  # here: a worker matching into an empty database never loads it

        self._connection = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, timeout=30)
        self._connection.execute(f"PRAGMA cache_size=-{STORED_KEYS_CACHE_KIB}")

    def close(self) -> None:
        self._connection.close()

    def _found(self, table: str, keys: Sequence[str]) -> dict[str, int]:
        """Which of ``keys`` ``table`` holds: each with its claim's id."""
        found: dict[str, int] = {}
        for start in range(0, len(keys), _KEYS_A_QUERY):
            chunk = list(keys[start : start + _KEYS_A_QUERY])
            # Always _KEYS_A_QUERY keys, the last repeated: one statement text a table, where
            # each length was another statement for SQLite to prepare and keep (up to 128 of
            # them; see ``db.batches.padded``, not imported here: no database layer).
            chunk += [chunk[-1]] * (_KEYS_A_QUERY - len(chunk))
            rows = self._connection.execute(_LOOKUPS[table].format(",".join("?" * len(chunk))), chunk)
            found.update(rows.fetchall())
        return found

    def not_new(self, claims: Sequence[tuple[int | None, str, str | None, tuple[KeyParts, ...]]]) -> tuple[set[str], set[str]]:
        """Of a batch's claims: the keys stored already, and the keys of claims an earlier
        import merged into another (every attribution stored, all on one claim).

        Only a claim whose first attribution is stored can have been merged, so the others'
        keys are derived first (a hash each: 2.6 s of the worker's time at 100k claims when
        every key was derived), and the rest only for those.
        """
        stored = set(self._found("claims", sorted({key for _, key, _, _ in claims})))
        candidates = {
            key: parts for _, key, text, parts in claims
            if text is not None and key not in stored and parts and None not in parts
        }
        firsts = {key: _attribution_key(key, parts[0]) for key, parts in candidates.items() if parts[0] is not None}
        held = self._found("attributions", sorted(set(firsts.values())))
        derived = {
            key: [_attribution_key(key, part) for part in candidates[key] if part is not None]
            for key, first in firsts.items() if first in held
        }
        held.update(self._found("attributions", sorted({k for keys in derived.values() for k in keys} - held.keys())))
        merged = {
            key for key, keys in derived.items()
            if all(k in held for k in keys) and len({held[k] for k in keys}) == 1
        }
        return stored, merged


_KEYS_A_QUERY = 500
# The read connection's page cache (SQLite's default: 2 MiB). Why smaller: the lookups are
# scattered over two key indexes, so a larger cache keeps little that is read again, and the
# worker's memory counts in the import's budget. At 512 KiB, 160,000 lookups in a
# 250,000-claim database took 5.9 us a key against 5.5 at 1 MiB (the data in the OS's file
# cache, as during an import). In the worker of an import of 100k claims onto 25k, SQLite's
# memory went from 2 MB to under 1 MB and its proportional set size from 41 to 40 MB (in
# whole MB). The worker has time to spare: it runs a batch ahead of the import.
STORED_KEYS_CACHE_KIB = 512
_LOOKUPS = {
    "claims": "SELECT key, id FROM claims WHERE key IN ({})",
    "attributions": "SELECT key, claim_id FROM attributions WHERE key IN ({})",
}


def _attribution_key(claim_key: str, parts: tuple[str | None, str | None, str | None, str, str | None]) -> str:
    """The key the import gives the attribution (``PlannedAttribution.key``)."""
    given, source, document, stance, quote = parts
    if given:
        return given
    assert source is not None  # ``_key_parts`` sends None for a source given by name
    return derived_key(claim_key, source, document, stance, quote)


_window: ClaimWindow | None = None
_stored: StoredBefore | None = None
_next_id = 0


def match_ahead(batch: AheadBatch) -> AheadAnswer:
    """Match a batch's claims against the window the worker holds, adding those that stay new."""
    global _window, _next_id, _stored
    if batch.setup is not None:
        from workbench.importing.claim_window import ClaimWindow  # the worker's own copy

        setup = batch.setup
        _window = ClaimWindow(setup.thresholds, setup.window)
        _window.analyse([text for _, _, text in setup.recent])
        for claim_id, key, text in setup.recent:
            _window.added(claim_id, key, text)
        _next_id = setup.first_id
        _let_go_of_stored()
        if setup.stored_in is not None:
            _stored = StoredBefore(setup.stored_in)
    window = _window
    if window is None:  # a job without its setup: nothing to match against
        raise RuntimeError("no window: the first batch carries the setup")
    stored, merged_before = _stored.not_new(batch.claims) if _stored is not None else (set(), set())
    texts = [text for _, key, text, _ in batch.claims if text is not None and key not in stored]
    window.analyse(texts)
    answer = AheadAnswer()
    for line, claim_key, wording, _ in batch.claims:
        if wording is None or claim_key in stored:
            continue
        claim_id, _next_id = _next_id, _next_id + 1
        if claim_key in merged_before:
            continue  # the import gives it an id too, then finds the claim it joined
        suggestion = window.match(ClaimSpec(line, claim_key, wording, None, None, None, None, ()))
        if suggestion is None or not suggestion.merged:
            window.added(claim_id, claim_key, wording)
        answer.append((claim_key, claim_id, suggestion))
    return answer


def _let_go_of_stored() -> None:
    global _stored
    if _stored is not None:
        _stored.close()
        _stored = None


def analyse_dropping_window(texts: list[str]) -> Analysis:
    """The words of a batch's texts, once the import matches in its own process
    (``DuplicateMatcher._go_local``): the window this worker held is let go first, since
    nobody will ask it again (at 100k claims about 10 MB, held until the import ended)."""
    global _window
    _window = None
    _let_go_of_stored()
    return analyse_texts(texts)


# -- in the import ---------------------------------------------------------------------------


class RemoteWindow:
    """This process's side: the worker's answers, checked claim by claim against what the
    import does (see the module docstring). Each method returns False at the first difference."""

    def __init__(self, setup: WindowSetup) -> None:
        self._setup: WindowSetup | None = setup  # sent with the first batch
        self._with_keys = setup.stored_in is not None  # the worker looks attributions up
        self._expected: deque[Matched] = deque()
        self._current: Matched | None = None  # matched here, not yet added or passed over
        self.batch_added: list[tuple[int, str, str]] = []  # this batch's claims added so far

    def job(self, claims: list[ClaimSpec]) -> AheadBatch:
        setup, self._setup = self._setup, None
        if not self._with_keys:
            return AheadBatch(tuple((spec.line, spec.key, spec.text, ()) for spec in claims), setup)
        return AheadBatch(tuple((spec.line, spec.key, spec.text, _key_parts(spec)) for spec in claims), setup)

    def take(self, answer: object) -> bool:
        """A new batch begins, with the worker's answer for it."""
        self.batch_added = []  # the last batch's claims are written: the database has them now
        if not isinstance(answer, AheadAnswer) or not self._settled() or self._expected:
            return False  # no answer, or the worker matched claims the last batch never did
        self._expected = deque(answer)
        return True

    def match(self, spec: ClaimSpec) -> tuple[bool, Suggestion | None]:
        """The worker's suggestion for ``spec``, if it is the next claim the worker took as new."""
        if not self._settled() or not self._expected or self._expected[0][0] != spec.key:
            return False, None
        self._current = self._expected.popleft()
        return True, self._current[2]

    def added(self, claim_id: int, key: str, text: str) -> bool:
        """The import added the claim it last matched: had the worker, with the same id?"""
        current, self._current = self._current, None
        if current is None or current[0] != key or current[1] != claim_id or not _stays_new(current[2]):
            return False
        self.batch_added.append((claim_id, key, text))
        return True

    def _settled(self) -> bool:
        """Whether the last claim matched was added here if and only if the worker added it."""
        current, self._current = self._current, None
        return current is None or not _stays_new(current[2])


def _key_parts(spec: ClaimSpec) -> tuple[KeyParts, ...]:
    return tuple(
        (a.key, a.source, a.document, a.stance, a.quote) if a.key or a.source is not None else None
        for a in spec.attributions
    )


def _stays_new(suggestion: Suggestion | None) -> bool:
    return suggestion is None or not suggestion.merged
