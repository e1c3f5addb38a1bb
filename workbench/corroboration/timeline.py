"""How a claim's status moved as the evidence arrived, from the dates the evidence carries.

"unsourced until 26 Jan 2026; single_source from 26 Jan 2026; corroborated from 27 Jan 2026".
Computed on demand (the dossier, the case file), never when a status is stored: it assesses
the claim once per distinct date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workbench.corroboration import wording
from workbench.corroboration.assess import assess
from workbench.corroboration.facts import Evidence
from workbench.corroboration.world import World
from workbench.vocabulary import Status


@dataclass(frozen=True)
class StatusChange:
    """The status (and the flags beside it) from ``since`` on; ``since`` None is the start,
    before any dated evidence (what the undated evidence alone gives)."""

    since: date | None
    status: Status
    origin_count: int
    flags: tuple[str, ...] = ()

    def label(self) -> str:
        return " · ".join([self.status.value, *self.flags])


def status_timeline(evidence: Evidence) -> tuple[StatusChange, ...]:
    """Each change of status or flags, in date order; the first entry is where it started."""
    world = World(evidence, evidence.attributions)
    dates = {day for a in evidence.attributions if (day := world.observed_on(a)) is not None}
    for links in (evidence.superseded_by, evidence.contradicted_by, evidence.fulfilled_by):
        dates.update(link.since for link in links if link.since is not None)
    changes: list[StatusChange] = []
    for when in [None, *sorted(dates)]:
        assessment = assess(evidence, as_of=date.min if when is None else when)
        change = StatusChange(when, assessment.status, assessment.origin_count, tuple(assessment.flags()))
        if not changes or (changes[-1].status, changes[-1].flags) != (change.status, change.flags):
            changes.append(change)
    return tuple(changes)


def timeline_text(changes: tuple[StatusChange, ...]) -> str:
    """The timeline as one line a desk reads left to right."""
    if not changes:
        return ""
    if len(changes) == 1:
        only = changes[0]
        return only.label() if only.since is None else f"{only.label()} from {wording.day(only.since)}"
    parts: list[str] = []
    for index, change in enumerate(changes):
        if change.since is None:
            parts.append(f"{change.label()} until {wording.day(changes[index + 1].since)}")
        else:
            parts.append(f"{change.label()} from {wording.day(change.since)}")
    return "; ".join(parts)
