"""The window of recent claims an import matches each new claim against, held in memory.

Duplicates in a feed arrive close together, so a large import compares each new claim with
the last ``window`` claims (stored before, or imported earlier in this run) rather than with
the whole database; the window keeps the import's memory flat. Candidates come from an
inverted index on each claim's rarest words, are scored in one rapidfuzz call, and the best
few have their details compared (``matching.decisions.classify_claim_match``).

Apart from ``importing.matching`` (the import's matcher, which adds the database search for
a small file and source names) because it needs no database: the worker process that matches
a large file ahead (``matching_ahead``) holds one without loading SQLAlchemy.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass
from sys import intern

from workbench.formats.interchange import ClaimSpec
from workbench.importing.analysis import TextWords, analyse_texts, text_words
from workbench.importing.claim_matcher import Suggestion
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.decisions import MatchDecision, classify_claim_match
from workbench.matching.detail_comparison import DetailComparison, compare_details
from workbench.matching.match_keys import key_similarities, normalize_claim_text
from workbench.matching.thresholds import DEFAULT_THRESHOLDS, MatchThresholds

WINDOW = 10_000
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


# More candidates for a claim from elsewhere (the database): (claim id, score, text) each.
MoreCandidates = Callable[[str], Iterable[tuple[int, float, str]]]


class ClaimWindow:
    """The last ``window`` claims, and matching a new claim against them (see the module docstring)."""

    def __init__(self, thresholds: MatchThresholds = DEFAULT_THRESHOLDS, window: int = WINDOW) -> None:
        self.thresholds = thresholds
        self.window = window
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
        self._analysed: dict[str, TextWords] = {}  # the batch's texts -> their words
        self._details: dict[str, ClaimDetails] = {}  # the batch's texts whose details were needed

    def analyse(self, texts: Sequence[str], answer: object = None) -> None:
        """Work out the words of the next batch's texts now (unless a worker process did:
        ``answer``, a ``TextWords`` for each text, in order)."""
        if type(answer) is list and len(answer) == len(texts):
            self._analysed = dict(zip(texts, answer, strict=True))
        else:
            self._analysed = dict(zip(texts, analyse_texts(texts), strict=True))
        self._details = {}

    def holds_claims(self) -> bool:
        return bool(self._entries)

    def _words(self, text: str) -> TextWords:
        found = self._analysed.get(text)
        return found if found is not None else text_words(text)

    def match(self, spec: ClaimSpec, more: MoreCandidates | None = None, key_of: Callable[[int], str | None] | None = None) -> Suggestion | None:
        """The claim ``spec`` duplicates or conflicts with, among the window's and those
        ``more`` gives (whose keys ``key_of`` looks up); None: no such claim."""
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
        if more is not None:
            for claim_id, score, other in more(text):
                if claim_id not in scored or score > scored[claim_id][0]:
                    scored[claim_id] = (score, None, other)
        if not scored:
            return None
        chosen = self._first_duplicate(text, normalized, scored)
        if chosen is None:
            return None
        claim_id, claim_key, score, decision, comparison = chosen
        if claim_key is None:
            assert key_of is not None  # only the claims given by ``more`` come without their key
            claim_key = key_of(claim_id)
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
