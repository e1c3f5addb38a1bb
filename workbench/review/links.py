"""Use cases on relations between claims: link, unlink, and merge a duplicate into another.

A link that contradicts one already stored between the same two claims is refused, and a
merge is previewed first (``preview_merge``: how alike the claims are worded and which
details conflict), so that nothing is linked or merged by accident.

``contradicts``, ``supersedes`` and ``fulfils`` put flags beside the status of the claims
they join (disputed, superseded, fulfilled), so a change to one of them recomputes both ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workbench.db.models import Attribution, ClaimLink, ClaimTag
from workbench.errors import InvalidInput, NotFound
from workbench.matching.detail_comparison import detail_differences
from workbench.matching.fuzzy import DEFAULT_THRESHOLDS
from workbench.matching.match_keys import claim_similarity
from workbench.records import ClaimSummary, LinkRecord
from workbench.review.claim_list import get_claim
from workbench.review.claims import claim_snapshot
from workbench.review.record_builders import link_records
from workbench.review.references import require_storable
from workbench.review.writes import audited_write
from workbench.vocabulary import EntityType, LinkRelation, choices

# Relations that cannot hold between the same two claims at once, in either direction. An
# event that fulfils a plan cannot contradict it; a later account that supersedes an earlier
# one often contradicts it (that is why it replaces it), so those two go together.
_INCOMPATIBLE = {
    LinkRelation.CONTRADICTS.value: {
        LinkRelation.SUPPORTS.value, LinkRelation.DUPLICATE_OF.value, LinkRelation.REFINES.value, LinkRelation.FULFILS.value,
    },
    LinkRelation.SUPPORTS.value: {LinkRelation.CONTRADICTS.value},
    LinkRelation.DUPLICATE_OF.value: {LinkRelation.CONTRADICTS.value},
    LinkRelation.REFINES.value: {LinkRelation.CONTRADICTS.value},
    LinkRelation.SUPERSEDES.value: set(),
    LinkRelation.FULFILS.value: {LinkRelation.CONTRADICTS.value},
}
# Relations whose reverse says the same (contradicts) or makes a loop (the others but supports).
_NO_REVERSE = {
    LinkRelation.CONTRADICTS.value,
    LinkRelation.DUPLICATE_OF.value,
    LinkRelation.REFINES.value,
    LinkRelation.SUPERSEDES.value,
    LinkRelation.FULFILS.value,
}


@dataclass(frozen=True)
class MergePreview:
    """What merging ``drop`` into ``keep`` would do, shown before anything happens.

    ``similarity`` is how alike the two texts are worded (0-100, as duplicate matching scores
    them); ``conflicts`` are details that contradict (numbers, dates, places, actors,
    negation, and the claims' place, event date and verdict fields); ``extras`` are details
    only one of them gives. The counts are what would move to the claim kept.
    """

    keep: ClaimSummary
    drop: ClaimSummary
    similarity: float
    conflicts: tuple[str, ...]
    extras: tuple[str, ...]
    attributions_moving: int
    links_moving: int
    vouched: bool = False  # the details agree and say enough to stand in for wording

    @property
    def looks_like_duplicate(self) -> bool:
        """Worded alike enough to be suggested as a duplicate (or less alike, with details that
        vouch for it, as an import would suggest it), with no conflicting detail."""
        thresholds = DEFAULT_THRESHOLDS
        alike = self.similarity >= thresholds.suggest or (
            self.vouched and self.similarity >= thresholds.suggest - thresholds.details_allowance
        )
        return alike and not self.conflicts


def preview_merge(session: Session, keep: str | int, drop: str | int) -> MergePreview:
    """Compare two claims before merging ``drop`` into ``keep``; changes nothing."""
    kept, dropped = get_claim(session, keep), get_claim(session, drop)
    if kept.id == dropped.id:
        raise InvalidInput("cannot merge a claim into itself")
    details = detail_differences(kept.text, dropped.text)
    conflicts = list(details.conflicts)
    for label, kept_value, dropped_value in (
        ("place", kept.place, dropped.place),
        ("event date", kept.event_date, dropped.event_date),
        ("verdict", kept.verdict if kept.verdict != "unreviewed" else None, dropped.verdict if dropped.verdict != "unreviewed" else None),
    ):
        if kept_value is not None and dropped_value is not None and kept_value != dropped_value:
            conflicts.append(f"{label}: {kept_value} (claim {kept.id}) vs {dropped_value} (claim {dropped.id})")
    moving = session.scalar(select(func.count()).select_from(Attribution).where(Attribution.claim_id == dropped.id))
    links = session.scalar(
        select(func.count())
        .select_from(ClaimLink)
        .where(or_(ClaimLink.from_claim_id == dropped.id, ClaimLink.to_claim_id == dropped.id))
    )
    return MergePreview(
        keep=kept,
        drop=dropped,
        similarity=round(claim_similarity(kept.text, dropped.text), 1),
        conflicts=tuple(conflicts),
        extras=tuple(details.extras),
        attributions_moving=moving or 0,
        links_moving=links or 0,
        vouched=details.vouched,
    )


def link_claims(
    session: Session,
    reviewer: str,
    from_claim: str | int,
    to_claim: str | int,
    relation: str,
    note: str | None = None,
    expected_version: int | None = None,
) -> LinkRecord:
    require_storable(note, "note")
    with audited_write(session, reviewer) as write:
        source = write.claim(from_claim, expected_version)
        target = write.claim(to_claim, touch=False)
        if source.id == target.id:
            raise InvalidInput("a claim cannot be linked to itself")
        relation = parse_relation(relation)
        _refuse_nonsense(session, source.id, target.id, relation)
        link = ClaimLink(from_claim_id=source.id, to_claim_id=target.id, relation=relation, note=note or None)
        session.add(link)
        write.flush()
        # One event on each claim, so each one's history shows the link.
        for claim_id in (source.id, target.id):
            write.log(EntityType.LINK, link.id, "link_added", claim_id=claim_id, after=_link_snapshot(link), reason=note)
        write.recompute([source.id, target.id])
    return next(r for r in link_records(session, source.id) if r.id == link.id)


def _refuse_nonsense(session: Session, from_id: int, to_id: int, relation: str) -> None:
    """Refuse a link already stored, its reverse where that says the same or makes a loop,
    and one that contradicts a link already stored between the two claims."""
    stored = session.execute(
        select(ClaimLink.from_claim_id, ClaimLink.relation).where(
            or_(
                (ClaimLink.from_claim_id == from_id) & (ClaimLink.to_claim_id == to_id),
                (ClaimLink.from_claim_id == to_id) & (ClaimLink.to_claim_id == from_id),
            )
        )
    ).all()
    for stored_from, stored_relation in stored:
        stored_to = to_id if stored_from == from_id else from_id
        already = f"claim {stored_from} is already linked to claim {stored_to} as {stored_relation}"
        if stored_relation == relation and stored_from == from_id:
            raise InvalidInput(f"{already}; nothing was linked")
        if stored_relation == relation and relation in _NO_REVERSE:
            loop = "says the same" if relation == LinkRelation.CONTRADICTS.value else "would make a loop"
            raise InvalidInput(f"{already}, and the reverse link {loop}; nothing was linked")
        if stored_relation in _INCOMPATIBLE[relation]:
            raise InvalidInput(f"{already}, which a {relation} link would contradict; nothing was linked")


def remove_link(session: Session, reviewer: str, link_id: int, reason: str | None = None) -> None:
    link = session.get(ClaimLink, link_id)
    if link is None:
        raise NotFound(f"no link #{link_id}")
    before = _link_snapshot(link)
    ends = (link.from_claim_id, link.to_claim_id)
    with audited_write(session, reviewer) as write:
        session.delete(link)
        for claim_id in ends:
            write.log(EntityType.LINK, link_id, "link_removed", claim_id=claim_id, before=before, reason=reason)
        write.recompute(ends)


def merge_claims(
    session: Session,
    reviewer: str,
    keep: str | int,
    drop: str | int,
    reason: str | None = None,
    expected_version: int | None = None,
    expected_drop_version: int | None = None,
) -> ClaimSummary:
    """Fold a duplicate into the claim kept: its attributions, links and tags move over.

    Both claims are checked against the versions the caller saw (``expected_version`` for
    the kept one, ``expected_drop_version`` for the dropped one).

    The dropped claim is deleted; the review log keeps a full copy of it (text, tags, which
    attributions and links moved) so the merge can be undone and audited.
    """
    with audited_write(session, reviewer) as write:
        kept = write.claim(keep, expected_version)
        dropped = write.claim(drop, expected_drop_version, touch=False)
        dropped_id = dropped.id
        if kept.id == dropped_id:
            raise InvalidInput("cannot merge a claim into itself")
        dropped_tags = list(session.scalars(select(ClaimTag.tag).where(ClaimTag.claim_id == dropped.id)))
        kept_tags = set(session.scalars(select(ClaimTag.tag).where(ClaimTag.claim_id == kept.id)))
        moved_attributions = list(session.scalars(select(Attribution.id).where(Attribution.claim_id == dropped.id)))
        for attribution in session.scalars(select(Attribution).where(Attribution.claim_id == dropped.id)):
            attribution.claim_id = kept.id
        moved_links = _move_links(session, dropped.id, kept.id)
        for tag in dropped_tags:
            if tag not in kept_tags:
                session.add(ClaimTag(claim_id=kept.id, tag=tag))
        before = claim_snapshot(dropped, dropped_tags) | {
            "id": dropped.id,
            "status": dropped.status,
            "created_at": dropped.created_at,
            "moved_attribution_ids": moved_attributions,
            "moved_links": moved_links,
            "added_tags": [t for t in dropped_tags if t not in kept_tags],
        }
        write.flush()
        session.delete(dropped)
        write.log(
            EntityType.CLAIM, kept.id, "claim_merged", claim_id=kept.id, before=before, after={"kept_id": kept.id}, reason=reason
        )
        write.log(
            EntityType.CLAIM, dropped_id, "merged_into", claim_id=dropped_id, after={"kept_id": kept.id}, reason=reason
        )
        # The claims at the other end of the moved links now name the kept claim in their flags.
        write.recompute([kept.id, *_neighbours(session, kept.id)])
    return get_claim(session, kept.id)


def _move_links(session: Session, dropped_id: int, kept_id: int) -> list[dict[str, object]]:
    """Point the dropped claim's links at the kept one; returns snapshots of them as they were.

    A link between the two merged claims, or one the kept claim already has, goes; the
    snapshots let undo put it back.
    """
    moved: list[dict[str, object]] = []
    existing = {
        (link.from_claim_id, link.to_claim_id, link.relation)
        for link in session.scalars(
            select(ClaimLink).where((ClaimLink.from_claim_id == kept_id) | (ClaimLink.to_claim_id == kept_id))
        )
    }
    for link in session.scalars(
        select(ClaimLink).where((ClaimLink.from_claim_id == dropped_id) | (ClaimLink.to_claim_id == dropped_id))
    ).all():
        moved.append(_link_snapshot(link))
        new_from = kept_id if link.from_claim_id == dropped_id else link.from_claim_id
        new_to = kept_id if link.to_claim_id == dropped_id else link.to_claim_id
        if new_from == new_to or (new_from, new_to, link.relation) in existing:
            session.delete(link)
            continue
        link.from_claim_id, link.to_claim_id = new_from, new_to
        existing.add((new_from, new_to, link.relation))
    return moved


def _neighbours(session: Session, claim_id: int) -> set[int]:
    outgoing = session.scalars(select(ClaimLink.to_claim_id).where(ClaimLink.from_claim_id == claim_id))
    incoming = session.scalars(select(ClaimLink.from_claim_id).where(ClaimLink.to_claim_id == claim_id))
    return {*outgoing, *incoming}


def parse_relation(value: str) -> str:
    normalized = value.strip().lower().replace(" ", "_").replace("-", "_")
    if normalized == "duplicate":
        normalized = LinkRelation.DUPLICATE_OF.value
    try:
        return LinkRelation(normalized).value
    except ValueError:
        raise InvalidInput(
            f"unknown relation {value!r} (expected one of: {', '.join(choices(LinkRelation))})"
        ) from None


def _link_snapshot(link: ClaimLink) -> dict[str, object]:
    return {
        "id": link.id,
        "from_claim_id": link.from_claim_id,
        "to_claim_id": link.to_claim_id,
        "relation": link.relation,
        "note": link.note,
    }
