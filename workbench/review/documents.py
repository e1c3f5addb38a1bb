"""Reading the documents a reviewer can cite: what the TUI's document picker searches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from workbench.db.models import Document, Source


@dataclass(frozen=True)
class DocumentChoice:
    """A document as a picker lists it: enough to recognise it, never its full text."""

    id: int
    key: str
    title: str
    outlet_name: str | None
    published_at: datetime | None


def document_choices(session: Session) -> list[DocumentChoice]:
    """Every document, newest published first (undated last), with its outlet's name.

    Only the columns a picker shows are read: a document's full text can be long.
    """
    outlet = aliased(Source)
    rows = session.execute(
        select(Document.id, Document.key, Document.title, outlet.name, Document.published_at)
        .outerjoin(outlet, outlet.id == Document.outlet_id)
        .order_by(Document.published_at.desc().nulls_last(), Document.id.desc())
    ).all()
    return [DocumentChoice(*row) for row in rows]
