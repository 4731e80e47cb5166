"""What the consoles know, folded from the events a seat receives.

Pure projections, no Textual: the facilitator folds every event into the
engine's own `State` (with `evolve`, from the scenario and pack text the server
sends to control); a participant or evaluator, who never sees the scenario
file, folds the events it is entitled to into a `SeatView`. Both keep the feed.

Tested without a terminal; the widgets only draw what these hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from tabletop.consoles import wire as ev
from tabletop.consoles.wire import Event
from tabletop.consoles.wire import Clock

from tabletop.phrasebook import has, phrase  # noqa: F401
from tabletop.phrasebook.recognise import reason
from tabletop.phrasebook.names import Bilingual, pick  # noqa: F401 (the consoles' names for them)
from tabletop.phrasebook.names import Names as Lexicon  # noqa: F401


def unwrap(message: dict) -> dict:
    """An event as the client hands it over: bare, or wrapped as {"type": "event", "event": {...}}."""
    inner = message.get("event")
    return inner if isinstance(inner, dict) else message


def rejection(result: dict, lang: str) -> str:
    """Why the server did not carry out a command, in `lang`: its own (English) message, said
    again from the phrasebook (`reasons.*`, else `consoles.rejected.*` by its code)."""
    return reason(result.get("code") or "", result.get("message") or "", lang)


def wall_epoch(wall: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(wall.replace("Z", "+00:00")).timestamp()


# -- the exercise clock, as a seat sees it ---------------------------------------

@dataclass
class ClockView:
    """Phase and scenario clock, followed from the clock events every seat receives."""

    phase: str = "created"
    clock: Clock = Clock()
    skew: float = 0.0  # server time minus local time

    @classmethod
    def from_welcome(cls, welcome: dict, local_now: float) -> "ClockView":
        c = welcome.get("clock") or {}
        view = cls(phase=c.get("phase", "created"),
                   clock=Clock(running=bool(c.get("running")), speed=float(c.get("speed", 1.0)),
                               anchor_wall=float(c.get("anchor_wall", 0.0)), anchor_at=float(c.get("anchor_at", 0.0))))
        if "server_time" in c:
            view.skew = float(c["server_time"]) - local_now
        return view

    def apply(self, e: Event) -> None:
        t = e.type
        if t == ev.EXERCISE_STARTED:
            self._anchor(e, True, e.payload.speed if e.known else None)
            self.phase = "running"
        elif t == ev.CLOCK_PAUSED:
            self._anchor(e, False)
            self.phase = "paused"
        elif t == ev.CLOCK_RESUMED:
            self._anchor(e, True)
            self.phase = "running"
        elif t == ev.SPEED_CHANGED:
            self._anchor(e, self.clock.running, e.payload.speed if e.known else None)
        elif t == ev.PHASE_BEGAN and e.known:  # a scenario phase: its pace, or a jump of the clock
            if e.payload.jumped_from is not None:
                self._anchor(e, self.clock.running, e.payload.speed)
            elif e.payload.speed is not None:
                reached = self.clock.wall_for(e.at)
                self.clock = Clock(running=self.clock.running, speed=float(e.payload.speed),
                                   anchor_wall=reached if reached is not None else self.clock.anchor_wall, anchor_at=e.at)
        elif t == ev.EXERCISE_ENDED:
            self._anchor(e, False)
            self.phase = "ended"

    def _anchor(self, e: Event, running: bool, speed: float | None = None) -> None:
        self.clock = Clock(running=running, speed=self.clock.speed if speed is None else float(speed),
                           anchor_wall=wall_epoch(e.wall), anchor_at=e.at)

    def at(self, now: float) -> float:
        """Scenario seconds since STARTEX at local time `now`."""
        return self.clock.at(now + self.skew)


# -- the feed ----------------------------------------------------------------------

FEED_TYPES = {
    ev.EXERCISE_STARTED, ev.CLOCK_PAUSED, ev.CLOCK_RESUMED, ev.SPEED_CHANGED, ev.INJECT_RELEASED,
    ev.INJECT_HELD, ev.INJECT_SKIPPED, ev.DECISION_OPENED, ev.MOVE_SUBMITTED, ev.MOVE_BLOCKED,
    ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT, ev.SITUATION_DECLARED, ev.SITUATION_ENDED, ev.FLAGS_CHANGED,
    ev.OBLIGATION_DUE,
    ev.OBLIGATION_MET, ev.OBLIGATION_OVERDUE, ev.MESSAGE_SENT, ev.OBSERVATION_RECORDED, ev.RULING_MADE,
    ev.HOTWASH_SUBMITTED, ev.EXERCISE_ENDED, ev.SEAT_JOINED, ev.SEAT_LEFT,
    ev.STARTING_STATE, ev.PHASE_BEGAN, ev.DEADLINE_MOVED, ev.POSITION_TAKEN,  # scenario format tabletop/2
}


# -- a seat's own view ---------------------------------------------------------------

@dataclass
class InboxItem:
    inject: str
    seq: int
    at: float
    title: Bilingual
    body: Bilingual
    sender: str | Bilingual | None = None  # plain English, or {en, ja}
    method: str | Bilingual | None = None
    adhoc: bool = False
    read: bool = False


@dataclass
class OpenDecision:
    decision: str
    inject: str
    prompt: Bilingual
    options: list[dict]  # {"id", "label": {en, ja}, "action"}
    deadline_at: float | None
    on_timeout: str | None = None
    status: str = "open"  # open | resolved | timed_out
    option: str | None = None  # the outcome, once closed


@dataclass
class MessageItem:
    seq: int
    at: float
    sender: str
    to: list[str]
    text: str


class SeatView:
    """A participant's or evaluator's projection of the events it receives."""

    def __init__(self, welcome: dict, local_now: float = 0.0):
        self.welcome = welcome
        self.seat: str = welcome.get("seat", "")
        self.kind: str = welcome.get("kind", "player")
        self.lexicon = Lexicon.from_welcome(welcome)
        self.lexicon.marks = self.kind != "player"  # authoring marks are for control and evaluators
        self.clock = ClockView.from_welcome(welcome, local_now)
        self.inbox: list[InboxItem] = []  # oldest first; widgets show newest first
        self.decisions: dict[str, OpenDecision] = {}
        self.messages: list[MessageItem] = []
        # The situations in force (a server before pack version 2 sent one, as "situation").
        self.situations: list[str] = list(welcome.get("in_force") or [welcome.get("situation") or "none"])
        self.last_seq = 0
        self.ended = False
        self.hotwash_sent = False
        self.observations: list[Event] = []

    @property
    def scenario(self) -> dict:
        return self.welcome.get("scenario") or {}

    def apply(self, e: Event) -> bool:
        """Fold one event; False if it was already seen (a replay after a reconnect)."""
        if e.seq and e.seq <= self.last_seq:
            return False
        self.last_seq = max(self.last_seq, e.seq)
        self.clock.apply(e)
        t, p = e.type, e.payload
        if not e.known:
            return True  # a newer server's event, or an unreadable one: the feed shows it as such
        if t == ev.INJECT_RELEASED and (self.kind != "player" or e.to is None or self.seat in e.to):
            self.inbox.append(InboxItem(p.inject, e.seq, e.at, p.title, p.body, p.sender, p.method, p.adhoc))
        elif t == ev.INJECT_ACKNOWLEDGED and e.actor == self.seat:
            for item in self.inbox:  # read before (this console restarted, or another one of the seat's)
                if item.inject == p.inject:
                    item.read = True
        elif t == ev.DECISION_OPENED and (self.kind != "player" or self.seat in (p.seats or (p.to,))):
            options = [{"id": o.id, "label": o.label, "action": o.action} for o in p.options]
            self.lexicon.options.update({(p.decision, o.id): o.label for o in p.options})
            self.decisions[p.decision] = OpenDecision(p.decision, p.inject, p.prompt, options, p.deadline_at,
                                                      p.on_timeout)
        elif t == ev.DEADLINE_MOVED and p.decision in self.decisions:  # a real-time window kept its minutes
            self.decisions[p.decision].deadline_at = p.deadline_at
        elif t in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
            dec = self.decisions.get(p.decision)
            if dec is not None:
                dec.status = "resolved" if t == ev.DECISION_RESOLVED else "timed_out"
                dec.option = p.option
        elif t == ev.MESSAGE_SENT:
            self.messages.append(MessageItem(e.seq, e.at, e.actor, list(p.to), p.text))
        elif t in (ev.SITUATION_DECLARED, ev.SITUATION_ENDED):
            self.situations = list(p.situations or [p.situation])
        elif t == ev.EXERCISE_ENDED:
            self.ended = True
            for dec in self.decisions.values():
                if dec.status == "open":
                    dec.status = "closed"
        elif t == ev.HOTWASH_SUBMITTED and e.actor == self.seat:
            self.hotwash_sent = True
        elif t == ev.OBSERVATION_RECORDED:
            self.observations.append(e)
        return True

    @property
    def phase(self) -> str:
        return self.clock.phase

    def at(self, now: float) -> float:
        return self.clock.at(now)

    def open_decisions(self) -> list[OpenDecision]:
        return [d for d in self.decisions.values() if d.status == "open"]

    def unread(self) -> int:
        return sum(1 for i in self.inbox if not i.read)


# -- the facilitator's view ------------------------------------------------------------

class ControlView:
    """Control folds every event into the engine's State, exactly as the server does."""

    def __init__(self, welcome: dict, local_now: float = 0.0, loader: Callable | None = None):
        from tabletop.engine.fold import evolve  # not engine.core: its command models are not needed here
        from tabletop.engine.state import initial
        from tabletop.scenario.loader import load_scenario_text

        self.welcome = welcome
        self._evolve = evolve
        control = welcome.get("control") or {}
        text = control.get("scenario_text")
        if not text:
            raise ValueError("the server did not send the scenario to control")
        load = loader or load_scenario_text
        self.loaded = load(text, control.get("scenario_file") or "scenario.yaml", control.get("doctrine_text"))
        self.state = initial(self.loaded.scenario, self.loaded.doctrine)
        self.lexicon = Lexicon.from_doctrine(self.loaded.doctrine, self.loaded.scenario)
        self.adhoc: list[InboxItem] = []
        self.blocked: dict[int, Event] = {}  # seq -> MoveBlocked event
        self.superseded: set[int] = set()  # blocked moves the same seat has since made, allowed
        c = welcome.get("clock") or {}
        self.skew = float(c["server_time"]) - local_now if "server_time" in c else 0.0

    @property
    def scenario(self):
        return self.loaded.scenario

    @property
    def last_seq(self) -> int:
        return self.state.last_seq

    def apply(self, e: Event) -> bool:
        if e.seq and e.seq <= self.state.last_seq:
            return False
        self.state = self._evolve(self.state, e)  # the wire's Event is the engine's, parsed once on receipt
        self.note(e)
        return True

    def note(self, e: Event) -> None:
        """What the console keeps of an event besides the engine's state (a replay calls it
        for every event up to its point, having the state from the replay)."""
        if not e.known:
            return
        p = e.payload
        if e.type == ev.INJECT_RELEASED and p.adhoc:
            self.adhoc.append(InboxItem(p.inject, e.seq, e.at, p.title, p.body, p.sender, None, True))
        elif e.type == ev.MOVE_BLOCKED:
            self.blocked[e.seq] = e
        elif e.type == ev.MOVE_SUBMITTED:
            self.superseded.update(s for s, b in self.blocked.items()
                                   if b.actor == e.actor and b.payload.action == p.action)
        if e.type in (ev.DECISION_RESOLVED, ev.DECISION_TIMED_OUT):
            # an attempt at a decision that has its answer cannot be overruled any more
            self.superseded.update(s for s, b in self.blocked.items() if b.payload.decision == p.decision)

    def at(self, now: float) -> float:
        """Scenario seconds since STARTEX at local time `now`."""
        return self.state.clock.at(now + self.skew)

    def pending_rulings(self) -> list[Event]:
        """Blocked moves nobody has ruled on yet, oldest first; not those the seat has since made
        allowed (the PM approved, the minister tried again), nor attempts at a decision that has
        since been answered: nothing is left to rule on. They may still be upheld by number."""
        return [self.blocked[s] for s in sorted(self.blocked)
                if s not in self.state.ruled and s not in self.superseded]

    def next_due_inject(self) -> str | None:
        """The pending inject that falls due soonest (the MSEL's 'next' mark)."""
        from tabletop.engine.scheduler import condition, due_at

        best: tuple[float, str] | None = None
        for inj in self.scenario.injects:
            if self.state.inject(inj.id).status != "pending":
                continue
            due = due_at(self.state, inj.id)
            if due is None or condition(self.state, inj.id) is False:
                continue
            if best is None or due < best[0]:
                best = (due, inj.id)
        return best[1] if best else None


def countdown(seconds: float | None) -> str:
    """Seconds left as M:SS (or H:MM:SS), '0:00' once passed."""
    if seconds is None:
        return ""
    s = max(0, int(seconds + 0.999))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
