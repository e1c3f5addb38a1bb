"""Immutable records (``workbench.immutable``): frozen for mypy, plain and hashable at run time."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import field, replace
from datetime import date, datetime
from pathlib import Path

from workbench.formats.interchange import AttributionSpec, ClaimSpec, NoteSpec
from workbench.immutable import immutable_record


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


def test_records_pickle_as_their_arguments_and_come_back_equal() -> None:
    """The spool's records pickle as class and field values (``_reduce_to_arguments``): a
    record with defaults left, with defaults given and with nested records comes back equal,
    of the same class, and smaller than pickle's default (a dict of attributes)."""
    note = NoteSpec("Checked by phone.", "ana", datetime(2026, 12, 1, 9, 30))
    given = _attribution(certainty="hedged", certainty_inferred=True, given=frozenset({"quote"}), span=(3, 9))
    claim = ClaimSpec(2, "c-1", "Troops left.", ("army",), "Qamishli", date(2026, 11, 2), None,
                      (_attribution(), given), kind="plan", notes=(note,))
    for record in (note, _attribution(), given, claim):
        copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == record and type(copy) is type(record)
    assert copy.attributions[1].given == frozenset({"quote"}) and copy.notes == (note,)
    as_dict = pickle.dumps((type(claim), claim.__dict__), protocol=pickle.HIGHEST_PROTOCOL)
    assert len(pickle.dumps(claim, protocol=pickle.HIGHEST_PROTOCOL)) < len(as_dict)


@immutable_record
class Counted:
    """A record whose instance dict holds more than its constructor's arguments."""

    name: str
    seen: int = field(default=0, init=False)


def test_a_record_with_a_field_outside_its_constructor_keeps_the_default_pickling() -> None:
    assert Counted.__reduce__ is object.__reduce__
    assert pickle.loads(pickle.dumps(Counted("a"))) == Counted("a")
