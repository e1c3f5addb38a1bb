"""Fixtures for the TUI tests: small real SQLite databases built through the use cases.

``desk`` is a newsroom-sized case (six claims covering every status, a document, a link);
``hostile_desk`` puts markup, terminal escapes and bidi overrides into every stored string.
Timestamps are frozen afterwards so that what the screen shows is the same on every run.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from workbench.db.engine import Database
from workbench.db.opening import open_database
from workbench.importing.pipeline import import_file
from workbench.review import attributions, claims, links, sources

REVIEWER = "tester"
FROZEN = "2026-01-28 09:30:00.000000"

HOSTILE = (
    "[/]",
    "[@click=app.quit]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "[@=:",
    "[$x]",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x00",
    "\u202e",
    "\x9b31m",
    "\u2066\u2069\ufeff\u200b",
    "\r\x7f",
)
# The use cases refuse NUL (PostgreSQL cannot store it); the rest goes in through them, and NUL
# is planted afterwards with raw SQL, as in a database written by an older version or by hand.
HOSTILE_TEXT = "evil " + " ".join(h for h in HOSTILE if h != "\x00") + " end"
NUL = " nul\x00here"


@dataclass
class Desk:
    """A database on disk and the ids of what is in it."""

    path: Path
    database: Database
    ids: dict[str, int]


def _freeze(path: Path) -> None:
    """Pin every timestamp, so "last change" and the history read the same on every run."""
    connection = sqlite3.connect(path)
    with connection:
        for table in ("claims", "sources", "attributions", "documents"):
            connection.execute(f"UPDATE {table} SET created_at = ?, updated_at = ?", (FROZEN, FROZEN))
        connection.execute("UPDATE review_events SET at = ?", (FROZEN,))
    connection.close()


def _document(session: Session, folder: Path, key: str, title: str, outlet_key: str) -> None:
    bundle = {
        "format": "workbench",
        "version": 1,
        "documents": [
            {"key": key, "title": title, "outlet": outlet_key, "byline": "Hogir al Abdo",
             "published_at": "2026-01-27"}
        ],
    }
    file = folder / f"{key}.json"
    file.write_text(json.dumps(bundle), encoding="utf-8")
    import_file(session, file, REVIEWER)


def build_desk(folder: Path) -> Desk:
    path = folder / "desk.db"
    database = open_database(str(path))
    ids: dict[str, int] = {}
    with database.writing() as s:
        ap = sources.add_source(s, REVIEWER, "Associated Press", kind="media_outlet", reliability="B", aliases=["AP"],
                                key="src-ap")
        sdf = sources.add_source(s, REVIEWER, "Syrian Democratic Forces", kind="organization", reliability="C",
                                 aliases=["SDF"], key="src-sdf")
        ali = sources.add_source(s, REVIEWER, "Ahmed Ali", role="SDF fighter at the base", affiliation=sdf.id,
                                 reliability="F", key="src-ali")
        russia = sources.add_source(s, REVIEWER, "Russian government", kind="government_body",
                                    aliases=["Kremlin", "Moscow"], key="src-russia")
        mod = sources.add_source(s, REVIEWER, "Syrian Ministry of Defense", kind="government_body", reliability="C",
                                 key="src-mod")
        _document(s, folder, "doc-ap", "Russian forces start leaving northeast Syria", "src-ap")
        ids.update(ap=ap.id, sdf=sdf.id, ali=ali.id, russia=russia.id, mod=mod.id)

        withdraw = claims.add_claim(s, REVIEWER, "Russian forces have started to withdraw from northeast Syria.",
                                    tags=["russia", "withdrawal"], place="Northeast Syria", key="claim-withdraw")
        attributions.add_attribution(s, REVIEWER, withdraw.id, ap.id, "asserts", mode="own_observation",
                                     credibility=2, document="doc-ap",
                                     quote="Russian forces have begun pulling out of positions")
        attributions.add_attribution(s, REVIEWER, withdraw.id, ali.id, "asserts", mode="direct_quote", credibility=3,
                                     document="doc-ap", quote="the Russian forces began evacuating their positions")
        attributions.record_silence(s, REVIEWER, withdraw.id, russia.id, as_of=date(2026, 1, 27))
        plane = claims.add_claim(s, REVIEWER, "A Russian cargo plane landed at Qamishli airport.", key="claim-plane")
        attributions.add_attribution(s, REVIEWER, plane.id, sdf.id, "asserts")
        ceasefire = claims.add_claim(s, REVIEWER, "The ceasefire was extended by 15 days.", key="claim-ceasefire")
        attributions.add_attribution(s, REVIEWER, ceasefire.id, sdf.id, "asserts")
        attributions.add_attribution(s, REVIEWER, ceasefire.id, mod.id, "denies")
        # A plan ("will keep"): the certainty inferred from its wording is a forecast, which counts for a plan.
        stay = claims.add_claim(s, REVIEWER, "Russian troops will keep their base at Qamishli.", key="claim-stay",
                                kind="plan")
        attributions.add_attribution(s, REVIEWER, stay.id, russia.id, "denies", mode="official_statement")
        empty = claims.add_claim(s, REVIEWER, "The living quarters at the base were empty.", key="claim-empty")
        duplicate = claims.add_claim(s, REVIEWER, "A Russian cargo aircraft touched down at Qamishli airport.",
                                     key="claim-plane-dup")
        attributions.add_attribution(s, REVIEWER, duplicate.id, ap.id, "asserts")
        links.link_claims(s, REVIEWER, plane.id, withdraw.id, "supports", "A plane is how they leave.")
        ids.update(withdraw=withdraw.id, plane=plane.id, ceasefire=ceasefire.id, stay=stay.id, empty=empty.id,
                   duplicate=duplicate.id)
    _freeze(path)
    return Desk(path, database, ids)


def build_hostile_desk(folder: Path) -> Desk:
    """Every string a reviewer or an import can store carries markup, escapes and bidi controls."""
    path = folder / "hostile.db"
    database = open_database(str(path))
    ids: dict[str, int] = {}
    with database.writing() as s:
        outlet = sources.add_source(s, REVIEWER, f"Outlet {HOSTILE_TEXT}", kind="media_outlet", reliability="B",
                                    aliases=[f"alias {HOSTILE_TEXT}"], key="src-outlet")
        group = sources.add_source(s, REVIEWER, f"Group {HOSTILE_TEXT}", kind="organization", reliability="C",
                                   key="src-group")
        person = sources.add_source(s, REVIEWER, f"Person {HOSTILE_TEXT}", role=f"role {HOSTILE_TEXT}",
                                    affiliation=group.id, key="src-person")
        silent = sources.add_source(s, REVIEWER, f"Silent {HOSTILE_TEXT}", key="src-silent")
        _document(s, folder, "doc-evil", f"Title {HOSTILE_TEXT}", "src-outlet")
        claim = claims.add_claim(s, REVIEWER, f"Claim {HOSTILE_TEXT}\nsecond line", tags=[f"tag {h}" for h in HOSTILE if h != "\x00"],
                                 place=f"place {HOSTILE_TEXT}", key="claim-evil")
        attributions.add_attribution(s, REVIEWER, claim.id, person.id, "asserts", document="doc-evil",
                                     quote=f"quote {HOSTILE_TEXT}", note=f"note {HOSTILE_TEXT}", relayed_via=outlet.id)
        attributions.add_attribution(s, REVIEWER, claim.id, outlet.id, "denies", document="doc-evil")
        attributions.record_silence(s, REVIEWER, claim.id, silent.id, as_of=date(2026, 1, 27),
                                    note=f"silence {HOSTILE_TEXT}")
        other = claims.add_claim(s, REVIEWER, f"Other {HOSTILE_TEXT}", key="claim-other")
        attributions.add_attribution(s, REVIEWER, other.id, group.id, "asserts")
        links.link_claims(s, REVIEWER, claim.id, other.id, "contradicts", f"link note {HOSTILE_TEXT}")
        claims.add_note(s, f"reviewer {HOSTILE_TEXT}", claim.id, f"note {HOSTILE_TEXT}")
        claims.set_verdict(s, f"reviewer {HOSTILE_TEXT}", other.id, "false", f"reason {HOSTILE_TEXT}")
        ids.update(claim=claim.id, other=other.id, outlet=outlet.id, person=person.id, group=group.id,
                   silent=silent.id)
    _plant_nul(path)
    _freeze(path)
    return Desk(path, database, ids)


def _plant_nul(path: Path) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for table, column in (("claims", "text"), ("sources", "name"), ("attributions", "quote"),
                              ("attributions", "note"), ("documents", "title"), ("review_events", "reason"),
                              ("review_events", "reviewer"), ("claim_tags", "tag"), ("claims", "place")):
            connection.execute(f"UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL", (NUL,))
    connection.close()


def _copy(template: Desk, folder: Path) -> Desk:
    """A fresh copy of a desk built once per test session (building costs more than copying)."""
    path = folder / template.path.name
    shutil.copyfile(template.path, path)
    return Desk(path, open_database(str(path)), dict(template.ids))
