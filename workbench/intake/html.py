"""A saved web page: its main text and metadata, extracted by trafilatura.

Navigation, cookie banners, "most read" boxes and footers are what hand-written scraping gets
wrong, page by page; trafilatura is maintained against the web as it is and reads the page's
own metadata (Open Graph, JSON-LD, ``<link rel=canonical>``) for title, outlet, author, date and
URL. Its text keeps one element a line; intake separates them by blank lines, so each becomes a
paragraph, then reads the wire dateline, byline and sign-off as for plain text.

trafilatura (and lxml under it) is imported on first use: a CLI call that reads no HTML does
not pay for it.
"""

from __future__ import annotations

from workbench.errors import UnreadableDocument
from workbench.intake.dates import parse_date
from workbench.intake.html_extras import insert_paragraphs, standfirst_and_captions
from workbench.intake.plain import read_plain
from workbench.intake.plain_reading import PlainReading


def read_html(data: bytes, name: str) -> PlainReading:
    """Extract the article from a page's bytes; no article text is an error, never an empty document."""
    import trafilatura  # deferred: loading lxml costs ~0.3 s, paid only for HTML

    tree = trafilatura.load_html(data)  # parsed once: for trafilatura and for what it leaves out
    if tree is None:
        raise UnreadableDocument(f"{name}: no article text found in the page (only navigation, scripts or markup)")
    extras = standfirst_and_captions(tree)  # before trafilatura, which reads the same tree
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        # Only the page's own date (its metadata, a <time> element): a wider search guessed
        # 1 January 2022 from "in 2022" in the text, and refused a date after today's.
        date_extraction_params={"extensive_search": False, "original_date": True, "max_date": "2099-12-31"},
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise UnreadableDocument(f"{name}: no article text found in the page (only navigation, scripts or markup)")
    title = _clean(getattr(document, "title", None))
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    reading = read_plain("\n\n".join(paragraphs))
    if not reading.text:
        raise UnreadableDocument(f"{name}: no article text found in the page (only a headline, a byline or a date)")
    insert_paragraphs(reading, extras)
    reading.title = title or reading.title
    sitename = _clean(getattr(document, "sitename", None))
    if sitename:
        if reading.outlet and reading.outlet != sitename:
            reading.outlet_aliases.append(reading.outlet)
        reading.outlet = sitename
    author = _clean(getattr(document, "author", None))
    if author and reading.byline is None:
        reading.byline = author
    published = parse_date(getattr(document, "date", None) or "")
    if published is not None:
        reading.published = published
    reading.url = _clean(getattr(document, "url", None))
    return reading


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
