"""The reporting chains as a tree the TUI and the case file can draw.

origin -> relays -> documents -> rewrites -> attributions, with what was not counted (and
why) placed in the chain it would have belonged to, and whatever has no chain under one
"Not counted" root. Plain data: the TUI turns it into a Textual ``Tree``, the case file into
a Mermaid diagram; ``tree_lines`` draws it as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from workbench.corroboration.results import Assessment, Carriage, Origin
from workbench.corroboration.wording import MEMBERS_ONLY
from workbench.vocabulary import Certainty, Stance


class NodeKind(StrEnum):
    ORIGIN = "origin"
    RELAY = "relay"
    DOCUMENT = "document"
    REWRITE = "rewrite"
    ATTRIBUTION = "attribution"
    NOT_COUNTED = "not_counted"  # the root for what belongs to no chain


@dataclass(frozen=True)
class ChainNode:
    """One box of the drawing; ``note`` says how it counts, or why it does not."""

    kind: NodeKind
    label: str
    counted: bool = True
    note: str = ""
    attribution_id: int | None = None
    children: tuple[ChainNode, ...] = ()


@dataclass(frozen=True)
class _Leaf:
    attribution_id: int
    source_name: str
    stance: Stance
    certainty: Certainty
    counted: bool
    note: str
    carriage: Carriage

    def node(self) -> ChainNode:
        certainty = "" if self.certainty is Certainty.STATED else f" ({self.certainty.value})"
        return ChainNode(
            NodeKind.ATTRIBUTION,
            f"#{self.attribution_id} {self.source_name} {self.stance.value}{certainty}",
            self.counted,
            self.note,
            self.attribution_id,
        )


def reporting_chains(assessment: Assessment) -> tuple[ChainNode, ...]:
    """One tree per reporting chain (counted ones first), then the "Not counted" root if any."""
    leaves: dict[str, list[_Leaf]] = {}
    counted_names = {name: origin for origin in assessment.origins for name in (origin.name, *origin.joined)}
    for origin in assessment.origins:
        leaves[origin.name] = [
            _Leaf(c.attribution_id, c.source_name, c.stance, c.certainty, True, c.reason, c.carriage)
            for c in origin.attributions
        ]
    orphans: list[_Leaf] = []
    uncounted_chains: list[str] = []
    for item in assessment.uncounted:
        leaf = _Leaf(item.attribution_id, item.source_name, item.stance, item.certainty, False, item.reason, item.carriage)
        if item.chain_name is None:
            orphans.append(leaf)
            continue
        owner = counted_names.get(item.chain_name)
        name = owner.name if owner is not None else item.chain_name
        if name not in leaves:
            leaves[name] = []
            uncounted_chains.append(name)
        leaves[name].append(leaf)
    trees = [_origin_node(origin, leaves[origin.name]) for origin in assessment.origins]
    trees += [
        ChainNode(NodeKind.ORIGIN, name, False, "not counted: nothing it carries counts", None, _carried(leaves[name]))
        for name in uncounted_chains
    ]
    if orphans:
        trees.append(ChainNode(NodeKind.NOT_COUNTED, "Not counted", False, "", None, tuple(leaf.node() for leaf in orphans)))
    return tuple(trees)


def _origin_node(origin: Origin, leaves: list[_Leaf]) -> ChainNode:
    stances = ", ".join(sorted(s.value for s in origin.stances))
    notes = ([] if origin.own_position else [MEMBERS_ONLY]) + ([origin.joined_because] if origin.joined_because else [])
    return ChainNode(NodeKind.ORIGIN, f"{origin.name} ({stances})", True, "; ".join(notes), None, _carried(leaves))


def _carried(leaves: list[_Leaf]) -> tuple[ChainNode, ...]:
    """Group a chain's attributions by who relayed them, then by document and its rewrites."""
    by_relays: dict[tuple[str, ...], list[_Leaf]] = {}
    for leaf in sorted(leaves, key=lambda item: item.attribution_id):
        by_relays.setdefault(leaf.carriage.relays, []).append(leaf)
    nodes: list[ChainNode] = []
    for relays in sorted(by_relays, key=lambda r: (len(r), r)):
        documents = _documents(by_relays[relays])
        if relays:
            nodes.append(ChainNode(NodeKind.RELAY, "passed on by " + " → ".join(relays), children=documents))
        else:
            nodes.extend(documents)
    return tuple(nodes)


def _documents(leaves: Iterable[_Leaf]) -> tuple[ChainNode, ...]:
    loose: list[ChainNode] = []
    originals: dict[int, tuple[str, list[ChainNode], dict[int, tuple[str, list[ChainNode]]]]] = {}
    for leaf in leaves:
        carriage = leaf.carriage
        if carriage.document_id is None:
            loose.append(leaf.node())
            continue
        root = carriage.original_id if carriage.original_id is not None else carriage.document_id
        root_title = carriage.original_title if carriage.original_id is not None else carriage.document_title
        entry = originals.setdefault(root, (root_title or f"document #{root}", [], {}))
        if carriage.original_id is None:
            entry[1].append(leaf.node())
        else:
            title = carriage.document_title or f"document #{carriage.document_id}"
            entry[2].setdefault(carriage.document_id, (title, []))[1].append(leaf.node())
    nodes = list(loose)
    for title, own, rewrites in originals.values():
        rewrite_nodes = [ChainNode(NodeKind.REWRITE, f"rewrite “{t}”", children=tuple(kids)) for t, kids in rewrites.values()]
        nodes.append(ChainNode(NodeKind.DOCUMENT, f"“{title}”", children=(*own, *rewrite_nodes)))
    return tuple(nodes)


def tree_lines(trees: Iterable[ChainNode]) -> list[str]:
    """The trees drawn with box characters; not-counted boxes say why, counted leaves stay short."""
    out: list[str] = []
    for tree in trees:
        out.append(_line(tree))
        _draw_children(tree.children, "", out)
    return out


def _draw_children(children: tuple[ChainNode, ...], prefix: str, out: list[str]) -> None:
    for index, child in enumerate(children):
        last = index == len(children) - 1
        out.append(f"{prefix}{'└─ ' if last else '├─ '}{_line(child)}")
        _draw_children(child.children, prefix + ("   " if last else "│  "), out)


def _line(node: ChainNode) -> str:
    if not node.counted and node.note:
        return f"{node.label} ✗ {node.note}"
    if node.kind is NodeKind.ORIGIN and node.note:
        return f"{node.label} — {node.note}"
    return node.label
