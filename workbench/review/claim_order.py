"""How the claim list is ordered and how long a page may be.

Apart from ``claim_list`` so that ``claims list`` can name its choices (``--sort``, ``--limit``)
without loading SQLAlchemy: the plain page (``plain_claim_page``) needs neither.
"""

from __future__ import annotations

from enum import StrEnum

MAX_PAGE = 1000


class SortOrder(StrEnum):
    """How the claim list is ordered; every order is keyset-pageable (``after_id``)."""

    ID = "id"  # oldest first
    NEWEST = "newest"  # newest first
    LAST_CHANGE = "last_change"  # most recently changed first
    ORIGINS = "origins"  # fewest independent origins first (weakest first)
