"""Byte-exact round trips of hostile text through every interchange layout (issue 12).

Every text field a layout carries holds every hostile string: CR, LF and CRLF, quotes,
tabs, the CSV delimiter, bidi overrides (RLO), ESC sequences, markup, formulas. Export,
import into an empty SQLite file, export again: the two files are identical byte for byte,
and every value came back exactly as it was stored.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from support import HOSTILE_STRINGS

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ClaimLink, Document, ReviewEvent, Source, SourceAlias
from workbench.db.opening import open_database
from workbench.formats import exporter
from workbench.importing.pipeline import import_file

HOSTILE = [
    *HOSTILE_STRINGS,
    "tab\there\tand there",
    'say "hi", then ""leave""',
    "comma, and; semicolon",
    "bare\rcarriage return",
    "line\nfeed",
    "crlf\r\nline end\r\n",
    "\r",
    "\n",
    "\u202eRLO reversed\u202c",
    "\x1b[31mred\x1b[0m",
    "  padded with spaces  ",
    '"',
    ",",
    "line\u2028separator, next\x85line, form\x0cfeed, vertical\x0btab",
]
WRITERS = {"json": exporter.write_json, "jsonl": exporter.write_jsonl, "csv": exporter.write_csv}


def hostile_file(values: list[str]) -> dict[str, Any]:
    """An interchange document with a hostile value in every text field."""
    sources: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for n, value in enumerate(values):
        named = required(n, value)
        sources.append({"key": f"src-{n}", "name": named, "role": value, "aliases": [value], "kind": "person"})
        documents.append(
            {"key": f"doc-{n}", "title": named, "byline": value, "place": value, "url": value, "text": value,
             "published_at": "2026-01-27T09:30:00"}
        )
        claims.append(
            {
                "key": f"claim-{n}",
                "text": named,
                "place": value,
                "tags": [f"tag {n}"],
                "verdict": "false",
                "verdict_reason": named,
                "notes": [{"text": named, "by": named[:200], "at": "2026-01-28T09:15:00"}],
                "attributions": [
                    {"key": f"att-{n}", "source": f"src-{n}", "stance": "asserts", "document": f"doc-{n}",
                     "quote": value, "note": value}
                ],
            }
        )
        if n:
            links.append({"from": f"claim-{n}", "to": "claim-0", "relation": "refines", "note": value})
    return {"format": "workbench", "version": 2, "sources": sources, "documents": documents, "claims": claims, "links": links}


def required(n: int, value: str) -> str:
    """A value for a field that must not be blank: the hostile string with a visible start."""
    return value if value.strip() else f"{n}{value}"


def export(database: Database, fmt: str) -> str:
    out = io.StringIO(newline="")
    with database.reading() as session:
        WRITERS[fmt](session, out)
    return out.getvalue()


def stored_texts(database: Database) -> dict[str, Any]:
    """Every stored text value by record key."""
    with database.reading() as session:
        return {
            "sources": {s.key: (s.name, s.role) for s in session.scalars(select(Source))},
            "aliases": sorted(tuple(row) for row in session.execute(select(Source.key, SourceAlias.alias).join(SourceAlias))),
            "documents": {
                d.key: (d.title, d.byline, d.place, d.url, d.full_text) for d in session.scalars(select(Document))
            },
            "claims": {c.key: (c.text, c.place) for c in session.scalars(select(Claim))},
            "attributions": {a.key: (a.quote, a.note) for a in session.scalars(select(Attribution))},
            "links": sorted(link.note or "" for link in session.scalars(select(ClaimLink))),
            "review_notes": sorted(
                # a note keeps its author; a verdict reason is logged by whoever imports it
                (e.action, e.reason or "", e.reviewer if e.action == "note_added" else "")
                for e in session.scalars(select(ReviewEvent).where(ReviewEvent.action.in_(("note_added", "verdict_set"))))
            ),
        }


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_hostile_text_round_trips_byte_exact(tmp_path: Path, fmt: str) -> None:
    source_path = tmp_path / "hostile.json"
    source_path.write_text(json.dumps(hostile_file(HOSTILE)), encoding="utf-8")
    first = open_database(str(tmp_path / "a.db"))
    second = open_database(str(tmp_path / "b.db"))
    try:
        with first.writing() as session:
            import_file(session, source_path, "seed")
        exported = export(first, fmt)
        path = tmp_path / f"export.{fmt}"
        path.write_bytes(exported.encode("utf-8"))
        with second.writing() as session:
            import_file(session, path, "restore")
        assert export(second, fmt) == exported
        original, restored = stored_texts(first), stored_texts(second)
        if fmt == "csv":  # CSV carries claims, attributions, and the names and titles they use
            assert restored["claims"] == original["claims"]
            assert restored["attributions"] == original["attributions"]
            reasons = sorted(r for r in original["review_notes"] if r[0] == "verdict_set")
            assert sorted((a, r) for a, r, _ in restored["review_notes"]) == sorted((a, r) for a, r, _ in reasons)
            assert {k: v[0] for k, v in restored["sources"].items()} == {k: v[0] for k, v in original["sources"].items()}
            assert {k: (v[0], v[3]) for k, v in restored["documents"].items()} == {
                k: (v[0], v[3]) for k, v in original["documents"].items()
            }
        else:
            assert restored == original
        for n, value in enumerate(HOSTILE):
            assert original["claims"][f"claim-{n}"] == (required(n, value), value)
    finally:
        first.dispose()
        second.dispose()


def test_csv_quotes_every_line_break() -> None:
    """A bare CR in a field is quoted, or a reader splits the row there (TRAPS.md)."""
    import csv

    out = io.StringIO(newline="")
    writer = exporter.csv_writer(out)
    writer.writerow(["a\rb", "c\nd", "e\r\nf", "plain"])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows == [["a\rb", "c\nd", "e\r\nf", "plain"]]


def test_csv_export_describes_sources_that_only_relay(tmp_path: Path) -> None:
    """"Three local sources told the agency": the agency only relays, yet its row is in the CSV."""
    relayed = {
        "format": "workbench",
        "version": 1,
        "sources": [
            {"key": "src-agency", "name": "Regional Agency", "kind": "media_outlet", "reliability": "C"},
            {"key": "src-locals", "name": "three local sources", "kind": "unidentified"},
        ],
        "claims": [
            {"key": "claim-1", "text": "The convoy left at dawn", "attributions": [
                {"key": "att-1", "source": "src-locals", "stance": "asserts", "relayed_via": "src-agency"},
            ]},
            {"key": "claim-2", "text": "The convoy came back at noon", "attributions": [
                {"key": "att-2", "source": "src-locals", "stance": "asserts", "relayed_via": "src-agency"},
            ]},
        ],
    }
    path = tmp_path / "relayed.json"
    path.write_text(json.dumps(relayed), encoding="utf-8")
    first = open_database(str(tmp_path / "a.db"))
    second = open_database(str(tmp_path / "b.db"))
    try:
        with first.writing() as session:
            import_file(session, path, "seed")
        exported = export(first, "csv")
        assert exported.count("src-agency,Regional Agency,media_outlet,C") == 1  # described once
        target = tmp_path / "export.csv"
        target.write_bytes(exported.encode("utf-8"))
        with second.writing() as session:
            import_file(session, target, "restore")
        with second.reading() as session:
            agency = session.scalars(select(Source).where(Source.key == "src-agency")).one()
            assert (agency.name, agency.kind, agency.reliability) == ("Regional Agency", "media_outlet", "C")
            relays = set(session.scalars(select(Attribution.relayed_via_id)))
            assert relays == {agency.id}
            statuses = {key: status for key, status in session.execute(select(Claim.key, Claim.status))}
        assert statuses == {"claim-1": "single_source", "claim-2": "single_source"}
        assert export(second, "csv") == exported
    finally:
        first.dispose()
        second.dispose()
