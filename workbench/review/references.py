"""Resolving what a user types ("Ahmed Ali", "src-ahmed-ali", "12") to one stored row.

Shared by the CLI, the TUI and the importer so a name means the same thing everywhere:
an id, then a key, then an exact case-insensitive name, then an exact alias. Two matches is
an error naming both, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.models import Claim, Document, Source, SourceAlias
from workbench.errors import AmbiguousReference, InvalidInput, NotFound
from workbench.limits import MAX_TEXT, too_long
from workbench.text.normalize import ascii_fold


def find_source(session: Session, reference: str | int) -> Source:
    text = str(reference).strip()
    if text.isdigit() and (source := session.get(Source, int(text))) is not None:
        return source
    if (source := session.scalars(select(Source).where(Source.key == text)).first()) is not None:
        return source
    lowered = text.casefold()
    by_name = session.scalars(select(Source).where(func.lower(Source.name) == lowered).limit(3)).all()
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        raise AmbiguousReference(_ambiguous("source", text, by_name))
    by_alias = session.scalars(
        select(Source)
        .join(SourceAlias, SourceAlias.source_id == Source.id)
        .where(func.lower(SourceAlias.alias) == lowered)
        .distinct()
        .limit(3)
    ).all()
    if len(by_alias) == 1:
        return by_alias[0]
    if len(by_alias) > 1:
        raise AmbiguousReference(_ambiguous("source", text, by_alias))
    return _source_by_spelling(session, text)


def _source_by_spelling(session: Session, text: str) -> Source:
    """The source ``text`` names once spelling is set aside ("Syria's defence ministry" for the
    alias "Syrian defense ministry": the same words, ``normalize_source_name``), else
    NotFound naming the sources it may have meant: never a guess. Until 2026-12-07 a typo
    ("Syrian defnse ministry") only said "no source", and the reviewer went to the list."""
    from workbench.matching.sources import resolve_source  # only when nothing matched exactly

    resolution = resolve_source(session, text)
    if resolution.kind in ("exact", "alias") and resolution.source_id is not None:
        source = session.get(Source, resolution.source_id)
        if source is not None:
            return source
    meant = []
    for candidate in resolution.candidates[:3]:
        source = session.get(Source, candidate.source_id)
        if source is not None:
            known_as = f" (as {candidate.name!r})" if candidate.name != source.name else ""
            meant.append(f"#{source.id} {source.name}{known_as}")
    guess = f"; did you mean {', '.join(meant)}?" if meant else ""
    raise NotFound(f"no source {text!r}{guess} (give an id, a key, a name or an alias; see `workbench sources list`)")


def find_claim(session: Session, reference: str | int) -> Claim:
    text = str(reference).strip()
    if text.isdigit() and (claim := session.get(Claim, int(text))) is not None:
        return claim
    if (claim := session.scalars(select(Claim).where(Claim.key == text)).first()) is not None:
        return claim
    raise NotFound(f"no claim {text!r} (give an id or a key; see `workbench claims list`)")


def find_document(session: Session, reference: str | int) -> Document:
    text = str(reference).strip()
    if text.isdigit() and (document := session.get(Document, int(text))) is not None:
        return document
    if (document := session.scalars(select(Document).where(Document.key == text)).first()) is not None:
        return document
    raise NotFound(f"no document {text!r} (give an id or a key)")


def _ambiguous(kind: str, text: str, rows: Sequence[Source]) -> str:
    names = ", ".join(f"#{row.id} {row.key}" for row in rows)
    return f"{kind} {text!r} is ambiguous: it names {names}; give the id or key"


def require_storable(value: str | None, field: str, limit: int = MAX_TEXT) -> str | None:
    """Refuse text the database cannot store faithfully on every backend, or that an import would refuse.

    Everything else, markup and control characters included, is stored byte-exact; U+0000
    is refused, because PostgreSQL text cannot hold it and a desk's claim never needs it.
    The length limit is the interchange format's (``workbench.limits``), so whatever a
    reviewer stores, an export of it imports again.
    """
    if value is None:
        return value
    if (reason := too_long(value, limit)) is not None:
        raise InvalidInput(f"{field}: {reason}")
    if "\x00" in value:
        raise InvalidInput(f"{field}: contains a NUL character (U+0000), which cannot be stored")
    return value


def escape_like(value: str) -> str:
    """Make ``%``, ``_`` and the escape character literal in a LIKE pattern (use ``escape="\\"``)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def slugify(text: str, limit: int = 60) -> str:
    """A readable key fragment: lowercase ASCII words joined by hyphens."""
    ascii_text = ascii_fold(text)
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "item"


def unique_key(session: Session, model: type[Claim] | type[Source] | type[Document], prefix: str, text: str) -> str:
    """A new key ``prefix-slug`` (with a counter if taken) for records created by hand."""
    base = f"{prefix}-{slugify(text)}"
    candidate = base
    counter = 2
    while session.scalars(select(model.id).where(model.key == candidate)).first() is not None:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate
