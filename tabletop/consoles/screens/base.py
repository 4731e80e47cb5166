"""What every console screen does: fold events into its view, redraw once per
batch, keep the clocks ticking, and show the connection state."""

from __future__ import annotations

import re
from dataclasses import replace

from textual import events
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen

from tabletop.consoles.model import rejection, unwrap
from tabletop.consoles.wire import Event
from tabletop.phrasebook import cells, phrase, section

TICK = 0.5  # seconds between clock redraws
SYNC_DELAY = 0.1  # seconds: a burst of events is redrawn once, at most this long after its first event


class ConsoleScreen(Screen):
    """Subclasses set `self.view` (SeatView or ControlView) and implement `sync` and `tick`."""

    lang: reactive[str] = reactive("en", init=False)

    # An open drop-down's Esc, named in the console's language (Textual's own reads "Dismiss menu"):
    # this binding is only there while a menu is open (check_action) and closes it the same way.
    # Textual's palette key likewise (the footer shows whatever ctrl+p is bound to, on its right).
    BINDINGS = [Binding("escape", "close_menu", "Dismiss menu", priority=True),
                Binding("ctrl+p", "app.command_palette", "palette", show=False, priority=True)]
    # the phrasebook section naming the footer's keys: KEYS.<action>, and KEYS.<action>_narrow for a narrow terminal
    KEYS: str = ""
    KEY_LABELS: dict[str, dict[str, str]] = {}  # (older screens) action -> {"en", "ja", "en-narrow", "ja-narrow"}
    NARROW_HIDDEN: frozenset[str] = frozenset()  # actions left out of a narrow footer (still in ctrl+p)
    NARROW = 100  # columns: below this the console is laid out for a small terminal (class -narrow)

    def label_keys(self) -> None:
        """Name the footer's keys in the console's language (the phrasebook's KEYS), shorter on a narrow terminal,
        so that every key fits on the one footer line."""
        narrow = self.has_class("-narrow") or not self._footer_fits()
        self._short_keys = narrow
        keys = self._bindings.key_to_bindings
        for key, bindings in list(keys.items()):
            # New lists and bindings: the lists are shared with the class's own bindings.
            keys[key] = [self._labelled(b, narrow) for b in bindings]
        self.refresh_bindings()

    def _footer_fits(self) -> bool:
        """Whether the footer's keys with their full words fit on its line (Japanese words take two
        cells a character: a footer that fits in English may not in Japanese, #15)."""
        width = self.app.size.width
        if not width:
            return True
        need = cells(phrase("consoles.footer.app_command_palette", self.lang)) + 8  # ctrl+p's key, on the right
        counted: set[tuple] = set()  # a key named twice (f9,ctrl+l) is one footer key
        # What the footer shows now: the focused widget's keys too (the hotwash's ctrl+s), not the keys
        # check_action leaves out (Esc while no menu is open, "Fork here" before ENDEX).
        for active in self.active_bindings.values():
            shown = self._labelled(active.binding, False) if active.node is self else active.binding
            if shown.show and (id(active.node), shown.action) not in counted:
                counted.add((id(active.node), shown.action))
                need += cells(self.app.get_key_display(shown)) + cells(shown.description) + 3
        return need <= width

    def refit_keys(self) -> None:
        """Name the keys again if what the footer shows no longer fits with the words it has (or now would
        with the full ones): after a resize, a focus move, or a key that comes or goes (ENDEX)."""
        if getattr(self, "_short_keys", None) is not None and self._short_keys != (
                self.has_class("-narrow") or not self._footer_fits()):
            self.label_keys()

    def on_descendant_focus(self, event) -> None:
        self.refit_keys()

    def _labelled(self, binding, narrow: bool):
        base = self._bindings_shown.setdefault(binding.action, (binding.description, binding.show))
        if self.KEYS:
            words = section(self.KEYS, self.lang)
            key = re.sub(r"\W+", "_", binding.action).strip("_")  # tab('act') -> tab_act
            shared = section("consoles.footer", self.lang)
            description = (narrow and words.get(f"{key}_narrow")) or words.get(key) or shared.get(key) or base[0]
        else:
            labels = self.KEY_LABELS.get(binding.action, {})
            description = (narrow and labels.get(f"{self.lang}-narrow")) or labels.get(self.lang) or base[0]
        show = base[1] and not (narrow and binding.action in self.NARROW_HIDDEN)
        return replace(binding, description=description, show=show)

    def _open_menus(self) -> list:
        from textual.widgets import Select

        return [s for s in self.query(Select) if s.expanded]

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "close_menu":
            return bool(self._open_menus())
        return True

    def action_close_menu(self) -> None:
        for select in self._open_menus():
            select.expanded = False
            select.focus()

    def on_resize(self, event) -> None:
        narrow = event.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.layout_changed(narrow)
            self.label_keys()
        else:
            self.refit_keys()

    def layout_changed(self, narrow: bool) -> None:
        """Hook: the terminal became narrow (or wide again)."""
        for footer in self.query("Footer"):
            footer.compact = narrow

    def __init__(self, welcome: dict, **kwargs) -> None:
        super().__init__(**kwargs)
        self.welcome = welcome
        self.view = None
        self._sync_pending = False
        self._ready = False
        self._unshown: list[Event] = []
        self._bindings_shown: dict[str, tuple[str, bool]] = {}  # action -> its own (description, show)
        self.status = "connecting"
        self.memory = None  # the app's SeatMemory (language, tab, scroll kept across runs)

    async def on_event(self, event) -> None:
        if isinstance(event, events.Mount) and not self.is_attached:
            # Closed while this screen was being put up (ctrl+q at once, a browser tab closed, the
            # server gone): once the app is exiting Textual mounts nothing more (and says so:
            # is_attached is False), so the widgets the mount handlers fill in were never put
            # there. Nothing is to be shown: the handlers are skipped.
            return
        await super().on_event(event)

    def on_mount(self) -> None:
        # Textual calls each class's on_mount in turn, and the consoles' own call this one first
        # (super().on_mount()): it runs once.
        if self._ready:
            return
        self._ready = True
        unshown, self._unshown = self._unshown, []
        for event in unshown:
            self.event_applied(event)
        self.show_connection(self.status)
        self.set_interval(TICK, self.tick)
        self.sync()
        self.tick()
        if hasattr(self.app, "console_drawn"):
            self.call_after_refresh(self.app.console_drawn)

    def now(self) -> float:
        return self.app.now()

    # -- down from the app ---------------------------------------------------------

    def receive(self, event_json: dict) -> None:
        try:
            event = Event.from_json(unwrap(event_json))
        except (KeyError, TypeError, ValueError):
            return
        if self.view.apply(event):
            if self._ready:
                try:
                    self.event_applied(event)
                except NoMatches:  # the console is being torn down (quitting)
                    return
                self._schedule_sync()
            else:
                self._unshown.append(event)

    def receive_many(self, events: list[dict]) -> None:
        for e in events:
            self.receive(e)

    def connection_changed(self, status: str) -> None:
        self.status = status
        if self._ready:
            self.show_connection(status)

    def command_answered(self, command: dict, result: dict) -> None:
        """Hook: a command came back (accepted, blocked or rejected)."""
        if result.get("status") == "rejected":
            self.notify(rejection(result, self.lang) or "—", title=phrase("consoles.base.not_done", self.lang),
                        severity="error", timeout=8)

    # -- for subclasses ----------------------------------------------------------------

    def event_applied(self, event: Event) -> None:
        """Hook: one new event was folded into the view (append it to feeds here)."""

    def show_connection(self, status: str) -> None:
        """Hook: show the connection state (connecting, connected, reconnecting, closed)."""

    def sync(self) -> None:
        """Redraw everything that depends on the view."""

    def tick(self) -> None:
        """Redraw clocks and countdowns."""

    def _schedule_sync(self) -> None:
        if not self._sync_pending:
            self._sync_pending = True
            self.set_timer(SYNC_DELAY, self._run_sync)

    def on_unmount(self) -> None:
        self._ready = False

    def _run_sync(self) -> None:
        self._sync_pending = False
        if self._ready:
            try:
                self.sync()
                self.tick()
            except NoMatches:  # torn down meanwhile
                pass
