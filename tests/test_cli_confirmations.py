"""Nothing happens by accident on the command line: undo and merge say what they will do and ask
when they must; nonsense links are refused; ids freed by an undo never come back."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import SAMPLE_FILE

from workbench.cli import cli
from workbench.config import current_origin, tui_origin
from workbench.db.engine import Database
from workbench.review import attributions, claims, links, undo
from workbench.review.undo import LastActionChanged

ENV = {"WORKBENCH_DB": None, "WORKBENCH_REVIEWER": "tester", "NO_COLOR": "1"}
REWORDED = "Russian troops have begun pulling out of their positions in the SDF-held part of northeast Syria."


def invoke(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env=ENV, input=input, catch_exceptions=False)


def ok(db: Path, *args: str, input: str | None = None) -> Result:
    result = invoke(db, *args, input=input)
    assert result.exit_code == 0, (args, result.stderr)
    return result


def from_another_terminal(db: Path, *args: str) -> None:
    """Run a command as a process in a terminal session of its own (another terminal)."""
    environment = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"} | {"WORKBENCH_REVIEWER": "tester"}
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), *args],
        capture_output=True, text=True, env=environment, timeout=60, check=False, start_new_session=True,
    )
    assert completed.returncode == 0, completed.stderr


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(map(tuple, connection.execute(f'SELECT * FROM "{name}"')), key=repr) for name in names}


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    ok(path, "-q", "import", str(SAMPLE_FILE))
    return path


# -- undo -----------------------------------------------------------------------------------


def test_undo_of_a_change_made_here_says_what_it_undoes_and_does_it(desk: Path) -> None:
    ok(desk, "note", "1", "asked the Russian MoD")
    result = ok(desk, "undo")
    lines = result.stderr.splitlines()
    assert lines[0] == "your last change: added a note to claim 1: “asked the Russian MoD”"
    assert lines[1].startswith("  claim 1: Russian forces have started to withdraw")
    assert re.fullmatch(r"  made \d{4}-\d\d-\d\d \d\d:\d\d UTC by tester, from command line on .+ \(here\)", lines[2])
    assert lines[3:] == ["  undo will retract the note", "undone: note on claim 1 retracted"]


def test_undo_asks_before_taking_back_a_change_made_in_another_terminal(desk: Path) -> None:
    from_another_terminal(desk, "attribute", "2", "Ahmed Ali", "denies")
    before = rows(desk)
    for answer in ("n\n", None):  # a no, and no terminal to ask (a script without --yes)
        refused = invoke(desk, "undo", input=answer)
        assert refused.exit_code == 1
        assert "your last change: added attribution #" in refused.stderr and "to claim 2: Ahmed Ali denies" in refused.stderr
        assert "(not in this terminal)" in refused.stderr and "Undo it? [y/N]" in refused.stderr
        assert refused.stderr.endswith("error: not confirmed; nothing was undone (answer y, or pass --yes in scripts)\n")
        assert rows(desk) == before
    confirmed = ok(desk, "undo", input="y\n")
    assert "undone: attribution #" in confirmed.stderr
    from_another_terminal(desk, "note", "2", "from elsewhere")
    assert "undone: note on claim 2 retracted" in ok(desk, "undo", "--yes").stderr


def test_undo_asks_before_going_past_a_newer_change_it_cannot_take_back(desk: Path, tmp_path: Path) -> None:
    """Re-anchored quotes stay when undo takes back the verdict before them: even in the same
    terminal, the reviewer says yes first (they may have meant the re-anchoring)."""
    ok(desk, "verdict", "1", "accurate", "--reason", "AP saw the base")
    corrected = tmp_path / "corrected.txt"
    corrected.write_text("The article was taken down.", encoding="utf-8")
    ok(desk, "documents", "update", "doc-ap-qamishli-2026-01-27", "--text", str(corrected))
    before = rows(desk)
    for answer in ("n\n", None, "\n"):  # a no, no terminal to ask, and Enter (the default is no)
        refused = invoke(desk, "undo", input=answer)
        assert refused.exit_code == 1, refused.stderr
        assert "(newer, which undo does not take back: quote reanchored (" in refused.stderr
        assert "(here)" in refused.stderr and "Undo it, leaving the newer changes as they are? [y/N]" in refused.stderr
        assert refused.stderr.endswith("error: not confirmed; nothing was undone (answer y, or pass --yes in scripts)\n")
        assert rows(desk) == before
    confirmed = ok(desk, "undo", input="y\n")
    assert "undone: verdict on claim 1 set back to unreviewed" in confirmed.stderr, confirmed.stderr


def test_last_action_record_and_where_is_here(tmp_path: Path) -> None:
    """The TUI asks about anything not done in its own session; a command, about anything not
    done in its terminal (the TUI run in that terminal included)."""
    path = tmp_path / "desk.db"
    ok(path, "-q", "import", str(SAMPLE_FILE))
    first_run, second_run = Database(f"sqlite:///{path}", origin=tui_origin()), Database(f"sqlite:///{path}", origin=tui_origin())
    command_line = Database(f"sqlite:///{path}", origin=current_origin())
    try:
        with first_run.writing() as session:
            claims.set_verdict(session, "ann", 3, "accurate", "seen")
        with first_run.reading() as session:
            last = undo.describe_last_action(session, "ann")
        assert last is not None and last.made_here
        assert (last.action, last.claim_id, last.reviewer) == ("verdict_set", 3, "ann")
        assert last.done == "set the verdict on claim 3 to accurate (it was unreviewed)" and last.undo == "set it back to unreviewed"
        assert last.origin is not None and last.origin.startswith("review TUI on ")
        with second_run.reading() as session:
            assert not undo.describe_last_action(session, "ann").made_here  # type: ignore[union-attr]  # found just above
        with command_line.reading() as session:
            assert undo.describe_last_action(session, "ann").made_here  # type: ignore[union-attr]  # same terminal
            assert undo.describe_last_action(session, "nobody") is None
    finally:
        for database in (first_run, second_run, command_line):
            database.dispose()


def test_undo_refuses_when_the_last_action_changed_after_it_was_described(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.add_note(session, "ann", 1, "first")
    with sample_database.reading() as session:
        described = undo.describe_last_action(session, "ann")
    assert described is not None
    with sample_database.writing() as session:
        claims.add_note(session, "ann", 1, "second, from another window")
    with pytest.raises(LastActionChanged) as refused:
        with sample_database.writing() as session:
            undo.undo_last(session, "ann", expected_event_id=described.event_id)
    assert refused.value.exit_code == 4
    with sample_database.reading() as session:
        assert [e.reason for e in claims.get_dossier(session, 1).history][-2:] == ["first", "second, from another window"]


def test_ids_freed_by_undo_are_never_handed_out_again_through_the_cli(desk: Path) -> None:
    """The issue's steps: attribute, undo, attribute gave both attributions the same id."""
    first = ok(desk, "attribute", "2", "Ahmed Ali", "denies").stderr
    ok(desk, "undo")
    second = ok(desk, "attribute", "2", "AP", "asserts").stderr
    first_id, second_id = (int(re.search(r"attribution #(\d+)", text).group(1)) for text in (first, second))  # type: ignore[union-attr]  # the value is known to be present here; the assertion fails loudly if not
    assert second_id > first_id
    with sqlite3.connect(desk) as connection:
        named = connection.execute(
            "SELECT DISTINCT entity_id FROM review_events WHERE entity_type = 'attribution' AND entity_id = ?", (first_id,)
        ).fetchall()
        assert named == [(first_id,)]
        assert connection.execute("SELECT count(*) FROM attributions WHERE id = ?", (first_id,)).fetchone() == (0,)


# -- merge ----------------------------------------------------------------------------------


def test_merge_of_nonsense_shows_the_differences_and_asks(desk: Path) -> None:
    before = rows(desk)
    for answer in ("n\n", None):
        refused = invoke(desk, "merge", "1", "7", input=answer)
        assert refused.exit_code == 1
        text = refused.stderr
        assert "merge claim 7 into claim 1:" in text
        assert "  similarity 51 of 100 (possible duplicates score 80 or more, 65 when their names and numbers all agree)" in text
        assert "conflicting details: negation: only the second claim is negated ('not')" in text
        assert "these do not look like the same claim" in text
        assert "Merge claim 7 into claim 1? [y/N]" in text
        assert text.endswith("error: not confirmed; nothing was merged (answer y, or pass --yes in scripts)\n")
        assert rows(desk) == before


def test_merge_of_a_rewording_merges_once_confirmed(desk: Path) -> None:
    ok(desk, "claims", "add", REWORDED)
    merged = ok(desk, "merge", "1", "26", "--reason", "same withdrawal, reworded", input="y\n")
    assert "  similarity 100 of 100" in merged.stderr and "conflicting details" not in merged.stderr
    assert "merged claim 26 into claim 1" in merged.stderr
    assert invoke(desk, "claims", "show", "26").exit_code == 3
    ok(desk, "undo")
    ok(desk, "claims", "add", "A second rewording of nothing in particular")
    scripted = ok(desk, "-q", "merge", "1", "27", "--yes")
    assert scripted.stderr == ""


def test_merge_preview_calls_a_pair_the_import_would_suggest_a_possible_duplicate(desk: Path) -> None:
    """Scored 75, but the names and the number agree: the import suggests the pair, so the
    merge preview must not say they do not look like the same claim."""
    ok(desk, "claims", "add", "Turkish forces damaged 36 percent of the homes in Eltal on Wednesday, local officials said.")
    ok(desk, "claims", "add", "Turkish forces damaegd 36 percent of the dwellings in Eltal on Wednesday, local authorities said.")
    asked = invoke(desk, "merge", "26", "27", input="n\n")
    assert asked.exit_code == 1 and "  similarity 75 of 100" in asked.stderr
    assert "do not look like the same claim" not in asked.stderr
    unrelated = invoke(desk, "merge", "26", "1", input="n\n")
    assert "these do not look like the same claim" in unrelated.stderr


def test_merge_preview_names_conflicting_fields(sample_database: Database) -> None:
    with sample_database.writing() as session:
        first = claims.add_claim(session, "ann", "The convoy left the base", place="Qamishli")
        second = claims.add_claim(session, "ann", "The convoy left the base", place="Hasakah")
        claims.set_verdict(session, "ann", first.id, "accurate", "seen")
        claims.set_verdict(session, "ann", second.id, "false", "not seen")
    with sample_database.reading() as session:
        preview = links.preview_merge(session, first.id, second.id)
    assert preview.similarity == 100
    assert preview.conflicts == (
        f"place: Qamishli (claim {first.id}) vs Hasakah (claim {second.id})",
        f"verdict: accurate (claim {first.id}) vs false (claim {second.id})",
    )
    assert not preview.looks_like_duplicate


# -- link -----------------------------------------------------------------------------------

NONSENSE_LINKS = [
    (("5", "1", "refines"), "claim 5 is already linked to claim 1 as refines; nothing was linked"),
    (("1", "5", "refines"), "claim 5 is already linked to claim 1 as refines, and the reverse link would make a loop; nothing was linked"),
    (("1", "2", "contradicts"), "claim 2 is already linked to claim 1 as supports, which a contradicts link would contradict; nothing was linked"),
    (("1", "1", "supports"), "a claim cannot be linked to itself"),
    (("1", "99", "supports"), "no claim '99' (give an id or a key; see `workbench claims list`)"),
]


@pytest.mark.parametrize(("args", "message"), NONSENSE_LINKS, ids=[" ".join(a) for a, _ in NONSENSE_LINKS])
def test_nonsense_links_are_refused_cleanly(desk: Path, args: tuple[str, ...], message: str) -> None:
    before = rows(desk)
    result = invoke(desk, "link", *args)
    assert result.exit_code in (2, 3)
    assert result.stderr == f"error: {message}\n" and result.stdout == ""
    assert rows(desk) == before


def test_reverse_contradiction_is_refused_but_mutual_support_is_allowed(desk: Path) -> None:
    ok(desk, "link", "7", "8", "contradicts")
    reverse = invoke(desk, "link", "8", "7", "contradicts")
    assert reverse.exit_code == 2 and "the reverse link says the same" in reverse.stderr
    assert "claim 1 supports claim 2" in ok(desk, "link", "1", "2", "supports").stderr


def test_attribution_ids_after_an_undone_merge_are_not_reused(sample_database: Database) -> None:
    with sample_database.writing() as session:
        added = attributions.add_attribution(session, "ann", 3, "AP", "asserts")
        claim = claims.add_claim(session, "ann", "Merged away")
        links.merge_claims(session, "ann", 1, claim.id)
    with sample_database.writing() as session:
        undo.undo_last(session, "ann")  # the merge
        undo.undo_last(session, "ann")  # the claim's creation is not undoable; the attribution is
    with sample_database.writing() as session:
        again = attributions.add_attribution(session, "ann", 3, "Ahmed Ali", "asserts")
        later = claims.add_claim(session, "ann", "Added after the undo")
    assert again.id > added.id and later.id > claim.id
