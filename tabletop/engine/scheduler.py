"""The scheduler: what falls due on the scenario clock (injects, decision deadlines,
obligations), released or timed out in order, each stamped with the time it fell due."""

from __future__ import annotations

from tabletop.engine import events as ev
from tabletop.engine.out import EPS, _Out, side_seats as _side_seats
from tabletop.engine.state import State
from tabletop.scenario.loader import audience
from tabletop.text import Text

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
        data = {
            "decision": d.id, "inject": inj.id, "to": d.to, "prompt": d.prompt.both(),
            "options": [{"id": o.id, "label": o.label.both(), "action": o.action} for o in d.options],
            "deadline_at": None if d.deadline is None else at + d.deadline,
            "on_timeout": d.on_timeout,
        }
        if d.real_deadline is not None:  # wall seconds of play, as scenario time at the pace in force
            data.update(real_deadline=d.real_deadline, deadline_at=at + d.real_deadline * out.state.clock.speed)
        if d.joint:
            data.update(seats=list(d.deciders), rule=d.rule)
        out.emit(ev.DECISION_OPENED, "system", data, to=tuple(d.deciders), at=at)


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
    """Release what is due, time out decisions and mark obligations overdue, up to now; begin the
    phases the clock reaches, and jump to the next phase once nothing is open or due before it.

    Items are handled earliest first, each stamped with the scenario time it fell
    due (not the moment the scheduler ran), so chains keep their spacing however
    late a tick comes."""
    if out.state.phase != "running":
        return
    while True:
        item = _earliest_due(out.state, out.at)
        if item is not None:
            _handle(out, item)
        elif not _auto_jump(out):
            return


def _handle(out: _Out, item: tuple[float, str, str]) -> None:
    when, kind, key = item
    state = out.state
    if kind == "inject":
        if condition(state, key):
            release(out, key, "system", at=when)
        else:
            skip(out, key, "system", "condition can no longer hold", at=when)
    elif kind == "decision":
        _, decision = state.plan.decisions[key]
        to = state.plan.audiences[key] if decision.joint else _side_seats(state, decision.to)
        out.emit(ev.DECISION_TIMED_OUT, "system", {"decision": key, "option": decision.on_timeout}, to=to, at=when)
    elif kind == "phase":
        begin_phase(out, key, at=when)
    else:
        o = state.obligations[key]
        out.emit(ev.OBLIGATION_OVERDUE, "system", {"key": key, "obligation": o.obligation}, to=o.owed_by, at=when)


# -- phases (format tabletop/2) -------------------------------------------------------

def next_phase(state: State):
    phases = state.scenario.phases
    return phases[state.stage + 1] if state.stage + 1 < len(phases) else None


def begin_phase(out: _Out, phase_id: str, at: float, jumped_from: float | None = None, by: str = "schedule") -> None:
    """A phase begins (the clock reached it, or jumped to it): its pace takes over, and the
    real-time decision windows keep the wall-clock time they had left."""
    state = out.state
    phase = next(p for p in state.scenario.phases if p.id == phase_id)
    old_speed, from_at = state.clock.speed, at if jumped_from is None else jumped_from
    data = {"phase": phase.id, "speed": phase.speed}
    if jumped_from is not None:
        data.update(jumped_from=jumped_from, by=by)
    out.emit(ev.PHASE_BEGAN, "control" if by == "control" else "system", data, at=at)
    keep_windows(out, from_at, at, old_speed)


def keep_windows(out: _Out, from_at: float, to_at: float, old_speed: float) -> None:
    """Real-time decision windows across a change of pace or a jump: the wall time each had left
    at `from_at` is what it has from `to_at`, at the new pace."""
    state = out.state
    new_speed = state.clock.speed
    if from_at == to_at and new_speed == old_speed:
        return
    for key in sorted(state.real):
        old = state.deadlines.get(key)
        if old is None:
            continue
        moved = round(to_at + max(0.0, old - from_at) * new_speed / old_speed, 3)
        out.emit(ev.DEADLINE_MOVED, "system", {"decision": key, "deadline_at": moved},
                 to=state.plan.audiences[key], at=to_at)


def jump(out: _Out, by: str = "schedule") -> None:
    """Jump the scenario clock to the next phase. What falls due on the way happens at its own
    time first (an obligation falls overdue; a control jump also releases the injects it passes),
    except the real-time decision windows, which move with the jump."""
    phase = next_phase(out.state)
    start = out.at
    while True:
        item = _earliest_due(out.state, phase.at, skip=lambda it: it[1] == "phase"
                             or (it[1] == "decision" and it[2] in out.state.real) or it[0] >= phase.at - EPS)
        if item is None:
            break
        _handle(out, item)
    begin_phase(out, phase.id, at=float(phase.at), jumped_from=start, by=by)


def _auto_jump(out: _Out) -> bool:
    """Jump if the next phase asks for it and nothing is open, or due before it but obligations."""
    state = out.state
    phase = next_phase(state)
    if phase is None or not phase.jump or phase.at <= out.at + EPS or state.open_decisions():
        return False
    if any(kind in ("inject", "decision") and when < phase.at - EPS for when, kind, _ in _due_items(state)):
        return False
    jump(out)
    return True


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
    phase = next_phase(state)
    if phase is not None:
        yield (float(phase.at), "phase", phase.id)


def _earliest_due(state: State, now: float, skip=None):
    best = None
    for item in _due_items(state):
        if skip is not None and skip(item):
            continue
        if item[0] <= now + EPS and (best is None or (item[0], _rank(state, item)) < (best[0], _rank(state, best))):
            best = item
    if best is None:
        return None
    return (max(best[0], state.last_at), best[1], best[2])


def _rank(state: State, item) -> int:
    """Among items due at the same moment: a phase begins first, then injects in file order."""
    if item[1] == "phase":
        return -1
    return state.plan.order.get(item[2], 0) if item[1] == "inject" else 1_000_000


def next_due(state: State) -> float | None:
    """The next scenario time at which the scheduler has something to do."""
    if state.phase != "running":
        return None
    return min((item[0] for item in _due_items(state)), default=None)


# Everything of the state that `next_due` reads (through `_due_items` and `condition`), and the
# clock that turns its answer into wall time; the scenario, pack and plan never change.
SCHEDULE_FIELDS = ("phase", "clock", "cursor", "injects", "armed", "deadlines", "obligations", "decisions",
                   "situations", "flags", "stage")


def same_schedule(a: State, b: State) -> bool:
    """True when `b` holds the very objects `a` does for each of SCHEDULE_FIELDS, so that the next
    due time and its wall time are the same (most moves change none of them). False means they
    may differ. (Written out: it runs after every command.)"""
    return (a.injects is b.injects and a.decisions is b.decisions and a.armed is b.armed
            and a.deadlines is b.deadlines and a.obligations is b.obligations and a.cursor is b.cursor
            and a.clock is b.clock and a.phase is b.phase and a.situations is b.situations and a.flags is b.flags
            and a.stage == b.stage)

