"""A source's email forwarded to the desk: three voices, and what around them claims nothing."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes

CHAIN = """From: Tomas Reyes <t.reyes@harbourledger.example>
Date: Mon, 3 Sep 2029 at 09:12
Subject: Fwd: Pier 7 crane
To: News desk <desk@harbourledger.example>

Desk, forwarding with the sender's consent. The crane at Pier 7 has been out of use since August.

--
Tomas Reyes
Port Reporter | The Harbour Ledger

---------- Forwarded message ---------
From: Lena Okafor <lena.okafor@mailbox.example>
Date: Sun, 2 Sep 2029 at 21:40
Subject: Pier 7 crane
To: Tomas Reyes <t.reyes@harbourledger.example>

Dear Mr Reyes,

I operate the cranes at Pier 7. A brake cable snapped on 14 August and a container fell onto the quay.

Kind regards,
Lena Okafor
Crane Operator

On Fri, 31 Aug 2029 at 16:05, Ian Marsh <ian.marsh@portco.example> wrote:
> Dear all,
>
> The Pier 7 crane is out of use for routine maintenance. No one was hurt.
>
> Best regards,
> Ian Marsh
> Operations Director
>
> CONFIDENTIALITY NOTICE: This e-mail is intended solely for the addressee.
"""


def _chain():  # type: ignore[no-untyped-def]  # an Intake
    return intake_bytes(CHAIN.encode("utf-8"), name="mail.txt")


def test_the_forwarders_signature_names_the_outlet_and_her_header_the_rest() -> None:
    article = _chain().article
    assert (article.outlet, article.byline, article.title, article.published) == (
        "The Harbour Ledger", "Tomas Reyes", "Pier 7 crane", date(2029, 9, 3)
    )


def test_each_message_is_its_writers_and_the_note_the_outlets() -> None:
    found = said(_chain())
    assert ("The crane at Pier 7 has been out of use since August.", "The Harbour Ledger", "asserts") in found, found
    assert any(source == "Lena Okafor" and "brake cable snapped" in claim for claim, source, _ in found), found
    assert any(source == "Ian Marsh" and "routine maintenance" in claim for claim, source, _ in found), found
    assert all(a.mode.value == "direct_quote" for a in _chain().attributions() if a.source.name in ("Lena Okafor", "Ian Marsh"))


def test_headers_salutations_signatures_quote_marks_and_notices_claim_nothing() -> None:
    claims = [claim for claim, _, _ in said(_chain())]
    assert not any(">" in claim or "Dear" in claim or "regards" in claim or "CONFIDENTIALITY" in claim for claim in claims), claims
    assert not any("Forwarded message" in claim or "wrote:" in claim or "Crane Operator" in claim for claim in claims), claims
