"""The use cases that feed the reporting-chain rules: claim kind, certainty (set or inferred),
affiliation kind, possibly-same marks and the link flags; each recomputes what it changes in
the same write, logs it, can be undone, and leaves ``db check`` with nothing to say."""

from __future__ import annotations

from datetime import date

import pytest

from workbench.db.engine import Database
from workbench.errors import InvalidInput, NotFound, StaleClaim
from workbench.records import ClaimSummary
from workbench.review import attributions, audit, claims, links, possibly_same, sources, status, undo

R = "alice"


def _claim(database: Database, key: str) -> ClaimSummary:
    with database.reading() as session:
        return claims.get_claim(session, key)


def _clean(database: Database) -> None:
    with database.reading() as session:
        assert status.find_mismatches(session) == []
        assert status.count_mismatches(session) == []


def _outlets(database: Database) -> None:
    with database.writing() as session:
        for name in ("Reuters", "AFP"):
            sources.add_source(session, R, name, kind="media_outlet", reliability="B")
        sources.add_source(session, R, "Reuters security source", kind="unidentified", key="src-reuters-unnamed")
        sources.add_source(session, R, "AFP security source", kind="unidentified", key="src-afp-unnamed")


# -- certainty ------------------------------------------------------------------------------


def test_certainty_is_inferred_from_the_quote_then_the_claim_text(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        claims.add_claim(session, R, "Russian forces will leave Qamishli.", key="claim-leave")
        hedged = attributions.add_attribution(session, R, "claim-leave", "Reuters", "asserts", quote="Russian forces may have left")
        forecast = attributions.add_attribution(session, R, "claim-leave", "AFP", "asserts")  # no quote: the claim's "will"
        silence = attributions.record_silence(session, R, "claim-leave", "AFP", as_of=date(2026, 1, 27))
        given = attributions.add_attribution(session, R, "claim-leave", "AFP", "denies", certainty="stated")
    assert (hedged.certainty, hedged.certainty_inferred) == ("hedged", True)
    assert (forecast.certainty, forecast.certainty_inferred) == ("forecast", True)
    assert (silence.certainty, silence.certainty_inferred) == ("stated", False)
    assert (given.certainty, given.certainty_inferred) == ("stated", False)
    leave = _claim(database, "claim-leave")
    assert (leave.status, leave.origins) == ("refuted", 1)  # only the stated denial counts for an event
    with database.reading() as session:
        dossier = claims.get_dossier(session, "claim-leave")
    assert any("certainty inferred from the wording" in line for line in dossier.explanation)
    views = {a.id: a for group in dossier.by_stance for a in group.attributions}
    assert views[hedged.id].certainty_label == "hedged (inferred from the wording)"
    assert views[given.id].certainty_label == "stated"
    _clean(database)


def test_setting_a_certainty_recomputes_logs_and_undoes(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        claims.add_claim(session, R, "Russian forces left Qamishli.", key="claim-left")
        first = attributions.add_attribution(session, R, "claim-left", "Reuters", "asserts", quote="they may have left")
    assert _claim(database, "claim-left").status == "unsourced"
    with database.writing() as session:
        record = attributions.set_certainty(session, R, first.id, "stated", reason="the full story says they left")
    assert (record.certainty, record.certainty_inferred) == ("stated", False)
    assert _claim(database, "claim-left").status == "single_source"
    with database.reading() as session:
        entry = claims.get_dossier(session, "claim-left").entries[-1]
    assert (entry.action, entry.reason) == ("certainty set", "the full story says they left")
    assert "certainty: hedged → stated" in entry.change
    with database.writing() as session:
        assert "set back to hedged" in undo.undo_last(session, R)
    assert _claim(database, "claim-left").status == "unsourced"
    with database.reading() as session:
        again = attributions.attribution_record(session, first.id)
    assert (again.certainty, again.certainty_inferred) == ("hedged", True)
    with database.writing() as session, pytest.raises(InvalidInput, match="unknown certainty 'sure'"):
        attributions.set_certainty(session, R, first.id, "sure")
    _clean(database)


# -- claim kind -----------------------------------------------------------------------------


def test_a_plan_is_confirmed_by_forecasts(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        claims.add_claim(session, R, "Al-Sharaa is to visit Moscow on Wednesday.", key="claim-visit")
        attributions.add_attribution(session, R, "claim-visit", "Reuters", "asserts", quote="al-Sharaa is expected to visit Moscow")
        attributions.add_attribution(session, R, "claim-visit", "AFP", "asserts", quote="al-Sharaa will travel to Moscow")
    before = _claim(database, "claim-visit")
    assert (before.kind, before.status) == ("event", "unsourced")
    with database.writing() as session:
        after = claims.set_claim_kind(session, R, "claim-visit", "plan", reason="a scheduled visit", expected_version=before.version)
    assert (after.kind, after.status, after.origins) == ("plan", "corroborated", 2)
    with database.writing() as session:
        unchanged = claims.set_claim_kind(session, R, "claim-visit", "plan")
    assert unchanged.version == after.version  # the kind it has: nothing written
    with database.writing() as session, pytest.raises(StaleClaim):
        claims.set_claim_kind(session, R, "claim-visit", "event", expected_version=before.version)
    with database.writing() as session:
        assert undo.undo_last(session, R) == f"claim {after.id} is again an event"
    assert _claim(database, "claim-visit").status == "unsourced"
    with database.writing() as session, pytest.raises(InvalidInput, match="unknown claim kind"):
        claims.set_claim_kind(session, R, "claim-visit", "rumour")
    _clean(database)


# -- affiliation kind -----------------------------------------------------------------------


def test_only_a_voice_ends_its_partys_silence(database: Database) -> None:
    with database.writing() as session:
        sources.add_source(session, R, "Russian government", kind="government_body")
        sources.add_source(session, R, "Maria Zakharova", affiliation="Russian government")
        claims.add_claim(session, R, "Russian forces left Qamishli.", key="claim-left")
        attributions.record_silence(session, R, "claim-left", "Russian government", as_of=date(2026, 1, 27))
        attributions.add_attribution(session, R, "claim-left", "Maria Zakharova", "denies", as_of=date(2026, 1, 28))
    assert _claim(database, "claim-left").awaiting == "Russian government (as of 2026-01-27)"  # a member, not its voice
    with database.writing() as session:
        record, affected = sources.set_affiliation_kind(session, R, "Maria Zakharova", "speaks_for")
    assert record.affiliation_kind == "speaks_for" and affected == {_claim(database, "claim-left").id}
    assert _claim(database, "claim-left").awaiting is None
    with database.reading() as session:
        explanation = claims.get_dossier(session, "claim-left").explanation
    assert "  - Russian government: silent as of 27 Jan 2026; denied by Maria Zakharova, who speaks for it, 28 Jan 2026" in explanation
    with database.writing() as session:
        undo.undo_last(session, R)
    assert _claim(database, "claim-left").awaiting == "Russian government (as of 2026-01-27)"
    with database.writing() as session, pytest.raises(InvalidInput, match="has no affiliation"):
        sources.set_affiliation_kind(session, R, "Russian government", "speaks_for")
    _clean(database)


# -- possibly the same ----------------------------------------------------------------------


def test_marking_two_unnamed_sources_possibly_the_same_joins_their_chains(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        claims.add_claim(session, R, "A convoy left Qamishli.", key="claim-convoy")
        attributions.add_attribution(session, R, "claim-convoy", "src-reuters-unnamed", "asserts", relayed_via="Reuters")
        attributions.add_attribution(session, R, "claim-convoy", "src-afp-unnamed", "asserts", relayed_via="AFP")
    assert _claim(database, "claim-convoy").status == "corroborated"
    with database.writing() as session:
        mark, affected = possibly_same.mark_possibly_same(session, R, "src-afp-unnamed", "src-reuters-unnamed", "same unit")
    assert (mark.source_name, mark.other_source_name) == ("Reuters security source", "AFP security source")
    assert affected == {_claim(database, "claim-convoy").id}
    assert (_claim(database, "claim-convoy").status, _claim(database, "claim-convoy").origins) == ("single_source", 1)
    with database.reading() as session:
        assert [m.id for m in possibly_same.list_possibly_same(session, "AFP security source")] == [mark.id]
        heading = claims.get_dossier(session, "claim-convoy").explanation[2]
    assert heading == (
        "  1. AFP and Reuters (asserts) — counted as one: the desk marked AFP security source and "
        "Reuters security source as possibly the same source"
    )
    with database.writing() as session, pytest.raises(InvalidInput, match="already marked"):
        possibly_same.mark_possibly_same(session, R, "src-reuters-unnamed", "src-afp-unnamed")
    with database.writing() as session, pytest.raises(InvalidInput, match="two different sources"):
        possibly_same.mark_possibly_same(session, R, "AFP", "AFP")
    with database.writing() as session:
        assert "no longer marked as possibly the same" in undo.undo_last(session, R)
    assert _claim(database, "claim-convoy").status == "corroborated"
    with database.writing() as session, pytest.raises(NotFound, match="not marked"):
        possibly_same.unmark_possibly_same(session, R, "src-reuters-unnamed", "src-afp-unnamed")
    _clean(database)


# -- link flags -----------------------------------------------------------------------------


def test_a_contradicting_claim_disputes_once_it_has_origins(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        claims.add_claim(session, R, "The ceasefire was extended by 15 days.", key="claim-15")
        claims.add_claim(session, R, "The ceasefire was not extended.", key="claim-none")
        attributions.add_attribution(session, R, "claim-15", "Reuters", "asserts")
        links.link_claims(session, R, "claim-none", "claim-15", "contradicts")
    assert (_claim(database, "claim-15").disputed_by, _claim(database, "claim-none").disputed_by) == (None, "claim-15")
    version = _claim(database, "claim-15").version
    with database.writing() as session:
        attributions.add_attribution(session, R, "claim-none", "AFP", "asserts")  # a change to the other claim
    fifteen = _claim(database, "claim-15")
    assert fifteen.disputed_by == "claim-none" and fifteen.flags == ("disputed",)
    assert fifteen.version > version  # a reviewer holding the old flags is refused
    with database.reading() as session:
        assert [c.key for c in claims.list_claims(session, claims.ClaimFilter(flag="disputed"))] == ["claim-15", "claim-none"]
        assert claims.count_claims(session).by_flag == {"disputed": 2, "superseded": 0, "fulfilled": 0}
        assert claims.count_claims(session, claims.ClaimFilter(flag="disputed", status="single_source")).total == 2
    _clean(database)


def test_supersedes_and_fulfils_flag_and_follow_a_merge(database: Database) -> None:
    _outlets(database)
    with database.writing() as session:
        for key, text in (("claim-month", "Extended by a month."), ("claim-15", "Extended by 15 days."),
                          ("claim-15-dup", "Extended for fifteen days."), ("claim-plan", "Russia is to leave by Friday."),
                          ("claim-left", "Russia has left.")):
            claims.add_claim(session, R, text, key=key, kind="plan" if key == "claim-plan" else "event")
        attributions.add_attribution(session, R, "claim-left", "Reuters", "asserts", certainty="stated")
        links.link_claims(session, R, "claim-15-dup", "claim-month", "supersedes")
        links.link_claims(session, R, "claim-left", "claim-plan", "fulfils")
    assert _claim(database, "claim-month").superseded_by == "claim-15-dup"
    assert _claim(database, "claim-plan").fulfilled_by == "claim-left"
    with database.writing() as session:
        links.merge_claims(session, R, "claim-15", "claim-15-dup", reason="same extension")
    assert _claim(database, "claim-month").superseded_by == "claim-15"  # the moved link names the kept claim
    with database.writing() as session:
        undo.undo_last(session, R)
    assert _claim(database, "claim-month").superseded_by == "claim-15-dup"
    with database.reading() as session:
        link_id = next(link.id for link in claims.get_dossier(session, "claim-plan").links if link.relation == "fulfils")
    with database.writing() as session:
        links.remove_link(session, R, link_id)
    assert _claim(database, "claim-plan").fulfilled_by is None
    with database.reading() as session:
        assert [e.action for e in audit.claim_history(session, _claim(database, "claim-plan").id)][-1] == "link_removed"
    _clean(database)


def test_the_new_relations_are_refused_where_they_make_no_sense(database: Database) -> None:
    """A reverse ``supersedes`` or ``fulfils`` makes a loop; an event that fulfils a plan cannot
    contradict it; a later account may both supersede and contradict the earlier one."""
    with database.writing() as session:
        for key in ("claim-a", "claim-b"):
            claims.add_claim(session, R, f"Claim {key}.", key=key)
        links.link_claims(session, R, "claim-a", "claim-b", "supersedes")
        links.link_claims(session, R, "claim-a", "claim-b", "contradicts")
    for from_key, to_key, relation, refusal in (
        ("claim-b", "claim-a", "supersedes", "the reverse link would make a loop"),
        ("claim-a", "claim-b", "fulfils", "which a fulfils link would contradict"),
    ):
        with pytest.raises(InvalidInput, match=refusal), database.writing() as session:
            links.link_claims(session, R, from_key, to_key, relation)
    with database.writing() as session:
        claims.add_claim(session, R, "Claim c.", key="claim-c")
        links.link_claims(session, R, "claim-c", "claim-b", "fulfils")
    with pytest.raises(InvalidInput, match="the reverse link would make a loop"), database.writing() as session:
        links.link_claims(session, R, "claim-b", "claim-c", "fulfils")


@pytest.mark.parametrize("stored", ["duplicate_of", "contradicts", "supports", "refines", "supersedes", "fulfils"])
def test_every_pair_of_relations_is_either_linked_or_refused_in_words(database: Database, stored: str) -> None:
    """Whatever link two claims already have, any other is either stored or refused with a
    sentence: never an error the user cannot read."""
    with database.writing() as session:
        for key in ("claim-a", "claim-b"):
            claims.add_claim(session, R, f"Claim {key}.", key=key)
        links.link_claims(session, R, "claim-a", "claim-b", stored)
    for relation in ("duplicate_of", "contradicts", "supports", "refines", "supersedes", "fulfils"):
        for ends in (("claim-a", "claim-b"), ("claim-b", "claim-a")):
            try:
                with database.writing() as session:
                    links.link_claims(session, R, *ends, relation)
            except InvalidInput as refusal:
                assert str(refusal).endswith("nothing was linked")
