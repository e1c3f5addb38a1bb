"""The key an attribution stored without one is given, so that importing it again finds it.

A module of its own, below every layer, because the review use cases, the import and the
import's worker process (``importing.matching_ahead``, which loads no database layer) all
work these keys out.
"""

from __future__ import annotations

import hashlib
import re


def derived_key(claim_key: str, source_key: str, document_key: str | None, stance: str, quote: str | None) -> str:
    """A stable key for an attribution given without one, so re-imports find it again."""
    digest = hashlib.sha256(
        "\x1f".join([claim_key, source_key, document_key or "", stance, quote or ""]).encode()
    ).hexdigest()[:16]
    return f"attr-{digest}"


_DERIVED = re.compile(r"attr-[0-9a-f]{16}")


def looks_derived(key: str) -> bool:
    """Whether ``key`` has the shape of a ``derived_key`` (as in an export of derived keys)."""
    return _DERIVED.fullmatch(key) is not None

