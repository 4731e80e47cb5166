"""The facilitator's console (White Cell): clocks, MSEL, feed, situation board,
seats, and every control by key and in the command palette."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Static

from tabletop.consoles.commands import FacilitatorCommands
from tabletop.consoles.describe import reasons_text
from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import ControlView, pick
from tabletop.consoles.screens.base import ConsoleScreen
from tabletop.consoles.screens.codes import CodesScreen, join_command
from tabletop.consoles.screens.confirm import ConfirmScreen
from tabletop.consoles.wire import Event
from tabletop.consoles.widgets.classification_banner import ClassificationBanner
from tabletop.consoles.widgets.connection_badge import ConnectionBadge
from tabletop.consoles.widgets.feed import Feed
from tabletop.consoles.widgets.msel_table import MselTable
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles.widgets.seats_table import SeatsTable
from tabletop.consoles.widgets.situation_board import SituationBoard
from tabletop.consoles.widgets.world_clocks import WorldClocks
from tabletop.phrasebook import phrase, section
from tabletop.problems import said


class FacilitatorScreen(ConsoleScreen):
    """Control's seat. Folds every event into the engine State locally. (Its layout: consoles.tcss.)"""

    COMMANDS = {FacilitatorCommands}

    KEYS = "consoles.facilitator.keys"  # the footer's words (tabletop/phrasebook/data/consoles.yaml)
    connection_counts: dict[str, int] = {}  # seat -> open connections (the server's list; replaced, never mutated)
    NARROW_HIDDEN = frozenset({"language", "codes"})  # c is named in the header's first words
    WORLD_CLOCKS = 130  # columns: below this the wall clocks leave the header to the title

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("p,space", "pause_resume", "Pause/Resume"),
        Binding("f", "speed", "Speed"),
        Binding("r", "release", "Release"),
        Binding("h", "hold", "Hold"),
        Binding("k", "skip", "Skip"),
        Binding("a", "adhoc", "Ad hoc"),
        Binding("u", "ruling", "Ruling"),
        Binding("F", "fork", "Fork here"),  # at the hotwash (ENDEX), with the log on hand: see check_action
        Binding("c", "codes", "Codes"),
        Binding("w", "report", "Report"),
        Binding("e", "end", "End"),
        Binding("j", "jump", "Jump", show=False),  # to the next phase (scenario format tabletop/2)
        Binding("f9,l", "language", "EN/日本語"),  # F9 in every console; l kept here (nothing to type)
    ]

    def __init__(self, welcome: dict, launch=None, local_now: float = 0.0, lang: str = "en") -> None:
        super().__init__(welcome)
        self.view = ControlView(welcome, local_now)
        self.view.lexicon.seats = list(self.view.scenario.seats)
        self.set_reactive(FacilitatorScreen.lang, lang)
        self.launch = launch

    # -- compose -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        s = self.view.scenario
        yield ClassificationBanner(s.banner, s.basis)
        with Horizontal(id="header"):
            with Vertical(id="titles"):
                yield Static(id="title")  # filled in the console's language by _titles
                yield Static(id="subtitle")
                yield Static(self._exercise_line(), id="exercise")
                yield Static(self._hint(), id="hint")
            yield ScenarioClock()
            yield WorldClocks()
            yield ConnectionBadge()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield MselTable()
            with Vertical(id="right"):
                with VerticalScroll(id="board"):
                    yield SituationBoard()
                yield SeatsTable()
        yield Feed(self.view.lexicon)
        yield Footer()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < self.WORLD_CLOCKS, "-no-world-clocks")
        super().on_resize(event)

    def layout_changed(self, narrow: bool) -> None:
        super().layout_changed(narrow)
        self.query_one(Footer).show_command_palette = not narrow  # room for every key (ctrl+p still works)
        self.query_one("#hint", Static).update(self._hint())

    def _hint(self) -> Text:
        """The header's line of keys the narrow footer has no room for (F9 is named in every console,
        #15), then the seat codes' key and the join line when this machine holds the codes."""
        parts = [phrase("consoles.facilitator.hint_language", self.lang)] if self.has_class("-narrow") else []
        if self.launch and self.launch.codes:
            join = join_command(self.launch.url, phrase("consoles.placeholder.code", self.lang))
            parts.append(phrase("consoles.facilitator.hint", self.lang, join=join))
        return Text(" · ".join(parts), no_wrap=True, overflow="ellipsis")

    def on_mount(self) -> None:
        if self.lang != "en":
            self.watch_lang(self.lang)
        super().on_mount()
        self.query_one(MselTable).focus()
        self._titles()
        for note in (self.launch.notes if self.launch else []):  # e.g. the port was taken
            self.notify(str(said(note, self.lang)), severity="warning", timeout=20)

    # -- from the app ---------------------------------------------------------------------

    def event_applied(self, event: Event) -> None:
        self.query_one(Feed).add(event)

    def show_connection(self, status: str) -> None:
        self.query_one(ConnectionBadge).status = status

    def connections_listed(self, connections: list[dict]) -> None:
        """The server's open connections: a seat open more than once is marked in the seats table,
        and said once when it happens (a code in two tabs, or passed on)."""
        counts: dict[str, list[str]] = {}
        for c in connections:
            counts.setdefault(c.get("seat") or "", []).append(str(c.get("address") or "?"))
        before = self.connection_counts
        self.connection_counts = {seat: len(addresses) for seat, addresses in counts.items()}
        for seat, addresses in counts.items():
            if seat and seat != "control" and len(addresses) > 1 and before.get(seat, 0) < len(addresses):
                self.notify(self.say("many_connections", seat=seat, n=len(addresses),
                                     addresses=", ".join(sorted(set(addresses)))), severity="warning", timeout=15)
        if self._ready:
            self._show_seats()

    def _show_seats(self) -> None:
        table = self.query_one(SeatsTable)
        table.connections = self.connection_counts
        table.show(self.view)

    def check_action(self, action: str, parameters) -> bool | None:
        """"Fork here" is offered at the hotwash (after ENDEX), on the machine holding the log
        (False: left out of the footer, and the key does nothing)."""
        if action == "fork":
            return bool(self.view.state.phase == "ended" and self.launch and self.launch.db_path)
        return super().check_action(action, parameters)

    def sync(self) -> None:
        if self.view.state.phase != getattr(self, "_phase_shown", None):
            self._phase_shown = self.view.state.phase
            self.refresh_bindings()  # "Fork here" comes with ENDEX
            self.refit_keys()  # ... and takes room in the footer
        self.query_one(MselTable).show(self.view)
        self._show_seats()
        self.query_one("#exercise", Static).update(self._exercise_line())

    def _exercise_line(self) -> Text:
        exercise = self.view.state.exercise or self.view.scenario.id
        return Text(phrase("consoles.facilitator.exercise_line", self.lang, exercise=exercise), style="dim")

    def tick(self) -> None:
        state = self.view.state
        now = self.now()
        at = self.view.at(now)
        clock = self.query_one(ScenarioClock)
        clock.at = at
        clock.phase = state.phase
        clock.speed = state.clock.speed
        world = self.query_one(WorldClocks)
        world.instant = self.view.scenario.start.timestamp() + at
        world.real = now
        self.query_one(SituationBoard).show(self.view, at)

    def _titles(self) -> None:
        s = self.view.scenario  # the title in the console's language first, the other beneath (#15)
        other = "en" if self.lang == "ja" else "ja"
        self.query_one("#title", Static).update(Text(s.title.get(self.lang), no_wrap=True, overflow="ellipsis"))
        self.query_one("#subtitle", Static).update(Text(s.title.get(other) if s.title.ja else "", style="dim",
                                                        no_wrap=True, overflow="ellipsis"))
        self.query_one(Feed).border_title = phrase("consoles.facilitator.title.feed", self.lang)
        self.query_one("#board").border_title = phrase("consoles.facilitator.title.board", self.lang)
        self.query_one("#hint", Static).update(self._hint())

    def watch_lang(self, lang: str) -> None:
        for widget in self.query("MselTable, Feed, ScenarioClock, WorldClocks, ConnectionBadge, SituationBoard, "
                                 "SeatsTable"):
            widget.lang = lang
        self.query_one(MselTable).relabel()
        self.query_one(SeatsTable).relabel()
        self._titles()
        self.label_keys()
        self.sync()
        self.tick()

    # -- helpers ------------------------------------------------------------------------------

    def send(self, command: dict) -> None:
        self.post_message(CommandRequested(command))

    # What each control may do to an inject in each state (as the engine allows).
    INJECT_STATES = {"release": ("pending", "held"), "hold": ("pending",), "skip": ("pending", "held")}

    def _selected_inject(self, verb: str) -> str | None:
        inject = self.query_one(MselTable).selected_inject
        if inject is None or inject not in self.view.scenario._injects:
            self.notify(self.say("select"), severity="warning")
            return None
        status = self.view.state.inject(inject).status
        if status not in self.INJECT_STATES[verb]:
            upcoming = self.view.next_due_inject()
            words = section("consoles.msel_table", self.lang)
            self.notify(self.say("not_now", inject=inject, status=words.get(status, status),
                                 verb=phrase(f"consoles.facilitator.verb.{verb}", self.lang),
                                 next=self.say("next", inject=upcoming) if upcoming else ""), severity="warning")
            return None
        return inject

    def say(self, key: str, **values) -> str:
        return phrase(f"consoles.facilitator.say.{key}", self.lang, **values)

    def inject_label(self, inject_id: str) -> str:
        inj = self.view.scenario.inject(inject_id)
        return phrase("consoles.facilitator.inject_label", self.lang, inject=inj.id, title=pick(inj.title, self.lang))

    def blocked_choices(self) -> list[tuple[int, Text]]:
        lex = self.view.lexicon
        out = []
        for e in self.view.pending_rulings():
            line = Text()
            line.append(f"#{e.seq}  ", style="bold")
            line.append(phrase("consoles.situation_board.move", self.lang, seat=lex.role(e.actor, self.lang),
                               action=lex.action(e.payload.action, self.lang)), style="bold")
            line.append(" — ")
            line.append_text(reasons_text(e.payload.reasons, self.lang))
            out.append((e.seq, line))
        return out

    # -- actions --------------------------------------------------------------------------------

    def action_start(self) -> None:
        if self.view.state.phase != "created":
            self.notify(self.say("started"), severity="warning")
            return
        self.send({"type": "start"})

    def action_pause_resume(self) -> None:
        phase = self.view.state.phase
        if phase == "running":
            self.send({"type": "pause"})
        elif phase == "paused":
            self.send({"type": "resume"})
        elif phase == "created":
            self.notify(self.say("not_started"), severity="warning")
        else:
            self.notify(self.say("ended"), severity="warning")

    def send_given(self, command: dict | None) -> None:
        """A dialog's answer: the command it wrote, or None (cancelled: nothing is sent)."""
        if command:
            self.send(command)

    def action_speed(self) -> None:
        from tabletop.consoles.screens.speed import SpeedScreen

        self.app.push_screen(SpeedScreen(self.view.state.clock.speed, self.lang),
                             lambda speed: self.send_given(speed is not None and {"type": "speed", "speed": speed}))

    def action_release(self, inject: str | None = None) -> None:
        self.send_given((inject := inject or self._selected_inject("release")) and {"type": "release", "inject": inject})

    def action_hold(self, inject: str | None = None) -> None:
        self.send_given((inject := inject or self._selected_inject("hold")) and {"type": "hold", "inject": inject})

    def action_skip(self, inject: str | None = None) -> None:
        if inject := inject or self._selected_inject("skip"):
            self.app.push_screen(ConfirmScreen(self.say("skip", inject=self.inject_label(inject)),
                                               yes=self.say("skip_yes"), no=self.say("cancel"), lang=self.lang),
                                 lambda yes: self.send_given(yes and {"type": "skip", "inject": inject}))

    def action_adhoc(self) -> None:
        from tabletop.consoles.screens.adhoc import AdhocScreen

        seats = [(s, self.view.lexicon.role(s, self.lang)) for s in self.view.scenario.seats]
        self.app.push_screen(AdhocScreen(seats, self.lang), self.send_given)

    def action_ruling(self) -> None:
        from tabletop.consoles.screens.ruling import RulingScreen

        self.app.push_screen(RulingScreen(self.blocked_choices(), self.lang), self.send_given)

    def action_codes(self) -> None:
        launch = self.launch
        if launch is None:
            self.notify(self.say("codes_elsewhere"), severity="warning")
            return
        lex, scenario = self.view.lexicon, self.view.scenario
        names = {s: lex.role(s, self.lang) for s in launch.codes}
        sheet = {"title": pick(scenario.title, self.lang), "exercise": self.view.state.exercise or scenario.id,
                 "banner": scenario.banner, "roles": {s: {"en": lex.role(s, "en"), "ja": lex.role(s, "ja")}
                                                      for s in launch.codes}}
        self.app.push_screen(CodesScreen(launch.url, launch.codes, names, launch.codes_file, launch.notes,
                                         lang=self.lang, sheet=sheet))

    def action_jump(self) -> None:
        from tabletop.engine.scheduler import next_phase

        state = self.view.state
        if state.phase == "created" or next_phase(state) is None:
            self.notify(self.say("not_started" if state.phase == "created" else "no_next_phase"), severity="warning")
            return
        self.send({"type": "jump"})  # the server refuses it, with its reason, while the clock is paused

    def action_end(self) -> None:
        if self.view.state.phase == "ended":
            self.notify(self.say("ended"), severity="warning")
            return
        from tabletop.consoles.screens.endex import endex_question  # names what is left open

        self.app.push_screen(ConfirmScreen(endex_question(self.view, self.lang), yes=self.say("endex_yes"),
                                           no=self.say("cancel"), lang=self.lang),
                             lambda yes: self.send_given(yes and {"type": "end"}))

    def action_language(self) -> None:
        self.lang = "ja" if self.lang == "en" else "en"

    def action_report(self) -> None:
        db = self.launch.db_path if self.launch else None
        if not db:
            self.notify(self.say("report_elsewhere"), severity="warning")
            return
        self.notify(self.say("writing"))
        self.write_report(db)

    def action_fork(self) -> None:
        from tabletop.consoles.screens.fork import ForkScreen, fork_choices

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer:
                self.notify(self.say("forking", decision=answer[0], option=answer[1]))
                self.make_fork(self.launch.db_path, *answer)

        self.app.push_screen(ForkScreen(fork_choices(self.view, self.lang), self.lang), chosen)

    def tell(self, text: str, severity: str = "information", timeout: float = 15) -> None:
        """A notification from a worker thread."""
        self.app.call_from_thread(self.notify, text, severity=severity, timeout=timeout)

    @work(thread=True, exclusive=True, group="fork")
    def make_fork(self, db: str, decision: str, option: str) -> None:
        from tabletop.consoles.screens.fork import fork_in_process

        out, error = fork_in_process(db, decision, option)
        if out is None:
            self.tell(self.say("fork_failed", error=error), "error")
        else:
            self.tell(self.say("forked", path=out, decision=decision, option=option), timeout=30)

    @work(thread=True, exclusive=True, group="report")
    def write_report(self, db: str) -> None:
        """`tabletop report` in a process of its own: WeasyPrint's seconds of work stay out of this
        one (the console keeps answering), and that process forks its PDF writer, which it can do
        safely where this one, with its threads, cannot. Each file is announced as it is written."""
        import subprocess
        import sys
        import tempfile

        try:
            import tabletop.report  # noqa: F401  (the report's modules are there to run)
        except ImportError:
            return self.tell(self.say("no_report"), "error")
        command = [sys.executable, "-m", "tabletop", "report", db, "--format", "html,pdf", "--lang", self.lang,
                   "-o", str(Path("reports") / Path(db).stem)]
        try:
            with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:  # read once it has ended
                with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL,
                                      text=True, encoding="utf-8") as writer:
                    for line in writer.stdout:  # "wrote PATH" as each file is there: the HTML, then the PDF
                        if line.startswith("wrote "):
                            path = line[len("wrote "):].split("; ")[0].strip()
                            self.tell(self.say("written", path=path) + (self.say("pdf_follows")
                                                                          if path.endswith(".html") else ""))
                errors.seek(0)
                said = [line.removeprefix("tabletop: ").strip() for line in errors if line.strip()]
        except OSError as exc:
            return self.tell(self.say("failed", error=exc), "error")
        warnings = [text for text in said if text.startswith("warning: ")]
        for text in warnings:
            self.tell(text.removeprefix("warning: "), "warning")
        if writer.returncode != 0:  # the command's own message for the user (e.g. a log that is not one)
            problem = [text for text in said if text not in warnings][-1:] or [f"exit {writer.returncode}"]
            self.tell(self.say("failed", error=problem[0]), "error")
