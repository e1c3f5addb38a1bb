"""Matching an import's new claims and source names against what is already known.

The scoring and the decisions are ``workbench.matching.fuzzy``'s (``classify_claim_match``):
normalised text equal or a score at or above ``auto`` with agreeing details: the incoming
claim's attributions join the existing claim; from ``suggest`` to ``auto``, or a claim under
``min_words_for_auto`` words: a new claim linked ``duplicate_of`` the existing one with a
"possible duplicate" note; details that contradict (numbers, dates, places, actors,
negation): never merged, reported as conflicting details. Source names resolve by exact
normalised name, then alias, then a fuzzy match that is clearly ahead of the next (else the
name is reported as ambiguous, never guessed).

Where candidates come from:

- the claims stored before the import, through the full-text prefilter
  (``matching.find_claim_candidates``), when the file has at most ``full_search_limit`` new
  claims: each query costs milliseconds, which is fine for a desk's daily file and not for
  a million-claim load;
- a window of the most recent ``window`` claims, stored or imported earlier in this run,
  held in memory with an inverted index on each claim's rarest words (``claim_window``).
  Duplicates in a feed arrive close together, and the window keeps a large import's memory
  flat. For a large file into SQLite a worker process holds the window and matches each
  batch ahead (``matching_ahead``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.ids import highest_id_ever
from workbench.db.models import Claim
from workbench.formats.interchange import ClaimSpec
from workbench.importing.analysis import WORKER_MIN_CLAIMS, analyse_texts
from workbench.importing.claim_matcher import AheadJob, ClaimMatcher, Suggestion
from workbench.importing.claim_window import WINDOW, ClaimWindow
from workbench.importing.matching_ahead import RemoteWindow, WindowSetup, analyse_dropping_window, match_ahead
from workbench.importing.tables import CLAIMS
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS, MatchThresholds, SourceIndex, find_claim_candidates

FULL_SEARCH_LIMIT = 10_000


class DuplicateMatcher(ClaimMatcher):
    """The import's matcher: see the module docstring."""

    def __init__(
        self,
        thresholds: MatchThresholds = DEFAULT_THRESHOLDS,
        *,
        window: int = WINDOW,
        full_search_limit: int = FULL_SEARCH_LIMIT,
    ) -> None:
        self.thresholds = thresholds
        self.window = window
        self.full_search_limit = full_search_limit
        self.session: Session | None = None
        self.full_search = False
        self.claims = ClaimWindow(thresholds, window)
        self._sources: SourceIndex | None = None
        self._remote: RemoteWindow | None = None  # the worker holds the window (``matching_ahead``)
        self._worker_window_stale = False  # the worker still holds a window no longer asked

    # -- claims ------------------------------------------------------------------------------

    def prepare(self, session: Session, new_claims: int = 0) -> None:
        self.session = session
        stored = session.scalar(select(func.count()).select_from(Claim)) or 0
        self.full_search = stored > 0 and new_claims <= self.full_search_limit
        if self.full_search or self.claims.holds_claims() or self.window <= 0:
            return
        recent = self._recent(session) if stored else []
        if new_claims >= WORKER_MIN_CLAIMS and session.get_bind().dialect.name == "sqlite":
            # The worker process holds the window and matches a batch ahead (``matching_ahead``);
            # SQLite gives the new claims their ids in order, which the worker relies on.
            first_id = highest_id_ever(session.connection(), CLAIMS) + 1  # as ``rows.new_ids`` counts
            stored_in = _database_file(session) if stored else None  # the worker asks what it held
            self._remote = RemoteWindow(WindowSetup(self.thresholds, self.window, tuple(recent), first_id, stored_in))
            return
        for claim_id, key, text in recent:
            self.claims.added(claim_id, key, text)

    def _recent(self, session: Session) -> list[tuple[int, str, str]]:
        """The last ``window`` claims stored, oldest first: the window a file's claims start from."""
        rows = session.execute(select(Claim.id, Claim.key, Claim.text).order_by(Claim.id.desc()).limit(self.window)).all()
        return [(row.id, row.key, row.text) for row in reversed(rows)]

    works_ahead = True

    def work_ahead(self, claims: Sequence[ClaimSpec]) -> AheadJob | None:
        """The worker's job for a batch: matching it (``matching_ahead``), or else its words."""
        if self._remote is not None:
            return match_ahead, self._remote.job(list(claims))
        texts = [spec.text for spec in claims if spec.text is not None]
        if self._worker_window_stale:
            self._worker_window_stale = False
            return analyse_dropping_window, texts
        return analyse_texts, texts

    def next_batch(self, claims: Sequence[ClaimSpec], answer: object = None) -> None:
        """Work out the next batch's words now, while the writes of the last one run (unless a
        worker process did: ``answer``, in the order of the texts; or matched the batch)."""
        if self._remote is not None:
            if self._remote.take(answer):
                return
            self._go_local()
        self.claims.analyse([spec.text for spec in claims if spec.text is not None], answer)

    def _go_local(self) -> None:
        """Match here from now on: the worker's guess of which claims are new was wrong, or it
        failed. The window is read back from the database (every earlier batch's claims are
        there, in id order) plus the claims this batch added so far: the worker's window had
        it guessed right."""
        remote, self._remote = self._remote, None
        assert remote is not None and self.session is not None
        self._worker_window_stale = True
        for claim_id, key, text in [*self._recent(self.session), *remote.batch_added]:
            self.claims.added(claim_id, key, text)

    def match(self, spec: ClaimSpec) -> Suggestion | None:
        if self._remote is not None:
            known, suggestion = self._remote.match(spec)
            if known:
                return suggestion
            self._go_local()
        if self.full_search and self.session is not None:
            return self.claims.match(spec, self._stored_candidates, self._stored_key)
        return self.claims.match(spec)

    def _stored_candidates(self, text: str) -> list[tuple[int, float, str]]:
        """The stored claims the database search finds for ``text``: (id, score, text) each."""
        assert self.session is not None
        return [(c.claim_id, c.score, c.text) for c in find_claim_candidates(self.session, text, 3, self.thresholds)]

    def _stored_key(self, claim_id: int) -> str | None:
        assert self.session is not None
        return self.session.scalar(select(Claim.key).where(Claim.id == claim_id))

    def added(self, claim_id: int, key: str, text: str) -> None:
        if self._remote is not None:
            if self._remote.added(claim_id, key, text):
                return
            self._go_local()
        self.claims.added(claim_id, key, text)

    def claims_done(self) -> None:
        """Let go of the window: once matching moved here (``_go_local``), it held about 10 MB
        at 100k claims in this process until the import ended, and its end is the import's
        peak (the stored claims' statuses recomputed). A matcher used for another file reads
        the window back from the database, as for any first file."""
        self.claims = ClaimWindow(self.thresholds, self.window)
        self._remote = None

    # -- sources -----------------------------------------------------------------------------

    def resolve_source(self, session: Session, name: str) -> tuple[int | None, list[tuple[int, str]]]:
        if self._sources is None:
            self._sources = SourceIndex.load(session)
        resolution = self._sources.resolve(name, self.thresholds)
        if resolution.kind in ("exact", "alias", "fuzzy"):
            return resolution.source_id, []
        if resolution.kind == "ambiguous":
            return None, [(m.source_id, m.name) for m in resolution.candidates]
        return None, []

    def source_added(self, source_id: int, name: str) -> None:
        if self._sources is not None:
            self._sources.add(source_id, name)


def _database_file(session: Session) -> str | None:
    """The file of the SQLite database the session writes to; None in memory (a worker
    process cannot open it)."""
    for _, name, file in session.connection().exec_driver_sql("PRAGMA database_list"):
        if name == "main":
            return str(file) or None
    return None
