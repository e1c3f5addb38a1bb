"""Build a synthetic workbench database of N claims, fast, for benchmarks.

The schema is the real one (created through the migrations); rows go in with plain
``sqlite3`` executemany inside one transaction, with the search and count triggers lifted for
the load and the indexes rebuilt after it, which is how a bulk load should be done. Stored
statuses are computed with the real corroboration rules, so ``workbench db check`` agrees.

Data lands under ``benchmarks/data/`` (git-ignored) and is reused when it already exists for
the same N and seed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _timing import DATA

from workbench.corroboration import AttributionFacts, DocumentFacts, Evidence, SourceFacts, assess
from workbench.db.engine import Database
from workbench.db.migrate import upgrade_to_head
from workbench.db.opening import open_database
from workbench.vocabulary import Mode, Reliability, SourceKind, Stance

PLACES = [
    "Qamishli", "Hasakah", "Raqqa", "Deir ez-Zor", "Aleppo", "Damascus", "Homs", "Latakia", "Tartus", "Idlib",
    "Kobani", "Manbij", "Tal Tamr", "Maqa", "Tal Dush", "Hmeimim", "Palmyra", "Daraa", "Quneitra", "Afrin",
]
ACTORS = [
    "Russian forces", "SDF fighters", "government troops", "U.S. forces", "Turkish drones", "local officials",
    "the defence ministry", "rebel groups", "Kurdish police", "Iranian advisers", "aid workers", "tribal elders",
]
VERBS = [
    "withdrew from", "moved equipment out of", "shelled", "took control of", "released detainees in",
    "extended the ceasefire around", "evacuated positions near", "set up checkpoints in", "negotiated with leaders in",
    "reported casualties in", "closed the road to", "reopened the airport at",
]
TAGS = [f"tag{i}" for i in range(200)] + ["russia", "ceasefire", "withdrawal", "detainees", "qamishli"]
STANCES = [Stance.ASSERTS] * 17 + [Stance.DENIES] * 2 + [Stance.NO_STATEMENT]
MODES = list(Mode)
GRADES = ["A", "B", "B", "C", "C", "C", "D", "E", "F", "F", "F"]


def database_path(claims: int, seed: int) -> Path:
    return DATA / f"claims-{claims}-seed{seed}.db"


def build(claims: int, seed: int = 7, *, quiet: bool = False) -> Path:
    """Create (or reuse) the database; return its path."""
    path = database_path(claims, seed)
    if path.exists():
        # Built by an older workbench: bring it to this schema (generated data: no backup), or
        # every command would upgrade it first, and the plain claim page would step aside.
        database = Database(f"sqlite:///{path}")
        try:
            upgrade_to_head(database.engine, backup=False)
        finally:
            database.dispose()
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in DATA.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    open_database(str(partial)).dispose()
    rng = random.Random(seed)
    connection = sqlite3.connect(partial, isolation_level=None)
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("PRAGMA cache_size=-200000")
    connection.execute("BEGIN IMMEDIATE")
    triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')

    now = datetime(2026, 11, 1, 12, 0, 0)
    n_sources = max(60, claims // 200)
    n_orgs = 50
    sources: dict[int, SourceFacts] = {}
    source_rows = []
    for sid in range(1, n_sources + 1):
        affiliation = rng.randint(1, n_orgs) if sid > n_orgs and rng.random() < 0.3 else None
        grade = rng.choice(GRADES)
        kind = "organization" if sid <= n_orgs else rng.choice(["person", "media_outlet", "government_body", "unidentified"])
        name = f"Source {sid} {rng.choice(PLACES)}"
        sources[sid] = SourceFacts(sid, name, Reliability(grade), affiliation, kind=SourceKind(kind))
        source_rows.append((sid, f"src-{sid}", name, kind, None, affiliation, grade, now, now))
    connection.executemany(
        "INSERT INTO sources (id, key, name, kind, role, affiliation_id, reliability, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        source_rows,
    )
    connection.executemany(
        "INSERT INTO source_aliases (source_id, alias) VALUES (?, ?)",
        [(sid, f"Alias {sid}") for sid in range(1, n_sources + 1, 10)],
    )
    n_documents = max(20, claims // 50)
    documents: dict[int, DocumentFacts] = {}
    document_rows = []
    for did in range(1, n_documents + 1):
        outlet = rng.randint(n_orgs + 1, n_sources)
        derived = rng.randint(1, did - 1) if did > 10 and rng.random() < 0.05 else None
        published = datetime(2025, 1, 1) + timedelta(days=rng.randint(0, 660), minutes=rng.randint(0, 1440))
        documents[did] = DocumentFacts(did, f"Report {did}", outlet, derived, published.date())
        document_rows.append((did, f"doc-{did}", f"Report {did}", outlet, published, derived, now, now))
    connection.executemany(
        "INSERT INTO documents (id, key, title, outlet_id, published_at, derived_from_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        document_rows,
    )

    claim_rows: list[tuple] = []
    tag_rows: list[tuple] = []
    attribution_rows: list[tuple] = []
    link_rows: list[tuple] = []
    attribution_id = 0
    batch = 20_000
    for cid in range(1, claims + 1):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 660))
        number = rng.randint(2, 400)
        text = (
            f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} on {day.isoformat()}, "
            f"{number} people affected (item {cid})"
        )
        facts = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            attribution_id += 1
            stance = rng.choice(STANCES)
            source = rng.randint(1, n_sources)
            document = rng.randint(1, n_documents)
            mode = rng.choice(MODES)
            as_of = day + timedelta(days=rng.randint(0, 5))
            facts.append(AttributionFacts(attribution_id, source, stance, mode, document, None, as_of))
            attribution_rows.append(
                (attribution_id, f"attr-{attribution_id}", cid, source, document, stance.value, mode.value,
                 f"quote {rng.choice(VERBS)} {rng.choice(PLACES)}" if rng.random() < 0.3 else None,
                 rng.randint(1, 6), as_of, now, now)
            )
        assessment = assess(Evidence(facts, sources, documents))
        verdict = "unreviewed" if rng.random() < 0.8 else rng.choice(["accurate", "mostly_accurate", "misleading", "false", "unproven"])
        updated = now - timedelta(minutes=rng.randint(0, 500_000))
        claim_rows.append(
            (cid, f"claim-{cid}", text, rng.choice(PLACES), day, verdict, assessment.status.value,
             assessment.origin_count, assessment.awaiting_text(), 1, updated, updated)
        )
        tag_rows.append((cid, rng.choice(TAGS)))
        if rng.random() < 0.02 and cid > 1:
            link_rows.append((cid, rng.randint(1, cid - 1), "supports", now))
        if cid % batch == 0 or cid == claims:
            _flush(connection, claim_rows, tag_rows, attribution_rows, link_rows)
            if not quiet:
                print(f"\r  generated {cid:,} / {claims:,} claims", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)
    for fts in ("claims_fts", "attributions_fts", "sources_fts", "source_aliases_fts"):
        connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    connection.execute("DELETE FROM claim_counts")
    connection.execute(
        "INSERT INTO claim_counts (status, verdict, n) SELECT status, verdict, count(*) FROM claims GROUP BY status, verdict"
    )
    for _name, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    _check_statuses(partial)
    partial.rename(path)
    for suffix in ("-wal", "-shm"):
        leftover = Path(str(partial) + suffix)
        if leftover.exists():
            leftover.unlink()
    if not quiet:
        print(f"  built {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path


def _check_statuses(path: Path, claims: int = 3_000) -> None:
    """Refuse a database whose stored statuses the workbench would not give: the statuses
    above are computed from facts built here, and facts built differently from
    ``review.evidence`` (a source's kind left out, say) once made ``db check`` find thousands
    of mismatches in every benchmark database."""
    from workbench.db.engine import Database
    from workbench.review import status

    database = Database(f"sqlite:///{path}")
    try:
        with database.reading() as session:
            wrong = status.find_mismatches(session, up_to_id=claims)
    finally:
        database.dispose()
    if wrong:
        raise SystemExit(f"{path}: {len(wrong)} of the first {claims:,} claims have a status the workbench would "
                         f"not give (first: claim {wrong[0].claim_id}); the facts built here are out of step")


def store_claims(path: Path, texts: list[str]) -> None:
    """A fresh database (made by the migrations) holding ``texts`` as claims ``1..N``, nothing else.

    Loaded the way ``build`` loads: triggers lifted, the full-text index built once at the
    end, the counts refreshed, so a million claims take a minute rather than many.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(str(path)).dispose()
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    triggers = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        connection.execute(f'DROP TRIGGER "{name}"')
    connection.executemany(
        "INSERT INTO claims (id, key, text, verdict, status, origin_count, version, created_at, updated_at) "
        "VALUES (?, ?, ?, 'unreviewed', 'unsourced', 0, 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        ((i + 1, f"claim-{i + 1}", text) for i, text in enumerate(texts)),
    )
    connection.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
    connection.execute("DELETE FROM claim_counts")
    connection.execute(
        "INSERT INTO claim_counts (status, verdict, n) SELECT status, verdict, count(*) FROM claims GROUP BY status, verdict"
    )
    for _name, sql in triggers:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()


def _flush(connection: sqlite3.Connection, claims: list, tags: list, attributions: list, links: list) -> None:
    connection.executemany(
        "INSERT INTO claims (id, key, text, place, event_date, verdict, status, origin_count, awaiting, version, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        claims,
    )
    connection.executemany("INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)", tags)
    connection.executemany(
        "INSERT INTO attributions (id, key, claim_id, source_id, document_id, stance, mode, quote, credibility, as_of, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        attributions,
    )
    connection.executemany(
        "INSERT INTO claim_links (from_claim_id, to_claim_id, relation, created_at) VALUES (?, ?, ?, ?)", links
    )
    for rows in (claims, tags, attributions, links):
        rows.clear()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    print(build(arguments.claims, arguments.seed))
