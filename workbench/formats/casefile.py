"""A case file: one claim's whole dossier as a Markdown document a desk can file or share.

Sections, always in this order and always present (an empty one says so): the claim and its
details, the corroboration status with its explanation, the reporting chains as a Mermaid
diagram, the status timeline, every attribution with its source's grades and its document,
the links to other claims, and the review history.

Everything in it except the headings comes from users and imported files, so every value is
escaped: control and bidi characters are made visible (``text_safety.safe_text``), Markdown
punctuation is backslash-escaped and ``<``, ``>``, ``&`` become HTML entities, so no claim
text, quote or note can add a heading, a link, an image, raw HTML or a code span. URLs become
links only when they are plain ``http(s)`` addresses. In the Mermaid diagram (our own fenced
block) every character of a label outside a small safe set becomes a Mermaid entity code
(``#34;``), so no label can close its quotes, its node or the fence.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from sqlalchemy.orm import Session

from workbench.corroboration import ChainNode, NodeKind, wording
from workbench.records import AttributionView, ClaimDossier
from workbench.review.dossier import get_dossier
from workbench.text_safety import safe_text

SECTIONS = ("Claim", "Status", "Reporting chains", "Timeline", "Attributions", "Links", "Review history")

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^:])")
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\[\]()]+", re.IGNORECASE)
_MERMAID_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:'()-")


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
    """The dossier as Markdown: it only lays out what ``get_dossier`` built, escaping stored text."""
    claim = dossier.claim
    lines: list[str] = [f"# Case file: claim {claim.id}", ""]

    lines += ["## Claim", "", md_block(claim.text, "> "), ""]
    lines.append(f"- **Key:** {md(claim.key)}")
    lines.append(f"- **Kind:** {dossier.kind_label}")
    lines.append(f"- **Verdict:** {md(claim.verdict)}")
    lines.append(f"- **Status:** {md(claim.status)} ({claim.origins} independent origin{'s' if claim.origins != 1 else ''})")
    for flag in dossier.flags:
        lines.append(f"- **Flag:** {md(flag)}")
    if claim.awaiting:
        lines.append(f"- **Awaiting:** {md(claim.awaiting)}")
    lines.append(f"- **Tags:** {', '.join(md(t) for t in claim.tags) if claim.tags else 'none'}")
    lines.append(f"- **Place:** {md(claim.place) if claim.place else 'not given'}")
    lines.append(f"- **Event date:** {claim.event_date.isoformat() if claim.event_date else 'not given'}")
    lines.append(f"- **Last change:** {claim.updated_at:%Y-%m-%d %H:%M} UTC")
    lines.append("")

    lines += ["## Status", "", f"**{md(dossier.summary)}**", ""]
    # An indented code block shows the explanation exactly as `claims show` prints it; every
    # line is one line (safe_text turns newlines into visible symbols), so nothing can end
    # the block early, and nothing inside a code block is interpreted.
    for line in dossier.explanation:
        lines.append("    " + safe_text(line))
    lines.append("")

    lines += ["## Reporting chains", ""]
    if dossier.chains:
        lines += mermaid_chains(dossier.chains)
        lines.append("")
    else:
        lines += ["No attribution is part of a reporting chain.", ""]

    lines += ["## Timeline", ""]
    if dossier.timeline:
        lines += [md(dossier.timeline_text), "", "| from | status | origins | flags |", "|---|---|---|---|"]
        for change in dossier.timeline:
            since = wording.day(change.since) if change.since else "the start"
            flags = md("; ".join(change.flags)) if change.flags else ""
            lines.append(f"| {since} | {change.status.value} | {change.origin_count} | {flags} |")
        lines.append("")
    else:
        lines += ["No evidence yet.", ""]

    lines += ["## Attributions", ""]
    if not dossier.attributions:
        lines += ["No attributions recorded.", ""]
    for group in dossier.by_stance:
        lines += [f"### {group.heading} ({len(group.attributions)})", ""]
        for attribution in group.attributions:
            lines += _attribution(attribution)
    lines += ["## Links", ""]
    if not dossier.linked:
        lines += ["No links to other claims.", ""]
    for link in dossier.linked:
        if link.outgoing:
            head = f"This claim **{link.relation_label}** claim {link.other_claim_id}"
        else:
            head = f"Claim {link.other_claim_id} **{link.relation_label}** this claim"
        note = f" (note: {md(link.note)})" if link.note else ""
        lines.append(f"- {head}: {md(link.other_claim_text)}{note}")
    if dossier.linked:
        lines.append("")

    lines += ["## Review history", ""]
    if not dossier.entries:
        lines += ["No review events.", ""]
    else:
        lines += ["| when (UTC) | reviewer | action | change | reason |", "|---|---|---|---|---|"]
        for entry in dossier.entries:
            lines.append(
                f"| {entry.at:%Y-%m-%d %H:%M} | {md(entry.reviewer)} | {md(entry.action)} "
                f"| {md(entry.change)} | {md(entry.reason or '')} |"
            )
        lines.append("")
    return "\n".join(lines)


def _attribution(a: AttributionView) -> list[str]:
    # Labels (kind, grade, credibility, mode) are the workbench's own words; the rest is escaped.
    who = md(a.source_name)
    if a.role:
        who += f", {md(a.role)}"
    lines = [f"#### #{a.id} {who}", ""]
    lines.append(f"- **Source:** {md(a.source_name)} ({a.source_kind_label}), key {md(a.source_key)}")
    if a.affiliation:
        how = f"{a.affiliation_kind_label} " if a.affiliation_kind_label else ""
        lines.append(f"- **Affiliation:** {how}{md(a.affiliation)}")
    lines.append(f"- **Source reliability:** {a.grade_label}")
    lines.append(f"- **Information credibility:** {a.credibility_label}")
    if a.mode_label is not None:
        lines.append(f"- **Mode:** {a.mode_label}")
    if a.certainty_label is not None:
        lines.append(f"- **Certainty:** {a.certainty_label}")
    if a.relayed_via:
        lines.append(f"- **Relayed via:** {md(a.relayed_via)}")
    if a.as_of:
        lines.append(f"- **As of:** {a.as_of.isoformat()}")
    if a.document:
        d = a.document
        parts = [md(d.title)]
        if d.outlet:
            parts.append(md(d.outlet))
        if d.byline:
            parts.append(f"by {md(d.byline)}")
        if d.published:
            parts.append(d.published.isoformat())
        lines.append(f"- **Document:** {' · '.join(parts)}")
        if d.url:
            lines.append(f"- **URL:** {md_url(d.url)}")
        if d.rewrite_of:
            lines.append(f"- **Rewrite of:** {md(d.rewrite_of)}")
    else:
        lines.append("- **Document:** none recorded")
    if a.note:
        lines.append(f"- **Note:** {md(a.note)}")
    if a.anchor_label:
        # The difference of a changed quote quotes the document: escaped like every stored text.
        warning = "⚠ " if a.anchor_state in ("changed", "orphaned") else ""
        lines.append(f"- **Quote in the document:** {warning}{md(a.anchor_label)}")
    if a.quote:
        lines += ["", md_block(a.quote, "> ")]
    lines.append("")
    return lines


def mermaid_chains(trees: tuple[ChainNode, ...]) -> list[str]:
    """The reporting chains as a Mermaid flowchart in its own fenced block.

    Origins lead to the relays, documents and rewrites that carried their statements, down to
    the attributions; what was not counted is drawn dashed, with its reason in the label.
    """
    lines = ["```mermaid", "flowchart LR"]
    counter = iter(range(1, 10**9))
    uncounted: list[str] = []

    def draw(node: ChainNode, parent: str | None) -> None:
        name = f"n{next(counter)}"
        label = node.label if node.counted or not node.note else f"{node.label} ✗ {node.note}"
        if node.kind is NodeKind.ORIGIN and node.counted and node.note:
            label = f"{node.label} — {node.note}"
        shape = ('(["', '"])') if node.kind in (NodeKind.ORIGIN, NodeKind.NOT_COUNTED) else ('["', '"]')
        lines.append(f"    {name}{shape[0]}{mermaid_text(label)}{shape[1]}")
        if parent is not None:
            lines.append(f"    {parent} --> {name}")
        if not node.counted:
            uncounted.append(name)
        for child in node.children:
            draw(child, name)

    for tree in trees:
        draw(tree, None)
    if uncounted:
        lines.append("    classDef uncounted stroke-dasharray: 5 5")
        lines.append(f"    class {','.join(uncounted)} uncounted")
    lines.append("```")
    return lines


def mermaid_text(value: str) -> str:
    """A node label Mermaid shows as written: letters, digits and plain punctuation stay, every
    other character (quotes, brackets, ``#``, backticks, ``<``, newlines, non-ASCII) becomes
    its entity code, so stored text can never end the label, the node or the block."""
    return "".join(char if char in _MERMAID_PLAIN else f"#{ord(char)};" for char in safe_text(value))

