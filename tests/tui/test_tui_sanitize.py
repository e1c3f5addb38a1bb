"""``sanitize``: the one function every widget passes stored text through."""

from __future__ import annotations

import pytest
from rich.text import Text
from tui_helpers import unsafe_chars

from workbench.tui.sanitize import REPLACEMENT, sanitize


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "␛[2J"),  # CSI: clear the screen
        ("\x1b]0;title\x07", "␛]0;title␇"),  # OSC 0: window title
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "␛]8;;http://x␛\\link␛]8;;␛\\"),  # OSC 8 hyperlink
        ("a\x00b", "a␀b"),
        ("del\x7f", "del␡"),
        ("\x9b31m", f"{REPLACEMENT}31m"),  # C1 CSI
        ("\x85next", f"{REPLACEMENT}next"),  # C1 NEL
        ("\u202eevil", f"{REPLACEMENT}evil"),  # right-to-left override
        ("\u2066x\u2069", f"{REPLACEMENT}x{REPLACEMENT}"),  # isolates
        ("\u200e\u200f\u061c", REPLACEMENT * 3),  # LRM, RLM, Arabic letter mark
        ("\ufeffbom\u200b", f"{REPLACEMENT}bom{REPLACEMENT}"),  # BOM, zero-width space
        ("line\u2028sep", f"line{REPLACEMENT}sep"),
        ("lone \ud800 surrogate", f"lone {REPLACEMENT} surrogate"),
        ("cr\rhere", "cr␍here"),
    ],
)
def test_controls_and_reordering_characters_become_visible(raw: str, shown: str) -> None:
    assert sanitize(raw) == shown


def test_markup_is_left_as_literal_text() -> None:
    """Markup is not sanitize's business: it is stopped by rendering through ``Text``."""
    for raw in ("[/]", "[@click=app.quit]x[/]", "[link=file:///etc/passwd]x[/link]", "[@=:", "[$x]"):
        assert sanitize(raw) == raw
        assert Text(sanitize(raw)).plain == raw


def test_scripts_that_need_joiners_keep_them() -> None:
    persian = "می\u200cخواهم"  # ZWNJ is part of correct Persian and Sorani Kurdish spelling
    family = "👩\u200d👩\u200d👧"
    assert sanitize(persian) == persian
    assert sanitize(family) == family
    assert sanitize("Qamişlo · القامشلي · Қамышлы") == "Qamişlo · القامشلي · Қамышлы"


def test_newlines_and_tabs() -> None:
    assert sanitize("one\ntwo") == "one ⏎ two"
    assert sanitize("one\r\ntwo\tthree", multiline=True) == "one\ntwo    three"
    assert sanitize("one\r\ntwo") == "one ⏎ two"


def test_values_that_are_not_strings() -> None:
    assert sanitize(None) == ""
    assert sanitize(42) == "42"


def test_no_code_point_gets_through() -> None:
    """Every BMP code point and the astral format characters come out terminal-safe."""
    everything = "".join(chr(c) for c in range(0x10000)) + "".join(chr(c) for c in range(0xE0000, 0xE0080))
    assert unsafe_chars(sanitize(everything)) == []
    assert unsafe_chars(sanitize(everything, multiline=True), newlines=True) == []
