"""Names in a claim: places after a locative preposition ("in Tal Dush"), and actors.

Capitalised names and acronyms are read as one name ("Syrian Democratic Forces", "al-Sharaa",
"Ministry of Defence"); demonyms count as their country ("Russian troops" names Russia) and a
capital speaking for its government as that government ("the Kremlin denied").
"""

from __future__ import annotations

import re
from functools import lru_cache

from workbench.matching.detail_dates import MONTHS, WEEKDAYS
from workbench.matching.detail_tokens import COMMON_INITIAL, DetailToken
from workbench.text.normalize import APOSTROPHES_AND_DASHES, fold_accents
from workbench.text.stopwords import FUNCTION_WORDS

_LOCATIVE = {
    "in", "on", "at", "near", "from", "outside", "around", "inside", "across", "into", "to",
    "toward", "towards", "through", "via", "within", "nearby", "off", "beyond", "throughout",
    "between", "entered", "reached", "left", "fled", "bombed", "shelled", "captured", "seized",
    "visit", "visits", "visited", "visiting", "struck", "hit", "attacked", "besieged", "stormed",
}

# Country for a demonym, so "Russian forces" and "Russia's forces" name the same actor.
DEMONYMS = {
    "russian": "russia", "russians": "russia", "syrian": "syria", "syrians": "syria",
    "american": "us", "americans": "us", "u.s.": "us", "united states": "us", "usa": "us",
    "turkish": "turkey", "turk": "turkey", "turks": "turkey", "türkiye": "turkey",
    "iraqi": "iraq", "iraqis": "iraq", "iranian": "iran", "iranians": "iran",
    "israeli": "israel", "israelis": "israel", "lebanese": "lebanon", "jordanian": "jordan",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "british": "uk", "briton": "uk",
    "britons": "uk", "united kingdom": "uk", "britain": "uk", "french": "france",
    "german": "germany", "germans": "germany", "chinese": "china", "egyptian": "egypt",
    "saudi": "saudi arabia", "qatari": "qatar", "emirati": "uae", "palestinian": "palestine",
    "palestinians": "palestine", "yemeni": "yemen", "libyan": "libya", "sudanese": "sudan",
    "afghan": "afghanistan", "pakistani": "pakistan", "indian": "india", "european": "eu",
    "kurdish": "kurds", "kurd": "kurds",
}

# A capital speaking for its government ("Damascus said", "the Kremlin denied"); as places
# they stay themselves ("travel to Moscow").
METONYMS = {
    "damascus": "syria", "moscow": "russia", "kremlin": "russia", "washington": "us",
    "white house": "us", "pentagon": "us", "ankara": "turkey", "tehran": "iran", "baghdad": "iraq",
    "beirut": "lebanon", "kyiv": "ukraine", "kiev": "ukraine", "london": "uk", "paris": "france",
    "beijing": "china", "cairo": "egypt", "riyadh": "saudi arabia", "doha": "qatar",
    "jerusalem": "israel", "amman": "jordan",
}

_PARTICLES = {"al", "el", "ad", "as", "ash", "bin", "ibn", "abu", "bint", "de", "van", "von", "da"}

# Words that make a name a *different* place when they stand beside it: "Jisr Torjar" is not
# Torjar, "Tal Abyad" not Abyad, "South Sudan" not Sudan, "Port Sudan" not the country.
# Without them a name and a longer name holding it are one ("Qamishli" is named by "Qamishli
# airport", "Assad" by "Bashar Assad"). Arabic and Hebrew toponyms are mostly such a head noun
# (bridge, hill, monastery, spring, cape, gate, village, palace, mountain, valley, well, house)
# before a proper part, in the romanisations a wire copy uses. Titles and kunyas ("Sheikh",
# "Abu") are left out: "Abu Mohammed al-Jolani" is still Jolani.
DISTINCT_PLACE_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "upper",
    "lower", "new", "port", "mount", "lake", "cape", "fort", "saint", "st", "san", "santa", "sao",
    "jisr", "tal", "tall", "tel", "tell", "deir", "dayr", "ain", "ayn", "ein", "ras", "bab", "kafr",
    "kfar", "khan", "qasr", "jabal", "jebel", "wadi", "bir", "beit", "bayt", "beth", "marj",
    "khirbet", "khirbat", "qalaat", "maarat", "maarrat", "kiryat", "givat", "ramat", "neve", "mitzpe",
})
NAME_JOINERS = {"of", "the", "for", "de", "du", "al"}
_COUNTRIES = frozenset(DEMONYMS.values()) | {"syria", "russia", "iraq", "iran", "turkey", "israel", "lebanon", "jordan", "egypt", "ukraine"}


_SINGULAR_VERBS = frozenset({"was", "is", "has"})


def find_names(tokens: list[DetailToken], used: set[int]) -> tuple[list[str], list[str]]:
    """(places, actors) named outside ``used``, canonical (``canonical_name``), in order."""
    n = len(tokens)  # the tokens do not change while they are read
    places: list[str] = []
    actors: list[str] = []
    i = 0
    while i < n:
        token = tokens[i]
        if token.kind != "acronym" and (
            token.kind != "word" or (not token.text[0].isupper() and token.lower not in _PARTICLES)
        ):
            # Neither capitalised nor a particle: the check below would say no, and most
            # tokens are lowercase words, numbers or marks.
            i += 1
            continue
        if i in used or (not _capitalised(token) and not _particle_name(tokens, i)):
            i += 1
            continue
        start = i
        j = i
        parts: list[str] = []
        while j < n and j not in used:
            token = tokens[j]
            if _capitalised(token):
                parts.append(token.text)
                j += 1
            elif _particle_name(tokens, j):
                parts.append(token.text + "-")
                j += 2 if tokens[j + 1].text == "-" else 1
            elif (
                token.lower in NAME_JOINERS
                and parts
                and j + 1 < n
                and _capitalised(tokens[j + 1])
                and (j + 1) not in used
                and not tokens[j + 1].sentence_start
            ):
                parts.append(token.lower)
                j += 1
            else:
                break
            if j < n and tokens[j].sentence_start:
                break
        if not parts:
            i += 1
            continue
        name = " ".join(parts).replace("- ", "-")
        first = tokens[start]
        single_common = (
            first.sentence_start
            and len(parts) == 1
            and not _is_known_name(first)
            and not _subject_of_singular_verb(first, tokens[j] if j < n else None)
        )
        if single_common:
            i = j
            continue
        if first.sentence_start and first.lower in COMMON_INITIAL and len(parts) > 1:
            name = " ".join(parts[1:]).replace("- ", "-")
        canonical = canonical_name(name)
        if not canonical:
            i = j
            continue
        if _is_place_position(tokens, start):
            places.append(canonical)
        else:
            actors.append(METONYMS.get(canonical, canonical))
        i = j
    return places, actors


def demonym_groups(tokens: list[DetailToken]) -> list[tuple[str, str, str]]:
    """(country, the word after it, both as written) for every demonym followed by a lowercase word.

    "Ukrainian artillery units" and "Ukrainian drone crews" both name Ukraine, but not the same
    actor: the word after the demonym tells the two apart ("artillery" / "drone"), while "Russian
    troops" and "Russian forces" stay one actor once matching folds its synonyms.
    """
    groups: list[tuple[str, str, str]] = []
    for index, token in enumerate(tokens[:-1]):
        country = DEMONYMS.get(token.lower)
        if not country:  # most words: the word after them need not be looked at
            continue
        following = tokens[index + 1]
        if (
            token.text[0].isupper()
            and following.kind == "word"
            and following.text.islower()
            and following.lower not in FUNCTION_WORDS
        ):
            groups.append((country, following.text, f"{token.text} {following.text}"))
    return groups


def _capitalised(token: DetailToken) -> bool:
    if token.kind == "acronym":
        return True
    if token.kind != "word" or not token.text[0].isupper():
        return False
    return not (token.lower in WEEKDAYS or (token.lower in MONTHS and token.lower != "may"))


def _particle_name(tokens: list[DetailToken], i: int) -> bool:
    """``al-Sharaa``: a lowercase particle joined by a hyphen to a capitalised name."""
    return (
        tokens[i].lower in _PARTICLES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and _capitalised(tokens[i + 2])
    )


def _subject_of_singular_verb(first: DetailToken, following: DetailToken | None) -> bool:
    """"Serkirras was shelled", "Homs has fallen": a first word that looks plural (an "s" at
    the end) but takes a singular verb is a name, not "Residents were" or "Officials said".
    Without this, a town named first was no detail at all, and "Malras was pounded" and
    "Saudi militias pounded Jarkoftor" read as the same event (a million-claim import merged such pairs)."""
    return first.lower.endswith("s") and following is not None and following.lower in _SINGULAR_VERBS


def _is_known_name(token: DetailToken) -> bool:
    if token.kind == "acronym" or (token.text.isupper() and len(token.text) > 1):
        return True
    word = token.lower.removesuffix("'s")
    if word in DEMONYMS or word in _COUNTRIES:
        return True
    return word not in COMMON_INITIAL and not word.endswith(("ing", "ed", "ly", "s"))


def _is_place_position(tokens: list[DetailToken], start: int) -> bool:
    j = start - 1
    if j >= 0 and tokens[j].lower in ("the", "northern", "southern", "eastern", "western", "northeast",
                                      "northwest", "southeast", "southwest", "north", "south", "east",
                                      "west", "central", "northeastern", "northwestern", "southeastern",
                                      "southwestern", "rural", "downtown", "neighbouring", "neighboring"):
        j -= 1
        if j >= 0 and tokens[j].lower == "the":
            j -= 1
    return j >= 0 and tokens[j].lower in _LOCATIVE


_POSSESSIVE = re.compile(r"'s\b")
_ARTICLE_PREFIX = re.compile(r"\b(al|el|ad|as|ash)-")


@lru_cache(maxsize=1024)
def canonical_name(name: str) -> str:
    """A name reduced for comparison: "Syria's" = "Syrian" = "syria", "U.S." = "us".

    Cached: the same few names recur across a batch of claims, and the reduction (accent
    folding and three patterns) costs more than the lookup. A thousand names do as well as
    16,384 did (49 us a claim either way) for a tenth of the memory, which an import budgets.
    """
    # ASCII has no accents to fold nor typographic apostrophes and dashes to unify.
    text = name.lower() if name.isascii() else fold_accents(name).lower().translate(APOSTROPHES_AND_DASHES)
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    text = text.strip()
    if text in DEMONYMS:
        return DEMONYMS[text]
    words = [DEMONYMS.get(w, w) for w in text.split()]  # str.split splits where r"\s+" does
    words = [w for w in words if w != "the"]
    joined = " ".join(words)
    if "-" in joined:
        joined = _ARTICLE_PREFIX.sub("", joined)
    return joined.replace(".", "").strip()
