"""A changed quote's new wording accepted by the reviewer (use case, CLI), logged, and undone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from test_documents import CORRECTED, DOC, run

from workbench.db.engine import Database
from workbench.db.models import Attribution, ReviewEvent
from workbench.errors import InvalidInput
from workbench.review import claims, documents, undo
from workbench.review.quote_wording import accept_new_wording


def _changed(database: Database) -> int:
    """Correct the sample document; the id of the one quote whose wording changed."""
    with database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=CORRECTED)
    (changed,) = [q for q in result.flagged if q.anchor is not None and q.anchor.state == "changed"]
    return changed.attribution_id


def _quote(database: Database, attribution_id: int) -> tuple[str | None, str | None, int | None, int | None]:
    with database.reading() as session:
        row = session.execute(
            select(Attribution.quote, Attribution.anchor_state, Attribution.span_start, Attribution.span_end).where(Attribution.id == attribution_id)
        ).one()
    return row.quote, row.anchor_state, row.span_start, row.span_end


def test_the_new_wording_becomes_the_quote_and_undo_puts_the_recorded_words_back(sample_database: Database) -> None:
    attribution_id = _changed(sample_database)
    recorded = _quote(sample_database, attribution_id)
    assert recorded[0] is not None and recorded[0].endswith("five or six days ago") and recorded[1] == "changed"
    with sample_database.writing() as session:
        record = accept_new_wording(session, "alice", attribution_id, "AP corrected the days")
    quote, state, start, end = _quote(sample_database, attribution_id)
    assert record.quote == quote and quote is not None and quote.endswith("six or seven days ago") and state == "anchored"
    assert start is not None and CORRECTED[start:end] == quote
    with sample_database.reading() as session:
        event = session.scalars(select(ReviewEvent).where(ReviewEvent.action == "quote_wording_accepted")).one()
        assert (event.before or {})["quote"] == recorded[0] and event.reason == "AP corrected the days"
        page = {c.id: c for c in claims.list_claims(session, limit=100)}
        flags = page[record.claim_id].quote_flags
        assert flags is not None and flags.changed == 0  # no longer flagged as changed
        last = undo.describe_last_action(session, "alice")
    assert last is not None and "new wording" in last.done and "'five' → 'six'" in last.done
    with sample_database.writing() as session:
        said = undo.undo_last(session, "alice", last.event_id)
    assert "recorded words" in said
    assert _quote(sample_database, attribution_id) == recorded
    with sample_database.reading() as session:
        flags = claims.get_claim(session, record.claim_id).quote_flags
    assert flags is not None and flags.changed == 1


def test_only_a_changed_quote_has_a_new_wording_to_accept(sample_database: Database) -> None:
    with pytest.raises(InvalidInput, match="is anchored, not changed"):
        with sample_database.writing() as session:
            accept_new_wording(session, "alice", 1)


def test_undo_is_refused_when_a_later_correction_moved_the_quote_on(sample_database: Database) -> None:
    attribution_id = _changed(sample_database)
    with sample_database.writing() as session:
        accept_new_wording(session, "alice", attribution_id)
    with sample_database.writing() as session:  # another correction: the accepted words are gone
        documents.update_document(session, "tester", DOC, text=CORRECTED.replace("six or seven days ago", "a week ago"))
    before = _quote(sample_database, attribution_id)
    with pytest.raises(InvalidInput, match="changed after its new wording was accepted"):
        with sample_database.writing() as session:
            undo.undo_last(session, "alice")
    assert _quote(sample_database, attribution_id) == before


def test_cli_accept_wording_then_undo(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    from support import SAMPLE_FILE

    assert run(db, "import", str(SAMPLE_FILE)).exit_code == 0
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(CORRECTED, encoding="utf-8")
    updated = json.loads(run(db, "documents", "update", DOC, "--text", str(corrected), "--json").stdout)
    (changed,) = [q for q in updated["flagged"] if q["state"] == "changed"]
    result = run(db, "documents", "accept-wording", str(changed["attribution"]), "--reason", "AP correction")
    assert result.exit_code == 0, result.stderr
    assert "six or seven days ago" in result.stdout and "undo puts the recorded words back" in result.stderr
    refused = run(db, "documents", "accept-wording", str(changed["attribution"]))
    assert refused.exit_code == 2 and "is anchored, not changed" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert run(db, "undo", "--yes").exit_code == 0
    shown = json.loads(run(db, "documents", "show", DOC, "--json").stdout)
    again = next(q for q in shown["quotes"] if q["attribution_id"] == changed["attribution"])
    assert again["anchor"]["state"] == "changed" and again["quote"].endswith("five or six days ago")
