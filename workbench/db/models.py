"""What is stored: sources, documents, claims, attributions, links and the review log.

Enumerated columns are plain strings guarded by CHECK constraints rather than native enums,
so SQL users read the words they filter on and adding a value is a small migration on both
SQLite and PostgreSQL. Relationships are ``lazy="raise"``: every query states what it loads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workbench.db.base import Base, utcnow
from workbench.vocabulary import (
    AffiliationKind,
    AnchorState,
    Certainty,
    ClaimKind,
    DatePrecision,
    EntityType,
    LinkRelation,
    Mode,
    Reliability,
    SourceKind,
    Stance,
    Status,
    Verdict,
    choices,
)

KEY_LENGTH = 200
ORIGIN_SESSION_LENGTH = 200

# The review log names rows by id, so an id must never come back after its row is deleted
# (an undone attribution, a merged claim): SQLite's AUTOINCREMENT instead of "max(id) + 1".
# PostgreSQL's sequences never hand out an id twice anyway. SQLite does not report
# AUTOINCREMENT when a table is reflected, so a batch migration that rebuilds one of these
# tables must pass ``table_kwargs=NEVER_REUSE_IDS`` (tests/test_migrations.py checks head).
NEVER_REUSE_IDS: dict[str, Any] = {"sqlite_autoincrement": True}


def _one_of(column: str, enum: type) -> str:
    values = ", ".join(f"'{value}'" for value in choices(enum))
    return f"{column} IN ({values})"


def _word(value: str) -> Any:
    """A server-side default for an enumerated column: imports insert rows with only the
    columns they know, and the database fills in the rest."""
    return text(f"'{value}'")


class Source(Base):
    """Who makes statements: a person, an organization, a government body, an outlet."""

    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(_one_of("kind", SourceKind), name="kind_valid"),
        CheckConstraint(_one_of("reliability", Reliability), name="reliability_valid"),
        CheckConstraint("affiliation_id IS NULL OR affiliation_id <> id", name="not_own_affiliation"),
        CheckConstraint(_one_of("affiliation_kind", AffiliationKind), name="affiliation_kind_valid"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), default=SourceKind.PERSON.value)
    role: Mapped[str | None] = mapped_column(Text)
    affiliation_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), index=True
    )
    # member_of groups with the affiliation for independence only; speaks_for also makes the
    # source's statements and silences the affiliation's own (see corroboration.facts).
    affiliation_kind: Mapped[str] = mapped_column(
        String(16), default=AffiliationKind.MEMBER_OF.value, server_default=_word(AffiliationKind.MEMBER_OF.value)
    )
    reliability: Mapped[str] = mapped_column(String(1), default=Reliability.F.value)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    aliases: Mapped[list[SourceAlias]] = relationship(
        back_populates="source", lazy="raise", cascade="all, delete-orphan", order_by="SourceAlias.alias"
    )


class SourceAlias(Base):
    """Another name a source goes by ("Syria's defence ministry" for the Ministry of Defense)."""

    __tablename__ = "source_aliases"
    __table_args__ = (UniqueConstraint("source_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)

    source: Mapped[Source] = relationship(back_populates="aliases", lazy="raise")


class Document(Base):
    """Where statements were published; ``derived_from`` marks rewrites and syndicated copies."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint("derived_from_id IS NULL OR derived_from_id <> id", name="not_derived_from_self"),
        CheckConstraint(_one_of("published_precision", DatePrecision), name="published_precision_valid"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    title: Mapped[str] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    byline: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # What the user gave: ``date`` (the day only, stored at midnight) or ``datetime``; NULL
    # without a date. ``workbench.dates`` turns the pair back into what was given.
    published_precision: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str | None] = mapped_column(Text)
    full_text: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    derived_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Claim(Base):
    """A proposition in the desk's own words, with its stored corroboration status.

    ``status``, ``origin_count`` and ``awaiting`` are derived from the attributions, and
    ``disputed_by``, ``superseded_by`` and ``fulfilled_by`` (the keys of the claims behind each
    flag) from the links; all are kept in step by the write path (``workbench.review.status``)
    so SQL users can filter on them. ``kind`` (event or plan) decides whether forecasts count.
    ``version`` guards against lost updates: a save carrying an older version is refused.
    """

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint(_one_of("verdict", Verdict), name="verdict_valid"),
        CheckConstraint(_one_of("status", Status), name="status_valid"),
        CheckConstraint(_one_of("kind", ClaimKind), name="kind_valid"),
        Index(None, "status", "id"),
        Index(None, "verdict", "id"),
        Index(None, "origin_count", "id"),
        Index(None, "status", "origin_count", "id"),
        Index(None, "updated_at"),
        # Flagged claims are few: partial indexes of their ids make counting and listing them
        # cheap at any size (and hold no text, which PostgreSQL caps per index row). The
        # migration (5e7a2c91b3d4) makes them partial on PostgreSQL too; a postgresql_where here
        # would import SQLAlchemy's PostgreSQL dialects, about 0.1 s, into every SQLite command.
        *(
            Index(f"ix_claims__{flag}", "id", sqlite_where=text(f"{flag}_by IS NOT NULL"))
            for flag in ("disputed", "superseded", "fulfilled")
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default=ClaimKind.EVENT.value, server_default=_word(ClaimKind.EVENT.value))
    place: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date)
    verdict: Mapped[str] = mapped_column(String(32), default=Verdict.UNREVIEWED.value)
    status: Mapped[str] = mapped_column(String(32), default=Status.UNSOURCED.value)
    origin_count: Mapped[int] = mapped_column(Integer, default=0)
    awaiting: Mapped[str | None] = mapped_column(Text)
    disputed_by: Mapped[str | None] = mapped_column(Text)
    superseded_by: Mapped[str | None] = mapped_column(Text)
    fulfilled_by: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    tags: Mapped[list[ClaimTag]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ClaimTag.tag"
    )


class ClaimTag(Base):
    """A free-form tag on a claim (``qamishli``, ``russia``, ``ceasefire``)."""

    __tablename__ = "claim_tags"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(100), primary_key=True, index=True)


class Attribution(Base):
    """One source's position on one claim, as carried by one document."""

    __tablename__ = "attributions"
    __table_args__ = (
        CheckConstraint(_one_of("stance", Stance), name="stance_valid"),
        CheckConstraint(_one_of("mode", Mode), name="mode_valid"),
        CheckConstraint(_one_of("certainty", Certainty), name="certainty_valid"),
        CheckConstraint("credibility BETWEEN 1 AND 6", name="credibility_range"),
        CheckConstraint(
            "span_start IS NULL OR span_end IS NULL OR (span_start >= 0 AND span_end >= span_start)",
            name="span_ordered",
        ),
        CheckConstraint(_one_of("anchor_state", AnchorState), name="anchor_state_valid"),
        Index(None, "source_id", "stance"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="RESTRICT"), index=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True
    )
    stance: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(32), default=Mode.PARAPHRASE.value)
    certainty: Mapped[str] = mapped_column(
        String(16), default=Certainty.STATED.value, server_default=_word(Certainty.STATED.value)
    )
    # True when the certainty was detected from the wording rather than set by the desk.
    certainty_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    quote: Mapped[str | None] = mapped_column(Text)
    # The quote's W3C Web Annotation selectors in its document's text: a TextQuoteSelector
    # (``quote`` with ``quote_prefix`` and ``quote_suffix``, the words around it) and a
    # TextPositionSelector (``span_start``, ``span_end``). ``anchor_state`` says whether the
    # quote is still found there (``workbench.review.quote_anchors`` keeps it after an edit);
    # ``anchor_difference`` holds a changed quote's score and the words that differ.
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote_prefix: Mapped[str | None] = mapped_column(Text)
    quote_suffix: Mapped[str | None] = mapped_column(Text)
    anchor_state: Mapped[str | None] = mapped_column(String(16))
    anchor_difference: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    relayed_via_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    credibility: Mapped[int] = mapped_column(Integer, default=6)
    as_of: Mapped[date | None] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ClaimLink(Base):
    """A directed relation between two claims: ``from`` duplicate_of/contradicts/... ``to``."""

    __tablename__ = "claim_links"
    __table_args__ = (
        CheckConstraint(_one_of("relation", LinkRelation), name="relation_valid"),
        CheckConstraint("from_claim_id <> to_claim_id", name="not_self"),
        UniqueConstraint("from_claim_id", "to_claim_id", "relation"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    to_claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PossiblySameSource(Base):
    """The desk's mark that two sources may be the same person or body (two outlets' unnamed
    "security sources"): their reporting chains are then counted as one.

    Stored once per pair, the lower id first.
    """

    __tablename__ = "possibly_same_sources"
    __table_args__ = (
        CheckConstraint("source_id < other_source_id", name="ordered_pair"),
        UniqueConstraint("source_id", "other_source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    other_source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ClaimCount(Base):
    """How many claims have each (status, verdict): kept by database triggers, never by code.

    The review screen shows these counts on every refresh; reading a dozen rows beats
    grouping a million claims.
    """

    __tablename__ = "claim_counts"

    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    verdict: Mapped[str] = mapped_column(String(32), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ClaimTake(Base):
    """Who is on a claim: one reviewer's take, shown to the others until it expires.

    At most one row per claim (the claim id is the key). A take past ``expires_at`` counts as
    free, so a reviewer who walks away blocks nobody for long; the row stays until the claim
    is taken again. ``reason`` is set when the take was taken over from ``taken_over_from``.
    Takes change no claim: they leave its version alone, so nobody's save goes stale.
    """

    __tablename__ = "claim_takes"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    taken_over_from: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)


class StatusCheck(Base):
    """One run of ``db check``: what it covered and what it found.

    The next check starts from the newest clean one (nothing found, or everything fixed) made
    under the same rules: it recomputes only the claims that review events after
    ``through_event_id`` touched, and the claims above ``through_claim_id``, instead of a
    million. ``rules`` fingerprints the code that computes a status, so an upgrade that
    changes a rule makes the next check a full one.
    """

    __tablename__ = "status_checks"
    __table_args__ = (CheckConstraint("scope IN ('full', 'changes')", name="scope_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewer: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(16))  # "full" or "changes"
    rules: Mapped[str] = mapped_column(String(64))
    through_event_id: Mapped[int] = mapped_column(Integer)
    through_claim_id: Mapped[int] = mapped_column(Integer)
    claims_checked: Mapped[int] = mapped_column(Integer)
    mismatches: Mapped[int] = mapped_column(Integer)
    clean: Mapped[bool] = mapped_column(Boolean)


class ReviewEvent(Base):
    """Append-only audit log: who changed what, when, from what to what, and why.

    ``claim_id`` is denormalised (no foreign key) so a claim's history survives a merge or
    deletion and can be read with one indexed query. ``origin`` says in words where the
    change was made ("command line on desk-3, terminal /dev/pts/2"), and ``origin_session``
    identifies that terminal or TUI session, so undo can tell a change made here from one
    made elsewhere under the same name (both NULL for rows written before they existed).
    """

    __tablename__ = "review_events"
    __table_args__ = (
        CheckConstraint(_one_of("entity_type", EntityType), name="entity_type_valid"),
        Index(None, "claim_id", "id"),
        Index(None, "entity_type", "entity_id"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    reviewer: Mapped[str] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    origin_session: Mapped[str | None] = mapped_column(String(ORIGIN_SESSION_LENGTH))


# Every table above, where tools look for it beside the models (pytest-alembic, scripts).
metadata = Base.metadata
