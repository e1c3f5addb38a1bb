"""A court's judgment as the court publishes it: its heading above, its findings the court's own.

A judgment opens with the court ("SPECIAL CRIMINAL COURT FOR THE EASTERN PROVINCES", perhaps
its chamber under it), the case number and date, the bench ("Before: Judge ..."), the parties
("THE PROSECUTOR / v. / GORAN VELIK ANSEL") and a "JUDGMENT" label. Read as an article's
header, the chamber became the outlet, the court the title, and the bench and the parties the
first claims.

Here the court is the publisher and the parties the title ("The Prosecutor v. Goran Velik
Ansel"); the date is the "Date:" line's; the heading is no claim; what the judgment says in its
own words (its findings, "The Chamber finds that ...", its disposition) is the court's official
statement (``Article.kind`` "report"), and "the Chamber", "the Court" name it. A judgment is
known by its label ("JUDGMENT", "DECISION", "RULING") and a line naming a court or tribunal
above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from workbench.intake.dates import date_line
from workbench.intake.model import Span
from workbench.intake.outlet_names import outlet_case

_HEADING_LINES = 30
_COURT = re.compile(r"\b(?:court|tribunal|chamber|bench|commission\s+of\s+inquiry)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:(?:final|partial|interim|trial|appeal|appeals)\s+)?(?:judg(?:e)?ment|decision|ruling|opinion|verdict)(?:\s+on\s+[^\n]{2,60})?$", re.IGNORECASE)
_VERSUS = re.compile(r"^(?:v|vs|versus|against)\.?$", re.IGNORECASE)
_FIELD = re.compile(r"^(?P<name>case\s+no\.?|case\s+number|date|before|registrar|judges?)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
# The court's own names for itself in its text.
SELF_NAMES = ("the Chamber", "the Court", "the Tribunal", "the Bench")


@dataclass(frozen=True)
class JudgmentHeading:
    body_start: int
    court: str
    title: str | None
    decided: date | None


def read_judgment_heading(text: str) -> JudgmentHeading | None:
    """The heading of a judgment at the top of ``text``, or None when it opens with none."""
    lines = [(match.end(), match.group(0).strip()) for match in re.finditer(r"[^\n]+", text)][:_HEADING_LINES]
    label_at = next((index for index, (_, line) in enumerate(lines) if _LABEL.match(line)), None)
    court = next((line for _, line in lines[: label_at or 0] if _COURT.search(line) and len(line.split()) <= 12), None)
    if label_at is None or court is None:
        return None
    decided = next((found for _, line in lines[:label_at] if (field := _FIELD.match(line)) and field.group("name").lower() == "date"
                    and (found := date_line(field.group("value")))), None)
    parties = [line for index, (_, line) in enumerate(lines[:label_at]) if 0 < index < len(lines) and _VERSUS.match(lines[index - 1][1])]
    before_versus = [lines[index - 1][1] for index, (_, line) in enumerate(lines[:label_at]) if _VERSUS.match(line) and index]
    title = f"{outlet_case(before_versus[0])} v. {outlet_case(parties[0])}" if parties and before_versus else None
    body_start = lines[label_at][0]
    for end, line in lines[label_at + 1 :]:  # "Public redacted version (excerpt)", "[...]": still the heading
        if len(line.split()) > 8 or re.match(r"^(?:\d{1,3}\.|[IVX]+\.)\s", line):
            break
        body_start = end
    return JudgmentHeading(body_start, outlet_case(court), title, decided)


# A judgment's own furniture in its body: section headings ("III. FINDINGS OF FACT", "A. The
# detentions at the stadium"), an omission ("[...]") and the judges' signatures at the foot.
_FURNITURE = re.compile(
    r"^[ \t]*(?:(?:[IVX]{1,5}|[A-H])\.[ \t]+[^\n.]{2,80}|\[(?:\.\.\.|…)\]|Judge[ \t]+[^\n,]{3,60},[ \t]+(?:Presiding[ \t]+)?Judge)[ \t]*$",
    re.MULTILINE,
)


def judgment_furniture(body: str) -> list[Span]:
    """The lines of a judgment's body that are its layout, not its words: no claims."""
    return [Span(found.start(), found.end()) for found in _FURNITURE.finditer(body)]
