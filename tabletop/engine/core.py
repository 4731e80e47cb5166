"""decide(state, command, now) -> events and evolve(state, event) -> state.

Pure: no I/O and no clock reads; wall time comes in as `now`. `decide` runs
the scheduler up to `now` before and after the command, so every command sees
the exercise as of its own moment, and emits events through a small builder
that folds each one into a working state as it goes.

The engine's parts: out.py (the event builder), moves.py (moves and their effects),
scheduler.py (what falls due), fold.py (evolve). This module holds the commands'
handlers and names what the rest of tabletop imports from the engine."""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.engine.fold import evolve, replay
from tabletop.engine.moves import _accept, _free_action, _move, verdict_for
from tabletop.engine.out import EPS, Out, Rejected, _Out, iso, side_seats
from tabletop.engine.scheduler import (SCHEDULE_FIELDS, condition, due_at, jump, keep_windows, next_due,
                                       next_phase, release, same_schedule, schedule, skip)
from tabletop.engine.state import State
from tabletop.scenario.format2 import starting_state
from tabletop.scenario.loader import audience


# -- decide ---------------------------------------------------------------------

def create(state: State, exercise: str, scenario_digest: str, now: datetime) -> list[Event]:
    """The first event of every log."""
    out = _Out(state, now)
    s = state.scenario
    out.emit(ev.EXERCISE_CREATED, "system", {
        "exercise": exercise, "scenario": s.id, "scenario_sha256": scenario_digest,
        "doctrine": state.rules.id, "doctrine_sha256": state.rules.digest,
        "doctrine_version": state.rules.pack.version,
        "title": s.title.both(), "start": s.start.isoformat(), "seats": list(s.seats),
    }, at=0.0)
    if s.initial is not None:
        _starting_state(out)
    return out.events


def _starting_state(out: _Out) -> None:
    """What is in force at STARTEX, into the log (format tabletop/2 `initial`), so that the state
    stays the fold of the log. Every seat sees it: it is the premise they are all briefed on."""
    s, rules = out.state.scenario, out.state.rules
    situations, flags, done = starting_state(s, rules)
    items = []
    for kind, listed in (("situation", s.initial.situations), ("flag", s.initial.flags), ("done", s.initial.done)):
        for item in listed:
            entry = {"kind": kind, "id": item.id, "note": None if item.note is None else item.note.both(),
                     "citation": item.citation, "verified": item.verified}
            if kind == "done":
                entry["by"] = item.by or rules.actions[item.id].roles[0]
            items.append(entry)
    out.emit(ev.STARTING_STATE, "system", {"situations": rules.in_force(situations) if situations else [],
                                           "flags": sorted(flags), "done": done, "items": items}, at=0.0)


def decide(state: State, command: c._Command, now: datetime, actor: str) -> list[Event]:
    """The events a command causes, or Rejected. `actor` is the seat, from its code."""
    return decide_and_evolve(state, command, now, actor)[0]


def decide_and_evolve(state: State, command: c._Command, now: datetime, actor: str) -> tuple[list[Event], State]:
    """`decide`, with the state after its events: the fold `decide` made of them as it went,
    the same as evolving `state` by each event in turn, without doing that twice."""
    out = _Out(state, now)
    schedule(out)
    handler = _HANDLERS[type(command)]
    _authorize(state, command, actor)
    handler(out, command, actor)
    schedule(out)
    return out.events, out.state


def _authorize(state: State, command: c._Command, actor: str) -> None:
    kind = state.role_kind(actor)
    if isinstance(command, c.CONTROL) and kind != "control":
        raise Rejected("forbidden", "only control may do that")
    if isinstance(command, c.PLAYER) and kind != "player":
        raise Rejected("forbidden", "only a role player may do that")
    if isinstance(command, c.Observation) and kind not in ("evaluator", "control"):
        raise Rejected("forbidden", "only an evaluator may record observations")
    if state.phase == "ended" and not isinstance(command, (c.Hotwash, c.Observation, c.Join, c.Leave, c.Tick,
                                                           c.Message)):
        raise Rejected("ended", "the exercise has ended")
    if state.phase == "created" and isinstance(command, (c.Move, c.FreeAction, c.Pause, c.Resume)):
        raise Rejected("not-started", "the exercise has not started yet")


def _start(out: _Out, cmd: c.Start, actor: str) -> None:
    if out.state.phase != "created":
        raise Rejected("already-started", "the exercise has already started")
    mode = out.state.scenario.clock.mode
    out.emit(ev.EXERCISE_STARTED, actor, {"speed": out.state.clock.speed, "mode": mode})


def _pause(out: _Out, cmd: c.Pause, actor: str) -> None:
    if out.state.phase != "running":
        raise Rejected("not-running", "the clock is not running")
    out.emit(ev.CLOCK_PAUSED, actor, {})


def _resume(out: _Out, cmd: c.Resume, actor: str) -> None:
    if out.state.phase != "paused":
        raise Rejected("not-paused", "the clock is not paused")
    out.emit(ev.CLOCK_RESUMED, actor, {})


def _speed(out: _Out, cmd: c.SetSpeed, actor: str) -> None:
    previous = out.state.clock.speed
    out.emit(ev.SPEED_CHANGED, actor, {"speed": cmd.speed, "previous": previous})
    keep_windows(out, out.at, out.at, previous)


def _jump(out: _Out, cmd: c.Jump, actor: str) -> None:
    if out.state.phase != "running":
        raise Rejected("not-running", "the clock is not running")
    phase = next_phase(out.state)
    if phase is None:
        raise Rejected("no-next-phase", "there is no later phase to jump to")
    if phase.at <= out.at:
        raise Rejected("no-next-phase", f"phase {phase.id} has already begun")
    jump(out, by="control")


def _known_inject(state: State, inject_id: str) -> None:
    if inject_id not in state.plan.injects:
        raise Rejected("unknown-inject", f"no inject {inject_id!r} in this scenario")


def _release_cmd(out: _Out, cmd: c.Release, actor: str) -> None:
    _known_inject(out.state, cmd.inject)
    st = out.state.inject(cmd.inject).status
    if st not in ("pending", "held"):
        raise Rejected("inject-not-pending", f"inject {cmd.inject} is already {st}")
    release(out, cmd.inject, actor)


def _hold(out: _Out, cmd: c.Hold, actor: str) -> None:
    _known_inject(out.state, cmd.inject)
    st = out.state.inject(cmd.inject).status
    if st != "pending":
        raise Rejected("inject-not-pending", f"inject {cmd.inject} is {st}; only a pending inject can be held")
    out.emit(ev.INJECT_HELD, actor, {"inject": cmd.inject}, to=())


def _skip(out: _Out, cmd: c.Skip, actor: str) -> None:
    _known_inject(out.state, cmd.inject)
    st = out.state.inject(cmd.inject).status
    if st not in ("pending", "held"):
        raise Rejected("inject-not-pending", f"inject {cmd.inject} is already {st}")
    skip(out, cmd.inject, actor, "skipped by control")


def _adhoc(out: _Out, cmd: c.AdHocInject, actor: str) -> None:
    seats = audience(cmd.to, list(out.state.scenario.seats))
    if not seats:
        raise Rejected("bad-audience", f"{', '.join(cmd.to)} matches no seat in play")
    n = out.state.adhoc + 1
    out.emit(ev.INJECT_RELEASED, actor, {
        "inject": f"X{n:02d}", "adhoc": True, "title": cmd.title.both(), "body": cmd.body.both(),
        "from": cmd.from_, "method": None, "to": seats, "decisions": [],
    }, to=tuple(seats))


def _ruling(out: _Out, cmd: c.Ruling, actor: str) -> None:
    state = out.state
    if cmd.target > state.last_seq:
        raise Rejected("unknown-event", f"no event #{cmd.target} in the log yet")
    if cmd.verdict == "adjudicate":
        # Seen by those who saw the event ruled on, and only by them.
        seen = (cmd.evidence or {}).get("to", [])
        out.emit(ev.RULING_MADE, actor, {"target": cmd.target, "verdict": "adjudicate", "reason": cmd.reason},
                 to=None if seen is None else tuple(seen))
        return
    blocked = cmd.evidence
    if not blocked or blocked.get("type") != ev.MOVE_BLOCKED or blocked.get("seq") != cmd.target:
        raise Rejected("not-blocked", f"event #{cmd.target} is not a blocked move")
    if cmd.target in state.ruled:
        raise Rejected("already-ruled", f"the blocked move #{cmd.target} has already been ruled on")
    seat, move = blocked["actor"], ev.parse_payload(ev.MOVE_BLOCKED, blocked.get("data") or {})
    if not move.known:
        raise Rejected("not-blocked", f"event #{cmd.target} cannot be read ({move.problem})")
    decision = move.decision
    if cmd.verdict == "overrule" and decision and state.decision(decision).status != "open":
        # The decision has its answer (another option, or its default on timeout): overruling this attempt
        # would give it a second one, and put both orders in force.
        status = state.decision(decision)
        answer = f" ({status.option})" if status.option else ""
        raise Rejected("decision-closed",
                       f"decision {decision} has been {status.status.replace('_', ' ')}{answer} since #{cmd.target} "
                       f"was blocked; overruling it would answer {decision} twice. Uphold #{cmd.target}, or "
                       f"adjudicate it to record a different outcome")
    out.emit(ev.RULING_MADE, actor, {"target": cmd.target, "verdict": cmd.verdict, "reason": cmd.reason,
                                     "seat": seat, "action": move.action}, to=(seat,))
    if cmd.verdict == "overrule":
        _accept(out, seat, decision, move.option, move.action, move.text, flags=[], ruling=cmd.target)


def _end(out: _Out, cmd: c.End, actor: str) -> None:
    out.emit(ev.EXERCISE_ENDED, actor, {})  # sent to everyone: what was left open is in the state, not here


def _message(out: _Out, cmd: c.Message, actor: str) -> None:
    seats = audience(cmd.to, list(out.state.scenario.seats))
    if not seats:
        raise Rejected("bad-audience", f"{', '.join(cmd.to)} matches no seat in play")
    out.emit(ev.MESSAGE_SENT, actor, {"to": seats, "text": cmd.text}, to=tuple(dict.fromkeys(seats + [actor])))


def _ack(out: _Out, cmd: c.Acknowledge, actor: str) -> None:
    # One answer for an inject that is unknown, not yet released, or addressed to others, so a
    # seat cannot learn from it what the MSEL holds or what reached the other seats.
    inj = out.state.plan.injects.get(cmd.inject)
    if (inj is None or out.state.inject(cmd.inject).status != "released"
            or actor not in audience(inj.to, list(out.state.scenario.seats))):
        raise Rejected("inject-not-released", f"inject {cmd.inject} has not been released to you")
    out.emit(ev.INJECT_ACKNOWLEDGED, actor, {"inject": cmd.inject}, to=(actor,))


def _hotwash(out: _Out, cmd: c.Hotwash, actor: str) -> None:
    out.emit(ev.HOTWASH_SUBMITTED, actor, {"strengths": cmd.strengths, "improvements": cmd.improvements},
             to=(actor,))


def _observation(out: _Out, cmd: c.Observation, actor: str) -> None:
    if cmd.objective not in {o.id for o in out.state.scenario.objectives}:
        raise Rejected("unknown-objective", f"no objective {cmd.objective!r}")
    out.emit(ev.OBSERVATION_RECORDED, actor, {"objective": cmd.objective, "rating": cmd.rating, "text": cmd.text},
             to=())


def _join(out: _Out, cmd: c.Join, actor: str) -> None:
    out.emit(ev.SEAT_JOINED, actor, {}, to=())


def _leave(out: _Out, cmd: c.Leave, actor: str) -> None:
    out.emit(ev.SEAT_LEFT, actor, {}, to=())


def _tick(out: _Out, cmd: c.Tick, actor: str) -> None:
    return None


_HANDLERS: dict[type, Callable] = {
    c.Start: _start, c.Pause: _pause, c.Resume: _resume, c.SetSpeed: _speed, c.Release: _release_cmd,
    c.Hold: _hold, c.Skip: _skip, c.AdHocInject: _adhoc, c.Ruling: _ruling, c.End: _end, c.Move: _move,
    c.FreeAction: _free_action, c.Message: _message, c.Acknowledge: _ack, c.Hotwash: _hotwash,
    c.Observation: _observation, c.Join: _join, c.Leave: _leave, c.Tick: _tick, c.Jump: _jump,
}



__all__ = ["EPS", "Out", "Rejected", "SCHEDULE_FIELDS", "condition", "create", "decide", "decide_and_evolve", "due_at",
           "evolve", "iso", "next_due", "release", "replay", "same_schedule", "schedule", "side_seats", "skip",
           "verdict_for"]
