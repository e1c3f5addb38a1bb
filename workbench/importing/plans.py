"""A batch's claims and attributions as planned: references resolved, stored rows found,
ids and merges decided, before anything of the batch is written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.formats.interchange import AttributionSpec, ClaimSpec
from workbench.importing.claim_matcher import Suggestion


@dataclass
class PlannedAttribution:
    """An attribution with its references resolved: the row's ``values`` and its key."""

    spec: AttributionSpec
    key: str
    values: dict[str, Any]
    existing: Any = None  # the stored row when the key exists


@dataclass
class PlannedClaim:
    """A claim of the batch: new, an update of a stored one, or rows joining one (a CSV claim
    continued, or a duplicate merged into it); ``target_id`` is the claim its attributions go to."""

    spec: ClaimSpec
    raw: str | None
    existing: Any  # stored row, or None for a new claim
    attributions: list[PlannedAttribution]
    tags: list[str] | None
    target_id: int | None = None
    suggestion: Suggestion | None = None
    continuation: bool = False  # a CSV claim continued from rows above
