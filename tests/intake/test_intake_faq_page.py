"""A public body's questions-and-answers page: its answers are its own statements, its advice no claim."""

from __future__ import annotations

from stories import said

from workbench.intake import intake_bytes

PAGE = """# Road closure: questions and answers

*Last updated: Monday 3 April 2028*

### Why is the bridge closed?

Inspectors found cracks in two of the bridge's bearings on Friday. The state roads agency says the bearings must be replaced before traffic can return.

### What should I do?

If you drive to work, allow an extra 20 minutes. Check the live map before you leave. You can sign up for text alerts on our website.

## Contact us

- Customer service: 03 5550 1000
- [Live traffic map](/traffic)

*This page is published by the Shire of Kellmore.*
"""


def test_the_body_whose_page_it_is_publishes_it_and_speaks_in_its_answers() -> None:
    intake = intake_bytes(PAGE.encode("utf-8"), name="faq.md")
    assert intake.article.outlet == "Shire of Kellmore"
    found = said(intake)
    assert found[0] == ("Inspectors found cracks in two of the bridge's bearings on Friday.", "Shire of Kellmore", "asserts"), found
    assert found[0] and next(a for a in intake.attributions()).mode.value == "official_statement"
    assert any(source == "state roads agency" for _, source, _ in found), found


def test_questions_advice_and_contacts_claim_nothing() -> None:
    claims = [claim for claim, _, _ in said(intake_bytes(PAGE.encode("utf-8"), name="faq.md"))]
    for words in ("Why is", "allow an extra", "Check the live map", "sign up", "Customer service", "published by"):
        assert not any(words in claim for claim in claims), (words, claims)


def test_a_sentence_opening_with_a_verb_of_advice_that_reports_is_a_claim() -> None:
    assert said(intake_bytes(b"Call records show the minister phoned him twice.", name="a.txt"))
    assert not said(intake_bytes(b"Call your GP if the fever lasts.", name="b.txt"))
