"""The intake screen's keys, apart from the screen so its module holds behaviour only.

Each key's tooltip is what the help screen and the command palette say of it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

INTAKE_SCREEN_KEYS: list[BindingType] = [
    Binding("a", "accept", "Accept", tooltip="Accept this candidate as proposed (or as edited)"),
    Binding("x", "reject", "Reject", tooltip="Leave this candidate out"),
    Binding("e", "edit", "Edit", tooltip="Edit the claim's wording (accepts it)"),
    Binding("m", "merge", "Merge", tooltip="Merge this candidate into a stored claim (conflicting details shown)"),
    Binding("o", "source", "Source", tooltip="Choose who the article's words name: a stored source or a new one"),
    Binding("c", "concerns", "Concerns", tooltip="Choose the claims a silence is about"),
    Binding("h", "certainty", "Certainty", tooltip="Set how firmly each source puts the claim: stated, hedged, forecast"),
    Binding("A", "accept_rest", "Accept rest", tooltip="Accept every candidate still pending"),
    Binding("ctrl+s", "commit", "Store", tooltip="Store every accepted candidate, in one transaction"),
    Binding("t", "toggle_article", "Article", tooltip="Show or hide the article (narrow terminals)"),
    Binding("escape,q", "leave", "Back", tooltip="Back to the claims (asks first if something accepted is not stored)"),
    Binding("question_mark,f1", "help", "Help", show=False, tooltip="These keys explained"),
]
