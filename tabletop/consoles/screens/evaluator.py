"""An evaluator's console: the full feed, and observations against the objectives."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, RichLog

from tabletop.consoles.describe import styled
from tabletop.consoles.model import SeatView
from tabletop.consoles.screens.base import ConsoleScreen
from tabletop.consoles.widgets.classification_banner import ClassificationBanner
from tabletop.consoles.widgets.connection_badge import ConnectionBadge
from tabletop.consoles.widgets.feed import Feed
from tabletop.consoles.widgets.observation_form import ObservationForm
from tabletop.consoles.widgets.role_banner import RoleBanner
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles.wire import Event
from tabletop.consoles.wire import format_offset
from tabletop.phrasebook import LANGS, describe_parts, phrase


class EvaluatorScreen(ConsoleScreen):
    DEFAULT_CSS = """
    EvaluatorScreen #header { height: 4; background: $boost; }
    EvaluatorScreen #body { height: 1fr; }
    EvaluatorScreen Feed { width: 60%; }
    EvaluatorScreen #side { width: 40%; }
    EvaluatorScreen #recorded { height: 1fr; min-height: 6; border: round $primary-darken-3; }
    /* A small terminal: the form gets half the width (the ratings were cut) and scrolls, its notes
       box is shorter, so the Record button and the outcome can be reached. */
    EvaluatorScreen.-narrow Feed { width: 50%; }
    EvaluatorScreen.-narrow #side { width: 50%; }
    EvaluatorScreen.-short ObservationForm TextArea { height: 4; }
    """

    SHORT = 32  # rows: below this the notes box is shorter (class -short)

    BINDINGS = [
        Binding("ctrl+s", "record", "Record observation"),
        Binding("f2", "focus_feed", "Feed", priority=True),  # priority, set_focus: see ParticipantScreen
        Binding("f3", "focus_form", "Observe", priority=True),
        Binding("f9,ctrl+l", "language", "EN/日本語"),
    ]

    KEYS = "consoles.evaluator.keys"  # the footer's words (tabletop/phrasebook/data/consoles.yaml)

    def __init__(self, welcome: dict, lang: str = "en", local_now: float = 0.0) -> None:
        super().__init__(welcome)
        self.view = SeatView(welcome, local_now)
        self.set_reactive(EvaluatorScreen.lang, lang)
        self._recorded = 0

    def compose(self) -> ComposeResult:
        w = self.welcome
        scenario = self.view.scenario
        seat = self.view.seat
        title = w.get("title") or {}
        if not title.get("ja"):  # an evaluator the pack does not name: the phrasebook's words for one
            title = {lang: self.view.lexicon.role(seat, lang) for lang in LANGS}
        yield ClassificationBanner(scenario.get("banner", ""), scenario.get("basis", "fictional"))
        with Horizontal(id="header"):
            yield RoleBanner(title, "evaluator", {lang: phrase("consoles.evaluator.team", lang) for lang in LANGS},
                             scenario.get("title") or {})
            yield ScenarioClock()
            yield ConnectionBadge()
        with Horizontal(id="body"):
            yield Feed(self.view.lexicon)
            with VerticalScroll(id="side"):
                yield ObservationForm(scenario.get("objectives") or [], self.lang)
                yield RichLog(wrap=True, markup=False, min_width=1, id="recorded")  # wrap at its own width
        yield Footer()

    def on_mount(self) -> None:
        self._push_lang()
        super().on_mount()

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < self.SHORT, "-short")
        super().on_resize(event)

    def event_applied(self, event: Event) -> None:
        self.query_one(Feed).add(event)

    def show_connection(self, status: str) -> None:
        self.query_one(ConnectionBadge).status = status

    def sync(self) -> None:
        log = self.query_one("#recorded", RichLog)
        for e in self.view.observations[self._recorded:]:
            line = Text()
            line.append(format_offset(e.at) + " ", style="dim")
            line.append_text(styled(describe_parts(e, self.lang, self.view.lexicon), {"actor": "dim"}.get))
            log.write(line)
        self._recorded = len(self.view.observations)

    def tick(self) -> None:
        clock = self.query_one(ScenarioClock)
        clock.at = self.view.at(self.now())
        clock.phase = self.view.phase
        clock.speed = self.view.clock.clock.speed

    def command_answered(self, command: dict, result: dict) -> None:
        if command.get("type") != "observation":
            super().command_answered(command, result)

    def watch_lang(self) -> None:
        self._push_lang()

    def _push_lang(self) -> None:
        self.label_keys()
        self.query_one(Feed).border_title = phrase("consoles.evaluator.title.feed", self.lang)
        self.query_one("#recorded", RichLog).border_title = phrase("consoles.evaluator.title.recorded", self.lang)
        for widget in self.query("RoleBanner, ScenarioClock, ConnectionBadge, Feed, ObservationForm"):
            widget.lang = self.lang

    def action_record(self) -> None:
        self.query_one(ObservationForm).record()

    def action_focus_feed(self) -> None:
        self.set_focus(self.query_one(Feed))

    def action_focus_form(self) -> None:
        self.set_focus(self.query_one("#objective"))

    def action_language(self) -> None:
        self.lang = "ja" if self.lang == "en" else "en"
