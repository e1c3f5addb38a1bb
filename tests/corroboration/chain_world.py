"""A small builder for the worlds the corroboration tests describe, so each reads as a story.

    world = ChainWorld()
    ap = world.source("Associated Press", Reliability.B, kind=SourceKind.MEDIA_OUTLET)
    report = world.document("AP report", outlet=ap, published=D27)
    world.says(ap, mode=Mode.OWN_OBSERVATION, document=report)
    assess(world.evidence())
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from workbench.corroboration import AttributionFacts, DocumentFacts, Evidence, RelatedClaim, SourceFacts, assess
from workbench.vocabulary import AffiliationKind, Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance

D20, D24, D26, D27, D28, D29, D31 = (date(2026, 1, day) for day in (20, 24, 26, 27, 28, 29, 31))

A, DN, NS, DC = Stance.ASSERTS, Stance.DENIES, Stance.NO_STATEMENT, Stance.DECLINED_TO_COMMENT
MEMBER, SPEAKS = AffiliationKind.MEMBER_OF, AffiliationKind.SPEAKS_FOR
OUTLET, PERSON, UNNAMED, BODY = SourceKind.MEDIA_OUTLET, SourceKind.PERSON, SourceKind.UNIDENTIFIED, SourceKind.GOVERNMENT_BODY


@dataclass
class ChainWorld:
    """Sources, documents and one claim's attributions, numbered in the order they are added."""

    sources: dict[int, SourceFacts] = field(default_factory=dict)
    documents: dict[int, DocumentFacts] = field(default_factory=dict)
    attributions: list[AttributionFacts] = field(default_factory=list)

    def source(
        self,
        name: str,
        grade: Reliability = Reliability.F,
        *,
        kind: SourceKind | None = None,
        within: int | None = None,
        how: AffiliationKind = MEMBER,
    ) -> int:
        source_id = len(self.sources) + 1
        self.sources[source_id] = SourceFacts(source_id, name, grade, within, how, kind)
        return source_id

    def document(self, title: str, *, outlet: int | None = None, copy_of: int | None = None, published: date | None = None) -> int:
        document_id = 100 + len(self.documents)
        self.documents[document_id] = DocumentFacts(document_id, title, outlet, copy_of, published)
        return document_id

    def says(
        self,
        source: int,
        stance: Stance = A,
        *,
        mode: Mode = Mode.PARAPHRASE,
        document: int | None = None,
        via: int | None = None,
        as_of: date | None = None,
        certainty: Certainty = Certainty.STATED,
        inferred: bool = False,
    ) -> int:
        attribution_id = len(self.attributions) + 1
        self.attributions.append(
            AttributionFacts(attribution_id, source, stance, mode, document, via, as_of, certainty, inferred)
        )
        return attribution_id

    def evidence(
        self,
        *,
        kind: ClaimKind = ClaimKind.EVENT,
        possibly_same: Sequence[frozenset[int]] = (),
        superseded_by: Sequence[RelatedClaim] = (),
        contradicted_by: Sequence[RelatedClaim] = (),
        fulfilled_by: Sequence[RelatedClaim] = (),
    ) -> Evidence:
        return Evidence(
            list(self.attributions), dict(self.sources), dict(self.documents), kind, possibly_same,
            superseded_by, contradicted_by, fulfilled_by,
        )

    def without_kinds(self) -> ChainWorld:
        """The same world as a caller that knows no source kinds and no ``speaks_for`` (before issue 13)."""
        plain = {i: replace(s, kind=None, affiliation_kind=MEMBER) for i, s in self.sources.items()}
        return ChainWorld(plain, dict(self.documents), list(self.attributions))


def outcome(evidence: Evidence) -> tuple[object, ...]:
    """What must not depend on the order the attributions were entered in."""
    result = assess(evidence)
    return (
        result.status,
        sorted(o.name for o in result.origins),
        sorted(p.describe() for p in result.awaiting),
        sorted(str(u.why) for u in result.uncounted),
    )


def assert_order_free(evidence: Evidence) -> None:
    """The same outcome however the attributions are ordered or numbered."""
    expected = outcome(evidence)
    base = list(evidence.attributions)
    orders = itertools.islice(itertools.permutations(base), 120)
    for order in orders:
        assert outcome(replace(evidence, attributions=list(order))) == expected
        renumbered = [replace(a, id=i) for i, a in enumerate(reversed(order), start=1)]
        assert outcome(replace(evidence, attributions=renumbered)) == expected
