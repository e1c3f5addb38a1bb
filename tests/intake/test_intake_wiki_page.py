"""An encyclopedia entry copied from a wiki: its publisher, its last edit, and no claim in its apparatus."""

from __future__ import annotations

from datetime import date

from stories import said

from workbench.intake import intake_bytes

PAGE = """Marren Dam failure

From Openwiki, the free encyclopedia

Marren Dam failure
Date: 4 April 2029
Location: Marren, Tovia
Deaths: 3

The Marren Dam failure happened on 4 April 2029, when the spillway of the Marren Dam gave way.[1] The regional water board said the reservoir had been at its highest level in a decade.[2]

Contents
1 Background
2 References

References

1. "Dam gives way at Marren". Tovia Daily. 4 April 2029.
2. Regional Water Board (5 April 2029). "Statement on Marren".

Categories: 2029 disasters | Dam failures

This page was last edited on 12 May 2029, at 09:14 (UTC).
Text is available under the Creative Commons Attribution-ShareAlike License.
"""


def test_the_wiki_is_the_publisher_and_its_last_edit_the_date() -> None:
    article = intake_bytes(PAGE.encode("utf-8"), name="page.txt").article
    assert (article.outlet, article.published) == ("Openwiki", date(2029, 5, 12))


def test_infobox_contents_references_and_foot_claim_nothing() -> None:
    found = said(intake_bytes(PAGE.encode("utf-8"), name="page.txt"))
    assert [source for _, source, _ in found] == ["Openwiki", "regional water board"], found
    assert found[1][0].startswith("The reservoir had been at its highest level"), found
