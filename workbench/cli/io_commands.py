"""The command that moves data in: import (export lives in export_commands)."""

from __future__ import annotations

import sys
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from workbench.cli.common import Context, handle_errors, pass_context
from workbench.cli.output import console, emit_json
from workbench.cli.progress import RichProgress
from workbench.config import SQLITE_COMPANION_SUFFIXES, resolve_db_url, sqlite_file, sqlite_file_to_create
from workbench.importing import pipeline as importer
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, ImportResult
from workbench.importing.reading import FORMATS
from workbench.matching.thresholds import DEFAULT_THRESHOLDS
from workbench.output_files import check_output_file
from workbench.progress import NoProgress
from workbench.text_safety import safe_text

EXIT_REJECTED = 2


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "file_format", type=click.Choice(FORMATS), help="Read every FILE as this format (default: by extension, else by content).")
@click.option("--dry-run", is_flag=True, help="Validate, match and report what would change; write nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid records; write the rejected ones, with reasons, to a rejects file.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False), metavar="PATH", help="Rejects file for --skip-invalid (default: FILE.rejects.csv for CSV input, else FILE.rejects.jsonl).")
@click.option("--no-match", is_flag=True, help="Match claims by key only: no search for near-duplicate claims.")
@click.option("--auto-score", type=click.FloatRange(0, 100), metavar="N", help=f"Merge a new claim into a stored one at this similarity or above (default {DEFAULT_THRESHOLDS.auto:g}).")
@click.option("--suggest-score", type=click.FloatRange(0, 100), metavar="N", help=f"Link a new claim to a possible duplicate from this similarity (default {DEFAULT_THRESHOLDS.suggest:g}).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr (as the global -q).")
@click.option("--json", "as_json", is_flag=True, help="Write the summary as JSON to stdout, for scripts (also when records were rejected).")
@pass_context
@handle_errors
def import_command(
    context: Context,
    files: tuple[str, ...],
    file_format: str | None,
    dry_run: bool,
    skip_invalid: bool,
    rejects_path: str | None,
    no_match: bool,
    auto_score: float | None,
    suggest_score: float | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Import JSON, JSONL or CSV files (- for stdin): all or nothing, idempotent.

    Every file is read and validated before anything is written, and all files are applied
    in one transaction: one bad record and the database is left as it was (FILE:LINE:
    FIELD: reason on stderr, exit 2). Records are matched by key, so importing the same
    file again changes nothing; new claims are also compared with the stored ones, and
    likely duplicates are merged or linked for review (docs/interchange-format.md).
    Creates the database if there is none yet.

    Example: workbench import desk-feed.jsonl partner.csv --dry-run
    """
    quiet = context.quiet = quiet or context.quiet
    options = ImportOptions(
        skip_invalid=skip_invalid,
        file_format=file_format,
        matcher=ClaimMatcher() if no_match else _matcher(auto_score, suggest_score),
        progress=NoProgress() if quiet else RichProgress(sys.stderr),
    )
    if rejects_path and skip_invalid and not dry_run:  # never over the database (the import opens it later)
        check_output_file(Path(rejects_path), database=sqlite_file(resolve_db_url(context.db)))
    new_file = sqlite_file_to_create(context.db)
    try:
        result = importer.import_files(
            lambda: context.database(create=True), files, context.reviewer, options, dry_run=dry_run, rejects_path=rejects_path
        )
    except BaseException:
        _discard(context, new_file, "the import failed")
        raise
    if dry_run:
        _discard(context, new_file, "a dry run writes nothing")
    if as_json:
        emit_json(summary_json(result))
    elif not quiet:
        _print_summary(result)
    if result.rejects_error is not None:
        click.echo(f"error: {safe_text(result.rejects_error)}", err=True)
        sys.exit(1)
    if result.rejected:
        where = f"; see {result.rejects_path}" if result.rejects_path else ""
        click.echo(f"error: {result.rejected} record(s) rejected{where}", err=True)
        sys.exit(EXIT_REJECTED)


def _discard(context: Context, new_file: Path | None, why: str) -> None:
    """Remove a database file this command created, so a failed import leaves no trace."""
    if new_file is None or not new_file.exists():
        return
    context.close()
    for suffix in SQLITE_COMPANION_SUFFIXES:
        Path(f"{new_file}{suffix}").unlink(missing_ok=True)
    context.diagnose(f"removed the new database {new_file} ({why})")


def _matcher(auto: float | None, suggest: float | None) -> ClaimMatcher | None:
    if auto is None and suggest is None:
        return None
    auto = DEFAULT_THRESHOLDS.auto if auto is None else auto
    suggest = min(DEFAULT_THRESHOLDS.suggest, auto) if suggest is None else suggest
    if suggest > auto:
        raise click.BadParameter(f"--suggest-score {suggest:g} is above --auto-score {auto:g}", param_hint="--suggest-score")
    thresholds = replace(DEFAULT_THRESHOLDS, auto=auto, suggest=suggest, conflict=min(DEFAULT_THRESHOLDS.conflict, suggest))
    # Imported here for start-up speed: `import --no-match` needs no rapidfuzz or match keys.
    from workbench.importing.matching import DuplicateMatcher

    return DuplicateMatcher(thresholds)


def summary_json(result: ImportResult) -> dict[str, Any]:
    """What ``--json`` prints: the summary table's figures and every duplicate decision, per
    file, so a script can act on them ("3 new claims linked for review") without parsing
    the table on stderr."""
    return {
        "dry_run": result.dry_run,
        "rejected": result.rejected,
        "rejects_file": str(result.rejects_path) if result.rejected and result.rejects_path is not None else None,
        "files": [
            {
                "file": summary.file,
                "format": summary.format,
                **{kind: asdict(tally) for kind, tally in summary.kinds().items()},
                "matched": summary.matched,
                "suggested": summary.suggested,
                "conflicting": summary.conflicting,
                "links_within_merged": summary.links_within_merged,
                "sources_matched": summary.sources_matched,
                "rejected": summary.rejected,
                "duplicates": [
                    {
                        "line": suggestion.line,
                        "claim_key": suggestion.claim_key,
                        "decision": suggestion.decision,
                        "merged": suggestion.merged,
                        "existing_key": suggestion.existing_key,
                        "existing_id": suggestion.existing_id,
                        "score": round(suggestion.score, 1),
                        "conflicts": list(suggestion.conflicts),
                    }
                    for suggestion in summary.suggestions
                ],
            }
            for summary in result.summaries
        ],
    }


def _print_summary(result: ImportResult) -> None:
    out = console(sys.stderr)
    verb = "would import" if result.dry_run else "imported"
    for summary in result.summaries:
        table = Table(title=Text(f"{verb}: {safe_text(summary.file)} ({summary.format})"), title_justify="left")
        for column in ("records", "created", "updated", "unchanged"):
            table.add_column(column, justify="right" if column != "records" else "left")
        for kind, tally in summary.kinds().items():
            table.add_row(kind, str(tally.created), str(tally.updated), str(tally.unchanged))
        out.print(table)
        notes = []
        if summary.matched:
            notes.append(f"{summary.matched} claim(s) matched an existing claim (attributions attached to it)")
        if summary.suggested:
            notes.append(f"{summary.suggested} new claim(s) linked to a possible duplicate for review")
        if summary.conflicting:
            notes.append(f"{summary.conflicting} new claim(s) worded like a stored one but with conflicting details (not merged)")
        if summary.links_within_merged:
            notes.append(f"{summary.links_within_merged} link(s) not stored: both their claims were merged into one")
        if summary.sources_matched:
            notes.append(f"{summary.sources_matched} source name(s) resolved to existing sources")
        if summary.rejected:
            notes.append(f"{summary.rejected} record(s) rejected")
        for note in notes:
            out.print(Text(note))
        for suggestion in summary.suggestions[:10]:
            verb_match = {"same": "merged into", "auto": "merged into", "conflict": "conflicts with"}.get(
                suggestion.decision, "possible duplicate of"
            )
            line = f"  line {suggestion.line}: {suggestion.claim_key} {verb_match} {suggestion.existing_key} (similarity {suggestion.score:.0f})"
            if suggestion.conflicts:
                line += "; differs in: " + "; ".join(suggestion.conflicts)
            out.print(Text(safe_text(line)))
        if summary.empty:
            out.print(Text(f"{safe_text(summary.file)}: no records in the file, nothing to import"))
        elif not summary.changed and not summary.rejected:
            out.print(Text(f"{safe_text(summary.file)}: nothing to change (already imported)"))
    if result.rejects_path is not None:
        out.print(Text(f"rejected records: {result.rejected}, written to {safe_text(str(result.rejects_path))}"))
    if result.dry_run:
        out.print("dry run: nothing was written")
