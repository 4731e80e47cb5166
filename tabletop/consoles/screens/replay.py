"""The facilitator console, read-only, on a played log: every panel shows the exercise as
it stood at the point the timeline scrubber is on (`tabletop replay DB`).

The facilitator's own screen and widgets, each set from the replayed state: the MSEL as
it stood, the feed up to the point, the situation board with the countdowns as they were,
the seats, and the clocks at the point's scenario time. Nothing is sent anywhere."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.widgets import Footer

from tabletop.consoles.describe import describe
from tabletop.consoles.model import ControlView, wall_epoch
from tabletop.consoles.screens.base import ConsoleScreen
from tabletop.consoles.screens.facilitator import FacilitatorScreen
from tabletop.consoles.widgets.feed import Feed
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles.widgets.seats_table import SeatsTable
from tabletop.consoles.widgets.situation_board import SituationBoard
from tabletop.consoles.widgets.timeline_scrubber import TimelineScrubber
from tabletop.consoles.widgets.world_clocks import WorldClocks
from tabletop.phrasebook import phrase
from tabletop.replay import Replay, Timeline

FEED_BACK = 40  # events the feed holds before the point (a few screens back; the scrubber reaches the rest)
class ReplayView(ControlView):
    """The facilitator's view of the exercise at one point of its log."""

    def __init__(self, played, replay: Replay):
        welcome = {"control": {"scenario_text": played.meta.get("scenario_text", "")}}
        super().__init__(welcome, loader=lambda *_: played.loaded)
        self.replay = replay
        self.point = 0
        # What was noted by each of the replay's snapshot points, made in one pass as the replay
        # makes its own: a jump then notes at most `every - 1` events.
        self._kept: dict[int, tuple] = {0: ([], {}, set())}
        for seq, e in enumerate(replay.events, 1):
            self.note(e)
            if seq % replay.every == 0:
                self._kept[seq] = (list(self.adhoc), dict(self.blocked), set(self.superseded))
        self.point = len(replay.events)
        self.state = replay.final

    def goto(self, n: int) -> None:
        """The state from the replay; what the console keeps besides, from the nearest kept point
        (or the last one, when it is nearer) noted on to n."""
        self.state = self.replay.state_at(n)
        k = n - n % self.replay.every
        if not k <= self.point <= n:
            adhoc, blocked, superseded = self._kept[k]
            self.adhoc, self.blocked, self.superseded, self.point = list(adhoc), dict(blocked), set(superseded), k
        for e in self.replay.events[self.point:n]:
            self.note(e)
        self.point = n


class ReplayScreen(FacilitatorScreen, inherit_bindings=False):
    """Keys step the point; panels follow. `point` is the number of events applied."""

    DEFAULT_CSS = """
    ReplayScreen ConnectionBadge { display: none; }
    ReplayScreen #hint { color: #6cb6ff; text-style: bold; }
    """
    COMMANDS: set = set()  # the facilitator's controls are not offered: nothing is sent
    BINDINGS = [  # priority: the MSEL's and the feed's own keys (←, →, Home, End) would take them first
        Binding("right", "step('event', 1)", phrase("replay.keys.event", "en"), key_display="←→", priority=True),
        Binding("left", "step('event', -1)", "", show=False, priority=True),
        Binding("right_square_bracket", "step('inject', 1)", phrase("replay.keys.inject", "en"), key_display="[ ]",
                priority=True),
        Binding("left_square_bracket", "step('inject', -1)", "", show=False, priority=True),
        Binding("full_stop", "step('decision', 1)", phrase("replay.keys.decision", "en"), key_display=", .",
                priority=True),
        Binding("comma", "step('decision', -1)", "", show=False, priority=True),
        Binding("home", "first", phrase("replay.keys.ends", "en"), key_display="Home End", priority=True),
        Binding("end", "last", "", show=False, priority=True),
        Binding("g", "go", phrase("replay.keys.go", "en"), priority=True),
        Binding("f9,l", "language", "EN/日本語", priority=True),
        Binding("q", "app.quit", phrase("replay.keys.quit", "en"), priority=True),
        Binding("tab", "app.focus_next", "", show=False),
        Binding("shift+tab", "app.focus_previous", "", show=False),
    ]
    KEYS = ""  # the facilitator's footer words are not the replay's: these are (#15, Japanese walkthrough 41)
    KEY_LABELS = {action: {"ja": phrase(f"replay.keys.{key}", "ja")} for action, key in (
        ("step('event', 1)", "event"), ("step('inject', 1)", "inject"), ("step('decision', 1)", "decision"),
        ("first", "ends"), ("go", "go"), ("app.quit", "quit"))}
    NARROW_HIDDEN = frozenset({"language"})

    def __init__(self, played, point: int | None = None, *, lang: str = "en", db: str = "") -> None:
        self.played = played
        self.replay = Replay(played.initial(), played.events)
        self.timeline = Timeline(played.events)
        self.point = len(played.events) if point is None else max(0, min(point, len(played.events)))
        self.db = db
        ConsoleScreen.__init__(self, {})
        self.view = ReplayView(played, self.replay)
        self.view.lexicon.seats = list(self.view.scenario.seats)
        self.view.goto(self.point)
        self.set_reactive(FacilitatorScreen.lang, lang)
        self.launch = None
        self.status = "closed"
        self._feed_ready = False  # the feed holds the lines up to the point

    def compose(self):
        for widget in super().compose():
            if isinstance(widget, Footer):
                yield TimelineScrubber()
            yield widget

    def on_mount(self) -> None:
        super().on_mount()
        scrubber = self.query_one(TimelineScrubber)
        scrubber.marks = {n: kind for kind in ("inject", "decision") for n in self.timeline.marks[kind]}
        self.goto(self.point)

    def _hint(self) -> Text:
        return Text(phrase("replay.console.hint", self.lang, db=self.db or self.played.exercise), no_wrap=True,
                    overflow="ellipsis")

    # -- the point --------------------------------------------------------------------

    def goto(self, n: int) -> None:
        n = max(0, min(n, len(self.replay)))
        before = {item.inject for item in self.view.adhoc}
        was, self.point = self.point, n
        self.view.goto(n)
        if before - {item.inject for item in self.view.adhoc}:
            self.query_one(MselTable).relabel()  # an ad-hoc inject sent after the point leaves the MSEL
        self._feed(was, n)
        self._scrubber()
        self.sync()
        self.tick()

    def _feed(self, was: int, n: int) -> None:
        """Stepping on adds the new lines; going back (a feed cannot take lines back) or far
        redraws the last FEED_BACK events up to the point."""
        feed = self.query_one(Feed)
        if was < n <= was + FEED_BACK and self._feed_ready and len(feed.events) < 3 * FEED_BACK:
            for e in self.replay.events[was:n]:
                feed.add(e)
            feed.flush()
            return
        feed.events = list(self.replay.events[max(0, n - FEED_BACK):n])
        feed.watch_lang()
        self._feed_ready = True

    def _scrubber(self) -> None:
        scrubber = self.query_one(TimelineScrubber)
        scrubber.lang = self.lang
        scrubber.total = len(self.replay)
        scrubber.at = self.timeline.time_at(self.point)
        event = self.replay.event(self.point)
        caption = Text("")
        if event is not None:
            caption = describe(event, self.view.lexicon, self.lang, show_time=False) or Text(f"{event.type} ({event.actor})")
        scrubber.caption = caption
        scrubber.point = self.point
        scrubber.refresh()

    def sync(self) -> None:
        super().sync()
        role = phrase("replay.console.role", self.lang)
        self.query_one("#exercise").update(Text(f"{self.view.state.exercise or self.played.exercise} · {role}",
                                                style="dim"))

    def tick(self) -> None:
        at = self.timeline.time_at(self.point)
        state = self.view.state
        clock = self.query_one(ScenarioClock)
        clock.at, clock.phase, clock.speed = at, state.phase, state.clock.speed
        world = self.query_one(WorldClocks)
        world.instant = self.view.scenario.start.timestamp() + at
        event = self.replay.event(self.point)
        world.real = wall_epoch(event.wall) if event is not None else None
        self.query_one(SituationBoard).show(self.view, at)

    def watch_lang(self, lang: str) -> None:
        super().watch_lang(lang)
        if self.is_mounted:
            self._scrubber()

    # -- keys -------------------------------------------------------------------------

    def action_step(self, kind: str, direction: int) -> None:
        self.goto(self.timeline.step(self.point, kind, direction))

    def action_first(self) -> None:
        self.goto(0)

    def action_last(self) -> None:
        self.goto(len(self.replay))

    def action_go(self) -> None:
        from tabletop.consoles.screens.goto import GoToScreen

        decisions = [d.id for i in self.view.scenario.injects for d in i.decisions]

        def chosen(point: int | None) -> None:
            if point is not None:
                self.goto(point)

        self.app.push_screen(GoToScreen(lambda text: self.timeline.point(text, decisions), self.lang), chosen)

    def on_timeline_scrubber_scrubbed(self, message: TimelineScrubber.Scrubbed) -> None:
        self.goto(message.point)


class ReplayApp(App[int]):
    """`tabletop replay`: one screen, no connection."""

    CSS_PATH = "../consoles.tcss"
    TITLE = "tabletop replay"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, played, point: int | None = None, *, lang: str = "en", db: str = "") -> None:
        super().__init__()
        self.played, self.point, self.lang, self.db = played, point, lang, db
        self.console_screen: ReplayScreen | None = None

    def now(self) -> float:
        return time.time()

    def notify(self, message: str, **kwargs) -> None:
        kwargs["markup"] = False  # participants' words and citations are not markup
        super().notify(message, **kwargs)

    def on_mount(self) -> None:
        self.console_screen = ReplayScreen(self.played, self.point, lang=self.lang, db=self.db)
        self.push_screen(self.console_screen)


__all__ = ["ReplayApp", "ReplayScreen", "ReplayView"]
