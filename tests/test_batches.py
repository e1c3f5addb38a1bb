"""Ids in batches for ``IN (...)`` lists: every id once, in order, no batch over the limit; and
each list padded to one of a few lengths, so a query over many lengths is a few statements."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from workbench.db.batches import IN_LIST_SIZE, chunks, padded
from workbench.db.engine import Database
from workbench.review.evidence import load_evidence


def test_batches_cover_every_item_in_order() -> None:
    ids = list(range(1, 1202))
    batches = list(chunks(ids))
    assert [len(batch) for batch in batches] == [IN_LIST_SIZE, IN_LIST_SIZE, 201]
    assert [i for batch in batches for i in batch] == ids
    assert [list(batch) for batch in chunks("abcde", 2)] == [["a", "b"], ["c", "d"], ["e"]]
    assert list(chunks([], 3)) == []


def test_padded_lists_hold_the_same_values_at_a_few_lengths() -> None:
    lengths = set()
    for count in range(IN_LIST_SIZE + 1):
        ids = list(range(100, 100 + count))
        padded_ids = padded(ids)
        assert set(padded_ids) == set(ids)
        assert list(padded_ids[:count]) == ids  # the ids first, in order; then the last repeated
        assert count <= len(padded_ids) <= max(2 * count - 1, count)
        assert len(padded_ids) <= IN_LIST_SIZE
        lengths.add(len(padded_ids))
    assert lengths == {0, 1, 2, 4, 8, 16, 32, 64, 128, 256, IN_LIST_SIZE}
    full = list(range(IN_LIST_SIZE))
    assert padded(full) is full
    assert list(padded(("a", "b", "c"))) == ["a", "b", "c", "c"]


def test_loading_evidence_over_many_lengths_prepares_few_statements(sample_database: Database) -> None:
    """Each query of ``load_evidence`` over lists of 1 to 300 claims is a handful of SQL texts
    (SQLite prepares and keeps one statement per text): without padding, one per length."""
    seen: set[str] = set()

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.add(statement)

    with sample_database.reading() as session:
        claim_ids = list(range(1, 301))  # most do not exist: the lists' lengths are what counts
        event.listen(session.connection(), "before_cursor_execute", record)
        for count in range(1, 301):
            load_evidence(session, claim_ids[:count])
    by_shape: dict[str, int] = {}
    for statement in seen:
        shape = statement.split(" IN ")[0]
        by_shape[shape] = by_shape.get(shape, 0) + 1
    assert by_shape, "no statement recorded"
    assert max(by_shape.values()) <= 10, by_shape
