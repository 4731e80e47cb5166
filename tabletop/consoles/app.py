"""The console application: connect with a seat code, then show the console
the server's welcome calls for (facilitator, participant or evaluator).

Thin on purpose: it owns the client, turns its callbacks into messages, and
hands each event to the console screen; the screens do the rest."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from textual import events, on, work
from textual.app import App
from textual.binding import Binding

from tabletop.consoles import collector
from tabletop.consoles.messages import CommandRequested, Connected, ConnectionChanged, ConnectionsListed, EventArrived
from tabletop.consoles.screens.connecting import ConnectingScreen
from tabletop.phrasebook import has, phrase, section


@dataclass
class Launch:
    """What `tabletop run` knows that a remote facilitator does not: the codes it issued and the log."""

    url: str
    codes: dict[str, str] = field(default_factory=dict)
    codes_file: str | None = None
    db_path: str | None = None
    notes: list[str] = field(default_factory=list)


QUIT_KEYS = ("ctrl+q", "ctrl+c")  # keys never held for the console: they leave at once

_NOTIFY_TAKES_MARKUP = "markup" in inspect.signature(App.notify).parameters


def _driver_for_environment():
    if os.environ.get("TEXTUAL_DRIVER"):  # textual-serve's browser tab: the console ends with its server
        from tabletop.consoles.web_driver import driver_for_environment

        return driver_for_environment()
    return None


def default_client_factory(url: str, code: str, **kwargs) -> Any:
    from tabletop.client import Client

    return Client(url, code, **kwargs)


class ConsoleApp(App[int]):
    """One seat's console."""

    CSS_PATH = "consoles.tcss"
    TITLE = "tabletop"
    ENABLE_COMMAND_PALETTE = True
    # Tab moves the cursor before the keys typed behind it are handed on (a priority binding is run as
    # the key arrives; Screen's own Tab waits until the key has been offered to the focused widget, by
    # when the next keys have gone to that widget too): text, Tab, text typed at once fills two boxes.
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
                Binding("tab", "focus_next", "Focus Next", show=False, priority=True),
                Binding("shift+tab", "focus_previous", "Focus Previous", show=False, priority=True)]

    def __init__(self, url: str, code: str | None, *, client_factory: Callable[..., Any] | None = None,
                 now: Callable[[], float] = time.time, launch: Launch | None = None, lang: str | None = "en",
                 expect: str | None = None, fallback_lang: str = "en", present: bool = False) -> None:
        super().__init__(driver_class=_driver_for_environment())
        self.url = url
        self.code = code
        self.client_factory = client_factory or default_client_factory
        self.now = now
        self.launch = launch
        self.lang = lang or fallback_lang
        self.remembered_lang = lang is None  # no --lang: the language this seat last chose (memory.py), else fallback
        self.expect = expect
        self.present = present  # the read-only presenter view on a control code (screens/presenter.py)
        self.memory: Any = None  # the seat's SeatMemory, once welcomed
        self.client: Any = None
        self.console_screen: Any = None  # the console screen, once welcomed
        self.failure: str | None = None
        self.asked = False  # the code was typed into the console (it may be retyped after a refusal)
        self._backlog: list[dict] = []
        # Keys typed before the console is drawn (with the command, while "Connecting…" shows): held
        # here, then handed to the console in order once it is drawn, as if typed then (None: not holding).
        self._held_keys: list[events.Key] | None = [] if code else None
        # Benchmarks: note the time the console is first on screen (in this file), then quit.
        self._first_screen_file = os.environ.get("TABLETOP_EXIT_ON_FIRST_SCREEN")
        # ... or of the very first frame (the connecting screen, before the network client is loaded).
        self._first_paint_file = os.environ.get("TABLETOP_EXIT_ON_FIRST_PAINT")

    def notify(self, message: str, *, markup: bool = True, **kwargs) -> None:
        """Every notification shows its text as written, whoever asks (screens and widgets pass
        markup=True by default): they carry players' words, control's reasons and the server's
        messages, whose brackets (citations like "[SDF Act Art. 82-3]", or "[/]") are not Textual
        markup (read as markup they vanish, or stop the console)."""
        if _NOTIFY_TAKES_MARKUP:
            super().notify(message, markup=False, **kwargs)
        else:  # older Textual reads every notification as Rich markup
            from rich.markup import escape

            super().notify(escape(message), **kwargs)

    def get_system_commands(self, screen):
        """Textual's own palette commands (Theme, Quit, Keys...), named in the console's language."""
        from tabletop.consoles.system_commands import in_language

        lang = getattr(self.console_screen, "lang", self.lang)
        for command in super().get_system_commands(screen):
            yield in_language(command, lang)

    def action_command_palette(self) -> None:
        """Textual's palette, its "Search for commands…" in the console's language."""
        from textual.command import CommandPalette

        from tabletop.consoles.system_commands import search_placeholder

        if self.use_command_palette and not CommandPalette.is_open(self):
            lang = getattr(self.console_screen, "lang", self.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=search_placeholder(lang)))

    def on_mount(self) -> None:
        self.set_timer(collector.LONGEST, collector.resume)  # the start's pause ends, whatever happens
        if self._first_paint_file:  # the first frame only: nothing connects, so no console mounts as it quits
            self.push_screen(ConnectingScreen(self.url, self.lang))
            self.call_after_refresh(self._first_paint_shown)
            return
        if not self.code:
            from tabletop.consoles.screens.ask_code import AskCodeScreen

            collector.resume()  # waiting for a person now
            self.push_screen(AskCodeScreen(self.url, self.lang))
            return
        self.push_screen(ConnectingScreen(self.url, self.lang))
        self.connect()

    async def on_event(self, event) -> None:
        if isinstance(event, events.Key):
            collector.key_pressed()  # no full collection for a moment (collector.py)
            if self._held_keys is not None and not event.is_forwarded and event.key not in QUIT_KEYS:
                self._held_keys.append(event)  # typed before the console is there: kept for it
                return
        await super().on_event(event)

    async def _hand_on_held_keys(self) -> None:
        """The keys typed before the console was drawn, handed to it in the order typed. Run from the
        app's queue, so every key that came before this is among them and every key after waits."""
        held, self._held_keys = self._held_keys or [], None
        for key in held:
            await super().on_event(key)

    def on_ask_code_screen_code_given(self, message) -> None:
        self.code = message.code
        self.asked = True
        self._held_keys = []  # what is typed while the code is being checked is for the console
        self.connect()

    def _first_paint_shown(self) -> None:
        Path(self._first_paint_file).write_text(repr(time.time()))
        self.exit(0)

    @work(exclusive=True, group="connect")
    async def connect(self) -> None:
        if self.client_factory is default_client_factory:
            # Load the network client (aiohttp) off the event loop: the first frame is already up.
            await asyncio.to_thread(importlib.import_module, "tabletop.client.client")
        self.client = self.client_factory(self.url, self.code, on_event=self._on_event, on_status=self._on_status,
                                          on_connections=self._on_connections)
        try:
            welcome = await self.client.connect()
        except Exception as exc:  # BadCode, Unreachable and their kin carry a human message
            if self.asked and hasattr(self.screen, "refused"):
                self.client = None
                self._held_keys = None  # typing goes into the code box again
                self.screen.refused(_human(exc, self.lang))
                return
            self.fail(_human(exc, self.lang))
            return
        self.post_message(Connected(welcome))

    def fail(self, message: str) -> None:
        """Leave with a message for the terminal and a non-zero status."""
        self.failure = message
        collector.resume()
        self.exit(2, return_code=2)

    def _on_event(self, event: dict) -> None:
        self.post_message(EventArrived(event))

    def _on_status(self, status: str) -> None:
        self.post_message(ConnectionChanged(status))

    def _on_connections(self, connections: list[dict]) -> None:
        self.post_message(ConnectionsListed(list(connections)))

    def on_connections_listed(self, message: ConnectionsListed) -> None:
        if hasattr(self.console_screen, "connections_listed"):
            self.console_screen.connections_listed(message.connections)

    def on_connected(self, message: Connected) -> None:
        welcome = message.welcome
        kind = welcome.get("kind", "player")
        if self.expect and kind != self.expect:
            self.fail(phrase("cli.run.wrong_kind", self.lang, kind=_kind(kind, self.lang), seat=welcome.get("seat"),
                             expected=_kind(self.expect, self.lang), url=self.url))
            return
        from tabletop.consoles.memory import SeatMemory

        self.memory = SeatMemory.for_welcome(welcome, "presenter" if self.present else None)
        if self.remembered_lang and self.memory.get("lang") in ("en", "ja"):
            self.lang = self.memory.get("lang")
        try:
            if kind == "control" and self.present:
                from tabletop.consoles.screens.presenter import PresenterScreen

                screen = PresenterScreen(welcome, lang=self.lang, local_now=self.now())
            elif kind == "control":
                from tabletop.consoles.screens.facilitator import FacilitatorScreen

                screen = FacilitatorScreen(welcome, launch=self.launch, local_now=self.now(), lang=self.lang)
            elif kind == "evaluator":
                from tabletop.consoles.screens.evaluator import EvaluatorScreen

                screen = EvaluatorScreen(welcome, lang=self.lang, local_now=self.now())
            else:
                from tabletop.consoles.screens.participant import ParticipantScreen

                screen = ParticipantScreen(welcome, lang=self.lang, local_now=self.now())
        except ValueError as exc:
            self.fail(str(exc))
            return
        self.console_screen = screen
        screen.memory = self.memory
        self.watch(screen, "lang", lambda lang: self.memory.update(lang=lang), init=False)
        self.switch_screen(screen)
        backlog, self._backlog = self._backlog, []
        screen.receive_many(backlog)
        if self.client is not None:
            screen.connection_changed(getattr(self.client, "status", "connected"))
            if getattr(self.client, "connections", None) and hasattr(screen, "connections_listed"):
                screen.connections_listed(list(self.client.connections))  # listed before the screen was up

    def console_drawn(self) -> None:
        """The console screen is mounted and drawn: the start-up is over (collector.py).
        Benchmarks (TABLETOP_EXIT_ON_FIRST_SCREEN=FILE): note the time in FILE and quit."""
        if self._first_screen_file:
            if self._first_screen_file != "1":
                Path(self._first_screen_file).write_text(repr(time.time()))
            self.exit(0)
            return
        self.call_later(self._hand_on_held_keys)
        collector.resume()
        if collector.unsettled():  # a console command's start, just over
            self.set_timer(collector.SETTLE, collector.settle)
            self.set_interval(1.0, collector.tend)  # full collections between key presses

    def on_event_arrived(self, message: EventArrived) -> None:
        if self.console_screen is None:
            self._backlog.append(message.event)
        else:
            self.console_screen.receive(message.event)

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        if self.console_screen is not None:
            self.console_screen.connection_changed(message.status)
        elif isinstance(self.screen, ConnectingScreen):
            self.screen.status = message.status

    @on(CommandRequested)
    def send_command(self, message: CommandRequested) -> None:
        self.submit(message.command, message.origin)

    @work(group="send")
    async def submit(self, command: dict, origin=None) -> None:
        try:
            result = await self.client.send(command)
        except Exception as exc:
            result = {"status": "rejected", "code": "unsent", "message": _human(exc, getattr(self.console_screen, "lang", self.lang))}
        if origin is not None and hasattr(origin, "command_answered"):
            origin.command_answered(command, result)
        if self.console_screen is not None:
            self.console_screen.command_answered(command, result)

    async def check(self, action: str) -> dict | None:
        """What the rules say about this seat taking `action` now (None if the server cannot say)."""
        try:
            return await self.client.check(action)
        except Exception:
            return None

    async def action_quit(self) -> None:
        if self.launch is not None and self.console_screen is not None:
            from tabletop.consoles.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.call_later(self.leave)

            lang = getattr(self.console_screen, "lang", self.lang)
            w = section("consoles.app", lang)
            where = w("resume", db=self.launch.db_path) if self.launch.db_path else ""
            self.push_screen(ConfirmScreen(w("quit", where=where), yes=w["quit_yes"], no=w["cancel"], lang=lang), answered)
            return
        await self.leave()

    async def on_unmount(self) -> None:
        if self.client is not None and getattr(self.client, "status", "closed") != "closed":
            try:
                await self.client.close()
            except Exception:
                pass

    async def leave(self) -> None:
        if self.client is not None:
            try:
                await self.client.close()
            except Exception:
                pass
        self.exit(0)


def _human(exc: BaseException, lang: str | None = None) -> str:
    """What went wrong, for the person at the console: in `lang` where the error is a sentence still to be said."""
    from tabletop.problems import said

    message = exc.args[0] if len(exc.args) == 1 else None
    text = str(said(message, lang)) if message is not None and lang else str(exc)
    return text or exc.__class__.__name__


def _kind(kind: str, lang: str) -> str:
    key = f"cli.run.kind.{kind}"
    return phrase(key, lang) if has(key) else kind


def console_path() -> Path:
    return Path(__file__).parent
