"""One index of the exercise log, made in a single pass: what every section builder reads.

Pure: events in, lookups out. The index also keeps, as of each decision's closing, the legal
context the rules saw then (situation, facts, actions done), so that the analysis can tell a
player who rightly held back from one who failed to act."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from tabletop.engine import events as ev
from tabletop.engine.events import Event

CLOCK = (ev.CLOCK_PAUSED, ev.CLOCK_RESUMED, ev.SPEED_CHANGED)
CONTROL_MOVES = CLOCK + (ev.RULING_MADE, ev.INJECT_HELD, ev.INJECT_SKIPPED)


@dataclass(frozen=True)
class Legal:
    """The legal context at one moment, in the shape the doctrine's rules read."""

    situations: frozenset[str]  # the situations recognised then (none: the pack's default)
    flags: frozenset[str]
    done: frozenset[str]


@dataclass
class LogIndex:
    events: list[Event] = field(default_factory=list)
    by_seq: dict[int, Event] = field(default_factory=dict)
    first: dict[str, Event] = field(default_factory=dict)
    released: dict[str, Event] = field(default_factory=dict)  # scripted inject id -> first release
    inject_status: dict[str, str] = field(default_factory=dict)
    adhoc: list[Event] = field(default_factory=list)
    opened: dict[str, Event] = field(default_factory=dict)
    closed: dict[str, Event] = field(default_factory=dict)
    moves: list[Event] = field(default_factory=list)  # accepted and blocked
    working_on: dict[int, list[str]] = field(default_factory=dict)  # move seq -> injects its seat was on
    rulings: list[Event] = field(default_factory=list)
    rulings_on: dict[int, list[int]] = field(default_factory=dict)
    obligations: list[Event] = field(default_factory=list)
    situations: list[Event] = field(default_factory=list)
    messages: list[Event] = field(default_factory=list)
    observations: list[Event] = field(default_factory=list)
    hotwash: list[Event] = field(default_factory=list)
    joined: dict[str, str] = field(default_factory=dict)  # seat -> first join (wall)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (actor, kind) -> n
    legal_at_close: dict[str, Legal] = field(default_factory=dict)  # decision id -> context then
    # the scenario's injects, as the builders look them up: by decision, objectives, expected actions
    inject_of: dict[str, str] = field(default_factory=dict)
    objectives_of: dict[str, list[str]] = field(default_factory=dict)
    expected_of: dict[str, set[str]] = field(default_factory=dict)
    played: float = 0.0
    exercise: str = ""  # its name: a fork's own (its last Forked event), else the one it was created as
    jumps: list[tuple[float, float]] = field(default_factory=list)  # (from, to): the clock jumped over it
    # running state of the pass
    _situations: set[str] = field(default_factory=set)
    _flags: set[str] = field(default_factory=set)
    _done: set[str] = field(default_factory=set)
    _open: dict[str, tuple[str, str]] = field(default_factory=dict)  # decision -> (seat, inject)
    _last_inject: dict[str, str] = field(default_factory=dict)  # seat -> last inject it received

    @property
    def ended(self) -> bool:
        return ev.EXERCISE_ENDED in self.first

    def legal(self) -> Legal:
        return Legal(frozenset(self._situations), frozenset(self._flags), frozenset(self._done))


def index_log(events: Iterable[Event], scenario) -> LogIndex:
    """The index of a log: one pass over its events."""
    ix = LogIndex()
    ix.inject_of = {d.id: inj.id for inj in scenario.injects for d in inj.decisions}
    ix.objectives_of = {inj.id: list(inj.objectives) for inj in scenario.injects}
    ix.expected_of = {inj.id: set(inj.expected) for inj in scenario.injects}
    for e in events:
        ix.events.append(e)
        ix.by_seq[e.seq] = e
        ix.first.setdefault(e.type, e)
        ix.played = max(ix.played, e.at)
        handler = _HANDLERS.get(e.type)
        if handler is not None and e.known:  # an unreadable payload is shown, not indexed
            handler(ix, e)
        kind = "control" if e.type in CONTROL_MOVES else e.type
        ix.counts[(e.actor, kind)] = ix.counts.get((e.actor, kind), 0) + 1
    return ix


def _released(ix: LogIndex, e: Event) -> None:
    inject = e.payload.inject
    if e.payload.adhoc:
        ix.adhoc.append(e)
    else:
        ix.released.setdefault(inject, e)
        ix.inject_status[inject] = "released"
    for seat in e.payload.to:
        ix._last_inject[seat] = inject


def _held(ix: LogIndex, e: Event) -> None:
    inject = e.payload.inject
    if ix.inject_status.get(inject) != "released":
        ix.inject_status[inject] = ("held" if e.type == ev.INJECT_HELD else
                                    "skipped" if e.actor == "control" else "off_branch")


def _opened(ix: LogIndex, e: Event) -> None:
    d = e.payload.decision
    ix.opened.setdefault(d, e)
    ix._open[d] = (e.payload.to, ix.inject_of.get(d, ""))


def _closed(ix: LogIndex, e: Event) -> None:
    d = e.payload.decision
    ix.closed.setdefault(d, e)
    ix.legal_at_close.setdefault(d, ix.legal())
    ix._open.pop(d, None)


def _move(ix: LogIndex, e: Event) -> None:
    ix.moves.append(e)
    on = [inj for d, (seat, inj) in ix._open.items() if seat == e.actor and inj]
    last = ix._last_inject.get(e.actor)
    ix.working_on[e.seq] = list(dict.fromkeys(on + ([last] if last else [])))
    if e.type == ev.MOVE_SUBMITTED and e.payload.action:
        ix._done.add(e.payload.action)


def _ruling(ix: LogIndex, e: Event) -> None:
    ix.rulings.append(e)
    ix.rulings_on.setdefault(e.payload.target, []).append(e.seq)


def _starting(ix: LogIndex, e: Event) -> None:
    """What was in force at STARTEX (format tabletop/2 `initial`): the pass starts from it."""
    ix._situations = set(e.payload.situations)
    ix._flags = set(e.payload.flags)
    ix._done = set(e.payload.done)


def _situation(ix: LogIndex, e: Event) -> None:
    """A situation recognised (kept for the report) or ended; the set in force after it, as the
    event gives it (pack version 2), else the declared one alone (version 1: one at a time)."""
    if e.type == ev.SITUATION_DECLARED:
        ix.situations.append(e)
    given = e.payload.situations
    ix._situations = set(given) if given is not None else {e.payload.situation}


def _flags(ix: LogIndex, e: Event) -> None:
    ix._flags.update(e.payload.set)
    ix._flags.difference_update(e.payload.cleared)


def _named(ix: LogIndex, e: Event) -> None:
    if e.type == ev.FORKED or not ix.exercise:
        ix.exercise = e.payload.exercise or ix.exercise


def _phase(ix: LogIndex, e: Event) -> None:
    if e.payload.jumped_from is not None:
        ix.jumps.append((e.payload.jumped_from, e.at))


def _joined(ix: LogIndex, e: Event) -> None:
    ix.joined.setdefault(e.actor, e.wall)


def _keep(name: str):
    return lambda ix, e: getattr(ix, name).append(e)


_HANDLERS = {
    ev.INJECT_RELEASED: _released, ev.INJECT_HELD: _held, ev.INJECT_SKIPPED: _held,
    ev.DECISION_OPENED: _opened, ev.DECISION_RESOLVED: _closed, ev.DECISION_TIMED_OUT: _closed,
    ev.MOVE_SUBMITTED: _move, ev.MOVE_BLOCKED: _move, ev.RULING_MADE: _ruling,
    ev.SITUATION_DECLARED: _situation, ev.SITUATION_ENDED: _situation, ev.FLAGS_CHANGED: _flags, ev.SEAT_JOINED: _joined,
    ev.STARTING_STATE: _starting, ev.EXERCISE_CREATED: _named, ev.FORKED: _named, ev.PHASE_BEGAN: _phase,
    ev.OBLIGATION_DUE: _keep("obligations"), ev.OBLIGATION_MET: _keep("obligations"),
    ev.OBLIGATION_OVERDUE: _keep("obligations"), ev.MESSAGE_SENT: _keep("messages"),
    ev.OBSERVATION_RECORDED: _keep("observations"), ev.HOTWASH_SUBMITTED: _keep("hotwash"),
}
