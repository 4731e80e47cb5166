"""The seat codes to hand out (short and full), the command each participant runs, and the
join sheets (key p: one PDF page per seat, joinsheet/)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.phrasebook import phrase, section
from tabletop.problems import said as in_language
from tabletop.server.codes import short_code


def join_command(url: str, code: str) -> str:
    return f"tabletop join {url} --code {code}"


def codes_table(codes: dict[str, str], names: dict[str, str], lang: str = "en", full: bool = True) -> Table:
    """Seat, role, short code (the one to read out) and full code (the join command, the same for all,
    is shown once above). `full=False` (a narrow terminal): the full codes give way to the rest."""
    seats = [s for s in codes if s != "control"]
    table = Table(expand=True, show_edge=False, header_style="bold")
    w = section("consoles.codes", lang)
    table.add_column(w["seat"], no_wrap=True, min_width=max((len(s) for s in seats), default=4))
    table.add_column(w["role"], ratio=1)
    table.add_column(w["code"], style="bold #e0c060", no_wrap=True)
    if full:
        table.add_column(w["full"], style="dim", no_wrap=True)
    for seat in seats:
        table.add_row(seat, names.get(seat, seat), short_code(codes[seat]), *([codes[seat]] if full else []))
    return table


class CodesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CodesScreen { align: center middle; }
    CodesScreen > VerticalScroll { width: 95%; height: auto; max-height: 90%; border: thick #e0c060; background: $surface; padding: 1 2; }
    """

    BINDINGS = [Binding("escape,c,q", "close", "Close"), Binding("p", "sheets", "Join sheets")]

    def __init__(self, url: str, codes: dict[str, str], names: dict[str, str], codes_file: str | None,
                 notes: list[str] | None = None, lang: str = "en", sheet: dict | None = None) -> None:
        """`sheet`: what the join sheets print besides the codes (title, exercise, banner, roles in both
        languages); without it there are no sheets to write."""
        super().__init__()
        self.sheet = sheet
        self.lang = lang
        self.url = url
        self.codes = codes
        self.names = names
        self.codes_file = codes_file
        self.notes = notes or []

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            # how to close it goes on the frame: a long table may push the last lines below the screen
            w = section("consoles.codes", self.lang)
            box.border_title = w["title"]
            box.border_subtitle = w["keys"]
            yield Static(w("intro", url=self.url))
            for note in self.notes:  # a note may be a sentence still to be said (tabletop.problems.Say)
                yield Static(Text(str(in_language(note, self.lang)), style="#ffa657"))
            if self.codes:
                line = Text(w["runs"])
                line.append(join_command(self.url, phrase("consoles.placeholder.code", self.lang)), style="bold")
                yield Static(line)
                yield Static(codes_table(self.codes, self.names, self.lang, full=self.app.size.width >= 110), id="codes")
            else:
                yield Static(w("none_file", file=self.codes_file) if self.codes_file else w["none"])
            if self.codes_file:
                yield Static(Text(w("also", file=self.codes_file), style="dim"))
            if self.codes and self.sheet is not None:
                yield Static(Text(w["sheets_key"]), id="sheets")
            yield Static(Text(w["close"], style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_sheets(self) -> None:
        if self.codes and self.sheet is not None:
            self.query_one("#sheets", Static).update(Text(section("consoles.codes", self.lang)["sheets_writing"]))
            self._write_sheets()

    @work(thread=True, exclusive=True, group="sheets")
    def _write_sheets(self) -> None:
        """WeasyPrint takes a second or so: off the event loop, the console keeps drawing."""
        from tabletop.consoles.joinsheet import join_sheets_html, sheets_path_for, write_join_sheets

        w = section("consoles.codes", self.lang)
        s = self.sheet
        try:
            html = join_sheets_html(self.url, self.codes, s.get("roles") or {}, title=s.get("title") or "",
                                    exercise=s.get("exercise") or "", banner=s.get("banner") or "")
            path = write_join_sheets(sheets_path_for(self.codes_file, s.get("exercise") or "exercise"), html)
            said = Text(w("sheets_written", file=str(path), n=len([c for c in self.codes if c != "control"])),
                        style="bold #7ee787")
        except Exception as exc:  # no WeasyPrint libraries, a read-only folder: said, the console goes on
            said = Text(w("sheets_failed", why=str(exc) or type(exc).__name__), style="bold #ff5555")
        self.app.call_from_thread(self._said, said)

    def _said(self, text: Text) -> None:
        for widget in self.query("#sheets"):
            widget.update(text)
            widget.scroll_visible()
