"""Ids in batches for ``IN (...)`` lists: every id once, in order, no batch over the limit."""

from __future__ import annotations

from workbench.db.batches import IN_LIST_SIZE, chunks


def test_batches_cover_every_item_in_order() -> None:
    ids = list(range(1, 1202))
    batches = list(chunks(ids))
    assert [len(batch) for batch in batches] == [IN_LIST_SIZE, IN_LIST_SIZE, 201]
    assert [i for batch in batches for i in batch] == ids
    assert [list(batch) for batch in chunks("abcde", 2)] == [["a", "b"], ["c", "d"], ["e"]]
    assert list(chunks([], 3)) == []
