"""Labels and colours for corroboration statuses, verdicts and grades.

Colours come in a dark and a light palette (picked from the app's theme) so a badge stays
readable on either background; the words never rely on colour alone.
"""

from __future__ import annotations

from rich.text import Text

from workbench.tui.sanitize import sanitize
from workbench.vocabulary import CREDIBILITY_LABELS, RELIABILITY_LABELS, Reliability

STATUS_LABELS = {
    "unsourced": "unsourced",
    "single_source": "single source",
    "corroborated": "corroborated",
    "contested": "contested",
    "refuted": "refuted",
}
STATUS_SHORT = {
    "unsourced": "unsourced",
    "single_source": "single",
    "corroborated": "corroborated",
    "contested": "contested",
    "refuted": "refuted",
}
STATUS_SYMBOLS = {
    "unsourced": "○",
    "single_source": "◐",
    "corroborated": "●",
    "contested": "◆",
    "refuted": "✕",
}
VERDICT_LABELS = {
    "unreviewed": "unreviewed",
    "accurate": "accurate",
    "mostly_accurate": "mostly accurate",
    "misleading": "misleading",
    "false": "false",
    "unproven": "unproven",
}
VERDICT_SHORT = {
    "unreviewed": "—",
    "accurate": "accurate",
    "mostly_accurate": "mostly acc.",
    "misleading": "misleading",
    "false": "false",
    "unproven": "unproven",
}
STANCE_LABELS = {
    "asserts": "Asserts",
    "denies": "Denies",
    "no_statement": "No statement",
    "declined_to_comment": "Declined to comment",
}
MODE_LABELS = {
    "direct_quote": "direct quote",
    "paraphrase": "paraphrase",
    "own_observation": "own observation",
    "official_statement": "official statement",
    "anonymous": "anonymous",
}
RELATION_LABELS = {
    "duplicate_of": "duplicate of",
    "contradicts": "contradicts",
    "supports": "supports",
    "refines": "refines",
}

_DARK = {
    "unsourced": "#a0a0a0",
    "single_source": "#e5c07b",
    "corroborated": "#62c27c",
    "contested": "#c892e8",
    "refuted": "#ef7b84",
    "unreviewed": "#a0a0a0",
    "accurate": "#62c27c",
    "mostly_accurate": "#9fd49a",
    "misleading": "#e5c07b",
    "false": "#ef7b84",
    "unproven": "#c892e8",
    "muted": "#a0a0a0",
    "heading": "#7fb8f0",
}
_LIGHT = {
    "unsourced": "#5f5f5f",
    "single_source": "#8a5a00",
    "corroborated": "#1a7f37",
    "contested": "#7a3fc9",
    "refuted": "#c4202c",
    "unreviewed": "#5f5f5f",
    "accurate": "#1a7f37",
    "mostly_accurate": "#3f7f2a",
    "misleading": "#8a5a00",
    "false": "#c4202c",
    "unproven": "#7a3fc9",
    "muted": "#5f5f5f",
    "heading": "#0a5aa8",
}


def palette(dark: bool) -> dict[str, str]:
    return _DARK if dark else _LIGHT


def status_badge(status: str, dark: bool, *, short: bool = False) -> Text:
    labels = STATUS_SHORT if short else STATUS_LABELS
    label = labels.get(status) or sanitize(status)
    return Text(f"{STATUS_SYMBOLS.get(status, '?')} {label}", style=f"bold {palette(dark).get(status, '')}".strip())


def verdict_text(verdict: str, dark: bool, *, short: bool = False) -> Text:
    labels = VERDICT_SHORT if short else VERDICT_LABELS
    style = palette(dark).get(verdict, "")
    return Text(labels.get(verdict) or sanitize(verdict), style=style if verdict == "unreviewed" else f"bold {style}")


def grade_label(grade: str) -> str:
    try:
        return f"{grade} ({RELIABILITY_LABELS[Reliability(grade)]})"
    except ValueError:
        return sanitize(grade)


def credibility_label(credibility: int) -> str:
    return f"{credibility} ({CREDIBILITY_LABELS.get(credibility, '?')})"
