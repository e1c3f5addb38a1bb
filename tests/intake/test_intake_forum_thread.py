"""A forum thread copied as text: the post is its author's voice, each reply its account's."""

from __future__ import annotations

from stories import said, take

from workbench.intake import intake_bytes

THREAD = """Boardly › n/Gdansk
n/Gdansk · 92k members

Posted by u/harbour_kasia · 3h
Flair: News

Tram depot fire on Chmielna this morning?

211 points · 64 comments

I walked past at 8:10 and saw smoke coming out of the depot roof. Two fire engines were already there.

Reply · Share · Report

level 1
u/tomek_gd · 120 points · 3h
The city's transport board posted on its website that no one was hurt.
Reply · Share · Report

    level 2
    u/throwaway_depot · 80 points · 2h
    Flair: Works there (unverified)
    > no one was hurt
    The sprinklers in hall B have been off since March.
    Reply · Share · Report

    level 2
    [deleted] · 2h
    [deleted]
    Reply · Share · Report

Load more comments

Boardly User Agreement · Privacy Policy
"""


def _thread():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(THREAD.encode("utf-8"), name="thread.txt")


def test_the_forum_publishes_the_poster_writes_and_the_post_title_is_the_title() -> None:
    article = _thread().article
    assert (article.outlet, article.byline, article.title) == ("Boardly", "u/harbour_kasia", "Tram depot fire on Chmielna this morning?")


def test_the_post_is_its_authors_voice_and_each_reply_its_accounts() -> None:
    found = said(_thread())
    assert any(source == "u/harbour_kasia" and "smoke coming out of the depot roof" in claim for claim, source, _ in found), found
    assert ("No one was hurt.", "city's transport board", "asserts") in found, found
    sprinklers = next(a for c in _thread().claims for a in c.attributions if "sprinklers" in c.text)
    assert (sprinklers.source.name, sprinklers.mode.value) == ("u/throwaway_depot", "anonymous")


def test_interface_lines_quotes_and_deleted_replies_claim_nothing() -> None:
    text = _thread().article.text
    for line in ("points", "Reply", "level 1", "[deleted]", "> no one", "Load more", "Privacy Policy", "Flair", "n/Gdansk"):
        assert line not in text, (line, text)


def test_he_after_a_sentence_about_a_named_person_is_that_person() -> None:
    found = said(take("Yusuf Demir was on local radio at noon. He said the depot would reopen on Monday."))
    assert found[-1] == ("The depot would reopen on Monday.", "Yusuf Demir", "asserts"), found
