"""The MSEL: every scripted inject with its time, audience and state; the next one due marked."""

from __future__ import annotations

import io
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from tabletop.consoles.model import ControlView, pick
from tabletop.consoles.widgets.fit import fit
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import phrase, section

STATE_STYLES = {"pending": "", "held": "bold #ffa657", "released": "#7ee787", "skipped": "dim strike"}
# The title goes last: it is the long one, and it takes the width the others leave.
COLUMNS = (("mark", ""), ("time", "Time"), ("id", "ID"), ("state", "State"), ("to", "Audience"),
           ("title", "Title"))
GAP = 1  # the blank after each column (the table's own padding, 2 a column, would leave the title less)
# The audience and the title wrap to this many lines, what is left ends in "…": three on a table
# as wide as a 200-column terminal gives it (nothing cut there), two on a narrower one (more rows).
LINES = {"to": 3, "title": 3}
NARROW_LINES = {"to": 2, "title": 2}
WIDE = 110  # cells
AT_LEAST = {"to": 10, "title": 20}  # cells


def _audience(to, view: ControlView, lang: str = "en") -> tuple[list[str], list[str]]:
    """Who an inject goes to, by name: "everyone", a whole side ("all Japan"), else the roles'
    names (a person reads names); and the same with seat ids for the roles, as the seats table
    shows them, for a column too narrow for a name itself."""
    from tabletop.scenario.loader import audience  # the facilitator's console has the scenario loaded

    seats = audience(list(to), list(view.scenario.seats))
    lex = view.lexicon
    if set(seats) >= set(view.scenario.seats):
        return [lex.audience(seats, lang)], [lex.audience(seats, lang)]
    by_side: dict[str, list[str]] = {}
    for seat in view.scenario.seats:
        by_side.setdefault(lex.side(seat), []).append(seat)
    groups = [members for members in by_side.values() if len(members) > 1 and set(seats) >= set(members)]
    named = [lex.audience(members, lang) for members in groups]
    rest = [seat for seat in seats if not any(seat in members for members in groups)]
    return named + [lex.role(seat, lang) for seat in rest], named + rest


def _lines_of(pieces: list[str], glue: str, width: int) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out and cell_len(out[-1] + glue + piece) <= width:
            out[-1] += glue + piece
        else:
            out.append(piece)
    return out


def _listed(names: list[str], separator: str, width: int, lines: int, more) -> Text:
    """Names in at most `lines` lines of `width` cells, a line broken only between two names (after
    the separator), never inside one; names that do not fit are counted at the end (`more(n)`:
    "ほか2名"); a name wider than the column is shortened by itself."""
    glue = separator[len(separator.rstrip()):]  # "; " keeps its space on one line, "、" has none
    mark = separator.rstrip()
    for k in range(len(names), 0, -1):
        pieces = [name + mark for name in names[:k - 1]] + [names[k - 1]]
        if k < len(names):
            pieces[-1] += mark
            pieces.append(more(len(names) - k))
        out = []
        for line in _lines_of(pieces, glue, width):
            if mark and line.endswith(mark) and cell_len(line) > width >= cell_len(line) - cell_len(mark):
                line = line[:-len(mark)]  # the line's end says the list goes on
            if cell_len(line) > width and " " in line:  # one long name, wrapped at its spaces
                out += fit(Text(line), width, lines).plain.split("\n")
            else:
                out.append(line)
        if len(out) <= lines:  # a line wider than the column holds one name only: it alone is shortened
            return Text("\n").join([fit(Text(line), width, 1) for line in out])
    return fit(Text(separator.join(names)), width, lines)  # the first name alone is longer: wrapped at its words


def _titled(title: Text, condition: Text | None, width: int, lines: int) -> Text:
    """The title and its branch condition in `lines` lines: the condition is kept whole, the title
    shortened with "…" if the two do not fit."""
    whole = title + condition if condition is not None else title
    fitted = fit(whole, width, lines)
    if condition is None or not fitted.plain.endswith("…"):
        return fitted
    own = max(1, len(condition.wrap(_measure, width)))  # the lines the condition needs by itself
    if own >= lines:
        return fit(condition, width, lines)
    condition = condition.copy()
    condition.plain = condition.plain.lstrip()
    return Text("\n").join([fit(title, width, lines - own), fit(condition, width, own)])


@lru_cache(maxsize=64)  # the same rows at the same width: the same split (show runs on every event)
def _split(room: int, audiences: tuple[int, ...], titles: tuple[int, ...], most_to: int, most_title: int,
           one_name: int = 0) -> int:
    """The audience's width out of `room` shared with the title: the one that leaves the fewest
    cells cut (then the fewest lines), the audience wrapping to `most_to` lines, the title to
    `most_title`; at least `one_name` (the widest name a line may not break) where the title keeps
    its least."""
    def cost(a: int) -> tuple[int, int]:
        t = room - a
        cut = lines = 0
        for cells, width, most in [(n, a, most_to) for n in audiences] + [(n, t, most_title) for n in titles]:
            need = -(-cells // width)  # lines, about: a wrap at words needs a little more
            cut += max(0, cells - width * most)
            lines += min(need, most)
        return cut, lines

    longest = max(audiences, default=AT_LEAST["to"])
    least = max(AT_LEAST["to"], min(one_name, room - AT_LEAST["title"]))
    widths = range(least, max(least, min(longest, room - AT_LEAST["title"])) + 1)
    return min(widths, key=cost)


_measure = Console(file=io.StringIO(), width=1000, color_system=None)


class MselTable(DataTable):
    """One row per inject (ad-hoc injects appended as they are sent). Parents call `show(view)`."""

    DEFAULT_CSS = """
    MselTable { height: 1fr; border: round $primary-darken-2; }
    MselTable:focus { border: round $accent; }
    """

    lang: reactive[str] = reactive("en")

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, cell_padding=0, **kwargs)
        self.border_title = "MSEL"
        self._cells: dict[str, tuple] = {}
        self._widths: dict[str, int] = {}  # what each column's text may take (the table adds GAP)
        self._fitted: dict[tuple, Text] = {}  # (inject, column, text) -> the text fitted to its column
        self._view: ControlView | None = None
        self.lines = LINES  # how many lines the audience and the title may take, for this width
        self._upcoming: str | None = None  # the ▶ next inject at the last show
        self._placed = False  # the cursor has been put on ▶ next once
        self._restore: str | None = None  # the inject to put the cursor back on after `relabel`

    def on_mount(self) -> None:
        self._add_columns()

    def on_resize(self) -> None:
        if self._view is not None:
            self.show(self._view)

    def _add_columns(self) -> None:
        w = section("consoles.msel_table", self.lang)
        for key, _ in COLUMNS:
            width = self._widths.get(key)
            self.add_column(w.get(key, ""), key=key, width=None if width is None else width + GAP)

    def relabel(self) -> None:
        """Rebuild the table in the current language (the parent then calls `show` again, which puts
        the cursor back on the inject it was on)."""
        self._restore = self.selected_inject if self._restore is None else self._restore
        self._cells.clear()
        self._fitted.clear()
        self.clear(columns=True)
        self._add_columns()

    def _layout(self, rows: list[tuple], branches: list[Text | None], names: list[list[str]],
                ids: list[list[str]]) -> None:
        """Every column as wide as its widest cell (the state's width never changes, so a cell
        updated never re-lays the table out); the audience and the title share the rest."""
        w = section("consoles.msel_table", self.lang)
        at = format_offset(0)
        states = [w[k] for k in ("pending", "held", "released", "skipped", "unreleased")]
        states += [w("released_at", at=at), w("dead", status=w["pending"])]
        widest = {key: max(cell_len(w.get(key, "")), *(cell_len(row[n].plain) for row in rows))
                  for n, (key, _) in enumerate(COLUMNS) if key in ("time", "id")}
        widest["mark"] = max(cell_len(w[k]) for k in ("next", "adhoc"))
        widest["state"] = max(cell_len(t) for t in [w["state"], *states])
        self.lines = LINES if self.size.width >= WIDE else NARROW_LINES
        room = (self.size.width - self.styles.scrollbar_size_vertical - GAP * len(COLUMNS)
                - sum(widest.values()))
        # the widest name a line may not break (a Japanese one whole; an English one at its spaces)
        one_name = max((max(map(cell_len, name.split())) for row in names for name in row if name.strip()),
                       default=0) + 1
        audience = _split(room, (cell_len(w["to"]), *(row[4].cell_len + 1
                                                      for n, row in enumerate(rows))),
                          tuple(row[5].cell_len + (branches[n].cell_len if branches[n] is not None else 0) + 1
                                for n, row in enumerate(rows)), self.lines["to"], self.lines["title"], one_name)
        widths = {**widest, "to": audience, "title": max(cell_len(w["title"]), room - audience)}
        widths["lines"] = self.lines["title"]  # a change of lines re-lays the table out too
        if not self.size.width:
            widths = {}
        if widths != self._widths:
            self._widths = widths
            self.relabel()

    def _fit(self, inject: str, text: Text, branch: Text | None = None) -> Text:
        """The title fitted to its column with its branch condition."""
        if not self._widths:
            return text + branch if branch is not None else text
        key = (inject, "title", text.plain, branch.plain if branch is not None else None)
        if key not in self._fitted:
            self._fitted[key] = _titled(text, branch, self._widths["title"], self.lines["title"])
        return self._fitted[key]

    def _fit_names(self, inject: str, names: list[str], ids: list[str]) -> Text:
        """The audience fitted to its column by names, broken between names only, those that do not fit
        counted; by the seats' ids as the scenario gives them (never a mix) only where a name itself
        would be cut."""
        separator = phrase("common.list.separator", self.lang)
        if not self._widths:
            return Text(separator.join(names))
        key = (inject, "to", tuple(names))
        if key not in self._fitted:
            more = lambda n: phrase("consoles.msel_table.more", self.lang, n=n)  # noqa: E731
            fitted = _listed(names, separator, self._widths["to"], self.lines["to"], more)
            if "…" in fitted.plain:  # a name itself cut: the roles by id, where they fit
                fitted = _listed(ids, separator, self._widths["to"], self.lines["to"], more)
            self._fitted[key] = fitted
        return self._fitted[key]

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

        self._view = view
        state = view.state
        ended = state.phase == "ended"
        upcoming = None if ended else view.next_due_inject()  # after ENDEX nothing is next
        w = section("consoles.msel_table", self.lang)
        rows = []  # (key, cells, condition, audience) before they are fitted to the columns
        named: dict[str, Text] = {}  # a branch on a decision's answer, by the option's label
        for inj in view.scenario.injects:
            st = state.inject(inj.id)
            if inj.at is not None:
                when = format_offset(inj.at)
            elif inj.after is not None:
                when = f"{inj.after.inject}{format_offset(inj.after.delay)}"
            else:
                when = w["manual"]
            title = Text(pick(inj.title, self.lang))
            branch = None
            if inj.when is not None:
                c = inj.when
                lex = view.lexicon
                what = (f"{c.decision}={c.option}" if c.decision and c.option else c.decision
                        or (c.situation and lex.situation(c.situation, self.lang)) or (c.flag and lex.flag(c.flag, self.lang))
                        or w("not", flag=lex.flag(c.not_flag or "", self.lang)))
                branch = Text(w("if", condition=what), style="dim italic")
                if c.decision and c.option:  # by the option's label where the cell has room for it
                    named[inj.id] = Text(w("if", condition=self._chosen(view, c.decision, c.option)),
                                         style="dim italic")
            label = w.get(st.status, st.status)
            if st.status == "released" and st.released_at is not None:
                label = w("released_at", at=format_offset(st.released_at))
            elif st.status in ("pending", "held") and ended:
                label = w["unreleased"]
            elif st.status == "pending" and inj.when is not None and condition(state, inj.id) is False:
                label = w("dead", status=label)  # the engine skips it when it falls due
            mark = Text(w["next"], style="bold #e0c060") if inj.id == upcoming else Text("")
            style = "dim" if label == w["unreleased"] else STATE_STYLES.get(st.status, "")
            names, ids = _audience(inj.to, view, self.lang)
            rows.append((inj.id, (mark, Text(when, style="dim"), Text(inj.id, style="bold"), Text(label, style=style),
                                  Text(phrase("common.list.separator", self.lang).join(names)), title), branch,
                         (names, ids)))
        for item in view.adhoc:
            rows.append((item.inject, (Text(w["adhoc"], style="#e0c060"), Text(format_offset(item.at), style="dim"),
                                       Text(item.inject, style="bold"),
                                       Text(w("released_at", at=format_offset(item.at)), style=STATE_STYLES["released"]),
                                       Text("—"), Text(pick(item.title, self.lang))), None, (["—"], ["—"])))
        self._layout([cells for _, cells, _, _ in rows], [named.get(key, branch) for key, _, branch, _ in rows],
                     [names for _, _, _, (names, ids) in rows], [ids for _, _, _, (names, ids) in rows])
        for key, cells, branch, names in rows:  # cells: mark, time, id, state, audience, title
            title = self._fit(key, cells[5], named[key]) if key in named else None
            if title is None or "…" in title.plain:  # the label cut: the decision's answer by its id (D12=request)
                title = self._fit(key, cells[5], branch)
            self._put(key, (*cells[:4], self._fit_names(key, *names), title))
        self._follow(upcoming, state)  # every row is there, ad-hoc ones too

    def _chosen(self, view: ControlView, decision: str, option: str) -> str:
        """A branch on a decision's answer, by the option's label: D12で「…」を選択."""
        try:
            d = view.scenario.decision(decision)[1]
            label = next(pick(o.label, self.lang) for o in d.options if o.id == option)
        except (KeyError, StopIteration):
            label = option
        return phrase("consoles.msel_table.chosen", self.lang, decision=decision, option=label)

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
            tall = any("\n" in cell.plain for cell in cells)
            self.add_row(*cells, key=key, height=None if tall else 1)
            self._cells[key] = cells
            return
        old = self._cells[key]
        for (col, _), before, after in zip(COLUMNS, old, cells):
            if before != after:
                self.update_cell(key, col, after, update_width=not self._widths)
        self._cells[key] = cells
