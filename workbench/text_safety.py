"""Making untrusted text safe to show on a terminal: the one implementation, for CLI and TUI.

Claim text, quotes, source names, notes, reasons and tags come from reviewers and imported
files, and are stored byte-exact. Shown raw they would be dangerous: an ESC in a claim would
clear the screen, set the window title or plant an OSC 8 hyperlink, NUL and C1 controls
confuse terminals, and a bidi override (U+202E) makes a quote read differently from what is
stored. Rich's and Textual's markup-free rendering (``Text``, ``Content``, ``markup=False``)
stops markup but passes all of these through, so everything that shows data passes it
through ``sanitize`` first (the CLI's tables and dossiers, every TUI widget).
"""

from __future__ import annotations

import unicodedata

REPLACEMENT = "\ufffd"

# ZERO WIDTH NON-JOINER and JOINER are format characters that Persian, Kurdish (Sorani),
# Indic scripts and emoji sequences need; they cannot reorder text or reach the terminal's
# parser, so they are kept.
_KEPT_FORMAT = frozenset("\u200c\u200d")


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # control pictures: ␀ ␇ ␛ ...
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):  # C1 controls, including CSI (0x9B) and OSC (0x9D)
        table[code] = REPLACEMENT
    for code in (0x2028, 0x2029):  # line and paragraph separators
        table[code] = REPLACEMENT
    return table


_TABLE = _build_table()
_MULTILINE_TABLE = {**_TABLE, 0x0A: "\n", 0x09: "    "}
_SINGLE_LINE_TABLE = {**_TABLE, 0x0A: " \u23ce ", 0x09: " "}  # a newline shows as ⏎


def sanitize(value: object, *, multiline: bool = False) -> str:
    """``value`` as text with every control, bidi and other format character made visible.

    C0 controls become their control picture (ESC shows as ␛, NUL as ␀), DEL as ␡; C1
    controls, line/paragraph separators, bidi embeddings, overrides and isolates and every
    other invisible format character (Unicode category Cf, except ZWNJ/ZWJ) and lone
    surrogates become U+FFFD. Newlines (and CRLF) are kept only when ``multiline``, else
    shown as ⏎; a lone carriage return always shows as ␍.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    table = _MULTILINE_TABLE if multiline else _SINGLE_LINE_TABLE
    text = text.replace("\r\n", "\n").translate(table)
    if text.isascii():
        return text
    return "".join(
        REPLACEMENT
        if unicodedata.category(char) in ("Cf", "Cs") and char not in _KEPT_FORMAT
        else char
        for char in text
    )


def safe_text(text: str | None, *, keep_newlines: bool = False) -> str:
    """``sanitize`` under the name the CLI uses."""
    return sanitize(text, multiline=keep_newlines)


def is_safe(text: str) -> bool:
    """True when ``sanitize`` would leave ``text`` unchanged (for tests and assertions)."""
    return sanitize(text, multiline=True) == text.replace("\t", "    ")
