"""Colours, symbols and short forms for corroboration statuses, flags, verdicts and grades.

The words themselves are the vocabulary's (``vocabulary.labels``), the same the CLI and the
case file use; this module adds only what a narrow terminal needs: symbols, abbreviations
and colours. Colours come in a dark and a light palette (picked from the app's theme) so a
badge stays readable on either background; the words never rely on colour alone.
"""

from __future__ import annotations

from rich.text import Text

# Grades and credibility in words, as the dossier words them (re-exported for the pickers).
from workbench.review.dossier import credibility_label, grade_label
from workbench.tui.sanitize import sanitize
from workbench.vocabulary import ClaimFlag, LinkRelation, Mode, Stance, Status, Verdict, labels

__all__ = [
    "FLAG_LABELS",
    "FLAG_SYMBOLS",
    "MODE_LABELS",
    "RELATION_LABELS",
    "STANCE_LABELS",
    "STATUS_LABELS",
    "STATUS_SHORT",
    "STATUS_SYMBOLS",
    "VERDICT_LABELS",
    "VERDICT_SHORT",
    "credibility_label",
    "flag_text",
    "grade_label",
    "palette",
    "status_badge",
    "verdict_text",
]

STATUS_LABELS = labels(Status)
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
VERDICT_LABELS = labels(Verdict)
VERDICT_SHORT = {
    "unreviewed": "—",
    "accurate": "accurate",
    "mostly_accurate": "mostly acc.",
    "misleading": "misleading",
    "false": "false",
    "unproven": "unproven",
}
STANCE_LABELS = {value: words.capitalize() for value, words in labels(Stance).items()}  # headings: "No statement"
MODE_LABELS = labels(Mode)
RELATION_LABELS = labels(LinkRelation)
FLAG_LABELS = labels(ClaimFlag)
# Beside a status in a narrow list; the detail pane and the wide list spell the flag out.
FLAG_SYMBOLS = {
    ClaimFlag.DISPUTED.value: "⚑",
    ClaimFlag.SUPERSEDED.value: "⤳",
    ClaimFlag.FULFILLED.value: "✓",
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
    "disputed": "#d6a6f2",
    "superseded": "#f0cc85",
    "fulfilled": "#72d18b",
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
    "disputed": "#5f2da0",
    "superseded": "#6e4700",
    "fulfilled": "#11602a",
}


def palette(dark: bool) -> dict[str, str]:
    return _DARK if dark else _LIGHT


def status_badge(status: str, dark: bool, *, short: bool = False, symbol_only: bool = False) -> Text:
    names = STATUS_SHORT if short else STATUS_LABELS
    label = names.get(status) or sanitize(status)
    symbol = STATUS_SYMBOLS.get(status, "?")
    return Text(symbol if symbol_only else f"{symbol} {label}", style=f"bold {palette(dark).get(status, '')}".strip())


def flag_text(flags: tuple[str, ...], dark: bool, *, short: bool = False) -> Text:
    """The flags beside a status: "disputed, superseded" (or their symbols when ``short``)."""
    text = Text()
    colours = palette(dark)
    for index, flag in enumerate(flags):
        if index:
            text.append("" if short else ", ")
        text.append(FLAG_SYMBOLS.get(flag, "?") if short else FLAG_LABELS.get(flag, "?"), style=f"bold {colours.get(flag, '')}".strip())
    return text


def verdict_text(verdict: str, dark: bool, *, short: bool = False) -> Text:
    names = VERDICT_SHORT if short else VERDICT_LABELS
    style = palette(dark).get(verdict, "")
    return Text(names.get(verdict) or sanitize(verdict), style=style if verdict == "unreviewed" else f"bold {style}")
