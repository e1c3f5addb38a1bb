"""The forms an outlet's name takes: in its own text ("TNA", "the Ledger" for "Harbour Ledger"),
and as a name when a header sets it in capitals (``outlet_case``).

Apart from ``plain`` (which reads the name off the header) because every reader's result needs
it, an HTML page's as much as a pasted text's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from workbench.intake.plain_reading import PlainReading

# "the Agency" or "the Press" in a story usually means another agency, never the outlet itself.
_GENERIC_OUTLET_WORDS = frozenset(
    {"press", "agency", "news", "daily", "wire", "service", "network", "radio", "television", "tv", "media", "online", "group"}
)


def with_outlet_aliases(reading: PlainReading) -> PlainReading:
    """Add the forms an outlet's name takes in its text: "TNA", "the Ledger" for "Harbour Ledger"."""
    aliases = list(reading.outlet_aliases)
    if reading.outlet:
        words = reading.outlet.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) == 2 and words[0].isupper() and words[1].lower() in _GENERIC_OUTLET_WORDS:
            aliases.append(words[0])  # "told the BBC" for "BBC News"; "Associated" is no "Associated Press"
        if len(words) >= 2:
            initials = "".join(word[0] for word in words if word[0].isupper())
            if re.search(rf"\b{re.escape(initials)}\b", reading.text):
                aliases.append(initials)
            if words[-1].lower() not in _GENERIC_OUTLET_WORDS:
                aliases.append(f"the {words[-1]}")
            aliases.append(" ".join(words))
    seen: list[str] = []
    for alias in aliases:
        if alias and alias != reading.outlet and alias not in seen and len(alias) >= 2:
            seen.append(alias)
    return replace(reading, outlet_aliases=seen)


def outlet_case(name: str) -> str:
    """A name set in capitals as a name: "HIGHLAND NEWS TV" -> "Highland News TV", "SPECIAL
    CRIMINAL COURT FOR THE EASTERN PROVINCES" -> "Special Criminal Court for the Eastern
    Provinces" (a short word stays in capitals: "TV", "BBC"; "THE", "AND" and "OF" do not, nor a
    company's legal form: "HARBOUR FREIGHT LTD" -> "Harbour Freight Ltd")."""
    if not name.isupper() or len(name.split()) < 2:
        return name
    return " ".join(
        _LEGAL_FORMS[word] if word in _LEGAL_FORMS else word if len(word) <= 3 and word not in _SHORT_WORDS else word.capitalize() if word not in _SHORT_WORDS or index == 0 else word.lower()
        for index, word in enumerate(name.split())
    )


_SHORT_WORDS = frozenset({"THE", "AND", "OF", "FOR", "ON", "IN", "AT"})
_LEGAL_FORMS = {"LTD": "Ltd", "INC": "Inc", "PLC": "plc", "CO": "Co"}
