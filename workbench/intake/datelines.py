"""A wire dateline opening a story ("QAMISHLI, Syria (AP) —", "Damascus (AFP) -"): where it is.

Its own module because both the header reader (a line that is a dateline is no header line)
and the body reader (the dateline opens the lede) look for it, and a page may put a standfirst
above the lede: the dateline then opens the second paragraph, not the text.
"""

from __future__ import annotations

import re

from workbench.intake.dates import MONTH_PATTERN

_MONTH = "(?i:" + MONTH_PATTERN.replace("(?P<month>", "(?:") + ")"  # unnamed: a dateline holds it twice
# "QAMISHLI, Syria (AP) —": the place in capitals, an optional country, an optional agency. Reuters adds the
# day ("TARTUS, Syria, March 3 (Reuters) -"); AFP writes the place as a name ("Damascus (AFP) -").
_COUNTRY = r"(?:,\s*[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2})?"
_DATELINE_DAY = (
    r"(?:,\s*(?P<day>(?:" + _MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH + r")(?:,?\s+\d{4})?))?"
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'.\-]*(?:\s+[A-Z][A-Z’'.\-]*){0,3}" + _COUNTRY + ")" + _DATELINE_DAY
    + r"\s*(?:\((?P<agency>[^)\n]{1,40})\)|/(?P<wire>[^/\n]{1,40})/)?\s*[—–-]{1,2}\s+"
)
_NAMED_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w’'.\-]*(?:\s+[a-z]{1,3}-?[A-Z]?[\w’'.\-]*|\s+[A-Z][\w’'.\-]*){0,2}" + _COUNTRY + ")"
    + _DATELINE_DAY + r"\s*\((?P<agency>[A-Z][\w&.\- ]{0,30})\)\s*[—–-]{1,2}\s+"
)
# A standfirst above the lede: one paragraph of a sentence or two, under this many words.
_STANDFIRST_WORDS = 45


def dateline_at(text: str) -> re.Match[str] | None:
    """The dateline opening ``text``, if one does."""
    return _DATELINE.match(text) or _NAMED_DATELINE.match(text)


def find_dateline(text: str) -> tuple[re.Match[str], int] | None:
    """The dateline opening the story and the offset of the text it was matched in: the start
    of the text, or of its second paragraph when the first is a standfirst (short, and no
    dateline of its own). The match's own positions count from that offset."""
    found = dateline_at(text)
    if found is not None:
        return found, 0
    first_end = text.find("\n\n")
    if first_end < 0 or len(text[:first_end].split()) > _STANDFIRST_WORDS:
        return None
    second = first_end + 2
    found = dateline_at(text[second:])
    return (found, second) if found is not None else None
