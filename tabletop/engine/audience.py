"""Who may see each event type: declared here, for every type, and checked here.

Control and evaluators see every event. Among the role players, an event reaches
exactly the seats in its `to` (`None`: everyone). This module says, per type, what
that `to` must be, so that nothing addressed to some seats can reach others by
accident: `check` refuses an event whose audience is not the one its type
declares (the session runs it on every event before it is logged), and an event
sent to everyone may carry only the fields its type declares public.

It also keeps what each role player has been shown of the facts the rules test
(flags, actions done), so that a `check` answers a seat from what it knows and
never from what happened out of its sight (`SeatKnowledge`). Pure: no I/O."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable

from tabletop.engine import events as ev
from tabletop.engine.events import Event

EVERYONE = "everyone"  # every seat; `to` is None
STAFF = "staff"  # control and evaluators only; `to` is ()
ACTOR = "actor"  # the seat that acted, alone
SIDE = "side"  # the acting seat's side (the seats in play on it)
ADDRESSED = "addressed"  # the seats the event's data names (an inject's, a message's, a decision's)
RULED = "ruled"  # a ruling: the audience of the event it rules on


@dataclass(frozen=True)
class Rule:
    audience: str
    public: frozenset[str] = frozenset()  # for EVERYONE: the only data fields it may carry


def _public(*keys: str) -> Rule:
    return Rule(EVERYONE, frozenset(keys))


AUDIENCE: dict[str, Rule] = {
    ev.EXERCISE_CREATED: _public("exercise", "scenario", "scenario_sha256", "doctrine", "doctrine_sha256", "title",
                                 "start", "seats", "doctrine_version"),
    ev.SEAT_JOINED: Rule(STAFF),
    ev.SEAT_LEFT: Rule(STAFF),
    ev.EXERCISE_STARTED: _public("speed", "mode"),
    ev.CLOCK_PAUSED: _public(),
    ev.CLOCK_RESUMED: _public(),
    ev.SPEED_CHANGED: _public("speed", "previous"),
    ev.INJECT_RELEASED: Rule(ADDRESSED),
    ev.INJECT_HELD: Rule(STAFF),
    ev.INJECT_SKIPPED: Rule(STAFF),
    ev.INJECT_ACKNOWLEDGED: Rule(ACTOR),
    ev.DECISION_OPENED: Rule(ADDRESSED),
    ev.MOVE_SUBMITTED: Rule(SIDE),
    ev.MOVE_BLOCKED: Rule(ACTOR),
    ev.DECISION_RESOLVED: Rule(SIDE),
    ev.DECISION_TIMED_OUT: Rule(ADDRESSED),
    ev.SITUATION_DECLARED: _public("situation", "previous", "action", "situations"),
    ev.SITUATION_ENDED: _public("situation", "action", "situations"),
    ev.FLAGS_CHANGED: Rule(STAFF),
    ev.OBLIGATION_DUE: Rule(ADDRESSED),
    ev.OBLIGATION_MET: Rule(ADDRESSED),
    ev.OBLIGATION_OVERDUE: Rule(ADDRESSED),
    ev.MESSAGE_SENT: Rule(ADDRESSED),
    ev.OBSERVATION_RECORDED: Rule(STAFF),
    ev.RULING_MADE: Rule(RULED),
    ev.HOTWASH_SUBMITTED: Rule(ACTOR),
    ev.EXERCISE_ENDED: _public(),
    ev.FORKED: Rule(STAFF),
    # format tabletop/2: the starting state is the premise every seat is briefed on; a phase and its
    # pace are public like the clock; a position on a joint decision reaches its seats' sides.
    ev.STARTING_STATE: _public("situations", "flags", "done", "items"),
    ev.PHASE_BEGAN: _public("phase", "speed", "jumped_from", "by"),
    ev.DEADLINE_MOVED: Rule(ADDRESSED),
    ev.POSITION_TAKEN: Rule(ADDRESSED),
}


class AudienceError(Exception):
    """An event whose audience is not the one its type declares: a bug, never logged."""


def expected_to(event: Event, state, target: Event | None = None) -> tuple[str, ...] | None:
    """The `to` an event of this type must have, in `state` (the state it was decided on).
    `target`: for a ruling, the event ruled on."""
    rule = AUDIENCE.get(event.type)
    if rule is None:
        raise AudienceError(f"event type {event.type} declares no audience (tabletop/engine/audience.py)")
    kind, d, seats = rule.audience, event.data, list(state.scenario.seats)
    if kind == EVERYONE:
        return None
    if kind == STAFF:
        return ()
    if kind == ACTOR:
        return (event.actor,)
    if kind == SIDE:
        joint = _joint(state, d.get("decision"))
        return joint if joint is not None else side_seats(state, event.actor)
    if kind == RULED:
        if d.get("verdict") in ("overrule", "uphold"):
            return (d.get("seat"),)
        return target.to if target is not None else ()
    if event.type == ev.MESSAGE_SENT:
        return tuple(dict.fromkeys(list(d.get("to") or []) + [event.actor]))
    if event.type in (ev.INJECT_RELEASED,):
        return tuple(d.get("to") or ())
    if event.type == ev.DECISION_OPENED:
        return tuple(d.get("seats") or (d.get("to"),))
    if event.type in (ev.DECISION_TIMED_OUT, ev.POSITION_TAKEN, ev.DEADLINE_MOVED):
        joint = _joint(state, d["decision"])
        if event.type == ev.DEADLINE_MOVED:  # the countdown: the audience of the decision's moves
            return state.plan.audiences[d["decision"]]
        owner = state.plan.decisions[d["decision"]][1].to
        return joint if joint is not None else side_seats(state, owner)
    if event.type in (ev.OBLIGATION_DUE, ev.OBLIGATION_MET, ev.OBLIGATION_OVERDUE):
        obligation = state.rules.obligations[d["obligation"]]
        return tuple(s for s in seats if s in obligation.owed_by)
    raise AudienceError(f"event type {event.type}: no way to work out its addressees")


def as_sent(state, to: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """`to` as an event carries it: None (everyone) when it names every seat of the scenario, so
    that an event for all the players does not list them all again beside its data."""
    seats = state.scenario.seats
    if to is not None and seats and len(to) >= len(seats) and set(to) >= set(seats):
        return None
    return to


def _joint(state, decision: str | None) -> tuple[str, ...] | None:
    """A joint decision's audience (its seats' sides), or None for any other decision."""
    found = state.plan.decisions.get(decision) if decision else None
    return state.plan.audiences[decision] if found is not None and found[1].joint else None


def side_seats(state, seat: str) -> tuple[str, ...]:
    """The seats in play on `seat`'s side (itself included)."""
    found = state.plan.side_seats.get(seat)
    if found is not None:
        return found
    side = state.rules.side_of(seat)
    return tuple(s for s in state.scenario.seats if state.rules.side_of(s) == side)


def check(event: Event, state, target: Event | None = None) -> None:
    """Raise AudienceError unless the event is addressed as its type declares."""
    want = as_sent(state, expected_to(event, state, target))
    got = event.to
    if (got is None) != (want is None) or (got is not None and set(got) != set(want)):
        raise AudienceError(f"event #{event.seq} {event.type} is addressed to {_who(got)}; "
                            f"its type must go to {_who(want)}")
    rule = AUDIENCE[event.type]
    if rule.audience == EVERYONE and not set(event.data) <= rule.public:
        extra = ", ".join(sorted(set(event.data) - rule.public))
        raise AudienceError(f"event #{event.seq} {event.type} goes to everyone but carries {extra}, "
                            "which its type does not declare public")


def _who(to) -> str:
    return "everyone" if to is None else ("control and evaluators" if not to else ", ".join(to))


SEE_ALL = frozenset(("control", "evaluator"))  # the kinds of seat that see every event


def may_see(event: Event, seat: str, kind: str) -> bool:
    """May this seat see this event? Control and evaluators see everything; a player sees an
    event sent to everyone or addressed to it."""
    return addressed_to(event.to, seat, kind)


def addressed_to(to: tuple[str, ...] | None, seat: str, kind: str) -> bool:
    """`may_see`, for an event of which only its `to` is kept."""
    return kind in SEE_ALL or to is None or seat in to


def viewers(event: Event) -> Callable[[str, str], bool]:
    """`may_see` for one event, worked out once for the many seats it is offered to."""
    if event.to is None:
        return _anyone
    to = frozenset(event.to)
    return lambda seat, kind: kind in SEE_ALL or seat in to


def _anyone(seat: str, kind: str) -> bool:
    return True


# -- what each role player has been shown of the facts the rules test ----------------

@dataclass
class Known:
    flags: set[str] = field(default_factory=set)
    done: set[str] = field(default_factory=set)
    injects: set[str] = field(default_factory=set)  # injects released to this seat


class SeatKnowledge:
    """Per player seat, the flags and actions done it has been shown, folded from the log.

    A flag is shown to the seats that saw its cause: the inject that set it (its
    addressees) or the move (the mover's side); an action done, to the seats its
    `MoveSubmitted` reached. A seat's `check` is judged on these, so it cannot
    learn from a verdict what happened out of its sight."""

    def __init__(self, side_seats: dict[str, tuple[str, ...]]) -> None:
        self.sides = side_seats  # seat -> the seats in play on its side (Plan.side_seats)
        self.seats: dict[str, Known] = {s: Known() for s in side_seats}

    def learn(self, event: Event) -> None:
        t = event.type
        if t == ev.FLAGS_CHANGED:
            source, actor = event.payload.source, event.actor
            if actor == "system":  # set by an inject: known to its addressees
                seats = [s for s, k in self.seats.items() if source in k.injects]
            else:  # set by a move: known to the mover's side
                seats = list(self.sides.get(actor, ()))
            for seat in seats:
                known = self.seats[seat]
                known.flags |= set(event.payload.set)
                known.flags -= set(event.payload.cleared)
            return
        if t == ev.STARTING_STATE:  # the premise, briefed to every seat
            for known in self.seats.values():
                known.flags |= set(event.payload.flags)
                known.done |= set(event.payload.done)
            return
        if t == ev.INJECT_RELEASED:
            fact, into = event.payload.inject, "injects"
        elif t == ev.MOVE_SUBMITTED and event.payload.action:
            fact, into = event.payload.action, "done"
        else:
            return  # nothing the rules test
        for seat in (self.seats if event.to is None else event.to):
            known = self.seats.get(seat)
            if known is not None:
                getattr(known, into).add(fact)

    def view(self, state, seat: str):
        """`state` as this seat knows it: only the flags and actions done it has been shown."""
        known = self.seats.get(seat)
        if known is None:
            return state
        return dataclasses.replace(state, flags=frozenset(known.flags), done=frozenset(known.done))
