"""Reading a JSONL file on two cores gives exactly what reading it alone gives: the same
records in the same order, the same rejects, and the same first error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.errors import BadImportFile
from workbench.formats.interchange import ClaimSpec, DocumentSpec, LinkSpec, SourceSpec
from workbench.importing import parallel_reading
from workbench.importing.reading import prepare
from workbench.importing.rejects import Rejects


def _feed(path: Path, claims: int, bad: set[int] = frozenset(), *, newline_at_end: bool = True) -> None:  # type: ignore[assignment]
    lines = ['{"format": "workbench", "version": 2}', ""]
    lines += [json.dumps({"type": "source", "key": f"s{i}", "name": f"Source {i}", "kind": "person", "reliability": "B"})
              for i in range(5)]
    lines.append(json.dumps({"type": "document", "key": "d0", "title": "Report", "outlet": "s0"}))
    for i in range(claims):
        if i in bad:
            lines.append('{"key": "broken", "text": ' if i % 2 else json.dumps({"key": f"c{i}", "attributions": "x"}))
            continue
        attribution = {"source": f"s{i % 5}", "stance": "asserts", "document": "d0", "quote": f"number {i}"}
        if i % 11 == 0:
            attribution["key"] = f"a{i // 22}"  # given, and repeated by the next multiple of 11
        # Every 37th claim from the 100th repeats the key of the claim 100 before it.
        key = f"c{i - 100}" if i >= 100 and i % 37 == 0 else f"c{i}"
        lines.append(json.dumps({"key": key, "text": f"Claim number {i} about the bridge at Raqqa",
                                 "attributions": [attribution]}))
        if i % 7 == 0:
            lines.append("   ")
        if i % 50 == 0:
            lines.append(json.dumps({"type": "link", "from": f"c{i}", "to": "c1", "relation": "supports"}))
    text = "\n".join(lines) + ("\n" if newline_at_end else "")
    path.write_text(text, encoding="utf-8")


def _read(path: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch, lenient: bool = False) -> dict[str, Any]:
    monkeypatch.setattr(parallel_reading, "PARALLEL_MIN_BYTES", 0 if parallel else 1 << 60)
    monkeypatch.setattr(parallel_reading, "STRETCH_BYTES", 2_000)  # many stretches, both sides
    rejects = Rejects(lenient)
    prepared = prepare(path, lenient=lenient, rejects=rejects)
    try:
        rejects_file = path.with_suffix(f".{parallel}.rejects")
        rejects.save(rejects_file)
        return {
            "specs": {kind.__name__: [item for batch in prepared.spool.batches(kind) for item in batch]
                      for kind in (SourceSpec, DocumentSpec, ClaimSpec, LinkSpec)},
            "counts": dict(prepared.spool.counts),
            "attribution_keys": prepared.spool.attribution_keys,
            # Which claims repeat an earlier key: worked out here, in file order, for both sides.
            "repeats": [prepared.spool.repeats.flags(i) for i in range(prepared.spool.counts["claim"])],
            "filter let go once read": not prepared.spool.repeats._steps,
            "read": prepared.records_read,
            "rejected": prepared.rejected,
            "header": (prepared.header_seen, prepared.exact_copy),
            "rejects": rejects_file.read_text(encoding="utf-8"),
        }
    finally:
        prepared.close()
        rejects.close()


@pytest.mark.parametrize("newline_at_end", [True, False])
def test_two_cores_read_what_one_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline_at_end: bool) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, 600, newline_at_end=newline_at_end)
    alone = _read(feed, False, monkeypatch)
    from_worker: list[int] = []
    result = parallel_reading.answer_or_none
    monkeypatch.setattr(parallel_reading, "answer_or_none", lambda pending: _noted(result(pending), from_worker))
    both = _read(feed, True, monkeypatch)
    assert both == alone
    assert len(from_worker) > 3  # the worker read stretches, not this process alone
    assert alone["counts"]["claim"] == 600 and alone["counts"]["link"] == 12
    from workbench.importing.keyfilter import RepeatedKeys

    repeated_claims = [i for i, flags in enumerate(alone["repeats"]) if flags & RepeatedKeys.CLAIM_KEY]
    repeated_attributions = [i for i, flags in enumerate(alone["repeats"]) if flags & RepeatedKeys.GIVEN_ATTRIBUTION_KEY]
    assert alone["filter let go once read"]
    assert repeated_claims == [i for i in range(100, 600) if i % 37 == 0]
    assert repeated_attributions == [i for i in range(600) if i % 22 == 11]


def _noted(read: parallel_reading.Stretch | None, seen: list[int]) -> parallel_reading.Stretch | None:
    if read is not None:
        seen.append(read.records_read)
    return read


def test_rejects_come_in_file_order_from_both_sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, 600, bad={3, 140, 141, 300, 577, 599})
    alone = _read(feed, False, monkeypatch, lenient=True)
    assert alone["rejected"] == 6
    assert _read(feed, True, monkeypatch, lenient=True) == alone


@pytest.mark.parametrize("bad", [{40, 500}, {260, 520}, {599}])
def test_a_strict_read_stops_at_the_first_error_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: set[int]
) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, 600, bad=bad)
    errors = []
    for parallel in (False, True):
        with pytest.raises(BadImportFile) as raised:
            _read(feed, parallel, monkeypatch)
        errors.append(str(raised.value))
    assert errors[0] == errors[1]


def test_without_a_worker_every_stretch_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, 300)
    alone = _read(feed, False, monkeypatch)
    monkeypatch.setattr(parallel_reading, "start_one_worker", lambda: None)
    assert _read(feed, True, monkeypatch) == alone
