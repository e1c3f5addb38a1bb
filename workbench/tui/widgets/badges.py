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

# Checked against every built-in Textual theme: at least 4.5:1 contrast (WCAG AA) on the
# theme's background and surface colours (the ansi-* themes use the terminal's own colours).
_DARK = {
    "unsourced": "#b4b4b4",
    "single_source": "#f0cc85",
    "corroborated": "#72d18b",
    "contested": "#d6a6f2",
    "refuted": "#ff9aa1",
    "unreviewed": "#b4b4b4",
    "accurate": "#72d18b",
    "mostly_accurate": "#a9dda4",
    "misleading": "#f0cc85",
    "false": "#ff9aa1",
    "unproven": "#d6a6f2",
    "muted": "#b4b4b4",
    "heading": "#8fc4f5",
}
_LIGHT = {
    "unsourced": "#4a4a4a",
    "single_source": "#6e4700",
    "corroborated": "#11602a",
    "contested": "#5f2da0",
    "refuted": "#a0141f",
    "unreviewed": "#4a4a4a",
    "accurate": "#11602a",
    "mostly_accurate": "#2c5e1c",
    "misleading": "#6e4700",
    "false": "#a0141f",
    "unproven": "#5f2da0",
    "muted": "#4a4a4a",
    "heading": "#084a8c",
}


def palette(dark: bool) -> dict[str, str]:
    return _DARK if dark else _LIGHT


def status_badge(status: str, dark: bool, *, short: bool = False, symbol_only: bool = False) -> Text:
    labels = STATUS_SHORT if short else STATUS_LABELS
    label = labels.get(status) or sanitize(status)
    symbol = STATUS_SYMBOLS.get(status, "?")
    return Text(symbol if symbol_only else f"{symbol} {label}", style=f"bold {palette(dark).get(status, '')}".strip())


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
