"""The dossier view model: built once by ``get_dossier``, laid out by the CLI, the TUI and the case file.

What a dossier says (stance order and headings, the words for grades, credibility, modes and
relations, what each review event changed) is decided in ``review.dossier``; these tests
check it there, then check that each of the three renderers shows exactly those words.
"""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from support import SAMPLE_FILE

from workbench.cli.dossier import dossier_lines
from workbench.db.engine import Database
from workbench.formats.casefile import md, render_case_file
from workbench.importing.pipeline import import_file
from workbench.records import ClaimDossier
from workbench.review import attributions, claims, links, undo
from workbench.review.dossier import get_dossier
from workbench.tui.widgets.detail import render_dossier

WITHDRAWAL = "claim-russia-withdrawing-ne-syria"


def _reviewed(database: Database) -> ClaimDossier:
    """The withdrawal claim after a verdict, a note, a denial, a merge and its undo."""
    with database.writing() as session:
        claims.set_verdict(session, "alice", WITHDRAWAL, "mostly_accurate", "AP saw the base")
        claims.add_note(session, "alice", WITHDRAWAL, "Asked the MoD\nno answer yet")
        attributions.add_attribution(session, "alice", WITHDRAWAL, "Russian government", "denies", mode="official_statement")
        duplicate = claims.add_claim(session, "alice", "Russia is pulling out of the northeast", tags=["dup"])
        links.merge_claims(session, "alice", WITHDRAWAL, duplicate.id, "same withdrawal")
    with database.writing() as session:
        undo.undo_last(session, "alice")
    with database.reading() as session:
        return get_dossier(session, WITHDRAWAL)


def test_attributions_are_grouped_by_stance_in_the_vocabulary_order(sample_database: Database) -> None:
    dossier = _reviewed(sample_database)
    assert [g.heading for g in dossier.by_stance] == ["Asserts", "Denies", "No statement"]
    assert [g.stance for g in dossier.by_stance] == ["asserts", "denies", "no_statement"]
    order = ["asserts", "denies", "no_statement", "declined_to_comment"]
    expected = sorted(dossier.attributions, key=lambda a: order.index(a.stance))  # stable: by id within a stance
    assert [a.id for g in dossier.by_stance for a in g.attributions] == [a.id for a in expected]
    assert len(expected) == 5


def test_a_silence_shows_no_mode_and_no_certainty_anywhere(sample_database: Database) -> None:
    """Saying nothing has no mode: the stored default (paraphrase) and certainty (stated) of a
    "no statement" are not words anyone said, so no renderer shows them."""
    with sample_database.reading() as session:
        dossier = get_dossier(session, WITHDRAWAL)
    (silence,) = next(g for g in dossier.by_stance if g.stance == "no_statement").attributions
    assert (silence.mode_label, silence.certainty_label) == (None, None)
    cli = "\n".join(dossier_lines(dossier))
    silence_line = next(line for line in cli.splitlines() if line.startswith(f"  #{silence.id} "))
    assert silence_line.endswith(f"credibility {silence.credibility_label}")
    tui = _tui_text(dossier)
    facts = next(line for line in tui.splitlines() if line.strip().endswith(f"#{silence.id}"))
    assert facts.strip() == f"credibility {silence.credibility_label} · as of 2026-01-27  #{silence.id}"
    casefile = render_case_file(dossier)
    section = casefile.split(f"#### #{silence.id} ", 1)[1].split("####", 1)[0]
    assert "**Mode:**" not in section and "**Certainty:**" not in section


def test_attribution_views_carry_the_vocabulary_in_words(sample_database: Database) -> None:
    with sample_database.reading() as session:
        dossier = get_dossier(session, WITHDRAWAL)
    ap = dossier.by_stance[0].attributions[0]
    assert (ap.source_name, ap.source_kind_label) == ("Associated Press", "media outlet")
    assert (ap.grade_label, ap.credibility_label, ap.mode_label) == ("B (usually reliable)", "2 (probably true)", "own observation")
    assert ap.document is not None and ap.document.published is not None
    ahmed = next(a for a in dossier.by_stance[0].attributions if a.source_name == "Ahmed Ali")
    assert ahmed.affiliation == "Syrian Democratic Forces"
    assert dossier.summary == "corroborated · awaiting: Russian government (as of 2026-01-27)"
    assert dossier.explanation[0].startswith("Status: corroborated.")


def test_links_are_seen_from_the_claim(sample_database: Database) -> None:
    with sample_database.reading() as session:
        dossier = get_dossier(session, "claim-equipment-left-by-cargo-plane")
    outgoing = [link for link in dossier.linked if link.outgoing]
    incoming = [link for link in dossier.linked if not link.outgoing]
    assert outgoing and incoming
    assert {link.relation_label for link in dossier.linked} <= {"duplicate of", "contradicts", "supports", "refines"}
    assert all(link.note for link in dossier.linked)


def test_history_entries_say_what_each_event_changed(sample_database: Database) -> None:
    dossier = _reviewed(sample_database)
    by_action = {entry.action: entry for entry in dossier.entries}
    assert by_action["verdict set"].change == "unreviewed → mostly_accurate"
    assert by_action["note"].is_note and by_action["note"].reason == "Asked the MoD\nno answer yet"
    denial = next(a for a in dossier.attributions if a.stance == "denies")
    assert by_action["attribution added"].change == f"#{denial.id} (denies)"
    assert by_action["duplicate merged in"].change.startswith("(claim #")
    assert by_action["link added"].change.endswith(f"#{dossier.claim.id}")
    assert by_action["undo"].reason is not None and "restored from its merge" in by_action["undo"].reason
    assert [e.at for e in dossier.entries] == [e.at for e in dossier.history]  # one entry per event, oldest first


def test_an_import_update_lists_the_fields_it_changed(database: Database, tmp_path: Path) -> None:
    with database.writing() as session:
        import_file(session, SAMPLE_FILE, "tester")
    bundle = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    bundle["claims"][0]["place"] = "Qamishli"
    bundle["claims"][0]["tags"] = ["russia"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(bundle), encoding="utf-8")
    with database.writing() as session:
        import_file(session, changed, "tester")
    with database.reading() as session:
        update = get_dossier(session, WITHDRAWAL).entries[-1]
    assert update.action == "claim updated"
    assert "place: Northeast Syria → Qamishli" in update.change
    assert "tags: northeast-syria, qamishli, russia, sdf, withdrawal → russia" in update.change


def _tui_text(dossier: ClaimDossier) -> str:
    console = Console(record=True, width=400, color_system=None)
    console.print(render_dossier(dossier, dark=True))
    return console.export_text()


def test_every_renderer_says_what_the_dossier_says(sample_database: Database) -> None:
    """The CLI, the TUI pane and the case file show the same headings, labels and history words."""
    dossier = _reviewed(sample_database)
    cli = "\n".join(dossier_lines(dossier))
    tui = _tui_text(dossier)
    casefile = render_case_file(dossier)
    for group in dossier.by_stance:
        assert f"{group.heading} ({len(group.attributions)})" in cli
        assert f"{group.heading} ({len(group.attributions)})" in tui
        assert f"### {group.heading} ({len(group.attributions)})" in casefile
        for a in group.attributions:
            for label in (a.grade_label, a.credibility_label, a.mode_label, a.certainty_label):
                if label is not None:
                    assert label in cli and label in tui and label in casefile, label
    for link in dossier.linked:
        assert link.relation_label in cli and link.relation_label in tui and link.relation_label in casefile
        assert link.note is not None
        assert link.note in cli and link.note in tui and md(link.note) in casefile
    for entry in dossier.entries:
        assert f": {entry.action}" in cli and f"  {entry.action}" in tui and f"| {md(entry.action)} |" in casefile
        if entry.change:
            assert entry.change in cli and entry.change in tui and md(entry.change) in casefile
    assert dossier.summary in cli and f"**{md(dossier.summary)}**" in casefile
    assert dossier.reason in tui
    for line in dossier.explanation:
        assert f"  {line}" in cli and f"    {line}" in casefile
