"""Seats in play: who is connected (and on how many connections), when each was last seen, and
which are played by control (nobody has joined them since STARTEX)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import DataTable

from tabletop.consoles.describe import badge_side, side_badge
from tabletop.consoles.model import ControlView
from tabletop.phrasebook import section




class SeatsTable(DataTable):
    """One row per seat in play (evaluators once they join). Parents call `show(view)`."""

    DEFAULT_CSS = """
    SeatsTable { height: 1fr; border: round $primary-darken-2; }
    SeatsTable:focus { border: round $accent; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.border_title = "Seats"
        self.lang = "en"
        self._cells: dict[str, tuple] = {}
        self.connections: dict[str, int] = {}  # seat -> open connections (control's `connections` list)

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        w = section("consoles.seats_table", self.lang)
        self.border_title = w["title"]
        # The role's name first and the id last: on a narrow terminal the id is what scrolls off (#15).
        self.add_column("", key="side")
        self.add_column(w["role"], key="role")
        self.add_column("", key="conn", width=10)
        self.add_column(w["seen"], key="seen", width=9)
        self.add_column(w["seat"], key="seat")

    def relabel(self) -> None:
        """Rebuild the table in the current language (the parent then calls `show` again)."""
        self._cells.clear()
        self.clear(columns=True)
        self._add_columns()

    def show(self, view: ControlView) -> None:
        lex = view.lexicon
        seats = list(view.scenario.seats) + sorted(s for s in view.state.seats if s not in view.scenario.seats)
        for seat in seats:
            st = view.state.seats.get(seat)
            connected = bool(st and st.connected)
            w = section("consoles.seats_table", self.lang)
            conn = Text(w["on"], style="bold #7ee787") if connected else Text(w["off"], style="dim")
            n = self.connections.get(seat, 0)
            if connected and n > 1:  # the same code open twice (two tabs, two machines): worth a look
                conn = Text(w("on_many", n=n), style="bold reverse #ffa657")
            role = Text(lex.role(seat, self.lang))
            if not connected and not (st and st.last_seen) and seat in view.scenario.seats \
                    and view.state.phase != "created":
                role.append(w["played"], style="italic #e0c060")  # unstaffed: control plays it
            seen = ""
            if connected:
                seen = section("consoles.seats_table", self.lang)["now"]  # connected: seen now, not when it joined
            elif st and st.last_seen:
                try:
                    seen = datetime.fromisoformat(st.last_seen.replace("Z", "+00:00")).astimezone().strftime("%H:%M:%S")
                except ValueError:
                    seen = st.last_seen
            cells = (side_badge(badge_side(lex, seat)), role, conn, Text(seen, style="dim"), Text(seat, style="dim"))
            self._put(seat, cells)

    def _put(self, key: str, cells: tuple) -> None:
        if key not in self._cells:
            self.add_row(*cells, key=key)
        else:
            for col, before, after in zip(("side", "role", "conn", "seen", "seat"), self._cells[key], cells):
                if before != after:
                    self.update_cell(key, col, after, update_width=col not in ("conn", "seen"))
        self._cells[key] = cells
