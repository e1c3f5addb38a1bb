"""Commands on documents: list, show, add, update (a corrected text re-anchors every quote),
and accept-wording (a changed quote takes the corrected document's words)."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, parse_date, pass_context
from workbench.cli.output import Format, console, emit_json, emit_rows
from workbench.dates import published_text
from workbench.intake.reading import ArticleOverrides, read_article_file
from workbench.records import to_jsonable
from workbench.review import documents
from workbench.review.documents import UNCHANGED, DocumentDetail, QuoteInDocument
from workbench.review.quote_wording import accept_new_wording
from workbench.text_safety import safe_text

LIST_COLUMNS = ["id", "key", "title", "outlet_name", "published_at", "characters", "quotes", "changed", "orphaned"]
QUOTE_COLUMNS = ["attribution", "claim", "source", "stance", "state", "start", "end", "quote", "difference"]
_FORMATS = ["text", "markdown", "html"]
_FIELD_WORDS = {"full_text": "text", "outlet_id": "outlet", "derived_from_id": "derived from", "published_at": "published"}


@click.group("documents")
def documents_group() -> None:
    """List, show, add and update the documents that carry statements; accept a quote's new wording.

    Example: workbench documents update doc-ap-qamishli-2026-01-27 --text corrected.txt
    """


@documents_group.command("list")
@click.option("--limit", type=click.IntRange(1, documents.MAX_PAGE), default=100, show_default=True, help="Page size.")
@click.option("--after", "after_id", type=int, metavar="ID", help="Keyset paging: continue after the document with this id.")
@output_options
@pass_context
@handle_errors
def list_command(context: Context, limit: int, after_id: int | None, as_json: bool, as_csv: bool) -> None:
    """List documents with the length of their text and how their quotes stand (changed, orphaned).

    Example: workbench documents list --json
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        page = documents.list_documents(session, limit=limit, after_id=after_id)
    emit_rows([to_jsonable(d) for d in page], LIST_COLUMNS, fmt, headers={"outlet_name": "outlet", "published_at": "published"})
    if len(page) == limit:
        context.diagnose(f"more documents follow: add --after {page[-1].id}")


@documents_group.command("show")
@click.argument("document")
@click.option("--text", "show_text", is_flag=True, help="Print the document's text instead (exactly as stored).")
@output_options
@pass_context
@handle_errors
def show_command(context: Context, document: str, show_text: bool, as_json: bool, as_csv: bool) -> None:
    """Show a document and every quote anchored in it, with its W3C selectors and state.

    Example: workbench documents show doc-ap-qamishli-2026-01-27
    """
    fmt = output_format(as_json, as_csv)
    with context.database().reading() as session:
        detail = documents.get_document(session, document, with_text=show_text or fmt is Format.JSON)
    if show_text and fmt is not Format.JSON:
        sys.stdout.write(detail.text or "")
        if detail.text and not detail.text.endswith("\n"):
            sys.stdout.write("\n")
        return
    if fmt is Format.JSON:
        emit_json(detail_json(detail))
        return
    if fmt is Format.TABLE:
        _print_header(detail)
    emit_rows([quote_row(q) for q in detail.quotes], QUOTE_COLUMNS, fmt)


def detail_json(detail: DocumentDetail) -> dict[str, Any]:
    """The document, its text, and each quote with its W3C selectors (as ``documents show --json`` prints)."""
    out: dict[str, Any] = to_jsonable(detail)
    out["quotes"] = [to_jsonable(quote) | {"selectors": selectors(quote)} for quote in detail.quotes]
    return out


def selectors(quote: QuoteInDocument) -> list[dict[str, Any]]:
    """The quote's W3C Web Annotation selectors (a TextQuoteSelector, then a TextPositionSelector)."""
    found: list[dict[str, Any]] = []
    anchor = quote.anchor
    if anchor is not None:
        found.append({"type": "TextQuoteSelector", "exact": quote.quote, "prefix": anchor.prefix or "", "suffix": anchor.suffix or ""})
    if quote.span is not None:
        found.append({"type": "TextPositionSelector", "start": quote.span[0], "end": quote.span[1]})
    return found


def quote_row(quote: QuoteInDocument) -> dict[str, Any]:
    anchor = quote.anchor
    return {
        "attribution": quote.attribution_id,
        "claim": quote.claim_id,
        "source": quote.source_name,
        "stance": quote.stance,
        "state": anchor.state if anchor else "not anchored",
        "start": quote.span[0] if quote.span else None,
        "end": quote.span[1] if quote.span else None,
        "quote": quote.quote,
        "difference": anchor.describe() if anchor is not None and anchor.state == "changed" else None,
    }


def _print_header(detail: DocumentDetail) -> None:
    document = detail.document
    lines = [f"Document #{document.id} {document.key}: {document.title}"]
    for label, value in (
        ("outlet", document.outlet_name),
        ("byline", document.byline),
        ("place", document.place),
        ("published", published_text(document.published_at)),
        ("url", document.url),
        ("rewrite of", document.derived_from_title),
    ):
        if value:
            lines.append(f"  {label}: {value}")
    if detail.characters is None:
        lines.append("  text: none (quotes cannot be anchored)")
    else:
        lines.append(f"  text: {detail.characters:,} characters, sha256 {detail.content_hash}")
    lines.append(f"  quotes: {len(detail.quotes)}")
    out = console()
    for line in lines:
        out.print(safe_text(line))


def _document_options(command: Any) -> Any:
    for option in reversed(
        [
            click.option("--title", help="The document's title (a page's own title is used if not given)."),
            click.option("--outlet", metavar="SOURCE", help="The outlet that published it (id, key, name or alias)."),
            click.option("--byline", help="Who wrote it."),
            click.option("--place", help="Where it was filed (the dateline)."),
            click.option("--published", metavar="YYYY-MM-DD", help="When it was published."),
            click.option("--url", help="Where it was published."),
            click.option("--text", "text_file", metavar="FILE", help="The text: plain text, Markdown or a saved web page, read as intake reads it ('-' for stdin)."),
            click.option("--format", "file_format", type=click.Choice(_FORMATS), help="How to read --text (default: by its name, else its content)."),
            click.option("--derived-from", metavar="DOC", help="The document this one rewrites or copies (id or key)."),
        ]
    ):
        command = option(command)
    return command


@documents_group.command("add")
@_document_options
@click.option("--key", help="Stable key (default: made from the title).")
@output_options
@pass_context
@handle_errors
def add_command(
    context: Context,
    title: str | None,
    outlet: str | None,
    byline: str | None,
    place: str | None,
    published: str | None,
    url: str | None,
    text_file: str | None,
    file_format: str | None,
    derived_from: str | None,
    key: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Add a document, with its text if given (quotes recorded against it are then anchored in it).

    Example: workbench documents add --text story.html --outlet "Associated Press"
    """
    fmt = output_format(as_json, as_csv)
    when = _published(published)
    article = read_article_file(text_file, overrides=ArticleOverrides(published=when, url=url, title=title), format=file_format) if text_file else None
    title = title or (article.title if article else None)
    if not title:
        raise click.UsageError("give --title (the text does not name one)")
    record = context.database().write(lambda session: documents.add_document(
        session,
        context.reviewer,
        title,
        key=key,
        outlet=outlet,
        byline=byline or (article.byline if article else None),
        place=place or (article.dateline if article else None),
        published_at=when or (article.published if article else None),
        url=url or (article.url if article else None),
        text=article.text if article else None,
        derived_from=derived_from,
    ))
    emit_rows([to_jsonable(record)], ["id", "key", "title", "outlet_name", "published_at"], fmt, headers={"outlet_name": "outlet"})


@documents_group.command("update")
@click.argument("document")
@_document_options
@click.option("--reason", help="Why it changed (a correction, an update): kept in the review log.")
@output_options
@pass_context
@handle_errors
def update_command(
    context: Context,
    document: str,
    title: str | None,
    outlet: str | None,
    byline: str | None,
    place: str | None,
    published: str | None,
    url: str | None,
    text_file: str | None,
    file_format: str | None,
    derived_from: str | None,
    reason: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Change a document's details or text; a new text re-anchors every quote stored against it.

    Each quote is found at the same place, else its exact words elsewhere, else a close passage
    (flagged "changed", with the difference), else it is flagged "orphaned". The changed and
    orphaned quotes are listed; `claims list` and the TUI flag their claims.

    Example: workbench documents update doc-ap-qamishli-2026-01-27 --text corrected.txt --reason "AP correction"
    """
    fmt = output_format(as_json, as_csv)
    when = _published(published)
    text: Any = UNCHANGED
    if text_file:
        text = read_article_file(text_file, format=file_format).text
    given = {
        "title": title,
        "outlet": outlet,
        "byline": byline,
        "place": place,
        "published_at": when,
        "url": url,
        "derived_from": derived_from,
    }
    changes = {name: value for name, value in given.items() if value is not None}
    result = context.database().write(lambda session: documents.update_document(session, context.reviewer, document, text=text, reason=reason, **changes))
    if fmt is Format.JSON:
        emit_json(to_jsonable(result) | {"flagged": [quote_row(q) for q in result.flagged]})
        return
    found = ", ".join(f"{n} {status}" for status, n in sorted(result.found.items())) or "no quotes"
    changed = ", ".join(_FIELD_WORDS.get(name, name) for name in result.changed if name != "content_hash") or "nothing"
    context.diagnose(f"document {result.document.key}: changed {changed}" + (f"; quotes: {found}" if text is not UNCHANGED else ""))
    if result.flagged:
        emit_rows([quote_row(q) for q in result.flagged], QUOTE_COLUMNS, fmt)


@documents_group.command("accept-wording")
@click.argument("attribution", type=int)
@click.option("--reason", help="Why the new wording stands for what the source said: kept in the review log.")
@output_options
@pass_context
@handle_errors
def accept_wording_command(context: Context, attribution: int, reason: str | None, as_json: bool, as_csv: bool) -> None:
    """Accept a corrected document's new wording of a quote flagged "changed".

    The quote becomes the passage the document has now at its place, anchored there; the
    recorded words are kept in the review log, and `workbench undo` puts them back.
    `documents show DOC` and `documents update` list the changed quotes with their attribution ids.

    Example: workbench documents accept-wording 7 --reason "AP corrected the number of days"
    """
    fmt = output_format(as_json, as_csv)
    record = context.database().write(lambda session: accept_new_wording(session, context.reviewer, attribution, reason))
    if fmt is Format.JSON:
        emit_json(to_jsonable(record))
        return
    context.diagnose(f"attribution #{record.id} on claim {record.claim_id}: the new wording is its quote (undo puts the recorded words back)")
    emit_rows([{"attribution": record.id, "claim": record.claim_id, "quote": record.quote}], ["attribution", "claim", "quote"], fmt)


def _published(value: str | None) -> date | None:
    """The day given (a date, kept as a date: never shown or exported as midnight)."""
    return parse_date(value, "--published")
