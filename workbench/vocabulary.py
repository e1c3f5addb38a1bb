"""The desk's controlled vocabularies.

These enums are shared by the pure corroboration rules, the database models, the interchange
format and the UIs, so they live apart from all of them. Their *values* are what is stored in
the database and written in files: renaming a value is a schema migration, not a refactor.
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """What sort of party makes statements."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT_BODY = "government_body"
    MEDIA_OUTLET = "media_outlet"
    UNIDENTIFIED = "unidentified"


class Reliability(StrEnum):
    """Admiralty (NATO) source reliability grade.

    F is the default because a desk that has not judged a source must not look as if it had.
    """

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable: shown, never counted
    F = "F"  # reliability cannot be judged

    @property
    def label(self) -> str:
        return RELIABILITY_LABELS[self]


RELIABILITY_LABELS: dict[Reliability, str] = {
    Reliability.A: "completely reliable",
    Reliability.B: "usually reliable",
    Reliability.C: "fairly reliable",
    Reliability.D: "not usually reliable",
    Reliability.E: "unreliable",
    Reliability.F: "cannot be judged",
}

# Admiralty information credibility, 1 (confirmed by other sources) .. 6 (cannot be judged).
CREDIBILITY_LABELS: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
DEFAULT_CREDIBILITY = 6


class Stance(StrEnum):
    """One source's position on one claim."""

    ASSERTS = "asserts"
    DENIES = "denies"
    NO_STATEMENT = "no_statement"
    DECLINED_TO_COMMENT = "declined_to_comment"

    @property
    def is_silence(self) -> bool:
        return self in (Stance.NO_STATEMENT, Stance.DECLINED_TO_COMMENT)


class Mode(StrEnum):
    """How the statement reached the document."""

    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    OWN_OBSERVATION = "own_observation"
    OFFICIAL_STATEMENT = "official_statement"
    ANONYMOUS = "anonymous"


class Certainty(StrEnum):
    """How firmly an attribution puts the claim: a forecast or a hedge is not confirmation.

    For a claim about an event, only ``stated`` attributions count; for a claim about a plan
    (``ClaimKind.PLAN``), forecasts count too (the plan is what they assert).
    """

    STATED = "stated"
    HEDGED = "hedged"  # may, reportedly, unconfirmed, believed to
    FORECAST = "forecast"  # will, is expected to, is due to, plans to


class ClaimKind(StrEnum):
    """Whether a claim is about something that happened or something scheduled or expected."""

    EVENT = "event"
    PLAN = "plan"


class AffiliationKind(StrEnum):
    """How a source belongs to the party above it.

    ``member_of`` groups sources for independence only (two SDF fighters are one origin, yet
    neither speaks for the SDF); ``speaks_for`` makes the source's statement the party's own
    position (a spokesperson, an official statement), for stances and for ending its silence.
    """

    MEMBER_OF = "member_of"
    SPEAKS_FOR = "speaks_for"


class DatePrecision(StrEnum):
    """How precisely a date-time was given: the day only, or the day and the time."""

    DATE = "date"
    DATETIME = "datetime"


class Verdict(StrEnum):
    """The reviewer's conclusion; maps onto ClaimReview ratings (see exporter)."""

    UNREVIEWED = "unreviewed"
    ACCURATE = "accurate"
    MOSTLY_ACCURATE = "mostly_accurate"
    MISLEADING = "misleading"
    FALSE = "false"
    UNPROVEN = "unproven"


class Status(StrEnum):
    """Corroboration status computed from attributions (see the corroboration package)."""

    UNSOURCED = "unsourced"
    SINGLE_SOURCE = "single_source"
    CORROBORATED = "corroborated"
    CONTESTED = "contested"
    REFUTED = "refuted"


class LinkRelation(StrEnum):
    """How one claim relates to another (``from`` relation ``to``).

    ``supersedes``: a later, more authoritative account replaces an earlier report (the
    earlier claim is flagged "superseded"); ``fulfils``: an event makes a plan come true (the
    plan is flagged "fulfilled"); ``contradicts`` flags either end "disputed" once the other
    has counted origins asserting it.
    """

    DUPLICATE_OF = "duplicate_of"
    CONTRADICTS = "contradicts"
    SUPPORTS = "supports"
    REFINES = "refines"
    SUPERSEDES = "supersedes"
    FULFILS = "fulfils"


class ClaimFlag(StrEnum):
    """What the links to other claims flag beside a claim's status (they never change it)."""

    DISPUTED = "disputed"
    SUPERSEDED = "superseded"
    FULFILLED = "fulfilled"


class AnchorState(StrEnum):
    """Whether a stored quote is still where its selectors say, in its document's text.

    ``anchored``: the exact words are in the text (at the stored position, or found again
    elsewhere). ``changed``: only a close passage was found; the position points at it and the
    difference is kept, because the document may no longer say what the attribution records.
    ``orphaned``: nothing close enough; the quote keeps its words and its last position.
    No state (NULL): there is nothing to anchor in (no quote, or a document without text).
    """

    ANCHORED = "anchored"
    CHANGED = "changed"
    ORPHANED = "orphaned"


class EntityType(StrEnum):
    """What a review event is about."""

    CLAIM = "claim"
    ATTRIBUTION = "attribution"
    SOURCE = "source"
    DOCUMENT = "document"
    LINK = "link"


def choices(enum: type[StrEnum]) -> list[str]:
    """The stored values of an enum, in declaration order (for help texts and errors)."""
    return [member.value for member in enum]


def label(value: str, enum: type[StrEnum]) -> str:
    """A stored value in words, as every reader shows it ("own_observation" -> "own observation").

    Only the enum's own values are turned into words, so a label is always the workbench's
    own text (safe to show unescaped); anything else is "unknown".
    """
    return value.replace("_", " ") if value in choices(enum) else "unknown"


def labels(enum: type[StrEnum]) -> dict[str, str]:
    """Every value of an enum with its words, in declaration order (pickers, chips, help)."""
    return {value: label(value, enum) for value in choices(enum)}
