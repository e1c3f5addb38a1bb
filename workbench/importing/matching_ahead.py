"""Matching a large import's claims in the worker process, one batch ahead of the writes.

Why: matching a claim against the window of recent claims (its candidates, their scores,
the details of the best ones) is pure Python, and it was the largest share of a matching
import's main thread: 28% of it at 100k claims, and another 7% went to unpickling the match
words the worker had worked out for it (py-spy, 2026-12-05). The worker process (``analysis``)
had time to spare. So for a large file into SQLite the worker holds the window itself: it
matches each claim of the next batch as the import will see it, adds the claims that stay
new, and sends back only each claim's suggestion, while this process plans and writes the
batch before.

The worker has to guess one thing: which claims the import will treat as new. It assumes
every claim with a text is new, in file order, and numbers them with the ids the import will
reserve (SQLite hands them out in order: ``rows.new_ids``). That is right for a file of new
claims, which is what a large load is. Where it is wrong (a key stored already, or repeated
in the file, a record rejected while planning), the import notices: ``RemoteWindow`` checks
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
from typing import TYPE_CHECKING

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


@immutable_record
class AheadBatch:
    """One batch for the worker: each claim's line, key and text (None: a record without
    one), in file order; the setup with the first batch."""

    claims: tuple[tuple[int | None, str, str | None], ...]
    setup: WindowSetup | None = None


# Per claim the worker took as new, in order: its key, the id it gave it, and its suggestion.
Matched = tuple[str, int, "Suggestion | None"]


class AheadAnswer(list[Matched]):
    """The worker's answer for a batch (a list, marked apart from an analysis's answer)."""


# -- in the worker ---------------------------------------------------------------------------

_window: ClaimWindow | None = None
_next_id = 0


def match_ahead(batch: AheadBatch) -> AheadAnswer:
    """Match a batch's claims against the window the worker holds, adding those that stay new."""
    global _window, _next_id
    if batch.setup is not None:
        from workbench.importing.claim_window import ClaimWindow  # the worker's own copy

        setup = batch.setup
        _window = ClaimWindow(setup.thresholds, setup.window)
        _window.analyse([text for _, _, text in setup.recent])
        for claim_id, key, text in setup.recent:
            _window.added(claim_id, key, text)
        _next_id = setup.first_id
    window = _window
    if window is None:  # a job without its setup: nothing to match against
        raise RuntimeError("no window: the first batch carries the setup")
    specs = [ClaimSpec(line, key, text, None, None, None, None, ()) for line, key, text in batch.claims if text is not None]
    window.analyse([text for _, _, text in batch.claims if text is not None])
    answer = AheadAnswer()
    for spec in specs:
        claim_id, _next_id = _next_id, _next_id + 1
        suggestion = window.match(spec)
        if suggestion is None or not suggestion.merged:
            assert spec.text is not None
            window.added(claim_id, spec.key, spec.text)
        answer.append((spec.key, claim_id, suggestion))
    return answer


def analyse_dropping_window(texts: list[str]) -> Analysis:
    """The words of a batch's texts, once the import matches in its own process
    (``DuplicateMatcher._go_local``): the window this worker held is let go first, since
    nobody will ask it again (at 100k claims about 10 MB, held until the import ended)."""
    global _window
    _window = None
    return analyse_texts(texts)


# -- in the import ---------------------------------------------------------------------------


class RemoteWindow:
    """This process's side: the worker's answers, checked claim by claim against what the
    import does (see the module docstring). Each method returns False at the first difference."""

    def __init__(self, setup: WindowSetup) -> None:
        self._setup: WindowSetup | None = setup  # sent with the first batch
        self._expected: deque[Matched] = deque()
        self._current: Matched | None = None  # matched here, not yet added or passed over
        self.batch_added: list[tuple[int, str, str]] = []  # this batch's claims added so far

    def job(self, claims: list[ClaimSpec]) -> AheadBatch:
        setup, self._setup = self._setup, None
        return AheadBatch(tuple((spec.line, spec.key, spec.text) for spec in claims), setup)

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


def _stays_new(suggestion: Suggestion | None) -> bool:
    return suggestion is None or not suggestion.merged
