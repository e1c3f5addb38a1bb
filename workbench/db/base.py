"""Declarative base with one naming convention for every constraint.

Named constraints are what make batch migrations on SQLite and ALTERs on PostgreSQL
predictable: Alembic can only drop or alter a constraint it can name.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s__%(column_0_N_name)s",
    "uq": "uq_%(table_name)s__%(column_0_N_name)s",
    "ck": "ck_%(table_name)s__%(constraint_name)s",
    "fk": "fk_%(table_name)s__%(column_0_N_name)s__%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every workbench table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL (columns are documented as UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
