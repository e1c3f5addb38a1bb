"""Commands for querying: full-text search and the read-only SQL console."""

from __future__ import annotations

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import emit_rows
from workbench.records import to_jsonable
from workbench.review import claims, sql_sandbox


@click.command("search")
@click.argument("query")
@click.option("--fuzzy", is_flag=True, help="Rank every claim with rapidfuzz instead of the full-text index (typo-proof, slower).")
@click.option("--limit", type=click.IntRange(1, claims.MAX_PAGE), default=20, show_default=True)
@output_options
@pass_context
@handle_errors
def search_command(context: Context, query: str, fuzzy: bool, limit: int, as_json: bool, as_csv: bool) -> None:
    """Search claim text, quotes and source names; best matches first.

    Words of three letters or more are matched as prefixes ("russ" finds "Russian"), shorter
    ones and numbers only whole; on SQLite, misspelt words are corrected against the words in
    the index.

    Example: workbench search "cargo plane" --json
    """
    fmt = output_format(as_json, as_csv)
    filters = claims.ClaimFilter(fuzzy=query) if fuzzy else claims.ClaimFilter(text=query)
    with context.database().reading() as session:
        page = claims.list_claims(session, filters, limit=limit)
    emit_rows([to_jsonable(s) for s in page], ["id", "score", "status", "origins", "verdict", "text"], fmt)
    if not page and not fuzzy:
        _say_why_short_words_found_nothing(context, query)


def _say_why_short_words_found_nothing(context: Context, query: str) -> None:
    from workbench.matching.search import too_short_for_a_prefix  # only when nothing was found

    if short := too_short_for_a_prefix(query):
        context.diagnose(
            f"no claim has the word {short[0]!r}: words under three letters are matched whole, "
            "not as prefixes (type more of it, or use --fuzzy)"
        )


@click.command("sql")
@click.argument("query")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=sql_sandbox.DEFAULT_TIMEOUT_SECONDS, show_default=True, help="Seconds before the query is stopped.")
@click.option("--max-rows", type=click.IntRange(1, 1_000_000), default=1000, show_default=True, help="Rows to return at most.")
@output_options
@pass_context
@handle_errors
def sql_command(context: Context, query: str, timeout: float, max_rows: int, as_json: bool, as_csv: bool) -> None:
    """Run one read-only SQL query (SELECT/WITH/VALUES/EXPLAIN) against the database.

    Writes, DDL, ATTACH, VACUUM, PRAGMA changes and load_extension are refused, the query is
    stopped at --timeout, and the database file is left byte-identical. The views
    claim_overview and attribution_details make common questions one SELECT away.

    Example: workbench sql "SELECT status, count(*) FROM claims GROUP BY status" --json
    """
    fmt = output_format(as_json, as_csv)
    result = sql_sandbox.run_readonly_sql(context.database(), query, timeout=timeout, max_rows=max_rows)
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    emit_rows(rows, result.columns, fmt)
    if result.truncated:
        context.diagnose(f"stopped at {max_rows} rows (use --max-rows for more)")
