"""Export formats: JSON/JSONL/CSV round trips, ClaimReview JSON-LD, and the Markdown case file.

The database under test is A (SQLite, and PostgreSQL when configured); every re-import goes
into a fresh SQLite file, so the PostgreSQL run also proves the formats cross backends.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import aliased
from support import HOSTILE_STRINGS

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, ClaimLink, ClaimTag, Document, Source, SourceAlias
from workbench.db.opening import open_database
from workbench.formats import claimreview, exporter
from workbench.formats.casefile import SECTIONS, md, mermaid_text, render_case_file
from workbench.review import attributions, claims, links


def invoke(db: str | Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    base = {"WORKBENCH_REVIEWER": "tester", "WORKBENCH_DB": None, "WORKBENCH_PUBLISHER": None} | (env or {})
    result = runner.invoke(cli, ["--db", str(db), *args], env=base, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def describe(database: Database, *, csv_subset: bool = False) -> dict[str, Any]:
    """Everything the interchange format carries, plus computed statuses, keyed by stable keys."""
    parent, outlet, speaker, relay = (aliased(Source) for _ in range(4))
    original = aliased(Document)
    source_claim, target_claim = aliased(Claim), aliased(Claim)
    with database.reading() as session:
        aliases: dict[str, list[str]] = {}
        for key, alias in session.execute(select(Source.key, SourceAlias.alias).join(SourceAlias)):
            aliases.setdefault(key, []).append(alias)
        sources = {
            s.key: {"name": s.name, "kind": s.kind, "reliability": s.reliability}
            | ({} if csv_subset else {"role": s.role, "affiliation": affiliation, "aliases": sorted(aliases.get(s.key, []))})
            for s, affiliation in session.execute(select(Source, parent.key).outerjoin(parent, parent.id == Source.affiliation_id))
        }
        documents = {
            d.key: {"title": d.title, "url": d.url, "published_at": d.published_at}
            | ({} if csv_subset else {"outlet": o, "byline": d.byline, "place": d.place, "text": d.full_text, "hash": d.content_hash, "derived_from": orig})
            for d, o, orig in session.execute(
                select(Document, outlet.key, original.key)
                .outerjoin(outlet, outlet.id == Document.outlet_id)
                .outerjoin(original, original.id == Document.derived_from_id)
            )
        }
        tags: dict[int, list[str]] = {}
        for claim_id, tag in session.execute(select(ClaimTag.claim_id, ClaimTag.tag)):
            tags.setdefault(claim_id, []).append(tag)
        claim_rows = session.scalars(select(Claim)).all()
        described_claims = {
            c.key: {
                "text": c.text,
                "tags": sorted(tags.get(c.id, [])),
                "place": c.place,
                "event_date": c.event_date,
                "verdict": c.verdict,
            }
            | ({} if csv_subset else {"status": c.status, "origins": c.origin_count, "awaiting": c.awaiting})
            for c in claim_rows
        }
        described_attributions = {
            a.key: {
                "claim": claim_key,
                "source": source_key,
                "stance": a.stance,
                "mode": a.mode,
                "document": document_key,
                "quote": a.quote,
                "credibility": a.credibility,
                "as_of": a.as_of,
                "note": a.note,
                "relayed_via": relay_key,
            }
            | ({} if csv_subset else {"span": (a.span_start, a.span_end)})
            for a, claim_key, source_key, document_key, relay_key in session.execute(
                select(Attribution, Claim.key, speaker.key, Document.key, relay.key)
                .join(Claim, Claim.id == Attribution.claim_id)
                .join(speaker, speaker.id == Attribution.source_id)
                .outerjoin(Document, Document.id == Attribution.document_id)
                .outerjoin(relay, relay.id == Attribution.relayed_via_id)
            )
        }
        described_links = sorted(
            (f, t, link.relation, link.note or "")
            for link, f, t in session.execute(
                select(ClaimLink, source_claim.key, target_claim.key)
                .join(source_claim, source_claim.id == ClaimLink.from_claim_id)
                .join(target_claim, target_claim.id == ClaimLink.to_claim_id)
            )
        )
    out = {"sources": sources, "documents": documents, "claims": described_claims, "attributions": described_attributions}
    if not csv_subset:
        out["links"] = described_links
    return out


@pytest.fixture
def desk(sample_database: Database) -> Database:
    """The sample data plus verdicts, a silence, a hostile claim and a link: something of everything."""
    with sample_database.writing() as session:
        claims.set_verdict(session, "tester", "claim-russia-withdrawing-ne-syria", "mostly_accurate", "AP saw the base")
        claims.set_verdict(session, "tester", "claim-equipment-left-by-cargo-plane", "unproven", "one fighter")
        claims.set_verdict(session, "tester", "claim-assad-ousted-dec-2024", "accurate", "widely documented")
        claims.set_verdict(session, "tester", "claim-russia-did-not-counter-2024-offensive", "misleading", "context")
        claims.set_verdict(session, "tester", "claim-russia-gave-assad-asylum", "false", "test only")
        hostile = claims.add_claim(session, "tester", " | ".join(HOSTILE_STRINGS), tags=["hostile"], place="<b>Qamishli</b>")
        attributions.add_attribution(
            session, "tester", hostile.id, "src-ahmed-ali", "asserts", quote="# not a heading\n[x](javascript:alert(1))",
            document="doc-ap-qamishli-2026-01-27", note="```\n<script>alert(1)</script>",
        )
        links.link_claims(session, "tester", hostile.id, "claim-russia-withdrawing-ne-syria", "contradicts", note="[@click=app.quit]")
    return sample_database


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_then_import_reproduces_everything(desk: Database, database_url: str, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"desk.{fmt}"
    code, out, err = invoke(database_url, "export", "-o", str(target))
    assert code == 0, err
    assert out == "" and "exported" in err
    assert not list(tmp_path.glob("*.partial"))
    fresh = tmp_path / "fresh.db"
    code, _, err = invoke(fresh, "-q", "import", str(target))
    assert code == 0, err
    copy = open_database(str(fresh))
    try:
        assert describe(copy) == describe(desk)
    finally:
        copy.dispose()


@pytest.mark.parametrize("fmt", ["json", "claimreview"])
def test_an_export_into_a_missing_folder_is_one_line_before_any_work(database_url: str, tmp_path: Path, fmt: str) -> None:
    """The folder was found missing only when the finished export was saved: an internal error,
    after reading the whole database."""
    target = tmp_path / "nowhere" / f"desk.{fmt}"
    code, out, err = invoke(database_url, "export", "-f", fmt, "-o", str(target))
    assert (code, out) == (2, "")
    assert err.strip().splitlines() == [f"error: {tmp_path / 'nowhere'} does not exist: create the folder first (nothing was written)"]
    (tmp_path / "plain").write_text("x")
    code, _, err = invoke(database_url, "export", "-f", fmt, "-o", str(tmp_path / "plain" / "desk.json"))
    assert code == 2 and "plain is not a folder" in err
    assert not (tmp_path / "nowhere").exists()


def test_jsonl_layout(desk: Database) -> None:
    out = io.StringIO()
    with desk.reading() as session:
        counts = exporter.write_jsonl(session, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == {"format": "workbench", "version": 2, "exact_copy": True}
    order = [line["type"] for line in lines[1:]]
    assert order == sorted(order, key=["source", "document", "claim", "link"].index)
    assert counts["claims"] == order.count("claim") == 26
    assert counts["links"] == order.count("link")


def test_csv_export_round_trips_what_csv_carries(desk: Database, tmp_path: Path, database_url: str) -> None:
    target = tmp_path / "desk.csv"
    code, _, err = invoke(database_url, "export", "-o", str(target))
    assert code == 0, err
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert {r["claim_key"] for r in rows} == set(describe(desk)["claims"])
    fresh = tmp_path / "fresh.db"
    code, _, err = invoke(fresh, "-q", "import", str(target))
    assert code == 0, err
    copy = open_database(str(fresh))
    try:
        original = describe(desk, csv_subset=True)
        # CSV names only the sources and documents an attribution uses (see exporter docs).
        used_sources = {a["source"] for a in original["attributions"].values()}
        used_documents = {a["document"] for a in original["attributions"].values()}
        original["sources"] = {k: v for k, v in original["sources"].items() if k in used_sources}
        original["documents"] = {k: v for k, v in original["documents"].items() if k in used_documents}
        assert describe(copy, csv_subset=True) == original
    finally:
        copy.dispose()


# -- ClaimReview --------------------------------------------------------------------------------

RATING_BY_VERDICT = {
    "accurate": (5, "Accurate"),
    "mostly_accurate": (4, "Mostly accurate"),
    "misleading": (2, "Misleading"),
    "false": (1, "False"),
    "unproven": (None, "Unproven"),
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_claim_review(review: dict[str, Any]) -> list[str]:
    """Every problem with one ClaimReview against the fields the desk publishes (empty: valid)."""
    problems: list[str] = []

    def need(condition: bool, message: str) -> None:
        if not condition:
            problems.append(message)

    need(review.get("@context") == "https://schema.org", "@context")
    need(review.get("@type") == "ClaimReview", "@type")
    need(isinstance(review.get("claimReviewed"), str) and review["claimReviewed"] != "", "claimReviewed")
    need(isinstance(review.get("url"), str) and re.match(r"^(https?://|urn:)", review["url"]) is not None, "url")
    need(isinstance(review.get("datePublished"), str) and ISO_DAY.match(review["datePublished"]) is not None, "datePublished")
    author = review.get("author", {})
    need(author.get("@type") == "Organization" and bool(author.get("name")), "author")
    rating = review.get("reviewRating", {})
    need(rating.get("@type") == "Rating", "reviewRating.@type")
    need(isinstance(rating.get("alternateName"), str) and rating["alternateName"] != "", "reviewRating.alternateName")
    if "ratingValue" in rating:
        need(rating.get("bestRating") == 5 and rating.get("worstRating") == 1, "reviewRating scale")
        need(1 <= rating["ratingValue"] <= 5, "reviewRating.ratingValue")
    item = review.get("itemReviewed", {})
    need(item.get("@type") == "Claim", "itemReviewed.@type")
    authors = item.get("author")
    authors = authors if isinstance(authors, list) else [authors] if authors else []
    for party in authors:
        need(party.get("@type") in ("Person", "Organization") and bool(party.get("name")), "itemReviewed.author")
    for work in item.get("appearance", []):
        need(work.get("@type") == "CreativeWork" and bool(work.get("headline")), "itemReviewed.appearance")
        if "datePublished" in work:
            need(ISO_DAY.match(work["datePublished"]) is not None, "appearance.datePublished")
        if "url" in work:
            need(work["url"].startswith(("http://", "https://")), "appearance.url")
    return problems


def test_claimreview_for_every_reviewed_claim(desk: Database, database_url: str) -> None:
    code, out, err = invoke(database_url, "export", "-f", "claimreview", "--publisher", "Qamishli Desk", "--base-url", "https://desk.example/claims/")
    assert code == 0, err
    reviews = json.loads(out)
    with desk.reading() as session:
        verdicts = {c.text: c.verdict for c in session.scalars(select(Claim)) if c.verdict != "unreviewed"}
    assert {r["claimReviewed"] for r in reviews} == set(verdicts)
    for review in reviews:
        assert validate_claim_review(review) == [], review
        verdict = verdicts[review["claimReviewed"]]
        value, label = RATING_BY_VERDICT[verdict]
        assert review["reviewRating"].get("ratingValue") == value
        assert review["reviewRating"]["alternateName"] == label
        assert review["author"]["name"] == "Qamishli Desk"
        assert review["url"].startswith("https://desk.example/claims/claim-")
    withdrawal = next(r for r in reviews if r["claimReviewed"].startswith("Russian forces have started"))
    item = withdrawal["itemReviewed"]
    # The asserting origins as the rules count them: AP and the SDF (the fighters collapse into it).
    assert sorted(a["name"] for a in item["author"]) == ["Associated Press", "Syrian Democratic Forces"]
    assert item["appearance"][0]["headline"].startswith("Russian forces start leaving")
    assert item["appearance"][0]["datePublished"] == "2026-01-27"
    assert item["firstAppearance"] == item["appearance"][0]


def test_claimreview_publisher_from_environment_and_claim_filter(desk: Database, database_url: str) -> None:
    code, out, err = invoke(
        database_url, "export", "-f", "claimreview", "--claim", "claim-equipment-left-by-cargo-plane",
        env={"WORKBENCH_PUBLISHER": "Env Desk"},
    )
    assert code == 0, err
    (review,) = json.loads(out)
    assert review["author"]["name"] == "Env Desk"
    assert review["url"] == "urn:workbench:claim:claim-equipment-left-by-cargo-plane"
    assert "ratingValue" not in review["reviewRating"]  # unproven: no number on purpose
    assert validate_claim_review(review) == []
    code, out, err = invoke(database_url, "export", "-f", "claimreview", "--claim", "claim-sdf-lost-most-territory")
    assert code == 0 and json.loads(out) == []  # unreviewed claims are not published, and the line says why
    assert err == "exported 0 claim reviews (only claims with a verdict are reviews: `workbench verdict`)\n"
    code, _, err = invoke(database_url, "export", "-f", "claimreview", "--claim", "no-such-claim")
    assert code == 3


def test_claim_review_validator_rejects_broken_reviews() -> None:
    good = claimreview.claim_review(
        claim_key="k", text="t", verdict="false", reviewed_on=None, publisher="P", base_url=None,
        origin_authors=[("Ahmed Ali", "person")],
    )
    assert validate_claim_review(good) == ["datePublished"]
    assert good["itemReviewed"]["author"] == {"@type": "Person", "name": "Ahmed Ali"}
    broken = good | {"reviewRating": {"@type": "Rating", "ratingValue": 9, "bestRating": 5, "worstRating": 1}}
    assert "reviewRating.alternateName" in validate_claim_review(broken)


def test_claim_review_falls_back_to_speakers_and_dates_first_appearance() -> None:
    """No origin counted (say, every speaker is unidentified): the asserting speakers are the
    claim's authors; the first appearance is the earliest dated document, not the first listed."""
    review = claimreview.claim_review(
        claim_key="k", text="t", verdict="misleading", reviewed_on=date(2026, 2, 1), publisher="P", base_url=None,
        origin_authors=[],
        speakers=[("Local source", None), ("Hawar News", "media_outlet")],
        appearances=[
            claimreview.Appearance("Later report", "https://b.example/2", date(2026, 1, 29), "Hawar News"),
            claimreview.Appearance("Undated note", None, None, None),
            claimreview.Appearance("First report", "https://a.example/1", date(2026, 1, 27), None),
        ],
    )
    assert validate_claim_review(review) == []
    item = review["itemReviewed"]
    assert item["author"] == [{"@type": "Organization", "name": "Local source"}, {"@type": "Organization", "name": "Hawar News"}]
    assert [work["headline"] for work in item["appearance"]] == ["Later report", "Undated note", "First report"]
    assert item["appearance"][0]["publisher"] == {"@type": "Organization", "name": "Hawar News"}
    assert "url" not in item["appearance"][1] and "datePublished" not in item["appearance"][1]
    assert item["firstAppearance"]["headline"] == "First report"
    assert item["datePublished"] == "2026-01-27"
    assert review["datePublished"] == "2026-02-01"


# -- case file ----------------------------------------------------------------------------------


def test_case_file_has_every_section(desk: Database, database_url: str, tmp_path: Path) -> None:
    target = tmp_path / "withdrawal.md"
    code, _, err = invoke(database_url, "export", "--claim", "claim-russia-withdrawing-ne-syria", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {section}" for section in SECTIONS]
    assert "mostly\\_accurate" in text and "AP saw the base" in text
    assert "Status: corroborated. 2 independent origins assert it" in text
    assert "Source reliability:** B (usually reliable)" in text
    assert "Information credibility:** 2 (probably true)" in text
    assert "Russian forces start leaving SDF\\-held northeast Syria" in text
    assert "refines" in text and "contradicts" in text
    assert "| verdict set | unreviewed → mostly\\_accurate |" in text
    code, _, err = invoke(database_url, "export", "-f", "casefile")
    assert code == 2 and "--claim" in err


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def test_case_file_neutralises_hostile_text(desk: Database) -> None:
    with desk.reading() as session:
        hostile = session.scalars(select(Claim).where(Claim.place == "<b>Qamishli</b>")).one()
        text = render_case_file(claims.get_dossier(session, hostile.id))
    assert not CONTROL.search(text)
    assert "<" not in text.replace("<https://", "")  # no raw HTML: only plain autolinks
    lines = _outside_the_diagram(text.splitlines())
    # Headings are ours: no content line starts a heading, a fence, or HTML.
    assert [line for line in lines if line.startswith("#")] == [
        line
        for line in lines
        if re.match(r"^#{1,4} (Case file|Claim|Status|Reporting chains|Timeline|Attributions|Links|Review history|Asserts|Denies|#\d+)", line)
    ]
    assert not [line for line in lines if line.lstrip("> ").startswith("```")]
    # Every bracket, backtick and asterisk from the data is escaped.
    for line in lines:
        if line.startswith("    "):
            continue  # the explanation's code block: nothing in it is interpreted
        assert not re.search(r"(?<!\\)[\[\]`]", line), line
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert "&lt;script&gt;" in text and "&lt;b&gt;Qamishli&lt;/b&gt;" in text


def _outside_the_diagram(lines: list[str]) -> list[str]:
    """The case file without its Mermaid block, whose lines must each be one of ours."""
    start, end = lines.index("```mermaid"), lines.index("```", lines.index("```mermaid"))
    ours = re.compile(
        r'^flowchart LR$|^    n\d+(\(\["[^"\[\]`<>]*"\]\)|\["[^"\[\]`<>]*"\])$|^    n\d+ --> n\d+$'
        r"|^    classDef uncounted stroke-dasharray: 5 5$|^    class (n\d+,)*n\d+ uncounted$"
    )
    for line in lines[start + 1 : end]:
        assert ours.match(line), line
    return lines[:start] + lines[end + 1 :]


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_mermaid_labels_keep_each_hostile_string_inert(value: str) -> None:
    label = mermaid_text(value)
    # Plain letters and punctuation, or whole entity codes: nothing that ends a label, a node or the block.
    assert re.fullmatch(r"([A-Za-z0-9 .,:'()-]|#\d+;)*", label), label


@pytest.mark.parametrize("value", HOSTILE_STRINGS)
def test_md_escapes_each_hostile_string(value: str) -> None:
    escaped = md(value)
    assert "\n" not in escaped and "\r" not in escaped
    assert not CONTROL.search(escaped)
    assert not re.search(r"(?<!\\)[\[\]`<>*_|]", escaped)
