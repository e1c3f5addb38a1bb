"""The facts a new claim's stored status follows from, as a key that ignores which ids they carry.

A feed gives thousands of claims the same kind of evidence from different sources: one
source graded B asserting, two sources of which one denies. Keyed on the sources' ids, a
memo of statuses missed for three claims in four (15.5k of 20k in the benchmark), since the
ids differ from claim to claim. The rules (``corroboration.assess``) only ever compare ids
with each other (same source, same affiliation top, the lowest id of a loop, attribution
order), so two claims whose evidence is the same up to an order-preserving renaming of the
ids get the same status and origin count. The key therefore names each source and document
by its rank among those the claim reaches, and describes each by the facts the rules read:
of a grade only whether it is E, of a source's kind only whether it is unidentified or a
person, of a mode only whether it is an own observation or anonymous sourcing.

Names and dates are left out: the chain count never reads them (only its explanation
does), and the one stored column that shows them, the awaited parties' line, is worked out
for each claim from its own facts (``corroboration.awaiting_text``), given the count's
garbled copies, which the key does decide.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workbench.corroboration import DocumentFacts, SourceFacts
from workbench.vocabulary import AffiliationKind, Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance

SILENCES = frozenset(stance.value for stance in Stance if stance.is_silence)
# The modes the rules count differently; the others only change the explanation's words.
MODES_THAT_COUNT_APART = frozenset({Mode.OWN_OBSERVATION.value, Mode.ANONYMOUS.value})
STATED = Certainty.STATED.value
_E, _UNIDENTIFIED, _PERSON = Reliability.E, SourceKind.UNIDENTIFIED, SourceKind.PERSON
_SPEAKS_FOR = AffiliationKind.SPEAKS_FOR


def status_shape(
    kind: ClaimKind,
    values: Sequence[Mapping[str, Any]],
    sources: Mapping[int, SourceFacts],
    documents: Mapping[int, DocumentFacts],
    possibly_same: Sequence[frozenset[int]],
) -> tuple[Any, ...]:
    """The key of a claim whose new attributions have these row ``values`` (in id order).

    Two claims with equal keys have the same status, origin count and garbled copies (by
    position): the key holds every fact the chain count reads, with ids replaced by ranks.
    (Written for speed: it runs for every new claim of an import.)
    """
    relayed = False
    # Dicts as ordered sets: ids in the order the claim first reaches them.
    source_ids: dict[int, None] = {}
    document_ids: dict[int, None] = {}
    for v in values:
        source_ids[v["source_id"]] = None
        if v["relayed_via_id"] is not None:
            source_ids[v["relayed_via_id"]] = None
            relayed = True
        document_id = v["document_id"]
        while document_id is not None and document_id not in document_ids:
            document_ids[document_id] = None
            document = documents.get(document_id)
            if document is None:
                break
            if document.outlet_id is not None:
                source_ids[document.outlet_id] = None
            document_id = document.derived_from_id
    looped = False
    for source_id in list(source_ids):
        source = sources.get(source_id)
        if source is not None and source.affiliation_id is not None:
            looped |= _walk_affiliations(source_id, sources, source_ids)
    # A loop of affiliations or relays stands for its lowest id, so there the ranks must keep
    # the ids' order; elsewhere the rules only ask whether two ids are the same.
    ordered = sorted(source_ids) if relayed or looped else list(source_ids)
    source_rank = dict(zip(ordered, range(len(ordered)), strict=True))
    rank = source_rank.get
    if document_ids:
        document_rank = dict(zip(document_ids, range(len(document_ids)), strict=True))
        described_documents = tuple(
            _document(document_id, documents.get(document_id), source_rank, document_rank) for document_id in document_ids
        )
    else:
        document_rank, described_documents = {}, ()
    return (
        kind,
        tuple([
            (
                source_rank[v["source_id"]],
                v["stance"],
                v["mode"] if v["mode"] in MODES_THAT_COUNT_APART else None,
                document_rank.get(v["document_id"]) if document_ids else None,
                rank(v["relayed_via_id"]) if relayed else None,
                v.get("certainty") or STATED,
                bool(v.get("certainty_inferred", False)),
            )
            for v in values
        ]),
        tuple([_source(source_id, sources.get(source_id), rank) for source_id in ordered]),
        described_documents,
        # Marked pairs join chains into one origin whatever order they are applied in.
        tuple(sorted(
            tuple(sorted(source_rank[s] for s in pair if s in source_rank))
            for pair in possibly_same
            if not pair.isdisjoint(source_rank)
        )) if possibly_same else (),
    )


def _walk_affiliations(source_id: int, sources: Mapping[int, SourceFacts], reached: dict[int, None]) -> bool:
    """Add the source's affiliation chain to ``reached``; True if the chain runs into a loop."""
    seen = {source_id}
    source = sources.get(source_id)
    while source is not None and source.affiliation_id is not None:
        if source.affiliation_id in seen:
            return True
        seen.add(source.affiliation_id)
        reached[source.affiliation_id] = None
        source = sources.get(source.affiliation_id)
    return False


def _source(source_id: int, source: SourceFacts | None, rank: Callable[[int], int | None]) -> tuple[Any, ...]:
    if source is None:  # named "source #ID" by the rules
        return ("missing", source_id)
    return (
        source.reliability is _E,  # the only grade the rules single out
        source.kind is _UNIDENTIFIED,
        source.kind is _PERSON,  # a person's own observation is the outlet's reporting
        rank(source.affiliation_id) if source.affiliation_id is not None else None,
        source.affiliation_kind is _SPEAKS_FOR,
    )


def _document(
    document_id: int, document: DocumentFacts | None, source_rank: Mapping[int, int], document_rank: Mapping[int, int]
) -> tuple[Any, ...]:
    if document is None:
        return ("missing", document_id)
    return (
        source_rank.get(document.outlet_id) if document.outlet_id is not None else None,
        document_rank.get(document.derived_from_id) if document.derived_from_id is not None else None,
    )
