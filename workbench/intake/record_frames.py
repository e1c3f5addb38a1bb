"""Formulas that give a record, not a statement, to a source: "X cited Y as saying C", "data from
X show C", "X recorded C".

Apart from ``frames`` (the formulas around a reporting verb) because each is matched on the
whole sentence before any verb is looked at, and what it finds (a measurement, a record shown,
a source quoted by another) keeps the records' words in the claim.
"""

from __future__ import annotations

import re

from workbench.intake import formulas
from workbench.intake.clauses import note_anonymity
from workbench.intake.dates import MONTH_PATTERN
from workbench.intake.frame import Frame
from workbench.intake.model import Span
from workbench.intake.quotes import MASK
from workbench.intake.sources import looks_like_source, names_a_body
from workbench.vocabulary import Stance


def cited_as_saying(masked: str) -> Frame | None:
    """"The agency cited a source close to the investigation as saying C": the source asserts C,
    relayed by the agency."""
    found = formulas.CITED_AS_SAYING.match(masked)
    if found is None or MASK in found.group("origin") or not looks_like_source(found.group("origin").strip()):
        return None
    origin, *appositives = [part.strip() for part in found.group("origin").split(",") if part.strip()]
    relay = found.group("relay").strip()
    frame = Frame("X cited Y as saying", Stance.ASSERTS, Span(found.end("relay") + 1, found.end()))
    frame.subject, frame.subject_span = origin, Span(found.start("origin"), found.start("origin") + len(origin))
    frame.appositives = tuple(appositives)  # "Klaus Wendt, head of trade policy at the association,"
    frame.relay = (relay, Span(found.start("relay"), found.start("relay") + len(relay)), f"cited by {relay}")
    frame.claim_span = Span(found.end(), len(masked))
    frame.boundary = 0
    note_anonymity(masked, frame)
    return frame


_MONTH = MONTH_PATTERN.replace("?P<month>", "?:")
# "12 March", "March 12", "Monday", "last week": when records were made, not who made them.
_A_DAY = re.compile(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|(?:last|this|that)\s+\w+|yesterday|today)(?:,?\s+\d{4})?$",
    re.IGNORECASE,
)


def records_show(masked: str) -> Frame | None:
    """"Flight-tracking data from Flightradar24 showed C": the one who analysed the records
    ("reviewed by the AP") or, else, who made them asserts C; records nobody is named for are
    the outlet's own reading, left to it."""
    found = formulas.RECORDS_SHOW.match(masked)
    if found is None:
        return None
    who = "analyst" if found.group("analyst") else "maker" if found.group("maker") else "named" if found.group("named") else None
    if who is None:
        return None
    name = found.group(who).strip()
    if who == "maker" and _A_DAY.match(name):
        return None  # "Imagery from 12 March shows C": a date, no maker; the piece's own reading
    frame = Frame("records from X show", Stance.ASSERTS, Span(found.start("verb"), found.end()))
    frame.subject, frame.subject_span = name, Span(found.start(who), found.start(who) + len(name))
    # The claim keeps its records as its subject: "Satellite imagery shows at least 30 vehicles".
    frame.antecedent = Span(found.start("what"), found.end("what"))
    frame.claim_span = Span(found.start("verb"), len(masked))
    frame.boundary = 0
    return frame


def measured(masked: str) -> Frame | None:
    """"Poland's weather service, IMGW, recorded no snow cover in Krakow on Sunday": a body that
    keeps records (a weather service, a seismological agency, police, a hospital) asserts what it
    recorded, in the sentence's words. Only a body: "Cameras recorded the moment" and "the
    singer recorded an album" report no measurement of anyone's."""
    found = formulas.MEASURED.match(masked)
    if found is None or MASK in found.group("who"):
        return None
    parts = [part.strip() for part in found.group("who").split(",") if part.strip()]
    name, appositives = parts[0], tuple(parts[1:])
    if not any(names_a_body(part) for part in parts) or not looks_like_source(name):
        return None
    frame = Frame("X recorded", Stance.ASSERTS, Span(found.start("verb"), found.end("verb")))
    frame.subject, frame.subject_span = name, Span(found.start("who"), found.start("who") + len(name))
    frame.appositives = appositives
    frame.sentence_claim = True
    frame.claim_span = Span(found.start("verb"), len(masked))
    frame.boundary = 0
    return frame

