"""workbench: claims, their attributed sources, and how well each claim is corroborated.

Everything the command line does can be scripted (in a notebook, say)::

    from workbench import open_database, ClaimFilter, list_claims, get_dossier

    db = open_database("desk.db")                 # upgraded on open, after a backup
    with db.reading() as session:
        weak = list_claims(session, ClaimFilter(status="single_source", text="qamishli"), limit=20)
        for claim in weak:
            print(claim.id, claim.status, claim.awaiting, claim.text)
        dossier = get_dossier(session, weak[0].id)
        print("\\n".join(dossier.assessment.explanation_lines()))

Writes go through ``with db.writing() as session:`` and the functions in ``claims``,
``attributions``, ``sources`` and ``links``; each records who did what in the review log.
"""

from __future__ import annotations

from workbench.review.attributions import add_attribution, record_silence
from workbench.review.claims import (
    ClaimFilter,
    SortOrder,
    add_claim,
    add_note,
    count_claims,
    get_claim,
    get_dossier,
    list_claims,
    set_verdict,
)
from workbench.corroboration import Assessment, assess
from workbench.db.engine import Database
from workbench.importing.pipeline import import_file
from workbench.review.links import link_claims, merge_claims
from workbench.db.opening import open_database
from workbench.matching.search import match_claim_ids
from workbench.review.sources import add_source, grade_source, list_sources
from workbench.review.sql_sandbox import SqlResult, run_readonly_sql

__all__ = [
    "Assessment",
    "ClaimFilter",
    "Database",
    "SortOrder",
    "SqlResult",
    "add_attribution",
    "add_claim",
    "add_note",
    "add_source",
    "assess",
    "count_claims",
    "get_claim",
    "get_dossier",
    "grade_source",
    "import_file",
    "link_claims",
    "list_claims",
    "list_sources",
    "match_claim_ids",
    "merge_claims",
    "open_database",
    "record_silence",
    "run_readonly_sql",
    "set_verdict",
]
