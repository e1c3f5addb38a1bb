"""Evidence loaded chunk after chunk with ``KnownFacts`` (as ``db check`` loads it) is the
evidence loaded afresh, chains included; the facts kept are not read again; and evidence
read on the session's connection still sees what the session has not flushed yet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from workbench.corroboration import assess
from workbench.db.engine import Database
from workbench.db.models import Attribution, Claim, Source
from workbench.review.evidence import KnownFacts, load_evidence
from workbench.vocabulary import Stance


def _claim_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Claim.id).order_by(Claim.id)))


@contextmanager
def _statements(database: Database) -> Iterator[list[str]]:
    """The SQL text of every statement run on ``database`` while the block runs."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(database.engine, "before_cursor_execute", note)


def test_evidence_in_chunks_with_known_facts_is_the_evidence_loaded_afresh(sample_database: Database) -> None:
    with sample_database.reading() as session:
        ids = _claim_ids(session)
        afresh = load_evidence(session, ids)
        for known in (KnownFacts(), KnownFacts(limit=2)):  # limit 2: kept facts start over again and again
            chunked = {}
            for start in range(0, len(ids), 3):
                chunk = ids[start : start + 3]
                # Against the same chunk loaded afresh: a chunk's evidence holds the facts of
                # every source its claims name, so chunks cut otherwise differ in those.
                kept = load_evidence(session, chunk, known=known)
                assert kept == load_evidence(session, chunk)
                chunked.update(kept)
            assert {i: assess(e) for i, e in chunked.items()} == {i: assess(e) for i, e in afresh.items()}
        # The sample's chains: Ahmed Ali belongs to the SDF, whose facts come with his.
        member = session.scalars(select(Source).where(Source.affiliation_id.is_not(None))).first()
        assert member is not None
        holding = session.scalars(select(Attribution.claim_id).where(Attribution.source_id == member.id)).first()
        assert holding is not None
        evidence = chunked[holding]
        assert {member.id, member.affiliation_id} <= evidence.sources.keys()


def test_known_facts_are_not_read_again(sample_database: Database) -> None:
    with sample_database.reading() as session:
        ids = _claim_ids(session)
        known = KnownFacts()
        with _statements(sample_database) as first:
            load_evidence(session, ids, known=known)
        with _statements(sample_database) as second:
            again = load_evidence(session, ids, known=known)
        assert again == load_evidence(session, ids)
    reads_facts = [s for s in first if "FROM sources" in s or "FROM documents" in s]
    assert reads_facts, "the first load read no source or document: the test proves nothing"
    assert not [s for s in second if "FROM sources" in s or "FROM documents" in s]


def test_evidence_includes_an_attribution_not_flushed_yet(sample_database: Database) -> None:
    with sample_database.writing() as session:
        claim_id = _claim_ids(session)[0]
        source_id = session.scalars(select(Source.id).order_by(Source.id.desc())).first()
        assert source_id is not None
        before = load_evidence(session, [claim_id])[claim_id]
        session.add(Attribution(key="unflushed-denial", claim_id=claim_id, source_id=source_id, stance=Stance.DENIES.value))
        after = load_evidence(session, [claim_id])[claim_id]
        assert len(after.attributions) == len(before.attributions) + 1
        assert Stance.DENIES in {a.stance for a in after.attributions}
        session.rollback()
