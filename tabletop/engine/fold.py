"""evolve(state, event) -> state: the fold of the event log. Pure, like all the engine."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from types import MappingProxyType
from typing import Callable

from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.engine.state import (Changes, Clock, DecisionState, InjectState, ObligationState, SeatState, State,
                                   advanced, with_item, without)

def evolve(state: State, e: Event) -> State:
    """The state after one event. An event this code cannot read (`e.known` false: a newer
    log's type, or an altered payload) changes only the sequence.

    Each event's handler says only what changes; the new state is then built once."""
    fn = _EVOLVE.get(e.type) if e.known else None
    return advanced(state, fn(state, e) if fn else None, e.seq, max(state.last_at, e.at))


def _anchor(state: State, e: Event, running: bool, speed: float | None = None) -> Clock:
    wall = datetime.fromisoformat(e.wall.replace("Z", "+00:00")).timestamp()
    return Clock(running=running, speed=state.clock.speed if speed is None else speed, anchor_wall=wall,
                 anchor_at=e.at)


def _e_created(s: State, e: Event) -> Changes:
    return dict(exercise=e.payload.exercise)


def _e_started(s: State, e: Event) -> Changes:
    return dict(phase="running", clock=_anchor(s, e, True, e.payload.speed))


def _e_paused(s: State, e: Event) -> Changes:
    return dict(phase="paused", clock=_anchor(s, e, False))


def _e_resumed(s: State, e: Event) -> Changes:
    return dict(phase="running", clock=_anchor(s, e, True))


def _e_speed(s: State, e: Event) -> Changes:
    return dict(clock=_anchor(s, e, s.clock.running, e.payload.speed))


def _settle(s: State, inject_id: str, new: InjectState) -> Changes:
    """An inject leaves `pending`: record it, disarm it, arm its followers, move the cursor."""
    injects = with_item(s.injects, inject_id, new)
    armed = s.armed
    if inject_id in armed:
        armed = without(armed, inject_id)
    if new.status == "released":
        for child in s.plan.children.get(inject_id, ()):
            if injects.get(child) is None:
                armed = with_item(armed, child, new.released_at + s.plan.injects[child].after.delay)
    timed, cursor = s.plan.timed, s.cursor
    while cursor < len(timed) and timed[cursor][1] in injects and injects[timed[cursor][1]].status != "pending":
        cursor += 1
    return dict(injects=injects, armed=armed, cursor=cursor)


def _e_released(s: State, e: Event) -> Changes:
    if e.payload.adhoc:
        return dict(adhoc=s.adhoc + 1)
    return _settle(s, e.payload.inject, InjectState("released", e.at, e.seq))


def _e_held(s: State, e: Event) -> Changes:
    return _settle(s, e.payload.inject, InjectState("held"))


def _e_skipped(s: State, e: Event) -> Changes:
    return _settle(s, e.payload.inject, InjectState("skipped", reason=e.payload.reason))


def _e_opened(s: State, e: Event) -> Changes:
    key, deadline = e.payload.decision, e.payload.deadline_at
    changes = dict(decisions=with_item(s.decisions, key, DecisionState("open", opened_at=e.at, deadline_at=deadline)),
                   deadlines=s.deadlines if deadline is None else with_item(s.deadlines, key, deadline))
    if e.payload.real_deadline is not None:
        changes["real"] = s.real | {key}
    return changes


def _e_position(s: State, e: Event) -> Changes:
    key = e.payload.decision
    d = s.decision(key)
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(
        d, positions=with_item(d.positions, e.actor, e.payload.option))))


def _e_deadline_moved(s: State, e: Event) -> Changes:
    key = e.payload.decision
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(s.decision(key), deadline_at=e.payload.deadline_at)),
                deadlines=with_item(s.deadlines, key, e.payload.deadline_at))


def _e_starting(s: State, e: Event) -> Changes:
    p = e.payload
    return dict(situations=frozenset(p.situations) - {s.rules.pack.default_situation}, flags=frozenset(p.flags),
                done=frozenset(p.done))


def _e_phase(s: State, e: Event) -> Changes:
    """A phase began: its index, and its pace. A jump re-anchors the clock at the phase's start now;
    a phase reached by the running clock changes pace from the moment the clock reached it."""
    p = e.payload
    stage = next(i for i, ph in enumerate(s.scenario.phases) if ph.id == p.phase)
    speed = s.clock.speed if p.speed is None else p.speed
    if p.jumped_from is not None:
        clock = _anchor(s, e, s.clock.running, speed)
    else:
        reached = s.clock.wall_for(e.at)
        clock = Clock(running=s.clock.running, speed=speed,
                      anchor_wall=reached if reached is not None else s.clock.anchor_wall, anchor_at=e.at)
    return dict(stage=stage, clock=clock)


def _e_resolved(s: State, e: Event) -> Changes:
    key = e.payload.decision
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(
        s.decision(key), status="resolved", option=e.payload.option, by=e.actor, resolved_at=e.at)),
        deadlines=without(s.deadlines, key) if key in s.deadlines else s.deadlines,
        real=s.real - {key} if key in s.real else s.real)


def _e_timed_out(s: State, e: Event) -> Changes:
    key = e.payload.decision
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(
        s.decision(key), status="timed_out", option=e.payload.option, resolved_at=e.at)),
        deadlines=without(s.deadlines, key), real=s.real - {key} if key in s.real else s.real)


def _e_move(s: State, e: Event) -> Changes:
    action = e.payload.action
    if action and action not in s.done:
        return dict(done=s.done | {action})
    return None


def _e_ruling(s: State, e: Event) -> Changes:
    if e.payload.verdict in ("overrule", "uphold"):
        return dict(ruled=s.ruled | {e.payload.target})
    return None


def _e_situation(s: State, e: Event) -> Changes:
    """A recognised situation joins the set. A log written before the set (pack version 1: no
    `situations` in the event) recorded one situation replacing the previous one, and is read so."""
    p = e.payload
    in_force = p.situations if p.situations is not None else (p.situation,)
    return dict(situations=frozenset(in_force) - {s.rules.pack.default_situation})


def _e_situation_ended(s: State, e: Event) -> Changes:
    return dict(situations=frozenset(e.payload.situations) - {s.rules.pack.default_situation})


def _e_flags(s: State, e: Event) -> Changes:
    return dict(flags=(s.flags | set(e.payload.set)) - set(e.payload.cleared))


def _e_obl_due(s: State, e: Event) -> Changes:
    p = e.payload
    return dict(obligations=with_item(s.obligations, p.key, ObligationState(
        p.key, p.obligation, p.owed_by, p.due_at, p.action)))


def _e_obl_met(s: State, e: Event) -> Changes:
    o = s.obligations[e.payload.key]
    return dict(obligations=with_item(s.obligations, o.key, dataclasses.replace(
        o, status="met", met_at=e.at)))


def _e_obl_overdue(s: State, e: Event) -> Changes:
    o = s.obligations[e.payload.key]
    return dict(obligations=with_item(s.obligations, o.key, dataclasses.replace(o, status="overdue")))


def _e_joined(s: State, e: Event) -> Changes:
    return dict(seats=with_item(s.seats, e.actor, SeatState(True, e.wall)))


def _e_left(s: State, e: Event) -> Changes:
    return dict(seats=with_item(s.seats, e.actor, SeatState(False, e.wall)))


def _e_ended(s: State, e: Event) -> Changes:
    return dict(phase="ended", clock=_anchor(s, e, False))


def _e_forked(s: State, e: Event) -> Changes:
    """A fork's log goes on as a new exercise, with no seat connected yet."""
    return dict(exercise=e.payload.exercise, seats=MappingProxyType({k: SeatState(False, v.last_seen)
                                                                      for k, v in s.seats.items()}))


_EVOLVE: dict[str, Callable[[State, Event], Changes]] = {
    ev.EXERCISE_CREATED: _e_created, ev.EXERCISE_STARTED: _e_started, ev.CLOCK_PAUSED: _e_paused,
    ev.CLOCK_RESUMED: _e_resumed, ev.SPEED_CHANGED: _e_speed, ev.INJECT_RELEASED: _e_released,
    ev.INJECT_HELD: _e_held, ev.INJECT_SKIPPED: _e_skipped, ev.DECISION_OPENED: _e_opened,
    ev.DECISION_RESOLVED: _e_resolved, ev.DECISION_TIMED_OUT: _e_timed_out, ev.MOVE_SUBMITTED: _e_move,
    ev.RULING_MADE: _e_ruling, ev.SITUATION_DECLARED: _e_situation, ev.SITUATION_ENDED: _e_situation_ended,
    ev.FLAGS_CHANGED: _e_flags, ev.OBLIGATION_DUE: _e_obl_due, ev.OBLIGATION_MET: _e_obl_met,
    ev.OBLIGATION_OVERDUE: _e_obl_overdue, ev.SEAT_JOINED: _e_joined, ev.SEAT_LEFT: _e_left,
    ev.EXERCISE_ENDED: _e_ended, ev.FORKED: _e_forked, ev.STARTING_STATE: _e_starting, ev.PHASE_BEGAN: _e_phase,
    ev.DEADLINE_MOVED: _e_deadline_moved, ev.POSITION_TAKEN: _e_position,
}


def replay(state: State, events) -> State:
    for e in events:
        state = evolve(state, e)
    return state
