"""What a plain-text or Markdown article says about itself, and where its reporting starts.

Desks paste articles as they come: an outlet line, a date line, a headline and a byline above
the story; a wire dateline opening it ("QAMISHLI, Syria (AP) —"); a byline, an outlet or a
"Reporting by" credit below it. The lines above the story become metadata and leave the text;
the lines below stay in the text (they are part of the article as published) and are marked
``skipped`` so that no claim is looked for in them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.intake.datelines import dateline_at, find_dateline
from workbench.intake.dates import date_line, parse_date, undated_date_line
from workbench.intake.email_chain import looks_like_email_chain, read_email_chain
from workbench.intake.email_header import mailing_list_foot, read_email_header
from workbench.intake.factcheck_card import read_factcheck_card
from workbench.intake.field_notes import looks_like_field_notes, read_field_notes
from workbench.intake.forum_thread import looks_like_forum_thread, read_forum_thread
from workbench.intake.header_labels import is_label, lead_in_labels, piece_kind, without_update_tag
from workbench.intake.letterheads import read_letterhead, read_pdf_report
from workbench.intake.markdown import markdown_to_text
from workbench.intake.md_tables import row_turns
from workbench.intake.model import Span
from workbench.intake.outlet_names import JOINING_WORDS, agency_of_service_line, outlet_case, readers_editors_section, title_case
from workbench.intake.pdf_text import clean_pdf_text, looks_like_pdf_text
from workbench.intake.plain_reading import PlainReading
from workbench.intake.sentences import TIME_STAMP_LINE
from workbench.intake.speakers import read_speakers
from workbench.intake.subtitles import looks_like_subtitles, read_subtitles
from workbench.intake.wiki_page import read_wiki_page
from workbench.intake.wire_screen import looks_like_wire_screen, read_wire_screen

_HEADER_LINES = 10
_SENTENCE_END = ("." , "!", "?", "”", '"', "’", "…", ":")
_PUBLISHED_BY = re.compile(r"^(?:published|issued|posted)\s+by\s+(?:the\s+)?(?P<who>.+?)(?:\s+(?:secretariat|press\s+office|team|desk))?$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\s*date[:\s]\s*(?P<date>\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
# "By Maria Lopez (in Limni)", "By Maria Lopez, Reuters" (or "| Reuters"), "By Maria Lopez, Staff Writer",
# "By Erion Daci, BBC News, Tirana": after the name, an outlet or a job title, then perhaps the place.
_BYLINE = re.compile(
    r"^\s*(?:(?:interview|interviewed|words|text|story|report|reporting|compiled|written)\s+)?by\s+(?P<name>[^\n,;|·]{2,60}?)(?:\s+in\s+(?P<place>[A-Z][^\n,;|]{1,40}))?"
    r"(?:\s*[,|]\s*(?P<after>[^\n,;|]{2,60}?))?(?:\s*[,|]\s*(?P<where>[A-Z][^\n,;|]{1,40}?))?\s*$",
    re.IGNORECASE,
)
# Words that make a byline's last part an outlet rather than a place.
_OUTLET_WORDS = frozenset(
    {"news", "review", "times", "post", "journal", "daily", "herald", "press", "agency", "gazette", "tribune", "chronicle",
     "courier", "observer", "guardian", "telegraph", "standard", "mail", "express", "radio", "tv", "television", "network",
     "media", "wire", "monitor", "record", "report", "reporter", "weekly", "magazine", "online", "ledger", "star", "sun"}
)
# What follows a byline's name when it is the writer's job, not the outlet.
_JOB_WORDS = frozenset(
    {"writer", "reporter", "correspondent", "editor", "staff", "contributor", "columnist", "chief", "bureau",
     "special", "freelance", "analyst", "producer", "photographer", "journalist", "desk"}
)
_CREDIT = re.compile(
    r"^\s*(?:[-–—]+\s*)?\(?\s*(?:(?:additional\s+)?reporting|writing|editing|compiled|produced|translated)\s+by\b.*$"
    r"|^\s*(?-i:SOURCE)\s+\S.*$",  # a press-release wire's "SOURCE Atlântica Airways"
    re.IGNORECASE,
)
# "-- Reporting by Niamh Corrigan for the Bristol Evening Courier": the outlet the credit names.
_CREDIT_FOR = re.compile(r"\bfor\s+(?P<outlet>(?:the\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,5})\s*[.)]?\s*$")
# The outlet describing itself under a story: "The Clinical Record is an independent health news service."
_OUTLET_DESCRIBED = re.compile(
    r"^[\s*_]*(?P<outlet>(?:The\s+)?[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,4})\s+is\s+an?\s+(?:[\w\-]+\s+){0,4}?"
    r"(?:news\s+(?:service|site|website|agency|outlet|organi[sz]ation)|newspaper|magazine|website|publication|broadcaster|newsroom)"
    r"\b[^.]*\.?[\s*_]*$"
)
# How an outlet names itself in its own scoop: "the Sunday Clarion can reveal", "Reuters has learned".
_OUTLET_REVEALS = re.compile(
    r"\b(?:the\s+)?(?P<outlet>[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3})\s+"
    r"(?:can\s+(?:now\s+)?(?:exclusively\s+)?(?:reveal|disclose)|has\s+(?:learned|learnt))\b"
)
# A wire's staff initials at the foot ("ant/gv/jm", "jd/pb").
_STAFF_INITIALS = re.compile(r"^\s*[a-z]{2,4}(?:\s*/\s*[a-z]{2,4})+\s*$")
_REPORTING_BY = re.compile(
    r"^\s*(?:[-–—]+\s*)?\(?\s*(?i:reporting\s+by)\s+(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){1,3})\s*(?:[;,)]|\s+(?:in|for)\b|$)"
)
_CREDIT_STAFF = re.compile(r"\bby\s+(?P<outlet>(?:[A-Z][\w&'’.-]*\s+){0,5}?[A-Z][\w&'’.-]*)\s+staff\b")
# A newsroom's request to readers under a story: for tips, not a claim of the story.
_CALL_TO_ACTION = re.compile(
    r"^[\s*_>]*(?:do\s+you\s+have\s+(?:information|a\s+story|a\s+tip)|have\s+you\s+got\s+a\s+story|got\s+a\s+(?:story|tip)\b"
    r"|(?:are|were)\s+you\s+affected|have\s+you\s+been\s+affected)"
    r"|\b(?:contact|email|e-mail|write\s+to)\b[^.?!]*?[\w.+-]+@[\w-]+\.[\w.]+",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_OUTLET_AND_PLACE = re.compile(
    r"^(?P<outlet>[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3})(?:,\s*(?P<place>[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,2}))?$"
)
# "This page is published by the City of Ballarine.": whose own page it is, said at its foot.
_PAGE_PUBLISHED_BY = re.compile(r"\bthis\s+(?:page|site|website)\s+is\s+(?:published|maintained|run)\s+by\s+(?:the\s+)?(?P<who>(?-i:[A-Z][\w'’&\-]*(?:\s+(?:of\s+|the\s+|and\s+)*[A-Z][\w'’&\-]*){0,5}))", re.IGNORECASE)
_OUTLET_AND_DATE = re.compile(r"^\s*(?P<outlet>[^\n,|—–:]{2,40}?)\s*[,|—–]\s*(?P<date>.+?)\s*$")


# Layouts a reader of their own rebuilds whole, looked for in this order: a video's subtitles
# (cues, timings, notes), an agency's wire screen (tags, slugs, times), a reporter's field notes
# (a header of fields, timestamped entries, "Says ..."), a forum thread (each account's words its
# own), an email chain (the forwarder's note, the message forwarded, the one it quotes).
_REBUILT_LAYOUTS: tuple[tuple[Callable[[str], bool], Callable[[str], PlainReading]], ...] = (
    (looks_like_subtitles, read_subtitles),
    (looks_like_wire_screen, read_wire_screen),
    (looks_like_field_notes, read_field_notes),
    (looks_like_forum_thread, read_forum_thread),
    (looks_like_email_chain, read_email_chain),
)


def read_plain(text: str, *, markdown: bool = False) -> PlainReading:
    """Split a plain-text (or Markdown) article into its metadata and its document text."""
    text = raw = text.replace("\r\n", "\n").replace("\r", "\n")
    reading = PlainReading(text="")
    for looks_like, read_layout in _REBUILT_LAYOUTS:
        if looks_like(text):
            return read_layout(text)
    from_pdf = looks_like_pdf_text(text)
    if from_pdf:  # page headers and footers, words broken at line ends, flattened tables
        text = clean_pdf_text(text)
    table_rows: list[tuple[str, str]] = []  # a Markdown table's rows with the source each names
    if markdown:
        text, title, reading.bold_lines, reading.lead_ins, table_rows = markdown_to_text(text)
        reading.title = reading.title or title
    if (email := read_email_header(text)) is not None:  # a newsletter as received: sender, subject, date
        reading.outlet, reading.title, reading.published, text = email.outlet, email.title, email.sent, text[email.body_start :]
        for line in email.masthead:  # "Tuesday 9 November 2027", "Written by Ines Varga"
            _header_line(line, reading)
    if not read_letterhead(text, reading):  # a press release's, a judgment's: the publisher's own statement
        body_start = _read_header(text, reading)
        reading.text = _without_lines_under_a_standfirst(text[body_start:].strip(), reading)
    _read_dateline(reading)
    _read_footer(reading)
    read_wiki_page(reading)  # "From Civipedia, the free encyclopedia": its infobox, contents, references and foot
    read_factcheck_card(reading)  # "Claim:", "Claimed by:", "Rating:": the claim checked is its claimant's
    if (foot := mailing_list_foot(reading.text)) is not None:  # "Unsubscribe | Manage your preferences"
        reading.skipped = sorted([*reading.skipped, Span(foot, len(reading.text))], key=lambda span: span.start)
    if reading.outlet is None and (page_of := _PAGE_PUBLISHED_BY.search(raw)):  # its foot may be in a section dropped
        reading.outlet, reading.kind = page_of.group("who"), reading.kind or "report"  # a body's own page: its statement
    if reading.outlet is None and (revealing := _OUTLET_REVEALS.search(reading.text)):
        reading.outlet = revealing.group("outlet")  # "..., the Sunday Clarion can reveal": nothing else named it
    if reading.outlet is not None:
        reading.outlet = outlet_case(reading.outlet)
    read_speakers(reading)  # an interview's answers, a transcript's turns
    if table_rows:  # "| ... | Operator records traffic dropping to zero | Nordbalt Fibre |"
        reading.turns = sorted([*reading.turns, *row_turns(reading.text, table_rows)], key=lambda turn: turn.span.start)
    if from_pdf:
        read_pdf_report(reading)
    reading.labels = sorted([*reading.labels, *lead_in_labels(reading.text, reading.lead_ins)], key=lambda span: span.start)
    return reading


def _read_byline(line: str, reading: PlainReading) -> bool:
    """Take the writer (and an outlet named after them) from a byline; False if ``line`` is none."""
    byline = _BYLINE.match(line)
    if byline is None or len(byline.group("name").split()) > 6:
        return False
    if reading.byline is None:
        reading.byline = title_case(byline.group("name").strip())
    after = (byline.group("after") or "").strip()
    where = (byline.group("where") or "").strip()
    if where and _JOB_WORDS.intersection(word.lower() for word in after.split()) and _OUTLET_WORDS.intersection(where.lower().split()):
        after = where  # "By Efua Acheampong, West Africa correspondent, Meridian Business Review"
    words = after.split()
    if (
        1 <= len(words) <= 5
        and not _JOB_WORDS.intersection(word.lower() for word in words)
        and all(word[0].isupper() or word.lower() in JOINING_WORDS | {"the"} for word in words)
    ):
        _note_outlet(reading, after)
    return True


# -- header ---------------------------------------------------------------------------------


def _read_header(text: str, reading: PlainReading) -> int:
    """Take metadata lines off the top; return where the reporting starts."""
    position = 0
    for _ in range(_HEADER_LINES):
        while position < len(text) and text[position] in " \t\n":
            position += 1
        if position >= len(text):
            break
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        line = text[position:line_end].strip()
        prefix = _DATE_PREFIX.match(text, position)
        if prefix and reading.published is None and (published := parse_date(prefix.group("date"))) is not None:
            reading.published = published  # "date 2026-13-45" is no date: the line stays text
            position = prefix.end()
            continue
        if not _header_line(line, reading):
            break
        position = line_end
    return position


def _header_line(line: str, reading: PlainReading) -> bool:
    """Record ``line`` if it is metadata; False once the story begins."""
    if readers_editors_section(line):
        return True  # "Opinion | Readers' editor": the paper's own corrections page, its voice the paper's
    if reading.outlet is None and (agency := agency_of_service_line(line)):
        reading.outlet = agency  # "AUSTRAL NEWS AGENCY - ENGLISH SERVICE": no dateline
        return True
    if dateline_at(line) or len(line.split()) > 20:
        return False
    if is_label(line):
        reading.kind = reading.kind or piece_kind(line)
        return True  # "Verdict: False", "(Adds minister's comments ...)", "Opinion": a label, no field of ours
    if reading.published is None and (published := date_line(line)) is not None:
        reading.published = published
        return True
    if reading.published is None and undated_date_line(line):
        return True  # "Published: 12/05/2027": a date, but 12 May or 5 December? Left for --published
    if _PART_SEPARATOR.search(line) and _parted_line(line, reading):
        return True  # before the byline: "By Orla Whelan | 14 October 2027" is a byline and a date
    if reading.byline is None and _read_byline(line, reading):
        return True
    if reading.byline is not None and reading.outlet is None and (placed := _OUTLET_AND_PLACE.match(line)):
        reading.outlet = placed.group("outlet")  # BBC style, under the byline: "BBC News, Kyiv"
        if placed.group("place") and reading.dateline is None:
            reading.dateline = title_case(placed.group("place"))  # where the story was filed (no span: not in the text)
        return True
    if _parted_line(line, reading):
        return True
    pair = _OUTLET_AND_DATE.match(line)
    if pair and reading.published is None and (published := date_line(pair.group("date"))) is not None:
        reading.published = published
        if reading.outlet is None:
            reading.outlet = pair.group("outlet").strip()
        return True
    if line.endswith(_SENTENCE_END):
        return False
    words = line.split()
    capitalised = len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha())
    if reading.outlet is None and reading.title is None and capitalised:
        reading.outlet = line
        return True
    if reading.outlet is None and reading.title is not None and reading.published is None and capitalised:
        reading.outlet = line  # headline, then "Baltic Times Online", then its date line
        return True
    if reading.title is None and len(words) >= 3:
        reading.title = without_update_tag(line)
        return True
    return False


def _without_lines_under_a_standfirst(body: str, reading: PlainReading) -> str:
    """A standfirst between the headline and the byline ("The government has the votes. ..."
    then "By Miriama Ellison · Saturday 21 August 2027") ended the header at itself: it stays
    the body's first paragraph, and the metadata lines under it leave the text as a header's do."""
    first_end = body.find("\n")
    if first_end < 0 or len(body[:first_end].split()) > 45:
        return body
    position = first_end
    while True:
        while position < len(body) and body[position] in " \t\n":
            position += 1
        line_end = body.find("\n", position)
        line_end = len(body) if line_end < 0 else line_end
        line = body[position:line_end].strip()
        scratch = PlainReading(text="")
        byline = re.match(r"by\s", line, re.IGNORECASE) and _read_byline(line, scratch)  # not "Reporting by": a foot's credit
        if not line or not (byline or date_line(line) or (_PART_SEPARATOR.search(line) and _parted_line(line, scratch))):
            break
        _header_line(line, reading)
        position = line_end
    if position <= first_end + 1 or not body[position:].strip():
        return body  # nothing under the lines: they are the story's foot, not a header
    return body[:first_end] + "\n\n" + body[position:].lstrip()


def _parted_line(line: str, reading: PlainReading) -> bool:
    """A line of metadata parts between bars or dots: "Posted June 7, 2027 at 6:45 PM | By Jun
    Abellana", "The Cambrian Chronicle · Wednesday 24 March 2027". Taken only when every part
    is a date, a byline or (one, capitalised) the outlet's name; else the line is left alone."""
    parts = [part.strip() for part in _PART_SEPARATOR.split(line)]
    if len(parts) < 2 or not all(parts):
        return False
    found = PlainReading(text="")
    for index, part in enumerate(parts):
        if found.published is None and (published := date_line(part)) is not None:
            found.published = published
        elif found.byline is None and _read_byline(part, found):
            continue
        elif published_by := _PUBLISHED_BY.match(part):  # "Published by the Varro River Coalition secretariat · 6 July 2027"
            found.outlet = found.outlet or published_by.group("who")
        elif found.outlet is None and _looks_like_outlet_line(part):
            found.outlet = part
        elif index >= 1 and found.outlet is not None and _DOCUMENT_KIND.match(part):
            found.kind = found.kind or "report"  # "Lantern Rights Watch | Investigation report | 15 June 2027"
        elif index >= 1 and found.outlet is not None and _SECTION.match(part):
            found.kind = found.kind or piece_kind(part)  # the outlet's sections: "CBN News | Health",
            continue  # "The Harbour Examiner › Opinion › Politics", "ATLANTIC PUBLIC RADIO | News | Morning Report"
        elif found.published is not None and TIME_STAMP_LINE.match(part):
            continue  # "Sept 14, 2027 | 16:52 GMT": the date's time
        elif index >= 1 and found.outlet is not None and part[:1].islower() and not part.endswith(_SENTENCE_END):
            continue  # the outlet's tagline: "Skerry Watch | open-source investigations, Baltic Sea"
        else:
            return False
    reading.published = reading.published or found.published
    reading.byline = reading.byline or found.byline
    reading.kind = reading.kind or found.kind
    if found.outlet is not None:
        _note_outlet(reading, found.outlet)
    return True


_PART_SEPARATOR = re.compile(r"\s+[|·•›»]\s+")
# An organisation's own kind of document: its words are its official statement.
_DOCUMENT_KIND = re.compile(
    r"^(?:(?:investigation|investigative|research|annual|situation|special|briefing|policy|background)\s+)?(?:report|paper|briefing\s+note)$",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^[A-Z][\w'’\-]*(?:\s+(?:&|and|[A-Z][\w'’\-]*)){0,3}$")


# -- dateline and footer ---------------------------------------------------------------------


def _read_dateline(reading: PlainReading) -> None:
    found = find_dateline(reading.text)
    if found is None:
        return
    match, start = found
    reading.dateline = ", ".join(title_case(part.strip()) for part in match.group("place").split(","))
    reading.dateline_span = Span(start, start + match.end())
    if reading.published is None and match.group("day"):
        reading.published = date_line(match.group("day"))  # only when it gives the year
    agency = match.group("agency") or match.groupdict().get("wire")  # a press-release wire: "LISBON, June 3, 2027 /Iberia Newswire/ --"
    if agency:
        agency = agency.strip()
        if reading.outlet is None:
            reading.outlet = agency
        elif agency != reading.outlet:
            reading.outlet_aliases.append(agency)


def _read_footer(reading: PlainReading) -> None:
    """Mark the byline, outlet and credit lines at the end; take their metadata if still missing."""
    text = reading.text
    end = len(text)
    after_byline = False
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line:
            end = start - 1
            continue
        if _CALL_TO_ACTION.search(line) or _STAFF_INITIALS.match(line):
            pass  # "Do you have information about this story? Contact ... in confidence at ...": the paper asking readers
        elif described := _OUTLET_DESCRIBED.match(line):
            _note_outlet(reading, described.group("outlet"))  # "The Clinical Record is an independent health news service."
        elif _CREDIT.match(line) or _COPYRIGHT.match(line):
            staff = _CREDIT_STAFF.search(line)
            if staff:
                _note_outlet(reading, staff.group("outlet"))
            elif reading.byline is None and (reporter := _REPORTING_BY.match(line)):
                reading.byline = title_case(reporter.group("name"))  # a wire's credit: "(Reporting by Khalid Musa; ...)"
            if not staff and _CREDIT.match(line) and (named := _CREDIT_FOR.search(line)):
                _note_outlet(reading, re.sub(r"^the\s+", "", named.group("outlet")))
        elif _read_byline(line, reading):
            after_byline = True
        elif not after_byline and _looks_like_outlet_line(line) and _next_line_is_byline(text, start):
            _note_outlet(reading, line)
        else:
            break
        reading.skipped.insert(0, Span(start, start + len(text[start:end].rstrip())))
        end = start - 1


def _looks_like_outlet_line(line: str) -> bool:
    words = line.split()
    return 1 <= len(words) <= 4 and not line.endswith(_SENTENCE_END) and all(w[0].isupper() for w in words)


def _next_line_is_byline(text: str, start: int) -> bool:
    """An outlet sign-off sits under the byline ("By HOGIR AL ABDO" / "Associated Press")."""
    before = text[:start].rstrip().rsplit("\n", 1)[-1]
    return bool(_BYLINE.match(before))


def _note_outlet(reading: PlainReading, name: str) -> None:
    name = name.strip()
    if reading.outlet is None:
        reading.outlet = name
        return
    if name == reading.outlet or name in reading.outlet_aliases:
        return
    # The sign-off spells out what the dateline abbreviates: keep the full name, alias the short.
    initials = "".join(word[0] for word in name.split() if word[0].isupper())
    if reading.outlet in (initials, name.split()[-1]):
        reading.outlet_aliases.append(reading.outlet)
        reading.outlet = name
    else:
        reading.outlet_aliases.append(name)
