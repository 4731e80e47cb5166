"""The MSEL: every scripted inject with its time, audience and state; the next one due marked."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from tabletop.consoles.model import ControlView, pick
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import section

STATE_STYLES = {"pending": "", "held": "bold #ffa657", "released": "#7ee787", "skipped": "dim strike"}
# The title goes last: it is the long one, so on a narrow terminal it is the title's end that runs off.
COLUMNS = (("mark", ""), ("time", "Time"), ("id", "ID"), ("state", "State"), ("to", "Audience"),
           ("title", "Title"))
FIXED = {"mark": 6, "state": 18, "to": 14}  # widths that never change, so updating a cell never re-lays the table out


def _audience(to, view: ControlView, lang: str = "en") -> Text:
    """Who an inject goes to, by the roles' names, cut with … to its column."""
    from tabletop.scenario.loader import audience  # the facilitator's console has the scenario loaded

    seats = audience(list(to), list(view.scenario.seats))
    return Text(view.lexicon.audience(seats, lang), no_wrap=True, overflow="ellipsis")


class MselTable(DataTable):
    """One row per inject (ad-hoc injects appended as they are sent). Parents call `show(view)`."""

    DEFAULT_CSS = """
    MselTable { height: 1fr; border: round $primary-darken-2; }
    MselTable:focus { border: round $accent; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.border_title = "MSEL"
        self._cells: dict[str, tuple] = {}
        self._upcoming: str | None = None  # the ▶ next inject at the last show
        self._placed = False  # the cursor has been put on ▶ next once
        self._restore: str | None = None  # the inject to put the cursor back on after `relabel`

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        w = section("consoles.msel_table", self.lang)
        for key, _ in COLUMNS:
            self.add_column(w.get(key, ""), key=key, width=FIXED.get(key))

    def relabel(self) -> None:
        """Rebuild the table in the current language (the parent then calls `show` again, which puts
        the cursor back on the inject it was on)."""
        self._restore = self.selected_inject
        self._cells.clear()
        self.clear(columns=True)
        self._add_columns()

    @property
    def selected_inject(self) -> str | None:
        if self.row_count == 0:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None

    def show(self, view: ControlView) -> None:
        from tabletop.engine.scheduler import condition  # the facilitator's console has the engine loaded

        state = view.state
        ended = state.phase == "ended"
        upcoming = None if ended else view.next_due_inject()  # after ENDEX nothing is next
        w = section("consoles.msel_table", self.lang)
        for inj in view.scenario.injects:
            st = state.inject(inj.id)
            if inj.at is not None:
                when = format_offset(inj.at)
            elif inj.after is not None:
                when = f"{inj.after.inject}{format_offset(inj.after.delay)}"
            else:
                when = w["manual"]
            title = Text(pick(inj.title, self.lang))
            if inj.when is not None:
                c = inj.when
                lex = view.lexicon
                what = (f"{c.decision}={c.option}" if c.decision and c.option else c.decision
                        or (c.situation and lex.situation(c.situation, self.lang)) or (c.flag and lex.flag(c.flag, self.lang))
                        or w("not", flag=lex.flag(c.not_flag or "", self.lang)))
                title.append(w("if", condition=what), style="dim italic")
            label = w.get(st.status, st.status)
            if st.status == "released" and st.released_at is not None:
                label = w("released_at", at=format_offset(st.released_at))
            elif st.status in ("pending", "held") and ended:
                label = w["unreleased"]
            elif st.status == "pending" and inj.when is not None and condition(state, inj.id) is False:
                label = w("dead", status=label)  # the engine skips it when it falls due
            mark = Text(w["next"], style="bold #e0c060") if inj.id == upcoming else Text("")
            self._put(inj.id, (mark, Text(when, style="dim"), Text(inj.id, style="bold"),
                               Text(label, style="dim" if label == w["unreleased"] else STATE_STYLES.get(st.status, "")), _audience(inj.to, view, self.lang),
                               title))
        for item in view.adhoc:
            self._put(item.inject, (Text(w["adhoc"], style="#e0c060"), Text(format_offset(item.at), style="dim"),
                                    Text(item.inject, style="bold"),
                                    Text(w("released_at", at=format_offset(item.at)), style=STATE_STYLES["released"]),
                                    Text("—"), Text(pick(item.title, self.lang))))
        self._follow(upcoming, state)  # every row is there, ad-hoc ones too

    def _follow(self, upcoming: str | None, state) -> None:
        """The cursor starts on ▶ next, and moves on with it when the inject it was on goes out (released
        or skipped): `r` then releases the next one. A cursor the facilitator moved elsewhere stays."""
        if self._restore is not None:
            key, self._restore = self._restore, None
            try:
                self.move_cursor(row=self.get_row_index(key))
            except Exception:
                pass
        cursor = self.selected_inject
        if upcoming is not None and (
                not self._placed
                or (cursor == self._upcoming and cursor != upcoming
                    and state.inject(cursor).status in ("released", "skipped"))):
            try:
                self.move_cursor(row=self.get_row_index(upcoming))
                self._placed = True
            except Exception:  # the row is not there yet
                pass
        self._upcoming = upcoming

    def _put(self, key: str, cells: tuple) -> None:
        if key not in self._cells:
            self.add_row(*cells, key=key)
            self._cells[key] = cells
            return
        old = self._cells[key]
        for (col, _), before, after in zip(COLUMNS, old, cells):
            if before != after:
                self.update_cell(key, col, after, update_width=col not in FIXED)
        self._cells[key] = cells
