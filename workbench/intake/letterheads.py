"""The headings of pieces whose publisher speaks for itself: a press release's letterhead, a
court's judgment heading, a PDF report's note on who produced it.

Each makes its publisher a body rather than a newsroom and the piece's own words that body's
official statement (``Article.kind`` "release" or "report"). Apart from ``plain`` (the header
of a newsroom's article) so that each kind's reader stays its own module.
"""

from __future__ import annotations

import re

from workbench.intake.judgment import SELF_NAMES, judgment_furniture, read_judgment_heading
from workbench.intake.model import Span
from workbench.intake.pdf_text import report_producer, table_turns
from workbench.intake.plain_reading import PlainReading
from workbench.intake.release import contact_block_start, read_release_header


def read_letterhead(text: str, reading: PlainReading) -> bool:
    """Read a press release's letterhead or a judgment's heading off ``text`` into ``reading``
    (its text the body under it); False when ``text`` opens with neither."""
    release = read_release_header(text)
    if release is not None:  # a press release: the publisher's letterhead, its own statement
        reading.outlet, reading.title, reading.published, reading.kind = release.publisher, release.title, release.published, "release"
        reading.text = text[release.body_start :].strip()
        if (contact := contact_block_start(reading.text)) is not None:
            reading.skipped.append(Span(contact, len(reading.text)))
        return True
    judgment = read_judgment_heading(text)
    if judgment is not None:  # a judgment: the court's findings are its own
        reading.outlet, reading.title, reading.published, reading.kind = judgment.court, judgment.title, judgment.decided, "report"
        reading.outlet_aliases += list(SELF_NAMES)
        reading.text = text[judgment.body_start :].strip()
        reading.skipped += judgment_furniture(reading.text)
        return True
    return False


def read_pdf_report(reading: PlainReading) -> None:
    """A PDF report's producer is its publisher ("This report is produced by X"), its own words
    X's official statement; a flattened table's rows are its "Source:" line's."""
    turns, sources = table_turns(reading.text)
    reading.turns, reading.skipped = sorted([*reading.turns, *turns], key=lambda turn: turn.span.start), [*reading.skipped, *sources]
    if (producer := report_producer(reading.text)) is not None:
        if reading.outlet and ":" in reading.outlet and reading.title:  # "TALVESSA: Kaltar River Floods" heads the title
            head = re.sub(r"^[A-Z]{2,}(?=:)", lambda word: word.group(0).capitalize(), reading.outlet)
            reading.title = f"{head}, {reading.title}"
        reading.outlet, reading.kind = producer[0], reading.kind or "report"
        reading.outlet_aliases += [producer[1]] if producer[1] else []
        reading.skipped.append(producer[2])  # the note on who produced it and when the next is due
    reading.skipped.sort(key=lambda span: span.start)
