"""Plain, immutable records handed to the CLI and the TUI.

The use-case modules (``claims``, ``sources``, ``importer``...) return these instead of ORM
rows, so nothing outside ``workbench.db`` can trigger a lazy load or hold a session open, and
the JSON output of the CLI is just ``to_jsonable(record)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the claim list (start-up speed) needs no corroboration rules
    from workbench.corroboration import Assessment, ChainNode, StatusChange


@dataclass(frozen=True)
class SourceRecord:
    id: int
    key: str
    name: str
    kind: str
    role: str | None
    reliability: str
    affiliation_id: int | None = None
    affiliation_name: str | None = None
    aliases: tuple[str, ...] = ()
    attribution_count: int = 0
    affiliation_kind: str = "member_of"  # member_of | speaks_for (meaningful with an affiliation)


@dataclass(frozen=True)
class PossiblySameMark:
    """The desk's mark that two sources may be one: their reporting chains count as one."""

    id: int
    source_id: int
    source_name: str
    other_source_id: int
    other_source_name: str
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    key: str
    title: str
    outlet_id: int | None
    outlet_name: str | None
    byline: str | None
    place: str | None
    published_at: date | datetime | None  # as given: a date when only the day was (workbench.dates)
    url: str | None
    derived_from_id: int | None = None
    derived_from_title: str | None = None


@dataclass(frozen=True)
class QuoteAnchorRecord:
    """Where a quote stands in its document's text (``workbench.review.quote_anchors``).

    ``state`` is ``anchored``, ``changed`` (only a close passage was found: ``changes`` lists
    the words recorded and the words the document has now, ``score`` how close) or
    ``orphaned`` (no longer found). ``prefix`` and ``suffix`` complete the W3C
    TextQuoteSelector whose ``exact`` is the attribution's quote.
    """

    state: str
    prefix: str | None
    suffix: str | None
    score: float | None = None
    changes: tuple[tuple[str, str], ...] = ()

    @property
    def flagged(self) -> bool:
        return self.state in ("changed", "orphaned")

    def describe(self) -> str:
        """"changed in the document: 'five or six' → 'six or seven'", "no longer in the document"."""
        if self.state == "orphaned":
            return "no longer found in the document"
        if self.state == "changed":
            changes = "; ".join(f"{before!r} → {after!r}" for before, after in self.changes)
            return f"changed in the document: {changes}" if changes else "changed in the document"
        return "anchored in the document"


@dataclass(frozen=True)
class QuoteFlags:
    """How many of a claim's quotes are no longer found as recorded in their documents."""

    changed: int = 0
    orphaned: int = 0

    def describe(self) -> str:
        """"1 quote changed", "2 quotes orphaned", "1 quote changed, 2 orphaned"."""
        total = self.changed + self.orphaned
        noun = "quote" if total == 1 else "quotes"
        if self.changed and self.orphaned:
            return f"{total} {noun}: {self.changed} changed, {self.orphaned} orphaned"
        return f"{total} {noun} {'changed' if self.changed else 'orphaned'}" if total else ""


@dataclass(frozen=True)
class AttributionRecord:
    id: int
    key: str
    claim_id: int
    stance: str
    mode: str
    source: SourceRecord
    document: DocumentRecord | None
    quote: str | None
    span: tuple[int, int] | None
    relayed_via: SourceRecord | None
    credibility: int
    as_of: date | None
    note: str | None
    anchor: QuoteAnchorRecord | None = None  # None: no quote, or no document text to anchor it in
    certainty: str = "stated"  # stated | hedged | forecast
    certainty_inferred: bool = False  # detected from the wording, not set by the desk


@dataclass(frozen=True)
class ClaimTakeRecord:
    """A reviewer's take on a claim: who is on it, since when, until when (``review.claim_takes``).

    ``taken_over_from`` and ``reason`` are set when the take replaced someone else's.
    ``claim_text`` is filled by the listing of takes only. Times are naive UTC.
    """

    claim_id: int
    reviewer: str
    taken_at: datetime
    expires_at: datetime
    taken_over_from: str | None = None
    reason: str | None = None
    claim_text: str | None = None

    def running(self, now: datetime | None = None) -> bool:
        """Not expired yet (``now`` is naive UTC; the clock by default): an expired take is free."""
        return self.expires_at > (now or datetime.now(UTC).replace(tzinfo=None))

    def describe(self) -> str:
        """"in review by Lina since 10:42" (UTC, like every time the workbench shows)."""
        return f"in review by {self.reviewer} since {self.taken_at:%H:%M}"


@dataclass(frozen=True)
class ClaimSummary:
    """One row of the claim list."""

    id: int
    key: str
    text: str
    status: str
    verdict: str
    origins: int
    awaiting: str | None
    tags: tuple[str, ...]
    place: str | None
    event_date: date | None
    version: int
    updated_at: datetime
    score: float | None = None  # set by fuzzy text search
    quote_flags: QuoteFlags | None = None  # quotes changed or orphaned in their documents (None: none)
    kind: str = "event"  # event | plan
    disputed_by: str | None = None  # keys of the claims behind each flag, "; "-separated
    superseded_by: str | None = None
    fulfilled_by: str | None = None
    take: ClaimTakeRecord | None = None  # who is on it now (None: nobody, or the take expired)

    @property
    def flags(self) -> tuple[str, ...]:
        """The flags beside the status, in the rules' order: "superseded", "disputed", "fulfilled"."""
        named = (("superseded", self.superseded_by), ("disputed", self.disputed_by), ("fulfilled", self.fulfilled_by))
        return tuple(flag for flag, keys in named if keys)


@dataclass(frozen=True)
class LinkRecord:
    id: int
    relation: str
    direction: str  # "outgoing": this claim -> other; "incoming": other -> this claim
    other_claim_id: int
    other_claim_text: str
    note: str | None


@dataclass(frozen=True)
class ReviewEventRecord:
    id: int
    at: datetime
    reviewer: str
    entity_type: str
    entity_id: int
    claim_id: int | None
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None


@dataclass(frozen=True)
class DocumentView:
    """Where an attribution was published, as a dossier shows it (every string is stored text)."""

    title: str
    outlet: str | None
    byline: str | None
    published: date | None
    url: str | None
    rewrite_of: str | None  # the title of the document this one rewrites


@dataclass(frozen=True)
class AttributionView:
    """One attribution as every reader of a dossier shows it.

    The ``*_label`` fields are the workbench's own words for vocabulary values ("direct
    quote", "B (usually reliable)"), made once here so the CLI, the TUI and the case file use
    the same ones. Every other string is stored text, from a reviewer or an imported file:
    each renderer makes it safe its own way.
    """

    id: int
    source_name: str
    source_key: str
    source_kind_label: str
    role: str | None
    affiliation: str | None
    grade_label: str
    credibility_label: str
    mode_label: str | None  # None for a silence: saying nothing has no mode
    as_of: date | None
    relayed_via: str | None
    document: DocumentView | None
    quote: str | None
    note: str | None
    quote_flag: str | None = None  # "changed in the document: ...": set only for a changed or orphaned quote
    # Where the quote stands in its document's text: anchored, changed or orphaned (None: no
    # quote, or no text to anchor it in), and that in words ("anchored in the document").
    anchor_state: str | None = None
    anchor_label: str | None = None
    certainty_label: str | None = "stated"  # "hedged", "forecast (inferred from the wording)"; None for a silence
    affiliation_kind_label: str | None = None  # "member of", "speaks for" (with an affiliation)


@dataclass(frozen=True)
class StanceGroup:
    """The attributions that take one stance, under the heading every reader shows."""

    stance: str
    heading: str  # "Asserts", "No statement"...
    attributions: tuple[AttributionView, ...]


@dataclass(frozen=True)
class LinkView:
    """A link to another claim, seen from this one (``other_claim_text`` and ``note`` are stored text)."""

    relation_label: str  # "duplicate of"
    outgoing: bool  # True: this claim -> the other; False: the other -> this claim
    other_claim_id: int
    other_claim_text: str
    note: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One review event as a line of history.

    ``action`` and ``change`` are built from what the log stores (an unknown action's own
    name, the values before and after), so renderers treat them as stored text too.
    """

    at: datetime
    reviewer: str
    action: str  # "verdict set", "note", "duplicate merged in"...
    change: str  # "unreviewed → accurate", "#12 (asserts)"; empty when there is nothing to add
    reason: str | None
    is_note: bool  # the reason is a reviewer's note: shown with its line breaks


@dataclass(frozen=True)
class ClaimDossier:
    """One claim's whole case, built once (``review.dossier.get_dossier``) for every reader.

    ``claims show`` prints it, the TUI's detail pane draws it and the case file writes it as
    Markdown: they only lay out what is here, so they cannot disagree on what a dossier says.
    ``attributions``, ``links`` and ``history`` are the records as stored (for ``--json`` and
    for scripts); ``by_stance``, ``linked`` and ``entries`` are the same things ready to show.
    """

    claim: ClaimSummary
    assessment: Assessment
    summary: str  # "corroborated · awaiting: Russian government (as of 2026-01-27)"
    reason: str  # "2 independent origins assert it; none denies it."
    explanation: tuple[str, ...]  # the status explained line by line, as ``claims show`` prints it
    attributions: tuple[AttributionRecord, ...]
    by_stance: tuple[StanceGroup, ...]  # in the vocabulary's order of stances; empty stances left out
    links: tuple[LinkRecord, ...]
    linked: tuple[LinkView, ...]
    history: tuple[ReviewEventRecord, ...]
    entries: tuple[HistoryEntry, ...]  # oldest first, like ``history``
    as_of: date | None = None  # the status, reason and explanation use only evidence observed by then
    kind_label: str = "event"  # "event" or "plan"
    flags: tuple[str, ...] = ()  # beside the status: "superseded by claim-x", "disputed by claim-y"
    chains: tuple[ChainNode, ...] = ()  # the reporting chains as trees (origin -> relays -> documents)
    chain_lines: tuple[str, ...] = ()  # the same trees drawn with box characters, for plain text
    timeline: tuple[StatusChange, ...] = ()  # how the status moved as the evidence arrived
    timeline_text: str = ""  # "unsourced until 26 Jan 2026; single_source from 26 Jan 2026; ..."


@dataclass(frozen=True)
class Counts:
    """Claims per corroboration status and per verdict."""

    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_verdict: dict[str, int] = field(default_factory=dict)
    by_flag: dict[str, int] = field(default_factory=dict)  # disputed, superseded, fulfilled


@dataclass(frozen=True)
class StatusMismatch:
    """A claim whose stored status disagrees with the rules (found by ``db check``)."""

    claim_id: int
    stored_status: str
    computed_status: str
    stored_origins: int
    computed_origins: int
    stored_awaiting: str | None
    computed_awaiting: str | None
    stored_flags: str | None = None  # "disputed by claim-x; superseded by claim-y"
    computed_flags: str | None = None


_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once per type


def to_jsonable(value: Any) -> Any:
    """Turn records (and the dataclasses and enums inside them) into JSON-ready values.

    A record's field names are looked up once per type: asked of ``dataclasses`` for each
    record, they took about a tenth of the time (80,000 pairs of claims: 1.3 s, now 1.17 s).
    """
    kind = type(value)
    if kind in _PLAIN:  # most leaves: answered before the dataclass and enum checks
        return value
    names = _FIELD_NAMES.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        items = [to_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    return value


def assessment_json(assessment: Assessment) -> dict[str, Any]:
    """The explanation in the shape ``claims show --json`` documents."""
    return {
        "status": assessment.status.value,
        "summary": assessment.summary(),
        "reason": assessment.reason(),
        "origins": [
            {
                "source_id": origin.source_id,
                "name": origin.name,
                "stances": sorted(s.value for s in origin.stances),
                "attributions": [to_jsonable(a) for a in origin.attributions],
            }
            for origin in assessment.origins
        ],
        "not_counted": [to_jsonable(u) for u in assessment.uncounted],
        "awaiting": [to_jsonable(p) | {"text": p.describe()} for p in assessment.awaiting],
        "no_longer_awaited": [to_jsonable(p) for p in assessment.no_longer_awaited],
        "flags": assessment.flags(),
        "disputed_by": [to_jsonable(c) for c in assessment.disputed_by],
        "superseded_by": [to_jsonable(c) for c in assessment.superseded_by],
        "fulfilled_by": [to_jsonable(c) for c in assessment.fulfilled_by],
        "as_of": to_jsonable(assessment.as_of),
        "left_out": assessment.left_out,
        "lines": assessment.explanation_lines(),
    }
