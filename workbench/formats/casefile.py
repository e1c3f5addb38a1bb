"""A case file: one claim's whole dossier as a Markdown document a desk can file or share.

Sections, always in this order and always present (an empty one says so): the claim and its
details, the corroboration status with its explanation, every attribution with its source's
grades and its document, the links to other claims, and the review history.

Everything in it except the headings comes from users and imported files, so every value is
escaped: control and bidi characters are made visible (``text_safety.safe_text``), Markdown
punctuation is backslash-escaped and ``<``, ``>``, ``&`` become HTML entities, so no claim
text, quote or note can add a heading, a link, an image, raw HTML or a code span. URLs become
links only when they are plain ``http(s)`` addresses.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from sqlalchemy.orm import Session

from workbench.records import AttributionRecord, ClaimDossier, ReviewEventRecord
from workbench.review.claims import get_dossier
from workbench.text_safety import safe_text
from workbench.vocabulary import CREDIBILITY_LABELS, Reliability, Stance, choices

SECTIONS = ("Claim", "Status", "Attributions", "Links", "Review history")

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^:])")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\[\]()]+", re.IGNORECASE)


def md(value: Any) -> str:
    """Untrusted text made inert in Markdown: one line, every special character escaped."""
    text = safe_text("" if value is None else str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def md_block(value: Any, prefix: str = "") -> str:
    """Multi-line untrusted text: each line escaped and prefixed (``"> "`` for a quote)."""
    text = safe_text("" if value is None else str(value), keep_newlines=True).replace("\t", " ")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(prefix + md(line) for line in lines)


def md_url(url: str | None) -> str:
    if not url:
        return ""
    if _SAFE_URL.fullmatch(url):
        return f"<{url}>"
    return md(url)


def write_case_file(session: Session, reference: str | int, out: TextIO) -> dict[str, int]:
    """Write one claim's case file; returns counts for the diagnostic line."""
    dossier = get_dossier(session, reference)
    out.write(render_case_file(dossier))
    return {"claims": 1, "attributions": len(dossier.attributions)}


def render_case_file(dossier: ClaimDossier) -> str:
    claim = dossier.claim
    lines: list[str] = [f"# Case file: claim {claim.id}", ""]

    lines += ["## Claim", "", md_block(claim.text, "> "), ""]
    lines.append(f"- **Key:** {md(claim.key)}")
    lines.append(f"- **Verdict:** {md(claim.verdict)}")
    lines.append(f"- **Status:** {md(claim.status)} ({claim.origins} independent origin{'s' if claim.origins != 1 else ''})")
    if claim.awaiting:
        lines.append(f"- **Awaiting:** {md(claim.awaiting)}")
    lines.append(f"- **Tags:** {', '.join(md(t) for t in claim.tags) if claim.tags else 'none'}")
    lines.append(f"- **Place:** {md(claim.place) if claim.place else 'not given'}")
    lines.append(f"- **Event date:** {claim.event_date.isoformat() if claim.event_date else 'not given'}")
    lines.append(f"- **Last change:** {claim.updated_at:%Y-%m-%d %H:%M} UTC")
    lines.append("")

    lines += ["## Status", "", f"**{md(dossier.assessment.summary())}**", ""]
    # An indented code block shows the explanation exactly as `claims show` prints it; every
    # line is one line (safe_text turns newlines into visible symbols), so nothing can end
    # the block early, and nothing inside a code block is interpreted.
    for line in dossier.assessment.explanation_lines():
        lines.append("    " + safe_text(line))
    lines.append("")

    lines += ["## Attributions", ""]
    if not dossier.attributions:
        lines += ["No attributions recorded.", ""]
    grouped = dossier.attributions_by_stance()
    for stance in choices(Stance):
        items = grouped.get(stance, [])
        if not items:
            continue
        lines += [f"### {stance.replace('_', ' ').capitalize()} ({len(items)})", ""]
        for attribution in items:
            lines += _attribution(attribution)
    lines += ["## Links", ""]
    if not dossier.links:
        lines += ["No links to other claims.", ""]
    for link in dossier.links:
        relation = link.relation.replace("_", " ")
        if link.direction == "outgoing":
            head = f"This claim **{relation}** claim {link.other_claim_id}"
        else:
            head = f"Claim {link.other_claim_id} **{relation}** this claim"
        note = f" (note: {md(link.note)})" if link.note else ""
        lines.append(f"- {head}: {md(link.other_claim_text)}{note}")
    if dossier.links:
        lines.append("")

    lines += ["## Review history", ""]
    if not dossier.history:
        lines += ["No review events.", ""]
    else:
        lines += ["| when (UTC) | reviewer | action | change | reason |", "|---|---|---|---|---|"]
        for event in dossier.history:
            lines.append(
                f"| {event.at:%Y-%m-%d %H:%M} | {md(event.reviewer)} | {md(event.action.replace('_', ' '))} "
                f"| {md(_change(event))} | {md(event.reason or '')} |"
            )
        lines.append("")
    return "\n".join(lines)


def _attribution(a: AttributionRecord) -> list[str]:
    source = a.source
    try:
        reliability = f"{source.reliability} ({Reliability(source.reliability).label})"
    except ValueError:
        reliability = md(source.reliability)
    credibility = f"{a.credibility} ({CREDIBILITY_LABELS.get(a.credibility, 'unknown')})"
    who = md(source.name)
    if source.role:
        who += f", {md(source.role)}"
    lines = [f"#### #{a.id} {who}", ""]
    lines.append(f"- **Source:** {md(source.name)} ({md(source.kind.replace('_', ' '))}), key {md(source.key)}")
    if source.affiliation_name:
        lines.append(f"- **Affiliation:** {md(source.affiliation_name)}")
    lines.append(f"- **Source reliability:** {reliability}")
    lines.append(f"- **Information credibility:** {credibility}")
    lines.append(f"- **Mode:** {md(a.mode.replace('_', ' '))}")
    if a.relayed_via:
        lines.append(f"- **Relayed via:** {md(a.relayed_via.name)}")
    if a.as_of:
        lines.append(f"- **As of:** {a.as_of.isoformat()}")
    if a.document:
        d = a.document
        parts = [md(d.title)]
        if d.outlet_name:
            parts.append(md(d.outlet_name))
        if d.byline:
            parts.append(f"by {md(d.byline)}")
        if d.published_at:
            parts.append(d.published_at.date().isoformat())
        lines.append(f"- **Document:** {' · '.join(parts)}")
        if d.url:
            lines.append(f"- **URL:** {md_url(d.url)}")
        if d.derived_from_title:
            lines.append(f"- **Rewrite of:** {md(d.derived_from_title)}")
    else:
        lines.append("- **Document:** none recorded")
    if a.note:
        lines.append(f"- **Note:** {md(a.note)}")
    if a.quote:
        lines += ["", md_block(a.quote, "> ")]
    lines.append("")
    return lines


def _change(event: ReviewEventRecord) -> str:
    before, after = event.before or {}, event.after or {}
    if event.action == "verdict_set":
        return f"{before.get('verdict')} → {after.get('verdict')}"
    keys = [k for k in after if before.get(k) != after.get(k)] if before else []
    if keys:
        return "; ".join(f"{k}: {before.get(k)} → {after.get(k)}" for k in keys[:4])
    return ""
