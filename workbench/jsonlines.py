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
import re
from typing import Any


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

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):  # noqa: ANN001, ANN202
        start = s_and_end[1] - 1
        try:
            pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo)
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

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        return decoder.decode(text)
    except JsonProblem:
        raise
    except json.JSONDecodeError as error:
        raise JsonProblem(error.lineno + line_offset, "(json)", f"invalid JSON: {error.msg} (column {error.colno})") from None
    except RecursionError:
        raise JsonProblem(None, "(json)", "nested too deeply") from None
    except ValueError as error:
        raise JsonProblem(None, "(json)", str(error)) from None
