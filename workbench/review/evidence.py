"""A claim's evidence as the corroboration rules take it, loaded from the database.

Everything the rules read comes from here, in a handful of queries for many claims at once:
the attributions (with their certainty), the sources and their whole affiliation chains (with
the kind of each affiliation and of each source), the documents and their ``derived_from``
chains (with their publication dates), the claim's kind, the sources the desk marked as
possibly the same, and the ``contradicts``/``supersedes``/``fulfils`` links to other claims.

A link flag needs to know whether the other claim has counted origins asserting it, so the
linked claims are assessed too, on their own evidence without their links (a flag never
depends on another claim's flags, so this never recurses).

The row-to-facts helpers (``SOURCE_FACT_COLUMNS`` with ``source_facts``, and the document and
attribution pairs) are shared with the import writer, so a claim's status comes out the same whichever
path stored it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable, Row, or_, select
from sqlalchemy.orm import Session

from workbench.corroboration import (
    AttributionFacts,
    DocumentFacts,
    Evidence,
    RelatedClaim,
    SourceFacts,
    assess,
    status_timeline,
)
from workbench.db.batches import IN_LIST_SIZE, chunks, in_wanted, wanted
from workbench.db.models import Attribution, Claim, ClaimLink, Document, PossiblySameSource, Source
from workbench.vocabulary import (
    AffiliationKind,
    Certainty,
    ClaimKind,
    LinkRelation,
    Mode,
    Reliability,
    SourceKind,
    Stance,
    Status,
)

F = TypeVar("F")  # the facts one row of a chained table becomes

FLAG_RELATIONS = (LinkRelation.CONTRADICTS.value, LinkRelation.SUPERSEDES.value, LinkRelation.FULFILS.value)
_ASSERTED = (Status.SINGLE_SOURCE, Status.CORROBORATED, Status.CONTESTED)

SOURCE_FACT_COLUMNS = (
    Source.id,
    Source.name,
    Source.reliability,
    Source.affiliation_id,
    Source.affiliation_kind,
    Source.kind,
)
DOCUMENT_FACT_COLUMNS = (Document.id, Document.title, Document.outlet_id, Document.derived_from_id, Document.published_at)
ATTRIBUTION_FACT_COLUMNS = (
    Attribution.id,
    Attribution.claim_id,
    Attribution.source_id,
    Attribution.stance,
    Attribution.mode,
    Attribution.document_id,
    Attribution.relayed_via_id,
    Attribution.as_of,
    Attribution.certainty,
    Attribution.certainty_inferred,
)

# The queries below, each built once with its IN lists given when it runs (``db.batches.wanted``):
# an import recomputes thousands of claims' statuses with them, chunk after chunk.
_CHUNK = wanted()  # one parameter, for both ends of a pair or a link
_PAIRS_OF = select(PossiblySameSource.source_id, PossiblySameSource.other_source_id).where(
    or_(PossiblySameSource.source_id.in_(_CHUNK), PossiblySameSource.other_source_id.in_(_CHUNK))
)
_FLAG_DEPENDENTS = select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation).where(
    ClaimLink.relation.in_([LinkRelation.CONTRADICTS.value, LinkRelation.FULFILS.value]),
    or_(ClaimLink.from_claim_id.in_(_CHUNK), ClaimLink.to_claim_id.in_(_CHUNK)),
)
_FLAG_LINKS = (
    select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation)
    .where(ClaimLink.relation.in_(FLAG_RELATIONS), or_(ClaimLink.from_claim_id.in_(_CHUNK), ClaimLink.to_claim_id.in_(_CHUNK)))
    .order_by(ClaimLink.id)
)
_CLAIM_KEYS = select(Claim.id, Claim.key).where(Claim.id.in_(_CHUNK))
_CLAIM_KINDS = select(Claim.id, Claim.kind).where(Claim.id.in_(_CHUNK))
_ATTRIBUTION_FACTS = select(*ATTRIBUTION_FACT_COLUMNS).where(Attribution.claim_id.in_(_CHUNK))
_DOCUMENT_FACTS = select(*DOCUMENT_FACT_COLUMNS).where(Document.id.in_(_CHUNK))
_SOURCE_FACTS = select(*SOURCE_FACT_COLUMNS).where(Source.id.in_(_CHUNK))


# Stored values to their members, looked up: an enum's constructor costs about ten times a
# dict, once per value of every row a check or refresh reads (6 % of ``db check``'s
# recomputation). A value not listed still goes through the constructor, which refuses it.
_STANCES = {member.value: member for member in Stance}
_MODES = {member.value: member for member in Mode}
_CERTAINTIES = {member.value: member for member in Certainty}
_RELIABILITIES = {member.value: member for member in Reliability}
_AFFILIATION_KINDS = {member.value: member for member in AffiliationKind}
_SOURCE_KINDS = {member.value: member for member in SourceKind}


def attribution_facts(row: Any) -> AttributionFacts:
    """A row of ``ATTRIBUTION_FACT_COLUMNS`` as the rules take it."""
    return AttributionFacts(
        id=row.id,
        source_id=row.source_id,
        stance=_STANCES.get(row.stance) or Stance(row.stance),
        mode=_MODES.get(row.mode) or Mode(row.mode),
        document_id=row.document_id,
        relayed_via_id=row.relayed_via_id,
        as_of=row.as_of,
        certainty=_CERTAINTIES.get(row.certainty) or Certainty(row.certainty),
        certainty_inferred=bool(row.certainty_inferred),
    )


def gather_attributions(
    rows: Iterable[Any], by_claim: dict[int, list[AttributionFacts]], source_ids: set[int], document_ids: set[int]
) -> None:
    """Rows of ``ATTRIBUTION_FACT_COLUMNS`` added to their claims' facts (``by_claim`` holds a
    list for each claim asked for), with the sources (speakers, relayers) and documents they
    name: what must be loaded, with their chains, before the claims are assessed."""
    for row in rows:
        by_claim[row.claim_id].append(attribution_facts(row))
        source_ids.add(row.source_id)
        if row.relayed_via_id is not None:
            source_ids.add(row.relayed_via_id)
        if row.document_id is not None:
            document_ids.add(row.document_id)


def source_facts(row: Any) -> SourceFacts:
    """A row of ``SOURCE_FACT_COLUMNS`` as the rules take it."""
    return SourceFacts(
        row.id,
        row.name,
        _RELIABILITIES.get(row.reliability) or Reliability(row.reliability),
        row.affiliation_id,
        _AFFILIATION_KINDS.get(row.affiliation_kind) or AffiliationKind(row.affiliation_kind),
        _SOURCE_KINDS.get(row.kind) or SourceKind(row.kind),
    )


def document_facts(row: Any) -> DocumentFacts:
    """A row of ``DOCUMENT_FACT_COLUMNS`` as the rules take it."""
    published = row.published_at.date() if row.published_at is not None else None
    return DocumentFacts(row.id, row.title, row.outlet_id, row.derived_from_id, published)


def possibly_same_pairs(connection: Session | Connection, source_ids: Iterable[int] | None) -> list[frozenset[int]]:
    """The pairs the desk marked as possibly the same source that involve any of these sources
    (``None``: every pair, for a caller about to assess claims of any sources)."""
    pairs: set[frozenset[int]] = set()
    if source_ids is None:
        rows = connection.execute(select(PossiblySameSource.source_id, PossiblySameSource.other_source_id))
        return sorted({frozenset((row.source_id, row.other_source_id)) for row in rows}, key=sorted)
    for chunk in chunks(sorted(set(source_ids))):
        rows = connection.execute(_PAIRS_OF, in_wanted(chunk))
        pairs.update(frozenset((row.source_id, row.other_source_id)) for row in rows)
    return sorted(pairs, key=sorted)


@dataclass(frozen=True)
class _Link:
    from_id: int
    to_id: int
    relation: str


class KnownFacts:
    """Sources' and documents' facts kept from one ``load_evidence`` call to the next.

    Why: ``db check`` loads claims 500 at a time, and every chunk named mostly the same few
    thousand sources and documents again: building their facts, chains included,
    was a third of ``db check``'s recomputation at a million claims. Keep one only as long as
    nothing can change a source or a document: within one read transaction, or a write that
    touches claims only. At most ``limit`` of each are kept (then they start over), so a
    desk with very many sources is checked in bounded memory.
    """

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self.sources: dict[int, SourceFacts] = {}
        self.documents: dict[int, DocumentFacts] = {}


def load_evidence(
    session: Session, claim_ids: Iterable[int], *, dated_links: bool = False, known: KnownFacts | None = None
) -> dict[int, Evidence]:
    """Evidence for many claims with a handful of queries (never one per attribution).

    ``dated_links`` also works out since when each link flag holds (from the other claim's
    timeline), which only a status as of a date and the timeline need. ``known``: facts of
    sources and documents loaded by earlier calls, used and added to (see ``KnownFacts``).
    """
    claim_ids = sorted(set(claim_ids))
    links = _flag_links(session, claim_ids)
    others = {end for link in links for end in (link.from_id, link.to_id)} - set(claim_ids)
    base = _load_base(session, [*claim_ids, *sorted(others)], known)
    related = _related_claims(session, base, {end for link in links for end in (link.from_id, link.to_id)}, dated_links)
    superseding = {(link.from_id, link.to_id) for link in links if link.relation == LinkRelation.SUPERSEDES.value}
    touching: dict[int, list[_Link]] = {}
    for link in links:
        touching.setdefault(link.from_id, []).append(link)
        if link.to_id != link.from_id:
            touching.setdefault(link.to_id, []).append(link)
    evidence: dict[int, Evidence] = {}
    for claim_id in claim_ids:
        superseded, contradicted, fulfilled = [], [], []
        for link in touching.get(claim_id, ()):
            if link.relation == LinkRelation.SUPERSEDES.value and link.to_id == claim_id:
                superseded.append(related[link.from_id])
            elif link.relation == LinkRelation.FULFILS.value and link.to_id == claim_id:
                fulfilled.append(related[link.from_id])
            elif link.relation == LinkRelation.CONTRADICTS.value and claim_id in (link.from_id, link.to_id):
                other = link.to_id if link.from_id == claim_id else link.from_id
                # An account this claim supersedes has been replaced by it: it disputes it no more.
                if (claim_id, other) not in superseding and related[other] not in contradicted:
                    contradicted.append(related[other])
        evidence[claim_id] = replace(
            base[claim_id],
            superseded_by=tuple(superseded),
            contradicted_by=tuple(contradicted),
            fulfilled_by=tuple(fulfilled),
        )
    return evidence


def flag_dependents(session: Session, claim_ids: Iterable[int]) -> set[int]:
    """Claims whose flags depend on these claims' counted origins: the other ends of their
    ``contradicts`` links and the plans their events ``fulfil``."""
    dependents: set[int] = set()
    for chunk in chunks(sorted(set(claim_ids))):
        changed = set(chunk)
        rows = session.execute(_FLAG_DEPENDENTS, in_wanted(chunk))
        for row in rows:
            if row.relation == LinkRelation.CONTRADICTS.value:
                dependents.update((row.from_claim_id, row.to_claim_id))
            elif row.from_claim_id in changed:
                dependents.add(row.to_claim_id)
    return dependents


def _flag_links(session: Session, claim_ids: Sequence[int]) -> list[_Link]:
    links: dict[tuple[int, int, str], _Link] = {}
    for chunk in chunks(list(claim_ids)):
        rows = session.execute(_FLAG_LINKS, in_wanted(chunk))
        for row in rows:
            links.setdefault((row.from_claim_id, row.to_claim_id, row.relation), _Link(*row))
    return list(links.values())


def _related_claims(
    session: Session, base: Mapping[int, Evidence], claim_ids: set[int], dated: bool
) -> dict[int, RelatedClaim]:
    """Each linked claim as a flag shows it: its key, how many counted origins assert it, since when."""
    keys: dict[int, str] = {}
    for chunk in chunks(sorted(claim_ids)):
        keys.update((row.id, row.key) for row in session.execute(_CLAIM_KEYS, in_wanted(chunk)))
    related: dict[int, RelatedClaim] = {}
    for claim_id in claim_ids:
        evidence = base[claim_id]
        asserting = len(assess(evidence).asserting)
        related[claim_id] = RelatedClaim(claim_id, keys[claim_id], asserting, _since(evidence) if dated else None)
    return related


def _since(evidence: Evidence) -> date | None:
    """When a linked claim's account holds from: the day counted origins first asserted it
    (for a claim never asserted, the day its first evidence was observed)."""
    changes = status_timeline(evidence)
    for change in changes:
        if change.status in _ASSERTED:
            return change.since
    dated = [change.since for change in changes if change.since is not None]
    return min(dated) if dated else None


def _load_base(session: Session, claim_ids: Sequence[int], known: KnownFacts | None = None) -> dict[int, Evidence]:
    """Each claim's own evidence: attributions, sources, documents, kind, possibly-same marks."""
    by_claim: dict[int, list[AttributionFacts]] = {claim_id: [] for claim_id in claim_ids}
    kinds: dict[int, ClaimKind] = {}
    source_ids: set[int] = set()
    document_ids: set[int] = set()
    for chunk in chunks(list(claim_ids)):
        kinds.update((row.id, ClaimKind(row.kind)) for row in session.execute(_CLAIM_KINDS, in_wanted(chunk)))
        rows = session.execute(_ATTRIBUTION_FACTS, in_wanted(chunk))
        gather_attributions(rows, by_claim, source_ids, document_ids)

    documents = _load_documents(session, document_ids, known)
    source_ids.update(d.outlet_id for d in documents.values() if d.outlet_id is not None)
    sources = _load_sources(session, source_ids, known)
    pairs = possibly_same_pairs(session, {a.source_id for facts in by_claim.values() for a in facts})
    return {
        claim_id: Evidence(
            attributions=facts,
            sources=sources,
            documents=documents,
            claim_kind=kinds.get(claim_id, ClaimKind.EVENT),
            possibly_same=claim_marks(pairs, facts),
        )
        for claim_id, facts in by_claim.items()
    }


def claim_marks(pairs: Sequence[frozenset[int]], attributions: Sequence[AttributionFacts]) -> tuple[frozenset[int], ...]:
    """The marked pairs that touch this claim's speakers (only those can join its chains)."""
    if not pairs:
        return ()
    speakers = {a.source_id for a in attributions}
    return tuple(pair for pair in pairs if pair & speakers)


def _load_documents(session: Session, document_ids: set[int], known: KnownFacts | None = None) -> dict[int, DocumentFacts]:
    """The documents and their whole ``derived_from`` chains (those ``known`` not read again)."""
    kept, limit = (known.documents, known.limit) if known is not None else (None, 0)
    return _load_up_the_chain(
        session, document_ids, _DOCUMENT_FACTS, document_facts, lambda facts: facts.derived_from_id, kept, limit
    )


def _load_sources(session: Session, source_ids: set[int], known: KnownFacts | None = None) -> dict[int, SourceFacts]:
    """The sources and their whole affiliation chains (those ``known`` not read again)."""
    kept, limit = (known.sources, known.limit) if known is not None else (None, 0)
    return _load_up_the_chain(
        session, source_ids, _SOURCE_FACTS, source_facts, lambda facts: facts.affiliation_id, kept, limit
    )


def _load_up_the_chain(
    session: Session, ids: set[int], statement: Executable,
    build: Callable[[Row[Any]], F], parent_of: Callable[[F], int | None],
    kept: dict[int, F] | None = None, limit: int = 0,
) -> dict[int, F]:
    """Facts for ``ids`` and every one up their chains (a rewrite's original, a member's body),
    a batch of ids per query (``statement``, over a ``wanted`` list of ids), each row read
    once however many chains pass through it. Facts in ``kept`` are taken from there, and
    those read are added to it (it starts over past ``limit`` entries)."""
    found: dict[int, F] = {}
    pending = set(ids)
    while pending:
        if kept:
            # What earlier calls read, and up its chain as far as they read it.
            for start in [facts_id for facts_id in pending if facts_id in kept]:
                walk: int | None = start
                while walk is not None and walk not in found and walk in kept:
                    facts = found[walk] = kept[walk]
                    pending.discard(walk)
                    walk = parent_of(facts)
                if walk is not None and walk not in found:
                    pending.add(walk)
            if not pending:
                break
        batch = list(pending)[:IN_LIST_SIZE]
        pending.difference_update(batch)
        for row in session.execute(statement, in_wanted(batch)):
            facts = found[row.id] = build(row)
            parent = parent_of(facts)
            if parent is not None and parent not in found:
                pending.add(parent)
            if kept is not None:
                if len(kept) >= limit:
                    kept.clear()
                kept[row.id] = facts
    return found

