"""``claims list --fuzzy`` ranks a whole database a chunk at a time, as one pair at a time would.

The listing used to load every claim and every attribution's source name, then score each
pair from Python (25 s and 1 GB at a million claims). Now claims are scored in chunks in
rapidfuzz and each source's names once; the answer must not change. The reference here is
the definition written plainly: every claim's score is the best of its text's and its
sources' names' and aliases' (``ranking.rank_claims``), the best ``limit`` by score, ties to
the lower id, within the other filters.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, Source, SourceAlias
from workbench.formats.interchange import Bundle
from workbench.formats.json_format import parse_bundle
from workbench.importing.pipeline import apply_bundle
from workbench.matching import bulk_ranking, ranking
from workbench.review import claim_list, claims

PLACES = ["Qamishli", "Hasakah", "Tal Tamr", "Amuda", "Kobani", "Raqqa", "Hmeimim", "Ras al-Ain", "Deir ez-Zor"]
ACTORS = ["Russian forces", "SDF fighters", "Turkish drones", "government troops", "aid workers", "Kurdish police"]
VERBS = ["left", "shelled", "entered", "surrounded", "evacuated", "reached", "blocked the road to"]


def _bundle(seed: int = 3) -> Bundle:
    rng = random.Random(seed)
    sources = [{"key": f"s{i}", "name": f"{rng.choice(['Source', 'Reporter', 'Agency'])} {i} {rng.choice(PLACES)}",
                "kind": rng.choice(["person", "organization", "media_outlet"]),
                "aliases": [f"{rng.choice(PLACES)} desk {i}"] if i % 3 == 0 else []} for i in range(25)]
    claims_ = []
    for c in range(120):
        text = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(PLACES)} on day {c % 9}"
        if c % 10 == 0:
            text = text.upper()  # case and punctuation are what the processor folds
        cited = rng.sample(range(25), rng.randint(0, 3))
        claims_.append({"key": f"c{c}", "text": text,
                        "attributions": [{"source": f"s{i}", "stance": rng.choice(["asserts", "denies"])} for i in cited]})
    return parse_bundle({"format": "workbench", "version": 1, "sources": sources, "claims": claims_})


@pytest.fixture
def desk(database: Database) -> Database:
    with database.writing() as session:
        apply_bundle(session, _bundle(), "tester", "desk.json")
    return database


def _plainly(database: Database, text: str, limit: int, status: str | None = None) -> list[tuple[int, float]]:
    """Every allowed claim with all its names, scored one pair at a time."""
    with database.reading() as session:
        query = select(Claim.id, Claim.text)
        if status:
            query = query.where(Claim.status == status)
        rows = session.execute(query).all()
        names: dict[int, list[str]] = {}
        for claim_id, name in session.execute(select(Attribution.claim_id, Source.name).join(Source, Source.id == Attribution.source_id)):
            names.setdefault(claim_id, []).append(name)
        for claim_id, alias in session.execute(
            select(Attribution.claim_id, SourceAlias.alias).join(SourceAlias, SourceAlias.source_id == Attribution.source_id)
        ):
            names.setdefault(claim_id, []).append(alias)
    return ranking.rank_claims(text, ((claim_id, claim_text, names.get(claim_id, ())) for claim_id, claim_text in rows), limit)


QUERIES = ["russian forces left qamishli", "Reporter 7", "amuda desk", "SHELLED HASAKAH", "turkish dronez tal tamr", "zzzz"]


@pytest.mark.parametrize("chunk, in_list", [(7, 2), (1000, 500)])
@pytest.mark.parametrize("query", QUERIES)
def test_chunked_ranking_equals_one_pair_at_a_time(
    desk: Database, monkeypatch: pytest.MonkeyPatch, query: str, chunk: int, in_list: int
) -> None:
    # Small chunks and a small IN list: claims split across chunks, and both ways of reading
    # which sources a chunk's claims cite (only the sources that scored, or all of them).
    monkeypatch.setattr(claim_list, "FUZZY_CHUNK", chunk)
    monkeypatch.setattr(claim_list, "IN_LIST_SIZE", in_list)
    for limit in (1, 5, 50, 1000):
        with desk.reading() as session:
            listed = claims.list_claims(session, claims.ClaimFilter(fuzzy=query), limit=limit)
        expected = _plainly(desk, query, limit)
        assert [(summary.id, summary.score) for summary in listed] == [(i, round(s, 1)) for i, s in expected]
    if query != "zzzz":
        assert expected, "the query should find something"


def test_other_filters_still_apply(desk: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claim_list, "FUZZY_CHUNK", 5)
    with desk.reading() as session:
        listed = claims.list_claims(session, claims.ClaimFilter(fuzzy="Reporter 7", status="contested"), limit=20)
    expected = _plainly(desk, "Reporter 7", 20, status="contested")
    assert expected and [(s.id, s.score) for s in listed] == [(i, round(s, 1)) for i, s in expected]


def test_text_scores_are_score_text_above_the_cutoff() -> None:
    texts = ["Russian forces left Qamishli", "", "a", "RUSSIAN FORCES!!", "ру́сский текст", "x" * 600,
             "Hmeimim air base, Latakia", "forces russian left", "Qamishli"]
    for query in ["russian forces", "Qamishli", "xx", "hmeimim", "ру́сский"]:
        scored = dict(bulk_ranking.text_scores(query, texts))
        for index, text in enumerate(texts):
            score = ranking.score_text(query, text)
            if score >= ranking.DEFAULT_CUTOFF:
                assert scored[index] == score, (query, text)
            else:
                assert index not in scored, (query, text)
    assert bulk_ranking.text_scores("...", texts) == [] and bulk_ranking.text_scores("qamishli", []) == []
