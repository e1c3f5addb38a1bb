"""The words ``claimgen`` writes claims with, chosen without looking at the workbench's lists.

Every concept below has two or more ways to say it (``VERBS``, ``NOUNS``). They were written
from a thesaurus and a newsroom style guide, not from the normaliser's synonym, phrase or
stop-word lists, and ``folded_by`` reports any pair that the normaliser nevertheless treats as
one word (expected: none). A benchmark that rewords only with the normaliser's own synonyms
measures nothing but that list.

``KINDS`` are the events claims report. Each has several *syntactic* templates that say the
same thing (active, passive, a fronted clause, a nominal phrase), so a rewording can change
the sentence's structure as well as its words. Placeholders:

``{ACTOR}`` who acts; ``{ACTOR2}`` a second party; ``{V:c}`` verb ``c`` in the past tense;
``{PASS_S:c}``/``{PASS_P:c}`` the passive with a singular/plural subject; a ``!`` after the
name (``{V!:c}``) marks the claim's main verb, which carries its negation and hedge;
``{THING:c}`` a plural noun, ``{NOUN:c}`` a singular one; ``{N}`` the count; ``{PLACE}``,
``{PLACE2}``; ``{WHEN}`` "on" a date or weekday; ``{DUR}`` a duration; ``{AMOUNT}`` a
quantity with a unit (tonnes, kilometres, dollars); ``{PCT}`` a percentage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

# Verbs as (base, past, past participle); variants of one concept mean the same here.
VERBS: dict[str, list[tuple[str, str, str]]] = {
    "shell": [("shell", "shelled", "shelled"), ("bombard", "bombarded", "bombarded"), ("pound", "pounded", "pounded")],
    "detain": [("detain", "detained", "detained"), ("arrest", "arrested", "arrested"),
               ("round up", "rounded up", "rounded up")],
    "capture": [("capture", "captured", "captured"), ("overrun", "overran", "overrun")],
    "bring": [("bring", "brought", "brought"), ("truck", "trucked", "trucked"), ("ship", "shipped", "shipped")],
    "flee": [("flee", "fled", "fled"), ("escape", "escaped", "escaped")],
    "advance": [("advance", "advanced", "advanced"), ("push forward", "pushed forward", "pushed forward")],
    "block": [("block", "blocked", "blocked"), ("barricade", "barricaded", "barricaded"),
              ("seal off", "sealed off", "sealed off")],
    "destroy": [("destroy", "destroyed", "destroyed"), ("wreck", "wrecked", "wrecked"),
                ("flatten", "flattened", "flattened")],
    "hand_back": [("hand back", "handed back", "handed back"), ("give back", "gave back", "given back")],
    "meet": [("meet", "met", "met"), ("convene", "convened", "convened"), ("gather", "gathered", "gathered")],
    "impose": [("impose", "imposed", "imposed"), ("enforce", "enforced", "enforced")],
    "cost": [("cost", "cost", "cost")],
    "damage": [("damage", "damaged", "damaged")],
    "surround": [("surround", "surrounded", "surrounded"), ("encircle", "encircled", "encircled")],
    "burn": [("burn", "burned", "burned"), ("torch", "torched", "torched"), ("set fire to", "set fire to", "set fire to")],
    "launch": [("launch", "launched", "launched"), ("fire", "fired", "fired")],
}
# Nouns as (singular, plural).
NOUNS: dict[str, list[tuple[str, str]]] = {
    "civilian": [("civilian", "civilians"), ("non-combatant", "non-combatants")],
    "resident": [("resident", "residents"), ("inhabitant", "inhabitants"), ("local", "locals")],
    "family": [("family", "families"), ("household", "households")],
    "fighting": [("fighting", "fighting"), ("combat", "combat"), ("battle", "battles")],
    "food": [("food supply", "food supplies"), ("provision", "provisions"), ("foodstuff", "foodstuffs")],
    "road": [("road", "roads"), ("route", "routes")],
    "warehouse": [("warehouse", "warehouses"), ("storehouse", "storehouses"), ("depot", "depots")],
    "hostage": [("hostage", "hostages"), ("abductee", "abductees")],
    "talks": [("talks", "talks"), ("negotiation", "negotiations"), ("discussion", "discussions")],
    "house": [("house", "houses"), ("home", "homes"), ("dwelling", "dwellings")],
    "official": [("official", "officials"), ("authority", "authorities")],
    "truck": [("truck", "trucks"), ("lorry", "lorries")],
    "rocket": [("rocket", "rockets"), ("missile", "missiles")],
    "village": [("village", "villages"), ("hamlet", "hamlets")],
}

# The details a kind carries: count, place2, when, duration, amount (with its unit family),
# percentage, second actor. Every kind has an actor, a place and a main verb.
@dataclass(frozen=True)
class Kind:
    name: str
    details: tuple[str, ...]
    templates: tuple[str, ...]


def _kind(name: str, details: tuple[str, ...], templates: list[str]) -> Kind:
    return Kind(name, details, tuple(templates))


KINDS: list[Kind] = [
    _kind("shelling", ("count", "when"), [
        "{ACTOR} {V!:shell} {PLACE} {WHEN}, killing {N} {THING:civilian}",
        "{PLACE} {PASS_S!:shell} by {ACTOR} {WHEN}, killing {N} {THING:civilian}",
        "{WHEN_CAP}, {ACTOR} {V!:shell} {PLACE}, killing {N} {THING:civilian}",
    ]),
    _kind("detention", ("count", "when"), [
        "{ACTOR} {V!:detain} {N} {THING:resident} in {PLACE} {WHEN}",
        "{N} {THING:resident} {PASS_P!:detain} in {PLACE} by {ACTOR} {WHEN}",
        "In {PLACE}, {ACTOR} {V!:detain} {N} {THING:resident} {WHEN}",
    ]),
    _kind("capture", ("duration",), [
        "{ACTOR} {V!:capture} {PLACE} after {DUR} of {NOUN:fighting}",
        "{PLACE} {PASS_S!:capture} by {ACTOR} after {DUR} of {NOUN:fighting}",
        "After {DUR} of {NOUN:fighting}, {ACTOR} {V!:capture} {PLACE}",
    ]),
    _kind("aid", ("amount_weight", "when"), [
        "{ACTOR} {V!:bring} {AMOUNT} of {THING:food} to {PLACE} {WHEN}",
        "{AMOUNT} of {THING:food} {PASS_P!:bring} to {PLACE} by {ACTOR} {WHEN}",
        "{WHEN_CAP}, {ACTOR} {V!:bring} {AMOUNT} of {THING:food} to {PLACE}",
    ]),
    _kind("flight", ("count", "when"), [
        "{N} {THING:family} {V!:flee} {PLACE} {WHEN} as {ACTOR} {V:advance}",
        "As {ACTOR} {V:advance}, {N} {THING:family} {V!:flee} {PLACE} {WHEN}",
    ]),
    _kind("blockade", ("place2", "duration"), [
        "{ACTOR} {V!:block} the {NOUN:road} between {PLACE} and {PLACE2} for {DUR}",
        "The {NOUN:road} between {PLACE} and {PLACE2} {PASS_S!:block} by {ACTOR} for {DUR}",
        "For {DUR}, {ACTOR} {V!:block} the {NOUN:road} linking {PLACE} and {PLACE2}",
    ]),
    _kind("strike", ("when",), [
        "{ACTOR} {V!:destroy} a {NOUN:warehouse} in {PLACE} {WHEN}",
        "A {NOUN:warehouse} in {PLACE} {PASS_S!:destroy} by {ACTOR} {WHEN}",
        "{WHEN_CAP}, {ACTOR} {V!:destroy} a {NOUN:warehouse} in {PLACE}",
    ]),
    _kind("handback", ("count", "actor2", "when"), [
        "{ACTOR} {V!:hand_back} {N} {THING:hostage} to {ACTOR2} in {PLACE} {WHEN}",
        "{N} {THING:hostage} {PASS_P!:hand_back} to {ACTOR2} by {ACTOR} in {PLACE} {WHEN}",
    ]),
    _kind("advance", ("amount_distance", "when"), [
        "{ACTOR} {V!:advance} {AMOUNT} towards {PLACE} {WHEN}",
        "{WHEN_CAP}, {ACTOR} {V!:advance} {AMOUNT} towards {PLACE}",
    ]),
    _kind("talks", ("actor2", "duration", "when"), [
        "Envoys of {ACTOR} and {ACTOR2} {V!:meet} in {PLACE} for {DUR} of {NOUN:talks} {WHEN}",
        "In {PLACE}, envoys of {ACTOR} and {ACTOR2} {V!:meet} {WHEN} for {DUR} of {NOUN:talks}",
    ]),
    _kind("curfew", ("duration",), [
        "{ACTOR} {V!:impose} a curfew on {PLACE} for {DUR}",
        "A curfew {PASS_S!:impose} on {PLACE} by {ACTOR} for {DUR}",
        "For {DUR}, {ACTOR} {V!:impose} a curfew on {PLACE}",
    ]),
    _kind("repairs", ("amount_money",), [
        "Repairs to the bridge in {PLACE} after the raid by {ACTOR} {V!:cost} {AMOUNT}",
        "The raid by {ACTOR} left repairs to the bridge in {PLACE} that {V!:cost} {AMOUNT}",
    ]),
    _kind("damage", ("percent", "when"), [
        "{PCT} of the {THING:house} in {PLACE} {PASS_P!:damage} by {ACTOR} {WHEN}",
        "{ACTOR} {V!:damage} {PCT} of the {THING:house} in {PLACE} {WHEN}",
    ]),
    _kind("siege", ("count", "duration"), [
        "{ACTOR} {V!:surround} {PLACE} for {DUR}, trapping {N} {THING:civilian}",
        "{PLACE} {PASS_S!:surround} by {ACTOR} for {DUR}, trapping {N} {THING:civilian}",
    ]),
    _kind("arson", ("count", "when"), [
        "{ACTOR} {V!:burn} {N} {THING:truck} near {PLACE} {WHEN}",
        "{N} {THING:truck} {PASS_P!:burn} near {PLACE} by {ACTOR} {WHEN}",
    ]),
    _kind("barrage", ("count", "place2", "when"), [
        "{ACTOR} {V!:launch} {N} {THING:rocket} from {PLACE} at {PLACE2} {WHEN}",
        "{N} {THING:rocket} {PASS_P!:launch} from {PLACE} at {PLACE2} by {ACTOR} {WHEN}",
    ]),
]

DEMONYMS = ["Russian", "Syrian", "Turkish", "Iranian", "Iraqi", "Israeli", "Jordanian", "Lebanese",
            "Ukrainian", "Egyptian", "French", "German", "American", "British", "Saudi", "Qatari"]
UNITS = ["forces", "militias", "police", "artillery units", "drone crews", "commandos", "border guards",
         "naval units"]
GROUP_KINDS = ["Brigade", "Front", "Council", "Movement", "Battalion", "Army", "Union", "Legion"]
SPEAKERS = ["local {official}", "{resident}", "a monitoring group", "activists", "a military source",
            "aid workers", "witnesses"]
HEDGES = ["may", "might", "could"]  # the same uncertainty, worded three ways
APPROXIMATORS = ["about", "some", "around", "roughly"]  # "about 300" and "some 300" are one claim
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBREVIATIONS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
                       "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DURATION_UNITS = ["hours", "days", "weeks", "months"]
# Exactly equal durations written another way (no rounding: "a month" is not "30 days").
DURATION_EQUIVALENTS = {(24, "hours"): "a day", (48, "hours"): "two days", (72, "hours"): "three days",
                        (7, "days"): "a week", (14, "days"): "two weeks", (21, "days"): "three weeks",
                        (2, "weeks"): "14 days", (3, "weeks"): "21 days"}
AMOUNT_UNITS = {"amount_weight": ["tonnes", "kilograms"], "amount_distance": ["kilometres", "miles"],
                "amount_money": ["dollars", "euros"]}
SYLLABLES = ["ka", "ro", "mi", "tal", "dush", "sha", "qa", "ba", "zor", "hin", "ar", "el", "mal", "kir",
             "dan", "sur", "nab", "jar", "hal", "fat", "ras", "umm", "wad", "bek", "tor", "lin", "gaz", "yar",
             "om", "ser", "dil", "nur", "haj", "kof", "mir", "sab", "zan", "ter", "bul", "kam"]
QUALIFIER_NOUNS = ["checkpoint", "market", "bridge", "camp", "quarry", "mill", "crossroads", "orchard",
                   "pumping station", "cemetery", "silo", "roundabout", "ridge", "dam", "airstrip"]


def folded_by(key: Callable[[str], str]) -> list[tuple[str, str]]:
    """Pairs of this module's variants that ``key`` (the normaliser's match key) makes equal."""
    folded = []
    for variants in [[v[1] for v in forms] for forms in VERBS.values()] + [[n[1] for n in f] for f in NOUNS.values()]:
        for a, b in combinations(variants, 2):
            if key(a) == key(b):
                folded.append((a, b))
    return folded


def variant_pairs() -> int:
    """How many pairs of variants ``folded_by`` checks."""
    groups = [len(forms) for forms in VERBS.values()] + [len(forms) for forms in NOUNS.values()]
    return sum(n * (n - 1) // 2 for n in groups)
