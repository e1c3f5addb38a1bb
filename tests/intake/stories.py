"""Taking in a short story as the intake tests do: published by the Associated Press on
27 January 2026, so that the outlet and the date never depend on the text's own header."""

from __future__ import annotations

from datetime import date

from workbench.intake import ArticleOverrides, CandidateAttribution, Intake, intake_bytes

PUBLISHED = date(2026, 1, 27)


def take(text: str) -> Intake:
    return intake_bytes(text.encode("utf-8"), name="story.txt", overrides=ArticleOverrides(outlet="Associated Press", published=PUBLISHED))


def said(intake: Intake) -> list[tuple[str, str, str]]:
    """(claim, source, stance) for every attribution on a claim, in order."""
    return [(claim.text, a.source.name, a.stance.value) for claim in intake.claims for a in claim.attributions]


def by(intake: Intake, source: str) -> CandidateAttribution:
    found = [a for a in intake.attributions() if a.source.name == source]
    assert found, f"no attribution by {source!r} in {said(intake)}"
    return found[0]
