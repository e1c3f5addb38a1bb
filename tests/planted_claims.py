"""Synthetic news claims with planted reworded duplicates and different-detail pairs, for tests.

A fixed copy of the benchmarks' first generator: the tests pin what the matcher already
handles (its rewordings are close to the normaliser's own word lists), while
``benchmarks/claimgen.py`` generates independent wording and detail changes of every size to
measure what it does not yet handle. Deterministic for a given seed. Claims
are built from ~30 newsroom sentence frames filled from large pools (actors, armed groups,
invented place names, numbers, durations, dates) plus modifier phrases, so unrelated claims
rarely read alike. Then:

- *reworded duplicates*: a copy of a claim changed by 2-4 edits that keep its meaning:
  synonyms (troops/forces, pulled out/withdrew), number words (15/fifteen, two weeks/14 days),
  date formats, demonyms (Russian/Russia's), clause order, a dropped or added modifier, a typo;
- *different-detail pairs*: a lightly reworded copy with one detail changed: a number, a
  duration ("15 days"/"one month"), a date, a place, an actor, or a negation.

Ground truth is returned beside the claims (and written beside them by the benchmarks).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty",
                30: "thirty", 40: "forty", 50: "fifty"}
COUNTRIES = [("Russia", "Russian"), ("Syria", "Syrian"), ("Turkey", "Turkish"), ("Iran", "Iranian"),
             ("Iraq", "Iraqi"), ("Israel", "Israeli"), ("Jordan", "Jordanian"), ("Lebanon", "Lebanese"),
             ("Ukraine", "Ukrainian"), ("Egypt", "Egyptian"), ("France", "French"), ("Germany", "German")]
THINGS = ["detainees", "civilians", "fighters", "families", "trucks", "drones", "children", "prisoners",
          "aid workers", "journalists", "rockets", "shells", "tents", "ambulances", "displaced people",
          "students", "doctors", "tanks", "soldiers", "refugees", "nurses", "engineers", "farmers",
          "teachers", "buses", "generators", "water tankers", "bulldozers", "mortars", "landmines",
          "medical kits", "food parcels", "blankets", "fuel trucks", "armoured vehicles", "pickup trucks",
          "paramedics", "volunteers", "observers", "monitors", "hostages", "defectors", "conscripts",
          "militiamen", "policemen", "border guards", "shepherds", "fishermen", "pilgrims", "workers"]
OPENERS = ["", "", "", "", "Local sources say ", "Officials said ", "According to residents, ",
           "Activists report that ", "Witnesses say ", "A monitoring group says ", "Sources told the desk that ",
           "State media reported that ", "A spokesman said ", "Opposition outlets claim "]
MODIFIERS = [
    "amid rising tensions", "near the border crossing", "despite the ceasefire", "after weeks of talks",
    "under heavy guard", "in a surprise move", "for the first time", "without prior warning",
    "following a series of raids", "as winter set in", "in a move seen as symbolic", "at dawn",
    "after a night of shelling", "in what officials called a goodwill gesture", "under international pressure",
    "amid fears of reprisals", "along the main highway", "in coordination with local councils",
    "in the presence of observers", "after a brief standoff", "at the request of tribal elders",
    "during a visit by envoys", "as part of a wider deal", "while talks continued", "in heavy rain",
]
SYLLABLES = ["ka", "ro", "mi", "tal", "dush", "sha", "qa", "ba", "zor", "hin", "ar", "el", "mal", "kir",
             "dan", "sur", "nab", "jar", "hal", "fat", "ras", "umm", "wad", "bek", "tor", "lin", "gaz", "yar",
             "om", "ser", "dil", "nur", "haj", "kof", "mir", "sab", "zan", "ter", "bul", "kam"]

# Frames: {A} actor (demonym-able), {G} group, {P} place, {P2} second place, {N} count,
# {T} things, {D} duration, {DATE} date, {W} weekday, {M} modifier. "~" marks where a
# negation goes ("has ~ begun" -> "has not begun").
FRAMES = [
    "{A_adj} troops have ~ begun withdrawing from {P} airport {M}",
    "{A_adj} forces have ~ pulled out of their positions around {P} on {DATE}",
    "{G} has ~ released {N} {T} in {P} {M}",
    "{N} {T} were ~ released from a prison in {P} on {DATE}",
    "The ceasefire between {G} and {G2} was ~ extended by {D} on {DATE}",
    "{G} said the truce in {P} would ~ be extended by another {D}",
    "{A} has ~ agreed to send {N} {T} to {P} {M}",
    "At least {N} {T} were ~ killed in shelling on {P} on {W}",
    "{G} fighters have ~ taken control of {P} and the road to {P2}",
    "The {A_adj} defence ministry said {N} {T} had ~ been moved from {P} to {P2}",
    "{A_adj} warplanes have ~ struck targets near {P} for {D} {M}",
    "A convoy of {N} {T} has ~ reached {P} after {D} on the road",
    "{G} has ~ accused {G2} of holding {N} {T} in {P}",
    "The {A_adj} government has ~ confirmed that {N} {T} crossed into {P} on {DATE}",
    "Talks between {G} and {A} in {P} were ~ postponed by {D}",
    "{A_adj} officials have ~ said that the base at {P} will close within {D}",
    "{N} {T} have ~ returned to {P} since {DATE}",
    "{G} has ~ handed over {N} {T} to {A_adj} authorities at {P} {M}",
    "The {A_adj} army has ~ deployed {N} {T} along the front line near {P}",
    "Residents of {P} have ~ been without electricity for {D} {M}",
    "{A} has ~ opened the {P} crossing for {D} to let {N} {T} through",
    "An explosion at a depot in {P} has ~ killed {N} {T} on {W}",
    "{G} says it has ~ evacuated {N} {T} from {P} to {P2} {M}",
    "The {A_adj} president is ~ due to travel to {P} on {DATE} to meet leaders of {G}",
    "{A_adj} troops were ~ seen leaving the {P} base with {N} {T} on {W}",
    "A curfew in {P} has ~ been lifted after {D} {M}",
    "{G} has ~ announced a prisoner exchange involving {N} {T} in {P}",
    "Aid agencies say {N} {T} in {P} have ~ received food {M}",
    "The {A_adj} foreign ministry has ~ summoned the envoy of {A2} over the attack on {P}",
    "{G} has ~ withdrawn {N} {T} from the outskirts of {P} {M}",
]

SWAPS = [  # meaning-preserving rewordings (both directions)
    ("troops", "forces"), ("begun withdrawing from", "started pulling out of"), ("pulled out of", "withdrawn from"),
    ("released", "freed"), ("extended", "prolonged"), ("truce", "ceasefire"), ("killed", "left dead"),
    ("taken control of", "seized control of"), ("moved", "transferred"), ("struck", "hit"),
    ("reached", "arrived in"), ("confirmed", "announced"), ("postponed", "delayed"),
    ("close", "shut down"), ("returned to", "come back to"), ("handed over", "delivered"),
    ("deployed", "sent"), ("electricity", "power"), ("opened", "reopened"), ("explosion", "blast"),
    ("evacuated", "moved out"), ("is ~ due to travel to", "will ~ travel to"), ("leaving", "departing"),
    ("lifted", "ended"), ("announced", "declared"), ("received", "been given"), ("summoned", "called in"),
    ("withdrawn", "pulled back"), ("defence", "defense"), ("said", "stated"), ("says", "reports"),
    ("At least", "No fewer than"), ("have ~ begun", "have ~ started"), ("agreed to send", "agreed to dispatch"),
    ("accused", "charged"), ("holding", "detaining"),
]


@dataclass
class Dataset:
    claims: list[str]
    duplicates: list[tuple[int, int]]  # (original index, reworded copy index)
    different: list[tuple[int, int, str]]  # (original index, changed copy index, what changed)


QUALIFIER_PREPOSITIONS = ["near", "after", "under", "beside", "behind", "following", "before", "around",
                          "during", "beyond", "outside", "along"]
QUALIFIER_NOUNS = ["checkpoint", "talks", "agreement", "bridge", "market", "hospital", "compound", "operation",
                   "convoy", "meeting", "offensive", "raid", "district", "camp", "corridor", "pipeline", "dam",
                   "garrison", "airstrip", "depot", "quarry", "mosque", "school", "bakery", "roundabout"]


class _Pools:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.places = sorted({self._name(rng, prefix=True) for _ in range(30000)})
        self.groups = sorted({self._group(rng) for _ in range(3000)})
        # Invented lowercase words: the uncommon vocabulary every real claim carries.
        self.words = sorted({self._word(rng, rng.choice((2, 3))).lower() for _ in range(8000)})

    def qualifiers(self, rng: random.Random) -> tuple[str, ...]:
        count = rng.choices((0, 1, 2), weights=(2, 5, 3))[0]
        return tuple(
            f"{rng.choice(QUALIFIER_PREPOSITIONS)} the {rng.choice(self.words)} {rng.choice(QUALIFIER_NOUNS)}"
            for _ in range(count)
        )

    @staticmethod
    def _word(rng: random.Random, syllables: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def _name(self, rng: random.Random, prefix: bool) -> str:
        base = self._word(rng, rng.choice((2, 2, 3)))
        if prefix and rng.random() < 0.3:
            return rng.choice(["Tal", "Ain", "Deir", "Kafr", "Jisr", "Ras"]) + " " + base
        return base

    def _group(self, rng: random.Random) -> str:
        word = self._word(rng, rng.choice((2, 3)))
        kind = rng.choice(["Brigade", "Front", "Council", "Movement", "Battalion", "Forces", "Army", "Union"])
        return f"the {word} {kind}"


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.choice((2024, 2025, 2026)), rng.randint(1, 12), rng.randint(1, 28)


def _format_date(d: tuple[int, int, int], style: int) -> str:
    year, month, day = d
    if style == 0:
        return f"{day} {MONTHS[month - 1]} {year}"
    if style == 1:
        return f"{MONTHS[month - 1]} {day}, {year}"
    return f"{MONTH_ABBR[month - 1]} {day}, {year}"


def _format_number(n: int, words: bool) -> str:
    return NUMBER_WORDS[n] if words and n in NUMBER_WORDS else f"{n:,}"


DURATIONS = [  # (days, written forms that mean exactly that)
    (3, ["three days", "3 days"]), (4, ["four days", "4 days"]), (7, ["a week", "seven days", "one week"]),
    (10, ["ten days", "10 days"]), (14, ["two weeks", "14 days", "fourteen days"]), (15, ["15 days", "fifteen days"]),
    (21, ["three weeks", "21 days"]), (30, ["one month", "a month", "30 days"]), (60, ["two months", "60 days"]),
    (90, ["three months", "90 days"]), (365, ["a year", "one year", "12 months"]),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass
class _Slots:
    frame: str
    actor: int
    actor2: int
    group: str
    group2: str
    place: str
    place2: str
    number: int
    thing: str
    duration: int
    date: tuple[int, int, int]
    weekday: int
    modifier: str | None
    qualifiers: tuple[str, ...] = ()
    opener: str = ""
    wording: tuple[int, ...] = ()  # SWAPS applied to this claim's own wording
    negated: bool = False


def _fresh(rng: random.Random, pools: _Pools) -> _Slots:
    frame = rng.choice(FRAMES)
    return _Slots(
        frame=frame,
        opener=rng.choice(OPENERS),
        wording=tuple(i for i, (a, b) in enumerate(SWAPS) if (a in frame or b in frame) and rng.random() < 0.5),
        actor=rng.randrange(len(COUNTRIES)),
        actor2=rng.randrange(len(COUNTRIES)),
        group=rng.choice(pools.groups),
        group2=rng.choice(pools.groups),
        place=rng.choice(pools.places),
        place2=rng.choice(pools.places),
        number=rng.choice((rng.randint(2, 60), rng.randint(61, 2000), rng.choice(list(NUMBER_WORDS)))),
        thing=rng.choice(THINGS),
        duration=rng.randrange(len(DURATIONS)),
        date=_date(rng),
        weekday=rng.randrange(7),
        modifier=rng.choice(MODIFIERS) if rng.random() < 0.7 else None,
        qualifiers=pools.qualifiers(rng),
        negated=rng.random() < 0.1,
    )


@dataclass
class _Style:
    number_words: bool = False
    duration_form: int = 0
    date_style: int = 0
    possessive: bool = False  # "Russia's forces" instead of "Russian forces"
    front_time: bool = False
    swaps: tuple[int, ...] = ()
    drop_modifier: bool = False
    typo: int | None = None


def _render(slots: _Slots, style: _Style, rng_text: random.Random | None = None) -> str:
    frame = slots.frame
    for index in slots.wording + style.swaps:
        a, b = SWAPS[index]
        if a in frame:
            frame = frame.replace(a, b, 1)
        elif b in frame:
            frame = frame.replace(b, a, 1)
    country, adjective = COUNTRIES[slots.actor]
    forms = DURATIONS[slots.duration][1]
    values = {
        "A": country,
        "A2": COUNTRIES[slots.actor2][0],
        "A_adj": f"{country}'s" if style.possessive else adjective,
        "G": slots.group,
        "G2": slots.group2,
        "P": slots.place,
        "P2": slots.place2,
        "N": _format_number(slots.number, style.number_words),
        "T": slots.thing,
        "D": forms[style.duration_form % len(forms)],
        "DATE": _format_date(slots.date, style.date_style),
        "W": WEEKDAYS[slots.weekday],
        "M": "" if (style.drop_modifier or not slots.modifier) else slots.modifier,
    }
    text = re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], frame)
    if slots.qualifiers:
        text += " " + " ".join(slots.qualifiers)
    text = text.replace("~ ", "not " if slots.negated else "")
    if style.front_time and " on " in text:
        head, _, tail = text.rpartition(" on ")
        lowered = head.startswith(("The ", "A ", "An ", "At ", "No ", "Talks ", "Aid ", "Residents "))
        text = f"On {tail}, {head[0].lower() + head[1:] if lowered else head}"
    if slots.opener and not style.front_time:
        text = slots.opener + (text[0].lower() + text[1:] if text.startswith(("The ", "A ", "An ", "At ")) else text)
    text = " ".join(text.split())
    if style.typo is not None:
        words = text.split()
        long_words = [i for i, w in enumerate(words) if len(w) > 6 and w.islower()]
        if long_words:
            i = long_words[style.typo % len(long_words)]
            w = words[i]
            k = 2 + style.typo % (len(w) - 4)
            words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
            text = " ".join(words)
    text = text[0].upper() + text[1:]
    return text + "."


def _reword_style(rng: random.Random, edits: int, frame: str) -> _Style:
    applicable = [i for i, (a, b) in enumerate(SWAPS) if a in frame or b in frame]
    chosen = [i for i in applicable if rng.random() < 0.6] or applicable[:1]
    style = _Style(swaps=tuple(chosen))
    options = ["number_words", "duration_form", "date_style", "possessive", "front_time", "drop_modifier", "typo"]
    for option in rng.sample(options, k=edits):
        if option == "number_words":
            style.number_words = True
        elif option == "duration_form":
            style.duration_form = rng.randint(1, 2)
        elif option == "date_style":
            style.date_style = rng.randint(1, 2)
        elif option == "possessive":
            style.possessive = True
        elif option == "front_time":
            style.front_time = True
        elif option == "drop_modifier":
            style.drop_modifier = True
        elif option == "typo":
            style.typo = rng.randint(0, 50)
    return style


def _change_detail(rng: random.Random, pools: _Pools, slots: _Slots) -> tuple[_Slots, str] | None:
    frame = slots.frame
    options = []
    if "{N}" in frame:
        options.append("number")
    if "{D}" in frame:
        options.append("duration")
    if "{DATE}" in frame:
        options.append("date")
    if "{P}" in frame:
        options.append("place")
    if "{A" in frame:
        options.append("actor")
    if "~" in frame:
        options.append("negation")
    if "{W}" in frame:
        options.append("weekday")
    kind = rng.choice(options)
    changed = _Slots(**slots.__dict__)
    if kind == "number":
        while changed.number == slots.number:
            changed.number = rng.choice((rng.randint(2, 60), rng.randint(61, 2000)))
    elif kind == "duration":
        while DURATIONS[changed.duration][0] == DURATIONS[slots.duration][0]:
            changed.duration = rng.randrange(len(DURATIONS))
    elif kind == "date":
        while changed.date == slots.date:
            year, month, day = slots.date
            changed.date = rng.choice(((year, month, rng.randint(1, 28)), (year, rng.randint(1, 12), day)))
    elif kind == "place":
        changed.place = rng.choice(pools.places)
    elif kind == "actor":
        while changed.actor == slots.actor:
            changed.actor = rng.randrange(len(COUNTRIES))
    elif kind == "negation":
        changed.negated = not slots.negated
    elif kind == "weekday":
        changed.weekday = (slots.weekday + rng.randint(1, 6)) % 7
    return changed, kind


def generate(count: int, *, duplicate_share: float = 0.05, different_share: float = 0.01, seed: int = 7) -> Dataset:
    """``count`` claims; ``duplicate_share`` of them reworded copies, ``different_share`` changed copies."""
    rng = random.Random(seed)
    pools = _Pools(rng)
    n_dup = int(count * duplicate_share)
    n_diff = int(count * different_share)
    n_base = count - n_dup - n_diff
    bases: list[_Slots] = [_fresh(rng, pools) for _ in range(n_base)]
    claims = [_render(s, _Style(date_style=rng.randint(0, 2), duration_form=rng.randint(0, 2))) for s in bases]
    duplicates: list[tuple[int, int]] = []
    different: list[tuple[int, int, str]] = []
    originals = rng.sample(range(n_base), k=n_dup + n_diff)
    for position, original in enumerate(originals):
        slots = bases[original]
        if position < n_dup:
            text = claims[original]
            for _attempt in range(20):
                text = _render(slots, _reword_style(rng, rng.randint(2, 4), slots.frame))
                if text != claims[original]:
                    break
            else:
                text = re.sub(r"\b(has|have|were|was|is)\b", r"\1 reportedly", text, count=1)
            claims.append(text)
            duplicates.append((original, len(claims) - 1))
        else:
            changed, kind = _change_detail(rng, pools, slots)  # type: ignore[misc]  # the generator returns a pair here; mypy cannot narrow the union
            claims.append(_render(changed, _reword_style(rng, 1, changed.frame)))
            different.append((original, len(claims) - 1, kind))
    # Shuffle so copies are not all at the end (ids then say nothing about pairs).
    order = list(range(len(claims)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    shuffled = [claims[old] for old in order]
    return Dataset(
        claims=shuffled,
        duplicates=[(position[a], position[b]) for a, b in duplicates],
        different=[(position[a], position[b], kind) for a, b, kind in different],
    )


if __name__ == "__main__":
    data = generate(60, duplicate_share=0.1, different_share=0.1)
    for a, b in data.duplicates:
        print("DUP ", data.claims[a], "||", data.claims[b])
    for a, b, kind in data.different:
        print("DIFF", kind, data.claims[a], "||", data.claims[b])
    print(*data.claims[:10], sep="\n")
