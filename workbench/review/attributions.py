"""Use cases on attributions: who asserts, denies or is silent about a claim, and where.

Every change is one ``audited_write``: the claim is locked and version-checked, the change
logged, and the claim's stored status recomputed in the same transaction.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.attribution_keys import derived_key
from workbench.db.models import Attribution
from workbench.errors import InvalidInput, NotFound
from workbench.limits import MAX_KEY
from workbench.records import AttributionRecord
from workbench.review.quote_anchors import anchor_attribution
from workbench.review.record_builders import attribution_records
from workbench.review.references import find_claim, find_document, find_source, require_storable
from workbench.review.writes import audited_write
from workbench.text.certainty import certainty_cues, certainty_of
from workbench.vocabulary import DEFAULT_CREDIBILITY, Certainty, EntityType, Mode, Stance, choices


def add_attribution(
    session: Session,
    reviewer: str,
    claim: str | int,
    source: str | int,
    stance: str,
    *,
    mode: str = Mode.PARAPHRASE.value,
    document: str | int | None = None,
    quote: str | None = None,
    span: tuple[int, int] | None = None,
    relayed_via: str | int | None = None,
    credibility: int = DEFAULT_CREDIBILITY,
    as_of: date | None = None,
    note: str | None = None,
    key: str | None = None,
    expected_version: int | None = None,
    reason: str | None = None,
    certainty: str | None = None,
) -> AttributionRecord:
    """Attach one source's position on a claim; returns the new attribution.

    ``certainty`` (stated, hedged, forecast) left out is inferred from the wording (see
    ``infer_certainty``) and stored as inferred, so the explanation tells a reviewer to check it.
    """
    for field, value in (("quote", quote), ("note", note)):
        require_storable(value, field)
    require_storable(key, "key", MAX_KEY)
    with audited_write(session, reviewer) as write:
        target = write.claim(claim, expected_version)
        speaker = find_source(session, source)
        relay = find_source(session, relayed_via) if relayed_via not in (None, "") else None
        carrier = find_document(session, document) if document not in (None, "") else None
        stance = parse_stance(stance)
        if certainty is None:
            chosen = infer_certainty(stance, quote, target.text)
            inferred = not Stance(stance).is_silence
        else:
            chosen, inferred = parse_certainty(certainty), False
        attribution = Attribution(
            key=key or _free_key(session, derived_key(target.key, speaker.key, carrier.key if carrier else None, stance, quote)),
            claim_id=target.id,
            source_id=speaker.id,
            document_id=carrier.id if carrier else None,
            stance=stance,
            mode=parse_mode(mode),
            certainty=chosen,
            certainty_inferred=inferred,
            quote=quote or None,
            span_start=span[0] if span else None,
            span_end=span[1] if span else None,
            relayed_via_id=relay.id if relay else None,
            credibility=parse_credibility(credibility),
            as_of=as_of,
            note=note or None,
        )
        anchor_attribution(session, attribution)
        session.add(attribution)
        write.flush()
        write.log(
            EntityType.ATTRIBUTION,
            attribution.id,
            "attribution_added",
            claim_id=target.id,
            after=snapshot(attribution),
            reason=reason,
        )
        write.recompute([target.id])
    return attribution_record(session, attribution.id)


def record_silence(
    session: Session,
    reviewer: str,
    claim: str | int,
    source: str | int,
    *,
    as_of: date | None = None,
    declined: bool = False,
    note: str | None = None,
    expected_version: int | None = None,
) -> AttributionRecord:
    """Record that a party has made no statement (or declined to comment) as of a date (default today)."""
    stance = Stance.DECLINED_TO_COMMENT if declined else Stance.NO_STATEMENT
    when = as_of or date.today()
    # Resolved first, so a wrong claim or party is reported as such (not as a bad attribution).
    target = find_claim(session, claim)
    speaker = find_source(session, source)
    return add_attribution(
        session,
        reviewer,
        target.id,
        speaker.id,
        stance.value,
        mode=Mode.OFFICIAL_STATEMENT.value,
        as_of=when,
        note=note,
        expected_version=expected_version,
    )


def set_certainty(
    session: Session, reviewer: str, attribution_id: int, certainty: str | None, reason: str | None = None
) -> AttributionRecord:
    """Set how firmly an attribution puts the claim (``None``: infer it from the wording again).

    The claim's status is recomputed at once: for an event only stated attributions count.
    """
    require_storable(reason, "reason")
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise NotFound(f"no attribution #{attribution_id}")
    if certainty is not None and parse_certainty(certainty) == attribution.certainty and not attribution.certainty_inferred:
        return attribution_record(session, attribution_id)
    with audited_write(session, reviewer) as write:
        claim = write.claim(attribution.claim_id)
        before = {"certainty": attribution.certainty, "certainty_inferred": attribution.certainty_inferred}
        if certainty is None:
            attribution.certainty = infer_certainty(attribution.stance, attribution.quote, claim.text)
            attribution.certainty_inferred = not Stance(attribution.stance).is_silence
        else:
            attribution.certainty, attribution.certainty_inferred = parse_certainty(certainty), False
        after = {"certainty": attribution.certainty, "certainty_inferred": attribution.certainty_inferred}
        if after != before:
            write.log(
                EntityType.ATTRIBUTION, attribution.id, "certainty_set", claim_id=claim.id,
                before=before, after=after, reason=reason,
            )
            write.recompute([claim.id])
    return attribution_record(session, attribution_id)


def infer_certainty(stance: str, quote: str | None, claim_text: str) -> str:
    """The certainty the wording suggests: the quote's cues, else the claim text's.

    "may", "reportedly", "unconfirmed" hedge; "will", "is expected to", "plans to" forecast
    (``text.certainty``). A silence has no certainty to speak of and stays ``stated``.
    """
    if Stance(stance).is_silence:
        return Certainty.STATED.value
    wording = quote if quote and quote.strip() else claim_text
    return certainty_of(certainty_cues(wording)).value


def remove_attribution(
    session: Session, reviewer: str, attribution_id: int, reason: str | None = None, action: str = "attribution_removed"
) -> int:
    """Delete an attribution (the review log keeps a full copy); returns its claim id."""
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise NotFound(f"no attribution #{attribution_id}")
    with audited_write(session, reviewer) as write:
        claim = write.claim(attribution.claim_id)
        before = snapshot(attribution)
        session.delete(attribution)
        write.log(EntityType.ATTRIBUTION, attribution_id, action, claim_id=claim.id, before=before, reason=reason)
        write.recompute([claim.id])
    return claim.id


def attribution_record(session: Session, attribution_id: int) -> AttributionRecord:
    """One attribution's record, as a dossier lists it."""
    attribution = session.get(Attribution, attribution_id)
    if attribution is None:
        raise NotFound(f"no attribution #{attribution_id}")
    return next(r for r in attribution_records(session, [attribution.claim_id]) if r.id == attribution_id)


def snapshot(attribution: Attribution) -> dict[str, object]:
    return {
        "id": attribution.id,
        "key": attribution.key,
        "claim_id": attribution.claim_id,
        "source_id": attribution.source_id,
        "document_id": attribution.document_id,
        "stance": attribution.stance,
        "mode": attribution.mode,
        "quote": attribution.quote,
        "span_start": attribution.span_start,
        "span_end": attribution.span_end,
        "relayed_via_id": attribution.relayed_via_id,
        "credibility": attribution.credibility,
        "as_of": attribution.as_of,
        "note": attribution.note,
        "certainty": attribution.certainty,
        "certainty_inferred": attribution.certainty_inferred,
    }


def _free_key(session: Session, key: str) -> str:
    """``key``, or ``key-2``, ``key-3``... when a different attribution already holds it.

    Two attributions may legitimately share claim, source, document, stance and quote (the
    same silence observed twice, a statement repeated on another day); by hand they are two
    records, so the second gets its own key instead of colliding with the first.
    """
    candidate, counter = key, 2
    while session.scalar(select(Attribution.id).where(Attribution.key == candidate)) is not None:
        candidate, counter = f"{key}-{counter}", counter + 1
    return candidate




def parse_stance(value: str) -> str:
    try:
        return Stance(value.strip().lower().replace(" ", "_")).value
    except ValueError:
        raise InvalidInput(f"unknown stance {value!r} (expected one of: {', '.join(choices(Stance))})") from None


def parse_mode(value: str) -> str:
    try:
        return Mode(value.strip().lower().replace(" ", "_")).value
    except ValueError:
        raise InvalidInput(f"unknown mode {value!r} (expected one of: {', '.join(choices(Mode))})") from None


def parse_certainty(value: str) -> str:
    try:
        return Certainty(value.strip().lower()).value
    except ValueError:
        raise InvalidInput(f"unknown certainty {value!r} (expected one of: {', '.join(choices(Certainty))})") from None


def parse_credibility(value: int | str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 6:
        raise InvalidInput(f"credibility must be a whole number from 1 to 6, not {value!r}")
    return number
