"""What the CLI says before a change that is hard to see coming: a merge, an undo.

Each function turns a record from the use cases into lines for stderr, stored text made safe
for the terminal; the command prints them, then asks (``common.confirm``) when it must.
"""

from __future__ import annotations

from workbench.matching.thresholds import DEFAULT_THRESHOLDS
from workbench.records import ClaimSummary
from workbench.review.links import MergePreview
from workbench.review.undo import LastAction
from workbench.text_safety import safe_text

_TEXT_SHOWN = 100


def describe_merge(preview: MergePreview) -> list[str]:
    """The two claims, how alike they are, what conflicts, and what would move."""
    keep, drop = preview.keep, preview.drop
    lines = [
        f"merge claim {drop.id} into claim {keep.id}:",
        f"  keep #{keep.id} {_claim_line(keep)}",
        f"  drop #{drop.id} {_claim_line(drop)}",
        f"  similarity {preview.similarity:.0f} of 100 (possible duplicates score {DEFAULT_THRESHOLDS.suggest:.0f} or more, "
        f"{DEFAULT_THRESHOLDS.suggest - DEFAULT_THRESHOLDS.details_allowance:.0f} when their names and numbers all agree)",
    ]
    if preview.conflicts:
        lines.append("  conflicting details: " + "; ".join(safe_text(c) for c in preview.conflicts))
    if preview.extras:
        lines.append("  only in one of them: " + "; ".join(safe_text(e) for e in preview.extras))
    if not preview.looks_like_duplicate:
        lines.append("  these do not look like the same claim")
    lines.append(
        f"  {preview.attributions_moving} attribution(s) and {preview.links_moving} link(s) move to claim {keep.id}; "
        f"claim {drop.id} is deleted (`workbench undo` brings it back)"
    )
    return lines


def describe_last_action(last: LastAction) -> list[str]:
    """What was done, on which claim, when and where, and what undo will do."""
    if last.kept_newer:
        lines = [f"your last change undo can take back: {safe_text(last.done)}"]
        lines.append(f"  (newer, which undo does not take back: {safe_text(', '.join(last.kept_newer))})")
    else:
        lines = [f"your last change: {safe_text(last.done)}"]
    if last.claim_id is not None and last.claim_text is not None:
        lines.append(f"  claim {last.claim_id}: {_short(last.claim_text)}")
    where = safe_text(last.origin) if last.origin else "an unknown place (recorded before places were kept)"
    here = " (here)" if last.made_here else " (not in this terminal)"
    lines.append(f"  made {last.at:%Y-%m-%d %H:%M} UTC by {safe_text(last.reviewer)}, from {where}{here}")
    lines.append(f"  undo will {safe_text(last.undo)}")
    return lines


def _claim_line(claim: ClaimSummary) -> str:
    facts = [claim.status.replace("_", " "), claim.verdict.replace("_", " ")]
    return f"({', '.join(facts)}): {_short(claim.text)}"


def _short(text: str) -> str:
    shown = safe_text(text)
    return shown if len(shown) <= _TEXT_SHOWN else shown[: _TEXT_SHOWN - 1] + "…"
