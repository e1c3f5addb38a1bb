"""Reading articles: metadata and document text from text, Markdown and HTML; bad input refused.

The corpus reports carry their expected metadata in ``NAME.expected.json``; every bad input
gives one ``UnreadableDocument`` line naming the file, and nothing else happens.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from workbench.errors import UnreadableDocument, WorkbenchError
from workbench.intake import MAX_ARTICLE_BYTES, ArticleOverrides, intake_bytes, intake_file
from workbench.intake.reading import read_article, read_article_file

CORPUS = Path(__file__).resolve().parents[1] / "intake_corpus"
SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "qamishli.json"
REPORTS = sorted(
    path
    for folder in (CORPUS, *(CORPUS / name for name in ("held_out", "held_out_2", "held_out_3", "held_out_4", "held_out_5", "held_out_6", "held_out_7", "held_out_8", "held_out_9", "held_out_10", "held_out_11", "held_out_12", "held_out_13", "held_out_14", "held_out_15", "held_out_16")))
    for path in folder.glob("*.*")
    if path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").exists() and not path.name.endswith(".json")
)


def _expected(path: Path) -> dict:  # type: ignore[type-arg]  # loaded JSON of any shape
    return json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".expected.json").read_text(encoding="utf-8"))


def _same(found: str | None, wanted: str | None) -> bool:
    return (found or "").casefold() == (wanted or "").casefold()


@pytest.mark.parametrize("path", REPORTS, ids=lambda path: path.name)
def test_metadata_of_every_corpus_report(path: Path) -> None:
    article = read_article_file(path)
    expected = _expected(path)
    outlet_names = [expected["outlet"]] + [
        alias for source in expected["sources"].values() if _same(source["name"], expected["outlet"]) for alias in source.get("aliases", [])
    ]
    assert any(_same(article.outlet, name) for name in outlet_names)  # "AFP" for "Agence France-Presse"
    if expected["published"] is None:  # a forum thread copied with ages ("6h"), no date
        assert article.published is None
        published = article.published
        ambiguous = False
    else:
        published = date.fromisoformat(expected["published"])
        # A date in figures that reads as two dates ("12/05/2027") is not read: the desk gives it.
        ambiguous = f"{published.day:02d}/{published.month:02d}/{published.year}" in path.read_text(encoding="utf-8") and published.day <= 12
    assert article.published == published or (article.published is None and ambiguous)
    assert _same(article.byline, expected.get("byline"))
    assert _same(article.dateline, expected.get("dateline"))
    assert _same(article.title, expected.get("title"))
    assert _same(article.url, expected.get("url"))
    assert article.format == {".txt": "text", ".md": "markdown", ".html": "html", ".srt": "text"}[path.suffix]


def test_the_seed_text_is_the_sample_document_text() -> None:
    """The sample data's spans point into this text, so intake must store exactly it."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))["documents"][0]
    article = read_article_file(CORPUS / "qamishli.txt")
    assert article.text == sample["text"]
    assert article.content_hash == hashlib.sha256(sample["text"].encode("utf-8")).hexdigest()
    assert [span.of(article.text) for span in article.skipped] == ["By HOGIR AL ABDO", "Associated Press"]
    assert article.dateline_span is not None and article.dateline_span.of(article.text) == "QAMISHLI, Syria (AP) — "
    assert "AP" in article.outlet_aliases


def test_the_saved_page_keeps_the_article_and_drops_the_page() -> None:
    article = read_article_file(CORPUS / "port-strike.html")
    assert article.text.startswith("GDANSK — Dock workers")
    for boilerplate in ("cookies", "Most read", "All rights reserved", "Subscribe", "By Anna Wisniewska"):
        assert boilerplate not in article.text


def test_the_same_text_has_the_same_hash_whatever_the_wrapping() -> None:
    plain = read_article(b"BEIRUT \xe2\x80\x94 The ministry said the ship docked.\n", name="a.txt")
    windows = read_article(b"BEIRUT \xe2\x80\x94 The ministry said the ship docked.\r\n", name="b.txt")
    assert plain.content_hash == windows.content_hash


def test_overrides_win_over_what_the_file_says() -> None:
    article = read_article_file(
        CORPUS / "fuel-ship.txt",
        overrides=ArticleOverrides(outlet="The Cedar Post", published=date(2026, 3, 13), url="https://example.org/a", title="Fuel"),
    )
    assert (article.outlet, article.published, article.url, article.title) == ("The Cedar Post", date(2026, 3, 13), "https://example.org/a", "Fuel")
    assert "Cedar Post" in article.outlet_aliases


def test_markdown_that_opens_with_a_link_is_an_article_not_json() -> None:
    article = read_article(b"[Harbour Ledger](https://example.org)\n\n# Ship seized\n\nThe ministry said the ship docked.", name="a")
    assert article.text.endswith("The ministry said the ship docked.")


def test_markdown_marks_are_not_part_of_the_text() -> None:
    article = read_article(
        b"# Title here\n\nThe **ministry** said [in a post](https://x.example/p) that *talks* would _resume_.\n",
        name="a.md",
    )
    assert article.title == "Title here"
    assert article.text == "The ministry said in a post that talks would resume."


def test_legacy_encodings_are_read() -> None:
    assert read_article("CAIRO — The café said prices rose.".encode("cp1252"), name="a.txt").text == "CAIRO — The café said prices rose."
    assert read_article("The café said prices rose.".encode("utf-16"), name="a.txt").text == "The café said prices rose."


def test_stdin_is_read_for_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"The ministry said the ship docked.")))
    assert intake_file("-").claims[0].text == "The ship docked."


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "empty.txt", "is empty"),
        (b"  \n\n\t \n", "blank.txt", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "photo.txt", "binary file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt", "binary file"),
        (b"The ministry said\x00\x00 the ship docked.", "nul.txt", "binary file"),
        (b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>", "nav.html", "no article text"),
        (b"Cedar Post\n12 March 2026\n\nBy Rima Khoury\n", "header.txt", "no article text"),
        (b"claim_key,claim_text\r\nk1,The ship docked.\r\n", "sheet.csv", "not an article: import it with `workbench import sheet.csv`"),
        (b'{"format": "workbench-claims", "version": 2}', "desk.json", "not an article: import it with `workbench import desk.json`"),
        (b'  [{"key": "k1"}]', "feed", "not an article: import it with `workbench import feed`"),
    ],
    ids=["empty", "blank", "png", "pdf", "nul", "html-without-article", "header-only", "csv", "json", "json-by-content"],
)
def test_bad_input_is_one_clear_line(data: bytes, name: str, words: str) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        intake_bytes(data, name=name)
    message = str(raised.value)
    assert message.startswith(f"{name}: ") and words in message and "\n" not in message
    assert isinstance(raised.value, WorkbenchError) and raised.value.exit_code == 2


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A sparse file: the size is checked from the file system, nothing is loaded."""
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        os.ftruncate(file.fileno(), MAX_ARTICLE_BYTES + 1)
    with pytest.raises(UnreadableDocument, match=r"huge\.txt: 50 MB is over the 50 MB limit"):
        intake_file(huge)
    assert MAX_ARTICLE_BYTES == 50 * 1024 * 1024


def test_bytes_over_the_limit_are_refused() -> None:
    with pytest.raises(UnreadableDocument, match="limit"):
        read_article(b"a" * (MAX_ARTICLE_BYTES + 1), name="big.txt")


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_a_path_that_is_not_a_readable_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "nothing.txt" if kind == "missing" else tmp_path
    with pytest.raises(UnreadableDocument) as raised:
        intake_file(path)
    assert str(raised.value).startswith(str(path))


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UnreadableDocument, match="unknown format 'pdf'"):
        read_article(b"text", name="a", format="pdf")


def test_an_impossible_date_line_is_text_not_a_crash() -> None:
    article = read_article(b"date 2026-13-45 The ministry said the ship docked.", name="a.txt")
    assert article.published is None
    assert article.text.startswith("date 2026-13-45")


def test_hostile_characters_are_kept_for_the_sanitizer_and_spans_stay_true() -> None:
    """Intake stores the text as published; terminal escapes are the UI's sanitizer's job."""
    data = "The ministry said the \x1b[2J ship \u202edocked [/] [@click=app.quit]x.".encode()
    intake = intake_bytes(data, name="a.txt")
    attribution = next(intake.attributions())
    assert "\x1b[2J" in attribution.quote and intake.article.text[attribution.quote_span.start : attribution.quote_span.end] == attribution.quote


REUTERS_STYLE = """Cargo ship seized off Tartus, port officials say

By Maria Lopez, Reuters
TARTUS, Syria, March 3 (Reuters) - A cargo ship carrying grain was seized off Tartus on Sunday, two port officials said.

"The ship was boarded at dawn," said Khaled Hassan, the port's deputy director.
"""


def test_a_reuters_style_byline_and_dateline_are_metadata_not_the_lede() -> None:
    """Pasted from a wire: "By NAME, Reuters" above a dateline that carries the day. Both were
    read as the lede, so its claim began "By Maria Lopez, Reuters TARTUS, Syria, March 3 ...",
    and the article had no outlet, so the outlet's own reporting could not be stored."""
    intake = intake_bytes(REUTERS_STYLE.encode(), name="port.txt")
    article = intake.article
    assert (article.title, article.byline, article.outlet) == ("Cargo ship seized off Tartus, port officials say", "Maria Lopez", "Reuters")
    assert article.dateline == "Tartus, Syria"
    assert article.text.startswith("TARTUS, Syria, March 3 (Reuters) - A cargo")  # the text as published
    lede = next(intake.attributions())
    assert lede.quote.startswith("A cargo ship carrying grain was seized")


@pytest.mark.parametrize(
    ("byline", "name", "outlet"),
    [
        ("By Maria Lopez, Reuters", "Maria Lopez", "Reuters"),
        ("By Maria Lopez | Reuters", "Maria Lopez", "Reuters"),
        ("By MARIA LOPEZ and OMAR SAID, Associated Press", "Maria Lopez and Omar Said", "Associated Press"),
        ("By Maria Lopez, Staff Writer", "Maria Lopez", None),
        ("By Maria Lopez, Middle East correspondent", "Maria Lopez", None),
        ("By Maria Lopez in Beirut", "Maria Lopez", None),
        ("By Erion Daci, BBC News, Tirana", "Erion Daci", "BBC News"),
        ("By Erion Daci, Europe correspondent, Tirana", "Erion Daci", None),
    ],
)
def test_a_byline_names_the_writer_and_maybe_the_outlet(byline: str, name: str, outlet: str | None) -> None:
    """An outlet after the name is the outlet; a job title there is not."""
    article = read_article(f"Ship seized off the Syrian coast\n{byline}\n\nThe ministry said the ship docked.".encode(), name="a.txt")
    assert (article.byline, article.outlet) == (name, outlet)
    assert article.text == "The ministry said the ship docked."


@pytest.mark.parametrize(
    ("lede", "dateline", "outlet", "published"),
    [
        ("TARTUS, Syria, March 3 (Reuters) - ", "Tartus, Syria", "Reuters", None),
        ("WASHINGTON, Jan. 27, 2026 (Reuters) - ", "Washington", "Reuters", date(2026, 1, 27)),
        ("BEIRUT, 3 March (Reuters) — ", "Beirut", "Reuters", None),
        ("Damascus (AFP) - ", "Damascus", "AFP", None),
        ("Deir ez-Zor, Syria (AFP) — ", "Deir ez-Zor, Syria", "AFP", None),
    ],
)
def test_wire_datelines_in_the_styles_agencies_write_them(lede: str, dateline: str, outlet: str, published: date | None) -> None:
    intake = intake_bytes(f"{lede}The ministry said the ship docked.".encode(), name="a.txt")
    article = intake.article
    assert (article.dateline, article.outlet, article.published) == (dateline, outlet, published)
    assert next(intake.attributions()).quote == "the ship docked"


def test_a_sentence_that_opens_with_a_name_in_brackets_is_no_dateline() -> None:
    article = read_article(b"Russia (the country) - and its allies - said the ship docked.", name="a.txt")
    assert article.dateline is None and article.outlet is None


def test_an_outlet_and_place_line_under_the_byline_is_metadata() -> None:
    """BBC style: "By NAME", then "BBC News, Kyiv", then the date. The line was read as the
    story's first claim ("BBC News, Kyiv 5 November 2026.") and the date was lost."""
    text = "Drone strike hits fuel depot, Ukraine says\n\nBy Olena Petrenko\nBBC News, Kyiv\n5 November 2026\n\nA drone strike set a depot on fire, officials said."
    article = read_article(text.encode(), name="a.txt")
    assert (article.byline, article.outlet, article.published) == ("Olena Petrenko", "BBC News", date(2026, 11, 5))
    assert article.dateline == "Kyiv"  # where the story was filed
    assert article.text == "A drone strike set a depot on fire, officials said."


def test_an_outlet_line_between_the_headline_and_the_date() -> None:
    """Headline, "Baltic Times Online", "Published 30 November 2026": the outlet line was the
    story's first claim."""
    text = "Coalition talks collapse over finance post\n\nBaltic Times Online\nPublished 30 November 2026\n\nTalks broke down on Sunday, officials said."
    article = read_article(text.encode(), name="a.txt")
    assert (article.outlet, article.published) == ("Baltic Times Online", date(2026, 11, 30))
    assert article.text == "Talks broke down on Sunday, officials said."


@pytest.mark.parametrize(
    ("header", "published", "byline", "outlet"),
    [
        # a wire page's time stamp above the dateline
        ("Strike on hospital kills 23\n\nSat Mar 13, 2027 2:41pm GMT", date(2027, 3, 13), None, None),
        ("Strike on hospital kills 23\nUpdated 14:05 GMT, 3 March 2026", date(2026, 3, 3), None, None),
        ("Strike on hospital kills 23\nMarch 3, 2026 10:41 AM ET", date(2026, 3, 3), None, None),
        # a news site's line of parts: when it was posted, and by whom
        ("LEYTE GULF CHRONICLE\n\nFerry capsizes off Maripipi\n\nPosted June 7, 2027 at 6:45 PM | By Jun Abellana",
         date(2027, 6, 7), "Jun Abellana", "Leyte Gulf Chronicle"),  # set in capitals, read as a name
        # a paper's name and the date, between dots (Markdown's bold marks gone)
        ("Water contract went to chairman's relative\n\nBy Eleri Vaughan, Chief Reporter\n\nThe Cambrian Chronicle · Wednesday 24 March 2027",
         date(2027, 3, 24), "Eleri Vaughan", "The Cambrian Chronicle"),
    ],
)
def test_header_lines_with_a_time_or_in_parts_are_metadata(header: str, published: date, byline: str | None, outlet: str | None) -> None:
    """Each of these lines stopped the header before: the line became the story's first claim,
    the dateline under it was not read, and (without an outlet) the outlet's own reporting was
    put down to "the publishing outlet" (held-out round four)."""
    article = read_article(f"{header}\n\nMARIPIPI, Biliran (Horn Press) - The ferry overturned, the coast guard said.".encode(), name="a.txt")
    assert (article.published, article.byline) == (published, byline)
    assert article.outlet == (outlet or "Horn Press")
    assert article.dateline == "Maripipi, Biliran"
    assert article.text.startswith("MARIPIPI, Biliran")


@pytest.mark.parametrize(
    "line",
    [
        "Ferry capsizes | 57 rescued off Maripipi",  # a headline in parts: neither date nor byline
        "12 March 2026, 14 dead",  # a number after the date is no time
    ],
)
def test_a_line_that_is_not_all_metadata_stays_as_it_was(line: str) -> None:
    article = read_article(f"{line}\n\nThe ferry overturned, the coast guard said.".encode(), name="a.txt")
    assert article.published is None and article.byline is None


def test_a_wire_credit_at_the_foot_names_the_reporter() -> None:
    """"(Reporting by Khalid Musa; additional reporting by ...; editing by ...)": the byline."""
    story = "Strike on hospital kills 23\n\nEL OBEID, Sudan (Horn Press Agency) - The strike killed 23, the ministry said.\n\n"
    credit = "(Reporting by Khalid Musa; additional reporting by Ruth Wanjiku in Nairobi; editing by Peter Hale)"
    article = read_article((story + credit).encode(), name="a.txt")
    assert (article.byline, article.outlet) == ("Khalid Musa", "Horn Press Agency")
    assert read_article((story + "Reporting by Reuters staff").encode(), name="a.txt").byline is None


@pytest.mark.parametrize(
    "foot",
    [
        "*Do you have information about this story? Contact Eleri Vaughan in confidence at newsdesk@chronicle.example*",
        "Got a tip? Email tips@ledger.example",
        "Contact the newsdesk at news@ledger.example.",
    ],
)
def test_a_request_for_tips_under_the_story_is_no_claim(foot: str) -> None:
    """The paper asking its readers was proposed as two claims of the outlet's own reporting."""
    story = "Contract went to chairman's relative\n\nThe utility awarded the contract without a tender.\n\n"
    intake = intake_bytes((story + foot).encode(), name="a.md")
    assert [claim.text for claim in intake.claims] == ["The utility awarded the contract without a tender."]


def test_a_closing_sentence_that_names_an_address_is_still_read() -> None:
    """Only a request at the foot is skipped: a sentence of the story that mentions email stays."""
    story = "Leak at the plant\n\nThe company said it had emailed every resident on Monday.\n"
    assert [claim.text for claim in intake_bytes(story.encode(), name="a.txt").claims] == ["The company had emailed every resident on Monday."]


@pytest.mark.parametrize(
    ("header", "published", "byline", "outlet"),
    [
        # a time after a dash
        ("Drone strike sets fire to plant\n\nTuesday, September 14, 2027 - 11:52 GMT", date(2027, 9, 14), None, None),
        # the writer's job, then the outlet (not a place: "Review" names an outlet)
        ("Central bank shuts lender\n\nBy Efua Acheampong, West Africa correspondent, Meridian Business Review\n\nPublished 9 February 2027",
         date(2027, 2, 9), "Efua Acheampong", "Meridian Business Review"),
        # the outlet's section after a bar
        ("CBN News | Health\n\nHeatwave linked to 100 extra deaths\n\nUpdated 3 July 2026\n\nBy Nayia Hadjipetrou, health correspondent",
         date(2026, 7, 3), "Nayia Hadjipetrou", "CBN News"),
    ],
)
def test_more_header_lines_as_sites_print_them(header: str, published: date, byline: str | None, outlet: str | None) -> None:
    """Held-out round five: each outlet was misread (none, or "CBN News | Health")."""
    article = read_article(f"{header}\n\nMARIPIPI, Biliran (Horn Press) - The ferry overturned, the coast guard said.".encode(), name="a.txt")
    assert (article.published, article.byline, article.outlet) == (published, byline, outlet or "Horn Press")


def test_a_job_then_a_place_in_the_byline_names_no_outlet() -> None:
    article = read_article(b"Ferry overturns off Durres\nBy Erion Daci, Europe correspondent, Tirana\n\nThe ferry overturned, police said.", name="a.txt")
    assert (article.byline, article.outlet) == ("Erion Daci", None)


def test_the_foot_of_a_local_story_names_its_reporter_and_outlet() -> None:
    """"-- Reporting by NAME for the OUTLET" under the story; a wire's staff initials are skipped."""
    story = "Fourteen arrested at the wood\n\nSaturday 17 April 2027\n\nPolice arrested 14 people, a spokesperson said.\n\n"
    article = read_article((story + "-- Reporting by Niamh Corrigan for the Bristol Evening Courier").encode(), name="a.txt")
    assert (article.byline, article.outlet) == ("Niamh Corrigan", "Bristol Evening Courier")
    intake = intake_bytes((story + "ant/gv/jm").encode(), name="a.txt")
    assert [claim.text for claim in intake.claims] == ["Police arrested 14 people."]


def test_a_question_to_readers_with_a_contact_address_is_skipped() -> None:
    story = "Heatwave deaths\n\nNearly 100 more people died than expected, figures show.\n\n"
    foot = "Are you affected by the issues raised in this story? Contact the CBN health team at health@cbn.example"
    intake = intake_bytes((story + foot).encode(), name="a.txt")
    assert all("affected" not in claim.text and "Contact" not in claim.text for claim in intake.claims)


def test_a_subheading_is_not_a_claim() -> None:
    """"## Queues at the gates" between two paragraphs was proposed as the claim "Queues at the gates."."""
    story = "# Bank shut after run on deposits\n\nThe central bank shut the lender on Monday.\n\n## Queues at the gates\n\nHundreds queued outside.\n"
    intake = intake_bytes(story.encode(), name="a.md", format="markdown")
    assert [claim.text for claim in intake.claims] == ["The central bank shut the lender on Monday.", "Hundreds queued outside."]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: 13/05/2027 08:14", date(2027, 5, 13)),  # the 13th is no month
        ("05/13/2027", date(2027, 5, 13)),
        ("Published: 12/05/2027 08:14", None),  # 12 May or 5 December: read no date, and propose no claim
    ],
)
def test_a_date_in_figures_is_read_when_its_order_is_certain(line: str, published: date | None) -> None:
    story = f"HIGHLAND NEWS TV\n\nSeventeen taken to hospital after train derails\n\n{line}\n\nThe train derailed, the operator said."
    intake = intake_bytes(story.encode(), name="a.txt")
    assert intake.article.published == published
    assert [claim.text for claim in intake.claims] == ["The train derailed."]


def test_a_byline_and_a_date_between_bars() -> None:
    """"*By Orla Whelan | 14 October 2027*": the date was read as part of the byline and lost."""
    story = "# Regulator recalls vaccine batches\n\n*By Orla Whelan | 14 October 2027*\n\nThe regulator recalled 40 batches.\n"
    article = read_article(story.encode(), name="a.md", format="markdown")
    assert (article.byline, article.published) == ("Orla Whelan", date(2027, 10, 14))


@pytest.mark.parametrize(
    ("story", "outlet"),
    [
        # the outlet describing itself at the foot
        ("Regulator recalls vaccine\n\nThe regulator recalled 40 batches.\n\n*The Clinical Record is an independent health news service.*",
         "The Clinical Record"),
        # the outlet's own scoop, nothing above the story naming it
        ("Players offered money to lose\n\nThree players were offered money to lose, the Sunday Clarion can reveal.", "Sunday Clarion"),
    ],
)
def test_an_outlet_named_only_in_the_story_or_its_foot(story: str, outlet: str) -> None:
    assert read_article(story.encode(), name="a.txt").outlet == outlet


def test_a_story_that_names_no_outlet_reads_none() -> None:
    """"The ministry has confirmed" or a person who "understands" is no outlet."""
    story = "Ministry confirms cuts\n\nThe Ministry of Health has confirmed the cuts. Smith understands the risks."
    assert read_article(story.encode(), name="a.txt").outlet is None


@pytest.mark.parametrize(
    ("line", "outlet"),
    [("HIGHLAND NEWS TV", "Highland News TV"), ("THE TIMES OF MALTA", "The Times of Malta"), ("BBC", "BBC")],
)
def test_an_outlet_set_in_capitals_is_read_as_its_name(line: str, outlet: str) -> None:
    """The source stored for the outlet's own reporting was "HIGHLAND NEWS TV"."""
    article = read_article(f"{line}\n\nSeventeen taken to hospital after train derails\n\nThe train derailed, the operator said.".encode(), name="a.txt")
    assert article.outlet == outlet


LIVE_BLOG = """Latitude News | Live

Peru earthquake live: at least 23 dead in Colca valley

Key points
- INDECI says 23 people were killed
- Rescuers are searching collapsed homes in Yanque

17:05 GMT
Peru's civil defence institute, INDECI, has raised the confirmed death toll to 23.

16:48 GMT
UNVERIFIED: Posts on social media say a landslide has buried a minibus.
"""


def test_a_live_blogs_time_stamps_and_list_items_are_not_run_into_its_entries() -> None:
    """"17:05 GMT" and the entry under it were one sentence, its speaker "17:05 GMT Peru's civil
    defence institute"; the key points were one claim with the heading above them."""
    intake = intake_bytes(LIVE_BLOG.encode(), name="live.txt")
    assert intake.article.outlet == "Latitude News"
    assert [(claim.text, [a.source.name for a in claim.attributions]) for claim in intake.claims] == [
        ("23 people were killed.", ["INDECI"]),
        ("Rescuers are searching collapsed homes in Yanque.", ["Latitude News"]),
        ("Peru's civil defence institute has raised the confirmed death toll to 23.", ["Peru's civil defence institute"]),
        ("A landslide has buried a minibus.", ["Posts on social media"]),
    ]


def test_a_press_release_wires_dateline_and_source_line() -> None:
    """"LISBON, June 3, 2027 /Iberia Newswire/ --" names the wire and the day; "SOURCE X" at the foot is no claim."""
    story = ("Airline to cancel 312 flights\n\nBy Marta Silveira\n\n"
             "LISBON, June 3, 2027 /Iberia Newswire/ -- Atlantica will cancel 312 flights, the carrier said.\n\n"
             "SOURCE Atlantica Airways; additional reporting by Iberia Newswire")
    intake = intake_bytes(story.encode(), name="a.txt")
    article = intake.article
    assert (article.outlet, article.published, article.dateline) == ("Iberia Newswire", date(2027, 6, 3), "Lisbon")
    assert [claim.text for claim in intake.claims] == ["Atlantica will cancel 312 flights."]


def test_compiled_by_is_a_byline() -> None:
    article = read_article(b"What the papers say\n\nCompiled by Sophie Marchetti\n\nLe Monde reported the talks had failed.", name="a.txt")
    assert article.byline == "Sophie Marchetti"


def test_a_fact_checks_verdict_line_is_no_outlet() -> None:
    """"**Verdict: False**" was read as the outlet, and every sentence went to it."""
    story = ("# Fact check: the wolves video was filmed in Romania\n\n**Verdict: False**\n\n"
             "*By Tomasz Wierzbicki, FactLine | 4 February 2028*\n\nThe footage was filmed in 2024.\n")
    article = read_article(story.encode(), name="a.md", format="markdown")
    assert (article.outlet, article.byline, article.published) == ("FactLine", "Tomasz Wierzbicki", date(2028, 2, 4))


def test_a_wire_updates_tag_note_and_time() -> None:
    story = ("UPDATE 2-Chlorine leak at chemical plant sends 27 to hospital\n\n(Adds minister's comments in paragraphs 5-6)\n\n"
             "By Giulia Ferri\n\nSept 14, 2027 | 16:52 GMT\n\n"
             "RAVENNA, Italy, Sept 14 (Meridiana Wire) - A chlorine leak sent 27 people to hospital, the agency said.")
    intake = intake_bytes(story.encode(), name="a.txt")
    article = intake.article
    assert article.title == "Chlorine leak at chemical plant sends 27 to hospital"
    assert (article.outlet, article.published, article.byline) == ("Meridiana Wire", date(2027, 9, 14), "Giulia Ferri")
    assert [claim.text for claim in intake.claims] == ["A chlorine leak sent 27 people to hospital."]


def test_an_outlet_line_with_a_section_of_several_words() -> None:
    story = "Sleeping pills linked to hip fractures, study finds\n\nThe Nordic Dispatch | Health & Science\n\nThe study followed 1.4 million people."
    assert read_article(story.encode(), name="a.txt").outlet == "The Nordic Dispatch"
