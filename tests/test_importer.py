"""Importing interchange files: the sample, re-imports, updates, and a battery of bad input.

Every bad file is imported into a database that already holds the sample data, and must be
refused with ``FILE:LINE: FIELD: reason`` while leaving every table exactly as it was.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text
from support import HOSTILE_STRINGS, SAMPLE_FILE, pg_schema, pg_url

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ReviewEvent
from workbench.db.opening import open_database
from workbench.errors import BadImportFile
from workbench.formats import exporter
from workbench.importing.pipeline import import_file, read_bundle
from workbench.limits import MAX_TEXT
from workbench.review import claims, sources, status

SAMPLE: dict[str, Any] = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
DOC_KEY = "doc-ap-qamishli-2026-01-27"
WITHDRAWAL = "claim-russia-withdrawing-ne-syria"
CEASEFIRE = "claim-ceasefire-extended-15-days"

# -- helpers --------------------------------------------------------------------------------


def table_snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (names come from the schema, not from input)."""
    with database.reading() as session:
        names = sorted(inspect(session.connection()).get_table_names())
        assert "claims" in names and "review_events" in names
        return {
            name: sorted((tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
            for name in names
        }


def counts(database: Database) -> dict[str, int]:
    return {name: len(rows) for name, rows in table_snapshot(database).items()}


def dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def record_line(content: str, marker: str) -> int:
    """The 1-based line of the ``{`` opening the (indent=2) object whose field holds ``marker``."""
    lines = content.split("\n")
    hits = [i for i, line in enumerate(lines) if marker in line]
    assert len(hits) == 1, f"marker {marker!r} found {len(hits)} times"
    index = hits[0]
    indent = len(lines[index]) - len(lines[index].lstrip(" "))
    opening = " " * (indent - 2) + "{"
    while lines[index] != opening:
        index -= 1
        assert index >= 0, f"no object start above {marker!r}"
    return index + 1


def do_import(database: Database, path: Path | str, reviewer: str = "tester"):
    with database.writing() as session:
        return import_file(session, path, reviewer)


def assert_refused(database: Database, path: Path, line: int | None, field: str, reason: str) -> BadImportFile:
    """Import ``path``: it must fail naming line and field, and write nothing at all."""
    before = table_snapshot(database)
    with pytest.raises(BadImportFile) as caught:
        do_import(database, path)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), line, field), str(error)
    assert reason in error.reason, str(error)
    where = f"{path}:{line}" if line is not None else str(path)
    assert str(error) == f"{where}: {field}: {error.reason}"
    assert "\n" not in str(error)
    assert table_snapshot(database) == before
    return error


# -- shared databases -----------------------------------------------------------------------
# Refused imports write nothing, so the bad-input battery shares one sample database per
# backend (each case still compares every table before and after); a case that did write
# would fail itself. The hostile-string round trips share one database too, each under its
# own keys.


@contextmanager
def _fresh_database(backend: str, folder: Path) -> Iterator[Database]:
    if backend == "sqlite":
        db = open_database(str(folder / "workbench.db"))
        try:
            yield db
        finally:
            db.dispose()
        return
    base = pg_url()
    if base is None:
        pytest.skip("WORKBENCH_TEST_PG_URL is not set")
    with pg_schema(base) as url:
        db = open_database(url)
        try:
            yield db
        finally:
            db.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def shared_sample(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with _fresh_database(backend, tmp_path_factory.mktemp("sample")) as db:
        do_import(db, SAMPLE_FILE)
        yield db


@pytest.fixture(scope="module")
def shared_empty(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with _fresh_database(backend, tmp_path_factory.mktemp("empty")) as db:
        yield db


# -- the sample -----------------------------------------------------------------------------

AP_CLAIMS = {
    "claim-qamishli-base-guarded-by-sdf",
    "claim-living-quarters-largely-empty",
    "claim-russia-no-official-statement",
    "claim-sdf-lost-most-territory",
    "claim-fighting-after-merger-talks-collapsed",
    "claim-ceasefire-largely-holding",
    "claim-assad-ousted-dec-2024",
    "claim-russia-built-ties-with-new-government",
    "claim-moscow-close-ally-of-assad",
    "claim-russian-intervention-saved-assad",
    "claim-russia-did-not-counter-2024-offensive",
    "claim-russia-gave-assad-asylum",
    "claim-damascus-pragmatic-toward-moscow",
    "claim-russia-retains-coastal-bases",
    "claim-hmeimim-main-russian-coastal-base",
    "claim-sharaa-to-visit-moscow-meet-putin",
}
EQUIPMENT = "claim-russians-moved-equipment-out"
SDF_CLAIMS = {
    "claim-withdrawal-began-5-6-days-before",
    "claim-equipment-left-by-cargo-plane",
    "claim-equipment-destination-unknown",
    "claim-russia-still-present-qamishli",
}
SYRIAN_GOVERNMENT_CLAIMS = {"claim-extension-supports-us-detainee-transfer", "claim-us-transferring-is-detainees-to-iraq"}
AWAITING_RUSSIA = {WITHDRAWAL, EQUIPMENT} | SDF_CLAIMS - {"claim-equipment-destination-unknown"}


def test_sample_import_summary(database: Database) -> None:
    summary = do_import(database, SAMPLE_FILE)
    assert {kind: (t.created, t.updated, t.unchanged) for kind, t in summary.kinds().items()} == {
        "sources": (7, 0, 0),
        "documents": (1, 0, 0),
        "claims": (25, 0, 0),
        "attributions": (34, 0, 0),
        "links": (12, 0, 0),
    }
    assert summary.changed
    sizes = counts(database)
    assert (sizes["sources"], sizes["documents"], sizes["claims"], sizes["attributions"], sizes["claim_links"]) == (
        7,
        1,
        25,
        34,
        12,
    )
    assert sizes["source_aliases"] == sum(len(s.get("aliases", [])) for s in SAMPLE["sources"])
    assert sizes["claim_tags"] == sum(len(set(c.get("tags", []))) for c in SAMPLE["claims"])


def test_sample_statuses_match_the_readme(sample_database: Database) -> None:
    assert len(AP_CLAIMS | SDF_CLAIMS | SYRIAN_GOVERNMENT_CLAIMS) == 22
    with sample_database.reading() as session:
        page = claims.list_claims(session, limit=100)
        assert len(page) == 25
        by_key = {c.key: c for c in page}
        origins = {key: {o.name for o in claims.get_dossier(session, key).assessment.origins} for key in by_key}
    assert by_key[WITHDRAWAL].status == "corroborated"
    assert by_key[WITHDRAWAL].awaiting == "Russian government (as of 2026-01-27)"
    assert origins[WITHDRAWAL] == {"Associated Press", "Syrian Democratic Forces"}
    assert by_key[CEASEFIRE].status == "corroborated"
    assert by_key[CEASEFIRE].awaiting is None
    assert origins[CEASEFIRE] == {"Syrian Democratic Forces", "Syrian government"}
    # The unnamed fighters are AP's own reporting; Ahmed Ali, named, is the SDF's chain.
    assert by_key[EQUIPMENT].status == "corroborated"
    assert origins[EQUIPMENT] == {"Associated Press", "Syrian Democratic Forces"}
    for key, expected in [
        *((k, "Associated Press") for k in AP_CLAIMS),
        *((k, "Syrian Democratic Forces") for k in SDF_CLAIMS),
        *((k, "Syrian government") for k in SYRIAN_GOVERNMENT_CLAIMS),
    ]:
        assert by_key[key].status == "single_source", key
        assert by_key[key].origins == 1, key
        assert origins[key] == {expected}, key
    awaiting = {key for key, c in by_key.items() if c.awaiting}
    assert awaiting == AWAITING_RUSSIA
    for key in AWAITING_RUSSIA:
        assert by_key[key].awaiting == "Russian government (as of 2026-01-27)"
    assert {c.verdict for c in page} == {"unreviewed"}


def test_sample_import_stores_the_file_faithfully(sample_database: Database) -> None:
    with sample_database.reading() as session:
        dossier = claims.get_dossier(session, WITHDRAWAL)
        ahmed = sources.get_source(session, "src-ahmed-ali")
        ap = sources.get_source(session, "src-ap")
        history = [e.action for e in dossier.history]
    spec = SAMPLE["claims"][0]
    assert dossier.claim.text == spec["text"]
    assert list(dossier.claim.tags) == sorted(spec["tags"])
    assert [a.key for a in dossier.attributions] == [a["key"] for a in spec["attributions"]]
    first = dossier.attributions[0]
    assert (first.quote, first.span, first.credibility, first.mode) == (
        spec["attributions"][0]["quote"],
        tuple(spec["attributions"][0]["span"]),
        2,
        "own_observation",
    )
    assert first.document is not None and first.document.outlet_name == "Associated Press"
    assert ahmed.affiliation_name == "Syrian Democratic Forces"
    assert ahmed.role == "SDF fighter deployed at the facility"
    assert set(ap.aliases) == {"AP", "The Associated Press"}
    assert history[0] == "claim_added"
    with sample_database.reading() as session:
        added = claims.get_dossier(session, "claim-russia-withdrawing-ne-syria").history[0]
    # A created claim's one event lists the attributions it came with (per-attribution events
    # are kept for attributions added to claims that already existed).
    assert len(added.after["attributions"]) == 4


def test_reimport_changes_nothing(sample_database: Database) -> None:
    before = table_snapshot(sample_database)
    summary = do_import(sample_database, SAMPLE_FILE)
    assert not summary.changed
    assert {kind: (t.created, t.updated) for kind, t in summary.kinds().items()} == {
        kind: (0, 0) for kind in ("sources", "documents", "claims", "attributions", "links")
    }
    assert (summary.sources.unchanged, summary.documents.unchanged, summary.claims.unchanged) == (7, 1, 25)
    assert (summary.attributions.unchanged, summary.links.unchanged) == (34, 12)
    assert table_snapshot(sample_database) == before  # not one row, not one review event, not one timestamp


def test_export_of_an_import_reimports_unchanged(sample_database: Database, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    with sample_database.reading() as session, path.open("w", encoding="utf-8") as out:
        exporter.write_json(session, out)
    before = table_snapshot(sample_database)
    assert not do_import(sample_database, path).changed
    assert table_snapshot(sample_database) == before


def test_updated_records_are_updated_and_logged(sample_database: Database, tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["claims"][1]["text"] = "The base was guarded by SDF fighters on 27 January."
    data["claims"][1]["attributions"][0]["credibility"] = 1
    data["sources"][1]["reliability"] = "E"  # the SDF: its claims lose their only origin
    data["links"][0]["note"] = "changed note"
    path = tmp_path / "updated.json"
    path.write_text(dump(data), encoding="utf-8")
    with sample_database.reading() as session:
        events_before = session.scalar(select(func.count()).select_from(ReviewEvent))
        version_before = claims.get_claim(session, "claim-qamishli-base-guarded-by-sdf").version

    summary = do_import(sample_database, path, reviewer="editor")

    assert (summary.claims.updated, summary.attributions.updated, summary.sources.updated, summary.links.updated) == (1, 1, 1, 1)
    assert (summary.claims.created, summary.attributions.created) == (0, 0)
    with sample_database.reading() as session:
        claim = claims.get_claim(session, "claim-qamishli-base-guarded-by-sdf")
        assert claim.text == "The base was guarded by SDF fighters on 27 January."
        assert claim.version > version_before
        new_events = session.scalars(
            select(ReviewEvent).where(ReviewEvent.id > events_before).order_by(ReviewEvent.id)
        ).all()
        by_action = {e.action: e for e in new_events}
        assert set(by_action) == {"claim_updated", "attribution_updated", "source_updated", "link_updated"}
        assert {e.reviewer for e in new_events} == {"editor"}
        assert all(e.reason == f"import from {path}" for e in new_events)
        updated = by_action["claim_updated"]
        assert updated.claim_id == claim.id
        assert updated.before == {"text": SAMPLE["claims"][1]["text"]}
        assert updated.after == {"text": "The base was guarded by SDF fighters on 27 January."}
        assert by_action["attribution_updated"].before == {"credibility": 2}
        assert by_action["attribution_updated"].after == {"credibility": 1}
        assert by_action["source_updated"].after == {"reliability": "E"}
        # Grading the SDF E through an import recomputes its claims in the same transaction.
        assert claims.get_claim(session, WITHDRAWAL).status == "single_source"
        assert claims.get_claim(session, CEASEFIRE).status == "single_source"
        for key in SDF_CLAIMS:
            assert claims.get_claim(session, key).status == "unsourced", key
        assert claims.get_claim(session, EQUIPMENT).status == "single_source"  # AP's unnamed fighters remain
        assert status.find_mismatches(session) == []


def test_import_adds_to_existing_records(sample_database: Database, tmp_path: Path) -> None:
    addition = {
        "format": "workbench",
        "version": 2,
        "sources": [{"key": "src-reuters", "name": "Reuters", "kind": "media_outlet", "reliability": "B"}],
        "claims": [
            SAMPLE["claims"][12]
            | {
                "attributions": SAMPLE["claims"][12]["attributions"]
                + [{"key": "att-reuters-ceasefire", "source": "src-reuters", "stance": "denies", "mode": "own_observation", "certainty": "stated"}],
            }
        ],
        "links": [{"from": CEASEFIRE, "to": WITHDRAWAL, "relation": "contradicts"}],
    }
    path = tmp_path / "addition.json"
    path.write_text(dump(addition), encoding="utf-8")
    summary = do_import(sample_database, path)
    assert (summary.sources.created, summary.attributions.created, summary.attributions.unchanged, summary.links.created) == (1, 1, 2, 1)
    assert summary.claims.unchanged == 1
    with sample_database.reading() as session:
        assert claims.get_claim(session, CEASEFIRE).status == "contested"
        assert claims.count_claims(session).total == 25


def test_renaming_a_source_by_import_updates_awaiting(sample_database: Database, tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["sources"][4]["name"] = "Russian Federation"
    path = tmp_path / "renamed.json"
    path.write_text(dump(data), encoding="utf-8")
    do_import(sample_database, path)
    with sample_database.reading() as session:
        assert claims.get_claim(session, WITHDRAWAL).awaiting == "Russian Federation (as of 2026-01-27)"
        assert status.find_mismatches(session) == []


def test_keyless_attributions_are_never_merged_silently(database: Database, tmp_path: Path) -> None:
    data = {
        "format": "workbench",
        "version": 1,
        "sources": [{"key": "a", "name": "A"}, {"key": "ru", "name": "Russia"}],
        "claims": [
            {
                "key": "c",
                "text": "claim",
                "attributions": [
                    {"source": "a", "stance": "asserts"},
                    {"source": "ru", "stance": "no_statement", "as_of": "2026-01-27"},
                    {"source": "ru", "stance": "no_statement", "as_of": "2026-01-20"},
                ],
            }
        ],
    }
    path = tmp_path / "keyless.json"
    path.write_text(dump(data), encoding="utf-8")
    try:
        do_import(database, path)
    except BadImportFile as error:  # refusing the ambiguity is fine
        assert error.field.startswith("claims[0].attributions[2]")
        return
    # ...and so is keeping both; silently dropping one is not.
    assert counts(database)["attributions"] == 3
    with database.reading() as session:
        assert claims.get_claim(session, "c").awaiting == "Russia (as of 2026-01-27)"
    assert not do_import(database, path).changed


# -- bad input: record-level problems -------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A mutation of the sample, the marker that locates the offending record, and the error."""

    id: str
    mutate: Callable[[dict[str, Any]], None]
    marker: str | None  # None: the top-level object (line 1)
    field: str
    reason: str


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation setting ``claims.0.attributions.1.stance`` (dotted path) to ``value``."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _then(*mutations: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


def _append(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        target.append(copy.deepcopy(value))

    return mutate


def _many_good_claims_then(bad_attribution: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """300 valid new claims (and an update to an existing one) before one bad record."""

    def mutate(data: dict[str, Any]) -> None:
        data["claims"][0]["text"] = "Changed text that must not survive."
        data["sources"].append({"key": "src-new", "name": "New source"})
        for n in range(300):
            data["claims"].append(
                {
                    "key": f"claim-bulk-{n}",
                    "text": f"Bulk claim number {n}",
                    "tags": ["bulk"],
                    "attributions": [{"key": f"att-bulk-{n}", "source": "src-new", "stance": "asserts"}],
                }
            )
        data["claims"].append({"key": "claim-last", "text": "The last one", "attributions": [bad_attribution]})
        data["links"].append({"from": "claim-bulk-0", "to": "claim-bulk-1", "relation": "supports"})

    return mutate


A0 = "claims.0.attributions"
LEDE = "att-russia-withdrawing-ne-syria--ap"
QUOTE0 = SAMPLE["claims"][0]["attributions"][0]["quote"]

BAD_RECORDS = [
    # unknown enum values
    Bad("unknown-stance", _set(f"{A0}.1.stance", "assert"), '"assert"', "claims[0].attributions[1].stance",
        "unknown value 'assert' (expected one of: asserts, denies, no_statement, declined_to_comment)"),
    Bad("unknown-mode", _set("claims.2.attributions.0.mode", "hearsay"), '"hearsay"', "claims[2].attributions[0].mode",
        "unknown value 'hearsay' (expected one of: direct_quote, paraphrase, own_observation"),
    Bad("unknown-kind", _set("sources.3.kind", "human"), '"human"', "sources[3].kind", "unknown value 'human'"),
    Bad("unknown-reliability", _set("sources.1.reliability", "G"), '"reliability": "G"', "sources[1].reliability",
        "unknown value 'G' (expected one of: A, B, C, D, E, F)"),
    Bad("lowercase-reliability", _set("sources.0.reliability", "b"), '"reliability": "b"', "sources[0].reliability",
        "unknown value 'b'"),
    Bad("unknown-verdict", _set("claims.4.verdict", "true"), '"verdict": "true"', "claims[4].verdict",
        "unknown value 'true' (expected one of: unreviewed, accurate, mostly_accurate, misleading, false, unproven)"),
    Bad("unknown-relation", _set("links.2.relation", "duplicates"), '"duplicates"', "links[2].relation",
        "unknown value 'duplicates' (expected one of: duplicate_of, contradicts, supports, refines, supersedes, fulfils)"),
    # unknown fields (typos)
    Bad("typo-in-attribution", _set(f"{A0}.2.stnace", "asserts"), '"stnace"', "claims[0].attributions[2].stnace", "unknown field"),
    Bad("typo-in-source", _set("sources.2.afiliation", "src-sdf"), '"afiliation"', "sources[2].afiliation", "unknown field"),
    Bad("typo-in-claim", _set("claims.9.tag", ["x"]), '"tag": [', "claims[9].tag", "unknown field"),
    Bad("typo-in-link", _set("links.0.relaton", "supports"), '"relaton"', "links[0].relaton", "unknown field"),
    Bad("typo-at-top", _set("claim", []), None, "(top).claim", "unknown field"),
    # missing required fields
    Bad("missing-claim-text", _delete("claims.3.text"), '"key": "claim-living-quarters-largely-empty"', "claims[3].text", "missing (required)"),
    Bad("missing-claim-key", _delete("claims.3.key"), '"text": "The former soldiers', "claims[3].key", "missing (required)"),
    Bad("missing-source-name", _delete("sources.2.name"), '"key": "src-sdf-fighters-qamishli-base"', "sources[2].name", "missing (required)"),
    Bad("missing-attribution-source", _delete(f"{A0}.0.source"), f'"{LEDE}"', "claims[0].attributions[0].source", "missing (required)"),
    Bad("missing-stance", _delete(f"{A0}.0.stance"), f'"{LEDE}"', "claims[0].attributions[0].stance", "missing (required)"),
    Bad("missing-relation", _delete("links.3.relation"), "Emptied quarters fit equipment", "links[3].relation", "missing (required)"),
    Bad("missing-document-title", _delete("documents.0.title"), f'"key": "{DOC_KEY}"', "documents[0].title", "missing (required)"),
    Bad("missing-format", _delete("format"), None, "format", 'expected "workbench", got null'),
    Bad("missing-version", _delete("version"), None, "version", "expected a whole number, got null"),
    Bad("blank-claim-text", _set("claims.5.text", "   "), '"text": "   "', "claims[5].text", "must not be blank"),
    # wrong types
    Bad("number-for-text", _set("claims.5.text", 42), '"text": 42', "claims[5].text", "expected a string, got a number"),
    Bad("list-for-name", _set("sources.0.name", ["AP"]), '"key": "src-ap"', "sources[0].name", "expected a string, got a list"),
    Bad("string-for-credibility", _set(f"{A0}.1.credibility", "3"), '"credibility": "3"', "claims[0].attributions[1].credibility",
        "expected a whole number from 1 to 6, got a string ('3')"),
    Bad("bool-for-credibility", _set(f"{A0}.1.credibility", True), '"credibility": true', "claims[0].attributions[1].credibility",
        "expected a whole number from 1 to 6, got a boolean (True)"),
    Bad("float-for-credibility", _set(f"{A0}.1.credibility", 2.5), '"credibility": 2.5', "claims[0].attributions[1].credibility",
        "expected a whole number from 1 to 6, got a number (2.5)"),
    Bad("string-for-tags", _set("claims.6.tags", "russia"), '"tags": "russia"', "claims[6].tags", "expected a list of strings, got a string"),
    Bad("number-in-tags", _set("claims.6.tags", ["ok", 7]), '"key": "claim-equipment-destination-unknown"', "claims[6].tags[1]",
        "expected a string, got a number"),
    Bad("object-for-attributions", _set("claims.7.attributions", {"source": "src-ap"}), '"key": "claim-russia-still-present-qamishli"',
        "claims[7].attributions", "expected a list, got an object"),
    Bad("string-for-attribution", _set("claims.8.attributions", ["src-ap asserts"]), '"key": "claim-russia-no-official-statement"',
        "claims[8].attributions[0]", "expected an object, got a string"),
    Bad("string-for-span", _set(f"{A0}.0.span", "23-164"), '"span": "23-164"', "claims[0].attributions[0].span",
        "expected [start, end] as two whole numbers"),
    Bad("string-for-version", _set("version", "1"), None, "version", "expected a whole number, got a string ('1')"),
    Bad("object-for-claims", _set("claims", {}), None, "(top).claims", "expected a list, got an object"),
    # out of range
    Bad("credibility-0", _set(f"{A0}.1.credibility", 0), '"credibility": 0', "claims[0].attributions[1].credibility", "must be from 1 to 6, got 0"),
    Bad("credibility-7", _set(f"{A0}.1.credibility", 7), '"credibility": 7', "claims[0].attributions[1].credibility", "must be from 1 to 6, got 7"),
    Bad("negative-span", _set(f"{A0}.0.span", [-1, 10]), f'"{LEDE}"', "claims[0].attributions[0].span", "expected 0 <= start <= end, got [-1, 10]"),
    Bad("reversed-span", _set(f"{A0}.0.span", [164, 23]), f'"{LEDE}"', "claims[0].attributions[0].span", "expected 0 <= start <= end, got [164, 23]"),
    # dates
    Bad("impossible-as-of", _set(f"{A0}.2.as_of", "2026-02-30"), '"2026-02-30"', "claims[0].attributions[2].as_of",
        "expected an ISO date like 2026-01-27, got '2026-02-30'"),
    Bad("european-event-date", _set("claims.10.event_date", "27/01/2026"), '"27/01/2026"', "claims[10].event_date",
        "expected an ISO date like 2026-01-27, got '27/01/2026'"),
    Bad("word-published-at", _set("documents.0.published_at", "yesterday"), '"yesterday"', "documents[0].published_at",
        "expected an ISO date or date-time like 2026-01-27T09:30:00, got 'yesterday'"),
    # format and version
    Bad("wrong-format", _set("format", "claimreview"), None, "format", "expected \"workbench\", got a string ('claimreview')"),
    Bad("future-version", _set("version", 3), None, "version", "version 3 is newer than this workbench reads (2)"),
    Bad("version-zero", _set("version", 0), None, "version", "unknown version 0"),
    # oversized
    Bad("oversized-claim-text", _set("claims.11.text", "x" * (MAX_TEXT + 1)), '"key": "claim-ceasefire-largely-holding"', "claims[11].text",
        f"too long ({MAX_TEXT + 1:,} characters; the limit is {MAX_TEXT:,})"),
    Bad("oversized-quote", _set(f"{A0}.3.quote", "q" * (MAX_TEXT + 1)), '"att-russia-withdrawing-ne-syria--russian-government-no-statement"',
        "claims[0].attributions[3].quote", "too long"),
    Bad("oversized-alias", _set("sources.4.aliases", ["a" * (MAX_TEXT + 1)]), '"key": "src-russian-government"', "sources[4].aliases[0]", "too long"),
    Bad("oversized-key", _set("claims.12.key", "k" * 201), '"kkkkkkkkkk', "claims[12].key", "too long (201 characters; the limit is 200)"),
    # duplicates within the file
    Bad("duplicate-claim-key", _append("claims", {"key": WITHDRAWAL, "text": "A second claim with the first one's key"}),
        "A second claim with the first one's key", "claims[25].key", f"duplicate key '{WITHDRAWAL}' (first used on line"),
    Bad("duplicate-source-key", _append("sources", {"key": "src-ap", "name": "Another AP"}), '"Another AP"', "sources[7].key",
        "duplicate key 'src-ap'"),
    Bad("duplicate-document-key", _append("documents", {"key": DOC_KEY, "title": "Copy"}), '"title": "Copy"', "documents[1].key",
        f"duplicate key '{DOC_KEY}'"),
    Bad("duplicate-attribution-key", _append("claims.1.attributions", {"key": LEDE, "source": "src-sdf", "stance": "denies", "note": "dup-att"}),
        '"dup-att"', "claims[1].attributions[1].key", f"duplicate key '{LEDE}'"),
    Bad("self-link", _set("links.0.to", "claim-withdrawal-began-5-6-days-before"), "Dates the start of the withdrawal", "links[0].to",
        "a claim cannot be linked to itself"),
    # references checked while applying (after earlier records were already written)
    Bad("unknown-attribution-source", _set("claims.13.attributions.0.source", "src-nobody"), '"src-nobody"',
        "claims[13].attributions[0].source", "unknown source key 'src-nobody' (not in this file or the database)"),
    Bad("unknown-attribution-document", _set("claims.14.attributions.0.document", "doc-nowhere"), '"doc-nowhere"',
        "claims[14].attributions[0].document", "unknown document key 'doc-nowhere'"),
    Bad("unknown-relayer", _set("claims.15.attributions.0.relayed_via", "src-ghost"), '"src-ghost"',
        "claims[15].attributions[0].relayed_via", "unknown source key 'src-ghost'"),
    Bad("unknown-link-target", _set("links.11.to", "claim-nope"), '"claim-nope"', "links[11].to", "unknown claim key 'claim-nope'"),
    Bad("unknown-link-origin", _set("links.5.from", "claim-nada"), '"claim-nada"', "links[5].from", "unknown claim key 'claim-nada'"),
    Bad("span-does-not-cover-quote", _set(f"{A0}.0.span", [24, 165]), f'"{LEDE}"', "claims[0].attributions[0].span",
        "the span does not cover the quote in the document's text"),
    Bad("span-past-the-end", _set(f"{A0}.0.span", [23, 999999]), f'"{LEDE}"', "claims[0].attributions[0].span",
        "[23, 999999] runs past the end of the document's text (2574 characters)"),
    Bad("quote-edited", _set(f"{A0}.0.quote", QUOTE0.replace("Russian", "Syrian")), f'"{LEDE}"', "claims[0].attributions[0].span",
        "the span does not cover the quote"),
    Bad("bad-record-after-300-good-ones", _many_good_claims_then({"source": "src-missing", "stance": "asserts", "note": "last"}),
        '"note": "last"', "claims[325].attributions[0].source", "unknown source key 'src-missing'"),
    Bad("bad-span-after-300-good-ones", _many_good_claims_then({"source": "src-new", "stance": "asserts", "document": DOC_KEY, "quote": "nope", "span": [0, 4]}),
        '"quote": "nope"', "claims[325].attributions[0].span", "the span does not cover the quote"),
]

# Reference problems in sources and documents, found while applying (after other writes).
BAD_REFERENCES_IN_SOURCES_AND_DOCUMENTS = [
    Bad("unknown-affiliation", _set("sources.3.affiliation", "src-nobody"), '"src-nobody"', "sources[3].affiliation",
        "unknown source key 'src-nobody'"),
    Bad("unknown-outlet", _set("documents.0.outlet", "src-gone"), '"src-gone"', "documents[0].outlet", "unknown source key 'src-gone'"),
    Bad("unknown-derived-from", _set("documents.0.derived_from", "doc-gone"), '"doc-gone"', "documents[0].derived_from",
        "unknown document key 'doc-gone'"),
    Bad("affiliation-loop", _set("sources.1.affiliation", "src-ahmed-ali"), '"affiliation": "src-ahmed-ali"', "sources[1].affiliation",
        "'src-sdf' -> 'src-ahmed-ali' makes an affiliation loop"),
    Bad("affiliation-loop-within-file", _then(_set("sources.0.affiliation", "src-russian-government"), _set("sources.4.affiliation", "src-ap")),
        '"affiliation": "src-ap"', "sources[4].affiliation", "makes an affiliation loop"),
    Bad("self-affiliation", _set("sources.5.affiliation", "src-syrian-government"), '"key": "src-syrian-government"', "sources[5].affiliation",
        "makes an affiliation loop"),
    Bad("derived-from-loop", _then(_set("documents.0.derived_from", "doc-copy"), _append("documents", {"key": "doc-copy", "title": "Copy", "derived_from": DOC_KEY})),
        '"title": "Copy"', "documents[1].derived_from", "'doc-copy' -> 'doc-ap-qamishli-2026-01-27' makes a derivation loop"),
    Bad("self-derived", _set("documents.0.derived_from", DOC_KEY), f'"derived_from": "{DOC_KEY}"', "documents[0].derived_from",
        "makes a derivation loop"),
]


def _write_bad(tmp_path: Path, case: Bad) -> tuple[Path, int]:
    data = copy.deepcopy(SAMPLE)
    case.mutate(data)
    content = dump(data)
    path = tmp_path / f"{case.id}.json"
    path.write_text(content, encoding="utf-8")
    line = 1 if case.marker is None else record_line(content, case.marker)
    return path, line


@pytest.mark.parametrize("case", BAD_RECORDS, ids=[c.id for c in BAD_RECORDS])
def test_bad_record_is_refused_whole(shared_sample: Database, tmp_path: Path, case: Bad) -> None:
    path, line = _write_bad(tmp_path, case)
    assert_refused(shared_sample, path, line, case.field, case.reason)


@pytest.mark.parametrize("case", BAD_REFERENCES_IN_SOURCES_AND_DOCUMENTS, ids=[c.id for c in BAD_REFERENCES_IN_SOURCES_AND_DOCUMENTS])
def test_bad_reference_in_sources_and_documents_is_refused_whole(shared_sample: Database, tmp_path: Path, case: Bad) -> None:
    path, line = _write_bad(tmp_path, case)
    assert_refused(shared_sample, path, line, case.field, case.reason)


# -- bad input: problems below the record level ---------------------------------------------


def _sample_text() -> str:
    return SAMPLE_FILE.read_text(encoding="utf-8")


def _line_containing(content: str, needle: str) -> int:
    lines = content.split("\n")
    (index,) = [i for i, line in enumerate(lines) if needle in line]
    return index + 1


def test_invalid_utf8(shared_sample: Database, tmp_path: Path) -> None:
    content = _sample_text().encode("utf-8")
    needle = b"Associated Press journalists"
    at = content.index(needle)
    path = tmp_path / "latin1.json"
    path.write_bytes(content[:at] + b"\xff\xfe" + content[at:])
    line = content.count(b"\n", 0, at) + 1
    error = assert_refused(shared_sample, path, line, "(encoding)", f"invalid UTF-8 at byte {at}")
    assert str(error) == f"{path}:{line}: (encoding): invalid UTF-8 at byte {at}"


def test_byte_order_mark_is_accepted(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_FILE.read_bytes())
    summary = do_import(database, path)
    assert summary.claims.created == 25
    assert counts(database)["attributions"] == 34


def test_crlf_line_endings_are_accepted_and_counted(shared_sample: Database, tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["claims"][2]["attributions"][0]["stance"] = "assert"
    content = dump(data)
    path = tmp_path / "crlf.json"
    path.write_bytes(content.replace("\n", "\r\n").encode("utf-8"))
    assert_refused(shared_sample, path, record_line(content, '"assert"'), "claims[2].attributions[0].stance", "unknown value 'assert'")


@pytest.mark.parametrize("keep_lines", [1, 40, 400])
def test_truncated_json(shared_sample: Database, tmp_path: Path, keep_lines: int) -> None:
    lines = _sample_text().split("\n")
    path = tmp_path / "truncated.json"
    path.write_text("\n".join(lines[:keep_lines]), encoding="utf-8")
    assert_refused(shared_sample, path, keep_lines, "(json)", "invalid JSON: ")


def test_empty_file(shared_sample: Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert_refused(shared_sample, path, 1, "(json)", "invalid JSON: Expecting value")


def test_not_an_object(shared_sample: Database, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[]", encoding="utf-8")
    assert_refused(shared_sample, path, 1, "(top)", "expected an object, got a list")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity(shared_sample: Database, tmp_path: Path, constant: str) -> None:
    content = _sample_text()
    target = '"credibility": 3'
    at = content.index(target)
    content = content[:at] + f'"credibility": {constant}' + content[at + len(target) :]
    path = tmp_path / "nan.json"
    path.write_text(content, encoding="utf-8")
    line = record_line(content, '"key": "att-russia-withdrawing-ne-syria--sdf-fighters"')
    assert_refused(shared_sample, path, line, "(json)", f"{constant.lstrip('-')} is not allowed")


def test_nan_inside_a_list(shared_sample: Database, tmp_path: Path) -> None:
    content = _sample_text().replace('"span": [\n            23,', '"span": [\n            NaN,', 1)
    assert "NaN" in content
    path = tmp_path / "nan-span.json"
    path.write_text(content, encoding="utf-8")
    assert_refused(shared_sample, path, record_line(content, LEDE), "(json)", "NaN is not allowed")


def test_duplicate_json_keys_in_one_object(shared_sample: Database, tmp_path: Path) -> None:
    content = _sample_text()
    original = '"key": "claim-qamishli-base-guarded-by-sdf",'
    assert content.count(original) == 1
    content = content.replace(original, original + '\n      "key": "claim-something-else",')
    path = tmp_path / "dupkeys.json"
    path.write_text(content, encoding="utf-8")
    line = record_line(content, original)
    assert_refused(shared_sample, path, line, "key", "duplicate key in the same object")


def test_duplicate_json_keys_with_equal_values(shared_sample: Database, tmp_path: Path) -> None:
    content = _sample_text().replace('"version": 2,', '"version": 2,\n  "version": 2,', 1)
    path = tmp_path / "dupversion.json"
    path.write_text(content, encoding="utf-8")
    assert_refused(shared_sample, path, 1, "version", "duplicate key in the same object")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param("[" * 100_000, 1, id="arrays"),
        pytest.param('{"a": ' * 100_000, 1, id="objects"),
        pytest.param('{"format": "workbench", "version": 1,\n"claims": ' + "[" * 100_000, 2, id="inside-a-document"),
        pytest.param('{"format": "workbench", "version": 1,\n"claims": [\n' + '{"key": [' * 50_000, 3, id="objects-in-a-list"),
    ],
)
def test_deeply_nested_json(shared_sample: Database, tmp_path: Path, content: str, line: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text(content, encoding="utf-8")
    before = table_snapshot(shared_sample)
    with pytest.raises(BadImportFile) as caught:
        do_import(shared_sample, path)
    assert (caught.value.line, caught.value.field) == (line, "(json)")
    assert "nested too deeply" in caught.value.reason
    assert str(caught.value).startswith(f"{path}:{line}: (json): nested too deeply")
    assert table_snapshot(shared_sample) == before


def test_missing_file(shared_sample: Database, tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    before = table_snapshot(shared_sample)
    with pytest.raises(BadImportFile) as caught:
        do_import(shared_sample, path)
    assert caught.value.field == "(file)"
    assert str(caught.value).startswith(f"{path}: (file): ")
    assert table_snapshot(shared_sample) == before


def test_failed_import_into_an_empty_database_leaves_it_empty(database: Database, tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["links"][-1]["to"] = "claim-missing"
    path = tmp_path / "bad.json"
    path.write_text(dump(data), encoding="utf-8")
    before = counts(database)
    with pytest.raises(BadImportFile):
        do_import(database, path)
    assert counts(database) == before
    assert before["claims"] == before["review_events"] == 0


def test_validation_happens_before_any_database_work(tmp_path: Path) -> None:
    data = copy.deepcopy(SAMPLE)
    data["claims"][20]["attributions"][0]["mode"] = "rumour"
    path = tmp_path / "bad.json"
    path.write_text(dump(data), encoding="utf-8")
    with pytest.raises(BadImportFile) as caught:
        read_bundle(path)  # no database at all
    assert caught.value.field == "claims[20].attributions[0].mode"


# -- hostile strings ------------------------------------------------------------------------


def _hostile_file(tmp_path: Path, value: str, n: int) -> Path:
    data = {
        "format": "workbench",
        "version": 1,
        "sources": [{"key": f"src-hostile-{n}", "name": value, "role": value, "aliases": [value, "plain alias"]}],
        "documents": [{"key": f"doc-hostile-{n}", "title": value, "outlet": f"src-hostile-{n}", "text": "before " + value + " after"}],
        "claims": [
            {
                "key": f"claim-hostile-{n}",
                "text": value,
                "place": value,
                "attributions": [
                    {
                        "key": f"att-hostile-{n}",
                        "source": f"src-hostile-{n}",
                        "stance": "asserts",
                        "document": f"doc-hostile-{n}",
                        "quote": value,
                        "span": [7, 7 + len(value)],
                        "note": value,
                    }
                ],
            },
            {"key": f"claim-other-{n}", "text": "other"},
        ],
        "links": [{"from": f"claim-hostile-{n}", "to": f"claim-other-{n}", "relation": "supports", "note": value}],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _by_key(records: list[dict[str, Any]], key: str) -> dict[str, Any]:
    (record,) = [r for r in records if r.get("key") == key]
    return record


@pytest.mark.parametrize("n", range(len(HOSTILE_STRINGS)), ids=[f"hostile-{i}" for i in range(len(HOSTILE_STRINGS))])
def test_hostile_strings_are_stored_byte_exact(
    shared_empty: Database, tmp_path: Path, n: int, request: pytest.FixtureRequest
) -> None:
    value = HOSTILE_STRINGS[n]
    database = shared_empty
    if "\x00" in value and not database.is_sqlite:
        request.applymarker(
            pytest.mark.xfail(
                strict=True,
                reason="BUG: PostgreSQL text cannot hold NUL; the import dies with a psycopg DataError "
                "instead of a BadImportFile (and SQLite stores it)",
            )
        )
    do_import(database, _hostile_file(tmp_path, value, n))
    with database.reading() as session:
        dossier = claims.get_dossier(session, f"claim-hostile-{n}")
        source = sources.get_source(session, f"src-hostile-{n}")
        raw = session.execute(
            select(Claim.text, Attribution.quote, Attribution.note).join(Attribution).where(Claim.key == f"claim-hostile-{n}")
        ).one()
    assert dossier.claim.text == value
    assert dossier.claim.place == value
    (attribution,) = dossier.attributions
    assert (attribution.quote, attribution.note) == (value, value)
    assert attribution.document is not None and attribution.document.title == value
    assert (source.name, source.role) == (value, value)
    assert value in source.aliases
    assert dossier.links[0].note == value
    assert tuple(raw) == (value, value, value)
    assert value.encode("utf-8") == raw[0].encode("utf-8")

    out = io.StringIO()
    with database.reading() as session:
        exporter.write_json(session, out)
    exported = json.loads(out.getvalue())
    claim = _by_key(exported["claims"], f"claim-hostile-{n}")
    assert claim["text"] == claim["place"] == value
    assert claim["attributions"][0]["quote"] == claim["attributions"][0]["note"] == value
    exported_source = _by_key(exported["sources"], f"src-hostile-{n}")
    assert exported_source["name"] == exported_source["role"] == value
    assert value in exported_source["aliases"]
    assert _by_key(exported["documents"], f"doc-hostile-{n}")["text"] == "before " + value + " after"
    (link,) = [link for link in exported["links"] if link["from"] == f"claim-hostile-{n}"]
    assert link["note"] == value


def test_hostile_key_values_do_not_inject(sample_database: Database, tmp_path: Path) -> None:
    data = {
        "format": "workbench",
        "version": 1,
        "claims": [{"key": "x' OR '1'='1", "text": "'; DROP TABLE claims; --", "attributions": [{"source": "src-ap", "stance": "asserts"}]}],
    }
    path = tmp_path / "inject.json"
    path.write_text(dump(data), encoding="utf-8")
    do_import(sample_database, path)
    with sample_database.reading() as session:
        claim = claims.get_claim(session, "x' OR '1'='1")
        assert claim.text == "'; DROP TABLE claims; --"
        assert claim.status == "single_source"
        assert claims.count_claims(session).total == 26


def test_reversing_an_affiliation_in_one_file(database: Database, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(
        dump({"format": "workbench", "version": 1, "sources": [{"key": "a", "name": "A", "affiliation": "b"}, {"key": "b", "name": "B"}]}),
        encoding="utf-8",
    )
    second.write_text(
        dump({"format": "workbench", "version": 1, "sources": [{"key": "b", "name": "B", "affiliation": "a"}, {"key": "a", "name": "A"}]}),
        encoding="utf-8",
    )
    do_import(database, first)
    do_import(database, second)
    with database.reading() as session:
        assert sources.get_source(session, "b").affiliation_name == "A"
        assert sources.get_source(session, "a").affiliation_id is None
