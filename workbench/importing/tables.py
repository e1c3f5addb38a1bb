"""The tables an import writes with Core statements, and the sizes its batches and caches keep to."""

from __future__ import annotations

from sqlalchemy import Table

from workbench.db.base import Base
from workbench.db.batches import chunks as chunks  # the writers take it from here
from workbench.db.models import (
    Attribution,
    Claim,
    ClaimLink,
    ClaimTag,
    Document,
    PossiblySameSource,
    ReviewEvent,
    Source,
    SourceAlias,
)

CLAIMS_PER_BATCH = 1000
IN_CHUNK = 500  # keys per IN (...) list
# Entries a lookup cache of sources or documents keeps before it starts over (memory is
# budgeted). Large enough to hold a big feed's every source and document (the 1M-claim
# benchmark has 10,000 and 20,000: about 6 MB in all), since a miss is a query, and on SQLite
# a query waits for the writes running in the background.
CACHE_LIMIT = 50_000
STATUS_MEMO = 4_000  # new claims' statuses remembered by the facts they follow from
REFRESH_CHUNK = 2_000  # claims whose statuses are recomputed together

# The models' tables, from the metadata (typed as ``Table``, where ``Model.__table__`` is a
# ``FromClause``).
SOURCES: Table = Base.metadata.tables[Source.__tablename__]
ALIASES: Table = Base.metadata.tables[SourceAlias.__tablename__]
DOCUMENTS: Table = Base.metadata.tables[Document.__tablename__]
CLAIMS: Table = Base.metadata.tables[Claim.__tablename__]
TAGS: Table = Base.metadata.tables[ClaimTag.__tablename__]
ATTRIBUTIONS: Table = Base.metadata.tables[Attribution.__tablename__]
LINKS: Table = Base.metadata.tables[ClaimLink.__tablename__]
EVENTS: Table = Base.metadata.tables[ReviewEvent.__tablename__]
POSSIBLY_SAME: Table = Base.metadata.tables[PossiblySameSource.__tablename__]
