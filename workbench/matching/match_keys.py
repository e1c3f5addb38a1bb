"""Claim text as matching compares it: match keys and their similarity.

A *match key* is a claim's text normalised (``workbench.text.normalize``), with function words
dropped (``workbench.text.stopwords``), common newsroom synonyms folded together ("troops" =
"forces", "pulling out" = "withdrawing"), number words written as digits and words lightly
stemmed (``workbench.text.stems``). ``claim_similarity`` (0-100) is the mean of rapidfuzz's
``token_set_ratio`` and ``token_sort_ratio`` over those keys (see ``workbench.matching.fuzzy``
for what the scores decide).

Pure text work, used by the import's matcher, the duplicate finder and the candidate search
alike, with no database in sight.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from workbench.matching.detail_dates import MONTH_NUMBERS
from workbench.matching.detail_names import DEMONYMS
from workbench.text.normalize import cased_words, casefolded_words, normalize_claim_text
from workbench.text.numbers import NUMBER_WORDS
from workbench.text.stems import light_stem
from workbench.text.stopwords import MATCH_KEY_STOPWORDS

_SYNONYM_GROUPS = {
    "force": "force forces troop troops soldier soldiers military servicemen personnel army",
    "withdraw": "withdraw withdraws withdrawing withdrew withdrawn withdrawal withdrawals retreat "
    "retreats retreating retreated evacuate evacuates evacuating evacuated evacuation leave leaves "
    "leaving depart departs departing departed departure exit exits exiting exited pullout pullback",
    "begin": "begin begins began begun beginning start starts started starting commence commenced",
    "kill": "kill kills killed killing dead die died dies death deaths",
    "release": "release releases released releasing free frees freed freeing",
    "detainee": "detainee detainees prisoner prisoners inmate inmates captive captives",
    "ceasefire": "ceasefire ceasefires truce truces",
    "extend": "extend extends extended extending extension prolong prolongs prolonged",
    "base": "base bases facility facilities",
    "attack": "attack attacks attacked attacking strike strikes struck assault assaults "
    "assaulted raid raids raided hit hits hitting",
    "transfer": "transfer transfers transferred transferring move moves moved moving relocate "
    "relocates relocated relocating",
    "defense": "defense defence",
    "equipment": "equipment gear hardware materiel",
    "offensive": "offensive offensives campaign",
    "control": "control controls controlled controlling hold holds held holding",
    "oust": "oust ousts ousted topple toppled toppling overthrow overthrew overthrown depose deposed",
    "empty": "empty emptied bare deserted abandoned vacant",
    "plane": "plane planes aircraft airplane airplanes",
    "erupt": "erupt erupts erupted",
    "remain": "remain remains remained continue continues continued keep keeps kept",
    "agreement": "agreement agreements deal deals accord accords pact pacts",
    "wound": "wound wounds wounded injure injures injured injury injuries",
    "protest": "protest protests protested demonstration demonstrations rally rallies",
    "announce": "announce announces announced announcement declare declares declared",
    "large": "large big huge major massive",
    "ally": "ally allies allied",
    "mostly": "mostly largely mainly",
    "arrive": "arrive arrives arrived arriving reach reaches reached reaching",
    "delay": "delay delays delayed delaying postpone postpones postponed postponing",
    "close": "close closes closed closing shut shuts shutting",
    "return": "return returns returned returning",
    "deliver": "deliver delivers delivered delivering",
    "send": "send sends sent sending dispatch dispatches dispatched dispatching deploy deploys "
    "deployed deploying",
    "power": "power electricity",
    "open": "open opens opened opening reopen reopens reopened reopening",
    "explosion": "explosion explosions blast blasts",
    "end": "end ends ended ending lift lifts lifted lifting",
    "summon": "summon summons summoned summoning",
    "accuse": "accuse accuses accused accusing",
}
_PHRASES = {
    ("pull", "out"): "withdraw", ("pulling", "out"): "withdraw", ("pulled", "out"): "withdraw",
    ("pulls", "out"): "withdraw", ("pull", "back"): "withdraw", ("pulled", "back"): "withdraw",
    ("pulling", "back"): "withdraw", ("ran", "out"): "expire", ("run", "out"): "expire",
    ("broke", "out"): "erupt", ("break", "out"): "erupt", ("breaking", "out"): "erupt",
    ("set", "free"): "release", ("cease", "fire"): "ceasefire", ("per", "cent"): "%",
    ("united", "states"): "us", ("u", "s"): "us", ("hand", "over"): "deliver",
    ("handed", "over"): "deliver", ("hands", "over"): "deliver", ("handing", "over"): "deliver",
    ("come", "back"): "return", ("came", "back"): "return", ("coming", "back"): "return",
    ("comes", "back"): "return", ("called", "in"): "summon", ("call", "in"): "summon",
    ("shut", "down"): "close", ("arrived", "in"): "arrive", ("arrive", "in"): "arrive",
}
_PHRASE_STARTS = frozenset(first for first, _second in _PHRASES)
_SYNONYMS = {word: canonical for canonical, words in _SYNONYM_GROUPS.items() for word in words.split()}

# The number words a match key writes as digits: the everyday ones. The whole table would
# change stored scores, and "score", "half" or "couple" are words more often than numbers.
_DIGIT_WORDS = {
    word: str(int(NUMBER_WORDS[word]))
    for word in (
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "dozen", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million",
    )
} | {"percent": "%"}
_KEEP_SHORT = frozenset({"no", "not", "us", "uk", "un", "eu", "is"})
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # "19,622": the same number as "19622"


def match_tokens(text: str) -> list[str]:
    """The words of a claim as ``claim_similarity`` compares them (see the module docs)."""
    return match_tokens_and_names(text)[0]


def match_tokens_and_names(text: str) -> tuple[list[str], frozenset[str]]:
    """``match_tokens``, and those of them written with a capital (names, places, actors)."""
    cased = cased_words(text)
    return _tokens_and_names(cased, [w.casefold() for w in cased])


def match_words(text: str) -> tuple[list[str], str]:
    """``match_tokens`` and ``normalize_claim_text`` at once: an import needs both of every
    incoming claim, and splitting the text into words is most of the cost of each."""
    words = casefolded_words(text)
    return _plain_tokens(words), " ".join(words)


def _tokens_and_names(cased: list[str], words: list[str]) -> tuple[list[str], frozenset[str]]:
    names: set[str] = set()
    out = _tokens(words, cased, names)
    return out, frozenset(t for t in names if t in out)


def _tokens(words: list[str], cased: list[str] | None = None, names: set[str] | None = None) -> list[str]:
    """The match tokens of ``words``; with ``cased`` (the words as written), the words written
    with a capital and the tokens they give are added to ``names``.

    Most words map to their token the same way wherever they stand (``_word_token``, cached);
    only a phrase ("pulled out") or a full date in three words is read from its neighbours.
    """
    out: list[str] = []
    count = len(words)
    i = 0
    while i < count:
        word = words[i]
        if names is not None and cased is not None and i > 0 and cased[i][:1].isupper():
            names.add(word)
        if word in _PHRASE_STARTS and i + 1 < count and (phrase := _PHRASES.get((word, words[i + 1]))):
            out.append(light_stem(phrase))
            i += 2
            continue
        if (word[:1].isdigit() or word in MONTH_NUMBERS) and (date := _full_date_at(words, i)):
            out.append(date)
            i += 3
            continue
        i += 1
        token = _word_token(word)
        if token is None:
            continue
        out.append(token)
        if names is not None and word in names:
            names.add(token)
    return out


# Each word's token as ``_plain_tokens`` reads it: "" for a word read with its neighbours
# (one that may start a phrase or a full date). Cleared when full: bounded, as an import's
# memory is budgeted, and a feed's vocabulary repeats.
_PLAIN_TOKENS: dict[str, str | None] = {}
_PLAIN_TOKENS_HELD = 1 << 14


def _plain_tokens(words: list[str]) -> list[str]:
    """``_tokens(words)``, read with one lookup for most words.

    Why a second reading: every claim of a matching import is split into its tokens, and
    ``_tokens`` asked each word whether it starts a phrase and whether it may start a date
    before looking its token up (1.7 million words for the 100k claims of ``import_bench``).
    Here a word's cached token says whether it needs its neighbours at all. The tokens are
    the same (``tests/test_match_keys.py`` compares the two readings).
    """
    out: list[str] = []
    tokens = _PLAIN_TOKENS
    count = len(words)
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        try:
            token = tokens[word]
        except KeyError:
            if len(tokens) >= _PLAIN_TOKENS_HELD:
                tokens.clear()
            token = tokens[word] = "" if _read_with_neighbours(word) else _word_token(word)
        if not token:
            if token is None:
                continue
            if word in _PHRASE_STARTS and i + 1 < count and (phrase := _PHRASES.get((word, words[i + 1]))):
                out.append(light_stem(phrase))
                skip = 1
                continue
            if date := _full_date_at(words, i):
                out.append(date)
                skip = 2
                continue
            token = _word_token(word)
            if token is None:
                continue
        out.append(token)
    return out


def _read_with_neighbours(word: str) -> bool:
    """Whether ``word`` may start a phrase ("pulled out") or a full date ("5 june 2024")."""
    return word in _PHRASE_STARTS or word[:1].isdigit() or word in MONTH_NUMBERS


@lru_cache(maxsize=1 << 14)  # a feed's vocabulary repeats; bounded, as an import's memory is budgeted
def _word_token(word: str) -> str | None:
    """The match token of one word outside a phrase or a date; None: the word is dropped."""
    if word[:1].isdigit() and "," in word and _GROUPED_DIGITS.fullmatch(word):
        word = word.replace(",", "")
    if word.endswith("nt") and word[:-2].endswith(("n", "d", "s", "r", "o", "a")) and word in _NEGATED_CONTRACTIONS:
        return "not"
    if word in ("never", "nobody", "none", "nothing"):
        return "not"
    if word in MATCH_KEY_STOPWORDS:
        return None
    if word.endswith("s") and word[:-1] in DEMONYMS:  # "syrias" from "syria's"
        word = word[:-1]
    word = DEMONYMS.get(word, word)
    word = _SYNONYMS.get(word, word)
    word = _DIGIT_WORDS.get(word, word)
    if len(word) < 2 and not word.isdigit() and word not in "%$€£":
        return None
    return light_stem(word) if word not in _KEEP_SHORT else word


def _full_date_at(words: list[str], i: int) -> str | None:
    """A full date written in three words from ``i`` ("2024 06 05" from 2024-06-05, "5 june
    2024", "june 5 2024", "dec 24 2024") as one token, "2024-06-05", so that the forms a wire
    copy and an OSINT log use compare as one word rather than three differing ones."""
    if i + 2 >= len(words):
        return None
    first, second, third = words[i], words[i + 1], words[i + 2]
    if len(first) == 4 and first.isdigit() and len(second) == 2 and second.isdigit() and len(third) == 2 and third.isdigit():
        year, month, day = int(first), int(second), int(third)
    elif len(third) == 4 and third.isdigit() and first.isdigit() and second in MONTH_NUMBERS:
        year, month, day = int(third), MONTH_NUMBERS[second], int(first)
    elif len(third) == 4 and third.isdigit() and second.isdigit() and first in MONTH_NUMBERS:
        year, month, day = int(third), MONTH_NUMBERS[first], int(second)
    else:
        return None
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_NEGATED_CONTRACTIONS = frozenset(
    {"dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt",
     "wont", "wouldnt", "cant", "couldnt", "shouldnt", "mustnt", "neednt"}
)


def match_key(text: str) -> str:
    """``match_tokens`` joined by spaces: what ``claim_similarity`` scores."""
    return " ".join(match_tokens(text))


def claim_similarity(a: str, b: str) -> float:
    """How alike two claims are worded (0-100), after normalisation, synonyms and stemming."""
    return key_similarity(match_key(a), match_key(b))


def key_similarity(a_key: str, b_key: str, score_cutoff: float = 0.0, **_: object) -> float:
    """``claim_similarity`` over precomputed match keys; 0 when below ``score_cutoff``.

    The mean of rapidfuzz's ``token_set_ratio`` (forgives words one claim adds) and
    ``token_sort_ratio`` (does not forgive a claim that merely contains a shorter one). Since
    the mean is at least ``score_cutoff`` only if each part is at least ``2 * cutoff - 100``,
    both parts run with that cutoff and return early on hopeless pairs.
    """
    floor = max(0.0, 2 * score_cutoff - 100)
    token_set = fuzz.token_set_ratio(a_key, b_key, processor=None, score_cutoff=floor)
    if not token_set:
        return 0.0
    token_sort = fuzz.token_sort_ratio(a_key, b_key, processor=None, score_cutoff=floor)
    score = (token_set + token_sort) / 2
    return score if score >= score_cutoff else 0.0


def key_similarities(a_key: str, b_keys: Sequence[str], score_cutoff: float = 0.0) -> list[tuple[int, float]]:
    """``key_similarity`` of ``a_key`` with each of ``b_keys``: ``(index, score)`` of those
    scoring above 0 and at least ``score_cutoff``, in no particular order.

    The same scores, with the first part scored against every key in one rapidfuzz call
    (``process.extract``, in C, the query's words sorted once) instead of one call per key
    from Python; only keys that pass it get the second part.
    """
    floor = max(0.0, 2 * score_cutoff - 100)
    found: list[tuple[int, float]] = []
    for _key, token_set, index in process.extract(
        a_key, b_keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=floor, limit=None
    ):
        if not token_set:
            continue
        token_sort = fuzz.token_sort_ratio(a_key, b_keys[index], processor=None, score_cutoff=floor)
        score = (token_set + token_sort) / 2
        if score >= score_cutoff:
            found.append((index, score))
    return found


# For rapidfuzz.process over match keys (processor=None). Typed loosely on purpose: rapidfuzz's
# scorer protocol takes any sequences, and this scorer is only ever given strings.
SIMILARITY_SCORER: Callable[..., float] = key_similarity


def word_count(text: str) -> int:
    """How many words a claim has once normalised: what ``MatchThresholds.min_words_for_auto`` counts."""
    return len(normalize_claim_text(text).split())
