"""In the TUI, where anchors are shown: W (shift+w) accepts a corrected document's new wording of a changed
quote (picked from the claim's changed quotes), and u puts the recorded words back."""

from __future__ import annotations

from sqlalchemy import select
from test_documents import CORRECTED, DOC
from tui_helpers import all_text, run, running

from workbench.db.engine import Database
from workbench.db.models import Attribution
from workbench.review import documents
from workbench.tui.messages import ActionUndone, QuoteWordingAccepted
from workbench.tui.screens.main import MainScreen
from workbench.tui.screens.review_dialogs import AcceptWordingDialog
from workbench.tui.widgets.detail import ClaimDetail


def _quote(database: Database, attribution_id: int) -> tuple[str | None, str | None]:
    with database.reading() as session:
        row = session.execute(select(Attribution.quote, Attribution.anchor_state).where(Attribution.id == attribution_id)).one()
    return row.quote, row.anchor_state


def test_w_accepts_the_new_wording_and_u_puts_the_recorded_words_back(sample_database: Database) -> None:
    with sample_database.writing() as session:
        result = documents.update_document(session, "tester", DOC, text=CORRECTED)
    (changed,) = [q for q in result.flagged if q.anchor is not None and q.anchor.state == "changed"]
    recorded = _quote(sample_database, changed.attribution_id)

    async def scenario() -> None:
        async with running(sample_database, size=(160, 48)) as s:
            s.table.focus()
            assert s.table.select_claim(1)  # its one flagged quote is orphaned: nothing to accept
            await s.settle()
            await s.press("W")
            assert isinstance(s.app.screen, MainScreen) and "reads differently" in s.notifications()[-1]
            assert s.table.select_claim(changed.claim_id)
            await s.settle()
            assert s.app.screen.query_one(ClaimDetail).dossier.claim.id == changed.claim_id
            assert "W: accept the new wording" in all_text(s.app)
            await s.press("W")
            assert isinstance(s.app.screen, AcceptWordingDialog)
            await s.press("escape")  # cancelled: nothing changes
            assert _quote(sample_database, changed.attribution_id) == recorded
            await s.press("W", "enter")
            assert isinstance(s.app.screen, MainScreen) and s.messages(QuoteWordingAccepted), s.notifications()
            quote, state = _quote(sample_database, changed.attribution_id)
            assert quote is not None and quote.endswith("six or seven days ago") and state == "anchored"
            await s.press("u")
            assert s.messages(ActionUndone), s.notifications()

    run(scenario)
    assert _quote(sample_database, changed.attribution_id) == recorded
