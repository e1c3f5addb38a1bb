"""Which of an article's candidate claims a silence concerns, so that ``--accept-all`` stores it
where a desk would: "no official statement from Russia about the withdrawal" awaits Russia on the
withdrawal claims; "Ethiopia's foreign ministry did not respond" on the claims naming Ethiopia;
"the ship's owner did not respond to a request for comment", naming nothing, on the story's lede.
"""

from __future__ import annotations

import re
from functools import lru_cache

from workbench.intake.model import CandidateAttribution, CandidateClaim
from workbench.text.stems import light_stem
from workbench.text.stopwords import MATCH_KEY_STOPWORDS


def claims_a_silence_concerns(
    topic: str | None, attribution: CandidateAttribution, claims: tuple[CandidateClaim, ...]
) -> tuple[int, ...]:
    """The indexes of the claims the silence most likely concerns (none when its topic touches none)."""
    if topic:
        return _related_claims(topic, claims, attribution.sentences)
    # "X did not respond to a request for comment": silent on what the story says of X, and
    # when it says nothing of X by name, on the story itself: its lede
    named = _related_claims(_party_names(attribution.source.name), claims, attribution.sentences, names=True)
    return named or _lede(claims, attribution.sentences)


_CONTENT_WORD = re.compile(r"[A-Za-z][a-z’'\-]{3,}")
_TOPIC_STOP = frozenset({"about", "their", "there", "which", "where", "whether", "would", "could", "comment", "request", "questions"})


_GENERIC_NAMES = frozenset({
    "ministry", "minister", "foreign", "interior", "defence", "defense", "office", "department", "spokesman",
    "spokeswoman", "spokesperson", "government", "officials", "official", "police", "army", "forces", "company",
    "authority", "authorities", "agency", "council", "national", "state", "federal", "regional", "local",
})


def _party_names(name: str) -> str | None:
    """The words that name a silent party itself ("Ethiopia" in "Ethiopia's foreign ministry"), for
    finding the claims about it when the text does not say what it was silent about."""
    words = [word for word in re.findall(r"[A-Z][A-Za-z\-]{3,}", name) if word.lower() not in _GENERIC_NAMES]
    return " ".join(words) or None


def _related_claims(
    topic: str | None, claims: tuple[CandidateClaim, ...], own_sentences: tuple[int, ...], *, names: bool = False
) -> tuple[int, ...]:
    """Claims that share a content word with what the party was silent about: the same stem
    ("the seizure" and "was seized"), or for the party's ``names`` the same first five letters
    (the firm "Blue Sea Shipping" is not every claim about a ship).

    The claim that the party is silent, made in the same sentence, is not one of them.
    """
    if not topic:
        return ()
    key = (lambda word: word.lower()[:5]) if names else _word_key
    stems = {key(word) for word in _CONTENT_WORD.findall(topic) if word.lower() not in _TOPIC_STOP}
    related = []
    for index, claim in enumerate(claims):
        if _in_sentences(claim, own_sentences):
            continue
        if names:
            if stems & _name_keys(claim.text):
                related.append(index)
        elif any(_shares(stem, _word_keys(claim.text)) for stem in stems if stem):
            related.append(index)
    return tuple(related)


# Each claim's keys, worked out once: an article's silences each look through all its claims
# (a 5,000-word article with 23 silences spent a third of its intake here, word by word).
@lru_cache(maxsize=4096)
def _name_keys(text: str) -> frozenset[str]:
    return frozenset(word.lower()[:5] for word in _CONTENT_WORD.findall(text))


@lru_cache(maxsize=4096)
def _word_keys(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """A text's word keys, with the first four letters of its five-letter keys and its
    four-letter keys apart: what ``_same_word`` compares, as sets."""
    keys = frozenset(key for word in _CONTENT_WORD.findall(text) if (key := _word_key(word)))
    return keys, frozenset(key[:4] for key in keys if len(key) > 4), frozenset(key for key in keys if len(key) == 4)


def _shares(stem: str, keys: tuple[frozenset[str], frozenset[str], frozenset[str]]) -> bool:
    """``_same_word(stem, key)`` for some key of the text, in set lookups."""
    every, heads, fours = keys
    return stem in every or (len(stem) == 4 and stem in heads) or (len(stem) > 4 and stem[:4] in fours)


def _word_key(word: str) -> str:
    """A word's stem, up to five letters: "seized" and "seizure" give "seiz" and "seizu"; a
    little word none ("with" would begin "withdrawal")."""
    word = word.lower()
    return "" if word in MATCH_KEY_STOPWORDS else light_stem(word)[:5]


def _same_word(one: str, other: str) -> bool:
    """One key is the other, or begins it with four letters ("seiz" begins "seizu"): the
    noun of a verb, its "-ure", "-al" or "-ing" (the seizure, the withdrawal, the killings)."""
    if not one or not other:
        return False
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    return len(shorter) == 4 and longer.startswith(shorter)


def _in_sentences(claim: CandidateClaim, sentences: tuple[int, ...]) -> bool:
    return any(set(a.sentences) & set(sentences) for a in claim.attributions)


def _lede(claims: tuple[CandidateClaim, ...], own_sentences: tuple[int, ...]) -> tuple[int, ...]:
    """The story's first claim (not the silence's own sentence): what a request for comment
    with no subject named was about."""
    return next(((index,) for index, claim in enumerate(claims) if not _in_sentences(claim, own_sentences)), ())
