"""The claim list: one row per claim, filled a page at a time, never the whole table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist

from workbench.records import ClaimSummary
from workbench.tui.sanitize import sanitize
from workbench.tui.widgets.badges import flag_text, palette, status_badge, verdict_text

NEAR_END = 15
WIDE = 90  # from this many cells the table shows every column
TALL = 30  # from this many lines each claim gets two, so more of its text shows


@dataclass(frozen=True)
class _Column:
    key: str
    label: str
    width: int  # 0: takes what is left


_WIDE_COLUMNS = (
    _Column("status", "Status", 14),
    _Column("text", "Claim", 0),
    _Column("origins", "Orig", 4),
    _Column("awaiting", "Awaiting", 14),
    _Column("verdict", "Verdict", 11),
    _Column("changed", "Changed", 10),
)
# Narrow: the status as its symbol (the counts bar above names each one) and no awaited
# parties (the detail pane lists them), so the claim's own words get most of the line.
_NARROW_COLUMNS = (
    _Column("status", "", 1),
    _Column("text", "Claim", 0),
    _Column("origins", "Or", 2),
    _Column("verdict", "Verdict", 11),
)

_Layout = tuple[tuple[_Column, ...], int, int]  # columns, width of the claim text, lines per row


class ClaimTable(DataTable[Text]):
    """Claims as rows (key = claim id), in the order the pages arrived."""

    BINDINGS = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last loaded", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.claims: dict[int, ClaimSummary] = {}
        self._columns_for: _Layout | None = None
        self.exhausted = True

    # -- what is shown ---------------------------------------------------------------------

    def show(self, claims: list[ClaimSummary], *, append: bool, exhausted: bool, select_id: int | None = None) -> None:
        """Replace the rows (or add a page), keeping the cursor on the same claim if it is still there."""
        self.exhausted = exhausted
        if not append:
            keep = select_id if select_id is not None else self.selected_id
            self.claims = {}
            self.clear()
            self._add(claims)
            self._restore_cursor(keep)
        else:
            self._add([claim for claim in claims if claim.id not in self.claims])

    def update_claim(self, claim: ClaimSummary) -> None:
        """Redraw one claim's row in place (after a review action changed it)."""
        if claim.id not in self.claims or self.claims[claim.id] == claim:
            return
        self.claims[claim.id] = claim
        assert self._columns_for is not None
        for column, value in zip(self._columns_for[0], self._cells(claim), strict=True):
            self.update_cell(str(claim.id), column.key, value)

    def remove_claim(self, claim_id: int) -> None:
        if claim_id not in self.claims:
            return
        del self.claims[claim_id]
        self.remove_row(str(claim_id))

    @property
    def selected_id(self) -> int | None:
        if not self.row_count:
            return None
        try:
            row_key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except (CellDoesNotExist, KeyError):  # the table is being rebuilt under the cursor
            return None
        return int(row_key.value) if row_key.value is not None else None

    @property
    def near_end(self) -> bool:
        """More rows exist and the cursor is close enough to the last loaded one to fetch them."""
        return not self.exhausted and self.row_count > 0 and self.cursor_row >= self.row_count - NEAR_END

    @property
    def last_id(self) -> int | None:
        return next(reversed(self.claims), None)

    def select_claim(self, claim_id: int) -> bool:
        try:
            index = self.get_row_index(str(claim_id))
        except RowDoesNotExist:
            return False
        self.move_cursor(row=index)
        return True

    def redraw(self) -> None:
        """Rebuild every row (after a theme change or a resize that changes the columns)."""
        keep = self.selected_id
        self._columns_for = None
        self._add([])
        self._restore_cursor(keep)

    # -- internals -------------------------------------------------------------------------

    def _add(self, claims: list[ClaimSummary]) -> None:
        layout = self._layout()
        if layout != self._columns_for:
            claims = [*self.claims.values(), *claims]
            self.claims = {}
            self._columns_for = layout
            columns, text_width, _lines = layout
            self.clear(columns=True)
            for column in columns:
                self.add_column(Text(column.label), width=column.width or text_width, key=column.key)
        lines = self._columns_for[2] if self._columns_for else 1
        for claim in claims:
            self.claims[claim.id] = claim
            self.add_row(*self._cells(claim), key=str(claim.id), height=lines)

    def _restore_cursor(self, claim_id: int | None) -> None:
        if claim_id is not None and self.select_claim(claim_id):
            return
        if self.row_count:
            self.move_cursor(row=0)

    def _layout(self) -> _Layout:
        width = self.size.width or (self.app.size.width if self.is_attached else 120)
        columns = _WIDE_COLUMNS if width >= WIDE else _NARROW_COLUMNS
        fixed = sum(c.width for c in columns if c.width) + 2 * self.cell_padding * len(columns)
        text_width = max(16, width - fixed - 1)  # 1: the vertical scrollbar
        return columns, text_width, 2 if self.size.height >= TALL else 1

    def _cells(self, claim: ClaimSummary) -> list[Text]:
        assert self._columns_for is not None
        columns, text_width, lines = self._columns_for
        dark = self.app.current_theme.dark
        muted = palette(dark)["muted"]
        # The flags' symbols (the counts bar above names each one) right beside the status, before
        # the claim's text: a column of its own would take the room of the text on every row.
        marks = _marks(claim, flag_text(claim.flags, dark, short=True))
        marks = Text.assemble(_take_mark(claim, columns is _WIDE_COLUMNS, palette(dark)["single_source"]), marks)
        values = {
            "status": status_badge(claim.status, dark, short=True, symbol_only=columns is _NARROW_COLUMNS),
            "text": Text.assemble(marks, self._claim_text(claim.text, text_width - marks.cell_len, lines), end=""),
            "origins": Text(str(claim.origins), justify="right"),
            "awaiting": _clip(sanitize((claim.awaiting or "")[:15]), 14, style=muted),
            "verdict": verdict_text(claim.verdict, dark, short=True),
            "changed": Text(claim.updated_at.strftime("%Y-%m-%d"), style=muted),
        }
        return [values[column.key] for column in columns]

    def _claim_text(self, text: str, width: int, lines: int) -> Text:
        """The claim's first ``lines`` lines at ``width``, with … where it goes on."""
        start = sanitize(text[: width * lines * 2])  # only what can show: a text may be megabytes
        if lines == 1:
            return _clip(start, width)
        wrapped = Text(start).wrap(self.app.console, width, overflow="fold")
        shown = list(wrapped)[:lines]
        if len(wrapped) > lines or len(text) > len(start):
            shown[-1] = _clip(shown[-1].plain.rstrip() + " …", width)
        return Text("\n").join(shown)

    def on_resize(self, event: events.Resize) -> None:
        if self._columns_for is not None and self._layout() != self._columns_for:
            self.redraw()


def _take_mark(claim: ClaimSummary, wide: bool, colour: str) -> Text:
    """Who is on the claim, before its text: "✎ lina since 10:42" (narrow: "✎ lina"); nothing
    when nobody is, or the take has expired since the row was read."""
    take = claim.take
    if take is None or not take.running():
        return Text("")
    name = sanitize(take.reviewer[:40])
    shown = f"✎ {name[:14]} since {take.taken_at:%H:%M} " if wide else f"✎ {name[:8]} "
    return Text(shown, style=f"bold {colour}")


def _marks(claim: ClaimSummary, flags: Text) -> Text:
    """What goes before a claim's text: the symbols of its flags (disputed, superseded,
    fulfilled), and "!" when a quote changed or was orphaned in its document."""
    marks = flags.copy()
    if claim.quote_flags is not None:
        marks.append("!", style="bold")
    if marks:
        marks.append(" ")
    return marks


def _clip(text: str, width: int, style: str = "") -> Text:
    clipped = Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")
    clipped.truncate(width, overflow="ellipsis")
    return clipped
