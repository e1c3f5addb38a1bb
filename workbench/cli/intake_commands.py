"""``workbench intake FILE``: from a news article to candidate claims, reviewed before they are stored."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.common import Context, handle_errors, parse_date, pass_context
from workbench.cli.output import console, counted, emit_json
from workbench.config import resolve_db_url, sqlite_file
from workbench.importing.intake_bundle import Decisions, build_bundle
from workbench.importing.intake_plan import IntakePlan, ProposedAttribution, plan_intake
from workbench.intake import Intake, intake_file
from workbench.intake.reading import ArticleOverrides
from workbench.text_safety import safe_text


@click.command("intake")
@click.argument("file")
@click.option("--outlet", help="Who published it, when the file does not say (or says it wrongly).")
@click.option("--published", metavar="YYYY-MM-DD", help="When it was published (the date silences are observed on).")
@click.option("--url", help="Where it was published.")
@click.option("--title", help="Its headline.")
@click.option("--format", "file_format", type=click.Choice(["text", "markdown", "html"]), help="How to read FILE (default: by its name, else its content).")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as an interchange document (for `workbench import -`); store nothing.")
@click.option("--accept-all", is_flag=True, help="Store every new candidate as proposed, in one transaction, with review events.")
@click.option("--review", "review_screen", is_flag=True, help="Open the review screen on the article: accept, edit, reject, merge, then commit.")
@pass_context
@handle_errors
def intake_command(
    context: Context,
    file: str,
    outlet: str | None,
    published: str | None,
    url: str | None,
    title: str | None,
    file_format: str | None,
    as_json: bool,
    accept_all: bool,
    review_screen: bool,
) -> None:
    """Read a news article (text, Markdown or a saved web page; '-' for stdin) and propose claims.

    Each candidate claim comes with who asserts or denies it (the source resolved against the
    database, or a new one proposed; an ambiguous name is shown, never guessed), the mode,
    certainty, relay and the quote anchored in the article. Silences ("did not respond",
    "declined to comment") are proposed for the claims they concern. Running it again on the
    same article proposes only what is not stored yet. Without an option nothing is stored;
    --accept-all and --review create the database if there is none yet, as import does.

    Example: workbench intake story.html --outlet "Associated Press" --json | workbench import -
    """
    if sum((as_json, accept_all, review_screen)) > 1:
        raise click.UsageError("choose one of --json, --accept-all and --review")
    overrides = ArticleOverrides(outlet=outlet, published=parse_date(published, "--published"), url=url, title=title)
    intake = intake_file(file, overrides=overrides, format=file_format)  # bad input: one line, before any database
    name = "stdin" if file == "-" else Path(file).name
    if review_screen:
        from workbench.tui import run_tui

        # Storing an article may start a desk, as an import may (the line says it was created).
        run_tui(context.database(create=True), context.reviewer, intake=(intake, name))
        return
    if not accept_all and not _database_exists(context.db):
        plan = plan_intake(None, intake, name)  # no database yet: every source is new, nothing stored
    else:
        with context.database(create=accept_all).reading() as session:
            plan = plan_intake(session, intake, name)
    _warn_about_outlet(context, intake)
    if as_json:
        bundle = build_bundle(plan, Decisions.accept_all(plan))
        emit_json(bundle.data)
        _report_skipped(context, bundle.skipped)
        context.diagnose(_proposed(plan) + "; nothing stored")
        return
    if accept_all:
        _store_all(context, plan)
        return
    print_plan(plan)
    context.diagnose(_proposed(plan) + "; nothing stored: review them with --review, or store them with --accept-all")


def _store_all(context: Context, plan: IntakePlan) -> None:
    from workbench.importing.intake_commit import commit_intake

    committed = context.database().write(lambda session: commit_intake(session, context.reviewer, plan, Decisions.accept_all(plan)))
    _report_skipped(context, committed.bundle.skipped)
    summary = committed.summary
    if summary is None:
        context.diagnose(_proposed(plan) + "; nothing new to store")
        return
    parts = [f"{counted(tally.created, kind)} created" for kind, tally in summary.kinds().items() if tally.created]
    if summary.documents.updated:
        parts.append("the document's text updated (its quotes re-anchored)")
    if summary.matched:
        parts.append(f"{summary.matched} claim(s) joined a stored claim")
    if summary.suggested:
        parts.append(f"{summary.suggested} linked to a possible duplicate")
    context.diagnose(f"stored from {plan.name}: " + (", ".join(parts) or "nothing changed"))


def print_plan(plan: IntakePlan) -> None:
    """The candidates, claim by claim, as a reviewer reads them (stored text made safe)."""
    out = console()
    article = plan.intake.article
    document = plan.document
    where = "stored as " + document.key if document.stored_id is not None else "new: " + document.key
    if document.stored_id is not None and not document.same_text:
        where += " (a different text: it would be updated and its quotes re-anchored)"
    facts = [article.title or "(no title)", article.outlet or "(outlet unknown)", article.published.isoformat() if article.published else "(no date)"]
    out.print(safe_text(" · ".join(facts)))
    out.print(safe_text(f"document {where}"))
    for claim in plan.claims:
        state = "stored" if claim.is_stored else "new"
        if claim.kind.value == "plan":
            state += ", a plan"  # stored as a plan: forecasts confirm it
        out.print()
        out.print(safe_text(f"#{claim.index} [{state}] {claim.text}"))
        for attribution in claim.attributions:
            out.print(safe_text("    " + _attribution_line(attribution)))
        for match in claim.matches:
            differs = f"; differs in {', '.join(match.conflicts)}" if match.conflicts else ""
            out.print(safe_text(f"    may duplicate #{match.claim_id} ({match.decision}, {match.score:.0f}{differs}): {match.text}"))
    for silence in plan.silences:
        state = "stored" if silence.is_stored else "new"
        about = ", ".join(f"#{i}" for i in silence.applies_to) or "none found"
        out.print()
        out.print(safe_text(f"silence {silence.index} [{state}] {_attribution_line(silence.attribution)}"))
        out.print(safe_text(f"    about: {silence.topic or '(not said)'}; suggested for claims {about}"))


def _attribution_line(attribution: ProposedAttribution) -> str:
    candidate = attribution.candidate
    how = [candidate.mode.value.replace("_", " ")]
    if candidate.certainty.value != "stated":
        cues = ", ".join(repr(cue.cue) for cue in candidate.certainty_cues[:3])
        how.append(f"{candidate.certainty.value}, inferred" + (f" from {cues}" if cues else ""))
    if attribution.relay is not None:
        how.append(f"relayed via {attribution.relay.label}")
    if candidate.observed_on is not None and candidate.stance.is_silence:
        how.append(f"as of {candidate.observed_on.isoformat()}")
    stored = " [stored]" if attribution.stored_id is not None else ""
    quote = candidate.quote if len(candidate.quote) <= 100 else candidate.quote[:99] + "…"
    return f"{attribution.source.label} {candidate.stance.value.replace('_', ' ')} ({', '.join(how)}){stored}: “{quote}”"


def _proposed(plan: IntakePlan) -> str:
    new_claims = sum(not c.is_stored for c in plan.claims)
    new_silences = sum(not s.is_stored for s in plan.silences)
    stored = plan.stored_count
    return f"{plan.name}: {new_claims} new claim(s), {new_silences} silence(s)" + (f", {stored} already stored" if stored else "")


def _report_skipped(context: Context, skipped: tuple[str, ...]) -> None:
    for line in skipped:
        context.diagnose(f"left out: {line}")


def _warn_about_outlet(context: Context, intake: Intake) -> None:
    if not intake.article.outlet:
        context.diagnose("the article does not say who published it: give --outlet, or its own statements cannot be stored")


def _database_exists(db: str | None) -> bool:
    path = sqlite_file(resolve_db_url(db))
    return path is None or path.exists()
