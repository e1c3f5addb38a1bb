"""The import's memo of new claims' statuses gives exactly what the rules give each claim.

The memo is keyed on the facts a status follows from with the ids renamed
(``importing.status_shape``), so claims of different sources share an entry. Random small
worlds (grades E, unidentified sources, own observations, speaks-for chains, affiliation and
relay loops, rewrites, silences, hedges, possibly-same marks) are assessed through the memo
and directly; any fact the key left out that the rules read would show as a difference.
The memo's side holds its documents as the import caches them, without their titles.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace
from typing import Any, cast

import pytest

from workbench.corroboration import AttributionFacts, DocumentFacts, Evidence, SourceFacts, assess
from workbench.importing import claim_statuses
from workbench.importing.claim_statuses import NewClaimStatuses
from workbench.importing.plans import PlannedAttribution, PlannedClaim
from workbench.importing.status_shape import status_shape
from workbench.review.evidence import claim_marks
from workbench.vocabulary import AffiliationKind, Certainty, ClaimKind, Mode, Reliability, SourceKind, Stance

NAMES = ("Reuters", "SANA")
SOURCES = 7
FEATURES = ("affiliation", "grade", "affiliation_kind", "source_kind", "outlet", "derived_from", "published",
            "pairs", "stance", "mode", "document", "relay", "as_of", "certainty", "name")


class _Theme:
    """Which facts vary in one world (the others keep one value), so that claims of different
    sources often share a key, which is where a key too coarse would show."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.varying = set(rng.sample(FEATURES, rng.randint(2, 5)))

    def pick(self, feature: str, options: Sequence[Any]) -> Any:
        return self.rng.choice(options) if feature in self.varying else options[0]


def _world(theme: _Theme) -> tuple[dict[int, SourceFacts], dict[int, DocumentFacts], list[frozenset[int]]]:
    rng = theme.rng
    sources: dict[int, SourceFacts] = {}
    for source_id in range(1, SOURCES + 1):
        sources[source_id] = SourceFacts(
            source_id,
            theme.pick("name", NAMES),  # names repeat: only ids tell sources apart
            theme.pick("grade", [Reliability.A, Reliability.C, Reliability.E]),
            theme.pick("affiliation", [None, rng.randint(1, SOURCES)]),
            theme.pick("affiliation_kind", [AffiliationKind.SPEAKS_FOR, AffiliationKind.MEMBER_OF]),
            theme.pick("source_kind", [SourceKind.PERSON, SourceKind.UNIDENTIFIED, SourceKind.ORGANIZATION]),
        )
    documents: dict[int, DocumentFacts] = {}
    for document_id in range(1, 7):
        documents[document_id] = DocumentFacts(
            document_id,
            f"Report {document_id}",
            theme.pick("outlet", [rng.randint(1, SOURCES), None]),
            theme.pick("derived_from", [None, rng.randint(1, 6)]),
            theme.pick("published", [None, date(2026, 1, rng.randint(1, 3))]),
        )
    pairs = [frozenset(rng.sample(range(1, SOURCES + 1), 2)) for _ in range(theme.pick("pairs", [0, 1, 2]))]
    return sources, documents, pairs


def _values(theme: _Theme) -> dict[str, Any]:
    rng = theme.rng
    values: dict[str, Any] = {
        "source_id": rng.randint(1, SOURCES),
        "stance": theme.pick("stance", ["asserts", "denies", "no_statement", "declined_to_comment"]),
        "mode": theme.pick("mode", [m.value for m in Mode]),
        "document_id": theme.pick("document", [None, rng.randint(1, 6)]),
        "relayed_via_id": theme.pick("relay", [None, rng.randint(1, SOURCES)]),
        "as_of": theme.pick("as_of", [None, date(2026, 1, rng.randint(1, 3))]),
    }
    certainty = theme.pick("certainty", [None, *Certainty])
    if certainty is not None:
        values["certainty"] = certainty.value
        values["certainty_inferred"] = rng.random() < 0.5
    return values


def _direct(kind: ClaimKind, values: list[dict[str, Any]], sources: dict[int, SourceFacts],
            documents: dict[int, DocumentFacts], pairs: list[frozenset[int]]) -> tuple[str, int, str | None]:
    facts = [
        AttributionFacts(
            id=100 + index, source_id=v["source_id"], stance=Stance(v["stance"]), mode=Mode(v["mode"]),
            document_id=v["document_id"], relayed_via_id=v["relayed_via_id"], as_of=v["as_of"],
            certainty=Certainty(v.get("certainty") or "stated"), certainty_inferred=bool(v.get("certainty_inferred", False)),
        )
        for index, v in enumerate(values)
    ]
    evidence = Evidence(facts, sources, documents, kind, claim_marks(pairs, facts))
    assessment = assess(evidence)
    return assessment.status.value, assessment.origin_count, assessment.awaiting_text()


def _through_the_memo(statuses: NewClaimStatuses, kind: ClaimKind, values: list[dict[str, Any]]) -> tuple[str, int, str | None]:
    spec = cast(Any, SimpleNamespace(kind=kind.value))
    attributions = [PlannedAttribution(cast(Any, None), f"a{index}", v) for index, v in enumerate(values)]
    plan = PlannedClaim(spec, None, None, attributions, None)
    return statuses.status(plan, {id(a): 100 + index for index, a in enumerate(attributions)})


def test_statuses_through_the_memo_are_the_rules_own(monkeypatch: pytest.MonkeyPatch) -> None:
    assessed: list[Evidence] = []
    monkeypatch.setattr(claim_statuses, "assess", lambda evidence: assessed.append(evidence) or assess(evidence))
    rng = random.Random(15)
    checked = hits = 0
    # One memo across many worlds: its key holds the facts, so an entry made in one world
    # must give the right answer in any other where the key is the same.
    statuses = NewClaimStatuses(cast(Any, None))
    for _ in range(400):
        theme = _Theme(rng)
        sources, documents, pairs = _world(theme)
        # The import caches documents lean (no title, shared values): the rules, given the
        # full facts, must still agree.
        statuses.source_facts = sources
        statuses.document_facts = {document_id: statuses._lean(facts) for document_id, facts in documents.items()}
        statuses._possibly_same = pairs
        for _ in range(60):
            kind = rng.choice(list(ClaimKind))
            values = [_values(theme) for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))]
            misses = len(assessed)
            assert _through_the_memo(statuses, kind, values) == _direct(kind, values, sources, documents, pairs), values
            hits += len(assessed) == misses
            checked += 1
    assert hits > checked // 3, (hits, checked)  # the memo was used, not just filled


def test_the_memo_keeps_each_part_of_its_keys_once() -> None:
    """Keys that differ as wholes share their equal parts (one copy each), and a fresh key,
    built part by part again, still finds the entry."""
    sources = {source_id: SourceFacts(source_id, f"Source {source_id}", reliability=Reliability.B) for source_id in (1, 2, 3)}
    statuses = NewClaimStatuses(cast(Any, None))
    statuses.source_facts, statuses.document_facts, statuses._possibly_same = sources, {}, []
    one = [_attribution(1)]
    two = [_attribution(1), _attribution(2, "denies")]
    first, second = (_through_the_memo(statuses, ClaimKind.EVENT, values) for values in (one, two))
    keys = list(statuses._memo)
    assert len(keys) == 2
    assert keys[0][1][0] is keys[1][1][0]  # the first attribution's part: one object
    assert keys[0][2][0] is keys[1][2][0]  # the first source's part
    # Same shapes under other ids: answered from the memo, as the rules would.
    again = [[_attribution(3)], [_attribution(3), _attribution(1, "denies")]]
    assert [_through_the_memo(statuses, ClaimKind.EVENT, values) for values in again] == [first, second]
    assert len(statuses._memo) == 2


def _attribution(source_id: int, stance: str = "asserts", **more: Any) -> dict[str, Any]:
    return {"source_id": source_id, "stance": stance, "mode": "paraphrase", "document_id": None,
            "relayed_via_id": None, "as_of": None} | more


def _differ_and_agree(sources: dict[int, SourceFacts], documents: dict[int, DocumentFacts],
                      *claims: list[dict[str, Any]]) -> None:
    """The claims differ in status or awaited parties, and the memo gives each its own."""
    direct = [_direct(ClaimKind.EVENT, values, sources, documents, []) for values in claims]
    assert len(set(direct)) == len(direct)
    statuses = NewClaimStatuses(cast(Any, None))
    statuses.source_facts, statuses._possibly_same = sources, []
    statuses.document_facts = {document_id: statuses._lean(facts) for document_id, facts in documents.items()}
    assert [_through_the_memo(statuses, ClaimKind.EVENT, values) for values in claims] == direct


def test_a_persons_own_observation_is_the_outlets_and_an_organisations_is_not() -> None:
    sources = {1: SourceFacts(1, "Witness", kind=SourceKind.PERSON), 2: SourceFacts(2, "Witness", kind=SourceKind.ORGANIZATION),
               3: SourceFacts(3, "Outlet", kind=SourceKind.MEDIA_OUTLET)}
    documents = {1: DocumentFacts(1, "Report", outlet_id=3)}
    _differ_and_agree(sources, documents,
                      [_attribution(1, mode="own_observation", document_id=1), _attribution(3)],
                      [_attribution(2, mode="own_observation", document_id=1), _attribution(3)])


def test_a_silence_is_the_party_it_speaks_for() -> None:
    sources = {1: SourceFacts(1, "Spokesman", affiliation_id=3, affiliation_kind=AffiliationKind.SPEAKS_FOR),
               2: SourceFacts(2, "Spokesman", affiliation_id=4, affiliation_kind=AffiliationKind.MEMBER_OF),
               3: SourceFacts(3, "Ministry"), 4: SourceFacts(4, "Ministry")}
    day = date(2026, 1, 2)
    _differ_and_agree(sources, {}, [_attribution(1, "no_statement", as_of=day)], [_attribution(2, "no_statement", as_of=day)])


def test_an_affiliation_loop_stands_for_its_lowest_id() -> None:
    # 1 <-> 2 with 1 graded E: the loop counts as 1, not counted; 3 <-> 4 with 4 graded E: as 3.
    sources = {1: SourceFacts(1, "A", Reliability.E, 2), 2: SourceFacts(2, "B", Reliability.A, 1),
               3: SourceFacts(3, "B", Reliability.A, 4), 4: SourceFacts(4, "A", Reliability.E, 3)}
    _differ_and_agree(sources, {}, [_attribution(2)], [_attribution(3)])


def test_a_statement_ends_a_silence_by_its_documents_date() -> None:
    sources = {1: SourceFacts(1, "Ministry"), 2: SourceFacts(2, "Ministry")}
    documents = {1: DocumentFacts(1, "Later", published_on=date(2026, 1, 3)),
                 2: DocumentFacts(2, "Earlier", published_on=date(2026, 1, 1))}
    silence = {"stance": "no_statement", "as_of": date(2026, 1, 2)}
    _differ_and_agree(sources, documents,
                      [_attribution(1, **silence), _attribution(1, document_id=1)],
                      [_attribution(2, **silence), _attribution(2, document_id=2)])


def test_a_rewrite_counts_as_its_originals_outlet() -> None:
    sources = {1: SourceFacts(1, "A"), 2: SourceFacts(2, "Outlet")}
    documents = {1: DocumentFacts(1, "Original", outlet_id=2), 2: DocumentFacts(2, "Rewrite", outlet_id=2, derived_from_id=1),
                 3: DocumentFacts(3, "Other", outlet_id=2)}
    _differ_and_agree(sources, documents,
                      [_attribution(1, document_id=2), _attribution(2, document_id=1)],
                      [_attribution(1, document_id=3), _attribution(2, document_id=1)])


def test_a_garbled_copy_ends_no_silence_when_the_count_is_remembered() -> None:
    # The ministry's denial reaches us only through a rewrite that contradicts its original:
    # a garbled copy, so the ministry is still awaited, the second time (a memo hit) too.
    sources = {1: SourceFacts(1, "Ministry"), 2: SourceFacts(2, "Witness"), 3: SourceFacts(3, "Outlet")}
    documents = {1: DocumentFacts(1, "Original", outlet_id=3), 2: DocumentFacts(2, "Rewrite", outlet_id=3, derived_from_id=1)}
    claim = [_attribution(1, "no_statement", as_of=date(2026, 1, 2)), _attribution(2, document_id=1),
             _attribution(1, "denies", document_id=2)]
    direct = _direct(ClaimKind.EVENT, claim, sources, documents, [])
    assert direct[2] is not None and "Ministry" in direct[2]
    statuses = NewClaimStatuses(cast(Any, None))
    statuses.source_facts, statuses.document_facts, statuses._possibly_same = sources, documents, []
    assert [_through_the_memo(statuses, ClaimKind.EVENT, claim) for _ in range(2)] == [direct, direct]


def test_claims_of_different_sources_with_the_same_facts_share_a_key() -> None:
    sources = {
        1: SourceFacts(1, "Reuters", Reliability.B),
        2: SourceFacts(2, "AP", Reliability.C),
        3: SourceFacts(3, "SANA", Reliability.E),
    }
    one = [{"source_id": 1, "stance": "asserts", "mode": "paraphrase", "document_id": None, "relayed_via_id": None,
             "as_of": None}]
    two = [one[0] | {"source_id": 2, "mode": "direct_quote"}]
    graded_e = [one[0] | {"source_id": 3}]
    shape = status_shape(ClaimKind.EVENT, one, sources, {}, [])
    assert status_shape(ClaimKind.EVENT, two, sources, {}, []) == shape
    assert status_shape(ClaimKind.EVENT, graded_e, sources, {}, []) != shape
    # Names and dates are not in the key: the awaited parties' line is each claim's own.
    silent = [one[0] | {"stance": "no_statement", "as_of": date(2026, 1, 2)}]
    other = [silent[0] | {"source_id": 2, "as_of": date(2026, 1, 3)}]
    assert status_shape(ClaimKind.EVENT, silent, sources, {}, []) == status_shape(ClaimKind.EVENT, other, sources, {}, [])
    _differ_and_agree(sources, {}, silent, other)
