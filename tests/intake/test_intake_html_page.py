"""A saved page's article beside its body: the standfirst, the captions, the page's own date,
and a dateline under a standfirst (found by held-out round nine's saved regional page)."""

from __future__ import annotations

from datetime import date

from stories import said, take

from workbench.intake import intake_bytes
from workbench.intake.reading import read_article

PAGE = """<!DOCTYPE html><html><head><title>Strike halts port | Baltic Coast Times</title>
<meta property="og:site_name" content="Baltic Coast Times">
<meta property="article:published_time" content="2027-06-02T06:00:00+01:00"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="cookie">We use cookies to personalise content. Accept all</div>
<article><h1>Strike halts port</h1>
<p class="standfirst">The union says 600 workers have joined the walkout over pay.</p>
<figure><img src="a.jpg"><figcaption>Dock workers outside the terminal gate on Monday. <span class="credit">Photo: Anna Nowak / Baltic Coast Times</span></figcaption></figure>
<div class="article-body">
<p>GDANSK — Dock workers at the port walked off the job on Monday in a dispute over pay dating back to 2022, halting the loading of container ships at two terminals, union officials said.</p>
<p>The terminal operator said in a statement that only one of its three berths was affected and that ships were being diverted to Gdynia.</p>
<figure><img src="b.jpg"><figcaption>The container terminal, where the operator says two berths work normally. <span class="credit">Picture: Baltic Coast Times</span></figcaption></figure>
<p>A spokesperson for the port authority declined to comment on the dispute. Shipping analysts say a long strike could delay deliveries to inland warehouses.</p>
</div></article>
<aside><h2>Most read</h2><p>Ferry timetable changes for the summer season announced by the operator</p></aside>
<footer>All rights reserved</footer></body></html>"""


def test_the_standfirst_and_captions_are_kept_where_the_page_has_them_without_credits() -> None:
    text = read_article(PAGE.encode(), name="page.html").text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "The union says 600 workers have joined the walkout over pay."
    assert paragraphs[1] == "Dock workers outside the terminal gate on Monday."
    assert paragraphs[4] == "The container terminal, where the operator says two berths work normally."
    for left_out in ("Photo:", "Picture:", "Most read", "cookies", "Ferry timetable"):
        assert left_out not in text


def test_the_dateline_under_a_standfirst_is_read_and_left_out_of_the_lede() -> None:
    article = read_article(PAGE.encode(), name="page.html")
    assert article.dateline == "Gdansk"
    assert article.dateline_span is not None and article.text[article.dateline_span.start : article.dateline_span.end].startswith("GDANSK")
    claims = [claim.text for claim in intake_bytes(PAGE.encode(), name="page.html").claims]
    assert claims[0] == "600 workers have joined the walkout over pay."
    assert not any(claim.startswith("GDANSK") for claim in claims)


def test_the_date_is_the_pages_own_never_a_year_in_the_text() -> None:
    """trafilatura's wide search had dated the page 1 January 2022, from "in 2022" in its text."""
    assert read_article(PAGE.encode(), name="page.html").published == date(2027, 6, 2)
    undated = PAGE.replace('<meta property="article:published_time" content="2027-06-02T06:00:00+01:00">', "")
    assert read_article(undated.encode(), name="page.html").published is None


def test_a_caption_gives_its_figure_to_whoever_it_says_gives_it() -> None:
    assert said(take("Glen Quaich Primary, where the council says 9 pupils are now enrolled.")) == [
        ("9 pupils are now enrolled.", "council", "asserts")
    ]
