"""How relevant a found claim is to the words a reviewer typed: 0-100, as a reader would judge.

The full-text index finds claims; it ranks them poorly for a desk. bm25 favours a short claim
that repeats one word over the claim that holds every word, knows "Russia" and "Russian" as two
words, and has nothing to say about a claim found through its source's name or a quote (the old
search showed those at score 0.0). So the claims the index finds are ranked again here, each
query word against every word the claim is found by (its text, its quotes, its sources' names
and aliases):

- the same word counts 1, a word it begins ("russia" in "Russian", "withdraw" in
  "withdrawal") 0.9, a close spelling ("ahmd" for "Ahmed", four letters or more) 0.8 times
  the similarity; a word found only in a quote or a source's name counts 0.9 of that, as a
  claim that says it outranks one that quotes it;
- the relevance is the mean over the query's words, times 100: "Russia withdraw" gives the
  withdrawal claim 95 and a claim that only names Russia 50, and "Ahmd Ali" gives Ahmed Ali's
  claims 77 and claims about Ahmad al-Sharaa 36.

Ties keep the index's order. Pure Python plus rapidfuzz, over at most a thousand claims.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from workbench.text.normalize import WORD, fold_accents

PREFIX_WEIGHT = 0.9
TYPO_WEIGHT = 0.8
TYPO_MIN_LENGTH = 4
TYPO_CUTOFF = 75.0
ELSEWHERE_WEIGHT = 0.9  # a word found in a quote or a source's name, not the claim's text


@dataclass
class ClaimWords:
    """The words a claim can be found by: its own text, and its quotes' and sources' names."""

    text: set[str] = field(default_factory=set)
    elsewhere: set[str] = field(default_factory=set)

    def add_text(self, value: str | None) -> None:
        self.text.update(words_of(value))

    def add_elsewhere(self, value: str | None) -> None:
        self.elsewhere.update(words_of(value))


def words_of(value: str | None) -> list[str]:
    """The words of ``value`` as the full-text index cuts and folds them."""
    if not value:
        return []
    return WORD.findall((value if value.isascii() else fold_accents(value)).lower())


def relevance(query_words: Sequence[str], found_by: ClaimWords) -> float:
    """0-100: how well the claim's words answer every word of the query (see the module docs)."""
    if not query_words:
        return 0.0
    text = found_by.text
    elsewhere = found_by.elsewhere - found_by.text
    total = 0.0
    for word in query_words:
        total += max(word_match(word, text), ELSEWHERE_WEIGHT * word_match(word, elsewhere))
    return round(100 * total / len(query_words), 1)


def word_match(word: str, words: set[str]) -> float:
    """1 for the word itself, 0.9 for a word it begins, 0.8 x similarity for a close spelling."""
    if not words:
        return 0.0
    if word in words:
        return 1.0
    if len(word) >= 3 and any(w.startswith(word) for w in words):
        return PREFIX_WEIGHT
    if len(word) < TYPO_MIN_LENGTH:
        return 0.0
    best = process.extractOne(word, list(words), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
    return TYPO_WEIGHT * best[1] / 100 if best else 0.0


def rank(query_words: Sequence[str], found: Iterable[tuple[int, ClaimWords]]) -> list[tuple[int, float]]:
    """(claim id, relevance), best first; equal relevance keeps the order ``found`` gave."""
    scored = [(claim_id, relevance(query_words, words)) for claim_id, words in found]
    return sorted(scored, key=lambda item: -item[1])
