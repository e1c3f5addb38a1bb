"""The one place where untrusted text is made safe to put on the terminal.

Claim text, quotes, source names, notes, reasons and tags come from reviewers and imported
files. Textual's ``Content``/``Text``/``markup=False`` stop markup from being parsed, but none
of them strips terminal control sequences: an ESC in a claim would clear the screen, set the
window title or plant an OSC 8 hyperlink, and a bidi override (U+202E) would make a quote read
differently from what is stored. Every widget that shows data passes it through ``sanitize``
and then renders it only as ``rich.text.Text`` (never as a markup string).
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
    surrogates become U+FFFD. Newlines are kept only when ``multiline`` (else shown as ⏎);
    a carriage return always shows as ␍.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    table = _MULTILINE_TABLE if multiline else _SINGLE_LINE_TABLE
    if multiline:
        text = text.replace("\r\n", "\n")
    text = text.translate(table)
    if text.isascii():
        return text
    return "".join(
        REPLACEMENT
        if unicodedata.category(char) in ("Cf", "Cs") and char not in _KEPT_FORMAT
        else char
        for char in text
    )
