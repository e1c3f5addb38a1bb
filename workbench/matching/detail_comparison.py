"""Comparing two claims' details (``claim_details``): what a reworded duplicate must keep.

Two claims *conflict* on a kind of detail when each has a value of that kind the other lacks
("15 days" against "30 days", Maqa against Tal Dush, negated against not). When only one
claim has a detail ("released" against "released in Maqa") it is *extra*: not a
contradiction, but enough that the pair is never merged without a reviewer.

Split from the extraction (``workbench.matching.claim_details``): extraction reads one claim's text,
comparison pairs two claims' details and words the differences for a reviewer.
"""

from __future__ import annotations

from dataclasses import field

from rapidfuzz import fuzz

from workbench.immutable import immutable_record
from workbench.matching.claim_details import ClaimDetails, claim_details
from workbench.matching.detail_dates import DateMention
from workbench.matching.detail_names import DISTINCT_PLACE_WORDS, METONYMS, NAME_JOINERS
from workbench.matching.detail_numbers import Quantity
from workbench.matching.match_keys import match_tokens
from workbench.text.aspect import Aspect


@immutable_record
class DetailComparison:
    """How two claims' details differ.

    ``conflicts`` name contradictions (each side has a value the other lacks); ``extras`` name
    details only one side gives. Both are human-readable and empty when the details agree.
    """

    conflicts: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    # Both claims name at least two of the same places or actors and both give numbers or
    # dates: enough checkable agreement to stand in for wording (``MatchThresholds.details_allowance``).
    vouches: bool = False

    @property
    def identical(self) -> bool:
        return not self.conflicts and not self.extras

    @property
    def vouched(self) -> bool:
        """The details agree, differ in nothing, and are specific enough to vouch for the pair."""
        return self.vouches and self.identical


def compare_details(a: ClaimDetails, b: ClaimDetails) -> DetailComparison:
    """Name every difference in numbers, dates, places, actors, negation, certainty and aspect."""
    result = DetailComparison(vouches=details_vouch(a, b))
    numbers_a = _unmatched_quantities(a.numbers, b.numbers)
    numbers_b = _unmatched_quantities(b.numbers, a.numbers)
    _record(result, "numbers", [q.text for q in numbers_a], [q.text for q in numbers_b])
    _compare_dates(result, a.dates, b.dates)
    a_mentions = [("places", n) for n in a.places] + [("actors", n) for n in a.actors]
    b_mentions = [("places", n) for n in b.places] + [("actors", n) for n in b.actors]
    only_a = _unmatched(a_mentions, [n for _, n in b_mentions])
    only_b = _unmatched(b_mentions, [n for _, n in a_mentions])
    if only_a and only_b:
        kinds = {kind for kind, _ in only_a + only_b}
        label = kinds.pop() if len(kinds) == 1 else "names"
        _record(result, label, [n for _, n in only_a], [n for _, n in only_b])
    else:
        for kind in ("places", "actors"):
            _record(result, kind, [n for k, n in only_a if k == kind], [n for k, n in only_b if k == kind])
    if a.negated != b.negated:
        words = a.negations if a.negated else b.negations
        which = "first" if a.negated else "second"
        result.conflicts.append(f"negation: only the {which} claim is negated ({', '.join(repr(w) for w in words)})")
    _compare_certainty(result, a, b)
    _compare_aspect(result, a, b)
    _compare_demonym_groups(result, a, b)
    return result


def details_vouch(a: ClaimDetails, b: ClaimDetails) -> bool:
    """Whether two claims share enough checkable details for agreement to stand in for wording:
    two names (places, actors) in common, and numbers or dates on both sides (compared, like
    every detail, by ``compare_details``; only a pair that differs in nothing is vouched for)."""
    return len(a.names & b.names) >= 2 and bool((a.numbers and b.numbers) or (a.dates and b.dates))


def _compare_demonym_groups(result: DetailComparison, a: ClaimDetails, b: ClaimDetails) -> None:
    """One country's names told apart by the word after the demonym: "Ukrainian artillery
    units" vs "Ukrainian drone crews", "Russian forces" vs "Russian equipment". Compared after
    matching's synonym folding, so "Russian troops" and "Russian forces" agree, and so do
    spelling slips ("militias" / "mliitias"); only a country both claims qualify is compared."""
    for country in dict.fromkeys(c for c, _, _ in a.actor_groups):
        mine = {w: (_folded(w), phrase) for c, w, phrase in a.actor_groups if c == country}
        theirs = {w: (_folded(w), phrase) for c, w, phrase in b.actor_groups if c == country}
        if theirs and not any(
            _same_word(x[0], y[0]) or _same_word(x_raw.lower(), y_raw.lower())
            for x_raw, x in mine.items()
            for y_raw, y in theirs.items()
        ):
            first = ", ".join(dict.fromkeys(phrase for _, phrase in mine.values()))
            second = ", ".join(dict.fromkeys(phrase for _, phrase in theirs.values()))
            result.conflicts.append(f"names: {first} vs {second}")


def _folded(word: str) -> str:
    tokens = match_tokens(word)
    return tokens[0] if tokens else word.lower()


def _compare_certainty(result: DetailComparison, a: ClaimDetails, b: ClaimDetails) -> None:
    """"Russia has withdrawn" is not "Russia may withdraw" nor "Russia plans to withdraw":
    a conflict named with the words that make it ("certainty: has (stated) vs may (hedged)").
    Two hedges worded differently ("may" / "might") are the same certainty."""
    if a.certainty == b.certainty:
        return
    result.conflicts.append(f"certainty: {_certainty_label(a)} vs {_certainty_label(b)}")


def _certainty_label(details: ClaimDetails) -> str:
    words = " / ".join(details.certainty_words)
    return f"{words} ({details.certainty})" if words else str(details.certainty)


def _compare_aspect(result: DetailComparison, a: ClaimDetails, b: ClaimDetails) -> None:
    """"began withdrawing" against "completed the withdrawal" (or a plain "withdrew") is a
    conflict; "completed" against a plain verb only adds to it (``workbench.text.aspect``)."""
    if a.aspect == b.aspect:
        return
    first = "/".join(a.aspect_words) or "not said"
    second = "/".join(b.aspect_words) or "not said"
    if Aspect.BEGUN in (a.aspect, b.aspect):
        result.conflicts.append(f"aspect: {first} vs {second}")
    else:
        which = "first" if a.aspect else "second"
        result.extras.append(f"aspect: {first if a.aspect else second} only in the {which} claim")


def _unmatched_quantities(mine: tuple[Quantity, ...], theirs: tuple[Quantity, ...]) -> list[Quantity]:
    """Quantities with no counterpart, each counterpart used once, same unit preferred: "10
    vehicles after 10 days" against "10 vehicles after three weeks" leaves "10 days" over."""
    pool = list(theirs)
    left: list[Quantity] = []
    for quantity in mine:  # same unit first...
        match = next((i for i, o in enumerate(pool) if o.unit == quantity.unit and quantity.same_as(o)), None)
        if match is None:
            left.append(quantity)
        else:
            del pool[match]
    missing: list[Quantity] = []
    for quantity in left:  # ...then a count without a unit may stand for one with it
        match = next((i for i, o in enumerate(pool) if quantity.same_as(o)), None)
        if match is None:
            missing.append(quantity)
        else:
            del pool[match]
    return missing


def _compare_dates(result: DetailComparison, mine: tuple[DateMention, ...], theirs: tuple[DateMention, ...]) -> None:
    only_a = [x.text for x in mine if not any(x.agrees_with(y) for y in theirs)]
    only_b = [y.text for y in theirs if not any(y.agrees_with(x) for x in mine)]
    _record(result, "dates", only_a, only_b)


def _record(result: DetailComparison, kind: str, only_a: list[str], only_b: list[str]) -> None:
    only_a = list(dict.fromkeys(only_a))
    only_b = list(dict.fromkeys(only_b))
    if only_a and only_b:
        result.conflicts.append(f"{kind}: {', '.join(only_a)} vs {', '.join(only_b)}")
    elif only_a:
        result.extras.append(f"{kind}: {', '.join(only_a)} only in the first claim")
    elif only_b:
        result.extras.append(f"{kind}: {', '.join(only_b)} only in the second claim")


def _unmatched(mentions: list[tuple[str, str]], others: list[str]) -> list[tuple[str, str]]:
    """Mentions with no counterpart among ``others``; each counterpart is used up once matched,
    so "the Iraqi ministry summoned Russia's envoy" and "the Russian ministry summoned Russia's
    envoy" differ (Russia twice against once)."""
    pool = [_name_form(other) for other in others]
    missing: list[tuple[str, str]] = []
    for kind, name in mentions:
        form = _name_form(name)
        for index, other in enumerate(pool):
            if _same_name(form, other):
                del pool[index]
                break
        else:
            missing.append((kind, name))
    return missing


# A name as the comparison reads it: its metonym resolved, its words, their set, and the name
# without spaces (what initials are compared with). Worked out once per name and comparison,
# not once per pair of names: the duplicate finder compares the names of over 100,000 pairs
# of claims at 100,000 claims, and this was half the cost of comparing their details.
_NameForm = tuple[str, list[str], set[str], str]


def _name_form(name: str) -> _NameForm:
    name = METONYMS.get(name, name)
    words = name.split()
    return name, words, set(words), name.replace(" ", "")


def _same_name(a: _NameForm, b: _NameForm) -> bool:
    """Whether two mentions name the same place or actor."""
    name, mine, mine_set, name_compact = a
    other, theirs, theirs_set, other_compact = b
    if name == other:
        return True
    # "Qamishli" is named by "Qamishli airport"; "Assad" by "Bashar Assad"; but "Jisr
    # Torjar" names another place than Torjar, "South Sudan" another country than Sudan.
    if (mine_set <= theirs_set or theirs_set <= mine_set) and not (mine_set ^ theirs_set) & DISTINCT_PLACE_WORDS:
        return True
    # Spelling variants, word by word: "Qamishly" = "Qamishli", but "Residents of Surqa"
    # is not "Residents of Surom".
    if len(mine) == len(theirs) and all(_same_word(x, y) for x, y in zip(mine, theirs, strict=True)):
        return True
    # "SDF" for "Syrian Democratic Forces", "IS" for "Islamic State". Initials have one letter
    # a word at most, so a longer name is no one's initials and they need not be worked out.
    return (len(name_compact) <= len(theirs) and _initials(theirs) == name_compact) or (
        len(other_compact) <= len(mine) and _initials(mine) == other_compact
    )


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 85)


def _initials(words: list[str]) -> str:
    significant = [w for w in words if w not in NAME_JOINERS]
    return "".join(w[0] for w in significant) if len(significant) > 1 else ""


def detail_differences(a_text: str, b_text: str) -> DetailComparison:
    """Compare the details of two claim texts (see ``compare_details``)."""
    return compare_details(claim_details(a_text), claim_details(b_text))


def conflicting_details(a_text: str, b_text: str) -> list[str]:
    """Human-readable contradictions between two claims' details; empty if there are none.

    Example: ``["numbers: 15 days vs one month"]`` for the two ceasefire claims.
    """
    return detail_differences(a_text, b_text).conflicts
