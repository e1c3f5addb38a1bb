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


# "AUSTRAL NEWS AGENCY - ENGLISH SERVICE": an agency's name and the service of it that sent the piece.
_AGENCY_SERVICE = re.compile(
    r"^\s*(?P<outlet>[A-Z][\w&'’.\-]*(?:\s+[\w&'’.\-]+){0,4}\s+(?i:news\s+agency|agency|press|wire))"
    r"\s+[-–—]\s+(?:[A-Z]+\s+){0,2}(?i:service|desk|wire)\s*$"
)
# "Opinion | Readers' editor": a paper's own corrections page, under whatever section it runs.
_READERS_EDITOR = re.compile(r"^(?:[\w'’ ]{2,30}\s+[|›»/]\s+)?(?i:readers['’]?\s+editor|public\s+editor|ombudsman)\s*$")


def agency_of_service_line(line: str) -> str | None:
    """The agency a "NAME NEWS AGENCY - ENGLISH SERVICE" line names, or None."""
    found = _AGENCY_SERVICE.match(line)
    return found.group("outlet") if found else None


def readers_editors_section(line: str) -> bool:
    """Whether ``line`` is the section line of a readers' editor's page (no title, no kind)."""
    return _READERS_EDITOR.match(line) is not None


JOINING_WORDS = frozenset({"and", "of", "in", "de", "la", "van", "von", "der", "bin", "ibn"})


def title_case(words: str) -> str:
    """"HOGIR AL ABDO" -> "Hogir Al Abdo": bylines and datelines are set in capitals
    ("MARIA LOPEZ and OMAR SAID" too: the joining words are not)."""
    if any(word.upper() != word for word in words.split() if word.lower() not in JOINING_WORDS):
        return words
    return re.sub(
        r"[A-Za-z][A-Za-z’']*",
        lambda match: match.group(0) if match.group(0).islower() else match.group(0).capitalize(),
        words,
    )
