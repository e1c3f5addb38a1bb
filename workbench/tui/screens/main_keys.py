"""The main screen's keys, in the order the key bar, the help screen and the palette list them.

They live apart from the screen so the screen's module holds behaviour only; each key's tooltip
is what the help screen and the command palette say of it.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from workbench.tui.long_text import FULL_TEXT_KEY

MAIN_SCREEN_KEYS: list[BindingType] = [
    Binding("question_mark,f1", "help", "Help", tooltip="Keys, statuses, verdicts and grades explained"),
    Binding("v", "verdict", "Verdict", tooltip="Set the verdict on this claim (asks for the reason)"),
    Binding("c", "note", "Note", tooltip="Add a note to this claim's history"),
    Binding("a", "attribution", "Attribute", tooltip="Add an attribution: who asserts or denies it, where"),
    Binding("s", "silence", "Silence", tooltip="Record: no statement from a party, as of today"),
    Binding("g", "grade", "Grade", tooltip="Grade a source's reliability, A to F"),
    Binding("l", "link", "Link",
            tooltip="Link to another claim (duplicate, contradicts, supports, refines, supersedes, fulfils)"),
    Binding("m", "merge", "Merge", tooltip="Merge a duplicate claim into another"),
    Binding("u", "undo", "Undo", tooltip="Undo your last action"),
    Binding("W", "accept_wording", "New wording", show=False,
            tooltip="Accept a corrected document's new wording of a quote flagged changed"),
    Binding("i", "intake", "Intake", tooltip="Take in a news article: review its candidate claims, then store them"),
    Binding("w", "take", "Take", show=False,  # the key bar must fit two lines at 80 columns
            tooltip="Take this claim (others see you are on it); yours: release it; theirs: take it over"),
    Binding("n", "next_unreviewed", "Next", tooltip="Jump to the next claim without a verdict nobody else has taken"),
    # "/" and "f" move the focus, so the app must handle them as it routes them (priority), not
    # after the keys typed behind them have gone to the list; in the search box they are letters.
    Binding("slash", "search", "Search", priority=True,
            tooltip="Search as you type: claim text, quotes, source names"),
    Binding("f", "filters", "Filters", priority=True,
            tooltip="Filter by status, verdict or flag (arrows move, Enter picks)"),
    Binding("left_square_bracket", "timeline(-1)", "Earlier",
            tooltip="The claim's status as of its previous change (the status timeline)"),
    Binding("right_square_bracket", "timeline(1)", "Later",
            tooltip="The claim's status as of its next change, up to now"),
    Binding("less_than_sign", "resize_list(-1)", "Smaller list", show=False,
            tooltip="Give the detail pane more room (the list less)"),
    Binding("greater_than_sign", "resize_list(1)", "Larger list", show=False,
            tooltip="Give the claim list more room (the detail pane less)"),
    Binding(FULL_TEXT_KEY, "full_text", "Full text", show=False,
            tooltip="Read the whole of a text the detail pane shows only the start of"),
    Binding("r,f5", "reload", "Reload", show=False, tooltip="Read the list, counts and claim again"),
    Binding("escape", "back", "Back / clear", show=False,
            tooltip="Back to the list; clear the search, then the filters"),
    Binding("q", "quit", "Quit", show=False, tooltip="Quit"),
]
