"""New claims' corroboration statuses, computed in memory from their planned attributions.

A new claim is inserted with its status, origin count and awaited parties, so no second pass
over the file's claims is needed and ``db check`` agrees. The rules (``corroboration.assess``)
read the attributions' facts and those of the sources and documents they name; those facts
are loaded all at once before the first batch when they fit (``CACHE_LIMIT`` of each), else a
batch at a time, and kept, through the same row-to-facts helpers as every other caller
(``review.evidence``), so a claim's status comes out the same whichever path stored it. The desk's possibly-same marks are a short, hand-made list,
read once.

The caches hold a document's facts without its title, and each outlet id and date once: the
stored columns computed here (status, origin count, awaited parties) never read a title
(only an explanation's words do), and a large file names tens of thousands of documents: for
the 10,000 sources and 20,000 documents of the million-claim benchmark file the facts took
7.9 MB, 5.5 MB with the documents held lean (``_lean``), and 4.6 MB with each id one int
object shared with the key lookups (``prime``).

A new claim's links to other claims are written after every claim of the file, so the flags
they give (disputed, superseded, fulfilled) are stored when the links are
(``AffectedClaims.linked``), not here.

The caches are filled only while claims are written, after every source and document of the
file: nothing changes a fact once it is here (a source created from a name is new, so never
cached before).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, func, select

from workbench.corroboration import (
    AttributionFacts,
    DocumentFacts,
    Evidence,
    NotCounted,
    SourceFacts,
    assess,
    awaiting_text,
)
from workbench.db.batches import in_wanted, wanted
from workbench.importing.lookups import KeyLookups
from workbench.importing.plans import PlannedClaim
from workbench.importing.status_shape import SILENCES, status_shape
from workbench.importing.tables import CACHE_LIMIT, DOCUMENTS, IN_CHUNK, SOURCES, STATUS_MEMO
from workbench.review.evidence import (
    DOCUMENT_FACT_COLUMNS,
    SOURCE_FACT_COLUMNS,
    claim_marks,
    document_facts,
    possibly_same_pairs,
    source_facts,
)
from workbench.vocabulary import Certainty, ClaimKind, Mode, Stance

# status, origin count, garbled copies by position, whether any attribution records a silence
_Count = tuple[str, int, frozenset[int], bool]
# The facts of documents and sources not known yet (``db.batches.wanted``: built once).
_DOCUMENT_FACTS = select(*DOCUMENT_FACT_COLUMNS).where(DOCUMENTS.c.id.in_(wanted()))
_SOURCE_FACTS = select(*SOURCE_FACT_COLUMNS).where(SOURCES.c.id.in_(wanted()))
# A spec's kind is a validated value: looked up, not passed through the enum's constructor
# (0.13 s of a 100k-claim import).
_CLAIM_KINDS = {kind.value: kind for kind in ClaimKind}
_EVENT = ClaimKind.EVENT.value
# The same for an attribution's values, which the planner validated: an enum's constructor
# costs about ten times a lookup, and a file's every silence and memo miss pays it per value.
_STANCES = {stance.value: stance for stance in Stance}
_MODES = {mode.value: mode for mode in Mode}
_CERTAINTIES = {certainty.value: certainty for certainty in Certainty}
_STATED = Certainty.STATED.value


class NewClaimStatuses:
    """Statuses of a batch's new claims (see the module docstring)."""

    def __init__(self, connection: Connection, incoming_claims: int = 0, keys: KeyLookups | None = None) -> None:
        self.connection = connection
        self.incoming_claims = incoming_claims  # the file's, for ``prime``
        self.keys = keys  # the import's ids by key, whose int objects ``prime`` reuses
        self.source_facts: dict[int, SourceFacts] = {}
        self.document_facts: dict[int, DocumentFacts] = {}
        self._possibly_same: list[frozenset[int]] | None = None  # read when first needed
        # Results by the facts they follow from (see ``status``).
        self._memo: dict[tuple[Any, ...], _Count] = {}
        self._older: dict[tuple[Any, ...], _Count] = {}  # the memo before it last filled up
        self._parts: dict[Any, Any] = {}  # one copy of each part of the memo's keys and counts (``_remember``)
        self._primed = False
        # One copy of each outlet id and publication date the cached documents hold (``_lean``).
        self._shared_values: dict[Any, Any] = {}

    def prime(self) -> None:
        """Every source's and document's facts at once, when they fit in the caches.

        Called before the first batch of claims: a query in a later batch would first wait
        for the previous batch's writes (``background``), and learning the facts batch by
        batch made a 20k-claim import wait 0.26 s. Only for a file with more claims than
        there are sources and documents: a desk's daily file (or an article's intake) into a
        large database reads only what it names.
        """
        self._primed = True
        counts = [
            self.connection.execute(select(func.count()).select_from(table)).scalar_one() for table in (SOURCES, DOCUMENTS)
        ]
        if sum(counts) > min(CACHE_LIMIT, self.incoming_claims):
            return  # learnt batch by batch (``load_facts``)
        # Each id as the key lookups already hold it: one int object for both, not two (32
        # bytes each, 0.9 MB at 30,000 sources and documents).
        held: dict[int, int] = {}
        if self.keys is not None:
            held = {i: i for ids in (self.keys.source_ids, self.keys.document_ids) for i in ids.values()}
        for row in self.connection.execute(select(*DOCUMENT_FACT_COLUMNS)):
            document_id = held.get(row.id, row.id)
            self.document_facts[document_id] = self._lean(document_facts(row), document_id)
        for source in self.connection.execute(select(*SOURCE_FACT_COLUMNS)):
            source_id = held.get(source.id, source.id)
            self.source_facts[source_id] = replace(source_facts(source), id=source_id)

    def forget(self) -> None:
        """Let go of the cached facts and results (see ``FileWriter._claims_written``): a later
        ``learn`` reads what it needs again, a batch at a time."""
        for cache in (self.source_facts, self.document_facts, self._memo, self._older, self._parts, self._shared_values):
            cache.clear()

    def load_facts(self, planned: list[PlannedClaim]) -> None:
        """Sources and documents (with their chains) that the new claims' statuses depend on."""
        source_ids: set[int] = set()
        document_ids: set[int] = set()
        for plan in planned:
            if plan.existing is not None:
                continue
            for a in plan.attributions:
                source_ids.add(a.values["source_id"])
                if a.values["relayed_via_id"] is not None:
                    source_ids.add(a.values["relayed_via_id"])
                if a.values["document_id"] is not None:
                    document_ids.add(a.values["document_id"])
        self.learn(source_ids, document_ids)

    def learn(self, source_ids: set[int], document_ids: set[int]) -> None:
        """Cache these sources and documents, with their chains (affiliations, derived-from
        originals) and the documents' outlets, unless cached already."""
        if not self._primed:
            self.prime()
        source_ids = set(source_ids)
        for facts in (self.document_facts, self.source_facts):
            if len(facts) > CACHE_LIMIT:
                facts.clear()  # reloaded below as needed
                self._memo.clear()
                self._older.clear()
                self._shared_values.clear()
        pending = document_ids - set(self.document_facts)
        while pending:
            batch = sorted(pending)[:IN_CHUNK]
            pending.difference_update(batch)
            for row in self.connection.execute(_DOCUMENT_FACTS, in_wanted(batch)):
                self.document_facts[row.id] = self._lean(document_facts(row))
                if row.derived_from_id is not None and row.derived_from_id not in self.document_facts:
                    pending.add(row.derived_from_id)
        for document_id in document_ids:
            outlet = self.document_facts[document_id].outlet_id if document_id in self.document_facts else None
            if outlet is not None:
                source_ids.add(outlet)
        pending = source_ids - set(self.source_facts)
        while pending:
            batch = sorted(pending)[:IN_CHUNK]
            pending.difference_update(batch)
            for source in self.connection.execute(_SOURCE_FACTS, in_wanted(batch)):
                self.source_facts[source.id] = source_facts(source)
                if source.affiliation_id is not None and source.affiliation_id not in self.source_facts:
                    pending.add(source.affiliation_id)

    def recount(self, kind: ClaimKind, attributions: list[AttributionFacts]) -> tuple[str, int, str | None]:
        """A stored claim's status, origin count and awaited parties from all its attributions
        (``learn`` their sources and documents first). For a claim of this file a later batch
        gave more attributions (``own_statuses``): it has no links yet, so no flags."""
        if self._possibly_same is None:
            self._possibly_same = possibly_same_pairs(self.connection, None)
        assessment = assess(self._evidence(kind, attributions, self._possibly_same))
        return assessment.status.value, assessment.origin_count, assessment.awaiting_text()

    def _evidence(
        self, kind: ClaimKind, attributions: list[AttributionFacts], possibly_same: list[frozenset[int]]
    ) -> Evidence:
        """A claim's evidence from the cached facts (no links: those flags are stored apart)."""
        return Evidence(
            attributions=attributions,
            sources=self.source_facts,
            documents=self.document_facts,
            claim_kind=kind,
            possibly_same=claim_marks(possibly_same, attributions),
        )

    def _lean(self, facts: DocumentFacts, document_id: int | None = None) -> DocumentFacts:
        """A document's facts as the cache holds them: no title, shared ids and dates.

        A title is read only by an explanation (``World.document_title``); nothing this class
        returns shows one, so leaving it out changes no status, count or awaited line
        (tests/test_import_status_shape.py compares them with the rules given full facts).
        """
        share = self._shared_values.setdefault
        return DocumentFacts(
            facts.id if document_id is None else document_id,
            "",
            share(facts.outlet_id, facts.outlet_id),
            facts.derived_from_id,  # nearly each a different document: sharing would cost more
            share(facts.published_on, facts.published_on),
        )

    def status(self, plan: PlannedClaim, attribution_ids: dict[int, int]) -> tuple[str, int, str | None]:
        """A new claim's status, origin count and awaited parties, from its attributions.

        A large feed gives thousands of claims the same kind of evidence (one source graded B
        asserting, say), and the chain count reads nothing but the attributions' facts in id
        order, the sources and the documents, so its results are remembered by those facts
        with the ids replaced by their ranks (``status_shape``). The awaited parties' line
        names parties and dates, so it is worked out for each claim that records a silence,
        from the remembered count's garbled copies. Sources and documents do not change while
        claims are written (their records come first in a file).
        """
        attributions = plan.attributions
        values = [a.values for a in attributions]
        kind = _CLAIM_KINDS[plan.spec.kind or _EVENT]
        if self._possibly_same is None:
            self._possibly_same = possibly_same_pairs(self.connection, None)
        shape: tuple[Any, ...] | None = None
        remembered: _Count | None = None
        if [a.existing for a in attributions].count(None) == len(attributions):  # new ids are in plan order
            shape = status_shape(kind, values, self.source_facts, self.document_facts, self._possibly_same)
            remembered = self._remembered(shape)
            # The shape holds every stance, so whether it records a silence is remembered too.
            if remembered is not None and not remembered[3]:
                return remembered[0], remembered[1], None
        facts = [
            AttributionFacts(
                id=attribution_ids[id(a)] if a.existing is None else a.existing.id,
                source_id=v["source_id"],
                stance=_STANCES[v["stance"]],
                mode=_MODES[v["mode"]],
                document_id=v["document_id"],
                relayed_via_id=v["relayed_via_id"],
                as_of=v["as_of"],
                # A version-1 record sets no certainty: a stored attribution keeps its own, a
                # new one gets the column's default, stated.
                certainty=_CERTAINTIES[v.get("certainty") or getattr(a.existing, "certainty", None) or _STATED],
                certainty_inferred=bool(v.get("certainty_inferred", getattr(a.existing, "certainty_inferred", False))),
            )
            for a, v in zip(plan.attributions, values, strict=True)
        ]
        evidence = self._evidence(kind, facts, self._possibly_same)
        if remembered is not None:
            status, origin_count, garbled, _silent = remembered
            return status, origin_count, awaiting_text(evidence, {facts[position].id for position in garbled})
        assessment = assess(evidence)
        if shape is not None:
            positions = {fact.id: position for position, fact in enumerate(facts)}
            garbled_positions = frozenset(
                positions[u.attribution_id] for u in assessment.uncounted if u.why is NotCounted.GARBLED_COPY
            )
            silent = any(v["stance"] in SILENCES for v in values)
            self._remember(shape, (assessment.status.value, assessment.origin_count, garbled_positions, silent))
        return assessment.status.value, assessment.origin_count, assessment.awaiting_text()

    def _remembered(self, shape: tuple[Any, ...]) -> _Count | None:
        found = self._memo.get(shape)
        if found is None:
            found = self._older.get(shape)
            if found is not None:
                # Kept as ``_remember`` keeps a new count, its parts shared. Stored as built,
                # the claim's own copy of the key held every part apart: at 250k claims the
                # memo grew by 4.4 MB of such keys between the 40th and the 240th batch.
                self._remember(shape, found)
        return found

    def _remember(self, shape: tuple[Any, ...], count: _Count) -> None:
        """Keep ``count``; a full memo becomes the older one, so the common shapes live on
        (emptying it at 4,000 entries lost them all again and again on a large file).

        Shapes differ as wholes but are made of a few recurring parts (one B source asserting,
        first in the claim), so each part is kept once, shared by every key that holds it.
        Held as built, the memo's keys were about 1.2 KB each, the largest thing an import's
        memory grew by with the file (5 MB more at 100k claims than at 25k).
        """
        if len(self._memo) >= STATUS_MEMO:
            self._older, self._memo = self._memo, {}
            self._parts = {}  # the parts the new memo's keys need are gathered again
        kind, attributions, sources, documents, marks = shape
        compact = (kind, self._shared_all(attributions), self._shared_all(sources), self._shared_all(documents), self._shared(marks))
        self._memo[compact] = self._shared(count)

    def _shared(self, part: Any) -> Any:
        return self._parts.setdefault(part, part)

    def _shared_all(self, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        return self._shared(tuple([self._shared(part) for part in parts]))
