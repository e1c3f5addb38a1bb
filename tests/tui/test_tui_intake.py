"""The intake screen, driven from the keyboard: accept, edit, reject, merge, choose a source and
a silence's claims, store in one transaction; every dialog's "nothing chosen" path changes
nothing; hostile article text stays inert; a bad file is one message and nothing stored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import func, select
from textual.message import Message
from textual.widgets import Input, OptionList, SelectionList
from tui_desk import Desk
from tui_helpers import Session, all_text, assert_terminal_safe, run, running, screen_text

from workbench.db.models import Attribution, Claim, ReviewEvent
from workbench.intake import intake_bytes, intake_file
from workbench.review import claims, sources
from workbench.tui import make_app
from workbench.tui.messages import ActionUndone
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.intake import IntakeScreen
from workbench.tui.screens.intake_dialogs import (
    ArticleFileDialog,
    CertaintyDialog,
    ChooseSourceDialog,
    EditClaimDialog,
    LeaveDialog,
    MergeIntoDialog,
    SilenceClaimsDialog,
    StoreDialog,
)
from workbench.tui.screens.main import MainScreen

CORPUS = Path(__file__).resolve().parents[1] / "intake_corpus"
DAM_TALKS = CORPUS / "dam-talks.txt"


@asynccontextmanager
async def reviewing(desk: Desk, path: Path = DAM_TALKS, *, size: tuple[int, int] = (160, 45), data: bytes | None = None) -> AsyncIterator[Session]:
    """The app opened on an article's intake screen (as ``workbench intake FILE --review`` does)."""
    intake = intake_bytes(data, name="hostile.txt") if data is not None else intake_file(path)
    seen: list[Message] = []
    app = make_app(desk.database, "alice", intake=(intake, path.name if data is None else "hostile.txt"))
    async with app.run_test(size=size, message_hook=seen.append) as pilot:
        session = Session(app, pilot, seen)
        await session.settle()
        assert isinstance(app.screen, IntakeScreen)
        yield session


def _screen(s: Session) -> IntakeScreen:
    screen = s.app.screen_stack[-1]
    assert isinstance(screen, IntakeScreen)
    return screen


def _count(desk: Desk, statement) -> int:  # type: ignore[no-untyped-def]  # any scalar select
    with desk.database.reading() as session:
        return int(session.scalar(statement) or 0)


def _claims(desk: Desk) -> int:
    return _count(desk, select(func.count()).select_from(Claim))


def test_accept_reject_and_store_in_one_transaction_with_review_events(desk: Desk) -> None:
    before = _claims(desk)

    async def scenario() -> None:
        async with reviewing(desk) as s:
            screen = _screen(s)
            assert len(screen.items) == 14 and "dam-talks.txt" in all_text(s.app)
            await s.press("a", "x", "a")  # accept #0, reject #1, accept #2
            states = [screen.decisions.claims[item.claim.index].state for item in screen.items[:3] if item.claim]
            assert states == ["accepted", "rejected", "accepted"]
            await s.press("ctrl+s")
            assert isinstance(s.app.screen, StoreDialog)
            await s.press("ctrl+s")
            assert isinstance(s.app.screen, MainScreen)
            assert any("Stored 2 new claim(s)" in n for n in s.notifications())

    run(scenario)
    assert _claims(desk) == before + 2
    reasons = {r for r in _scalars(desk, select(ReviewEvent.reason).where(ReviewEvent.action == "claim_added"))}
    assert "import from dam-talks.txt (intake)" in reasons


def _scalars(desk: Desk, statement) -> list:  # type: ignore[no-untyped-def, type-arg]  # any select
    with desk.database.reading() as session:
        return list(session.scalars(statement))


def test_every_dialog_cancelled_changes_nothing(desk: Desk) -> None:
    before = _claims(desk)

    async def scenario() -> None:
        async with reviewing(desk) as s:
            screen = _screen(s)
            first = screen.items[0].claim
            assert first is not None
            for key, dialog in (("e", EditClaimDialog), ("m", MergeIntoDialog), ("o", ChooseSourceDialog)):
                await s.press(key)
                assert isinstance(s.app.screen, dialog), key
                await s.press("escape")
                assert s.app.screen is screen
            decision = screen.decisions.claims[first.index]
            assert (decision.state, decision.text, decision.merge_into, screen.decisions.sources) == ("pending", None, None, {})
            silence = next(i for i, item in enumerate(screen.items) if item.silence is not None)
            options = screen.query_one("#intake-candidates", OptionList)
            options.highlighted = silence
            await s.settle()
            item = screen.items[silence]
            assert item.silence is not None
            chosen = set(screen.decisions.silences[item.silence.index].claims)
            await s.press("c")
            assert isinstance(s.app.screen, SilenceClaimsDialog)
            await s.press("space", "escape")  # a tick, then cancelled: the tick is not kept
            assert screen.decisions.silences[item.silence.index].claims == chosen
            options.highlighted = 0
            await s.press("a", "ctrl+s")
            assert isinstance(s.app.screen, StoreDialog)
            await s.press("escape")  # not stored
            await s.press("escape")  # leave: something accepted, so it asks
            assert isinstance(s.app.screen, LeaveDialog)
            await s.press("escape")
            assert s.app.screen is screen
            await s.press("q")
            await s.press("ctrl+s")  # leave without storing
            assert isinstance(s.app.screen, MainScreen)

    run(scenario)
    assert _claims(desk) == before


def test_an_edited_claim_is_stored_in_the_reviewers_words(desk: Desk) -> None:
    async def scenario() -> None:
        async with reviewing(desk) as s:
            await s.press("e")
            field = s.app.screen.query_one("#claim-text", Input)
            field.value = ""
            await s.type("Egypt, Sudan and Ethiopia will resume the dam talks")
            await s.press("enter")
            assert "(accepted, edited)" in all_text(s.app)
            await s.press("ctrl+s", "ctrl+s")
            assert isinstance(s.app.screen, MainScreen), s.notifications()

    run(scenario)
    stored = _scalars(desk, select(Claim.text))
    assert "Egypt, Sudan and Ethiopia will resume the dam talks" in stored, stored


def test_merge_into_a_stored_claim_adds_attributions_and_keeps_its_verdict(desk: Desk) -> None:
    target_id = desk.ids["plane"]
    with desk.database.writing() as session:
        claims.set_verdict(session, "tester", target_id, "accurate", "seen")
    before = _claims(desk)
    attributions_before = _count(desk, select(func.count()).select_from(Attribution).where(Attribution.claim_id == target_id))

    async def scenario() -> None:
        async with reviewing(desk) as s:
            await s.press("m")
            dialog = s.app.screen
            assert isinstance(dialog, MergeIntoDialog)
            search = dialog.query_one("#merge-search").query_one(Input)
            search.focus()
            await s.type(f"#{target_id}")
            await s.press("enter")  # picks the claim found
            await s.press("ctrl+s")
            assert f"merged into #{target_id}" in all_text(s.app)
            await s.press("ctrl+s", "ctrl+s")

    run(scenario)
    assert _claims(desk) == before
    with desk.database.reading() as session:
        assert claims.get_claim(session, target_id).verdict == "accurate"
    assert _count(desk, select(func.count()).select_from(Attribution).where(Attribution.claim_id == target_id)) > attributions_before


def test_a_silence_is_stored_on_the_claims_the_reviewer_chose(desk: Desk) -> None:
    async def scenario() -> None:
        async with reviewing(desk) as s:
            screen = _screen(s)
            index = next(i for i, item in enumerate(screen.items) if item.silence is not None)
            silence = screen.items[index].silence
            assert silence is not None
            screen.query_one("#intake-candidates", OptionList).highlighted = index
            await s.settle()
            await s.press("c")
            selection = s.app.screen.query_one(SelectionList)
            selection.deselect_all()
            selection.select(0)  # the first claim only
            await s.press("ctrl+s")
            assert screen.decisions.silences[silence.index].claims == {0}
            await s.press("a")  # accept the silence
            screen.query_one("#intake-candidates", OptionList).highlighted = 0
            await s.press("a", "ctrl+s", "ctrl+s")

    run(scenario)
    stances = _scalars(desk, select(Attribution.stance).join(Claim, Claim.id == Attribution.claim_id).where(Claim.text.like("Egypt, Sudan and Ethiopia are expected%")))
    assert sorted(stances) == ["asserts", "declined_to_comment"] or sorted(stances) == ["asserts", "no_statement"]


def test_an_ambiguous_source_is_shown_and_chosen_never_guessed(desk: Desk) -> None:
    with desk.database.writing() as session:
        sources.add_source(session, "tester", "Nile Wire", kind="media_outlet", key="src-nile-wire-1")
        sources.add_source(session, "tester", "Nile Wire", kind="media_outlet", key="src-nile-wire-2")

    async def scenario() -> None:
        async with reviewing(desk) as s:
            screen = _screen(s)
            outlet = next(i for i, item in enumerate(screen.items) if any(a.source.outcome == "ambiguous" for a in item.attributions))
            screen.query_one("#intake-candidates", OptionList).highlighted = outlet
            await s.settle()
            assert "ambiguous" in all_text(s.app) and "o to choose" in all_text(s.app)
            await s.press("o")
            assert isinstance(s.app.screen, ChooseSourceDialog)
            await s.type("Nile Wire")
            await s.press("enter", "ctrl+s")
            assert s.app.screen is screen
            chosen = screen.decisions.sources["nile wire"]
            assert chosen.outcome == "stored" and chosen.key in ("src-nile-wire-1", "src-nile-wire-2")
            assert "o to choose" not in all_text(s.app)

    run(scenario)


def test_hostile_article_text_is_shown_inert(desk: Desk) -> None:
    data = (
        "Capital Times\n\nThe mayor said [@click=app.quit]x[/] the \x1b]8;;http://evil\x1b\\bridge\x1b]8;;\x1b\\ would "
        "reopen \u202eon Monday[link=file:///etc/passwd]y[/link].\n"
    ).encode()

    async def scenario() -> None:
        async with reviewing(desk, data=data, size=(100, 30)) as s:
            assert "[@click=app.quit]x[/]" in all_text(s.app)
            assert_terminal_safe(s.pilot)

    run(scenario)


def test_the_main_screen_opens_intake_on_i_and_a_bad_file_stores_nothing(desk: Desk, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    before = _claims(desk)

    async def scenario() -> None:
        async with running(desk.database, size=(80, 24), notifications=True) as s:
            await s.press("i")
            assert isinstance(s.app.screen, ArticleFileDialog)
            await s.press("escape")  # nothing chosen
            assert isinstance(s.app.screen, MainScreen)
            await s.press("i")
            await s.press("enter")  # nothing given yet
            assert isinstance(s.app.screen, ArticleFileDialog)
            assert "Give the article's file." in all_text(s.app)
            await s.type(str(tmp_path / "missing.txt"))
            await s.press("enter")
            assert "No such file" in all_text(s.app)  # refused in the dialog
            field = s.app.screen.query_one("#article-path", Input)
            field.value = ""
            await s.type(f"{desk.database.url.database}-wal")  # refused by name, never opened
            await s.press("enter")
            assert isinstance(s.app.screen, ArticleFileDialog)
            assert "That is the database in use" in all_text(s.app)
            field.value = ""
            await s.type(str(binary))
            await s.press("enter")
            assert isinstance(s.app.screen, MainScreen)
            assert any("binary file" in n for n in s.notifications())

    run(scenario)
    assert _claims(desk) == before


def test_narrow_terminal_shows_the_article_on_t(desk: Desk) -> None:
    async def scenario() -> None:
        async with reviewing(desk, size=(80, 24)) as s:
            screen = _screen(s)
            pane = screen.query_one("#intake-article-pane")
            assert not pane.display or pane.region.width == 0 or not pane.is_on_screen
            await s.press("t")
            assert screen.query_one("#intake-article-pane").is_on_screen
            await s.press("t", "down")
            assert screen.query_one("#intake-candidates", OptionList).highlighted == 1

    run(scenario)


def test_the_reviewer_sets_a_certainty_from_the_keyboard_and_it_is_stored_as_set(desk: Desk) -> None:
    async def scenario() -> None:
        async with reviewing(desk) as s:
            screen = _screen(s)
            hedged = next(i for i, item in enumerate(screen.items) if item.claim is not None and item.claim.text.startswith("Egypt has reportedly"))
            screen.query_one("#intake-candidates", OptionList).highlighted = hedged
            await s.settle()
            assert "hedged (inferred: reportedly)" in all_text(s.app)
            await s.press("h")
            assert isinstance(s.app.screen, CertaintyDialog)
            await s.press("escape")  # cancelled: nothing set
            assert screen.decisions.certainties == {}
            await s.press("h", "ctrl+s")  # saved as it opened: nothing chosen, so nothing set
            assert isinstance(s.app.screen, CertaintyDialog)
            assert "Nothing changed" in all_text(s.app)
            await s.press("escape")
            assert screen.decisions.certainties == {}
            assert "hedged (inferred: reportedly)" in all_text(s.app)
            await s.press("h", "enter", "up", "enter", "ctrl+s")  # hedged -> stated
            assert s.app.screen is screen
            assert "stated (set by you)" in all_text(s.app)
            await s.press("a", "ctrl+s", "ctrl+s")
            assert isinstance(s.app.screen, MainScreen), s.notifications()

    run(scenario)
    with desk.database.reading() as session:
        stored = session.execute(
            select(Attribution.certainty, Attribution.certainty_inferred)
            .join(Claim, Claim.id == Attribution.claim_id)
            .where(Claim.text.like("Egypt has reportedly%"))
        ).all()
    assert [tuple(row) for row in stored] == [("stated", False)]


def test_u_after_storing_undoes_the_whole_intake_without_asking(desk: Desk) -> None:
    before = _claims(desk)
    attributions_before = _count(desk, select(func.count()).select_from(Attribution))

    async def scenario() -> None:
        async with reviewing(desk) as s:
            await s.press("a", "a", "ctrl+s", "ctrl+s")
            assert isinstance(s.app.screen, MainScreen), s.notifications()
            assert _claims(desk) == before + 2
            await s.press("u")
            assert isinstance(s.app.screen, MainScreen)  # made in this session: not asked
            [undone] = s.messages(ActionUndone)
            assert "intake of 'Talks on Nile dam could resume next week, diplomats say': 2 claims" in undone.description

    run(scenario)
    assert _claims(desk) == before
    assert _count(desk, select(func.count()).select_from(Attribution)) == attributions_before


def test_at_80_columns_every_intake_key_shows_store_and_back_included(desk: Desk) -> None:
    """Textual's one-line footer cut the bar at 80 columns after "Accept rest": a new user saw
    no way to store the accepted claims or to go back."""
    async def scenario() -> None:
        async with reviewing(desk, size=(80, 24)) as s:
            lines = screen_text(s.pilot).splitlines()[-2:]
            for key in ("a Accept", "x Reject", "A Accept rest", "^s Store", "t Article", "esc Back", "^p palette"):
                assert sum(line.count(key) for line in lines) == 1, (key, lines)

    run(scenario)


def test_question_mark_explains_the_intake_keys(desk: Desk) -> None:
    """``?`` did nothing on the intake screen: its keys' explanations were nowhere to be read."""
    async def scenario() -> None:
        async with reviewing(desk) as s:
            await s.press("question_mark")
            assert isinstance(s.app.screen, HelpScreen)
            text = all_text(s.app)
            assert "Store every accepted candidate, in one transaction" in text and "Intake help" in text
            assert "Corroboration status" not in text  # the claims' help, not this screen's
            await s.press("escape")
            assert isinstance(s.app.screen, IntakeScreen)

    run(scenario)
