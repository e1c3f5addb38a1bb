"""``workbench claims``: the group, whose commands load on first use (see ``cli/lazy.py``)."""

from __future__ import annotations

from workbench.cli.lazy import LazyCommand, LazyGroup

claims_group = LazyGroup(
    "claims",
    help="List, show and add claims.\n\nExample: workbench claims list --status corroborated",
    lazy={
        "add": LazyCommand("workbench.cli.claims_commands:add_command",
                           "Add a claim in the desk's own words; it starts unsourced and unreviewed."),
        "kind": LazyCommand("workbench.cli.claims_commands:kind_command",
                            "Say whether a claim is about an event or a plan; the status is recomputed at once."),
        "list": LazyCommand("workbench.cli.claims_list:list_command",
                            "List claims with their corroboration status and flags, origins, verdict and awaited parties."),
        "show": LazyCommand("workbench.cli.claims_commands:show_command",
                            "Show one claim's whole dossier: status and why, reporting chains, timeline, attributions, links, history."),
    },
)
