"""The presenter view, for the room's shared screen (`tabletop present URL --code CONTROL-CODE`):
the scenario clock large, the latest inject released to every seat, the legal situations in
force and the obligations due. Nothing secret: no controller note (the released event carries
none), no inject addressed to only some seats, no blocked move, no decision, no seat's message.
It is read-only: it sends nothing, so the facilitator's own console stays private and in charge."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Static

from tabletop.consoles.model import ControlView, pick
from tabletop.consoles.screens.base import ConsoleScreen
from tabletop.consoles.widgets.classification_banner import ClassificationBanner
from tabletop.consoles.widgets.connection_badge import ConnectionBadge
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles.widgets.situation_board import obligations_due, signature, situations_line
from tabletop.consoles.widgets.world_clocks import WorldClocks
from tabletop.consoles import wire as ev
from tabletop.consoles.wire import Event, format_offset
from tabletop.phrasebook import for_players, section


class PresenterScreen(ConsoleScreen):
    DEFAULT_CSS = """
    PresenterScreen #top { height: 5; background: $boost; }
    PresenterScreen #titles { width: 1fr; padding: 0 2; }
    PresenterScreen #title { text-style: bold; }
    PresenterScreen #title, PresenterScreen #subtitle { text-wrap: nowrap; text-overflow: ellipsis; }
    PresenterScreen ScenarioClock { height: 5; }
    PresenterScreen #main { height: 1fr; }
    PresenterScreen #inject-box { width: 3fr; border: round #e0c060; padding: 0 2; }
    PresenterScreen #board-box { width: 2fr; border: round $primary; padding: 0 1; }
    """

    BINDINGS = [Binding("f9,ctrl+l,l", "language", "EN/日本語")]
    KEYS = "consoles.footer"  # its one key, F9, is named as in every console

    def __init__(self, welcome: dict, lang: str = "en", local_now: float = 0.0) -> None:
        super().__init__(welcome)
        self.view = ControlView(welcome, local_now)
        self.view.lexicon.seats = list(self.view.scenario.seats)
        self.set_reactive(PresenterScreen.lang, lang)
        self.latest: Event | None = None  # the last inject released to every seat
        self._board_shown: list = []

    def compose(self) -> ComposeResult:
        s = self.view.scenario
        yield ClassificationBanner(s.banner, s.basis)
        with Horizontal(id="top"):
            with Vertical(id="titles"):
                yield Static("", id="title")
                yield Static("", id="subtitle")
            yield ScenarioClock()
            yield WorldClocks()
            yield ConnectionBadge()
        with Horizontal(id="main"):
            with VerticalScroll(id="inject-box"):
                yield Static("", id="inject")
            with VerticalScroll(id="board-box"):
                yield Static("", id="board")
        yield Footer()

    def on_mount(self) -> None:
        self._push_lang()
        super().on_mount()

    # -- from the app ----------------------------------------------------------------------

    def public(self, event: Event) -> bool:
        """Released to every seat of the scenario (the room may all read it)."""
        return (event.type == ev.INJECT_RELEASED and event.known
                and set(self.view.scenario.seats) <= set(event.payload.to))

    def event_applied(self, event: Event) -> None:
        if self.public(event):
            self.latest = event

    def show_connection(self, status: str) -> None:
        self.query_one(ConnectionBadge).status = status

    def command_answered(self, command: dict, result: dict) -> None:
        """Nothing is sent from here."""

    def sync(self) -> None:
        self.query_one("#inject", Static).update(self._inject())

    def tick(self) -> None:
        view = self.view
        now = self.now()
        at = view.at(now)
        clock = self.query_one(ScenarioClock)
        clock.at, clock.phase, clock.speed = at, view.state.phase, view.state.clock.speed
        world = self.query_one(WorldClocks)
        world.instant = view.scenario.start.timestamp() + at
        world.real = now
        board = Group(situations_line(view, self.lang), Text(""), *obligations_due(view, at, self.lang))
        key = [signature(r) for r in board.renderables]
        if key != self._board_shown:
            self._board_shown = key
            self.query_one("#board", Static).update(board)

    def _inject(self) -> Group | Text:
        w = section("consoles.presenter", self.lang)
        e = self.latest
        if e is None:
            return Text(w["no_inject"], style="dim")
        p = e.payload
        head = Text()
        head.append(f"{p.inject}  ", style="bold #e0c060")
        head.append(format_offset(e.at), style="dim")
        parts = [head, Text(for_players(pick(p.title, self.lang)), style="bold"), Text("")]
        if p.sender:
            parts.append(Text(w("sender", sender=pick(p.sender, self.lang)), style="dim"))
        parts.append(Text(for_players(pick(p.body, self.lang))))
        return Group(*parts)

    # -- language --------------------------------------------------------------------------

    def action_language(self) -> None:
        self.lang = "ja" if self.lang == "en" else "en"

    def watch_lang(self) -> None:
        self._push_lang()
        if self._ready:
            self._board_shown = []
            self.sync()
            self.tick()

    def _push_lang(self) -> None:
        s = self.view.scenario
        w = section("consoles.presenter", self.lang)
        other = "ja" if self.lang == "en" else "en"
        self.query_one("#title", Static).update(Text(pick(s.title, self.lang), no_wrap=True, overflow="ellipsis"))
        self.query_one("#subtitle", Static).update(Text(pick(s.title, other) if s.title.ja else "", style="dim",
                                                        no_wrap=True, overflow="ellipsis"))
        self.query_one("#inject-box").border_title = w["inject"]
        self.query_one("#board-box").border_title = w["board"]
        for widget in self.query("ScenarioClock, WorldClocks, ConnectionBadge"):
            widget.lang = self.lang
        self.label_keys()
