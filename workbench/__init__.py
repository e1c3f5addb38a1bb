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

Writes go through ``with db.writing() as session:`` and the functions in
``workbench.review`` (``claims``, ``attributions``, ``sources``, ``links``); each records who
did what in the review log.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Every CLI call imports this package, and most need none of these: they load on first use
# (PEP 562), so `workbench --version` does not pay for SQLAlchemy, rapidfuzz and the importer.
_EXPORTS: dict[str, str] = {
    "Assessment": "workbench.corroboration",
    "assess": "workbench.corroboration",
    "Database": "workbench.db.engine",
    "open_database": "workbench.review.opening",
    "ClaimFilter": "workbench.review.claims",
    "SortOrder": "workbench.review.claims",
    "add_claim": "workbench.review.claims",
    "add_note": "workbench.review.claims",
    "count_claims": "workbench.review.claims",
    "get_claim": "workbench.review.claims",
    "get_dossier": "workbench.review.claims",
    "list_claims": "workbench.review.claims",
    "set_verdict": "workbench.review.claims",
    "add_attribution": "workbench.review.attributions",
    "record_silence": "workbench.review.attributions",
    "link_claims": "workbench.review.links",
    "merge_claims": "workbench.review.links",
    "add_source": "workbench.review.sources",
    "grade_source": "workbench.review.sources",
    "list_sources": "workbench.review.sources",
    "SqlResult": "workbench.review.sql_sandbox",
    "run_readonly_sql": "workbench.review.sql_sandbox",
    "match_claim_ids": "workbench.matching.search",
    "import_file": "workbench.importing.pipeline",
}

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


if TYPE_CHECKING:
    from workbench.corroboration import Assessment, assess
    from workbench.db.engine import Database
    from workbench.importing.pipeline import import_file
    from workbench.matching.search import match_claim_ids
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
    from workbench.review.links import link_claims, merge_claims
    from workbench.review.opening import open_database
    from workbench.review.sources import add_source, grade_source, list_sources
    from workbench.review.sql_sandbox import SqlResult, run_readonly_sql
