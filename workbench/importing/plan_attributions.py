"""Planning an import's attributions, before their claims are written.

Each attribution's references are resolved (source by key or by name, document, relay), its
span checked against the document's text, its quote anchored there (``review.quote_anchors``),
and its key found among the stored ones or refused as used twice in the file. A source named
but unknown is created here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from workbench.attribution_keys import derived_key, looks_derived
from workbench.db.batches import in_wanted, wanted
from workbench.db.models import Source
from workbench.formats.interchange import AttributionSpec, Invalid, field_path
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.context import ImportContext
from workbench.importing.plans import PlannedAttribution, PlannedClaim
from workbench.importing.tables import ALIASES, ATTRIBUTIONS, CACHE_LIMIT, DOCUMENTS, SOURCES, chunks
from workbench.review.attributions import infer_certainty
from workbench.review.quote_anchors import ANCHOR_COLUMNS, anchor_columns
from workbench.review.references import unique_key
from workbench.vocabulary import AnchorState, EntityType, Reliability, SourceKind, Stance

SPAN_TEXTS = 32  # documents' full texts kept to check spans against (each up to 5M characters)
# The anchor columns of an attribution without a document text or a span: most of a feed's.
NO_ANCHOR = anchor_columns(None, None, None)
_ORPHANED = AnchorState.ORPHANED.value  # compared for every attribution (an enum's ``.value`` costs 140 ns)

# Lookups each batch repeats (``db.batches.wanted``: built once).
_TEXTLESS_DOCUMENTS = select(DOCUMENTS.c.id).where(DOCUMENTS.c.id.in_(wanted()), DOCUMENTS.c.full_text.is_(None))
_STORED_ATTRIBUTIONS = select(ATTRIBUTIONS).where(ATTRIBUTIONS.c.key.in_(wanted()))


class AttributionPlanner:
    """Turns a claim's attribution specs into ``PlannedAttribution`` rows (see the module docstring).

    Documents are all written before the first claim is planned, so the texts kept here to
    check spans never go stale.
    """

    def __init__(self, context: ImportContext, matcher: ClaimMatcher) -> None:
        self.context = context
        self.connection = context.connection
        self.rows = context.rows
        self.log = context.log
        self.keys = context.keys
        self.summary = context.summary
        self.matcher = matcher
        self._source_names: dict[str, int] = {}  # casefolded name given -> the source it resolved to
        self._document_texts: dict[int, str | None] = {}
        # Documents known to have no text, and known to have one (fetched when a quote needs it).
        self._textless: set[int] = set()
        self._with_text: set[int] = set()
        self._learnt = False  # whether ``_learn_every_document`` ran
        # True once it read every document: then one not in ``_with_text`` has no text, and
        # ``_textless`` stays empty (a feed's documents mostly have none: 20,000 ids in a set
        # took 1.7 MB of an import's budgeted memory).
        self._every_document_known = False

    def prepare_batch(self, document_ids: set[int]) -> None:
        """Learn in one query which of a batch's quoted documents have no text at all.

        Feeds mostly carry no article text: without this, every quoted attribution of such a
        document asked the database for its text, one query each (9,645 queries for 20k
        claims), and each query first waits for the writes of the previous batch to finish.
        What is learnt is kept: documents are all written before the first claim is planned.
        """
        if not self._learnt:
            self._learn_every_document()
        if self._every_document_known:
            return
        wanted = document_ids - self._textless - self._with_text
        if not wanted:
            # The usual case after the first batches: a query would wait for the last batch's
            # writes (``background``), which cost a 20k-claim import 0.6 s of waiting.
            return
        if len(self._textless) + len(self._with_text) > CACHE_LIMIT:
            self._textless.clear()
            self._with_text.clear()
        textless: set[int] = set()
        for chunk in chunks(sorted(wanted)):
            textless.update(self.connection.execute(_TEXTLESS_DOCUMENTS, in_wanted(chunk)).scalars())
        self._textless |= textless
        self._with_text |= wanted - textless

    def forget(self) -> None:
        """Let go of what was learnt about documents and source names (see
        ``FileWriter._claims_written``); it is learnt again if asked."""
        self._source_names.clear()
        self._textless, self._with_text = set(), set()
        self._learnt = self._every_document_known = False

    def _learn_every_document(self) -> None:
        """Which documents have a text, all in one query when they fit in the cache and the file
        has more claims than there are documents (once, before the first batch's claims are
        written, so nothing is waited for)."""
        self._learnt = True
        documents = self.connection.execute(select(func.count()).select_from(DOCUMENTS)).scalar_one()
        if documents > min(CACHE_LIMIT, self.context.prepared.spool.counts["claim"]):
            return
        with_text = self.connection.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.full_text.is_not(None))).scalars()
        # Sized once: added one at a time, a set of 20,000 ids grows fourfold at each step and
        # ends with a 2.1 MB table; made from a dict of them, 1 MB.
        self._with_text = set(dict.fromkeys(with_text))
        self._every_document_known = True

    def plan(self, claim_key: str, spec: AttributionSpec, claim_text: str | None = None) -> PlannedAttribution:
        """Resolve an attribution's references (a source named but unknown is created) and its key.

        ``claim_text`` is the claim's wording, which a certainty left to be inferred is read
        from when the attribution has no quote.
        """
        # Keys known already are looked up directly: the lookups' methods, which find the rest
        # and name the field of one that names nothing, cost a third of this method.
        source_id: int | None
        if spec.source is not None:
            source_id = self.keys.source_ids.get(spec.source)
            if source_id is None:
                source_id = self.keys.source_id(spec.source, spec.line, field_path(spec.path, "source") if spec.path else "source_key")
            source_key = spec.source
        else:
            assert spec.source_name is not None
            source_id = self._resolve_source_name(spec)
            source_key = self.keys.source_key(source_id)
        document_id = None
        if spec.document:
            document_id = self.keys.document_ids.get(spec.document)
            if document_id is None:
                document_id = self.keys.document_id(
                    spec.document, spec.line, field_path(spec.path, "document") if spec.path else "document_key"
                )
        relay_id = None
        if spec.relayed_via:
            where = field_path(spec.path, "relayed_via") if spec.path else "relayed_via_key"
            relay_id = self.keys.source_id(spec.relayed_via, spec.line, where)
        if spec.span is not None and document_id is not None:
            self._check_span(spec, document_id)
        key = spec.key or derived_key(claim_key, source_key, spec.document, spec.stance, spec.quote)
        text = self._document_text(document_id) if document_id is not None and spec.quote else None
        values = {
            "source_id": source_id,
            "document_id": document_id,
            "stance": spec.stance,
            "mode": spec.mode,
            "quote": spec.quote,
            **(anchor_columns(text, spec.quote, spec.span) if text or spec.span is not None else NO_ANCHOR),
            "relayed_via_id": relay_id,
            "credibility": spec.credibility,
            "as_of": spec.as_of,
            "note": spec.note,
            **self._certainty(spec, claim_text),
        }
        if spec.certainty is not None:
            values["certainty"] = spec.certainty
            values["certainty_inferred"] = spec.certainty_inferred
        if spec.given is not None and spec.given & {"quote", "document_id"}:
            # A CSV row that sets a quote or a document sets where the quote is, too.
            spec = replace(spec, given=spec.given | set(ANCHOR_COLUMNS))
        if values["anchor_state"] == _ORPHANED and spec.span is None:
            # Not found, and no position given (an export leaves it out): a stored quote keeps
            # its last position and context, so it is found again if the text is put back.
            given = spec.given if spec.given is not None else frozenset(values) | {"claim_id"}
            spec = replace(spec, given=given - {"span_start", "span_end", "quote_prefix", "quote_suffix"})
        return PlannedAttribution(spec, key, values)

    @staticmethod
    def _certainty(spec: AttributionSpec, claim_text: str | None) -> dict[str, Any]:
        """Given (version 2), or inferred from the wording as a reviewer's attribution is.

        Version 1 had no certainty: nothing is set, so a new attribution is stated (the
        column's default) and a stored one keeps what the desk gave it.
        """
        if spec.certainty is not None:
            return {"certainty": spec.certainty, "certainty_inferred": spec.certainty_inferred}
        if spec.infer:
            return {
                "certainty": infer_certainty(spec.stance, spec.quote, claim_text or ""),
                "certainty_inferred": not Stance(spec.stance).is_silence,
            }
        return {}

    def _document_text(self, document_id: int) -> str | None:
        if document_id in self._textless or (self._every_document_known and document_id not in self._with_text):
            return None
        if document_id not in self._document_texts:
            if len(self._document_texts) > SPAN_TEXTS:
                self._document_texts.clear()
            self._document_texts[document_id] = self.connection.execute(
                select(DOCUMENTS.c.full_text).where(DOCUMENTS.c.id == document_id)
            ).scalar()
        return self._document_texts[document_id]

    def _check_span(self, spec: AttributionSpec, document_id: int) -> None:
        full_text = self._document_text(document_id)
        if full_text is None or spec.span is None:
            return
        start, end = spec.span
        where = field_path(spec.path, "span")
        if end > len(full_text):
            raise Invalid(
                spec.line, where, f"[{start}, {end}] runs past the end of the document's text ({len(full_text)} characters)"
            )
        if spec.quote is not None and full_text[start:end] != spec.quote:
            raise Invalid(spec.line, where, "the span does not cover the quote in the document's text")

    def _resolve_source_name(self, spec: AttributionSpec) -> int:
        """A source given by name: the one source it names, exactly or closely, else a new one."""
        assert spec.source_name is not None
        folded = spec.source_name.casefold()
        if folded in self._source_names:
            return self._source_names[folded]
        where = field_path(spec.path, "source_name") if spec.path else "source_name"
        exact = self._sources_named(spec.source_name)
        if len(exact) == 1:
            source_id, candidates = exact[0][0], []
        elif exact:
            source_id, candidates = None, exact
        else:
            source_id, candidates = self.matcher.resolve_source(self.context.session, spec.source_name)
        if source_id is None and candidates:
            names = "; ".join(f"{name!r} ({self.keys.source_key(i)})" for i, name in candidates[:5])
            raise Invalid(
                spec.line, where, f"{spec.source_name!r} is ambiguous: it could be {names}; give source_key to choose"
            )
        if source_id is not None:
            self.summary.sources_matched += 1
            self.keys.source_key(source_id)  # known from here on: the attribution's key is derived from it
        else:
            source_id = self._create_source_from_name(spec)
        if len(self._source_names) > CACHE_LIMIT:
            self._source_names.clear()
        self._source_names[folded] = source_id
        return source_id

    def _sources_named(self, name: str) -> list[tuple[int, str]]:
        """Sources whose name or an alias is ``name``, ignoring case."""
        folded = name.strip().casefold()
        variants = sorted({folded, name.strip()})
        by_name = self.connection.execute(
            select(SOURCES.c.id, SOURCES.c.name).where(func.lower(SOURCES.c.name).in_(variants)).limit(5)
        ).all()
        found = {row.id: row.name for row in by_name}
        if not found:
            by_alias = self.connection.execute(
                select(SOURCES.c.id, SOURCES.c.name)
                .join(ALIASES, ALIASES.c.source_id == SOURCES.c.id)
                .where(func.lower(ALIASES.c.alias).in_(variants))
                .limit(5)
            ).all()
            found = {row.id: row.name for row in by_alias}
        return sorted(found.items())

    def _create_source_from_name(self, spec: AttributionSpec) -> int:
        assert spec.source_name is not None
        key = unique_key(self.context.session, Source, "src", spec.source_name)
        (source_id,) = self.rows.new_ids(SOURCES, 1)
        name = spec.source_name.strip()
        values = {
            "key": key,
            "name": name,
            "kind": spec.source_kind or SourceKind.PERSON.value,
            "role": None,
            "reliability": spec.source_reliability or Reliability.F.value,
        }
        self.rows.insert(SOURCES, [values | {"id": source_id, "created_at": self.context.now, "updated_at": self.context.now}])
        self.keys.remember_source(key, source_id, named=True)
        self.summary.sources.created += 1
        self.log.record(EntityType.SOURCE, source_id, "source_added", after={k: v for k, v in values.items() if k != "key"} | {"aliases": []})
        self.matcher.source_added(source_id, name)
        return source_id

    def find_stored(self, planned: list[PlannedClaim]) -> list[PlannedClaim]:
        """Find stored attributions by key; refuse a key used twice in this file.

        Returns the claims kept: a claim with a refused attribution is rejected whole.
        """
        keys = sorted({key for plan in planned for key in self._maybe_stored(plan)})
        stored: dict[str, Any] = {}
        for chunk in chunks(keys):
            for found in self.connection.execute(_STORED_ATTRIBUTIONS, in_wanted(chunk)):
                stored[found.key] = found
        kept: list[PlannedClaim] = []
        seen: dict[str, int | None] = {}
        for plan in planned:
            mine: dict[str, int | None] = {}
            try:
                for attribution in plan.attributions:
                    spec = attribution.spec
                    row = stored.get(attribution.key)
                    repeated = attribution.key in seen or attribution.key in mine
                    if repeated or (row is not None and row.id > self.context.baseline.attributions):
                        first = mine.get(attribution.key, seen.get(attribution.key))
                        where = f"first used on line {first}" if first is not None else "first used earlier in this file"
                        if spec.key is None:
                            raise Invalid(
                                spec.line,
                                field_path(spec.path, "key") if spec.path else "attribution_key",
                                f"the same source, document, stance and quote as another attribution of claim "
                                f"{plan.spec.key!r} ({where}): give each its own key",
                            )
                        raise Invalid(
                            spec.line,
                            field_path(spec.path, "key") if spec.path else "attribution_key",
                            f"duplicate key {attribution.key!r} ({where})",
                        )
                    attribution.existing = row
                    mine[attribution.key] = spec.line
            except Invalid as problem:
                self.context.reject(problem, plan.raw)
                continue
            seen.update(mine)
            kept.append(plan)
        return kept

    def _maybe_stored(self, plan: PlannedClaim) -> list[str]:
        """The keys of a claim's attributions that may be stored already, or used earlier in this file
        (``keyfilter.KnownKeys``: the claim is one of the batch being written).

        A derived key (``attribution_keys.derived_key``: a hash of the claim's key and the
        attribution's values) can only have been used before under the same claim key, so a
        claim key never seen means derived keys never seen. A given key shaped like a derived
        one (from an export) is always looked up, as it may repeat a derived key this file
        produced earlier.
        """
        keys = self.context.known_keys
        claim_key = plan.spec.key
        maybe: list[str] = []
        for attribution in plan.attributions:
            if attribution.spec.key is None:
                if keys.derived_may_be_known(claim_key, attribution.key):
                    maybe.append(attribution.key)
            elif keys.given_may_be_known(claim_key, attribution.key) or looks_derived(attribution.key):
                maybe.append(attribution.key)
        return maybe
