"""What the rest of the desk changed since event N: others' changes in words, one's own left out,
changes that reach many claims marked wide, and an event that commits late still found once."""

from __future__ import annotations

from support import SAMPLE_FILE

from workbench.config import tui_origin
from workbench.db.engine import Database
from workbench.importing.pipeline import import_file
from workbench.review import claim_takes, claims, desk_news, links, sources
from workbench.review.desk_news import NewsCursor


def _other(database: Database) -> Database:
    """The same database as seen by another reviewer's TUI session (an origin of its own)."""
    return Database(database.url, origin=tui_origin())


def test_news_names_who_changed_what_and_leaves_out_ones_own(database: Database) -> None:
    with database.writing() as session:
        first = claims.add_claim(session, "desk", "Russian forces left the Qamishli base").id
        second = claims.add_claim(session, "desk", "A cargo plane landed at Qamishli").id
    with database.reading() as session:
        cursor = desk_news.desk_cursor(session)
    other = _other(database)
    try:
        with other.writing() as session:
            claims.set_verdict(session, "lina", first, "mostly_accurate", "AP saw it")
            claim_takes.take_claim(session, "lina", second)
        with database.writing() as session:  # this session's own change
            claims.add_note(session, "me", first, "asked the MoD")
        with database.reading() as session:
            news = desk_news.news_since(session, cursor, own_session=database.origin.session_key)
            everything = desk_news.news_since(session, cursor)
    finally:
        other.dispose()
    assert [change.text for change in news.changes] == [
        f"lina set verdict mostly accurate on #{first}",
        f"lina took #{second}",
    ]
    assert news.claim_ids == {first, second} and not news.wide and news.more == 0
    assert not news.adds_claims  # a verdict and a take: no claim the list lacks
    assert len(everything.changes) == 3  # without a session to leave out, one's own is news too
    with database.reading() as session:
        assert desk_news.news_since(session, news.cursor).empty  # asked again: nothing new


def test_a_grade_or_a_link_is_wide_news(database: Database) -> None:
    with database.writing() as session:
        first = claims.add_claim(session, "desk", "Russian forces left the Qamishli base").id
        second = claims.add_claim(session, "desk", "Russian forces are still at the base").id
        source = sources.add_source(session, "desk", "Associated Press", kind="media_outlet").id
    with database.reading() as session:
        cursor = desk_news.desk_cursor(session)
    with database.writing() as session:
        sources.grade_source(session, "lina", source, "B", "long record")
    with database.reading() as session:
        graded = desk_news.news_since(session, cursor)
    assert graded.wide and [c.text for c in graded.changes] == [f"lina graded source #{source} B"]
    with database.writing() as session:
        links.link_claims(session, "bob", first, second, "contradicts")
    with database.reading() as session:
        linked = desk_news.news_since(session, graded.cursor)
    assert linked.wide and linked.claim_ids == {first, second}  # a link is logged on both claims


def test_an_event_that_commits_after_a_newer_one_is_still_found_once(database: Database) -> None:
    """On PostgreSQL ids are drawn at insert, not at commit: event 4 can become visible after 5."""
    with database.writing() as session:
        claim_id = claims.add_claim(session, "desk", "Russian forces left the Qamishli base").id
        for n in range(4):
            claims.add_note(session, "lina", claim_id, f"note {n}")
    with database.reading() as session:
        full = desk_news.desk_cursor(session)
    late = max(full.seen) - 1
    as_if_unseen = NewsCursor(full.since, full.seen - {late})
    with database.reading() as session:
        news = desk_news.news_since(session, as_if_unseen)
        again = desk_news.news_since(session, news.cursor)
    assert [change.event_id for change in news.changes] == [late]
    assert again.empty


def test_more_news_than_is_read_at_once_is_wide(database: Database) -> None:
    with database.writing() as session:
        claim_id = claims.add_claim(session, "desk", "Russian forces left the Qamishli base").id
    with database.reading() as session:
        cursor = desk_news.desk_cursor(session)
    with database.writing() as session:
        for n in range(8):
            claims.add_note(session, "lina", claim_id, f"note {n}")
    with database.reading() as session:
        news = desk_news.news_since(session, cursor, limit=3)
        after = desk_news.news_since(session, news.cursor, limit=3)
    assert news.wide and news.more == 5 and len(news.changes) == 3
    assert news.cursor.since == cursor.since + 8 and after.empty  # the five not read never come back


def test_claim_rows_reads_the_current_rows_and_names_the_gone(database: Database) -> None:
    with database.writing() as session:
        kept = claims.add_claim(session, "desk", "Russian forces left the Qamishli base").id
        dropped = claims.add_claim(session, "desk", "Russian troops left the Qamishli base").id
        links.merge_claims(session, "desk", kept, dropped, "same")
    with database.reading() as session:
        rows, gone = desk_news.claim_rows(session, [kept, dropped])
    assert [row.id for row in rows] == [kept] and gone == {dropped}


def test_an_import_or_intake_in_this_session_is_not_news_here_but_is_elsewhere(database: Database) -> None:
    """The TUI's intake stores through the importer, whose events carried no session: the
    reviewer who pressed Store got a toast per new source ("root source added") about their
    own change."""
    with database.reading() as session:
        cursor = desk_news.desk_cursor(session)
    with database.writing() as session:
        import_file(session, SAMPLE_FILE, "me")
    other = _other(database)
    try:
        with database.reading() as session:
            mine = desk_news.news_since(session, cursor, own_session=database.origin.session_key)
            theirs = desk_news.news_since(session, cursor, own_session=other.origin.session_key)
    finally:
        other.dispose()
    assert mine.empty
    assert theirs.changes and all(change.text.startswith("me ") for change in theirs.changes)
    assert theirs.adds_claims and not mine.adds_claims  # an import is news of new claims elsewhere
