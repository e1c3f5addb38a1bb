"""Reading an article file: plain text, Markdown or a saved web page, checked before it is parsed.

Each kind of bad input gets one clear line (an ``UnreadableDocument``), raised before anything
is parsed or stored: an empty file, a binary file, a page with no article text, a file over
the size limit, a file that cannot be opened.

The limit is 50 MB. A long article is under 100 KB of text, and a saved web page with its
scripts, styles and inline images rarely passes 10 MB; intake holds the whole file, the page's
parsed tree (several times the HTML's size) and the document text in memory, so a bound far
above any article but far below the machine's memory keeps a wrong file (a video, a database
dump) from stalling the desk.
"""

from __future__ import annotations

import hashlib
import re
import shlex
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workbench.errors import UnreadableDocument
from workbench.intake.model import Article
from workbench.intake.outlet_names import with_outlet_aliases
from workbench.intake.plain import read_plain
from workbench.intake.plain_reading import PlainReading

MAX_ARTICLE_BYTES = 50 * 1024 * 1024
_SNIFF_BYTES = 64 * 1024
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_FORMATS = ("text", "markdown", "html")


@dataclass(frozen=True)
class ArticleOverrides:
    """What the user tells intake that the file does not say (or says wrongly): these win."""

    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None


def read_article_file(path: str | Path, *, overrides: ArticleOverrides | None = None, format: str | None = None) -> Article:
    """Read an article from a file, or from stdin when ``path`` is ``-``."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
        _check_size(name, len(data))
        return read_article(data, name="stdin", overrides=overrides, format=format)
    file = Path(path)
    try:
        size = file.stat().st_size
        if not file.is_file():
            raise UnreadableDocument(f"{name}: not a file")
        _check_size(name, size)
        data = file.read_bytes()
    except OSError as error:
        raise UnreadableDocument(f"{name}: cannot read the file: {error.strerror or error}") from error
    return read_article(data, name=name, overrides=overrides, format=format or _format_from_name(file.name))


def read_article(
    data: bytes, *, name: str = "article", overrides: ArticleOverrides | None = None, format: str | None = None
) -> Article:
    """Read an article from bytes: check them, find the text and metadata, apply the overrides."""
    _check_size(name, len(data))
    if not data.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    head = data[:_SNIFF_BYTES]
    if format is not None and format not in _FORMATS:
        raise UnreadableDocument(f"{name}: unknown format {format!r} (expected one of: {', '.join(_FORMATS)})")
    if _is_binary(head):
        raise UnreadableDocument(f"{name}: this is a binary file, not an article: give a text, Markdown or HTML file")
    if format is None and (name.lower().endswith(_DATA_SUFFIXES) or _JSON_START.match(head)):
        shown = "-" if name == "stdin" else shlex.quote(name)
        raise UnreadableDocument(
            f"{name}: a data file (JSON, JSONL or CSV), not an article: import it with `workbench import {shown}`"
        )
    kind = format or _format_from_name(name) or _sniff_format(head)
    if kind == "html":
        from workbench.intake.html import read_html  # deferred: keeps trafilatura off the text path

        reading = read_html(data, name)
    else:
        reading = read_plain(_decode(data), markdown=kind == "markdown")
        if not reading.text:
            raise UnreadableDocument(f"{name}: the file has no article text (only a headline, a byline or a date)")
    return _article(reading, kind, overrides or ArticleOverrides())


def _article(reading: PlainReading, kind: str, overrides: ArticleOverrides) -> Article:
    if overrides.outlet:
        if reading.outlet and reading.outlet != overrides.outlet:
            reading.outlet_aliases.append(reading.outlet)
        reading.outlet = overrides.outlet
    reading = with_outlet_aliases(reading)
    text = reading.text
    return Article(
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=kind,
        title=overrides.title or reading.title,
        outlet=reading.outlet,
        outlet_aliases=tuple(reading.outlet_aliases),
        byline=reading.byline,
        published=overrides.published or reading.published,
        dateline=reading.dateline,
        dateline_span=reading.dateline_span,
        url=overrides.url or reading.url,
        skipped=tuple(reading.skipped),
        turns=tuple(reading.turns),
        labels=tuple(reading.labels),
        interviewee=reading.interviewee,
        kind=reading.kind,
    )


def _check_size(name: str, size: int) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise UnreadableDocument(
            f"{name}: {size / 1024 / 1024:.0f} MB is over the {MAX_ARTICLE_BYTES // 1024 // 1024} MB limit for an "
            "article; is this the right file?"
        )


def _is_binary(head: bytes) -> bool:
    """NUL bytes, or many control characters, mean an image, an archive, a PDF, a database."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text has NUL bytes by design
    if b"\x00" in head or head.startswith(b"%PDF"):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > max(16, len(head) // 100)  # a stray escape in pasted text is not a binary file


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Not UTF-8: older newsroom systems and Windows editors write cp1252.
        return data.decode("cp1252", errors="replace")


# The interchange formats ``import`` reads: an article is never written as one.
_DATA_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv")
_JSON_START = re.compile(rb'\s*(?:\{\s*"|\[\s*[{\["\]])')  # not Markdown's "[a link](...)"


def _format_from_name(filename: str) -> str | None:
    lowered = filename.lower()
    if lowered.endswith(_HTML_SUFFIXES):
        return "html"
    if lowered.endswith(_MARKDOWN_SUFFIXES):
        return "markdown"
    return None


def _sniff_format(head: bytes) -> str:
    start = head.lstrip()[:1024].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in start or b"<head" in start:
        return "html"
    if start.startswith(b"# ") or re.search(rb"(?m)^#{1,3} \S", start) or re.match(rb"\[[^\]\n]+\]\((?:https?:/)?/", start):
        return "markdown"  # a heading, or a breadcrumb link opening the page
    return "text"
