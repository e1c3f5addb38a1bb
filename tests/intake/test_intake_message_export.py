"""A messaging app's export: a channel's own posts are its voice, forwarded posts their origin's,
a group chat's messages their senders' (found by held-out round twelve's channel export)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.message_export import find_message_export
from workbench.vocabulary import Mode

EXPORT = """Telegram Desktop — Channel export
Channel: Harbour Watch (@harbourwatch)
Exported by: night desk, 03.05.2027 08:00

02.05.2027 21:04 — Harbour Watch:
A tanker is on fire at berth 4. From our window we can see flames above the crane.
<photo>

02.05.2027 21:30 — Harbour Watch:
Forwarded from Port Authority of Kessel (@kesselport)
The fire on the tanker Nordic Star is under control. The port remains open.

02.05.2027 22:10 — Harbour Watch:
Forwarded from Mayor of Kessel | Official (@kessel_mayor)
Nobody was hurt in the fire at berth 4. I thank the crews for their work. — Lena Berg (edited)
<video omitted>

02.05.2027 22:40 — Harbour Watch:
Please do not go near the port tonight.
"""

CHAT = """[14/03/2027, 21:04] Ana Ruiz: The bridge on the N4 is closed, I just drove past it.
[14/03/2027, 21:06] Tom Keller: Police told me it will stay closed until morning.
[14/03/2027, 21:10] Ana Ruiz: Two cars are stuck on the far side.
"""


def test_the_channels_own_posts_are_its_voice_and_a_forwarded_body_its_official_statement() -> None:
    intake = intake_bytes(EXPORT.encode(), name="export.txt")
    found = said(intake)
    assert ("A tanker is on fire at berth 4.", "Harbour Watch", "asserts") in found, found
    port = [a for a in intake.attributions() if a.source.name == "Port Authority of Kessel"]
    assert len(port) == 2 and all(a.mode is Mode.OFFICIAL_STATEMENT for a in port), found


def test_a_signed_forwarded_post_is_its_signers() -> None:
    found = said(intake_bytes(EXPORT.encode(), name="export.txt"))
    assert ("Nobody was hurt in the fire at berth 4.", "Lena Berg", "asserts") in found, found
    assert not any(claim.startswith(("Lena Berg", "I thank")) for claim, _, _ in found)


def test_stamps_senders_forwarded_lines_placeholders_and_appeals_are_no_claims() -> None:
    intake = intake_bytes(EXPORT.encode(), name="export.txt")
    texts = " | ".join(claim for claim, _, _ in said(intake))
    for not_a_claim in ("02.05.2027", "Forwarded", "<photo>", "video omitted", "Exported", "Please do not go"):
        assert not_a_claim not in texts, not_a_claim
    assert (intake.article.outlet, intake.article.published, intake.article.title) == ("Harbour Watch", date(2027, 5, 2), None)


def test_a_group_chats_messages_are_their_senders() -> None:
    found = said(intake_bytes(CHAT.encode(), name="chat.txt"))
    assert ("The bridge on the N4 is closed, I just drove past it.", "Ana Ruiz", "asserts") in found, found
    assert ("Two cars are stuck on the far side.", "Ana Ruiz", "asserts") in found
    assert any(source == "Police" and "closed until morning" in claim for claim, source, _ in found), found


def test_a_stamp_whose_order_is_uncertain_gives_no_date() -> None:
    export = find_message_export("[03/04/2027, 10:00] A: one.\n[03/04/2027, 10:01] B: two.\n[03/04/2027, 10:02] A: three.\n")
    assert export is not None and export.sent is None


def test_one_of_them_with_a_description_is_the_description_and_she_is_no_man() -> None:
    found = said(take(
        "Two residents spoke to us. One of them, a woman who works at a bakery, said a man from the depot's crew had told her "
        "that two colleagues were burned. We asked the press secretary about it, and she said the post was wrong."
    ))
    assert ("Two colleagues were burned.", "woman", "asserts") in found, found
    assert not any(source.startswith("man from") and "post was wrong" in claim for claim, source, _ in found), found


def test_chats_are_writing_that_and_information_with_no_author() -> None:
    found = said(take("Several city chats are writing that workers were killed at the depot."))
    assert found == [("Workers were killed at the depot.", "Several city chats", "asserts")]
    found = said(take("According to preliminary information, there are no casualties."))
    assert [source for _, source, _ in found] == ["Associated Press"], found


def test_a_speech_verb_before_two_words_claims_nothing() -> None:
    found = said(take("Summary: a fire broke out at the depot, officials say drone debris, and the group claims sabotage."))
    assert not any(len(claim.split()) < 3 for claim, _, _ in found), found
