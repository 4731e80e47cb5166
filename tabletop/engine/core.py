"""decide(state, command, now) -> events and evolve(state, event) -> state.

Pure: no I/O and no clock reads; wall time comes in as `now`. `decide` runs
the scheduler up to `now` before and after the command, so every command sees
the exercise as of its own moment, and emits events through a small builder
that folds each one into a working state as it goes."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Callable

from tabletop.doctrine.verdict import Verdict
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.engine.events import Event
from tabletop.engine.state import (Changes, Clock, DecisionState, InjectState, ObligationState, SeatState, State,
                                   advanced, epoch, with_item, without)
from tabletop.scenario.loader import audience
from tabletop.text import Text


EPS = 0.0005  # scenario seconds: times within this are the same moment


class Rejected(Exception):
    """A command that cannot be carried out; nothing is logged. `code` is machine-readable."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def iso(now: datetime) -> str:
    return now.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Out:
    """Collects events and keeps the working state current."""

    def __init__(self, state: State, now: datetime):
        self.state = state
        self.wall = iso(now)
        self.wall_ts = epoch(now)
        self.events: list[Event] = []

    @property
    def at(self) -> float:
        return round(self.state.clock.at(self.wall_ts), 3)

    def emit(self, type_: str, actor: str, data: dict, to: tuple[str, ...] | None = ev.EVERYONE,
             at: float | None = None) -> Event:
        event = Event(type_, actor, self.at if at is None else at, self.wall, data, to,
                      self.state.last_seq + 1)
        self.events.append(event)
        self.state = evolve(self.state, event)
        return event


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
    return out.events


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
    out.emit(ev.SPEED_CHANGED, actor, {"speed": cmd.speed, "previous": out.state.clock.speed})


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


def _move(out: _Out, cmd: c.Move, actor: str) -> None:
    state = out.state
    if cmd.decision not in state.plan.decisions:
        raise Rejected("unknown-decision", f"no decision point {cmd.decision!r}")
    _, decision = state.plan.decisions[cmd.decision]
    if decision.to != actor:
        raise Rejected("not-your-decision", f"decision {cmd.decision} is addressed to {decision.to}")
    status = state.decision(cmd.decision).status
    if status != "open":
        raise Rejected("decision-not-open", f"decision {cmd.decision} is {status.replace('_', ' ')}")
    option = next((o for o in decision.options if o.id == cmd.option), None)
    if option is None:
        raise Rejected("unknown-option", f"decision {cmd.decision} has no option {cmd.option!r}; "
                                         f"options: {', '.join(o.id for o in decision.options)}")
    _attempt(out, actor, cmd.decision, option.id, option.action, cmd.text)


def _free_action(out: _Out, cmd: c.FreeAction, actor: str) -> None:
    if cmd.action not in out.state.rules.actions:
        raise Rejected("unknown-action", f"no doctrine action {cmd.action!r}")
    _attempt(out, actor, None, None, cmd.action, cmd.text)


def verdict_for(state: State, seat: str, action: str) -> Verdict:
    """The rules' verdict on a player's action, saying only what the seat may know: for an
    action its role has no authority for, that is the whole answer. (The other unmet
    conditions would tell it the scenario's facts and the other side's moves.)"""
    verdict = state.rules.evaluate(state, seat, action)
    if verdict.blocked and action in state.rules.actions and not state.rules.can_ever(seat, action):
        return dataclasses.replace(verdict, reasons=verdict.reasons[:1])
    return verdict


def _attempt(out: _Out, seat: str, decision: str | None, option: str | None, action: str | None, text: str) -> None:
    """A move: checked against the rules; blocked moves are logged and change nothing."""
    state = out.state
    if action is None:
        _accept(out, seat, decision, option, None, text, flags=[])
        return
    verdict = verdict_for(state, seat, action)
    if verdict.blocked:
        out.emit(ev.MOVE_BLOCKED, seat, {
            "decision": decision, "option": option, "action": action, "text": text,
            "reasons": [r.to_json() for r in verdict.reasons],
        }, to=(seat,))
        return
    _accept(out, seat, decision, option, action, text, flags=[f.to_json() for f in verdict.flags])


def _accept(out: _Out, seat: str, decision: str | None, option: str | None, action: str | None, text: str,
            flags: list, ruling: int | None = None) -> None:
    state = out.state
    side = _side_seats(state, seat)
    data = {"decision": decision, "option": option, "action": action, "text": text, "flags": flags}
    if ruling is not None:
        data["ruling"] = ruling
    out.emit(ev.MOVE_SUBMITTED, seat, data, to=side)
    if action is not None:
        _effects(out, seat, action)
    if decision is not None:
        out.emit(ev.DECISION_RESOLVED, seat, {"decision": decision, "option": option, "timed_out": False},
                 to=side)


def _side_seats(state: State, seat: str) -> tuple[str, ...]:
    found = state.plan.side_seats.get(seat)
    if found is not None:
        return found
    side = state.rules.side_of(seat)
    return tuple(s for s in state.scenario.seats if state.rules.side_of(s) == side)


def _effects(out: _Out, seat: str, action_id: str) -> None:
    state = out.state
    action = state.rules.actions[action_id]
    eff = action.effects
    # Recognising a situation ends none of the others; ending one is an action's own effect.
    if eff.declare and eff.declare not in out.state.situations:
        now = out.state.situations | {eff.declare}
        out.emit(ev.SITUATION_DECLARED, seat, {"situation": eff.declare, "action": action_id,
                                               "situations": state.rules.in_force(now)})
    for ended in eff.end:
        if ended in out.state.situations:
            now = out.state.situations - {ended}
            out.emit(ev.SITUATION_ENDED, seat, {"situation": ended, "action": action_id,
                                                "situations": state.rules.in_force(now)})
    set_ = [f for f in eff.set_flags if f not in out.state.flags]
    clear = [f for f in eff.clear_flags if f in out.state.flags]
    if set_ or clear:
        out.emit(ev.FLAGS_CHANGED, seat, {"set": set_, "cleared": clear, "source": action_id}, to=())
    for key, obl in list(out.state.obligations.items()):
        if obl.status != "met" and action_id in state.rules.obligations[obl.obligation].discharged_by:
            late = out.at > obl.due_at
            out.emit(ev.OBLIGATION_MET, seat, {"key": key, "obligation": obl.obligation, "action": action_id,
                                              "late": late}, to=obl.owed_by)
    for obl_id in eff.obligations:
        obligation = state.rules.obligations[obl_id]
        n = sum(1 for o in out.state.obligations.values() if o.obligation == obl_id) + 1
        owed = tuple(s for s in state.scenario.seats if s in obligation.owed_by)
        out.emit(ev.OBLIGATION_DUE, seat, {"key": f"{obl_id}#{n}", "obligation": obl_id, "owed_by": list(obligation.owed_by),
                                          "due_at": out.at + obligation.due, "action": action_id}, to=owed)


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
    c.Observation: _observation, c.Join: _join, c.Leave: _leave, c.Tick: _tick,
}


# -- scheduler --------------------------------------------------------------------

def _said(text: Text | None) -> str | dict[str, str] | None:
    """A sender or method as logged: the plain English string when the scenario gives no Japanese
    (the bytes logs have always held), `{en, ja}` when it does."""
    if text is None or not text.ja:
        return None if text is None else text.en
    return text.both()


def release(out: _Out, inject_id: str, actor: str, at: float | None = None) -> None:
    inj = out.state.plan.injects[inject_id]
    seats = audience(inj.to, list(out.state.scenario.seats))
    out.emit(ev.INJECT_RELEASED, actor, {
        "inject": inj.id, "title": inj.title.both(), "body": inj.body.both(), "from": _said(inj.from_),
        "method": _said(inj.method), "to": seats, "decisions": [d.id for d in inj.decisions],
    }, to=tuple(seats), at=at)
    at = out.state.last_at
    if inj.set_flags or inj.clear_flags:
        set_ = [f for f in inj.set_flags if f not in out.state.flags]
        clear = [f for f in inj.clear_flags if f in out.state.flags]
        if set_ or clear:
            out.emit(ev.FLAGS_CHANGED, "system", {"set": set_, "cleared": clear, "source": inj.id}, to=(), at=at)
    for d in inj.decisions:
        out.emit(ev.DECISION_OPENED, "system", {
            "decision": d.id, "inject": inj.id, "to": d.to, "prompt": d.prompt.both(),
            "options": [{"id": o.id, "label": o.label.both(), "action": o.action} for o in d.options],
            "deadline_at": None if d.deadline is None else at + d.deadline,
            "on_timeout": d.on_timeout,
        }, to=(d.to,), at=at)


def skip(out: _Out, inject_id: str, actor: str, reason: str, at: float | None = None) -> None:
    """Skip an inject, and every pending inject chained after it (`after`): with their parent
    never released they would have no time to fall due, and would wait for ever."""
    todo = [(inject_id, actor, reason)]
    while todo:
        key, who, why = todo.pop(0)
        e = out.emit(ev.INJECT_SKIPPED, who, {"inject": key, "reason": why}, to=(), at=at)
        at = e.at
        todo += [(child, "system", f"follows {key}, which was skipped")
                 for child in out.state.plan.children.get(key, ()) if out.state.inject(child).status == "pending"]


def due_at(state: State, inject_id: str) -> float | None:
    """Scenario time at which an inject falls due, or None if it has no time yet."""
    inj = state.plan.injects[inject_id]
    if inj.manual:
        return None
    if inj.at is not None:
        return float(inj.at)
    parent = state.inject(inj.after.inject)
    if parent.status != "released" or parent.released_at is None:
        return None
    return parent.released_at + inj.after.delay


def condition(state: State, inject_id: str) -> bool | None:
    """True if the inject's `when` holds, False if it never can, None if not yet known."""
    w = state.plan.injects[inject_id].when
    if w is None:
        return True
    verdicts: list[bool | None] = []
    if w.decision is not None:
        d = state.decision(w.decision)
        if d.status in ("resolved", "timed_out"):
            verdicts.append(True if w.option is None else d.option == w.option)
        else:
            owner, _ = state.plan.decisions[w.decision]
            verdicts.append(False if state.inject(owner.id).status == "skipped" else None)
    if w.situation is not None:
        verdicts.append(True if w.situation in state.in_force() else None)
    if w.flag is not None:
        verdicts.append(True if w.flag in state.flags else None)
    if w.not_flag is not None:
        verdicts.append(True if w.not_flag not in state.flags else None)
    if False in verdicts:
        return False
    if None in verdicts:
        return None
    return True


def schedule(out: _Out) -> None:
    """Release what is due, time out decisions and mark obligations overdue, up to now.

    Items are handled earliest first, each stamped with the scenario time it fell
    due (not the moment the scheduler ran), so chains keep their spacing however
    late a tick comes."""
    if out.state.phase != "running":
        return
    while True:
        item = _earliest_due(out.state, out.at)
        if item is None:
            return
        when, kind, key = item
        state = out.state
        if kind == "inject":
            if condition(state, key):
                release(out, key, "system", at=when)
            else:
                skip(out, key, "system", "condition can no longer hold", at=when)
        elif kind == "decision":
            _, decision = state.plan.decisions[key]
            out.emit(ev.DECISION_TIMED_OUT, "system", {"decision": key, "option": decision.on_timeout},
                     to=_side_seats(state, decision.to), at=when)
        else:
            o = state.obligations[key]
            out.emit(ev.OBLIGATION_OVERDUE, "system", {"key": key, "obligation": o.obligation}, to=o.owed_by, at=when)


def _due_items(state: State, now: float | None = None):
    """(time, kind, key) for what the scheduler will act on once its time comes.

    With `now`, only what is due by then. Timed injects are read from the plan's
    timetable from the state's cursor; chained injects come from `armed`."""
    if state.scenario.clock.mode != "manual":
        timed = state.plan.timed
        for i in range(state.cursor, len(timed)):
            at, key = timed[i]
            if state.inject(key).status != "pending":
                continue
            if condition(state, key) is None:
                continue  # waits for its condition; does not stop later injects
            yield (at, "inject", key)
            break  # the timetable is sorted: the first pending one is the earliest
        for key, due in state.armed.items():
            if condition(state, key) is not None:
                yield (due, "inject", key)
    for key, deadline in state.deadlines.items():
        yield (deadline, "decision", key)
    for key, o in state.obligations.items():
        if o.status == "due":
            yield (o.due_at, "obligation", key)


def _earliest_due(state: State, now: float):
    best = None
    for item in _due_items(state):
        if item[0] <= now + EPS and (best is None or (item[0], _rank(state, item)) < (best[0], _rank(state, best))):
            best = item
    if best is None:
        return None
    return (max(best[0], state.last_at), best[1], best[2])


def _rank(state: State, item) -> int:
    return state.plan.order.get(item[2], 0) if item[1] == "inject" else 1_000_000


def next_due(state: State) -> float | None:
    """The next scenario time at which the scheduler has something to do."""
    if state.phase != "running":
        return None
    return min((item[0] for item in _due_items(state)), default=None)


# Everything of the state that `next_due` reads (through `_due_items` and `condition`), and the
# clock that turns its answer into wall time; the scenario, pack and plan never change.
SCHEDULE_FIELDS = ("phase", "clock", "cursor", "injects", "armed", "deadlines", "obligations", "decisions",
                   "situations", "flags")


def same_schedule(a: State, b: State) -> bool:
    """True when `b` holds the very objects `a` does for each of SCHEDULE_FIELDS, so that the next
    due time and its wall time are the same (most moves change none of them). False means they
    may differ. (Written out: it runs after every command.)"""
    return (a.injects is b.injects and a.decisions is b.decisions and a.armed is b.armed
            and a.deadlines is b.deadlines and a.obligations is b.obligations and a.cursor is b.cursor
            and a.clock is b.clock and a.phase is b.phase and a.situations is b.situations and a.flags is b.flags)


# -- evolve -----------------------------------------------------------------------

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
    return dict(decisions=with_item(s.decisions, key, DecisionState("open", opened_at=e.at, deadline_at=deadline)),
                deadlines=s.deadlines if deadline is None else with_item(s.deadlines, key, deadline))


def _e_resolved(s: State, e: Event) -> Changes:
    key = e.payload.decision
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(
        s.decision(key), status="resolved", option=e.payload.option, by=e.actor, resolved_at=e.at)),
        deadlines=without(s.deadlines, key) if key in s.deadlines else s.deadlines)


def _e_timed_out(s: State, e: Event) -> Changes:
    key = e.payload.decision
    return dict(decisions=with_item(s.decisions, key, dataclasses.replace(
        s.decision(key), status="timed_out", option=e.payload.option, resolved_at=e.at)),
        deadlines=without(s.deadlines, key))


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
    ev.EXERCISE_ENDED: _e_ended, ev.FORKED: _e_forked,
}


def replay(state: State, events) -> State:
    for e in events:
        state = evolve(state, e)
    return state
