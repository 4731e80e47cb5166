"""Seats in play: who is connected (and on how many connections), since when one is gone, and
which are played by control (nobody has joined them since STARTEX)."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from tabletop.consoles.describe import BADGES, badge_side, side_badge
from tabletop.consoles.model import ControlView
from tabletop.consoles.widgets.fit import fit
from tabletop.phrasebook import section

COLUMNS = ("side", "role", "conn", "seat")
ROLE_LINES = 2  # a long role's name wraps to two lines before it is shortened with …
ROLE_AT_LEAST = 16  # cells: on a narrow table the seat's id is shortened first, down to this for the role
SIDE = 2 + max(3, *map(len, BADGES.values()))  # the side badge with its blanks: " JP  ", " EVAL "
GAP = 1  # the blank after each column (the table's own padding, 2 a column, would leave the role less)


class SeatsTable(DataTable):
    """One row per seat in play (evaluators once they join). Parents call `show(view)`.

    Every column is as wide as its widest cell, the seat's id included; the role's name takes the
    rest of the width, wraps and, past two lines, ends in "…": nothing is cut silently."""

    DEFAULT_CSS = """
    SeatsTable { height: 1fr; border: round $primary-darken-2; }
    SeatsTable:focus { border: round $accent; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", cell_padding=0, **kwargs)  # one blank after each column: GAP
        self.border_title = "Seats"
        self.lang = "en"
        self._cells: dict[str, tuple] = {}
        self._widths: dict[str, int | None] = {}  # the columns' widths, the gap included
        self._text_widths: dict[str, int] = {}  # what their text may take
        self._view: ControlView | None = None
        self.connections: dict[str, int] = {}  # seat -> open connections (control's `connections` list)

    def on_mount(self) -> None:
        self._add_columns()

    def on_resize(self) -> None:
        if self._view is not None:
            self.show(self._view)

    def _add_columns(self) -> None:
        w = section("consoles.seats_table", self.lang)
        self.border_title = w["title"]
        # The role's name first and the id last (#15); the connection's width never changes.
        for key, label in zip(COLUMNS, ("", w["role"], w["status"], w["seat"])):
            self.add_column(label, key=key, width=self._widths.get(key))

    def relabel(self) -> None:
        """Rebuild the table in the current language (the parent then calls `show` again)."""
        self._cells.clear()
        self.clear(columns=True)
        self._add_columns()

    def _layout(self, seats: list[str], roles: dict[str, str]) -> None:
        """Column widths for this width: the id and the connection whole, the role the rest."""
        w = section("consoles.seats_table", self.lang)
        conn = max(cell_len(t) for t in (w["status"], w["on"], w("on_many", n=9), w["off"], w["played"],
                                          w("gone", at="00:00")))
        seat = max([cell_len(w["seat"]), *(cell_len(s) for s in seats)])
        room = self.size.width - self.styles.scrollbar_size_vertical - GAP * (len(COLUMNS) - 1) - SIDE
        longest = max([cell_len(w["role"]), *(cell_len(r) for r in roles.values())])
        short = min(longest, ROLE_AT_LEAST) - (room - conn - seat)  # what the id gives up on a narrow table
        if short > 0:
            seat = max(cell_len(w["seat"]), seat - short)
        role = max(cell_len(w["role"]), min(longest, room - conn - seat))
        widths = {"side": SIDE, "role": role, "conn": conn, "seat": seat} if self.size.width else {}
        self._text_widths = widths
        widths = {key: n + (GAP if key != "side" else 0) for key, n in widths.items()}
        if widths != self._widths:
            self._widths = widths
            self.relabel()

    def show(self, view: ControlView) -> None:
        self._view = view
        lex = view.lexicon
        w = section("consoles.seats_table", self.lang)
        seats = list(view.scenario.seats) + sorted(s for s in view.state.seats if s not in view.scenario.seats)
        roles = {seat: lex.role(seat, self.lang) for seat in seats}
        self._layout(seats, roles)
        for seat in seats:
            st = view.state.seats.get(seat)
            connected = bool(st and st.connected)
            conn = Text(w["on"], style="bold #7ee787") if connected else Text(w["off"], style="dim")
            n = self.connections.get(seat, 0)
            if connected and n > 1:  # the same code open twice (two tabs, two machines): worth a look
                conn = Text(w("on_many", n=n), style="bold reverse #ffa657")
            elif not connected and st and st.last_seen:
                conn = Text(w("gone", at=_local_time(st.last_seen)), style="dim")
            elif not connected and seat in view.scenario.seats and view.state.phase != "created":
                conn = Text(w["played"], style="italic #e0c060")  # unstaffed: control plays it
            role = Text(roles[seat])
            if self._widths:
                role = fit(role, self._text_widths["role"], ROLE_LINES)
            ident = fit(Text(seat, style="dim"), self._text_widths["seat"]) if self._widths else Text(seat, style="dim")
            cells = (side_badge(badge_side(lex, seat)), role, conn, ident)
            self._put(seat, cells)

    def _put(self, key: str, cells: tuple) -> None:
        if key not in self._cells:
            self.add_row(*cells, key=key, height=None if "\n" in cells[1].plain else 1)
        else:
            for col, before, after in zip(COLUMNS, self._cells[key], cells):
                if before != after:
                    self.update_cell(key, col, after, update_width=not self._widths)
        self._cells[key] = cells


def _local_time(last_seen: str) -> str:
    """When a seat was last seen, in this machine's time (HH:MM)."""
    try:
        return datetime.fromisoformat(last_seen.replace("Z", "+00:00")).astimezone().strftime("%H:%M")
    except ValueError:
        return last_seen
