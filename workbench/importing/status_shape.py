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

from collections.abc import Mapping, Sequence
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
    # Each id reached -> its rank: the order in which the claim first reaches it.
    source_rank: dict[int, int] = {}
    document_rank: dict[int, int] = {}
    for v in values:
        source_id = v["source_id"]
        if source_id not in source_rank:
            source_rank[source_id] = len(source_rank)
        relay = v["relayed_via_id"]
        if relay is not None:
            relayed = True
            if relay not in source_rank:
                source_rank[relay] = len(source_rank)
        document_id = v["document_id"]
        while document_id is not None and document_id not in document_rank:
            document_rank[document_id] = len(document_rank)
            document = documents.get(document_id)
            if document is None:
                break
            outlet = document.outlet_id
            if outlet is not None and outlet not in source_rank:
                source_rank[outlet] = len(source_rank)
            document_id = document.derived_from_id
    looped = False
    get_source = sources.get
    for source_id in [source_id for source_id in source_rank if (f := get_source(source_id)) is not None and f.affiliation_id is not None]:
        looped |= _walk_affiliations(source_id, sources, source_rank)
    # A loop of affiliations or relays stands for its lowest id, so there the ranks must keep
    # the ids' order; elsewhere the rules only ask whether two ids are the same.
    ordered = list(source_rank)
    if relayed or looped:
        ordered.sort()
        source_rank = {source_id: index for index, source_id in enumerate(ordered)}
    rank = source_rank.get
    described_documents = tuple([
        _document(document_id, documents.get(document_id), source_rank, document_rank) for document_id in document_rank
    ]) if document_rank else ()
    return (
        kind,
        tuple([
            (
                source_rank[v["source_id"]],
                v["stance"],
                v["mode"] if v["mode"] in MODES_THAT_COUNT_APART else None,
                document_rank.get(v["document_id"]) if document_rank else None,
                rank(v["relayed_via_id"]) if relayed else None,
                v.get("certainty") or STATED,
                bool(v.get("certainty_inferred", False)),
            )
            for v in values
        ]),
        tuple([
            ("missing", source_id) if (source := get_source(source_id)) is None else (
                source.reliability is _E,  # the only grade the rules single out
                source.kind is _UNIDENTIFIED,
                source.kind is _PERSON,  # a person's own observation is the outlet's reporting
                rank(source.affiliation_id) if source.affiliation_id is not None else None,
                source.affiliation_kind is _SPEAKS_FOR,
            )
            for source_id in ordered
        ]),
        described_documents,
        # Marked pairs join chains into one origin whatever order they are applied in.
        tuple(sorted(
            tuple(sorted(source_rank[s] for s in pair if s in source_rank))
            for pair in possibly_same
            if not pair.isdisjoint(source_rank)
        )) if possibly_same else (),
    )


def _walk_affiliations(source_id: int, sources: Mapping[int, SourceFacts], reached: dict[int, int]) -> bool:
    """Add the source's affiliation chain to ``reached`` (each new id ranked next); True if the
    chain runs into a loop."""
    seen = {source_id}
    source = sources.get(source_id)
    while source is not None and source.affiliation_id is not None:
        if source.affiliation_id in seen:
            return True
        seen.add(source.affiliation_id)
        if source.affiliation_id not in reached:
            reached[source.affiliation_id] = len(reached)
        source = sources.get(source.affiliation_id)
    return False


def _document(
    document_id: int, document: DocumentFacts | None, source_rank: Mapping[int, int], document_rank: Mapping[int, int]
) -> tuple[Any, ...]:
    if document is None:
        return ("missing", document_id)
    return (
        source_rank.get(document.outlet_id) if document.outlet_id is not None else None,
        document_rank.get(document.derived_from_id) if document.derived_from_id is not None else None,
    )
