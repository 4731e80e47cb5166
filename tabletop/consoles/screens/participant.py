"""A role player's console: role banner and clock, inbox, decisions, free action,
messages, language toggle, and the hotwash at ENDEX."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widget import MountError
from textual.widgets import Footer, Select, TabbedContent, TabPane, Tabs

from tabletop.consoles.messages import CommandRequested
from tabletop.consoles.model import SeatView, pick
from tabletop.consoles.screens.base import ConsoleScreen
from tabletop.consoles.widgets import NO_SELECTION
from tabletop.consoles.widgets.action_form import ActionForm
from tabletop.consoles.widgets.classification_banner import ClassificationBanner
from tabletop.consoles.widgets.connection_badge import ConnectionBadge
from tabletop.consoles.widgets.decision_card import DecisionCard
from tabletop.consoles.widgets.decision_panel import DecisionPanel
from tabletop.consoles.widgets.hotwash_form import HotwashForm
from tabletop.consoles.widgets.inbox import Inbox
from tabletop.consoles.widgets.messages_panel import MessagesPanel
from tabletop.consoles.widgets.role_banner import RoleBanner
from tabletop.consoles.widgets.scenario_clock import ScenarioClock
from tabletop.consoles import wire as ev
from tabletop.consoles.wire import Event
from tabletop.phrasebook import for_players, phrase, section

# Events after which the options of an open decision are checked again with the rules. Facts this
# seat cannot see (another side's moves, flags) are caught by the periodic check (RECHECK_EVERY).
RECHECK = {ev.DECISION_OPENED, ev.INJECT_RELEASED, ev.MOVE_SUBMITTED, ev.SITUATION_DECLARED, ev.SITUATION_ENDED,
           ev.RULING_MADE,
           ev.CLOCK_RESUMED, ev.EXERCISE_STARTED}
RECHECK_EVERY = 10.0  # seconds
SCROLL_KEPT_EVERY = 2.0  # seconds between notes of how far each list is scrolled (memory.py)
SCROLLED = ("#inbox-list", "DecisionPanel", "#message-log", "#action-list")  # the lists whose place is kept

class ParticipantScreen(ConsoleScreen):
    DEFAULT_CSS = """
    ParticipantScreen #header { height: 4; background: $boost; }
    ParticipantScreen #body { height: 1fr; }
    ParticipantScreen Inbox { width: 40%; }
    ParticipantScreen TabbedContent { width: 60%; }
    ParticipantScreen TabPane { padding: 0; }
    """

    # priority: the cursor is where a key sends it before the keys typed behind it are handed on
    # (a burst typed after F4 goes into the Act form, not to the widget F4 was pressed on).
    BINDINGS = [
        Binding("f2", "focus_inbox", "Inbox", priority=True),
        Binding("f3", "tab('decisions')", "Decide", priority=True),
        Binding("f4", "tab('act')", "Act", priority=True),
        Binding("f6", "tab('messages')", "Message", priority=True),
        Binding("f7", "tab('hotwash')", "Hotwash", priority=True),
        Binding("f9,ctrl+l", "language", "EN/日本語"),
    ]
    FORMS_WAIT = 5.0  # seconds a tab key waits at most for the forms being mounted (they take a fraction of one)

    KEYS = "consoles.participant.keys"  # the footer's words (tabletop/phrasebook/data/consoles.yaml)

    def __init__(self, welcome: dict, lang: str = "en", local_now: float = 0.0) -> None:
        super().__init__(welcome)
        self.view = SeatView(welcome, local_now)
        languages = (welcome.get("scenario") or {}).get("languages") or ["en", "ja"]
        self.set_reactive(ParticipantScreen.lang, lang if lang in languages else languages[0])
        self._hotwash_shown = False
        self._forms_ready = False
        self._forms_done = asyncio.Event()  # the forms are mounted, or will never be (the console closed)
        self._recheck = False  # something happened that may change what the rules say
        self._recheck_actions = True  # ... about the role's own actions (the Act list's ⛔ marks)
        self._messages_seen: int | None = None  # the last message seen in the Messages tab (a seq; kept)
        self._restoring = False  # scroll places kept from the last run still being put back

    def compose(self) -> ComposeResult:
        w = self.welcome
        scenario = self.view.scenario
        seat = self.view.seat
        lex = self.view.lexicon
        side = lex.side(seat)
        title = w.get("title") or (lex.roles.get(seat) or {}).get("title") or {"en": seat}
        yield ClassificationBanner(scenario.get("banner", ""), scenario.get("basis", "fictional"))
        with Horizontal(id="header"):
            yield RoleBanner(title, side, (w.get("sides") or {}).get(side), scenario.get("title") or {})
            yield ScenarioClock()
            yield ConnectionBadge()
        with Horizontal(id="body"):
            yield Inbox()
            # No initial=: decisions is the first tab anyway, and a TabbedContent given one raises
            # when the console closes while it mounts (its tab strip is then mounted empty).
            with TabbedContent():
                with TabPane(section("consoles.participant.tabs", "en")["decisions"], id="decisions"):
                    yield DecisionPanel()
                # The other tabs' forms are mounted just after the first frame (see on_mount): the
                # console is on screen sooner, and they are still mounted once, never rebuilt.
                yield TabPane(section("consoles.participant.tabs", "en")["act"], id="act")
                yield TabPane(section("consoles.participant.tabs", "en")["messages"], id="messages")
                yield TabPane(section("consoles.participant.tabs", "en")["hotwash"], id="hotwash")
        yield Footer()

    def _later_forms(self) -> list[tuple[str, object]]:
        w = self.welcome
        seats = [s["id"] if isinstance(s, dict) else s for s in self.view.scenario.get("seats") or []]
        return [("act", ActionForm(w.get("actions") or [], self.view.seat)),
                ("messages", MessagesPanel(self.view.seat, seats, self.view.lexicon, w.get("sides"))),
                ("hotwash", HotwashForm())]

    async def _mount_forms(self) -> None:
        try:
            tabs = self.query_one(TabbedContent)
            for pane, form in self._later_forms():
                form.lang = self.lang
                await tabs.get_pane(pane).mount(form)
            self._forms_ready = True
            self._push_lang()
            self.sync()
            self._restore()
        except (NoMatches, MountError):  # the console was closed before its forms were up (quit at once)
            return
        finally:
            self._forms_done.set()

    def on_mount(self) -> None:
        self.query_one(TabbedContent).hide_tab("hotwash")
        self._push_lang()
        super().on_mount()
        self.set_interval(RECHECK_EVERY, self._periodic_check)
        self.set_interval(SCROLL_KEPT_EVERY, self._keep_scroll)
        self.call_after_refresh(self.run_worker, self._mount_forms, group="forms")  # the coroutine made when run

    # -- from the app ------------------------------------------------------------------

    def event_applied(self, event: Event) -> None:
        if event.type in RECHECK:
            self._recheck = True
            self._recheck_actions = True
        if event.seq <= int(self.welcome.get("last_seq") or 0):
            return  # history replayed on joining: no alerts
        if event.type == ev.DECISION_OPENED and event.known and event.payload.to == self.view.seat:
            self.notify(self.words("decision", id=event.payload.decision), timeout=6)
        elif event.type == ev.INJECT_RELEASED and event.known:
            title = for_players(pick(event.payload.title, self.lang))
            self.notify(title, title=self.words("inject", id=event.payload.inject), timeout=6)
        elif event.type == ev.MESSAGE_SENT and event.actor != self.view.seat:
            sender = self.view.lexicon.role(event.actor, self.lang)
            text = event.payload.text if event.known else ""
            self.notify(text if len(text) <= 120 else text[:119] + "…",
                        title=self.words("message_from", sender=sender), timeout=10)
        elif event.type == ev.RULING_MADE and event.known and event.payload.seat == self.view.seat:
            p = event.payload
            verdict = p.verdict if p.verdict in ("overrule", "uphold") else "adjudicate"
            action = self.view.lexicon.action(p.action, self.lang)
            self.notify(f"{self.words(verdict, action=action)}\n{p.reason}", title=self.words("ruling"),
                        severity="warning" if verdict == "uphold" else "information", timeout=12)

    def words(self, key: str, **fields) -> str:
        return phrase(f"consoles.participant.tabs.{key}", self.lang, **fields)

    def show_connection(self, status: str) -> None:
        self.query_one(ConnectionBadge).status = status

    def sync(self) -> None:
        view = self.view
        at = view.at(self.now())
        self.query_one(Inbox).show(view.inbox)
        new_cards = self.query_one(DecisionPanel).show(list(view.decisions.values()), at)
        if self._forms_ready:
            self.query_one(MessagesPanel).show(view.messages)
        open_n = len(view.open_decisions())
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("decisions").label = self.words("decisions_open", n=open_n) if open_n else self.words("decisions")
        self._label_messages()
        if self._forms_ready:
            hotwash = self.query_one(HotwashForm)
            hotwash.open = view.ended
            hotwash.sent = view.hotwash_sent
        if view.ended and not self._hotwash_shown and self._forms_ready:
            self._hotwash_shown = True
            tabs.show_tab("hotwash")
            tabs.active = "hotwash"
            self.query_one("#strengths").focus()  # typing goes straight into the form
        if self._recheck_actions and self._forms_ready:
            self._recheck_actions = False
            self.check_actions()
        if (new_cards or self._recheck) and self.query_one(DecisionPanel).open_cards():
            self._recheck = False
            self.check_options()

    def _periodic_check(self) -> None:
        if self._forms_ready and self.query_one(TabbedContent).active == "act":
            self.check_actions()
        if self.query_one(DecisionPanel).open_cards():
            self.check_options()

    def tick(self) -> None:
        view = self.view
        at = view.at(self.now())
        clock = self.query_one(ScenarioClock)
        clock.at = at
        clock.phase = view.phase
        clock.speed = view.clock.clock.speed
        self.query_one(DecisionPanel).tick(at, view.clock.clock.speed)

    def command_answered(self, command: dict, result: dict) -> None:
        if command.get("type") == "ack":
            return
        if command.get("type") in ("move", "action", "message", "hotwash"):
            return  # the form that sent it shows the outcome
        super().command_answered(command, result)

    def layout_changed(self, narrow: bool) -> None:
        super().layout_changed(narrow)
        for form in self.query(HotwashForm):
            form.relabel_keys()  # its ctrl+s leaves a narrow footer

    # -- language ----------------------------------------------------------------------------

    def watch_lang(self) -> None:
        self._push_lang()
        if self._ready:
            self.sync()
            self.tick()

    def _push_lang(self) -> None:
        lang = self.lang
        self.label_keys()
        for widget in self.query("RoleBanner, ScenarioClock, ConnectionBadge, Inbox, DecisionPanel, ActionForm, "
                                 "MessagesPanel, HotwashForm"):
            widget.lang = lang
        t = section("consoles.participant.tabs", lang)
        tabs = self.query_one(TabbedContent)
        for pane in ("act", "hotwash"):
            tabs.get_tab(pane).label = t[pane]
        self._label_messages()

    def _unseen_messages(self) -> int:
        """Messages from others since the Messages tab was last open, in this console or an earlier
        one of the seat's on this machine (memory.py): a console opened later counts them too."""
        if self._messages_seen is None:
            self._messages_seen = int((self.memory.get("messages_seen") if self.memory else 0) or 0)
        if self._forms_ready and self.query_one(TabbedContent).active == "messages":
            self._see_messages()
        return sum(1 for m in self.view.messages if m.sender != self.view.seat and m.seq > self._messages_seen)

    def _see_messages(self) -> None:
        last = max((m.seq for m in self.view.messages), default=0)
        if last > (self._messages_seen or 0):
            self._messages_seen = last
            if self.memory is not None:
                self.memory.update(messages_seen=last)

    def _label_messages(self) -> None:
        n = self._unseen_messages()
        self.query_one(TabbedContent).get_tab("messages").label = (
            self.words("messages_new", n=n) if n else self.words("messages"))

    # -- kept across runs (memory.py) ------------------------------------------------------------

    def _restore(self) -> None:
        """The tab and the scroll positions this seat left, once the forms are up (a rejoin, a reload)."""
        if self.memory is None:
            return
        tab = self.memory.get("tab")
        tabs = self.query_one(TabbedContent)
        if tab in ("decisions", "act", "messages") and not self.view.ended:
            tabs.active = tab
        scroll = {k: v for k, v in (self.memory.get("scroll") or {}).items()
                  if k in SCROLLED and isinstance(v, (int, float)) and v > 0}
        self._scroll_back(scroll, tries=20)

    def _scroll_back(self, scroll: dict, tries: int) -> None:
        """Scroll each list back to where it was, once it is laid out and long enough (its content
        arrives with the backlog): tried again every 0.1 s, for at most `tries` times."""
        left = {}
        for selector, y in scroll.items():
            for widget in self.query(selector):
                if widget.max_scroll_y >= y:
                    widget.scroll_to(y=y, animate=False, immediate=True)
                else:
                    left[selector] = y
        self._restoring = bool(left) and tries > 1
        if self._restoring:
            self.set_timer(0.1, lambda: self._scroll_back(left, tries - 1))

    def _keep_scroll(self) -> None:
        """Note how far each list is scrolled (every SCROLL_KEPT_EVERY seconds; not while the
        places kept are still being restored, which would write the top over them)."""
        if self.memory is None or not self._forms_ready or self._restoring:
            return
        found = {s: round(w.scroll_y) for s in SCROLLED for w in self.query(s)}
        if found:
            self.memory.update(scroll={**(self.memory.get("scroll") or {}), **found})

    @on(TabbedContent.TabActivated)
    def tab_opened(self, message: TabbedContent.TabActivated) -> None:
        if self.memory is not None and self._forms_ready:
            self.memory.update(tab=message.pane.id)
        if message.pane.id == "messages":
            self._see_messages()
            self._label_messages()

    # -- up from the widgets -------------------------------------------------------------------

    @on(Inbox.InjectRead)
    def acknowledge(self, message: Inbox.InjectRead) -> None:
        if not message.adhoc:
            self.post_message(CommandRequested({"type": "ack", "inject": message.inject}))

    @on(ActionForm.ActionHighlighted)
    def verdict_wanted(self, message: ActionForm.ActionHighlighted) -> None:
        self.ask_verdict(message.action)

    @work(exclusive=True, group="check-action")
    async def ask_verdict(self, action: str) -> None:
        verdict = await self.app.check(action)
        self.query_one(ActionForm).show_verdict(action, verdict)

    @work(exclusive=True, group="check-actions")
    async def check_actions(self) -> None:
        """Ask the rules about each of the role's own actions, so the Act list marks the blocked ones ⛔
        (one at a time: within the seat's pace, docs/protocol.md "Pace")."""
        form = self.query_one(ActionForm)
        for action in [a["id"] for a in form.actions if self.view.seat in a.get("roles", [])]:
            verdict = await self.app.check(action)
            if verdict is not None:
                form.show_verdicts({action: verdict})

    @work(exclusive=True, group="check-options")
    async def check_options(self) -> None:
        """Ask the rules about every option of every open decision, so blocked ones show as such."""
        cards: list[DecisionCard] = self.query_one(DecisionPanel).open_cards()
        for card in cards:
            verdicts = {}
            for option in card.decision.options:
                if option.get("action"):
                    verdict = await self.app.check(option["action"])
                    if verdict is not None:
                        verdicts[option["id"]] = verdict
            card.set_verdicts(verdicts)

    # -- actions ---------------------------------------------------------------------------------

    def action_focus_inbox(self) -> None:
        self.set_focus(self.query_one("#inbox-list"))

    async def action_tab(self, tab: str) -> None:
        if not self._forms_done.is_set():
            # Pressed before the forms are mounted (just after joining): the keys typed behind this one
            # wait with it (a priority binding holds the app's queue) and then go into the form.
            try:
                await asyncio.wait_for(self._forms_done.wait(), self.FORMS_WAIT)
            except asyncio.TimeoutError:
                pass
        if not self.is_attached or not self._forms_ready and tab != "decisions":
            return  # closed meanwhile, or the forms never came up
        tabs = self.query_one(TabbedContent)
        if tab == "hotwash" and not self.view.ended:
            self.notify(self.words("hotwash_later"), severity="information")
            return
        tabs.active = tab
        pane = tabs.get_pane(tab)
        # The first thing to fill in: a list still to choose from (who a message goes to), else a field.
        focusable = [w for w in pane.query("Select, Input, RadioSet, TextArea")
                     if w.focusable and not (isinstance(w, Select) and w.value is not NO_SELECTION)]
        # set_focus at once (not focus(), which waits its turn behind the keys already typed)
        if focusable:
            self.set_focus(focusable[0])
        else:  # nothing to fill in there (no decision open): focus leaves the pane left, or it takes the tab back
            self.set_focus(tabs.query_one(Tabs))

    def action_language(self) -> None:
        languages = self.view.scenario.get("languages") or ["en", "ja"]
        if len(languages) < 2:
            self.notify(self.words("one_language"))
            return
        self.lang = "ja" if self.lang == "en" else "en"
