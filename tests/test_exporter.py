"""Export round trips: everything that goes out comes back in, identical, by key.

A is the database under test (SQLite, and PostgreSQL when configured); B is always a fresh
SQLite file in ``tmp_path``, so the PostgreSQL run also proves the format crosses backends.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased
from support import HOSTILE_STRINGS, SAMPLE_FILE

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source, SourceAlias
from workbench.db.opening import open_database
from workbench.formats import exporter
from workbench.importing.pipeline import import_file
from workbench.review import attributions, claims, links, sources, status

# -- helpers --------------------------------------------------------------------------------


def export_text(database: Database) -> str:
    out = io.StringIO()
    with database.reading() as session:
        exporter.write_json(session, out)
    return out.getvalue()


def describe(database: Database) -> dict[str, Any]:
    """Everything the format carries plus the computed status, keyed by stable keys (never ids)."""
    parent, outlet, speaker, relay = (aliased(Source) for _ in range(4))
    original = aliased(Document)
    from_claim, to_claim = aliased(Claim), aliased(Claim)
    with database.reading() as session:
        source_rows = session.execute(
            select(Source, parent.key).outerjoin(parent, parent.id == Source.affiliation_id)
        ).all()
        alias_rows = session.execute(select(Source.key, SourceAlias.alias).join(SourceAlias)).all()
        described_sources = {
            s.key: {
                "name": s.name,
                "kind": s.kind,
                "role": s.role,
                "reliability": s.reliability,
                "affiliation": affiliation,
                "aliases": sorted(a for k, a in alias_rows if k == s.key),
            }
            for s, affiliation in source_rows
        }
        documents = {
            d.key: {
                "title": d.title,
                "outlet": outlet_key,
                "byline": d.byline,
                "place": d.place,
                "published_at": d.published_at,
                "url": d.url,
                "full_text": d.full_text,
                "content_hash": d.content_hash,
                "derived_from": original_key,
            }
            for d, outlet_key, original_key in session.execute(
                select(Document, outlet.key, original.key)
                .outerjoin(outlet, outlet.id == Document.outlet_id)
                .outerjoin(original, original.id == Document.derived_from_id)
            )
        }
        tag_rows = session.execute(select(Claim.key, ClaimTag.tag).join(ClaimTag, ClaimTag.claim_id == Claim.id)).all()
        attribution_keys = dict(session.execute(select(Attribution.id, Attribution.key)).all())
        described_claims = {}
        for claim in session.scalars(select(Claim)):
            assessment = status.assess_claim(session, claim.id)
            described_claims[claim.key] = {
                "text": claim.text,
                "place": claim.place,
                "event_date": claim.event_date,
                "verdict": claim.verdict,
                "status": claim.status,
                "origin_count": claim.origin_count,
                "awaiting": claim.awaiting,
                "tags": sorted(t for k, t in tag_rows if k == claim.key),
                "computed": assessment.summary(),
                "origins": sorted(
                    (o.name, sorted(s.value for s in o.stances), sorted(attribution_keys[a.attribution_id] for a in o.attributions))
                    for o in assessment.origins
                ),
                "not_counted": sorted((attribution_keys[u.attribution_id], u.reason) for u in assessment.uncounted),
                # explanation text with attribution ids (which may differ between databases) masked
                "explanation": [re.sub(r"#\d+ ", "#N ", line) for line in assessment.explanation_lines()],
            }
        described_attributions = {
            a.key: {
                "claim": claim_key,
                "source": source_key,
                "document": document_key,
                "stance": a.stance,
                "mode": a.mode,
                "quote": a.quote,
                "span": (a.span_start, a.span_end),
                "relayed_via": relay_key,
                "credibility": a.credibility,
                "as_of": a.as_of,
                "note": a.note,
            }
            for a, claim_key, source_key, document_key, relay_key in session.execute(
                select(Attribution, Claim.key, speaker.key, Document.key, relay.key)
                .join(Claim, Claim.id == Attribution.claim_id)
                .join(speaker, speaker.id == Attribution.source_id)
                .outerjoin(Document, Document.id == Attribution.document_id)
                .outerjoin(relay, relay.id == Attribution.relayed_via_id)
            )
        }
        described_links = sorted(
            (f, t, link.relation, link.note or "")
            for link, f, t in session.execute(
                select(ClaimLink, from_claim.key, to_claim.key)
                .join(from_claim, from_claim.id == ClaimLink.from_claim_id)
                .join(to_claim, to_claim.id == ClaimLink.to_claim_id)
            )
        )
    return {
        "sources": described_sources,
        "documents": documents,
        "claims": described_claims,
        "attributions": described_attributions,
        "links": described_links,
    }


def round_trip(database: Database, tmp_path: Path) -> tuple[str, Database]:
    """Export ``database`` to a file and import it into a new empty SQLite database B."""
    path = tmp_path / "export.json"
    path.write_text(export_text(database), encoding="utf-8")
    target = open_database(str(tmp_path / "b.db"))
    with target.writing() as session:
        summary = import_file(session, path, "importer")
    assert not any(t.updated or t.unchanged for t in summary.kinds().values())
    return path.read_text(encoding="utf-8"), target


def assert_same(a: Database, b: Database) -> dict[str, Any]:
    left, right = describe(a), describe(b)
    for kind in ("sources", "documents", "claims", "attributions"):
        assert left[kind].keys() == right[kind].keys(), kind
        for key in left[kind]:
            assert left[kind][key] == right[kind][key], (kind, key)
    assert left["links"] == right["links"]
    return left


# -- the sample -----------------------------------------------------------------------------


def test_sample_round_trip(sample_database: Database, tmp_path: Path) -> None:
    exported, b = round_trip(sample_database, tmp_path)
    try:
        described = assert_same(sample_database, b)
        assert len(described["claims"]) == 25
        assert len(described["attributions"]) == 34
        assert len(described["links"]) == 12
        assert len(described["sources"]) == 7
        withdrawal = described["claims"]["claim-russia-withdrawing-ne-syria"]
        assert withdrawal["computed"] == "corroborated · awaiting: Russian government (as of 2026-01-27)"
        assert withdrawal["awaiting"] == "Russian government (as of 2026-01-27)"
        # The export of the copy is the export of the original, byte for byte.
        assert export_text(b) == exported
    finally:
        b.dispose()


def test_export_is_the_interchange_format(sample_database: Database) -> None:
    data = json.loads(export_text(sample_database))
    assert (data["format"], data["version"]) == ("workbench", 2)
    assert set(data) == {"format", "version", "exact_copy", "sources", "documents", "claims", "links"}
    original = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    # The sample file is already in canonical form: the export reproduces its records.
    by_key = {c["key"]: c for c in data["claims"]}
    for claim in original["claims"]:
        exported = by_key[claim["key"]]
        assert exported["text"] == claim["text"]
        assert exported["tags"] == sorted(claim["tags"])
        assert [a["key"] for a in exported["attributions"]] == [a["key"] for a in claim["attributions"]]
        for ours, theirs in zip(exported["attributions"], claim["attributions"], strict=True):
            assert ours == theirs | {
                "mode": theirs.get("mode", "paraphrase"),
                "credibility": theirs.get("credibility", 6),
                "certainty": theirs.get("certainty", "stated"),  # always written: left out, it is inferred
            }
    assert data["links"] == original["links"]
    assert [s["key"] for s in data["sources"]] == [s["key"] for s in original["sources"]]
    assert data["documents"][0]["text"] == original["documents"][0]["text"]
    assert "status" not in json.dumps(data["claims"])  # statuses are computed, never exported


def test_export_is_deterministic(sample_database: Database) -> None:
    assert export_text(sample_database) == export_text(sample_database)


def test_export_counts(sample_database: Database) -> None:
    with sample_database.reading() as session:
        counts = exporter.write_json(session, io.StringIO())
    assert counts == {"sources": 7, "documents": 1, "claims": 25, "attributions": 34, "links": 12}


def test_export_pages_through_claims(sample_database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = export_text(sample_database)
    monkeypatch.setattr(exporter, "PAGE", 2)
    assert export_text(sample_database) == whole


def test_empty_database_exports_and_reimports(database: Database, tmp_path: Path) -> None:
    exported, b = round_trip(database, tmp_path)
    try:
        data = json.loads(exported)
        assert data == {"format": "workbench", "version": 2, "exact_copy": True, "sources": [], "documents": [], "claims": [], "links": []}
        assert describe(b)["claims"] == {}
    finally:
        b.dispose()


# -- a database built by hand: verdicts, relays, rewrites, silences, merges, hostile text ----

DOCUMENTS_FILE = {
    "format": "workbench",
    "version": 1,
    "sources": [
        {"key": "src-wire", "name": "Wire Service", "kind": "media_outlet", "reliability": "B"},
        {"key": "src-paper", "name": "Local Paper", "kind": "media_outlet"},
    ],
    "documents": [
        {"key": "doc-rewrite", "title": "Rewrite", "outlet": "src-paper", "derived_from": "doc-wire", "published_at": "2026-01-28T10:15:00"},
        {
            "key": "doc-wire",
            "title": "Wire report",
            "outlet": "src-wire",
            "byline": "A. Reporter",
            "place": "Qamishli",
            "url": "https://example.org/wire",
            "published_at": "2026-01-27",
            "text": "The base is empty, officials said.",
        },
    ],
}


def build_rich_database(database: Database, tmp_path: Path, hostile: list[str]) -> None:
    path = tmp_path / "documents.json"
    path.write_text(json.dumps(DOCUMENTS_FILE), encoding="utf-8")
    with database.writing() as session:
        import_file(session, path, "seed")
    with database.writing() as session:
        sources.add_source(session, "alice", "Syrian Democratic Forces", kind="organization", reliability="C", aliases=["SDF"])
        sources.add_source(session, "alice", "Ahmed Ali", role="fighter", affiliation="SDF")
        sources.add_source(session, "alice", "Reuters", kind="media_outlet", reliability="B")
        sources.add_source(session, "alice", "Five Syrian sources", kind="unidentified")
        sources.add_source(session, "alice", "Troll", reliability="E")
        sources.add_source(session, "alice", "Russian government", kind="government_body", aliases=["Moscow", "the Kremlin"])
        base = claims.add_claim(session, "alice", "The base is empty", tags=["Qamishli", "russia"], place="Qamishli", event_date=date(2026, 1, 27))
        relayed = claims.add_claim(session, "alice", "Equipment left by plane", tags=["russia"])
        duplicate = claims.add_claim(session, "alice", "The base has been emptied", tags=["dup-only"])
        denied = claims.add_claim(session, "alice", "Russia denies leaving")
        attributions.add_attribution(session, "alice", base.id, "Wire Service", "asserts", mode="own_observation", document="doc-wire",
                                     quote="The base is empty", span=(0, 17), credibility=2, as_of=date(2026, 1, 27), note="seen")
        attributions.add_attribution(session, "alice", base.id, "Ahmed Ali", "asserts", document="doc-rewrite", credibility=3)
        attributions.record_silence(session, "alice", base.id, "Russian government", as_of=date(2026, 1, 27))
        attributions.add_attribution(session, "alice", relayed.id, "Five Syrian sources", "asserts", relayed_via="Reuters")
        attributions.add_attribution(session, "alice", relayed.id, "Reuters", "asserts")
        attributions.add_attribution(session, "alice", relayed.id, "Troll", "denies")
        attributions.record_silence(session, "alice", relayed.id, "Moscow", as_of=date(2026, 1, 20), declined=True)
        attributions.add_attribution(session, "alice", duplicate.id, "SDF", "asserts", as_of=date(2026, 1, 26))
        attributions.add_attribution(session, "alice", denied.id, "the Kremlin", "denies", mode="official_statement")
        attributions.add_attribution(session, "alice", denied.id, "Wire Service", "asserts", mode="own_observation")
        claims.set_verdict(session, "alice", base.id, "mostly_accurate", "seen by the wire")
        claims.set_verdict(session, "alice", denied.id, "misleading", "the wire saw it")
        links.link_claims(session, "alice", relayed.id, base.id, "supports", note="how it left")
        links.link_claims(session, "alice", denied.id, base.id, "contradicts")
        links.link_claims(session, "alice", duplicate.id, denied.id, "contradicts", note="from the duplicate")
        links.merge_claims(session, "alice", base.id, duplicate.id, "same claim")
        for n, value in enumerate(hostile):
            sources.add_source(session, "mallory", value, role=value, aliases=[value], key=f"src-hostile-{n}")
            claim = claims.add_claim(session, "mallory", value, place=value, key=f"claim-hostile-{n}")
            attributions.add_attribution(session, "mallory", claim.id, f"src-hostile-{n}", "asserts", quote=value, note=value)
            claims.set_verdict(session, "mallory", claim.id, "false", value)
            links.link_claims(session, "mallory", claim.id, base.id, "refines", note=value)


def _hostile_for(database: Database) -> list[str]:
    return list(HOSTILE_STRINGS)


def test_rich_database_round_trip(database: Database, tmp_path: Path) -> None:
    hostile = _hostile_for(database)
    build_rich_database(database, tmp_path, hostile)
    exported, b = round_trip(database, tmp_path)
    try:
        described = assert_same(database, b)
        assert export_text(b) == exported
    finally:
        b.dispose()
    base = described["claims"]["claim-the-base-is-empty"]
    assert base["verdict"] == "mostly_accurate"
    assert base["tags"] == ["dup-only", "qamishli", "russia"]  # merged in from the duplicate
    assert base["status"] == "corroborated"  # the wire, the SDF (merged in, and via the rewrite)
    assert base["awaiting"] == "Russian government (as of 2026-01-27)"
    assert "claim-the-base-has-been-emptied" not in described["claims"]
    relayed = described["claims"]["claim-equipment-left-by-plane"]
    assert relayed["status"] == "single_source"
    assert relayed["awaiting"] == "Russian government (as of 2026-01-20, declined to comment)"
    assert [o[0] for o in relayed["origins"]] == ["Reuters"]  # unnamed sources: the relayer's own reporting
    assert described["claims"]["claim-russia-denies-leaving"]["status"] == "contested"
    assert ("claim-russia-denies-leaving", "claim-the-base-is-empty", "contradicts", "") in described["links"]
    assert ("claim-equipment-left-by-plane", "claim-the-base-is-empty", "supports", "how it left") in described["links"]
    assert described["documents"]["doc-rewrite"]["derived_from"] == "doc-wire"
    for n, value in enumerate(hostile):
        claim = described["claims"][f"claim-hostile-{n}"]
        assert (claim["text"], claim["place"], claim["verdict"]) == (value, value, "false")
        source = described["sources"][f"src-hostile-{n}"]
        assert (source["name"], source["role"], source["aliases"]) == (value, value, [value])
        (attribution,) = [a for a in described["attributions"].values() if a["claim"] == f"claim-hostile-{n}"]
        assert (attribution["quote"], attribution["note"]) == (value, value)
        assert (f"claim-hostile-{n}", "claim-the-base-is-empty", "refines", value) in described["links"]


def test_export_escapes_nothing_away(database: Database, tmp_path: Path) -> None:
    """The exported JSON is faithful: control characters are JSON-escaped, not dropped or replaced."""
    hostile = _hostile_for(database)
    build_rich_database(database, tmp_path, hostile)
    data = json.loads(export_text(database))
    texts = {c["key"]: c["text"] for c in data["claims"]}
    for n, value in enumerate(hostile):
        assert texts[f"claim-hostile-{n}"] == value
    raw = export_text(database)
    assert "\x1b" not in raw  # JSON escapes ESC as \u001b ...
    assert "\\u001b" in raw
    assert "🇸🇾" in raw  # ... and keeps other text as UTF-8 (ensure_ascii=False)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_an_export_restores_claims_a_reviewer_kept_apart(database: Database, tmp_path: Path, fmt: str) -> None:
    """Near-identical claims survive export -> import: an export is an exact copy, never matched."""
    from click.testing import CliRunner

    from workbench.cli import cli

    texts = [
        "Russian forces have begun pulling out of the Qamishli air base in northeast Syria",
        "Russian forces have begun pulling out of the Qamishli air base in north-east Syria",
    ]
    with database.writing() as session:
        for text in texts:
            claims.add_claim(session, "alice", text)
    target = tmp_path / f"export.{fmt}"
    with database.reading() as session, target.open("w", encoding="utf-8") as out:
        (exporter.write_json if fmt == "json" else exporter.write_jsonl)(session, out)
    restored = tmp_path / "restored.db"
    result = CliRunner().invoke(cli, ["--db", str(restored), "-q", "import", str(target)])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(cli, ["--db", str(restored), "claims", "list", "--json"])
    assert sorted(c["text"] for c in json.loads(listed.stdout)) == sorted(texts)
    links = CliRunner().invoke(cli, ["--db", str(restored), "sql", "SELECT count(*) AS n FROM claim_links", "--json"])
    assert json.loads(links.stdout) == [{"n": 0}]
