"""Commands that write data out and look for duplicates: export, duplicates."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

import click

from workbench.cli.common import Context, handle_errors, output_format, output_options, pass_context
from workbench.cli.output import Format, TerminalSafeWriter, console, counted, emit_json, emit_rows
from workbench.config import resolve_db_url, sqlite_file
from workbench.errors import InvalidInput
from workbench.formats import casefile, claimreview, exporter
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS
from workbench.output_files import check_output_file, written_whole
from workbench.records import to_jsonable
from workbench.review import claims
from workbench.text_safety import safe_text

if TYPE_CHECKING:  # Rich's progress bar loads only when ``duplicates`` draws one
    from rich.progress import TaskID

    from workbench.matching.dedup import NearDuplicate

FORMATS = ("json", "jsonl", "csv", "claimreview", "casefile")
_BY_EXTENSION = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".jsonld": "claimreview", ".md": "casefile"}


@click.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (default stdout).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="json (default), jsonl, csv, claimreview (schema.org JSON-LD) or casefile (Markdown). "
    "Default: from the --output extension (.json .jsonl .csv .jsonld .md), else json.",
)
@click.option("--claim", "claim_refs", multiple=True, metavar="CLAIM", help="casefile: the claim (id or key). claimreview: only these claims (repeat).")
@click.option("--publisher", metavar="NAME", help=f"claimreview: the organization publishing the reviews. Default: ${claimreview.PUBLISHER_ENV}, else {claimreview.DEFAULT_PUBLISHER!r}.")
@click.option("--base-url", metavar="URL", help=f"claimreview: review URLs are URL/CLAIM-KEY. Default: ${claimreview.BASE_URL_ENV}, else urn:workbench:claim:KEY.")
@pass_context
@handle_errors
def export_command(
    context: Context,
    output: str | None,
    fmt: str | None,
    claim_refs: tuple[str, ...],
    publisher: str | None,
    base_url: str | None,
) -> None:
    """Export the database: interchange JSON/JSONL/CSV, ClaimReview JSON-LD, or a case file.

    JSON and JSONL carry everything and import into an empty database unchanged; CSV is the
    spreadsheet layout (one attribution a row; no links). claimreview writes a JSON
    array of schema.org ClaimReview objects for claims with a verdict. casefile writes
    one claim's dossier as Markdown (claim, status and why, attributions with source grades
    and documents, links, review history).

    Example: workbench export -f claimreview --publisher "Desk" -o reviews.jsonld
    """
    fmt = fmt or (_BY_EXTENSION.get(Path(output).suffix.lower(), "json") if output else "json")
    if fmt == "casefile" and len(claim_refs) != 1:
        raise click.UsageError("a case file is for one claim: give --claim ID")
    if claim_refs and fmt not in ("casefile", "claimreview"):
        raise click.UsageError("--claim applies to the casefile and claimreview formats only")
    if output:
        # Before reading the whole database for it; never over the database itself.
        check_output_file(Path(output), database=sqlite_file(resolve_db_url(context.db)))
    database = context.database()
    with database.reading() as session, _target(output) as out:
        if fmt == "json":
            counts = exporter.write_json(session, out)
        elif fmt == "jsonl":
            counts = exporter.write_jsonl(session, out)
        elif fmt == "csv":
            counts = exporter.write_csv(session, out)
        elif fmt == "claimreview":
            ids = [claims.get_claim(session, ref).id for ref in claim_refs] if claim_refs else None
            counts = claimreview.write_claimreview(
                session, out, claimreview.resolve_publisher(publisher), claimreview.resolve_base_url(base_url), ids
            )
        else:
            counts = casefile.write_case_file(session, claim_refs[0], out)
    reviews_only = " (only claims with a verdict are reviews: `workbench verdict`)" if fmt == "claimreview" and not any(counts.values()) else ""
    context.diagnose("exported " + ", ".join(counted(n, kind) for kind, n in counts.items()) + reviews_only)


@contextmanager
def _target(output: str | None) -> Iterator[TextIO]:
    """stdout, or the file named (``output_files.written_whole``: never half a file).

    An export printed on a terminal shows control characters as visible symbols; to a pipe
    or a file it is written exact.
    """
    if not output:
        shown = TerminalSafeWriter(sys.stdout) if sys.stdout.isatty() else sys.stdout
        yield cast(TextIO, shown)  # a TextIO for the writers, which only call write()
        return
    with written_whole(Path(output), newline="") as out:
        yield out


DUPLICATE_COLUMNS = ["kind", "score", "claim_id", "other_claim_id", "details", "linked_as", "text", "other_text"]


@click.command("duplicates")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=DEFAULT_THRESHOLDS.suggest,
    show_default=True,
    help="Lowest similarity (0-100) listed as a possible duplicate.",
)
@click.option(
    "--conflict-score",
    type=click.FloatRange(0, 100),
    default=DEFAULT_THRESHOLDS.conflict,
    show_default=True,
    help="Lowest similarity listed as conflicting details (pairs worded alike whose numbers, dates, places, actors or negation differ).",
)
@click.option("--limit", type=click.IntRange(1), help="At most this many pairs of each kind.")
@click.option("--unlinked", is_flag=True, help="Leave out pairs already linked (duplicate_of, contradicts...).")
@output_options
@pass_context
@handle_errors
def duplicates_command(
    context: Context,
    min_score: float,
    conflict_score: float,
    limit: int | None,
    unlinked: bool,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Find near-duplicate claims across the database, and pairs whose details conflict.

    Claims are blocked with MinHash LSH and scored with rapidfuzz, never compared all pairs
    with all. A pair that reads alike is a possible duplicate only if its numbers, dates,
    places, actors, negation, certainty and aspect agree; otherwise it is listed apart, under conflicting
    details, with the differences, since a reviewer may want to link it as contradicts.
    Merge a duplicate with `workbench merge KEEP DROP`.

    Example: workbench duplicates --min-score 85 --json
    """
    fmt = output_format(as_json, as_csv)
    if conflict_score > min_score:
        raise InvalidInput("--conflict-score cannot be above --min-score")
    # Here, not at the top: the duplicate finder loads numpy, which no other command needs.
    from workbench.matching.dedup import duplicates_in_database

    progress = _progress_bar() if not context.quiet else None
    with context.database().reading() as session:
        try:
            result = duplicates_in_database(
                session, min_score=min_score, conflict_score=conflict_score, progress=progress
            )
        finally:
            if progress is not None:
                progress.close()
    pairs = [p for p in result.pairs if not (unlinked and p.linked_as)]
    duplicates = [p for p in pairs if p.kind == "duplicate"][:limit]
    conflicting = [p for p in pairs if p.kind == "conflicting_details"][:limit]
    context.diagnose(
        f"{result.stats.claims} claims, {result.stats.candidate_pairs} candidate pairs scored: "
        f"{len(duplicates)} possible duplicates, {len(conflicting)} with conflicting details"
    )
    if fmt is Format.JSON:
        emit_json([_pair_json(p) for p in duplicates + conflicting], jsonable=True)
    elif fmt is Format.CSV:
        emit_rows([_pair_row(p) for p in duplicates + conflicting], DUPLICATE_COLUMNS, fmt)
    else:
        columns = ["score", "claim_id", "other_claim_id", "details", "linked_as", "text", "other_text"]
        headers = {"claim_id": "claim", "other_claim_id": "other", "linked_as": "linked", "other_text": "other text"}
        out = console()
        if duplicates:
            emit_rows([_pair_row(p) for p in duplicates], columns, fmt, headers=headers | {"details": "only in one"}, title="Possible duplicates")
        else:
            out.print("No possible duplicates.")
        if conflicting:
            emit_rows([_pair_row(p) for p in conflicting], columns, fmt, headers=headers | {"details": "conflicting details"}, title="Conflicting details (not duplicates)")
        else:
            out.print("No pairs with conflicting details.")


def _pair_json(pair: NearDuplicate) -> dict[str, object]:
    """``to_jsonable(pair)``, built directly: at 100,000 claims there are some 80,000 pairs,
    and the generic walk took about 1.2 s of the command (a test holds the two equal)."""
    return {
        "kind": pair.kind,
        "claim_id": pair.claim_id,
        "other_claim_id": pair.other_claim_id,
        "score": pair.score,
        "text": pair.text,
        "other_text": pair.other_text,
        "conflicts": list(pair.conflicts),
        "extras": list(pair.extras),
        "linked_as": list(pair.linked_as),
    }


def _pair_row(pair: NearDuplicate) -> dict[str, object]:
    details = pair.conflicts if pair.kind == "conflicting_details" else pair.extras
    return to_jsonable(pair) | {"details": "; ".join(details), "linked_as": ", ".join(pair.linked_as)}


class _progress_bar:
    """A Rich progress bar on stderr for the stages of ``duplicates`` (terminal only)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(file=sys.stderr)
        self.bar = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            disable=not self.console.is_terminal,
        )
        self.tasks: dict[str, TaskID] = {}
        self.bar.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(safe_text(stage), total=total)
        self.bar.update(self.tasks[stage], completed=done, total=total)

    def close(self) -> None:
        self.bar.stop()
