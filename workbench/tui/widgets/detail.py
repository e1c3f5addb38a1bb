"""The detail pane: the selected claim's whole case, from its status explanation to its history.

The dossier arrives ready to show (``review.dossier``); this module lays it out as Rich ``Text``
(the reporting chains as a Rich ``Tree``: origin, relays, documents and rewrites, with what was
not counted and why) and passes every stored string through ``sanitize``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from rich.tree import Tree
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.corroboration import ChainNode, NodeKind
from workbench.corroboration.wording import MEMBERS_ONLY
from workbench.records import AttributionView, ClaimDossier, ClaimTakeRecord, HistoryEntry
from workbench.tui.long_text import shorten_long_texts
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.badges import palette, status_badge, verdict_text

TIMELINE_KEYS = "[ earlier · ] later"


class ClaimDetail(VerticalScroll, can_focus=True):
    """Scrollable pane showing one ``ClaimDossier`` (or a hint when none is selected)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dossier: ClaimDossier | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("No claim selected."), id="detail-body")

    def show(self, dossier: ClaimDossier | None, *, message: str = "No claim selected.") -> None:
        another_claim = dossier is None or self.dossier is None or dossier.claim.id != self.dossier.claim.id
        self.dossier = dossier
        body = self.query_one("#detail-body", Static)
        if dossier is None:
            body.update(Text(message))
        else:  # a text of megabytes would take seconds to lay out: only its start is shown
            body.update(render_dossier(shorten_long_texts(dossier), dark=self.app.current_theme.dark))
        if another_claim:  # each claim opens at its top; the same claim reloaded keeps its place
            self.scroll_home(animate=False)

    def redraw(self) -> None:
        if self.dossier is not None:
            self.show(self.dossier)


class _Blocks:
    """Paragraphs with a left indent, so wrapped lines hang under their first line."""

    def __init__(self) -> None:
        self.blocks: list[Padding] = []

    def add(self, text: Text, indent: int = 0) -> Text:
        text.end = ""
        self.blocks.append(Padding(text, (0, 0, 0, indent)))
        return text

    def block(self, renderable: RenderableType, indent: int = 0) -> None:
        self.blocks.append(Padding(renderable, (0, 0, 0, indent)))

    def line(self, *parts: Text | str | tuple[str, str], indent: int = 0) -> Text:
        return self.add(Text.assemble(*parts), indent)

    def gap(self) -> None:
        self.blocks.append(Padding(Text(""), 0))


def render_dossier(dossier: ClaimDossier, *, dark: bool) -> Group:
    """The whole case as indented ``Text`` paragraphs; every stored string passes through ``sanitize``."""
    colours = palette(dark)
    heading = f"bold {colours['heading']}"
    muted = colours["muted"]
    claim = dossier.claim
    out = _Blocks()

    def section(title: str) -> None:
        out.gap()
        out.line((title, heading))

    out.line((f"Claim #{claim.id}", heading), (f"  {sanitize(claim.key)}  ·  version {claim.version}", muted))
    out.line((sanitize(claim.text, multiline=True), "bold"))
    facts = []
    if claim.place:
        facts.append(f"place: {sanitize(claim.place)}")
    if claim.event_date:
        facts.append(f"event date: {_day(claim.event_date)}")
    if claim.tags:
        facts.append("tags: " + ", ".join(sanitize(tag) for tag in claim.tags))
    facts.append(f"last change: {_minute(claim.updated_at)}")
    out.line((" · ".join(facts), muted))
    if claim.take is not None and claim.take.running():
        _take_line(out, claim.take, colours["single_source"], muted)

    assessment = dossier.assessment
    section("Status")
    badge = status_badge(assessment.status.value, dark)
    flags = [(f"  {sanitize(flag)}", f"bold {colours['contested']}") for flag in dossier.flags]
    out.line(badge, *flags, ("  ·  verdict: ", muted), verdict_text(claim.verdict, dark), (f"  ·  {dossier.kind_label}", muted))
    if dossier.as_of is not None:
        left_out = f"; {assessment.left_out} later attribution(s) left out" if assessment.left_out else ""
        out.line((f"As of {_day(dossier.as_of)}{left_out}", f"bold {colours['single_source']}"),
                 (f"  ({TIMELINE_KEYS}; now: {claim.status})", muted))
    out.line(sanitize(dossier.reason))
    if assessment.origins:
        out.line((f"Independent origins counted ({len(assessment.origins)}):", "bold"))
        for number, origin in enumerate(assessment.origins, start=1):
            stances = ", ".join(sorted(s.value for s in origin.stances))
            notes = ([] if origin.own_position else [MEMBERS_ONLY]) + ([origin.joined_because] if origin.joined_because else [])
            out.line(f"{number}. ", (sanitize(origin.name), "bold"), (f" ({stances})", muted),
                     *((f" — {sanitize(note)}", muted) for note in notes), indent=2)
            for counted in origin.attributions:
                out.line((f"#{counted.attribution_id} ", muted), sanitize(counted.source_name), (": ", muted),
                         (sanitize(counted.reason), muted), indent=5)
    if assessment.uncounted:
        out.line(("Not counted:", "bold"))
        for item in assessment.uncounted:
            out.line((f"#{item.attribution_id} ", muted), sanitize(item.source_name),
                     (f" ({item.stance.value}): ", muted), sanitize(item.reason), indent=2)
    if assessment.awaiting:
        out.line(("Awaiting: ", f"bold {colours['single_source']}"),
                 "; ".join(sanitize(party.describe()) for party in assessment.awaiting))
    if assessment.no_longer_awaited:
        out.line(("No longer awaited (spoke since):", "bold"))
        for party in assessment.no_longer_awaited:
            out.line(sanitize(party.name), (": " + sanitize(party.history), muted), indent=2)
    if dossier.timeline_text:
        out.line(("Timeline: ", "bold"), sanitize(dossier.timeline_text), (f"  ({TIMELINE_KEYS})", muted))

    if dossier.chains:
        section(f"Reporting chains ({sum(1 for tree in dossier.chains if tree.counted)} counted)")
        for tree in dossier.chains:
            out.block(_chain_tree(tree, colours), indent=2)

    section(f"Attributions ({len(dossier.attributions)})")
    if not dossier.attributions:
        out.line(("None yet: press a to add one.", muted))
    for group in dossier.by_stance:
        out.line((f"{group.heading} ({len(group.attributions)})", "bold underline"))
        for attribution in group.attributions:
            _attribution(out, attribution, muted)

    section(f"Linked claims ({len(dossier.linked)})")
    if not dossier.linked:
        out.line(("None.", muted))
    for link in dossier.linked:
        if link.outgoing:
            lead = f"this claim {link.relation_label} #{link.other_claim_id}: "
        else:
            lead = f"#{link.other_claim_id} {link.relation_label} this claim: "
        out.line((lead, muted), sanitize(link.other_claim_text), indent=2)
        if link.note:
            out.line(("note: ", muted), (sanitize(link.note), muted), indent=6)

    section(f"History ({len(dossier.entries)}, newest first)")
    for entry in reversed(dossier.entries):
        _history(out, entry, muted)
    return Group(*out.blocks)


def _take_line(out: _Blocks, take: ClaimTakeRecord, colour: str, muted: str) -> None:
    """"In review by lina since 10:42 (until 11:12)", and whose take it replaced and why."""
    described = sanitize(take.describe())
    line = out.line((f"✎ {described[:1].upper()}{described[1:]}", f"bold {colour}"),
                    (f" (until {take.expires_at:%H:%M}; w: take, release or take over)", muted))
    if take.taken_over_from is not None:
        line.append(f" · taken over from {sanitize(take.taken_over_from)}", style=muted)
        if take.reason:
            line.append(f": {sanitize(take.reason)}", style=muted)


def _chain_tree(node: ChainNode, colours: dict[str, str]) -> Tree:
    """One reporting chain as a Rich tree; labels and reasons are stored text, so sanitized."""
    tree = Tree(_node_text(node, colours), guide_style=colours["muted"])
    _grow(tree, node.children, colours)
    return tree


def _grow(tree: Tree, children: tuple[ChainNode, ...], colours: dict[str, str]) -> None:
    for child in children:
        _grow(tree.add(_node_text(child, colours)), child.children, colours)


def _node_text(node: ChainNode, colours: dict[str, str]) -> Text:
    muted = colours["muted"]
    if node.kind in (NodeKind.ORIGIN, NodeKind.NOT_COUNTED):
        style = "bold" if node.counted else f"bold {colours['refuted']}"
        text = Text.assemble((sanitize(node.label), style))
        if node.note:
            text.append(("  ✗ " if not node.counted else "  — ") + sanitize(node.note), style=muted)
        return text
    if node.kind is NodeKind.ATTRIBUTION:
        text = Text(sanitize(node.label), style="" if node.counted else muted)
        if not node.counted and node.note:
            text.append(Text("  ✗ " + sanitize(node.note), style=colours["refuted"]))
        return text
    return Text(sanitize(node.label), style=muted)


def _attribution(out: _Blocks, attribution: AttributionView, muted: str) -> None:
    details = []
    if attribution.role:
        details.append(sanitize(attribution.role))
    if attribution.affiliation:
        how = attribution.affiliation_kind_label or "affiliated with"
        details.append(f"{how} {sanitize(attribution.affiliation)}")
    details.append(f"grade {attribution.grade_label}")
    out.line((sanitize(attribution.source_name), "bold"), (" — " + " · ".join(details), muted), indent=2)
    facts = [f"credibility {attribution.credibility_label}"]
    facts += [label for label in (attribution.mode_label, attribution.certainty_label) if label is not None]
    if attribution.as_of:
        facts.append(f"as of {_day(attribution.as_of)}")
    if attribution.relayed_via:
        facts.append(f"relayed via {sanitize(attribution.relayed_via)}")
    out.line((" · ".join(facts) + f"  #{attribution.id}", muted), indent=4)
    if attribution.quote:
        out.line("“", (sanitize(attribution.quote, multiline=True), "italic"), "”", indent=4)
    if attribution.quote_flag:
        hint = "  (W: accept the new wording)" if attribution.anchor_state == "changed" else ""
        out.line(("! quote " + sanitize(attribution.quote_flag), "bold"), (hint, muted), indent=4)
    document = attribution.document
    if document is not None:
        where = [f"“{sanitize(document.title)}”"]
        if document.outlet:
            where.append(sanitize(document.outlet))
        if document.published:
            where.append(_day(document.published))
        if document.rewrite_of:
            where.append(f"rewrite of “{sanitize(document.rewrite_of)}”")
        out.line(("in " + " — ".join(where), muted), indent=4)
    if attribution.note:
        out.line(("note: " + sanitize(attribution.note, multiline=True), muted), indent=4)


def _history(out: _Blocks, entry: HistoryEntry, muted: str) -> None:
    text = Text.assemble((f"{_minute(entry.at)} ", muted), (sanitize(entry.reviewer), "bold"), f"  {sanitize(entry.action)}")
    if entry.change:
        text.append(f" {sanitize(entry.change)}")
    if entry.reason:
        text.append(" — ", style=muted)
        text.append(sanitize(entry.reason, multiline=entry.is_note))
    out.add(text, indent=2)


def _day(value: date | datetime) -> str:
    return value.strftime("%Y-%m-%d")


def _minute(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")
