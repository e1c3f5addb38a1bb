"""Search ranks by relevance a reader would agree with, on the sample data (the Qamishli report).

Before: "Russia withdraw" ranked the withdrawal claim last of six, "Ahmd Ali" found the claims
about Ahmad al-Sharaa, and every result showed score 0.0.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import event

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.matching import search, search_vocabulary
from workbench.matching.search_relevance import ClaimWords, relevance
from workbench.review import claims
from workbench.review.claims import ClaimFilter

SAMPLE_FILE = Path(__file__).resolve().parents[1] / "sample_data" / "qamishli.json"


def _key(session, claim_id: int) -> str:  # type: ignore[no-untyped-def]
    return claims.get_claim(session, claim_id).key


def _ahmed_ali_claims(session) -> set[int]:  # type: ignore[no-untyped-def]
    return {c.id for c in claims.list_claims(session, ClaimFilter(source="Ahmed Ali"), limit=100)}


def test_russia_withdraw_ranks_the_withdrawal_claim_first(sample_database: Database) -> None:
    with sample_database.reading() as session:
        hits = search.search(session, "Russia withdraw")
        assert _key(session, hits[0].claim_id) == "claim-russia-withdrawing-ne-syria"
        assert hits[0].relevance > hits[1].relevance
        assert all(hit.relevance > 0 for hit in hits)
        assert [h.relevance for h in hits] == sorted((h.relevance for h in hits), reverse=True)


def test_a_misspelt_source_name_finds_that_source_not_another_person(sample_database: Database) -> None:
    with sample_database.reading() as session:
        ahmed_ali = _ahmed_ali_claims(session)
        hits = search.search(session, "Ahmd Ali")
        top = [h for h in hits if h.relevance == hits[0].relevance]
        assert {h.claim_id for h in top} == ahmed_ali
        sharaa = {c.id for c in claims.list_claims(session, ClaimFilter(text="al-Sharaa"), limit=100)}
        assert sharaa and not sharaa & ahmed_ali
        # Claims about Ahmad al-Sharaa may follow, well below.
        assert all(h.relevance < hits[0].relevance - 20 for h in hits if h.claim_id in sharaa)


def test_no_result_shows_a_zero_score(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(path), "-q", "import", str(SAMPLE_FILE)]).exit_code == 0
    for query in ("Russia withdraw", "Ahmd Ali", "Ahmed", "Hmeimim airbase", "defense ministry", "cargo plane"):
        result = runner.invoke(cli, ["--db", str(path), "search", query, "--json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert rows, query
        assert all(0 < row["score"] <= 100 for row in rows), (query, rows)


def test_relevance_rewards_every_word_over_one() -> None:
    withdrawal = ClaimWords(text={"russian", "forces", "have", "started", "to", "withdraw"})
    russia_only = ClaimWords(text={"russia", "had", "not", "commented"})
    by_source = ClaimWords(text={"the", "russians", "flew"}, elsewhere={"ahmed", "ali"})
    sharaa = ClaimWords(text={"ahmad", "al", "sharaa", "is", "due", "to", "travel"})
    assert relevance(["russia", "withdraw"], withdrawal) == 95.0
    assert relevance(["russia", "withdraw"], russia_only) == 50.0
    assert relevance(["ahmd", "ali"], by_source) > relevance(["ahmd", "ali"], sharaa) + 30
    assert relevance(["zebra"], withdrawal) == 0.0


def test_an_unknown_word_reads_only_a_bounded_slice_of_the_vocabulary(sqlite_database: Database) -> None:
    database = sqlite_database
    with database.writing() as session:
        claims.add_claim(session, "tester", "Protein powder was delivered to the camp")
    statements: list[str] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with database.reading() as session:
        assert search_vocabulary.spellings(session, "protien") == ["protein"]
        assert search_vocabulary.spellings(session, "powder") == ["powder"]
        assert search_vocabulary.spellings(session, "q") == ["q"]  # too short to be a typo
    reads = [s for s in statements if "_vocab" in s and s.lstrip().upper().startswith("SELECT")]
    assert reads and all("WHERE term" in s for s in reads), reads
    assert all("LIMIT" in s for s in reads if ">=" in s)
