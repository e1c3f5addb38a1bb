"""Querying: full-text search, every claim-list filter, sorting and paging, the SQL views."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from workbench.db.engine import Database
from workbench.matching import search
from workbench.review import attributions, claims, links, sources
from workbench.review.claims import ClaimFilter, SortOrder

R = "tester"


def _ids(session, **filters) -> list[int]:
    return [c.id for c in claims.list_claims(session, ClaimFilter(**filters), limit=1000)]


def _by_key(session, key: str) -> int:
    return claims.get_claim(session, key).id


@pytest.mark.parametrize(
    ("query", "expected_key", "where"),
    [
        ("cargo plane", "claim-equipment-left-by-cargo-plane", "text"),
        ("russ", "claim-russia-withdrawing-ne-syria", "text"),  # prefix as you type
        ("Hmeimim airbase", None, "quote"),  # words only in a quote
        ("Ahmed", "claim-equipment-left-by-cargo-plane", "source"),  # a source's name
        ("defense ministry", None, "source"),  # an alias
        ("protien powder", None, "text"),  # a typo, corrected against the index (SQLite)
    ],
)
def test_search_finds_text_quotes_and_sources(sample_database: Database, query: str, expected_key: str | None, where: str) -> None:
    with sample_database.reading() as session:
        if query == "protien powder" and session.get_bind().dialect.name != "sqlite":
            pytest.skip("typo correction uses the FTS5 vocabulary (SQLite)")
        hits = search.search(session, query)
        assert hits, query
        assert where in {h.where for h in hits}
        if expected_key:
            assert _by_key(session, expected_key) in [h.claim_id for h in hits]


@pytest.mark.parametrize(
    "hostile", ["x' OR '1'='1", "%", "_", '" OR "', "NEAR(a b)", "*", "a:b", "claims_fts MATCH", "))", "", "-russia"]
)
def test_search_input_never_reaches_the_query_language(sample_database: Database, hostile: str) -> None:
    """Operators and punctuation are not syntax: the query means exactly its words."""
    with sample_database.reading() as session:
        words = " ".join(search.terms(hostile))
        assert search.search(session, hostile) == search.search(session, words)
        if not words:
            assert search.search(session, hostile) == []


def test_search_index_follows_every_write(database: Database) -> None:
    with database.writing() as session:
        claim = claims.add_claim(session, R, "Zanzibar ferry capsized near Stone Town")
        sources.add_source(session, R, "Quetzal Observatory", aliases=["QObs"])
        attributions.add_attribution(session, R, claim.id, "Quetzal Observatory", "asserts", quote="saw the xylophone wreck")
    with database.reading() as session:
        assert search.match_claim_ids(session, "zanzibar") == [claim.id]
        assert search.match_claim_ids(session, "xylophone") == [claim.id]
        assert search.match_claim_ids(session, "quetzal") == [claim.id]
        assert search.match_claim_ids(session, "qobs") == [claim.id]
    with database.writing() as session:
        session.execute(text("UPDATE claims SET text = :t WHERE id = :id"), {"t": "Ferry story retracted", "id": claim.id})
    with database.reading() as session:
        assert search.match_claim_ids(session, "zanzibar", typo_tolerant=False) == []
        assert search.match_claim_ids(session, "retracted") == [claim.id]
    with database.writing() as session:
        session.execute(text("DELETE FROM claims WHERE id = :id"), {"id": claim.id})
    with database.reading() as session:
        assert search.match_claim_ids(session, "retracted") == []
        assert search.match_claim_ids(session, "xylophone") == []


def test_every_filter(sample_database: Database) -> None:
    db = sample_database
    with db.writing() as session:
        cargo = _by_key(session, "claim-equipment-left-by-cargo-plane")
        claims.set_verdict(session, R, cargo, "unproven", "only one fighter says so")
        sources.add_source(session, R, "Rumour Mill", reliability="E")
        attributions.add_attribution(session, R, cargo, "Rumour Mill", "denies", as_of=date(2026, 2, 3))
    with db.reading() as session:
        withdrawal = _by_key(session, "claim-russia-withdrawing-ne-syria")
        ceasefire = _by_key(session, "claim-ceasefire-extended-15-days")
        equipment = _by_key(session, "claim-russians-moved-equipment-out")
        assert set(_ids(session, status="corroborated")) == {withdrawal, ceasefire, equipment}
        assert _ids(session, verdict="unproven") == [cargo]
        assert cargo in _ids(session, source="Ahmed Ali") and withdrawal in _ids(session, source="src-ahmed-ali")
        assert ceasefire not in _ids(session, source="Ahmed Ali")
        by_affiliation = set(_ids(session, affiliation="SDF"))
        assert {cargo, withdrawal, ceasefire} <= by_affiliation
        assert set(_ids(session, source="SDF")) < by_affiliation  # the SDF itself carries fewer
        assert _ids(session, grades=("E",)) == [cargo]
        assert ceasefire not in _ids(session, grades=("F",))
        awaiting = set(_ids(session, awaiting="Russian government"))
        assert withdrawal in awaiting and cargo in awaiting and ceasefire not in awaiting
        assert len(awaiting) == 5
        assert set(_ids(session, tag="ceasefire")) >= {ceasefire}
        assert _ids(session, as_of_from=date(2026, 2, 1)) == [cargo]
        assert _ids(session, as_of_to=date(2026, 1, 1)) == []
        assert len(_ids(session, published_from=date(2026, 1, 27), published_to=date(2026, 1, 27))) == 25
        assert _ids(session, published_to=date(2026, 1, 26)) == []
        assert len(_ids(session, changed_from=date.today())) == 25
        assert _ids(session, changed_to=date(2000, 1, 1)) == []
        linked = set(_ids(session, has_links=True))
        unlinked = set(_ids(session, has_links=False))
        assert withdrawal in linked and linked.isdisjoint(unlinked) and len(linked | unlinked) == 25
        assert _ids(session, status="single_source", tag="ceasefire", grades=("C",))  # filters combine


@pytest.mark.parametrize("value", ["x' OR '1'='1", "%", "_", "\\", "%' --"])
def test_filter_values_are_parameters(sample_database: Database, value: str) -> None:
    with sample_database.reading() as session:
        assert _ids(session, tag=value) == []
        with pytest.raises(Exception, match="no source"):
            _ids(session, source=value)


def test_like_wildcards_in_an_awaited_name_are_literal(database: Database) -> None:
    with database.writing() as session:
        a = claims.add_claim(session, R, "first")
        b = claims.add_claim(session, R, "second")
        sources.add_source(session, R, "100% Official_Office")
        sources.add_source(session, R, "100X OfficialXOffice")
        attributions.record_silence(session, R, a.id, "100% Official_Office", as_of=date(2026, 1, 1))
        attributions.record_silence(session, R, b.id, "100X OfficialXOffice", as_of=date(2026, 1, 1))
    with database.reading() as session:
        assert _ids(session, awaiting="100% Official_Office") == [a.id]


def test_keyset_paging_in_every_order(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claims.add_note(session, R, 3, "touch to change last_change order")
    with sample_database.reading() as session:
        for order in SortOrder:
            everything = [c.id for c in claims.list_claims(session, limit=1000, order=order)]
            assert sorted(everything) == list(range(1, 26))
            paged: list[int] = []
            after = None
            while True:
                page = claims.list_claims(session, limit=7, after_id=after, order=order)
                if not page:
                    break
                paged += [c.id for c in page]
                after = page[-1].id
            assert paged == everything, order
        assert claims.list_claims(session, limit=1, order=SortOrder.LAST_CHANGE)[0].id == 3
        assert claims.list_claims(session, limit=1, order=SortOrder.NEWEST)[0].id == 25
        weakest = claims.list_claims(session, limit=1, order=SortOrder.ORIGINS)[0]
        assert weakest.origins == 1


def test_counts_by_status_and_verdict(sample_database: Database) -> None:
    with sample_database.reading() as session:
        counts = claims.count_claims(session)
        assert counts.total == 25
        assert counts.by_status["corroborated"] == 3 and counts.by_status["single_source"] == 22
        assert counts.by_verdict["unreviewed"] == 25
        filtered = claims.count_claims(session, ClaimFilter(awaiting="Russian government"))
        assert filtered.total == 5


def test_views_answer_common_questions_in_one_select(sample_database: Database) -> None:
    with sample_database.writing() as session:
        links.link_claims(session, R, 2, 3, "contradicts")
    with sample_database.reading() as session:
        overview = session.execute(
            text("SELECT * FROM claim_overview WHERE claim_key = :k"), {"k": "claim-russia-withdrawing-ne-syria"}
        ).mappings().one()
        assert overview["status"] == "corroborated"
        assert overview["origins"] == 2
        assert overview["awaiting"] == "Russian government (as of 2026-01-27)"
        assert overview["asserting"] == 3 and overview["attributions"] == 4 and overview["links"] >= 1
        assert "russia" in overview["tags"]
        details = session.execute(
            text("SELECT * FROM attribution_details WHERE source = :s ORDER BY attribution_id"), {"s": "Ahmed Ali"}
        ).mappings().all()
        assert details and {d["affiliation"] for d in details} == {"Syrian Democratic Forces"}
        assert all(d["outlet"] == "Associated Press" for d in details)
        # "which sources graded D or worse carry corroborated claims" is one SELECT:
        rows = session.execute(
            text(
                "SELECT DISTINCT source FROM attribution_details "
                "WHERE source_reliability IN ('D', 'E', 'F') AND claim_status = 'corroborated' AND stance = 'asserts'"
            )
        ).scalars().all()
        assert set(rows) == {"Ahmed Ali", "SDF fighters guarding the Qamishli airport base"}


def test_claim_counts_follow_every_write(sample_database: Database) -> None:
    from workbench.review import status, undo

    with sample_database.writing() as session:
        claims.set_verdict(session, R, 1, "accurate", "seen")
        sources.grade_source(session, R, "Syrian Democratic Forces", "E", "test")
        links.merge_claims(session, R, 3, 6, "same")
        undo.undo_last(session, R)
        session.execute(text("DELETE FROM claims WHERE id = :id"), {"id": 25})
    with sample_database.reading() as session:
        assert status.count_mismatches(session) == []
        counts = claims.count_claims(session)
        assert counts.total == 24
        assert counts.by_verdict["accurate"] == 1
    with sample_database.writing() as session:
        session.execute(text("UPDATE claim_counts SET n = n + 5"))
    with sample_database.writing() as session:
        assert status.count_mismatches(session, fix=True)
    with sample_database.reading() as session:
        assert status.count_mismatches(session) == []
