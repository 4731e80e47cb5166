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

