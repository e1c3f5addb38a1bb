"""JSONL and CSV imports on real files: layouts, line numbers, and a battery of bad input.

Every refused file must name ``FILE:LINE: FIELD: reason`` and leave every table as it was.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text
from support import HOSTILE_STRINGS

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, Document, Source
from workbench.errors import BadImportFile
from workbench.formats.csv_format import CsvLines, CsvReader, CsvRecord, CsvRejected
from workbench.formats.interchange import ClaimSpec, SourceSpec
from workbench.importing.claim_matcher import ClaimMatcher
from workbench.importing.json_reading import MAX_LINE_BYTES
from workbench.importing.pipeline import ImportOptions, import_file
from workbench.importing.reading import detect_format, looks_like_an_article
from workbench.limits import MAX_KEY, MAX_TEXT
from workbench.progress import NoProgress
from workbench.review import claims, status

SOURCES = [
    {"type": "source", "key": "src-a", "name": "Agency A", "kind": "media_outlet", "reliability": "B"},
    {"type": "source", "key": "src-b", "name": "Bureau B", "kind": "organization", "reliability": "C"},
]


def snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.reading() as session:
        names = sorted(inspect(session.connection()).get_table_names())
        return {
            name: sorted((tuple(row) for row in session.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
            for name in names
        }


def jsonl(path: Path, records: list[Any], *, newline: str = "\n", final_newline: bool = True) -> Path:
    content = newline.join(json.dumps(r, ensure_ascii=False) if not isinstance(r, str) else r for r in records)
    path.write_bytes((content + (newline if final_newline else "")).encode("utf-8"))
    return path


def do_import(database: Database, path: Path, **options: Any):
    with database.writing() as session:
        return import_file(session, path, "tester", ImportOptions(**options))


def refused(database: Database, path: Path, line: int | None, field: str, reason: str, **options: Any) -> BadImportFile:
    before = snapshot(database)
    with pytest.raises(BadImportFile) as caught:
        do_import(database, path, **options)
    error = caught.value
    assert (error.line, error.field) == (line, field), str(error)
    assert reason in error.reason, str(error)
    assert str(error).startswith(f"{path}:{line}: {field}: " if line is not None else f"{path}: {field}: ")
    assert snapshot(database) == before
    return error


def claim(key: str, text_: str, *attributions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"key": key, "text": text_, "attributions": list(attributions), **fields}


# -- JSONL ----------------------------------------------------------------------------------


def test_jsonl_with_forward_references_imports(database: Database, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        [
            {"format": "workbench", "version": 1},
            claim("c1", "The bridge at Raqqa was destroyed", {"source": "src-a", "stance": "asserts", "document": "doc-1"}),
            claim("c2", "Aid convoy reached Idlib", {"source": "src-b", "stance": "denies"}, tags=["Aid", "aid"]),
            *SOURCES,
            {"type": "document", "key": "doc-1", "title": "Report", "outlet": "src-a"},
            {"type": "link", "from": "c2", "to": "c1", "relation": "supports"},
        ],
    )
    summary = do_import(database, path)
    assert summary.format == "jsonl"
    assert (summary.sources.created, summary.documents.created, summary.claims.created) == (2, 1, 2)
    assert (summary.attributions.created, summary.links.created) == (2, 1)
    with database.reading() as session:
        assert claims.get_claim(session, "c1").status == "single_source"
        assert claims.get_claim(session, "c2").status == "refuted"
        assert list(claims.get_claim(session, "c2").tags) == ["aid"]
        assert status.find_mismatches(session) == []


def test_jsonl_crlf_bom_and_blank_lines(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    lines = [json.dumps(r) for r in [*SOURCES, claim("c1", "A claim", {"source": "src-a", "stance": "asserts"})]]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n\r\n".join(lines).encode() + b"\r\n")
    assert do_import(database, path).claims.created == 1


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        ('{"key": "c9", "text": "x", "attributions": [{"source": "src-a", "stance": "assert"}]}', "attributions[0].stance", "unknown value 'assert'"),
        ('{"key": "c9"}', "text", "missing (required)"),
        ('{"key": "c9", "text": 5}', "text", "expected a string, got a number"),
        ('{"key": "c9", "text": "x", "attributions": [{"source": "src-a", "stance": "asserts", "credibility": NaN}]}', "(json)", "NaN is not allowed"),
        ('{"key": "c9", "text": "x", "attributions": [{"source": "src-a", "stance": "asserts", "credibility": Infinity}]}', "(json)", "Infinity is not allowed"),
        ('{"key": "c9", "text": "x", "text": "y"}', "text", "duplicate key in the same object"),
        ('{"type": "person", "key": "p"}', "type", "unknown value"),
        ('{"key": "c9", "text": "x", "extra": 1}', "extra", "unknown field"),
        ('[1, 2]', "(record)", "expected an object, got a list"),
        ('{"key": "c9", "text": "' + "x" * (MAX_TEXT + 1) + '"}', "text", "too long"),
        ('{"key": "c9", "text": "\\ud800 lone"}', "text", "lone surrogate"),
        ('{"key": "c9", "text": "x", "tags": ' + "[" * 100 + "]" * 100 + "}", "(json)", "nested too deeply"),
        ('{"key": "c9", "text": "x", "attributions": [{"source_name": "Agency A", "source": "src-a", "stance": "asserts"}]}', "attributions[0].source_name", "not both"),
        ('{"format": "workbench", "version": 1}', "format", "unknown field"),
        # Keys are checked by a shortcut first (``JsonRecord.key``); anything it does not pass
        # must get the same error as any other text.
        ('{"key": "c9\\u0000", "text": "x"}', "key", "U+0000 (NUL)"),
        ('{"key": "c9\\ud800", "text": "x"}', "key", "lone surrogate"),
        ('{"key": "c9 \\u00e9\\udfff", "text": "x"}', "key", "lone surrogate"),
        ('{"key": "' + "k" * (MAX_KEY + 1) + '", "text": "x"}', "key", "too long"),
        ('{"key": "   ", "text": "x"}', "key", "must not be blank"),
        ('{"key": 9, "text": "x"}', "key", "expected a string, got a number"),
        ('{"key": "c9", "text": "x", "attributions": [{"source": "src-a\\u0000", "stance": "asserts"}]}', "attributions[0].source", "U+0000 (NUL)"),
        ('{"key": "c9", "text": "x", "tags": ["ok", "b\\u0000d"]}', "tags[1]", "U+0000 (NUL)"),
    ],
    ids=["enum", "missing", "type", "nan", "infinity", "duplicate-json-key", "unknown-type", "unknown-field", "not-object",
         "oversized", "surrogate", "deep", "key-and-name", "header-not-first", "key-nul", "key-surrogate",
         "key-accent-and-surrogate", "key-oversized", "key-blank", "key-type", "source-key-nul", "tag-nul"],
)
def test_jsonl_bad_record_names_its_line(database: Database, tmp_path: Path, line: str, field: str, reason: str) -> None:
    good = [json.dumps(r) for r in SOURCES] + [json.dumps(claim("c1", "fine", {"source": "src-a", "stance": "asserts"}))]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*good, line, json.dumps(claim("c2", "also fine"))]) + "\n", encoding="utf-8")
    refused(database, path, 4, field, reason)


def test_keys_are_stored_stripped_and_non_ascii_keys_pass(database: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "keys.jsonl", [*SOURCES, claim("  c-\u00e9t\u00e9  ", "A claim", {"source": " src-a ", "stance": "asserts"})])
    assert do_import(database, path).claims.created == 1
    with database.reading() as session:
        assert session.scalars(select(Claim.key)).all() == ["c-\u00e9t\u00e9"]
        assert session.scalars(select(Source.key).join(Attribution, Attribution.source_id == Source.id)).all() == ["src-a"]


def test_nul_is_refused_on_every_backend(database: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "nul.jsonl", [*SOURCES, claim("c1", "nul\x00byte")])
    refused(database, path, 3, "text", "U+0000 (NUL)")
    path = tmp_path / "nul.csv"
    path.write_bytes(csv_text([row(claim_key="k1", claim_text="ok", stance="asserts", source_key="s", source_name="S", note="a\x00b")]))
    refused(database, path, 2, "note", "U+0000 (NUL)")


def test_jsonl_header_from_the_future_is_refused(database: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "v3.jsonl", [{"format": "workbench", "version": 3}, *SOURCES])
    refused(database, path, 1, "version", "version 3 is newer than this workbench reads (2)")


def test_jsonl_invalid_utf8_names_line_and_byte(database: Database, tmp_path: Path) -> None:
    first = (json.dumps(SOURCES[0]) + "\n").encode()
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(first + b'{"key": "c1", "text": "caf\xe9"}\n')
    refused(database, path, 2, "(encoding)", f"invalid UTF-8 at byte {len(first) + 26}")


def test_jsonl_truncated_last_line_is_refused(database: Database, tmp_path: Path) -> None:
    complete = [json.dumps(r) for r in SOURCES]
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join(complete) + '\n{"key": "c1", "text": "The bridge was destr', encoding="utf-8")
    refused(database, path, 3, "(json)", "truncated last line")


def test_jsonl_complete_last_line_without_newline_is_fine(database: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "no-eol.jsonl", [*SOURCES, claim("c1", "x", {"source": "src-a", "stance": "asserts"})], final_newline=False)
    assert do_import(database, path).claims.created == 1


def test_jsonl_duplicate_keys_within_the_file(database: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "dup.jsonl", [*SOURCES, claim("c1", "first"), claim("c2", "other"), claim("c1", "second")])
    refused(database, path, 5, "key", "duplicate key 'c1' (first used on line 3)")
    path = jsonl(tmp_path / "dup-source.jsonl", [*SOURCES, SOURCES[0] | {"name": "Another"}])
    refused(database, path, 3, "key", "duplicate key 'src-a' (first used on line 1)")


def test_jsonl_duplicate_keys_across_batches(database: Database, tmp_path: Path) -> None:
    records = [*SOURCES] + [claim(f"c{i}", f"Claim number {i} about the harbour") for i in range(2500)] + [claim("c7", "again")]
    path = jsonl(tmp_path / "dup-far.jsonl", records)
    refused(database, path, len(records), "key", "duplicate key 'c7' (first used on line 10)", )


def test_unknown_reference_rolls_back_everything(database: Database, tmp_path: Path) -> None:
    records = [*SOURCES] + [claim(f"c{i}", f"Claim {i} on the dam", {"source": "src-a", "stance": "asserts"}) for i in range(1500)]
    records.append(claim("last", "the last", {"source": "src-nobody", "stance": "asserts"}))
    path = jsonl(tmp_path / "late.jsonl", records)
    refused(database, path, len(records), "attributions[0].source", "unknown source key 'src-nobody'")


def test_oversized_line_is_refused(tmp_path: Path) -> None:
    from workbench.importing.reading import prepare

    path = tmp_path / "huge.jsonl"
    with path.open("wb") as out:
        out.write(b'{"key": "c1", "text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}\n')
    with pytest.raises(BadImportFile) as caught:
        prepare(path)
    assert (caught.value.line, caught.value.field) == (1, "(line)")


@pytest.mark.parametrize("value", HOSTILE_STRINGS, ids=[f"hostile-{i}" for i in range(len(HOSTILE_STRINGS))])
def test_hostile_text_is_stored_byte_exact_from_jsonl_and_csv(database: Database, tmp_path: Path, value: str) -> None:
    path = jsonl(tmp_path / "h.jsonl", [*SOURCES, claim("c1", value, {"source": "src-a", "stance": "asserts", "quote": value, "note": value})])
    do_import(database, path)
    csv_path = tmp_path / "h.csv"
    csv_path.write_bytes(csv_text([["c2", value, "asserts", "src-b", "", value]], ["claim_key", "claim_text", "stance", "source_key", "source_name", "quote"]))
    do_import(database, csv_path, matcher=ClaimMatcher())  # same text: keys only, or it would merge
    with database.reading() as session:
        rows = session.execute(select(Claim.key, Claim.text, Attribution.quote).join(Attribution).order_by(Claim.key)).all()
    assert [tuple(r) for r in rows] == [("c1", value, value), ("c2", value, value)]


# -- CSV ------------------------------------------------------------------------------------

HEADER = ["claim_key", "claim_text", "tags", "place", "event_date", "verdict", "stance", "mode", "quote", "source_key",
          "source_name", "source_kind", "source_reliability", "document_key", "document_title", "document_url",
          "published_at", "as_of", "credibility", "note", "attribution_key"]


def csv_text(rows: list[list[str]], header: list[str] = HEADER, newline: str = "\r\n") -> bytes:
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def row(**cells: str) -> list[str]:
    return [cells.get(name, "") for name in HEADER]


def test_csv_rows_group_into_claims(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "partner.csv"
    path.write_bytes(
        csv_text(
            [
                row(claim_key="k1", claim_text="Forces left the \"base\"\r\nat night", tags="Syria; night ;", place="Qamishli",
                    stance="asserts", source_key="src-x", source_name="Source X", source_kind="organization",
                    source_reliability="C", document_key="d1", document_title="Dispatch", published_at="2026-01-27",
                    quote="=HYPERLINK(\"x\")", credibility="2"),
                row(claim_key="k1", stance="denies", source_name="Local Council", as_of="2026-01-28"),
                row(claim_key="k2", claim_text="Another claim", stance="no_statement", source_key="src-x", as_of="2026-01-29"),
                row(claim_key="k1", claim_text="Forces left the \"base\"\r\nat night", stance="asserts", source_name="Third party"),
            ]
        )
    )
    summary = do_import(database, path)
    assert summary.format == "csv"
    assert (summary.claims.created, summary.attributions.created) == (2, 4)
    assert (summary.sources.created, summary.documents.created) == (3, 1)
    with database.reading() as session:
        k1 = claims.get_dossier(session, "k1")
        assert k1.claim.text == 'Forces left the "base"\r\nat night'
        assert list(k1.claim.tags) == ["night", "syria"]
        assert k1.claim.place == "Qamishli"
        assert k1.claim.status == "contested"
        assert {a.quote for a in k1.attributions} == {'=HYPERLINK("x")', None}
        source = session.scalars(select(Source).where(Source.key == "src-x")).one()
        assert (source.name, source.kind, source.reliability) == ("Source X", "organization", "C")
        assert session.scalars(select(Document.title).where(Document.key == "d1")).one() == "Dispatch"
        assert status.find_mismatches(session) == []
    again = do_import(database, path)
    assert not again.changed


def test_the_csv_layout_reads_records_without_the_import() -> None:
    """``formats.csv_format`` yields records and refused rows by itself (no spool, no database),
    grouping adjacent rows; strict reading stops at the first refusal."""
    text = (
        "claim_key,claim_text,stance,source_key,source_name\r\n"
        "k1,Forces left,asserts,src-x,Source X\r\n"
        "k1,,denies,src-y,\r\n"
        "k2,Another,sideways,src-x,\r\n"
        "k3,Third,asserts,src-x,\r\n"
    )

    def read(strict: bool) -> list[CsvRecord | CsvRejected]:
        lines = CsvLines(io.StringIO(text, newline=""), NoProgress(), keep_raw=True)
        reader = CsvReader(lines, "partner.csv", strict=strict)
        assert reader.read_header() == ["claim_key", "claim_text", "stance", "source_key", "source_name"]
        return list(reader.records())

    lenient = read(strict=False)
    assert [type(item.spec) if isinstance(item, CsvRecord) else CsvRejected for item in lenient] == [
        SourceSpec, ClaimSpec, CsvRejected, ClaimSpec,
    ]
    source, first, refused, last = lenient
    assert isinstance(source, CsvRecord) and source.spec.key == "src-x" and source.spec.name == "Source X"
    assert isinstance(first, CsvRecord) and isinstance(first.spec, ClaimSpec)
    assert (first.spec.key, first.spec.text) == ("k1", "Forces left")
    assert [(a.source, a.stance) for a in first.spec.attributions] == [("src-x", "asserts"), ("src-y", "denies")]
    assert first.raw == "k1,Forces left,asserts,src-x,Source X\r\nk1,,denies,src-y,\r\n"
    assert isinstance(refused, CsvRejected)
    assert (refused.line, refused.field, refused.raw) == (4, "stance", "k2,Another,sideways,src-x,\r\n")
    assert isinstance(last, CsvRecord) and last.spec.key == "k3"
    assert read(strict=True) == lenient[:3]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_csv_newline_styles_and_quoted_newlines_are_byte_exact(database: Database, tmp_path: Path, newline: str) -> None:
    path = tmp_path / "nl.csv"
    path.write_bytes(csv_text([row(claim_key="k1", claim_text="one\rtwo\nthree\r\nfour", stance="asserts", source_key="s", source_name="S")], newline=newline))
    do_import(database, path)
    with database.reading() as session:
        assert claims.get_claim(session, "k1").text == "one\rtwo\nthree\r\nfour"


def test_csv_bom_is_accepted(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_text([row(claim_key="k1", claim_text="x")]))
    assert do_import(database, path).claims.created == 1


@pytest.mark.parametrize(
    ("rows", "line", "field", "reason"),
    [
        ([row(claim_key="k1", claim_text="x", stance="assert", source_key="s", source_name="S")], 2, "stance", "unknown value 'assert'"),
        ([row(claim_key="k1", claim_text="x"), row(claim_key="k2", claim_text="y", event_date="27/01/2026")], 3, "event_date", "ISO date"),
        ([row(claim_key="k1", claim_text="x", stance="asserts", source_key="s", source_name="S", credibility="7")], 2, "credibility", "from 1 to 6"),
        ([row(claim_key="k1", claim_text="x", stance="asserts", source_key="s", source_name="S", credibility="NaN")], 2, "credibility", "whole number"),
        ([row(claim_text="x")], 2, "claim_key", "missing (required)"),
        ([row(claim_key="k1", claim_text="x", verdict="true")], 2, "verdict", "unknown value 'true'"),
        ([row(claim_key="k1", claim_text="x", stance="asserts")], 2, "source_key", "give source_key or source_name"),
        ([row(claim_key="k1", claim_text="x"), row(claim_key="k1", claim_text="y")], 3, "claim_text", "differs from 'x'"),
        ([row(claim_key="k1", claim_text="x" * (MAX_TEXT + 1))], 2, "claim_text", "too long"),
        ([row(claim_key="k1", stance="asserts", source_key="s", source_name="S")], 2, "claim_text", "missing (required for a new claim"),
        ([row(claim_key="k1", claim_text="x", stance="asserts", source_key="nobody")], 2, "source_key", "unknown source key 'nobody'"),
    ],
    ids=["enum", "date", "range", "nan", "no-key", "verdict", "no-source", "conflicting-rows", "oversized", "new-without-text", "unknown-source"],
)
def test_csv_bad_row_names_its_line_and_column(database: Database, tmp_path: Path, rows: list[list[str]], line: int, field: str, reason: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_text(rows))
    refused(database, path, line, field, reason)


def test_csv_line_numbers_count_quoted_newlines(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "lines.csv"
    path.write_bytes(csv_text([row(claim_key="k1", claim_text="a\nb\nc"), row(claim_key="k2", claim_text="y", verdict="maybe")]))
    refused(database, path, 5, "verdict", "unknown value 'maybe'")


def test_csv_unterminated_quote_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    path.write_bytes(csv_text([row(claim_key="k1", claim_text="fine")]) + b'k2,"never closed,,,\r\nmore\r\n')
    refused(database, path, 3, "(csv)", "never closed")


def test_csv_wrong_field_count_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_bytes(b"claim_key,claim_text\r\nk1,x\r\nk2,y,surplus\r\n")
    refused(database, path, 3, "(row)", "expected 2 fields as in the header, got 3")


def test_csv_bad_header_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_bytes(b"claim_key,claim_txt\r\nk1,x\r\n")
    refused(database, path, 1, "(header)", "unknown column 'claim_txt' (did you mean claim_text? known columns: claim_key,")
    path.write_bytes(b"claim_text\r\nx\r\n")
    refused(database, path, 1, "(header)", "missing the 'claim_key' column")



ARTICLE = "KHARTOUM (AP) — Heavy flooding has killed at least 32 people in eastern Sudan, the health ministry said.\n\nMore text.\n"


@pytest.mark.parametrize("name", ["flood.txt", "flood.md", "flood.html", "flood"])
def test_an_article_given_to_import_says_to_take_it_in(database: Database, tmp_path: Path, name: str) -> None:
    """"import" is the first command a new user tries on an article. Read as CSV, its
    headline was an unknown column; now the one line says which command takes articles."""
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    refused(database, path, None, "(format)", f"an article, not a data file (JSON, JSONL or CSV): take it in with `workbench intake {path}`")


@pytest.mark.parametrize(
    "first_line",
    ["claim_key,claim_text", "claim_key;claim_text;source_name", "k1,The ship sank off the coast of Tartus on Sunday,s1"],
)
def test_a_csv_header_or_a_headerless_row_is_no_article(first_line: str) -> None:
    assert not looks_like_an_article("sheet", io.BytesIO(f"{first_line}\r\n".encode()))

@pytest.mark.parametrize(
    ("column", "meant"),
    [
        ("source", "did you mean source_key, source_name or source_kind? "),
        ("Text", "did you mean claim_text? "),
        ("staance", "did you mean stance? "),
        ("colour", ""),
    ],
)
def test_csv_unknown_column_names_what_it_likely_meant(database: Database, tmp_path: Path, column: str, meant: str) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(f"claim_key,claim_text,{column}\r\nk1,x,y\r\n", encoding="utf-8")
    refused(database, path, 1, "(header)", f"unknown column {column!r} ({meant}known columns: claim_key, claim_text,")


def test_csv_invalid_utf8_is_refused(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"claim_key,claim_text\r\nk1,fine\r\nk2,caf\xe9\r\n")
    refused(database, path, 3, "(encoding)", "invalid UTF-8 (byte 0xe9)")


def test_csv_ambiguous_source_name_is_reported_not_guessed(database: Database, tmp_path: Path) -> None:
    setup = jsonl(tmp_path / "s.jsonl", [{"type": "source", "key": "a1", "name": "Ahmed Ali"}, {"type": "source", "key": "a2", "name": "Ahmed Ali"}])
    do_import(database, setup)
    path = tmp_path / "amb.csv"
    path.write_bytes(csv_text([row(claim_key="k1", claim_text="x", stance="asserts", source_name="ahmed ali")]))
    refused(database, path, 2, "source_name", "is ambiguous")


def test_format_detection(tmp_path: Path) -> None:
    cases = {
        "a.data": (b'{"key": "c1", "text": "x"}\n', "jsonl"),
        "b.data": (b'{\n  "format": "workbench",\n  "version": 1\n}\n', "json"),
        "c.data": (b'{"format": "workbench", "version": 1, "claims": []}\n', "json"),
        "d.data": (b'{"format": "workbench", "version": 1}\n{"key": "c1", "text": "x"}\n', "jsonl"),
        "e.data": (b"claim_key,claim_text\nk,x\n", "csv"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        with path.open("rb") as stream:
            assert detect_format(path, stream) == expected, name


def test_csv_blank_cells_keep_stored_values(database: Database, tmp_path: Path) -> None:
    document = {"type": "document", "key": "d1", "title": "Dispatch", "text": "He said: we left."}
    stored = claim("k1", "They left", {"key": "a1", "source": "src-a", "stance": "asserts", "document": "d1",
                                       "quote": "we left", "span": [9, 16], "credibility": 2, "mode": "direct_quote"},
                   verdict="accurate")
    do_import(database, jsonl(tmp_path / "first.jsonl", [*SOURCES, document, stored]))
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_text([row(claim_key="k1", stance="asserts", source_key="src-a", attribution_key="a1", note="checked")]))
    summary = do_import(database, path)
    assert (summary.attributions.updated, summary.claims.unchanged) == (1, 1)
    with database.reading() as session:
        attribution = session.scalars(select(Attribution).where(Attribution.key == "a1")).one()
        assert (attribution.span_start, attribution.span_end, attribution.credibility, attribution.mode) == (9, 16, 2, "direct_quote")
        assert attribution.note == "checked" and attribution.document_id is not None
        assert claims.get_claim(session, "k1").verdict == "accurate"
