"""The claim-detail reader's tokens: a claim's text cut into words, numbers, dates and marks.

Each token keeps its text as written (typographic apostrophes and dashes made ASCII), for the
messages that name a differing detail, and whether it opens a sentence, where a capital does
not make a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.text.normalize import APOSTROPHES_AND_DASHES, unify_punctuation

# Capitalised at the start of a sentence without being a name. Not a stop-word list: it holds
# newsroom nouns ("Officials", "Troops") and lacks words no sentence opens a name with.
COMMON_INITIAL = set(
    ["a", "an", "the", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "my", "your", "when", "while", "after", "before", "since", "until", "as", "if", "although", "though", "because", "once", "during", "according", "amid", "despite", "following", "under", "over", "about", "above", "across", "against", "along", "among", "around", "at", "by", "for", "from", "in", "into", "near", "of", "on", "onto", "out", "through", "to", "toward", "towards", "upon", "with", "within", "without", "and", "but", "or", "nor", "so", "yet", "also", "still", "even", "only", "just", "all", "both", "each", "every", "some", "many", "most", "several", "few", "other", "another", "such", "no", "not", "never", "more", "less", "much", "any", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds", "thousands", "millions", "officials", "official", "fighting", "clashes", "troops", "forces", "soldiers", "fighters", "protesters", "residents", "witnesses", "police", "authorities", "reports", "report", "sources", "source", "people", "government", "rebels", "militants", "civilians", "security", "talks", "negotiations", "a", "ceasefire", "truce", "attack", "attacks", "strikes", "airstrikes", "shelling", "former", "interim", "new", "old", "local", "foreign", "senior", "top", "state", "military", "army", "president", "minister", "prime", "spokesman", "spokeswoman", "spokesperson", "analysts", "observers", "activists", "medics", "doctors", "satellite", "images", "video", "videos", "footage", "photos", "photographs", "earlier", "later", "today", "yesterday", "tomorrow", "tonight", "last", "next", "first", "second", "third", "meanwhile", "however", "therefore", "thus", "then", "now", "what", "who", "whom", "whose", "which", "where", "why", "how", "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "said", "says", "say"]
)

# The word alternative comes second so the commonest token is tried early: it starts with a
# letter that is no digit, so it cannot take what "iso" and "number" (a digit first) would, and
# "acronym" stays before it ("U.S." is one acronym, not the word "U" and a mark).
_TOKEN_TEMPLATE = r"""(?P<acronym>[A-Za-z]\.(?:[A-Za-z]\.)+)
      | (?P<word>LETTER+(?:'LETTER+)*)
      | (?P<iso>DIGIT{4}-DIGIT{2}-DIGIT{2})
      | (?P<number>DIGIT+(?:[.,]DIGIT+)*(?:st|nd|rd|th)?)
      | (?P<mark>[-%$€£.!?;:/,()"])"""
_TOKEN_PATTERN = re.compile(_TOKEN_TEMPLATE.replace("LETTER", r"[^\W\d_]").replace("DIGIT", r"\d"), re.VERBOSE)
# The same pattern for ASCII text, where a letter is [A-Za-z] and a digit [0-9] exactly: the
# engine tests those ranges faster than Unicode's categories, and most claims are ASCII.
_ASCII_TOKEN_PATTERN = re.compile(_TOKEN_TEMPLATE.replace("LETTER", "[A-Za-z]").replace("DIGIT", "[0-9]"), re.VERBOSE)
_HYPHEN_SPACES = re.compile(r" ?- ?")
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")  # a number token ends in one at most ("27th")
_SENTENCE_END = {".", "!", "?", ";", ":"}


@dataclass(slots=True)
class DetailToken:
    """One word, number, ISO date, acronym or punctuation mark of a claim."""

    text: str  # as written (apostrophes and dashes unified)
    lower: str
    kind: str  # iso, acronym, number, word, mark
    sentence_start: bool


def read_tokens(text: str) -> list[DetailToken]:
    """``text`` as tokens, in order; "." "!" "?" ";" ":" end a sentence and are tokens too."""
    cleaned = text if text.isascii() else unify_punctuation(text, APOSTROPHES_AND_DASHES)
    matches = (_ASCII_TOKEN_PATTERN if cleaned.isascii() else _TOKEN_PATTERN).finditer(cleaned)
    tokens: list[DetailToken] = []
    append = tokens.append
    start = True
    for match in matches:
        kind = match.lastgroup or "word"
        value = match[0]
        if kind != "mark":
            append(DetailToken(value, value.lower(), kind, start))
            start = False
        elif value in _SENTENCE_END:
            append(DetailToken(value, value, kind, False))
            start = True
        else:  # a mark is one character, its own lowercase; only "-" keeps a sentence's start
            append(DetailToken(value, value, kind, start))
            start = value == "-" and start
    return tokens


def span(tokens: list[DetailToken], start: int, end: int) -> str:
    """Tokens ``start`` to ``end`` as a reviewer would write them ("21-22 January", "40%")."""
    text = " ".join([t.text for t in tokens[start:end]])
    if "-" in text:
        text = _HYPHEN_SPACES.sub("-", text)
    return text.replace(" ,", ",").replace(" %", "%").replace(" .", ".")
