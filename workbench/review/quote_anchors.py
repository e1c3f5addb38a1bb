"""Stored quotes kept anchored in their documents' text (the columns, not the search).

The search itself is ``workbench.intake.anchoring`` (pure). This module turns its answers
into the attribution columns that hold a quote's W3C selectors and state
(``span_start``/``span_end``, ``quote_prefix``/``quote_suffix``, ``anchor_state``,
``anchor_difference``: see ``db.models.Attribution``), for the three ways a quote meets a
text:

- a quote stored with a document that has text (an import, a typed attribution, intake):
  ``anchor_columns``;
- a document whose text changes (``documents update``, an import that corrects the text):
  ``reanchor_document`` looks for every quote of that document again and returns what moved,
  changed or was lost, for the caller's review log;
- reading the state back for a claim list or a dossier: ``flags_by_claim``.

A changed quote keeps its recorded words (the evidence as it was captured); its position
points at the passage that replaced them and ``anchor_difference`` says what differs. It stays
flagged while the document says something else, and becomes ``anchored`` again if the text
is put back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from workbench.db.models import Attribution, Document
from workbench.intake.anchoring import (
    Anchor,
    AnchorStatus,
    Reanchored,
    TextPositionSelector,
    TextQuoteSelector,
    locate,
    reanchor_all,
)
from workbench.records import QuoteAnchorRecord, QuoteFlags
from workbench.vocabulary import AnchorState

_ATTRIBUTIONS = cast(Table, Attribution.__table__)
ANCHOR_COLUMNS = ("span_start", "span_end", "quote_prefix", "quote_suffix", "anchor_state", "anchor_difference")
FLAGGED = (AnchorState.CHANGED.value, AnchorState.ORPHANED.value)

_STATE = {
    AnchorStatus.SAME: AnchorState.ANCHORED,
    AnchorStatus.MOVED: AnchorState.ANCHORED,
    AnchorStatus.CHANGED: AnchorState.CHANGED,
    AnchorStatus.ORPHANED: AnchorState.ORPHANED,
}


def anchor_columns(text: str | None, quote: str | None, span: tuple[int, int] | None) -> dict[str, Any]:
    """The anchor columns of a quote stored now: found in ``text`` (at ``span`` if it is there)."""
    if not text or not quote:
        return {
            "span_start": span[0] if span else None,
            "span_end": span[1] if span else None,
            "quote_prefix": None,
            "quote_suffix": None,
            "anchor_state": None,
            "anchor_difference": None,
        }
    return _columns(locate(text, quote, span), span, None, None)


def anchor_attribution(session: Session, attribution: Attribution) -> None:
    """Anchor a new (or restored) attribution's quote in its document's current text."""
    text = None
    if attribution.document_id is not None and attribution.quote:
        text = session.scalar(select(Document.full_text).where(Document.id == attribution.document_id))
    span = (attribution.span_start, attribution.span_end) if attribution.span_start is not None and attribution.span_end is not None else None
    for name, value in anchor_columns(text, attribution.quote, span).items():
        setattr(attribution, name, value)


def _columns(found: Reanchored, old_span: tuple[int, int] | None, old_prefix: str | None, old_suffix: str | None) -> dict[str, Any]:
    state = _STATE[found.status].value
    if found.anchor is None:
        # Lost: the last position and context are kept, so the quote is found again if the
        # text is put back.
        return {
            "span_start": old_span[0] if old_span else None,
            "span_end": old_span[1] if old_span else None,
            "quote_prefix": old_prefix,
            "quote_suffix": old_suffix,
            "anchor_state": state,
            "anchor_difference": None,
        }
    difference = None
    if found.status is AnchorStatus.CHANGED:
        difference = {"score": found.score, "changes": [list(change) for change in found.difference]}
    return {
        "span_start": found.anchor.position.start,
        "span_end": found.anchor.position.end,
        "quote_prefix": found.anchor.quote.prefix,
        "quote_suffix": found.anchor.quote.suffix,
        "anchor_state": state,
        "anchor_difference": difference,
    }


@dataclass(frozen=True)
class QuoteReanchored:
    """One stored quote looked for again in its document's new text."""

    attribution_id: int
    claim_id: int
    status: AnchorStatus  # same, moved, changed or orphaned
    before: dict[str, Any]  # the anchor columns before
    after: dict[str, Any]  # and now (equal to ``before`` when nothing moved)

    def logged(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """What a review event keeps of the change: state, position and difference, before and after."""
        names = ("anchor_state", "span_start", "span_end", "anchor_difference")
        return {name: self.before[name] for name in names}, {name: self.after[name] for name in names}

    @property
    def state_changed(self) -> bool:
        """The quote's state is not what it was (it belongs in its claim's history)."""
        return self.before["anchor_state"] != self.after["anchor_state"] or (
            self.after["anchor_state"] == AnchorState.CHANGED.value
            and self.before["anchor_difference"] != self.after["anchor_difference"]
        )


def reanchor_document(connection: Connection, document_id: int, text: str | None) -> list[QuoteReanchored]:
    """Find every quote of a document again in its new ``text`` and store where each is now.

    Runs in the caller's transaction; returns every quote looked for, in attribution order
    (``status`` says how each was found). With no text, the quotes keep their words and
    positions and lose their state: there is nothing to anchor them in.
    """
    columns = [Attribution.id, Attribution.claim_id, Attribution.quote, *(getattr(Attribution, name) for name in ANCHOR_COLUMNS)]
    rows = connection.execute(
        select(*columns)
        .where(Attribution.document_id == document_id, Attribution.quote.is_not(None), Attribution.quote != "")
        .order_by(Attribution.id)
    ).all()
    if not rows:
        return []
    befores = [{name: getattr(row, name) for name in ANCHOR_COLUMNS} for row in rows]
    if not text:
        afters = [before | {"anchor_state": None, "anchor_difference": None} for before in befores]
        statuses = [AnchorStatus.ORPHANED] * len(rows)
    else:
        found = reanchor_all([_stored_anchor(row) for row in rows], text)
        afters = [
            _columns(result, _span(before), before["quote_prefix"], before["quote_suffix"])
            for result, before in zip(found, befores, strict=True)
        ]
        statuses = [result.status for result in found]
    results = [
        QuoteReanchored(row.id, row.claim_id, status, before, after)
        for row, status, before, after in zip(rows, statuses, befores, afters, strict=True)
    ]
    _store(connection, [result for result in results if result.before != result.after])
    return results


def _stored_anchor(row: Any) -> Anchor:
    start = row.span_start if row.span_start is not None else 0
    end = row.span_end if row.span_end is not None else start + len(row.quote)
    return Anchor(TextQuoteSelector(row.quote, row.quote_prefix or "", row.quote_suffix or ""), TextPositionSelector(start, end))


def _span(columns: dict[str, Any]) -> tuple[int, int] | None:
    if columns["span_start"] is None or columns["span_end"] is None:
        return None
    return columns["span_start"], columns["span_end"]


def _store(connection: Connection, results: Sequence[QuoteReanchored]) -> None:
    if not results:
        return
    statement = (
        update(_ATTRIBUTIONS)
        .where(_ATTRIBUTIONS.c.id == bindparam("row_id"))
        .values({name: bindparam(f"new_{name}") for name in ANCHOR_COLUMNS})
    )
    connection.execute(
        statement,
        [{"row_id": result.attribution_id} | {f"new_{name}": result.after[name] for name in ANCHOR_COLUMNS} for result in results],
    )


def flags_by_claim(connection: Connection, claim_ids: Iterable[int]) -> dict[int, QuoteFlags]:
    """Changed and orphaned quotes per claim, for the claims that have any (one query)."""
    ids = list(claim_ids)
    if not ids:
        return {}
    counts: dict[int, dict[str, int]] = {}
    for claim_id, state, n in connection.execute(
        select(Attribution.claim_id, Attribution.anchor_state, func.count())
        .where(Attribution.claim_id.in_(ids), Attribution.anchor_state.in_(FLAGGED))
        .group_by(Attribution.claim_id, Attribution.anchor_state)
    ):
        counts.setdefault(claim_id, {})[str(state)] = n
    return {
        claim_id: QuoteFlags(found.get(AnchorState.CHANGED.value, 0), found.get(AnchorState.ORPHANED.value, 0))
        for claim_id, found in counts.items()
    }


def anchor_record(columns: Any) -> QuoteAnchorRecord | None:
    """A stored quote's anchor as a record (``columns``: an attribution row or its columns)."""
    state = columns.anchor_state
    if state is None:
        return None
    difference = columns.anchor_difference or {}
    return QuoteAnchorRecord(
        state=state,
        prefix=columns.quote_prefix,
        suffix=columns.quote_suffix,
        score=difference.get("score"),
        changes=tuple((str(before), str(after)) for before, after in difference.get("changes", ())),
    )
