"""The checkable details of a claim: numbers, dates, places, actors, negation, certainty, aspect.

A fuzzy score says two claims are worded alike, never that they say the same thing. "The
ceasefire was extended by 15 days" and "The ceasefire will be extended by one month" score
high and contradict each other; so do "14 detainees released in Maqa" and "340 detainees
released in Tal Dush". Before two claims are treated as one, their details are compared one
kind at a time, and any difference is named for the reviewer.

Extraction is rule-based and deliberately conservative; it errs towards finding a
difference, because a missed difference merges two claims while an extra one only asks a
reviewer to look:

- numbers: digits and number words ("fifteen", "twenty-five", "a dozen", "1.5 million"),
  durations and measures in a unit they convert to exactly ("two weeks" = "14 days", "a
  year" = "12 months", never "one month" = "30 days"), percentages and currencies kept as
  units, and no tolerance ("380 days" is not "381 days"). Numbers that belong to a date are dates.
- dates: "27 January 2026", "January 27", "Jan. 27, 2026", "2026-01-27", "21-22 January",
  "December 2024", "in 2024", weekdays. A weekday and a full date agree when the calendar says so.
- places: capitalised names after a locative preposition ("in Tal Dush", "from Qamishli").
- actors: other capitalised names and acronyms; demonyms count as their country
  ("Russian troops" names Russia).
- negation: "not", "n't", "no", "never", "denied", "refused"...
- certainty: stated, hedged ("may", "reportedly") or forecast ("will", "plans to"), read with
  the one certainty reader (``workbench.text.certainty``) that intake uses for attributions;
- aspect: whether the claim says the action began or was completed (``workbench.text.aspect``).

Each kind has a reader of its own (``detail_dates``, ``detail_numbers``, ``detail_names``, over
the tokens of ``detail_tokens``); negation is read here. The comparison of two claims' details
is ``workbench.matching.detail_comparison``'s.
"""

from __future__ import annotations

from workbench.immutable import immutable_record
from workbench.matching.detail_dates import DateMention, find_dates
from workbench.matching.detail_names import demonym_groups, find_names
from workbench.matching.detail_numbers import Quantity, find_quantities
from workbench.matching.detail_tokens import DetailToken, read_tokens
from workbench.text.aspect import Aspect, aspect_cues, aspect_of
from workbench.text.certainty import assess_certainty
from workbench.vocabulary import Certainty

_NEGATIONS = {
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot",
    "denied", "denies", "deny", "denying", "refused", "refuses", "refuse", "failed", "fails",
}

# What a plain assertion's verb leans on ("has withdrawn", "did leave"): named beside a hedge
# or forecast so the difference reads "certainty: has (stated) vs may (hedged)".
_AUXILIARIES = {"has", "have", "had", "is", "are", "was", "were", "did", "does"}

_NOT_NEGATING = {"fewer", "less", "more", "later", "earlier", "sooner", "only", "doubt"}


@immutable_record
class ClaimDetails:
    """The details of one claim that a reworded duplicate must keep."""

    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    places: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    actor_groups: tuple[tuple[str, str, str], ...] = ()  # (country, word after its demonym, both):
    # ("ukraine", "artillery", "Ukrainian artillery")
    negated: bool = False
    negations: tuple[str, ...] = ()  # the words that negate, as written
    certainty: Certainty = Certainty.STATED
    certainty_words: tuple[str, ...] = ()  # the cues as written ("may", "plans to"); for a
    # stated claim, its first auxiliary ("has"), so a reviewer reads "has vs may"
    aspect: Aspect | None = None
    aspect_words: tuple[str, ...] = ()  # "began", "completed", as written

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.places) | frozenset(self.actors)


def claim_details(text: str) -> ClaimDetails:
    """Extract the numbers, dates, places, actors, negation, certainty and aspect of a claim's text."""
    tokens = read_tokens(text)
    used: set[int] = set()
    dates = find_dates(tokens, used)
    numbers = find_quantities(tokens, used)
    places, actors = find_names(tokens, used)
    negations = find_negations(tokens)
    certainty, cues = assess_certainty(text)
    certainty_words: tuple[str, ...]
    if certainty is Certainty.STATED:
        certainty_words = next(((t.text,) for t in tokens if t.lower in _AUXILIARIES), ())  # the first
    else:
        certainty_words = tuple(dict.fromkeys(c.cue for c in cues if c.certainty is certainty))
    phases = aspect_cues(text)
    aspect = aspect_of(phases)
    return ClaimDetails(
        numbers=tuple(numbers),
        dates=tuple(dates),
        places=tuple(places),
        actors=tuple(actors),
        actor_groups=tuple(demonym_groups(tokens)),
        negated=len(negations) % 2 == 1 if negations else False,
        negations=tuple(negations),
        certainty=certainty,
        certainty_words=certainty_words,
        aspect=aspect,
        aspect_words=tuple(dict.fromkeys(c.cue for c in phases if c.aspect is aspect)),
    )


def find_negations(tokens: list[DetailToken]) -> list[str]:
    """The words that negate, as written; "neither ... nor" counts once, "no fewer" never."""
    found: list[str] = []
    for index, token in enumerate(tokens):
        word = token.lower
        if "'" in word and word.endswith("n't"):  # the operator first: few words hold an apostrophe
            found.append(token.text)
        elif word in _NEGATIONS:
            nxt = tokens[index + 1].lower if index + 1 < len(tokens) else ""
            if word in ("no", "not") and nxt in _NOT_NEGATING:
                continue  # "no fewer than 36", "not only": a quantity or an emphasis, not a denial
            if word == "no" and nxt in ("longer", "one"):
                found.append(token.text + " " + tokens[index + 1].text)
            elif word == "nor":
                continue  # "neither ... nor" is one negation
            else:
                found.append(token.text)
    return found
