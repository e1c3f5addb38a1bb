"""Words that say nothing about which claim or which source is meant, in one place.

The lists nest: ``FUNCTION_WORDS`` is the core (too common in news copy to narrow a search),
``MATCH_KEY_STOPWORDS`` adds what a reworded claim drops or adds freely (hedges, reporting
verbs, more pronouns), and ``SOURCE_NAME_STOPWORDS`` is the handful a source's name can lose
("the Ministry of Defence" = "Ministry Defence"). Each caller's list is what its stored scores
and search results were computed with: widening one changes them.
"""

from __future__ import annotations

ARTICLES = frozenset({"a", "an", "the"})

FUNCTION_WORDS = ARTICLES | frozenset(
    ["and", "or", "but", "if", "of", "at", "by", "for", "from", "in", "into", "on", "onto", "to", "with", "via", "over", "under", "about", "after", "before", "since", "until", "while", "during", "than", "that", "this", "these", "those", "there", "it", "its", "he", "she", "they", "them", "their", "his", "her", "we", "our", "you", "be", "is", "are", "was", "were", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "also", "just", "still", "even", "only", "more", "most", "some", "any", "all", "both", "such", "which", "who", "whom", "what", "when", "where", "why", "how", "up", "down", "out", "off", "said", "says", "say", "told", "according", "reported", "reportedly"]
)
"""Too common in news copy to narrow a search down: the full-text prefilter skips them.

The full-text index is not stemmed, so each form a search may meet is listed.
"""

MATCH_KEY_STOPWORDS = (
    FUNCTION_WORDS
    | frozenset(["then", "so", "as", "within", "above", "below", "here", "itself", "theirs", "hers", "him", "us", "your", "i", "me", "my", "am", "having", "yet", "very", "each", "every", "whose", "again", "further", "once", "per", "another", "now", "already", "least", "fewer"])
    | frozenset(["allegedly", "apparently", "around", "roughly", "approximately", "nearly", "almost"])  # hedges
    | frozenset(["report", "reports", "saying", "tell", "stated", "states"])  # reporting
    | frozenset(["al", "el"])  # Arabic articles written apart ("al Assad")
)
"""Left out of a claim's match key: a rewording adds and drops these without changing the claim."""

SOURCE_NAME_STOPWORDS = ARTICLES | frozenset({"of", "for", "and", "s"})
"""Left out of a source name's comparison key ("s" is what a possessive leaves)."""
