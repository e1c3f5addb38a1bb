"""Where fuzzy scores turn into decisions: one set of thresholds for claims and source names.

Its own module because both the claim matcher (``workbench.matching.fuzzy``) and source-name
resolution (``workbench.matching.sources``) read it, and the duplicate finder defaults to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchThresholds:
    """Where fuzzy scores (0-100) turn into decisions. Tune per desk; these are the defaults.

    ``auto`` (92): at or above it a long claim whose details agree is the same claim, and an
    import attaches its attributions to the stored one. ``suggest`` (80): from here up to
    ``auto`` a new claim is created with a "possible duplicate" link for a reviewer; it is also
    the default ``--min-score`` of ``workbench duplicates``. ``min_words_for_auto`` (8): a
    shorter claim is only ever suggested, because a few words leave too little to compare.
    ``conflict`` (70): from here up, a pair whose details contradict is reported as a
    conflict. It sits below ``suggest`` because the differing detail itself lowers the score
    ("extended by 15 days" / "extended by one month" scores 78).
    ``details_allowance`` (15): a pair whose details *vouch* for it (two names and a number or
    a date agree, and nothing differs) is suggested from this many points under ``suggest``:
    a rewording in words no synonym list holds, with a typo, scores in the 70s although it
    reports the same event. The import, the candidate search and ``workbench duplicates``
    all apply it, so they agree on what is a possible duplicate.
    ``source_fuzzy`` (90) and ``source_margin`` (4) govern source names (``workbench.matching.sources``).
    """

    auto: float = 92.0
    suggest: float = 80.0
    min_words_for_auto: int = 8
    conflict: float = 70.0
    details_allowance: float = 15.0
    source_fuzzy: float = 90.0
    source_margin: float = 4.0

    def __post_init__(self) -> None:
        if not 0 <= self.conflict <= self.suggest <= self.auto <= 100:
            raise ValueError(
                "thresholds must satisfy 0 <= conflict <= suggest <= auto <= 100 "
                f"(got conflict={self.conflict}, suggest={self.suggest}, auto={self.auto})"
            )
        if not 0 <= self.details_allowance <= self.suggest:
            raise ValueError(f"details_allowance must be between 0 and suggest (got {self.details_allowance})")

    @property
    def lowest(self) -> float:
        """The lowest score any decision but ``none`` (or ``same``) can come from: pairs under it
        need no detail check."""
        return min(self.conflict, self.suggest - self.details_allowance)


DEFAULT_THRESHOLDS = MatchThresholds()
