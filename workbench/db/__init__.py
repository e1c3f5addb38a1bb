"""Storage: the SQLAlchemy models, the engine and its sessions, and the migration runner.

``metadata`` holds every table the models define: what Alembic migrates, exposed where tools
look for it beside the models. It is loaded on first use, not with the package, because
importing any ``workbench.db`` module would otherwise load SQLAlchemy and map every model:
the plain claim page (``review.plain_claim_page``) and ``revision_scripts`` need neither.
Modules that query import ``workbench.db.models`` themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    metadata: MetaData


def __getattr__(name: str) -> Any:
    if name == "metadata":
        from workbench.db import models

        return models.Base.metadata
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
