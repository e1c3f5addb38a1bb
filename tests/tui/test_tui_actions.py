"""Every review action, driven from the keyboard, checked on screen and in the database."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList, Select
from tui_desk import Desk
from tui_helpers import Session, all_text, run, running

from workbench.errors import NotFound
from workbench.review import audit, claims, sources
from workbench.tui.messages import (
    ActionFailed,
    ActionUndone,
    AttributionAdded,
    ClaimsLinked,
    ClaimsMerged,
    NoteAdded,
    SaveRefused,
    SilenceRecorded,
    SourceGraded,
    VerdictSaved,
)
from workbench.tui.screens.base import FormDialog
from workbench.tui.screens.confirm import ConfirmDialog
from workbench.tui.screens.main import MainScreen
from workbench.tui.widgets.counts import CountsBar
from workbench.tui.widgets.detail import ClaimDetail
from workbench.tui.widgets.document_picker import DocumentPicker
from workbench.tui.widgets.pickers import NEW_SOURCE, SourcePicker

TUI_REVIEWER = "alice"  # running() opens the app as alice; the fixtures were built by REVIEWER


def _events(desk: Desk, claim_id: int) -> list[tuple[str, str, str | None]]:
    with desk.database.reading() as session:
        return [(e.reviewer, e.action, e.reason) for e in audit.claim_history(session, claim_id)]


def _claim(desk: Desk, claim_id: int):
    with desk.database.reading() as session:
        return claims.get_claim(session, claim_id)


async def _select_row(s: Session, claim_id: int) -> None:
    s.table.focus()
    assert s.table.select_claim(claim_id)
    await s.settle()
    assert s.app.screen.query_one(ClaimDetail).dossier.claim.id == claim_id


async def _pick_option(s: Session, options: OptionList, option_id: str) -> None:
    """Move the highlight with the keyboard to the option with this id."""
    target = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == option_id)
    while options.highlighted != target:
        await s.press("down" if (options.highlighted or 0) < target else "up")


def test_verdict_needs_a_reason_is_saved_and_can_be_undone(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("v")
            assert isinstance(s.app.screen, FormDialog)
            await s.press("down", "enter")  # "accurate" is offered first; one down is "mostly accurate"
            await s.press("enter")  # no reason yet: refused in the dialog
            assert isinstance(s.app.screen, FormDialog)
            assert "a verdict needs a reason" in all_text(s.app)
            await s.type("AP saw it")
            await s.press("enter")
            assert isinstance(s.app.screen, MainScreen)
            assert s.messages(VerdictSaved)
            row = [cell.plain for cell in s.table.get_row_at(0)]
            assert "mostly acc." in row
            assert s.app.screen.query_one(CountsBar).counts.by_verdict["mostly_accurate"] == 1
            assert "verdict set unreviewed → mostly_accurate — AP saw it" in all_text(s.app)
            assert "Verdict on #1: mostly accurate." in s.notifications()
            assert _claim(desk, desk.ids["withdraw"]).verdict == "mostly_accurate"
            assert _events(desk, desk.ids["withdraw"])[-1] == (TUI_REVIEWER, "verdict_set", "AP saw it")

            await s.press("u")
            assert s.messages(ActionUndone)
            assert "set back to unreviewed" in s.notifications()[-1]
            assert "—" in [c.plain for c in s.table.get_row_at(0)]
            assert s.app.screen.query_one(CountsBar).counts.by_verdict["mostly_accurate"] == 0
            await s.press("u")  # nothing of alice's is left to undo: refused, shown, no crash
            assert s.messages(ActionFailed)[-1].error == "nothing to undo"

        assert _claim(desk, desk.ids["withdraw"]).verdict == "unreviewed"
        actions = [a for _r, a, _why in _events(desk, desk.ids["withdraw"])]
        assert actions[-3:] == ["verdict_set", "verdict_set", "undo"]

    run(scenario)


def test_add_note(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("c")
            await s.type("ask Moscow again")
            await s.press("enter")
            assert s.messages(NoteAdded)
            assert "note — ask Moscow again" in all_text(s.app)

        assert _events(desk, desk.ids["withdraw"])[-1] == (TUI_REVIEWER, "note_added", "ask Moscow again")

    run(scenario)


def test_add_attribution_from_an_alias_changes_the_status_at_once(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["plane"])
            await s.press("a")
            await s.type("kreml")  # fuzzy: the alias "Kremlin" of the Russian government
            picker = s.app.screen.query_one(SourcePicker)
            first = picker.query_one(OptionList).get_option_at_index(0)
            assert first.id == str(desk.ids["russia"])
            await s.press("enter")
            await s.choose("#stance", "denies")
            await s.choose("#mode", "official_statement")
            s.app.screen.query_one("#quote", Input).value = "No plane landed."
            await s.press("ctrl+s")
            assert s.messages(AttributionAdded)
            row = [cell.plain for cell in s.table.get_row_at(s.table.get_row_index(str(desk.ids["plane"])))]
            assert row[0] == "◆ contested"
            assert s.app.screen.query_one(CountsBar).counts.by_status["contested"] == 2
            assert "“No plane landed.”" in all_text(s.app)

        with desk.database.reading() as session:
            dossier = claims.get_dossier(session, desk.ids["plane"])
        denial = [a for a in dossier.attributions if a.stance == "denies"]
        assert len(denial) == 1 and denial[0].source.id == desk.ids["russia"]
        assert denial[0].mode == "official_statement" and denial[0].quote == "No plane landed."

    run(scenario)


def test_add_attribution_from_a_new_source(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["empty"])
            await s.press("a")
            await s.type("Reuters desk")
            options = s.app.screen.query_one(SourcePicker).query_one(OptionList)
            await _pick_option(s, options, NEW_SOURCE)
            await s.press("enter")
            assert s.app.screen.query_one(".new-source-row").display
            await s.choose("#new-kind", "media_outlet")
            await s.choose("#new-grade", "B")
            await s.choose("#stance", "asserts")
            s.app.screen.query_one(DocumentPicker).focus_query()
            await s.type("associated press")  # the outlet's name finds its article
            await s.press("enter")
            assert "✓ “Russian forces start leaving northeast Syria”" in all_text(s.app)
            await s.press("ctrl+s")
            assert s.messages(AttributionAdded)
            assert next(c.plain for c in s.table.get_row_at(s.table.get_row_index(str(desk.ids["empty"])))) == "◐ single"

        with desk.database.reading() as session:
            source = sources.get_source(session, "Reuters desk")
            dossier = claims.get_dossier(session, desk.ids["empty"])
        assert (source.kind, source.reliability) == ("media_outlet", "B")
        assert dossier.attributions[0].source.id == source.id
        assert dossier.attributions[0].document is not None and dossier.attributions[0].document.key == "doc-ap"

    run(scenario)


def test_record_no_statement_as_of_today(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["ceasefire"])
            await s.press("s")
            await s.type("kremlin")
            await s.press("enter")
            await s.press("ctrl+s")
            assert s.messages(SilenceRecorded)
            row = [c.plain for c in s.table.get_row_at(s.table.get_row_index(str(desk.ids["ceasefire"])))]
            assert any(cell.startswith("Russian g") for cell in row)
            assert f"Awaiting: Russian government (as of {date.today().isoformat()})" in all_text(s.app)

        with desk.database.reading() as session:
            dossier = claims.get_dossier(session, desk.ids["ceasefire"])
        silence = [a for a in dossier.attributions if a.stance == "no_statement"]
        assert silence and silence[0].as_of == date.today() and silence[0].source.id == desk.ids["russia"]

    run(scenario)


def test_grade_source_recomputes_every_claim_it_touches(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await s.press("g")
            picker = s.app.screen.query_one(SourcePicker)
            # The claim's own sources come first, without typing.
            shown = [picker.query_one(OptionList).get_option_at_index(i).id for i in range(3)]
            assert shown == [str(desk.ids["ap"]), str(desk.ids["ali"]), str(desk.ids["russia"])]
            await s.press("enter")  # Associated Press; the grade opens on its grade, B
            assert s.app.screen.query_one("#grade", Select).value == "B"
            await s.choose("#grade", "E")  # unreliable: shown, never counted
            s.app.screen.query_one("#grade-reason", Input).focus()
            await s.type("fabricated quotes")
            await s.press("enter")
            assert s.messages(SourceGraded)
            rows = {key: next(c.plain for c in s.table.get_row_at(s.table.get_row_index(str(desk.ids[key]))))
                    for key in ("withdraw", "duplicate")}
            assert rows == {"withdraw": "◐ single", "duplicate": "○ unsourced"}
            assert s.app.screen.query_one(CountsBar).counts.by_status["unsourced"] == 2
            assert "graded E (unreliable)" in all_text(s.app)

        with desk.database.reading() as session:
            assert sources.get_source(session, desk.ids["ap"]).reliability == "E"

    run(scenario)


def test_link_two_claims(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["stay"])
            await s.press("l")
            await s.type("withdraw")
            await s.press("enter")
            await s.choose("#relation", "contradicts")
            await s.press("ctrl+s")
            assert s.messages(ClaimsLinked)
            assert "this claim contradicts #1: Russian forces have started to withdraw" in all_text(s.app)

        with desk.database.reading() as session:
            links = claims.get_dossier(session, desk.ids["stay"]).links
        assert [(l.relation, l.other_claim_id) for l in links] == [("contradicts", desk.ids["withdraw"])]

    run(scenario)


def test_merge_a_duplicate_into_another_claim(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["duplicate"])
            await s.press("m")
            await s.type("#2")
            await s.press("enter")  # picks #2; the focus moves to the direction
            text = all_text(s.app)
            assert "Wording similarity: 90 of 100" in text and "Conflicting details: none found." in text
            await s.press("enter")  # the first choice: this claim is the duplicate
            await s.press("ctrl+s")
            confirm = s.app.screen
            assert isinstance(confirm, ConfirmDialog) and not s.messages(ClaimsMerged)
            assert "Merge #6 into #2?" in all_text(s.app)
            await s.press("ctrl+s", "enter")  # neither confirms: Enter is on "Go back"
            assert isinstance(s.app.screen, MainScreen) and not s.messages(ClaimsMerged)
            await s.press("m")
            await s.type("#2")
            await s.press("enter", "enter", "ctrl+s", "y")
            assert s.messages(ClaimsMerged)
            assert desk.ids["duplicate"] not in s.table.claims
            assert s.app.screen.query_one(CountsBar).counts.total == 5
            row = [c.plain for c in s.table.get_row_at(s.table.get_row_index(str(desk.ids["plane"])))]
            assert row[0] == "● corroborated"  # SDF and now AP
            detail = s.app.screen.query_one(ClaimDetail).dossier
            assert detail.claim.id == desk.ids["plane"] and s.table.selected_id == desk.ids["plane"]
            assert "duplicate merged in" in all_text(s.app)

        with desk.database.reading() as session:
            with pytest.raises(NotFound):
                claims.get_claim(session, desk.ids["duplicate"])
            assert claims.get_claim(session, desk.ids["plane"]).origins == 2

    run(scenario)


def test_a_stale_save_is_refused_and_the_claim_reloaded(desk: Desk) -> None:
    """Each claim-changing action carries the version shown; a change made meanwhile refuses it."""
    claim_id = desk.ids["withdraw"]

    async def submit(s: Session, action: str) -> None:
        if action == "v":
            await s.press("enter")
            await s.type("sure")
            await s.press("enter")
        elif action == "c":
            await s.type("mine")
            await s.press("enter")
        elif action == "a":
            await s.type("mod")
            await s.press("enter")
            await s.choose("#stance", "denies")
            await s.press("ctrl+s")
        elif action == "s":
            await s.type("mod")
            await s.press("enter", "ctrl+s")
        elif action == "l":
            await s.type("#5")
            await s.press("enter")
            await s.choose("#relation", "supports")
            await s.press("ctrl+s")
        else:
            await s.type("#5")
            await s.press("enter", "enter", "ctrl+s", "y")

    async def scenario() -> None:
        async with running(desk.database) as s:
            for number, action in enumerate(["v", "c", "a", "s", "l", "m"], start=1):
                shown = s.app.screen.query_one(ClaimDetail).dossier.claim.version
                await s.press(action)
                with desk.database.writing() as session:  # another reviewer, another terminal
                    claims.add_note(session, "other-reviewer", claim_id, f"changed elsewhere {number}")
                await submit(s, action)
                assert isinstance(s.app.screen, MainScreen)
                refused = s.messages(SaveRefused)
                assert len(refused) == number and refused[-1].claim_id == claim_id, action
                warning = s.notifications()[-1]
                assert "changed by someone else" in warning and "nothing was saved" in warning
                assert "reloaded now" in warning and "reload it" not in warning  # the TUI already reloaded it
                assert s.app.screen.query_one(ClaimDetail).dossier.claim.version > shown  # reloaded
                assert f"changed elsewhere {number}" in all_text(s.app)

        reviewers_actions = [(who, what) for who, what, _why in _events(desk, claim_id)]
        assert (TUI_REVIEWER, "verdict_set") not in reviewers_actions
        assert [who for who, _what in reviewers_actions[-6:]] == ["other-reviewer"] * 6
        with desk.database.reading() as session:
            dossier = claims.get_dossier(session, claim_id)
        assert dossier.claim.verdict == "unreviewed" and len(dossier.attributions) == 3 and len(dossier.links) == 1

    run(scenario)


def test_a_refused_action_is_explained_and_nothing_saved(desk: Desk) -> None:
    async def scenario() -> None:
        async with running(desk.database) as s:
            await _select_row(s, desk.ids["plane"])
            await s.press("l")
            await s.type("#1")
            await s.press("enter")
            await s.choose("#relation", "supports")  # the fixture already links #2 supports #1
            await s.press("ctrl+s")
            assert s.messages(ActionFailed)
            assert "already linked" in s.notifications()[-1]
            await s.press("a")
            await s.type("Ahmed")
            await s.press("enter")
            await s.choose("#stance", "asserts")
            dialog = s.app.screen
            documents = dialog.query_one(DocumentPicker)
            documents.focus_query()
            await s.type("no-such-document")  # typed, and nothing picked: checked in place
            await s.press("ctrl+s")
            assert s.app.screen is dialog
            assert "A document was typed but not picked" in all_text(s.app)
            # Nothing typed is lost: the source, the stance and the text are all still there.
            assert documents.query_text == "no-such-document"
            assert dialog.query_one(SourcePicker).value is not None
            assert dialog.query_one("#stance", Select).value == "asserts"
            await s.press("escape")
            assert isinstance(s.app.screen, MainScreen)

        with desk.database.reading() as session:
            dossier = claims.get_dossier(session, desk.ids["plane"])
        assert len(dossier.links) == 1 and len(dossier.attributions) == 1

    run(scenario)
