"""One text-length limit at every entry point, so that whatever is stored, an export imports.

``claims add`` once stored a 120,000-character claim that ``import`` refused (limit 100,000).
The limits now live in ``workbench.limits``; the CLI (through the use cases, which the TUI
calls too) and the importer refuse the same values with one line naming the field and the limit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import cli
from workbench.limits import MAX_DOCUMENT_TEXT, MAX_KEY, MAX_TAG, MAX_TEXT

LONG = "x" * (MAX_TEXT + 20_000)
REASON = f"too long ({len(LONG):,} characters; the limit is {MAX_TEXT:,})"


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env={"WORKBENCH_REVIEWER": "tester", "WORKBENCH_DB": None})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    db = tmp_path / "desk.db"
    assert run(db, "init")[0] == 0
    assert run(db, "-q", "claims", "add", "The base is empty", "--key", "claim-1")[0] == 0
    assert run(db, "-q", "sources", "add", "Wire Service")[0] == 0
    assert run(db, "-q", "documents", "add", "--title", "Wire report", "--key", "doc-1")[0] == 0
    return db


@pytest.mark.parametrize(
    ("args", "field", "limit"),
    [
        (("claims", "add", LONG), "claim text", MAX_TEXT),
        (("claims", "add", "short", "--place", LONG), "place", MAX_TEXT),
        (("claims", "add", "short", "--tag", "t" * (MAX_TAG + 1)), "tag", MAX_TAG),
        (("claims", "add", "short", "--key", "k" * (MAX_KEY + 1)), "key", MAX_KEY),
        (("note", "claim-1", LONG), "note", MAX_TEXT),
        (("verdict", "claim-1", "false", "--reason", LONG), "reason", MAX_TEXT),
        (("attribute", "claim-1", "Wire Service", "asserts", "--quote", LONG), "quote", MAX_TEXT),
        (("sources", "add", LONG), "name", MAX_TEXT),
        (("documents", "add", "--title", LONG), "title", MAX_TEXT),
        (("documents", "update", "doc-1", "--byline", LONG), "byline", MAX_TEXT),
        (("sources", "possibly-same", "Wire Service", "Wire Service", "--note", LONG), "note", MAX_TEXT),
    ],
)
def test_cli_refuses_what_import_would_refuse(desk: Path, args: tuple[str, ...], field: str, limit: int) -> None:
    code, out, err = run(desk, *args)
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{field}: too long (" in err and f"the limit is {limit:,})" in err
    assert out == ""


def test_document_text_has_its_own_limit(desk: Path, tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("y" * (MAX_DOCUMENT_TEXT + 1), encoding="utf-8")
    code, _, err = run(desk, "documents", "add", "--title", "Long article", "--text", str(text))
    assert code == 2, err
    assert f"text: too long ({MAX_DOCUMENT_TEXT + 1:,} characters; the limit is {MAX_DOCUMENT_TEXT:,})" in err
    text.write_text("y" * MAX_TEXT * 2, encoding="utf-8")  # above a field's limit, within a document's
    code, _, err = run(desk, "-q", "documents", "add", "--title", "Long article", "--text", str(text))
    assert code == 0, err


def test_import_refuses_the_same_claim_with_the_same_words(desk: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"format": "workbench", "version": 1, "claims": [{"key": "c-long", "text": LONG}]}), encoding="utf-8")
    code, _, err = run(desk, "import", str(path))
    assert code == 2
    assert f"long.json:1: claims[0].text: {REASON}" in err


def test_at_the_limit_everything_stored_exports_and_imports(desk: Path, tmp_path: Path) -> None:
    at_limit = "z" * MAX_TEXT
    assert run(desk, "-q", "claims", "add", at_limit, "--key", "claim-max")[0] == 0
    assert run(desk, "-q", "note", "claim-max", at_limit)[0] == 0
    assert run(desk, "-q", "verdict", "claim-max", "false", "--reason", at_limit)[0] == 0
    exported = tmp_path / "export.json"
    code, _, err = run(desk, "-q", "export", "-o", str(exported))
    assert code == 0, err
    code, _, err = run(tmp_path / "copy.db", "-q", "import", str(exported))
    assert code == 0, err
