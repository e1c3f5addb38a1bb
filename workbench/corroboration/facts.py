"""What the rules are given: a claim's evidence, as plain frozen data.

Every field added for the reporting-chain rules has a default that keeps the earlier meaning,
so a caller that does not know a fact yet (the database before its migration, an old file)
still gets an answer: an affiliation is ``member_of``, a source's kind is unknown (treated as
named), an attribution is ``stated``, a claim is an ``event``, and no claim is linked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field
from datetime import date

from workbench.immutable import immutable_record
from workbench.vocabulary import AffiliationKind, Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance


@immutable_record(slots=True)
class SourceFacts:
    """What the rules need to know about a source.

    ``affiliation_kind`` says how the source belongs to ``affiliation_id``: ``member_of``
    groups the two for independence only; ``speaks_for`` also makes the source's statements
    (and its silences) the party's own. ``kind`` None means the caller did not say; only
    ``unidentified`` changes how a source counts.
    """

    id: int
    name: str
    reliability: Reliability = Reliability.F
    affiliation_id: int | None = None
    affiliation_kind: AffiliationKind = AffiliationKind.MEMBER_OF
    kind: SourceKind | None = None

    @property
    def is_unidentified(self) -> bool:
        return self.kind is SourceKind.UNIDENTIFIED


@immutable_record(slots=True)
class DocumentFacts:
    """What the rules need to know about a document.

    ``published_on`` dates the evidence it carries when an attribution has no ``as_of`` of
    its own (for the status as of a date and the timeline).
    """

    id: int
    title: str
    outlet_id: int | None = None
    derived_from_id: int | None = None
    published_on: date | None = None


@immutable_record(slots=True)
class AttributionFacts:
    """One attribution, reduced to what decides how it counts.

    ``certainty`` is how firmly the attribution puts the claim; ``certainty_inferred`` says
    it was detected from the wording rather than set by the desk, which the explanation
    repeats so a reviewer knows what to check.
    """

    id: int
    source_id: int
    stance: Stance
    mode: Mode = Mode.PARAPHRASE
    document_id: int | None = None
    relayed_via_id: int | None = None
    as_of: date | None = None
    certainty: Certainty = Certainty.STATED
    certainty_inferred: bool = False


@immutable_record(slots=True)
class RelatedClaim:
    """Another claim linked to this one, as far as the flags beside the status need it.

    ``asserting_origins`` is how many counted origins assert the other claim (a
    ``contradicts`` link disputes this claim only when some do); ``since`` is the date from
    which the link holds (when the later account was observed), so a status as of an earlier
    date does not show it.
    """

    claim_id: int
    label: str
    asserting_origins: int = 0
    since: date | None = None


@immutable_record(slots=True)
class Evidence:
    """Everything known about one claim: its attributions and the sources and documents they name.

    ``sources`` must hold every source reachable from the attributions (speakers, relayers,
    outlets, and their affiliation chains); ``documents`` every document and its
    ``derived_from`` chain. ``possibly_same`` holds groups of source ids the desk marked as
    possibly the same person (two outlets' unnamed "security sources"): their reporting
    chains are not independent of each other. ``superseded_by`` lists claims linked by
    ``supersedes`` to this one, ``contradicted_by`` claims linked to it by ``contradicts``
    (either direction), ``fulfilled_by`` events linked by ``fulfils`` to this plan.
    """

    attributions: Sequence[AttributionFacts]
    sources: Mapping[int, SourceFacts]
    documents: Mapping[int, DocumentFacts] = field(default_factory=dict)
    claim_kind: ClaimKind = ClaimKind.EVENT
    possibly_same: Sequence[frozenset[int]] = ()
    superseded_by: Sequence[RelatedClaim] = ()
    contradicted_by: Sequence[RelatedClaim] = ()
    fulfilled_by: Sequence[RelatedClaim] = ()
