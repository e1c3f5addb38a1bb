"""Hedges and forecasts (``workbench.text.certainty``): each cue found with its span, and the one
certainty a statement gets from them."""

from __future__ import annotations

import pytest

from workbench.text.certainty import assess_certainty, certainty_cues
from workbench.vocabulary import Certainty


@pytest.mark.parametrize(
    ("text", "certainty", "cue"),
    [
        ("Al-Sharaa is expected to visit Moscow on Wednesday.", Certainty.FORECAST, "is expected to"),
        ("The talks will be held in Nairobi.", Certainty.FORECAST, "will"),
        ("Kenya's foreign minister is due to open the session.", Certainty.FORECAST, "is due to"),
        ("Ethiopia plans to begin filling in July.", Certainty.FORECAST, "plans to"),
        ("The dam is set to open next year.", Certainty.FORECAST, "is set to"),
        ("Cairo would not sign any deal.", Certainty.FORECAST, "would"),
        ("The filling may be spread over two seasons.", Certainty.HEDGED, "may"),
        ("Egypt has reportedly asked for an observer.", Certainty.HEDGED, "reportedly"),
        ("Unconfirmed reports said the dam was full.", Certainty.HEDGED, "Unconfirmed"),
        ("The minister is believed to favour a phased deal.", Certainty.HEDGED, "is believed to"),
        ("A long strike could delay deliveries.", Certainty.HEDGED, "could"),
        ("The real number was probably much higher.", Certainty.HEDGED, "probably"),
    ],
)
def test_a_cue_sets_the_certainty_and_is_named(text: str, certainty: Certainty, cue: str) -> None:
    found, cues = assess_certainty(text)
    assert found is certainty
    assert [c.cue for c in cues] == [cue]
    assert text[cues[0].start : cues[0].end] == cue


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces began evacuating their positions.",
        "The vote was held in May 2026.",  # the month
        "Talks resumed on May 3.",
        "It depends on the will of the people.",  # the noun
        "Flights were cancelled due to the storm.",  # cause, not schedule
        "There were delays due to heavy rain.",
    ],
)
def test_plain_statements_and_lookalikes_are_stated(text: str) -> None:
    assert assess_certainty(text) == (Certainty.STATED, ())


def test_a_hedge_outweighs_a_forecast() -> None:
    """"Talks could resume next week and will be held in Nairobi": a hedged plan confirms nothing."""
    certainty, cues = assess_certainty("Talks could resume next week and will be held in Nairobi.")
    assert certainty is Certainty.HEDGED
    assert [c.certainty for c in cues] == [Certainty.HEDGED, Certainty.FORECAST]


def test_cues_are_looked_for_in_the_given_span_only() -> None:
    text = "The ministry said it will act. Residents said it may rain."
    start = text.index("Residents")
    assert [(c.cue, c.start) for c in certainty_cues(text, start)] == [("may", text.index("may"))]
    assert [c.cue for c in certainty_cues(text, 0, start)] == ["will"]
