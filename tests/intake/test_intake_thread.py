"""A social-media thread as a desk copies it: the author's posts are her own voice, every other
account's posts its own words (found by held-out round eleven's thread)."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes
from workbench.intake.social_thread import find_thread
from workbench.vocabulary import Mode

THREAD = """DESK CAPTURE - thread copied as text
Thread by: Ali Demir (@alidemir_news). Profile: "Correspondent, Harbour Gazette. Ports and shipping."
Captured 2 May 2027 by the day desk.

----

Ali Demir @alidemir_news
6:10 AM · May 2, 2027

1/ A container ship has lost power in the harbour mouth and is drifting towards the breakwater. I can see two tugs heading out to it now.

----

Ali Demir reposted
Port of Kessel Authority @KesselPort
6:20 AM · May 2, 2027

The vessel Nordic Tern has lost engine power. Two tugs are attending. The harbour entrance is closed until further notice.

----

Ali Demir @alidemir_news
6:35 AM · May 2, 2027

2/ Quote-posting an account that says it is crew on board. I can't verify who runs it.

    Deckhand Dan @deckhand_dan
    6:31 AM · May 2, 2027
    anchor chain snapped twice last week and nobody fixed it

[post since deleted]

----

Ali Demir @alidemir_news
6:50 AM · May 2, 2027

3/ A harbour pilot I spoke to, who didn't want to be named, said the ship had a history of engine faults. The owner has not responded to my questions.
"""


def _thread():  # type: ignore[no-untyped-def]  # an Intake; the helper keeps the tests short
    return intake_bytes(THREAD.encode(), name="thread.txt")


def test_the_authors_posts_are_her_own_words_and_observations() -> None:
    intake = _thread()
    observed = [a for a in intake.attributions() if a.source.name == "Ali Demir" and a.mode is Mode.OWN_OBSERVATION]
    assert observed, said(intake)
    assert ("A container ship has lost power in the harbour mouth and is drifting towards the breakwater.", "Ali Demir", "asserts") in said(intake)


def test_a_reposted_bodys_posts_are_its_official_statement() -> None:
    intake = _thread()
    found = [(claim.text, a.mode) for claim in intake.claims for a in claim.attributions if a.source.name == "Port of Kessel Authority"]
    assert ("The vessel Nordic Tern has lost engine power.", Mode.OFFICIAL_STATEMENT) in found, said(intake)
    assert len(found) == 3


def test_a_quoted_account_the_author_cannot_verify_is_anonymous() -> None:
    intake = _thread()
    quoted = [(claim.text, a.mode) for claim in intake.claims for a in claim.attributions if a.source.name == "Deckhand Dan"]
    assert quoted and all(mode is Mode.ANONYMOUS for _, mode in quoted), said(intake)
    assert any("anchor chain snapped" in claim.lower() for claim, _ in quoted)


def test_account_lines_times_numbers_separators_and_notes_are_no_claims() -> None:
    texts = " | ".join(claim for claim, _, _ in said(_thread()))
    for line in ("@", "6:10 AM", "reposted", "----", "post since deleted", "1/", "Captured", "Profile"):
        assert line not in texts, line


def test_the_thread_gives_its_author_outlet_and_date() -> None:
    article = _thread().article
    assert (article.byline, article.outlet, article.published, article.dateline) == ("Ali Demir", "Harbour Gazette", date(2027, 5, 2), None)


def test_a_source_the_writer_met_and_a_silence_in_a_post() -> None:
    intake = _thread()
    pilot = [a for a in intake.attributions() if "pilot" in a.source.name]
    assert pilot and pilot[0].mode is Mode.ANONYMOUS, said(intake)
    assert any("owner" in s.attribution.source.name.lower() for s in intake.silences)


def test_two_mentions_of_handles_in_prose_are_no_thread() -> None:
    text = "The ministry @MinHealth posted at 9:00 on Monday.\n\nIts spokesman @spokes said more later.\n"
    assert find_thread(text) is None
