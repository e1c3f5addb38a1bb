"""Immutable records (``workbench.immutable``): frozen for mypy, plain and hashable at run time."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from workbench.formats.interchange import AttributionSpec, ClaimSpec


def _attribution(**changes: object) -> AttributionSpec:
    spec = AttributionSpec(
        line=2, path="attributions[0]", key=None, source="src-1", stance="asserts", mode="paraphrase",
        document=None, quote=None, span=None, relayed_via=None, credibility=6, as_of=None, note=None,
    )
    return replace(spec, **changes)


def test_equal_records_hash_alike_and_replace_copies() -> None:
    first, second = _attribution(), _attribution()
    assert first == second and hash(first) == hash(second)
    assert len({first, second, _attribution(stance="denies")}) == 2
    changed = _attribution(quote="they left")
    assert changed.quote == "they left" and first.quote is None  # a copy, the original unchanged
    claim = ClaimSpec(2, "c-1", "Troops left.", (), None, None, None, (first,))
    assert hash(claim) == hash(replace(claim))


def test_the_type_checker_refuses_an_assignment(tmp_path: Path) -> None:
    """The guard these records rely on instead of a run-time one: mypy must reject this."""
    snippet = tmp_path / "assigns.py"
    snippet.write_text(
        "from workbench.immutable import immutable_record\n\n"
        "@immutable_record\nclass Point:\n    x: int\n\n"
        "point = Point(1)\npoint.x = 2\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", str(snippet)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1, run.stdout
    assert 'Property "x" defined in "Point" is read-only' in run.stdout
