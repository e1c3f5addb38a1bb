"""A question-and-answer interview: the answers are the interviewee's words, the questions no claims."""

from __future__ import annotations

from workbench.intake import intake_bytes
from workbench.intake.interview import find_interview

INTERVIEW = """# "We built more flats than anyone": the mayor on housing and debt

*Interview by Jana Kriz · Moravian Weekly · 14 September 2027*

Petra Holub, 47, has been mayor of Olomouc since November 2022. We asked her about her promises.

**You promised 1,000 new flats. How many have you delivered?**

We have completed 640, and another 410 are under construction.

**The city's debt has risen to 2.6 billion koruna since you took office.**

The debt rose because we borrowed to build. We will start paying it down in 2029.

Some of the mayor's figures are contested by the city's audit office.
"""


def test_the_answers_are_the_interviewees_and_the_questions_no_claims() -> None:
    """Read as prose, every answer was the outlet's own reporting and every question its claim."""
    intake = intake_bytes(INTERVIEW.encode(), name="interview.md", format="markdown")
    article = intake.article
    assert (article.outlet, article.byline, article.interviewee) == ("Moravian Weekly", "Jana Kriz", "Petra Holub")
    said = [(claim.text, claim.attributions[0].source.name, claim.attributions[0].mode.value) for claim in intake.claims]
    assert ("We have completed 640, and another 410 are under construction.", "Petra Holub", "direct_quote") in said
    assert ("The debt rose because we borrowed to build.", "Petra Holub", "direct_quote") in said
    assert not any("How many" in text or "debt has risen" in text for text, _source, _mode in said)
    # after the last answer, the outlet speaks again
    assert said[-1] == ("Some of the mayor's figures are contested by the city's audit office.", "Moravian Weekly", "paraphrase")


def test_bold_lines_without_a_named_interviewee_are_left_as_prose() -> None:
    """Nobody is guessed: with no person named before the questions, the answers stay the outlet's."""
    text = INTERVIEW.replace("Petra Holub, 47, has been mayor of Olomouc since November 2022. ", "")
    intake = intake_bytes(text.encode(), name="interview.md", format="markdown")
    assert intake.article.interviewee is None
    answers = {claim.text: claim.attributions[0].source.name for claim in intake.claims}
    assert answers["We have completed 640, and another 410 are under construction."] == "Moravian Weekly"


def test_bold_lines_that_ask_nothing_make_no_interview() -> None:
    """An open letter's "**To the Minister of Environment and Water Resources**" and a bold
    sign-off are no questions: the letter's paragraphs had become "Water Resources"'s answers
    (found by held-out round thirteen)."""
    text = (
        "Ana Ruiz, the coalition's chair, wrote the letter below.\n\n**To the Minister of Water Resources**\n\n"
        "We, the undersigned, ask you to act.\n\n**Signed by 14 organisations**\n\nThe river is dying.\n"
    )
    assert find_interview(text, ["To the Minister of Water Resources", "Signed by 14 organisations"]) is None
