"""Making untrusted text safe to show on a terminal.

Claim text, quotes, names and notes come from users and imported files. Stored byte-exact,
they must never reach a terminal raw: ESC starts control sequences (clear the screen, set the
window title, plant OSC 8 hyperlinks), NUL and C1 controls confuse terminals, and bidi
overrides make text read differently from what it is. Every control or bidi-format
character is replaced by a visible placeholder; newlines and tabs are kept only where the
caller allows them.
"""

from __future__ import annotations

import unicodedata

# Bidi embedding/override/isolate controls and other invisible reordering marks.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)} | {0x7F: "\u2421"}
REPLACEMENT = "\ufffd"


def safe_text(text: str | None, *, keep_newlines: bool = False) -> str:
    """Return ``text`` with every terminal control character made visible and harmless.

    C0 controls become their Unicode "control picture" (ESC shows as ␛, NUL as ␀), C1
    controls, bidi controls and other format characters become U+FFFD.
    """
    if not text:
        return ""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if keep_newlines and char in "\n\t":
            out.append(char)
        elif code < 0x20 or code == 0x7F:
            out.append(_PICTURES[code])
        elif 0x80 <= code <= 0x9F or char in _BIDI:
            out.append(REPLACEMENT)
        elif unicodedata.category(char) in ("Cf", "Cs", "Co") and char not in ("\u200d", "\u00ad"):
            out.append(REPLACEMENT)
        else:
            out.append(char)
    return "".join(out)


def is_safe(text: str) -> bool:
    """True when ``safe_text`` would leave ``text`` unchanged (for tests and assertions)."""
    return safe_text(text, keep_newlines=True) == text
