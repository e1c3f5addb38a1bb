"""The claim page read straight from an SQLite file, for ``workbench claims list``.

Scripts call ``claims list`` in loops, a page at a time. Loading SQLAlchemy and mapping the
models costs about a quarter of a second before the first row, more than half of such a call
(issue 15 asks for < 0.35 s at a million claims). With no filter but a status or verdict, and
no search, the page is a keyset query on ``claims`` and three small lookups (tags, quote flags,
running takes), so it
is read here with the standard library's ``sqlite3``, into the very records the normal path
(``claim_list.list_claims``) builds.

It is a shortcut, never a second answer: ``read_page`` returns None whenever it is not sure
(the file is missing, is not at this workbench's newest schema, is locked, holds a value it
cannot read), and the caller takes the normal path, which also upgrades, reports and explains.
It opens the file read-only and writes nothing. ``tests/test_plain_claim_page.py`` holds it to
the normal path's answer for every order, page and take, row for row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from workbench.config import busy_timeout_seconds
from workbench.db.revision_scripts import scripted_head
from workbench.records import ClaimSummary, ClaimTakeRecord, QuoteFlags
from workbench.review.claim_order import MAX_PAGE, SortOrder
from workbench.vocabulary import AnchorState

_COLUMNS = (
    "id, key, text, status, verdict, origin_count, awaiting, place, event_date, version, updated_at, kind, "
    "disputed_by, superseded_by, fulfilled_by"
)
# ORDER BY and the keyset condition of each order, exactly as ``claim_list`` builds them.
_ORDER = {
    SortOrder.ID: ("id ASC", None, ">"),
    SortOrder.NEWEST: ("id DESC", None, "<"),
    SortOrder.LAST_CHANGE: ("updated_at DESC, id DESC", "updated_at", "<"),
    SortOrder.ORIGINS: ("origin_count ASC, id ASC", "origin_count", ">"),
}
_FLAGGED = (AnchorState.CHANGED.value, AnchorState.ORPHANED.value)
_STORED_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy writes a DateTime into SQLite


def read_page(
    path: Path,
    *,
    limit: int,
    after_id: int | None = None,
    order: SortOrder | str = SortOrder.ID,
    now: datetime,
    status: str | None = None,
    verdict: str | None = None,
) -> list[ClaimSummary] | None:
    """One page of claims, unfiltered or narrowed to a status and/or verdict (values the caller
    validated), as ``list_claims`` gives it; None: take the normal path.

    ``now`` (naive UTC) decides which takes are still running. Why the two filters: they are
    the ones scripts page through ("every single-source claim"), and a filtered call paid 0.4 s
    at a million claims, two thirds of it loading SQLAlchemy, against 0.11 s unfiltered.
    """
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout_seconds())
    except sqlite3.Error:
        return None
    try:
        if connection.execute("SELECT version_num FROM alembic_version").fetchall() != [(scripted_head(),)]:
            return None  # an older (or newer) schema: the normal path upgrades or refuses it
        rows = _page(connection, max(1, min(limit, MAX_PAGE)), after_id, SortOrder(order), status, verdict)
        return _summaries(connection, rows, now)
    except (sqlite3.Error, ValueError, TypeError):
        return None  # locked past the timeout, damaged, or a value stored some other way
    finally:
        connection.close()


def _page(
    connection: sqlite3.Connection, limit: int, after_id: int | None, order: SortOrder, status: str | None, verdict: str | None
) -> list[sqlite3.Row]:
    ordering, column, direction = _ORDER[order]
    conditions: list[str] = []
    parameters: list[object] = []
    for name, value in (("status", status), ("verdict", verdict)):
        if value is not None:
            conditions.append(f"{name} = ?")
            parameters.append(value)
    if after_id is not None:
        if column is None:
            conditions.append(f"id {direction} ?")
            parameters.append(after_id)
        else:
            anchor = connection.execute(f"SELECT {column} FROM claims WHERE id = ?", (after_id,)).fetchone()
            if anchor is not None and anchor[0] is not None:
                conditions.append(f"({column}, id) {direction} (?, ?)")
                parameters += [anchor[0], after_id]
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    connection.row_factory = sqlite3.Row
    return connection.execute(
        f"SELECT {_COLUMNS} FROM claims {where} ORDER BY {ordering} LIMIT ?", (*parameters, limit)
    ).fetchall()


def _summaries(connection: sqlite3.Connection, rows: Sequence[sqlite3.Row], now: datetime) -> list[ClaimSummary]:
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    tags: dict[int, list[str]] = {}
    for claim_id, tag in connection.execute(
        f"SELECT claim_id, tag FROM claim_tags WHERE claim_id IN ({marks}) ORDER BY tag", ids
    ):
        tags.setdefault(claim_id, []).append(tag)
    counts: dict[int, dict[str, int]] = {}
    for claim_id, state, n in connection.execute(
        f"SELECT claim_id, anchor_state, count(*) FROM attributions WHERE claim_id IN ({marks}) "
        f"AND anchor_state IN (?, ?) GROUP BY claim_id, anchor_state",
        [*ids, *_FLAGGED],
    ):
        counts.setdefault(claim_id, {})[state] = n
    takes: dict[int, ClaimTakeRecord] = {}
    for take in connection.execute(
        f"SELECT claim_id, reviewer, taken_at, expires_at, taken_over_from, reason FROM claim_takes "
        f"WHERE claim_id IN ({marks}) AND expires_at > ?",
        [*ids, now.strftime(_STORED_DATETIME)],
    ):
        takes[take["claim_id"]] = ClaimTakeRecord(
            claim_id=take["claim_id"],
            reviewer=take["reviewer"],
            taken_at=_datetime(take["taken_at"]),
            expires_at=_datetime(take["expires_at"]),
            taken_over_from=take["taken_over_from"],
            reason=take["reason"],
        )
    return [
        ClaimSummary(
            id=row["id"],
            key=row["key"],
            text=row["text"],
            status=row["status"],
            verdict=row["verdict"],
            origins=row["origin_count"],
            awaiting=row["awaiting"],
            tags=tuple(tags.get(row["id"], ())),
            place=row["place"],
            event_date=date.fromisoformat(row["event_date"]) if row["event_date"] is not None else None,
            version=row["version"],
            updated_at=_datetime(row["updated_at"]),
            quote_flags=_quote_flags(counts.get(row["id"])),
            kind=row["kind"],
            disputed_by=row["disputed_by"],
            superseded_by=row["superseded_by"],
            fulfilled_by=row["fulfilled_by"],
            take=takes.get(row["id"]),
        )
        for row in rows
    ]


def _quote_flags(found: dict[str, int] | None) -> QuoteFlags | None:
    if not found:
        return None
    return QuoteFlags(found.get(AnchorState.CHANGED.value, 0), found.get(AnchorState.ORPHANED.value, 0))


def _datetime(value: str) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"a stored time that is not text: {value!r}")
    return datetime.fromisoformat(value)
