"""Work on an import's next batch in a second process: its match words, or its matching.

Splitting a claim into its match words (``matching.match_keys.match_words``) is pure Python
and was the largest single cost of a matching import on the main thread (about 130 µs a claim
then). It needs no database, so for a large file a worker process does it one batch ahead, on
the other core, while this process plans and writes the current batch. The worker runs the same
function on the same texts (``text_words``), so an import matches exactly as it would in one
process; if the worker cannot start or fails, the batch is analysed here instead. For a large
file into SQLite the worker does more: it matches the batch (``matching_ahead``).

What the matcher asks of the worker for a batch is its job (``ClaimMatcher.work_ahead``): a
function and its argument. For the match words, what comes back is all the matcher reads of a
text's words, ready to use (its distinct tokens, its normalised text, its match key), as a list
in the order of the texts sent: the texts themselves are not sent back (as a dict's keys they
were two thirds of the bytes this process unpickled).

The worker is a clean interpreter (``one_worker``), never a fork of this process with its
database connection and writer thread. A small file is not worth a process
(starting one costs about a tenth of a second).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from sys import intern
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

    from workbench.importing.claim_matcher import AheadJob
    from workbench.importing.one_worker import OneWorker

# A text's distinct match tokens (first-seen order), its normalised text and its match key
# (every match token, joined by spaces).
TextWords = tuple[tuple[str, ...], str, str]
Analysis = list[TextWords]  # one per text sent, in the same order
Batch = TypeVar("Batch")

WORKER_MIN_CLAIMS = 5_000  # below this many claims every batch is analysed in this process


def text_words(text: str) -> TextWords:
    """What the matcher reads of a text's words, worked out once."""
    from workbench.matching.match_keys import match_words  # lazy: `import --no-match` never needs it

    return _text_words(text, match_words)


def analyse_texts(texts: Sequence[str]) -> Analysis:
    """``text_words`` of each text, in order: what the worker runs (the import statement
    once a batch: run for each of 100k texts, it was 2 % of the matching worker's time)."""
    from workbench.matching.match_keys import match_words

    return [_text_words(text, match_words) for text in texts]


def _text_words(text: str, match_words: Callable[[str], tuple[list[str], str]]) -> TextWords:
    tokens, normalized = match_words(text)
    # Interned here too: a word repeated across the batch is then one object, pickled once.
    return tuple(dict.fromkeys(map(intern, tokens))), normalized, " ".join(tokens)


def worked_ahead(
    batches: Iterator[Batch], job: Callable[[Batch], AheadJob | None], *, in_worker: bool
) -> Iterator[tuple[Batch, object]]:
    """Each batch with the worker's answer to its ``job``, worked out one batch ahead in a
    worker process when ``in_worker``; ``None`` where there was no job or the worker failed
    (the caller then does the work itself).

    One batch ahead, not more: with two queued, so that neither side waits for the other
    between batches, a 100k-claim matching import took the same time (1.003x the wall time of
    one ahead, median of 6 alternated pairs, 2026-12-07): the two cores are busy either way.
    The answer is waited for before the batch is handed out. The main thread of that import
    waits 1.7 s in all, so waiting only at the batch's first match, after its keys and
    attributions are planned, was tried too: 1.004x (8 alternated pairs, 2026-12-07). The
    cores are busy during those waits, with the worker and the writer thread."""
    if not in_worker:
        for batch in batches:
            yield batch, None
        return
    # Here, not at the top: the worker imports this module for its jobs, and needs none of
    # the import's side of the pipes (``worker_loop``).
    from workbench.importing.one_worker import answer_or_none, start_one_worker

    pool = start_one_worker()
    if pool is None:  # no way to start a process here: the work is done in this one
        yield from worked_ahead(batches, job, in_worker=False)
        return
    with pool:
        current = next(batches, None)
        pending = _submit(pool, job, current)
        while current is not None:
            following = next(batches, None)
            ahead = _submit(pool, job, following)
            yield current, answer_or_none(pending)
            current, pending = following, ahead


def _submit(pool: OneWorker, job: Callable[[Batch], AheadJob | None], batch: Batch | None) -> Future[object] | None:
    if batch is None:
        return None
    work = job(batch)
    if work is None:
        return None
    function, argument = work
    try:
        return pool.submit(function, argument)
    except RuntimeError:  # the pool broke: the caller does the work itself
        return None
