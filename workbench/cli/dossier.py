"""``claims show``: a dossier as plain text for a terminal, or as JSON for scripts.

The dossier arrives ready (``review.dossier``); this module only lays it out. Stored text is
made safe with ``safe_text`` and printed by a console that parses no markup.
"""

from __future__ import annotations

from typing import Any

from workbench.cli.output import console
from workbench.records import AttributionView, ClaimDossier, assessment_json, to_jsonable
from workbench.text_safety import safe_text


def dossier_json(dossier: ClaimDossier) -> dict[str, Any]:
    """The dossier as stored records: the claim's fields, the explanation, the chains, the
    timeline, attributions, links, history."""
    return to_jsonable(dossier.claim) | {
        "flags": list(dossier.flags),
        "explanation": assessment_json(dossier.assessment),
        "chains": [to_jsonable(tree) for tree in dossier.chains],
        "timeline": [to_jsonable(change) for change in dossier.timeline],
        "timeline_text": dossier.timeline_text,
        "attributions": [to_jsonable(a) for a in dossier.attributions],
        "links": [to_jsonable(link) for link in dossier.links],
        "history": [to_jsonable(event) for event in dossier.history],
    }


def dossier_lines(dossier: ClaimDossier) -> list[str]:
    """The dossier as lines of plain text, every stored string made safe for a terminal."""
    claim = dossier.claim
    lines = [f"Claim {claim.id} ({safe_text(claim.key)})", safe_text(claim.text, keep_newlines=True)]
    details = [f"verdict: {claim.verdict}", f"kind: {dossier.kind_label}"]
    if claim.tags:
        details.append("tags: " + ", ".join(safe_text(t) for t in claim.tags))
    if claim.place:
        details.append(f"place: {safe_text(claim.place)}")
    if claim.event_date:
        details.append(f"event date: {claim.event_date.isoformat()}")
    lines.append(" · ".join(details))
    if claim.take is not None and claim.take.running():
        take = claim.take
        over = f"; taken over from {safe_text(take.taken_over_from)}: {safe_text(take.reason or '')}" if take.taken_over_from else ""
        lines.append(f"{safe_text(take.describe())} UTC (until {take.expires_at:%H:%M}){over}")
    lines += ["", safe_text(dossier.summary)]
    lines += ["  " + safe_text(line) for line in dossier.explanation]
    if dossier.chains:
        lines += ["", "Reporting chains:"]
        lines += ["  " + safe_text(line) for line in dossier.chain_lines]
    if dossier.timeline_text:
        lines += ["", "Timeline: " + safe_text(dossier.timeline_text)]
    for group in dossier.by_stance:
        lines += ["", f"{group.heading} ({len(group.attributions)}):"]
        for attribution in group.attributions:
            lines += _attribution_lines(attribution)
    if dossier.linked:
        lines += ["", "Links:"]
        for link in dossier.linked:
            if link.outgoing:
                lead = f"this claim {link.relation_label} claim {link.other_claim_id}"
            else:
                lead = f"claim {link.other_claim_id} {link.relation_label} this claim"
            lines.append(f"  {lead}: {safe_text(link.other_claim_text)}")
            if link.note:
                lines.append(f"      note: {safe_text(link.note)}")
    if dossier.entries:
        lines += ["", "History:"]
        for entry in dossier.entries:
            change = f" {safe_text(entry.change)}" if entry.change else ""
            reason = f" — {safe_text(entry.reason)}" if entry.reason else ""
            lines.append(f"  {entry.at:%Y-%m-%d %H:%M} {safe_text(entry.reviewer)}: {safe_text(entry.action)}{change}{reason}")
    return lines


def _attribution_lines(a: AttributionView) -> list[str]:
    who = safe_text(a.source_name)
    if a.role:
        who += f", {safe_text(a.role)}"
    if a.affiliation:
        how = f"{a.affiliation_kind_label} " if a.affiliation_kind_label else ""
        who += f" [{how}{safe_text(a.affiliation)}]"
    facts = [f"reliability {a.grade_label}", f"credibility {a.credibility_label}"]
    facts += [label for label in (a.mode_label, a.certainty_label) if label is not None]
    lines = [f"  #{a.id} {who} · " + " · ".join(facts)]
    if a.quote:
        lines.append(f"      “{safe_text(a.quote)}”")
    if a.quote_flag:
        lines.append(f"      ! quote {safe_text(a.quote_flag)}")
    elif a.anchor_label:
        lines.append(f"      quote {safe_text(a.anchor_label)}")
    where = []
    if a.document:
        where.append(safe_text(a.document.title))
        if a.document.outlet:
            where.append(safe_text(a.document.outlet))
        if a.document.published:
            where.append(a.document.published.isoformat())
        if a.document.rewrite_of:
            where.append(f"rewrite of {safe_text(a.document.rewrite_of)}")
    if a.relayed_via:
        where.append(f"relayed via {safe_text(a.relayed_via)}")
    if a.as_of:
        where.append(f"as of {a.as_of.isoformat()}")
    if where:
        lines.append("      " + " · ".join(where))
    if a.note:
        lines.append(f"      note: {safe_text(a.note)}")
    return lines


def print_dossier(dossier: ClaimDossier) -> None:
    out = console()
    for line in dossier_lines(dossier):
        out.print(line)
