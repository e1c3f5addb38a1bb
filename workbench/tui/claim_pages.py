"""Pages of the claim list: browsing reads the next page by id, a search asks for more results."""

from __future__ import annotations

from workbench.db.engine import Database
from workbench.records import ClaimSummary
from workbench.review import claims
from workbench.review.claims import ClaimFilter
from workbench.tui.messages import ClaimQuery

PAGE_SIZE = 100
SEARCH_PAGE = 50


def fetch_claim_page(
    database: Database, query: ClaimQuery, after_id: int | None, shown: int, size: int = 0
) -> tuple[list[ClaimSummary], bool]:
    """A page of the list (at least ``size`` rows), and whether it was the last one.

    Browsing pages by id (keyset), so a page costs the same however deep the reviewer is. A
    search is ranked, so its "next page" is the same search asked for more results; the
    ``shown`` rows already on screen are dropped from it.
    """
    filters = ClaimFilter(status=query.status, verdict=query.verdict, text=query.text or None, flag=query.flag)
    with database.reading() as session:
        if query.searching:
            limit = min(shown + max(size, SEARCH_PAGE), claims.MAX_PAGE)
            found = claims.list_claims(session, filters, limit=limit)
            return found[shown:], len(found) < limit or limit >= claims.MAX_PAGE
        limit = max(size, PAGE_SIZE)
        page = claims.list_claims(session, filters, limit=limit, after_id=after_id)
        return page, len(page) < limit
