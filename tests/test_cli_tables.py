"""Readable tables in a narrow terminal.

In an 80-column terminal ``claims list`` wrapped every column alike: "corrobora/ted",
"unreviewe/d", and the claim's text nine characters a line beside empty ``flags`` and
``quotes`` columns. Now a terminal too narrow for the table gets one block a row; in a
wider one short cells never wrap, columns empty on every row go when the table does not fit,
and the longest column keeps the room the other long ones would take.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from workbench.cli import output

COLUMNS = ["id", "status", "flags", "origins", "verdict", "awaiting", "quotes", "text"]
ROWS: list[dict[str, Any]] = [
    {"id": 1, "status": "corroborated", "flags": None, "origins": 2, "verdict": "unreviewed",
     "awaiting": "Russian government (as of 2026-01-27)", "quotes": None,
     "text": "Russian forces have started to withdraw from their positions in the part of northeast Syria still held by the SDF."},
    {"id": 2, "status": "single_source", "flags": None, "origins": 1, "verdict": "mostly_accurate", "awaiting": None,
     "quotes": None, "text": "On 27 January 2026 the base next to Qamishli airport was under guard by SDF fighters."},
]


@pytest.fixture
def width(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The terminal's width for ``emit_rows`` (a list, set by the test)."""
    chosen = [80]

    def terminal(out: Any = None) -> Console:
        return Console(file=out, width=chosen[0], highlight=False, markup=False, emoji=False, soft_wrap=False)

    monkeypatch.setattr(output, "console", terminal)
    yield chosen


def _table(rows: list[dict[str, Any]]) -> list[str]:
    out = io.StringIO()
    output.emit_rows(rows, COLUMNS, output.Format.TABLE, out=out)
    return out.getvalue().splitlines()


def test_in_80_columns_each_row_is_a_block(width: list[int]) -> None:
    lines = _table(ROWS)
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "1 · status corroborated · origins 2 · verdict unreviewed"
    assert lines[1].startswith("  Russian forces have started to withdraw") and lines[2].startswith("  ")
    assert lines[3] == "  awaiting: Russian government (as of 2026-01-27)"
    second = lines.index("2 · status single_source · origins 1 · verdict mostly_accurate")
    assert lines[second - 1] == "" and lines[second + 1].startswith("  On 27 January 2026")
    assert not any("flags" in line or "quotes" in line for line in lines)  # empty values are left out
    assert not any(line != line.rstrip() for line in lines)


def test_in_120_columns_short_cells_stay_whole_and_the_text_gets_the_room(width: list[int]) -> None:
    width[0] = 120
    lines = _table(ROWS)
    assert max(len(line) for line in lines) <= 120
    header = lines[1]
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == ["id", "status", "origins", "verdict", "awaiting", "text"]
    body = "\n".join(lines)
    for whole in ("corroborated", "single_source", "unreviewed", "mostly_accurate"):
        assert whole in body
    text_width, awaiting_width = len(header.split("┃")[-2]), len(header.split("┃")[-3])
    assert text_width > awaiting_width >= 20


def test_a_wide_terminal_keeps_every_column(width: list[int]) -> None:
    width[0] = 250
    header = _table(ROWS)[1]
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == COLUMNS


def test_a_column_with_a_value_stays(width: list[int]) -> None:
    width[0] = 120
    flagged = [ROWS[0] | {"flags": "disputed"}, ROWS[1]]
    header = _table(flagged)[1]
    assert "flags" in header and "quotes" not in header
    width[0] = 80
    assert _table(flagged)[0] == "1 · status corroborated · flags disputed · origins 2 · verdict unreviewed"


def test_a_source_block_leads_with_its_name(width: list[int]) -> None:
    source = {"id": 4, "key": "src-ahmed-ali", "name": "Ahmed Ali", "kind": "person",
              "aliases": "Ahmed Ali al-Hasakawi, A. Ali, the fighter quoted by AP at the Qamishli base"}
    out = io.StringIO()
    output.emit_rows([source], ["id", "key", "name", "kind", "aliases"], output.Format.TABLE, out=out)
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["4 · key src-ahmed-ali · kind person", "  Ahmed Ali"]
    assert lines[2].startswith("  aliases: Ahmed Ali al-Hasakawi, A. Ali,") and lines[3] == "  Qamishli base"


def test_an_empty_listing_says_none(width: list[int]) -> None:
    for columns in (80, 250):
        width[0] = columns
        lines = _table([])
        assert "(none)" in lines[-1] and "status" in lines[1]


def test_an_empty_listing_too_wide_for_its_headers_says_none_alone(width: list[int]) -> None:
    out = io.StringIO()
    columns = ["claim_id", "reviewer", "taken_at", "expires_at", "taken_over_from", "reason", "claim_text"]
    output.emit_rows([], columns, output.Format.TABLE, out=out)
    assert out.getvalue() == "(none)\n"  # not headers cut to "claim_…"
    width[0] = 120
    out = io.StringIO()
    output.emit_rows([], columns, output.Format.TABLE, out=out)
    assert "taken_over_from" in out.getvalue() and "(none)" in out.getvalue()


def test_wide_characters_are_measured_in_cells(width: list[int]) -> None:
    """Fifteen CJK characters take thirty cells: a long value (its own line), not a short one
    for the first line, which it would have pushed past the terminal's edge."""
    awaiting = "俄罗斯政府截至二〇二六年一月仍未回应"  # 18 characters, 36 cells
    rows = [ROWS[0] | {"awaiting": awaiting}, ROWS[1] | {"awaiting": awaiting}]
    lines = _table(rows)
    assert lines[0] == "1 · status corroborated · origins 2 · verdict unreviewed"
    assert f"  awaiting: {awaiting}" in lines
    assert all(cell_len(line) <= 80 for line in lines)
