"""The seat codes to hand out, and the command each participant runs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.phrasebook import section


def join_command(url: str, code: str) -> str:
    return f"tabletop join {url} --code {code}"


def codes_table(codes: dict[str, str], names: dict[str, str], lang: str = "en") -> Table:
    """Seat, role and code: always in full (the join command, the same for all, is shown once above)."""
    seats = [s for s in codes if s != "control"]
    table = Table(expand=True, show_edge=False, header_style="bold")
    w = section("consoles.codes", lang)
    table.add_column(w["seat"], no_wrap=True, min_width=max((len(s) for s in seats), default=4))
    table.add_column(w["role"], ratio=1)
    table.add_column(w["code"], style="bold #e0c060", no_wrap=True)
    for seat in seats:
        table.add_row(seat, names.get(seat, seat), codes[seat])
    return table


class CodesScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CodesScreen { align: center middle; }
    CodesScreen > VerticalScroll { width: 95%; height: auto; max-height: 90%; border: thick #e0c060; background: $surface; padding: 1 2; }
    """

    BINDINGS = [Binding("escape,c,q", "close", "Close")]

    def __init__(self, url: str, codes: dict[str, str], names: dict[str, str], codes_file: str | None,
                 notes: list[str] | None = None, lang: str = "en") -> None:
        super().__init__()
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
            for note in self.notes:
                yield Static(Text(note, style="#ffa657"))
            if self.codes:
                line = Text(w["runs"])
                line.append(join_command(self.url, "CODE"), style="bold")
                yield Static(line)
                yield Static(codes_table(self.codes, self.names, self.lang), id="codes")
            else:
                yield Static(w("none_file", file=self.codes_file) if self.codes_file else w["none"])
            if self.codes_file:
                yield Static(Text(w("also", file=self.codes_file), style="dim"))
            yield Static(Text(w["close"], style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
