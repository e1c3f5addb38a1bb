"""How alike two claims are, in the words a reviewer needs before merging them.

A merge removes one claim and moves its evidence to the other, so the merge dialog and its
confirmation show what the matching package sees in the pair: the wording similarity, the
details that conflict ("15 days" against "one month"), the details only one of them gives,
and what the importer's matcher would have made of the pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from workbench.matching.detail_comparison import detail_differences
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS, MatchDecision, classify_claim_match
from workbench.matching.match_keys import claim_similarity
from workbench.tui.sanitize import sanitize

_DECISIONS: dict[MatchDecision, str] = {
    "same": "the same words once case and punctuation are set aside",
    "auto": "close enough that an import would treat them as one claim",
    "suggest": "an import would flag them as a possible duplicate for a reviewer",
    "conflict": "an import would report them as conflicting, not as duplicates",
    "none": "an import would not pair them at all",
}


@dataclass(frozen=True)
class ClaimComparison:
    """What the matcher sees in a pair of claims (similarity 0-100; details in words)."""

    similarity: float
    conflicts: tuple[str, ...]
    extras: tuple[str, ...]
    decision: MatchDecision

    @property
    def worrying(self) -> bool:
        """Worth a second look before merging: conflicting details, or wording the matcher would not pair."""
        return bool(self.conflicts) or self.similarity < DEFAULT_THRESHOLDS.suggest


def compare_claims(text: str, other_text: str) -> ClaimComparison:
    """Compare two claim texts the way the importer's matcher does (pure; can take a while on huge texts)."""
    similarity = claim_similarity(text, other_text)
    details = detail_differences(text, other_text)
    decision = classify_claim_match(text, other_text, similarity, comparison=details)
    return ClaimComparison(similarity, tuple(details.conflicts), tuple(details.extras), decision)


def describe_comparison(comparison: ClaimComparison) -> Text:
    """Three short lines: similarity and the matcher's reading, conflicts, details only one gives."""
    warn = "bold red"
    out = Text()
    out.append("Wording similarity: ", style="bold")
    out.append(f"{comparison.similarity:.0f} of 100", style=warn if comparison.similarity < 50 else "")
    out.append(f" ({_DECISIONS[comparison.decision]}).")
    out.append("\nConflicting details: ", style="bold")
    if comparison.conflicts:
        out.append("; ".join(sanitize(conflict) for conflict in comparison.conflicts), style=warn)
    else:
        out.append("none found.")
    if comparison.extras:
        out.append("\nDetails only one of them gives: ", style="bold")
        out.append("; ".join(sanitize(extra) for extra in comparison.extras))
    return out
