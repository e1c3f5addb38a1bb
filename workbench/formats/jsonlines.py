"""Strict JSON reading that remembers where each object started.

Errors in an import must name the line, and Python's ``json`` forgets positions once parsed.
This decoder uses the pure-Python scanner with an object parser that tags every object with
its line, rejects duplicate keys (silently keeping the last is how data gets lost), and
rejects NaN and Infinity (not JSON, and meaningless as evidence).
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import math
import re
from typing import Any

MAX_DEPTH = 64  # no record of the format nests deeper than 6 levels


class LinedDict(dict[str, Any]):
    """A JSON object with the line it starts on."""

    line: int = 0


class JsonProblem(ValueError):
    def __init__(self, line: int | None, field: str, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.field = field
        self.reason = reason


def loads_with_lines(text: str, line_offset: int = 0) -> Any:
    """Parse ``text``; every object in the result is a ``LinedDict`` (lines are 1-based)."""
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def line_of(index: int) -> int:
        return bisect.bisect_right(line_starts, index) + line_offset

    def reject_constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed (not valid JSON)")

    decoder = json.JSONDecoder(parse_constant=reject_constant, object_pairs_hook=list)

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        start = s_and_end[1] - 1
        try:
            pairs, end = json.decoder.JSONObject(  # type: ignore[attr-defined]  # public in CPython's json.decoder, absent from typeshed
                s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo
            )
        except (JsonProblem, json.JSONDecodeError):
            raise
        except ValueError as error:  # NaN/Infinity inside this object: name its line
            raise JsonProblem(line_of(start), "(json)", str(error)) from None
        result = LinedDict()
        result.line = line_of(start)
        for key, value in pairs:
            if key in result:
                raise JsonProblem(result.line, key, "duplicate key in the same object")
            result[key] = value
        return result, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]  # read by py_make_scanner, not in typeshed
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]  # the scanner the decoder calls, not in typeshed
    try:
        return decoder.decode(text)
    except JsonProblem:
        raise
    except json.JSONDecodeError as error:
        raise JsonProblem(error.lineno + line_offset, "(json)", f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise JsonProblem(_deep_line(text) + line_offset, "(json)", _TOO_DEEP) from None
    except ValueError as error:
        raise JsonProblem(None, "(json)", str(error)) from None


_TOO_DEEP = f"nested too deeply (more than {MAX_DEPTH} levels)"


def loads_line(text: str, line: int) -> Any:
    """Parse one JSONL line with the C decoder: strict like ``loads_with_lines``, and fast.

    Duplicate keys, NaN/Infinity (and numbers too large to be finite) and nesting deeper
    than ``MAX_DEPTH`` are refused with the line's number.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(text):
        raise JsonProblem(line, "(json)", _TOO_DEEP)
    try:
        return _LINE_DECODER.decode(text)
    except _DuplicateKey as error:
        raise JsonProblem(line, error.key, "duplicate key in the same object") from None
    except json.JSONDecodeError as error:
        raise JsonProblem(line, "(json)", f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise JsonProblem(line, "(json)", _TOO_DEEP) from None
    except ValueError as error:
        raise JsonProblem(line, "(json)", str(error)) from None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (not valid JSON)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large to be a finite number")
    return value


_LINE_DECODER = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates, parse_constant=_reject_constant, parse_float=_finite_float
)


def _too_deep(text: str) -> bool:
    return _deep_line(text, count_lines=False) > 0


def _deep_line(text: str, count_lines: bool = True) -> int:
    """The line on which nesting first goes deeper than ``MAX_DEPTH`` (0 when it never does)."""
    depth = 0
    line = 1
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token == "\n":
            line += 1
        elif token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line if count_lines else 1
        else:
            depth -= 1
    return 0


_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]')
