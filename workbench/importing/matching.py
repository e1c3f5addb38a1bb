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
  held in memory with an inverted index on each claim's rarest words. Duplicates in a feed
  arrive close together, and the window keeps a large import's memory flat.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container, Sequence
from dataclasses import dataclass
from sys import intern

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.db.models import Claim
from workbench.formats.interchange import ClaimSpec
from workbench.importing.analysis import WORKER_MIN_CLAIMS, TextWords, analyse_texts, text_words
from workbench.importing.claim_matcher import AheadJob, ClaimMatcher, Suggestion
from workbench.importing.matching_ahead import RemoteWindow, WindowSetup, match_ahead
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.detail_comparison import DetailComparison, compare_details
from workbench.matching.fuzzy import (
    DEFAULT_THRESHOLDS,
    MatchDecision,
    MatchThresholds,
    SourceIndex,
    classify_claim_match,
    find_claim_candidates,
)
from workbench.matching.match_keys import key_similarities, normalize_claim_text

WINDOW = 10_000
FULL_SEARCH_LIMIT = 10_000
_MAX_POSTING = 100  # a word in more window claims than this picks none (it says nothing)
_CANDIDATES = 50
_CLASSIFIED = 3  # candidates whose details are compared, best score first, to find a duplicate


# The window claims holding a word, by sequence number (see ``DuplicateMatcher._postings``):
# a bare int for one claim (most words: names, numbers), else an ascending list.
_Posting = int | list[int]
_SWEEPS_PER_WINDOW = 4  # postings are cleared of forgotten claims this often per window filled


@dataclass(slots=True)
class _Entry:
    claim_id: int
    key: str
    text: str
    match_key: str
    exact: int  # hash of the normalised text (the text itself is compared on a hit)
    tokens: tuple[str, ...]  # distinct match tokens (one may hold a space: a phrase)
    details: ClaimDetails | None = None  # computed when first needed

    def claim_details(self) -> ClaimDetails:
        if self.details is None:
            self.details = claim_details(self.text)
        return self.details


def _members(posting: Sequence[int]) -> Container[int]:
    """A posting to test membership in: a short one as it is (building a set costs more)."""
    return posting if len(posting) <= 8 else set(posting)


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
        self._entries: dict[int, _Entry] = {}
        # Each claim that enters the window gets the next sequence number; the window holds
        # the last ``window`` of them, and ``_ring[seq % window]`` is the claim of each.
        self._ring: list[int] = []
        self._next_seq = 0
        # token -> the sequence numbers of the window claims holding it. Appended to as claims
        # enter, never touched as they leave: numbers below the window's first are skipped
        # when read and swept out ``_SWEEPS_PER_WINDOW`` times per window filled. (Kept exact
        # before: a set per word, updated for each word of each claim leaving, and rebuilt from
        # the whole window when a common word became rare again. This takes less memory, 7.2
        # against 9.1 MB for 30k claims fed; the time is about the same, as membership tests
        # now build sets from the longer lists.)
        self._postings: dict[str, _Posting] = {}
        self._exact: dict[int, int] = {}  # hash of normalised text -> claim id
        self._sources: SourceIndex | None = None
        self._analysed: dict[str, TextWords] = {}  # the batch's texts -> their words
        self._details: dict[str, ClaimDetails] = {}  # the batch's texts whose details were needed
        self._remote: RemoteWindow | None = None  # the worker holds the window (``matching_ahead``)

    # -- claims ------------------------------------------------------------------------------

    def prepare(self, session: Session, new_claims: int = 0) -> None:
        self.session = session
        stored = session.scalar(select(func.count()).select_from(Claim)) or 0
        self.full_search = stored > 0 and new_claims <= self.full_search_limit
        if self.full_search or self._entries or self.window <= 0:
            return
        recent = self._recent(session) if stored else []
        if new_claims >= WORKER_MIN_CLAIMS and session.get_bind().dialect.name == "sqlite":
            # The worker process holds the window and matches a batch ahead (``matching_ahead``);
            # SQLite gives the new claims their ids in order, which the worker relies on.
            first_id = (session.scalar(select(func.max(Claim.id))) or 0) + 1
            self._remote = RemoteWindow(WindowSetup(self.thresholds, self.window, tuple(recent), first_id))
            return
        for claim_id, key, text in recent:
            self.added(claim_id, key, text)

    def _recent(self, session: Session) -> list[tuple[int, str, str]]:
        """The last ``window`` claims stored, oldest first: the window a file's claims start from."""
        rows = session.execute(select(Claim.id, Claim.key, Claim.text).order_by(Claim.id.desc()).limit(self.window)).all()
        return [(row.id, row.key, row.text) for row in reversed(rows)]

    works_ahead = True

    def work_ahead(self, claims: Sequence[ClaimSpec]) -> AheadJob | None:
        """The worker's job for a batch: matching it (``matching_ahead``), or else its words."""
        if self._remote is not None:
            return match_ahead, self._remote.job(list(claims))
        return analyse_texts, [spec.text for spec in claims if spec.text is not None]

    def next_batch(self, claims: Sequence[ClaimSpec], answer: object = None) -> None:
        """Work out the next batch's words now, while the writes of the last one run (unless a
        worker process did: ``answer``, in the order of the texts; or matched the batch)."""
        if self._remote is not None:
            if self._remote.take(answer):
                return
            self._go_local()
        present = [spec.text for spec in claims if spec.text is not None]
        if type(answer) is list and len(answer) == len(present):
            self._analysed = dict(zip(present, answer, strict=True))
        else:
            self._analysed = {text: text_words(text) for text in present}
        self._details = {}

    def _go_local(self) -> None:
        """Match here from now on: the worker's guess of which claims are new was wrong, or it
        failed. The window is read back from the database (every earlier batch's claims are
        there, in id order) plus the claims this batch added so far: the worker's window had
        it guessed right."""
        remote, self._remote = self._remote, None
        assert remote is not None and self.session is not None
        self._analysed, self._details = {}, {}
        for claim_id, key, text in [*self._recent(self.session), *remote.batch_added]:
            self.added(claim_id, key, text)

    def _words(self, text: str) -> TextWords:
        found = self._analysed.get(text)
        return found if found is not None else text_words(text)

    def match(self, spec: ClaimSpec) -> Suggestion | None:
        if self._remote is not None:
            known, suggestion = self._remote.match(spec)
            if known:
                return suggestion
            self._go_local()
        text = spec.text
        if text is None:
            return None
        tokens, normalized, key = self._words(text)
        if not normalized:
            return None
        same = self._exact.get(hash(normalized))
        if same is not None and normalize_claim_text(self._entries[same].text) == normalized:
            entry = self._entries[same]
            return Suggestion(spec.line, spec.key, entry.key, entry.claim_id, 100.0, True, decision="same")
        scored: dict[int, tuple[float, str | None, str]] = {}  # claim id -> (score, key if known, text)
        candidates = [self._entries[claim_id] for claim_id in self._window_candidates(tokens)]
        if candidates:
            match_keys = [entry.match_key for entry in candidates]
            for index, score in key_similarities(key, match_keys, self.thresholds.lowest):
                entry = candidates[index]
                scored[entry.claim_id] = (score, entry.key, entry.text)
        if self.full_search and self.session is not None:
            for candidate in find_claim_candidates(self.session, text, 3, self.thresholds):
                if candidate.claim_id not in scored or candidate.score > scored[candidate.claim_id][0]:
                    scored[candidate.claim_id] = (candidate.score, None, candidate.text)
        if not scored:
            return None
        chosen = self._first_duplicate(text, normalized, scored)
        if chosen is None:
            return None
        claim_id, claim_key, score, decision, comparison = chosen
        if claim_key is None:
            assert self.session is not None  # only the full search leaves a key unknown
            claim_key = self.session.scalar(select(Claim.key).where(Claim.id == claim_id))
            if claim_key is None:
                return None
        return Suggestion(
            spec.line,
            spec.key,
            claim_key,
            claim_id,
            round(score, 1),
            decision in ("same", "auto"),
            conflicts=tuple(comparison.conflicts) if decision == "conflict" else (),
            decision=decision,
        )

    def _first_duplicate(
        self, text: str, normalized: str, scored: dict[int, tuple[float, str | None, str]]
    ) -> tuple[int, str | None, float, MatchDecision, DetailComparison] | None:
        """The best-scoring candidate called a duplicate, among the ``_CLASSIFIED`` best; else
        the best one whose details conflict (reported as such); else none.

        Not simply the best score: a claim about another event worded alike (another place,
        number and date, 78.6) can outscore the claim the new one rewords (78.2), and the
        import then reported a conflict and left the duplicate unlinked
        (``rank_candidates`` offers candidates in the same order).
        """
        mine = self._details[text] = claim_details(text)  # kept for its window entry (``added``)
        first_conflict = None
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))
        for claim_id, (score, claim_key, other) in ranked[:_CLASSIFIED]:
            in_window = self._entries.get(claim_id)
            theirs = in_window.claim_details() if in_window is not None else claim_details(other)
            comparison = compare_details(mine, theirs)
            both = (normalized, normalize_claim_text(other))
            decision = classify_claim_match(text, other, score, self.thresholds, comparison=comparison, normalized=both)
            if decision in ("same", "auto", "suggest"):
                return claim_id, claim_key, score, decision, comparison
            if decision == "conflict" and first_conflict is None:
                first_conflict = (claim_id, claim_key, score, decision, comparison)
        return first_conflict

    def _window_candidates(self, tokens: tuple[str, ...]) -> list[int]:
        """Window claims sharing at least two of this claim's three rarest words (the one, if
        only one is held by any window claim), those sharing all three first, then the most
        recent first; at most ``_CANDIDATES``. A word held by more than ``_MAX_POSTING`` window
        claims picks none. ``tokens`` are distinct.
        """
        first_live = self._first_live()
        known = self._postings
        rare: list[tuple[int, str, Sequence[int]]] = []
        for token in tokens:
            posting = known.get(token)
            if posting is None:
                continue
            if isinstance(posting, int):
                if posting >= first_live:
                    rare.append((1, token, (posting,)))
                continue
            size = len(posting)
            if size > _MAX_POSTING and posting[-_MAX_POSTING - 1] >= first_live:
                continue  # over 100 live claims hold it (the list is ascending)
            if posting[0] >= first_live:
                rare.append((size, token, posting))
            else:
                start = bisect_left(posting, first_live)
                if start < size:
                    rare.append((size - start, token, posting[start:]))
        if not rare:
            return []
        rare.sort()  # fewest claims first; words are distinct, so no posting is ever compared
        rarest = rare[0][2]
        if len(rare) == 1:
            chosen = list(reversed(rarest[-_CANDIDATES:]))
        elif len(rare) == 2:
            second = _members(rare[1][2])
            chosen = [seq for seq in reversed(rarest) if seq in second][:_CANDIDATES]
        else:
            second, third = _members(rare[1][2]), _members(rare[2][2])
            in_three: list[int] = []
            in_two: list[int] = []
            for seq in reversed(rarest):
                if seq in second:
                    (in_three if seq in third else in_two).append(seq)
                elif seq in third:
                    in_two.append(seq)
            if len(in_three) < _CANDIDATES:
                first = _members(rarest)
                also = [seq for seq in rare[1][2] if seq in third and seq not in first]
                if also:
                    in_two = sorted([*in_two, *also], reverse=True)
            chosen = [*in_three, *in_two][:_CANDIDATES]
        ring, window = self._ring, self.window
        return [ring[seq % window] for seq in chosen]

    def _first_live(self) -> int:
        """The sequence number of the oldest claim in the window."""
        return max(0, self._next_seq - self.window)

    def added(self, claim_id: int, key: str, text: str) -> None:
        if self._remote is not None:
            if self._remote.added(claim_id, key, text):
                return
            self._go_local()
        if self.window <= 0:
            return
        tokens, normalized, match_key = self._words(text)
        # Kept lean (an import's memory is budgeted): the words are interned, as the same few
        # thousand recur across the window.
        entry = _Entry(claim_id, key, text, match_key, hash(normalized), tuple(map(intern, tokens)), self._details.get(text))
        seq = self._next_seq
        self._next_seq = seq + 1
        slot = seq % self.window
        if seq >= self.window:
            self._forget(self._ring[slot])
            self._ring[slot] = claim_id
        else:
            self._ring.append(claim_id)
        self._entries[claim_id] = entry
        self._exact.setdefault(entry.exact, claim_id)
        postings = self._postings
        first_live = seq + 1 - self.window
        for token in entry.tokens:
            posting = postings.get(token)
            if posting is None:
                postings[token] = seq
            elif isinstance(posting, int):
                # Its one claim may have left the window: then this one replaces it.
                postings[token] = seq if posting < first_live else [posting, seq]
            else:
                posting.append(seq)
        if self._next_seq % max(1, self.window // _SWEEPS_PER_WINDOW) == 0:
            self._sweep()

    def _forget(self, claim_id: int) -> None:
        """A claim leaves the window; its words' postings are cleared by ``_sweep``."""
        entry = self._entries.pop(claim_id, None)
        if entry is not None and self._exact.get(entry.exact) == claim_id:
            del self._exact[entry.exact]

    def _sweep(self) -> None:
        """Drop from the postings the claims that left the window, and the words only they
        held: what the window holds beyond its claims stays within a quarter window's words."""
        first_live = self._first_live()
        postings = self._postings
        gone: list[str] = []
        for token, posting in postings.items():
            if isinstance(posting, int):
                if posting < first_live:
                    gone.append(token)
            elif posting[-1] < first_live:
                gone.append(token)
            elif posting[0] < first_live:
                del posting[: bisect_left(posting, first_live)]
                if len(posting) == 1:
                    postings[token] = posting[0]
        for token in gone:
            del postings[token]

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
