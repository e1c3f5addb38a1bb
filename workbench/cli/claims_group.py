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
        "release": LazyCommand("workbench.cli.takes_commands:release_command",
                               "Give back a claim you took."),
        "take": LazyCommand("workbench.cli.takes_commands:take_command",
                            "Take a claim: the others see it is in review by you, until the take expires."),
        "take-over": LazyCommand("workbench.cli.takes_commands:take_over_command",
                                 "Take a claim someone else has: the reason is required, and the review log keeps it."),
        "takes": LazyCommand("workbench.cli.takes_commands:takes_command",
                             "List who is on what: every take still running, oldest first (expired takes are free)."),
        "show": LazyCommand("workbench.cli.claims_commands:show_command",
                            "Show one claim's whole dossier: status and why, reporting chains, timeline, attributions, links, history."),
    },
)
