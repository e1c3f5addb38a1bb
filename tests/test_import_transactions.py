"""Imports as units of work: all or nothing, idempotent, --skip-invalid, --dry-run, kill -9.

The command-line tests run the real ``workbench import`` through Click's runner on SQLite
files in ``tmp_path``; the kill test runs it as a separate process and kills it mid-write.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ClaimLink, ReviewEvent
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.pipeline import ImportOptions, import_file, import_files
from workbench.review import claims, status

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    {"type": "source", "key": "src-a", "name": "Agency A", "kind": "media_outlet", "reliability": "B"},
    {"type": "source", "key": "src-b", "name": "Bureau B", "kind": "organization", "reliability": "C"},
]


def write_jsonl(path: Path, records: list[dict[str, Any] | str]) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def claim(key: str, text: str, *attributions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"key": key, "text": text, "attributions": list(attributions), **fields}


def invoke(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "--reviewer", "tester", *args], input=input, catch_exceptions=False)


def sqlite_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in sorted(tables)}


FEED = [
    *SOURCES,
    claim("c1", "The dam at Tabqa was damaged by shelling on Monday night", {"source": "src-a", "stance": "asserts"}),
    claim("c2", "Aid trucks crossed at Bab al-Hawa", {"source": "src-b", "stance": "asserts"}, {"source": "src-a", "stance": "asserts"}),
]


# -- idempotency and updates ----------------------------------------------------------------


def test_importing_twice_changes_nothing_and_says_so(database: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", FEED)
    with database.writing() as session:
        first = import_file(session, path, "tester")
    assert first.changed and first.claims.created == 2
    with database.reading() as session:
        events = session.scalar(select(func.count()).select_from(ReviewEvent))
    with database.writing() as session:
        second = import_file(session, path, "tester")
    assert not second.changed
    assert (second.claims.unchanged, second.attributions.unchanged, second.sources.unchanged) == (2, 3, 2)
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(ReviewEvent)) == events


def test_updated_record_is_updated_with_review_events(database: Database, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "v1.jsonl", FEED)
    with database.writing() as session:
        import_file(session, tmp_path / "v1.jsonl", "tester")
    changed = [
        SOURCES[0],
        SOURCES[1] | {"reliability": "E"},
        claim("c1", "The dam at Tabqa was damaged by shelling on Monday", {"source": "src-a", "stance": "asserts", "credibility": 2}),
        FEED[3] | {"attributions": [*FEED[3]["attributions"], {"source": "src-b", "stance": "denies", "key": "att-new"}]},
    ]
    path = write_jsonl(tmp_path / "v2.jsonl", changed)
    with database.writing() as session:
        summary = import_file(session, path, "editor")
    assert (summary.claims.updated, summary.attributions.updated, summary.attributions.created, summary.sources.updated) == (1, 1, 1, 1)
    with database.reading() as session:
        events = session.scalars(select(ReviewEvent).where(ReviewEvent.reviewer == "editor")).all()
        actions = sorted(e.action for e in events)
        assert actions == ["attribution_added", "attribution_updated", "claim_updated", "source_updated"]
        assert all(e.reason == f"import from {path}" for e in events)
        c1 = claims.get_claim(session, "c1")
        assert c1.text.endswith("on Monday") and c1.version > 1
        # Bureau B is now graded E: neither its assertion nor its denial counts any more.
        assert claims.get_claim(session, "c2").status == "single_source"
        assert status.find_mismatches(session) == []


def test_a_created_claim_logs_one_event_listing_its_attributions(database: Database, tmp_path: Path) -> None:
    with database.writing() as session:
        import_file(session, write_jsonl(tmp_path / "feed.jsonl", FEED), "tester")
    with database.reading() as session:
        c2 = claims.get_claim(session, "c2")
        (event,) = session.scalars(select(ReviewEvent).where(ReviewEvent.claim_id == c2.id)).all()
        ids = set(session.scalars(select(Attribution.id).where(Attribution.claim_id == c2.id)))
        assert event.action == "claim_added"
        assert set(event.after["attributions"]) == ids


# -- --skip-invalid and --dry-run -------------------------------------------------------------


def test_skip_invalid_imports_the_rest_and_writes_rejects(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    records: list[dict[str, Any] | str] = [
        *SOURCES,
        claim("c1", "good one", {"source": "src-a", "stance": "asserts"}),
        claim("c2", "bad stance", {"source": "src-a", "stance": "assert"}),
        '{"key": "c3", "text": "broken json"',
        claim("c4", "unknown source", {"source": "src-zzz", "stance": "asserts"}),
        claim("c5", "good two", {"source": "src-b", "stance": "denies"}),
        claim("c1", "duplicate key"),
    ]
    path = write_jsonl(tmp_path / "mixed.jsonl", records)
    result = invoke(db, "import", "--skip-invalid", str(path))
    assert result.exit_code == 2
    assert "4 record(s) rejected" in result.stderr
    rejects = [json.loads(line) for line in (tmp_path / "mixed.jsonl.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["field"]) for r in rejects] == [(4, "attributions[0].stance"), (5, "(json)"), (6, "attributions[0].source"), (8, "key")]
    assert rejects[1]["record"] == '{"key": "c3", "text": "broken json"'
    assert json.loads(rejects[0]["record"])["key"] == "c2"
    with sqlite3.connect(db) as connection:
        assert sorted(k for (k,) in connection.execute("SELECT key FROM claims")) == ["c1", "c5"]
    custom = tmp_path / "out" / "r.jsonl"
    custom.parent.mkdir()
    result = invoke(db, "import", "--skip-invalid", "--rejects", str(custom), str(path))
    assert result.exit_code == 2 and len(custom.read_text().splitlines()) == 4


def test_rejects_into_a_missing_folder_stop_the_import_before_it_starts(tmp_path: Path) -> None:
    """The rejects file is written after the commit: a folder that is not there used to end an
    import that had landed with an internal error, and its rejects were lost."""
    db = tmp_path / "desk.db"
    path = write_jsonl(tmp_path / "mixed.jsonl", [*SOURCES, claim("c1", "good one", {"source": "src-a", "stance": "asserts"}),
                                                  claim("c2", "bad stance", {"source": "src-a", "stance": "assert"})])
    result = invoke(db, "import", "--skip-invalid", "--rejects", str(tmp_path / "nowhere" / "r.jsonl"), str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'nowhere'} does not exist: create the folder first (nothing was written)"]
    assert not db.exists()  # not even created
    invoke(db, "init")
    assert invoke(db, "import", "--skip-invalid", "--rejects", str(tmp_path), str(path)).exit_code == 2  # a folder
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM claims").fetchone() == (0,)
    # --dry-run writes no rejects, so it needs no folder.
    assert invoke(db, "import", "--dry-run", "--skip-invalid", "--rejects", str(tmp_path / "nowhere" / "r.jsonl"), str(path)).exit_code == 2


def test_rejects_that_cannot_be_written_after_the_commit_say_the_import_landed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder checked, the disk can still fill before the rejects are written: the import
    has committed by then, and the line says so rather than "nothing changed"."""
    from workbench.importing.rejects import Rejects

    def full(self: Rejects, path: str | Path, *, as_csv: bool = False) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Rejects, "save", full)
    db = tmp_path / "desk.db"
    path = write_jsonl(tmp_path / "mixed.jsonl", [*SOURCES, claim("c1", "good one", {"source": "src-a", "stance": "asserts"}),
                                                  claim("c2", "bad stance", {"source": "src-a", "stance": "assert"})])
    result = invoke(db, "import", "--skip-invalid", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: the import was committed, but its 1 rejected record(s) could not be written to "
        f"{tmp_path / 'mixed.jsonl.rejects.jsonl'}: No space left on device"
    )
    assert "removed the new database" not in result.stderr  # it holds the import
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT key FROM claims").fetchall() == [("c1",)]


def test_csv_rejects_are_csv_rows_that_import_once_fixed(tmp_path: Path) -> None:
    """A spreadsheet's rejected rows come back as a spreadsheet: same columns, plus the reason."""
    db = tmp_path / "desk.db"
    header = "claim_key,claim_text,source_key,source_name,source_kind,source_reliability,stance,quote\r\n"
    rows = [
        'c1,Trucks crossed at the border,src-a,Agency A,media_outlet,B,asserts,\r\n',
        'c2,"Two lines\r\nin one cell",src-a,,,,assert,"=HYPERLINK(""x"")"\r\n',  # bad stance
        'c3,Only a few fields\r\n',  # wrong field count: kept in the reason
        'c4,"Continued claim",src-a,,,,asserts,\r\n',
        'c4,,src-b,,,,denies,\r\n',  # unknown source: the whole c4 claim is rejected
    ]
    path = tmp_path / "partner.csv"
    path.write_bytes((header + "".join(rows)).encode())
    result = invoke(db, "import", "--skip-invalid", str(path))
    assert result.exit_code == 2 and "3 record(s) rejected" in result.stderr
    rejects_path = tmp_path / "partner.csv.rejects.csv"
    assert not (tmp_path / "partner.csv.rejects.jsonl").exists()
    with rejects_path.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["claim_key", "claim_text", "stance", "quote", "source_key", "source_name", "source_kind", "source_reliability", "reject_reason"]
    assert table[1][:4] == ["c2", "Two lines\r\nin one cell", "assert", '=HYPERLINK("x")']
    assert table[1][-1].startswith(f"{path}:3: stance: unknown value 'assert'")
    assert table[2][0] == "" and table[2][-1].startswith(f"{path}:5: (row): expected 8 fields") and "Only a few fields" in table[2][-1]
    assert [row[0] for row in table[3:]] == ["c4", "c4"] and f"{path}:7: source_key: unknown source key 'src-b'" in table[3][-1]

    # Fix the cells, drop the unreadable row, and import the rejects file as it is.
    fixed = [table[0], [*table[1][:2], "asserts", *table[1][3:]], *table[3:]]
    fixed[3][4] = "src-a"
    with rejects_path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(fixed)
    assert invoke(db, "import", str(rejects_path)).exit_code == 0
    with sqlite3.connect(db) as connection:
        stored = dict(connection.execute("SELECT key, text FROM claims"))
    assert stored == {"c1": "Trucks crossed at the border", "c2": "Two lines\r\nin one cell", "c4": "Continued claim"}


def test_without_skip_invalid_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    path = write_jsonl(tmp_path / "bad.jsonl", [*SOURCES, claim("c1", "ok"), claim("c2", "x", {"source": "src-a", "stance": "maybe"})])
    invoke(db, "init")
    before = sqlite_rows(db)
    result = invoke(db, "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(f"error: {path}:4: attributions[0].stance: unknown value 'maybe' (expected one of: asserts, denies, no_statement, declined_to_comment)")
    assert sqlite_rows(db) == before


@pytest.mark.parametrize(
    ("records", "options"),
    [
        ([*SOURCES, '{"key": "c1", "text": "truncated'], []),  # refused while reading
        ([*SOURCES, claim("c1", "x", {"source": "src-zzz", "stance": "asserts"})], []),  # refused while applying
        ([*SOURCES, claim("c1", "fine", {"source": "src-a", "stance": "asserts"})], ["--dry-run"]),
    ],
    ids=["bad-record", "unknown-key", "dry-run"],
)
def test_an_import_that_writes_nothing_leaves_no_new_database_file(
    tmp_path: Path, records: list[dict[str, Any] | str], options: list[str]
) -> None:
    db = tmp_path / "new" / "desk.db"
    path = write_jsonl(tmp_path / "feed.jsonl", records)
    invoke(db, "import", *options, str(path))
    assert not db.exists() and not Path(f"{db}-wal").exists()


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    invoke(db, "init")
    before = sqlite_rows(db)
    path = write_jsonl(
        tmp_path / "feed.jsonl",
        [*FEED, claim("c3", "Aid trucks crossed at Bab al-Hawa", {"source": "src-b", "stance": "asserts"}), claim("bad", "x", {"source": "nope", "stance": "asserts"})],
    )
    result = invoke(db, "import", "--dry-run", "--skip-invalid", str(path))
    assert "would import" in result.stderr and "dry run: nothing was written" in result.stderr
    assert "matched an existing claim" in result.stderr
    assert "1 record(s) rejected" in result.stderr
    assert sqlite_rows(db) == before
    assert not (tmp_path / "feed.jsonl.rejects.jsonl").exists()


def test_stdin_and_quiet(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    content = "\n".join(json.dumps(r) for r in FEED) + "\n"
    result = invoke(db, "import", "--quiet", "-", input=content)
    assert result.exit_code == 0
    assert "imported" not in result.stderr
    result = invoke(db, "import", "-", input=content)
    assert "nothing to change (already imported)" in result.stderr and "<stdin>" in result.stderr
    result = CliRunner().invoke(cli, ["--db", str(db), "-q", "import", "-"], input=content, catch_exceptions=False)
    assert result.stderr == ""


def test_several_files_are_one_transaction(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    good = write_jsonl(tmp_path / "good.jsonl", FEED)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"claim_key,claim_text,verdict\r\nk1,x,maybe\r\n")
    invoke(db, "init")
    before = sqlite_rows(db)
    result = invoke(db, "import", str(good), str(bad))
    assert result.exit_code == 2 and f"{bad}:2: verdict:" in result.stderr
    assert sqlite_rows(db) == before


VOUCHED = (
    "Turkish forces damaged 36 percent of the homes in Eltal on Wednesday, local officials said.",
    "Turkish forces damaegd 36 percent of the dwellings in Eltal on Wednesday, local authorities said.",
)


def test_a_rewording_whose_details_vouch_for_it_is_suggested_by_the_import_search_and_duplicates(
    database: Database, tmp_path: Path
) -> None:
    """Worded in words no synonym list holds, with a typo, the pair scores 75: under the
    suggest score, but two names and a number agree and nothing differs. `duplicates` listed
    it and the import did not; all three now apply the same rule."""
    from workbench.matching.dedup import find_near_duplicates
    from workbench.matching.fuzzy import classify_claim_match, find_claim_candidates
    from workbench.matching.match_keys import claim_similarity

    first, second = VOUCHED
    score = claim_similarity(first, second)
    assert 65 <= score < 80
    assert classify_claim_match(first, second, score) == "suggest"
    assert [p.kind for p in find_near_duplicates([(1, first), (2, second)]).pairs] == ["duplicate"]
    path = write_jsonl(tmp_path / "v.jsonl", [*SOURCES, claim("v1", first, {"source": "src-a", "stance": "asserts"}),
                                              claim("v2", second, {"source": "src-b", "stance": "asserts"})])
    with database.writing() as session:
        summary = import_file(session, path, "tester")
    assert (summary.matched, summary.suggested, summary.claims.created) == (0, 1, 2)
    with database.reading() as session:
        assert [c.decision for c in find_claim_candidates(session, first, limit=2)] == ["same", "suggest"]


@pytest.mark.parametrize(
    ("other", "decision"),
    [
        pytest.param(VOUCHED[1].replace("local authorities", "Red Crescent officials"), "none", id="a-name-only-one-gives"),
        pytest.param(VOUCHED[1].replace("Eltal", "Maqa"), "conflict", id="another-place-is-a-conflict"),
        pytest.param("Turkish forces damaegd the dwellings on Wednesday, local authorities said.", "none", id="no-number-nor-date"),
    ],
)
def test_only_details_that_agree_and_say_enough_vouch(other: str, decision: str) -> None:
    from workbench.matching.fuzzy import classify_claim_match
    from workbench.matching.match_keys import claim_similarity

    assert classify_claim_match(VOUCHED[0], other, claim_similarity(VOUCHED[0], other)) == decision


def test_matching_links_suggestions_and_keeps_conflicts_apart(database: Database, tmp_path: Path) -> None:
    records = [
        *SOURCES,
        claim("m1", "Russian forces released 120 detainees in the town of Talkaro on 3 March after talks", {"source": "src-a", "stance": "asserts"}),
        claim("m2", "Russian troops freed 120 detainees in the town of Talkaro on 3 March after talks", {"source": "src-b", "stance": "asserts"}),
        claim("m3", "Russian forces released 150 detainees in the town of Talkaro on 3 March after talks", {"source": "src-b", "stance": "asserts"}),
        claim("m4", "Forces released detainees in Talkaro", {"source": "src-b", "stance": "denies"}),
        {"type": "link", "from": "m2", "to": "m3", "relation": "contradicts"},
    ]
    path = write_jsonl(tmp_path / "m.jsonl", records)
    with database.writing() as session:
        summary = import_file(session, path, "tester")
    assert (summary.matched, summary.suggested, summary.conflicting, summary.claims.created) == (1, 1, 1, 3)
    with database.reading() as session:
        m1 = claims.get_claim(session, "m1")
        assert m1.status == "corroborated"  # m2's attribution joined it
        links = session.execute(select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation, ClaimLink.note)).all()
        by_relation = {relation: (a, b, note) for a, b, relation, note in links}
        m3, m4 = claims.get_claim(session, "m3"), claims.get_claim(session, "m4")
        assert by_relation["duplicate_of"][:2] == (m4.id, m1.id) and "possible duplicate" in by_relation["duplicate_of"][2]
        assert by_relation["contradicts"][:2] == (m1.id, m3.id)  # m2's key still names the claim it joined
        assert status.find_mismatches(session) == []
    with database.writing() as session:
        assert not import_file(session, path, "tester").changed
    with database.writing() as session:  # matching by key only: m2 is still known as merged
        plain = import_file(session, path, "tester", ImportOptions(matcher=ClaimMatcher()))
    assert not plain.changed


OUTSCORED = (
    "23 inhabitants were detained in Halummlin by the Roba Movement on Oct. 4, 2024 near the terkanab mill.",
    "Residents said the Roba Movement rounded up roughly 22 residents in Danhalzan on Oct. 2, 2024 near the terkanab mill.",
    "Inhabitants said ruoghly 22 inhabitants were detained in Danhalzan by the Roba Movement on Oct. 2, 2024 near the terkanab mill.",
)


@pytest.mark.parametrize("one_file", [True, False], ids=["window-of-the-file", "search-of-the-stored"])
def test_the_claim_reworded_is_linked_even_when_another_event_scores_higher(
    database: Database, tmp_path: Path, one_file: bool
) -> None:
    """The new claim scores 83.7 against another event (another place, number and date) and
    78.2 against the claim it rewords: it is linked to the one it rewords, not reported as a
    conflict with the other (at a million claims, a rewording lost this way)."""
    other_event, reworded, new = OUTSCORED
    stored = [claim("e1", other_event, {"source": "src-a", "stance": "asserts"}),
              claim("e2", reworded, {"source": "src-a", "stance": "asserts"})]
    incoming = [claim("e3", new, {"source": "src-b", "stance": "asserts"})]
    with database.writing() as session:
        first = import_file(session, write_jsonl(tmp_path / "a.jsonl", [*SOURCES, *stored, *(incoming if one_file else [])]), "tester")
    summary = first
    if not one_file:
        with database.writing() as session:
            summary = import_file(session, write_jsonl(tmp_path / "b.jsonl", [*SOURCES, *incoming]), "tester")
    # In one file, e2 itself conflicts with e1 (another place, number and date): that one is counted.
    assert (summary.suggested, summary.conflicting) == (1, 1 if one_file else 0)
    with database.reading() as session:
        e2, e3 = claims.get_claim(session, "e2"), claims.get_claim(session, "e3")
        links = session.execute(select(ClaimLink.from_claim_id, ClaimLink.to_claim_id, ClaimLink.relation)).all()
    assert [tuple(link) for link in links] == [(e3.id, e2.id, "duplicate_of")]


# -- kill -9 ---------------------------------------------------------------------------------


def _big_feed(path: Path, claims_count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in SOURCES:
            out.write(json.dumps(record) + "\n")
        for i in range(claims_count):
            out.write(json.dumps(claim(f"k{i}", f"Claim {i}: {i % 97} trucks reached checkpoint {i % 89} at dawn",
                                       {"source": "src-a" if i % 3 else "src-b", "stance": "asserts"})) + "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_kill_9_mid_import_leaves_the_database_as_before_and_a_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    seed = write_jsonl(tmp_path / "seed.jsonl", FEED)
    assert invoke(db, "import", "-q", str(seed)).exit_code == 0
    before = sqlite_rows(db)
    big = tmp_path / "big.jsonl"
    _big_feed(big, 20_000)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    command = [sys.executable, "-m", "workbench", "--db", str(db), "--reviewer", "tester", "import", "-q", "--no-match", str(big)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(f"{db}-wal")
    deadline = time.monotonic() + 60
    start_size = wal.stat().st_size if wal.exists() else 0
    # Writing has begun once the WAL grows well past what the seed import left in it.
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.02)
    assert process.poll() is None, f"the import finished before it could be killed: {process.stderr.read().decode() if process.stderr else ''}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert sqlite_rows(db) == before

    result = subprocess.run(command, env=env, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
    with sqlite3.connect(db) as connection:
        keys = [k for (k,) in connection.execute("SELECT key FROM claims")]
        assert len(keys) == len(set(keys)) == 20_002
        assert connection.execute("SELECT count(*) FROM attributions").fetchone() == (20_003,)
    check = invoke(db, "db", "check")
    assert check.exit_code == 0, check.stderr


def test_import_files_api_dry_run(database: Database, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "feed.jsonl", FEED)
    result = import_files(database, [str(path)], "tester", dry_run=True)
    assert result.dry_run and result.summaries[0].claims.created == 2
    with database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_merged_keys_are_remembered_across_batches(tmp_path: Path) -> None:
    """A claim merged in one batch is still known by its key batches later: a link naming it
    lands on the claim it joined, and the key used again is a duplicate (with --skip-invalid,
    a reject), all within one file of more than one batch."""
    import hashlib

    db = tmp_path / "desk.db"
    original = "Russian forces began withdrawing from the Qamishli airport base on 26 January"
    fillers = [
        claim(f"f{i}", " ".join(hashlib.sha256(f"{i}-{w}".encode()).hexdigest()[:9] for w in range(8)), {"source": "src-b", "stance": "asserts"})
        for i in range(1_100)
    ]
    records: list[dict[str, Any] | str] = [
        *SOURCES,
        claim("c0", original, {"source": "src-a", "stance": "asserts"}),
        claim("dup", original.upper() + ".", {"source": "src-b", "stance": "asserts"}),  # same words: merged
        *fillers,  # more than one batch of claims
        claim("dup", "The same key again, far below", {"source": "src-a", "stance": "asserts"}),
        {"type": "link", "from": "dup", "to": "f1050", "relation": "supports"},
    ]
    path = write_jsonl(tmp_path / "feed.jsonl", records)
    result = invoke(db, "import", "--skip-invalid", str(path))
    assert result.exit_code == 2 and "1 record(s) rejected" in result.stderr
    rejects = [json.loads(line) for line in (tmp_path / "feed.jsonl.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["field"]) for r in rejects] == [(len(SOURCES) + 2 + len(fillers) + 1, "key")]
    assert "duplicate key 'dup'" in rejects[0]["reason"]
    with sqlite3.connect(db) as connection:
        keys = {key for (key,) in connection.execute("SELECT key FROM claims")}
        links = connection.execute(
            "SELECT a.key, b.key, l.relation FROM claim_links l JOIN claims a ON a.id = l.from_claim_id JOIN claims b ON b.id = l.to_claim_id"
        ).fetchall()
        sources = connection.execute(
            "SELECT count(*) FROM attributions t JOIN claims c ON c.id = t.claim_id WHERE c.key = 'c0'"
        ).fetchone()
    assert "dup" not in keys and len(keys) == 1 + len(fillers)
    assert links == [("c0", "f1050", "supports")]
    assert sources == (2,)
